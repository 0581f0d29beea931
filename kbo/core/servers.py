"""Real servers on 127.0.0.1 for the tests, the benchmarks and the drill: an SMTP sink (aiosmtpd),
a fake LINE Messaging API, a Redis of the caller's own, and Celery workers in their own processes."""

import asyncio
import email
import email.policy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def postgres_url():
    """The database Django is using, as a DATABASE_URL for worker processes; None on SQLite (a
    test database in memory cannot be shared with another process)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return None
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=60, interval=0.1, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {message}")


class SmtpSink:
    """Accepts mail on 127.0.0.1 and keeps every message it acknowledged. While `stall` is set it
    holds each message without answering, then refuses it (451): a delivery the sender never
    completed is not kept."""

    def __init__(self):
        self.messages = []
        self.stall = threading.Event()
        self.release = threading.Event()
        self.stalled = threading.Event()  # a message is being held
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):
        if self.stall.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    @property
    def port(self):
        return self.controller.port

    def settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False, "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "",
        }

    def environment(self):
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port), "EMAIL_USE_TLS": "0"}

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.controller.stop()


class FakeLine:
    """LINE's Messaging API push endpoint on 127.0.0.1: records each request and answers with the
    next of `statuses` (200 once they run out)."""

    def __init__(self, statuses=()):
        self.requests = []
        self.statuses = list(statuses)
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                sink.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(body)})
                status = sink.statuses.pop(0) if sink.statuses else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}" if status == 200 else b'{"message": "refused by the fake"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class RedisServer:
    """A redis-server of the test's own on a spare port (never the shared one), without persistence:
    stopping it loses whatever was queued, as a crash would."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, timeout=20, message=f"redis on port {self.port}")
        return self

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Worker:
    """`celery worker` (with `beat` when asked) in its own process, on the test database."""

    def __init__(self, environment, log_dir, *, beat=False, concurrency=2, name="kbo-test"):
        self.environment = {**os.environ, **environment}
        self.log_dir = Path(log_dir)
        self.arguments = [
            sys.executable, "-m", "celery", "-A", "kbo", "worker", f"--concurrency={concurrency}",
            "--pool=prefork", "--without-gossip", "--without-mingle", "--loglevel=INFO", "-n", f"{name}@%h",
        ]
        if beat:
            self.arguments.append("--beat")
        self.process = None
        self.log = None

    def start(self):
        self.log = open(self.log_dir / f"worker-{time.monotonic_ns()}.log", "w+")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            self.arguments, cwd=ROOT, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def kill(self):
        """SIGKILL to the worker and its pool processes: a crash, nothing is cleaned up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()
