"""Real servers on 127.0.0.1 for the tests, the benchmarks and the drill: an SMTP sink (aiosmtpd),
a fake LINE Messaging API, a Redis and a PostgreSQL cluster of the caller's own, KBO under gunicorn,
and Celery workers in their own processes."""

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
import tempfile
import threading
import time
import urllib.request
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

    def freeze(self):
        """SIGSTOP: a hung server. The kernel still accepts connections on its port, but nothing is
        answered: only a client's own timeouts end its wait."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        """SIGCONT: the server answers again, starting with whatever was sent to it meanwhile."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)


class PostgresCluster:
    """A PostgreSQL cluster of the caller's own (never the shared server): `initdb` in a temporary
    directory, listening on a spare port of 127.0.0.1 only, trusting local connections, so that it can be
    stopped and restarted under load like a production server. PostgreSQL refuses to run as root: run
    as root, the cluster's files belong to the `postgres` OS user and its commands run as that user."""

    BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))

    def __init__(self):
        self.port = free_port()
        self.folder = None

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    @property
    def data(self):
        return self.folder / "data"

    def _run(self, program, *arguments):
        command = [str(self.BIN / program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if result.returncode:
            raise RuntimeError(f"{program} {' '.join(arguments)} failed: {result.stderr.strip()}")

    def start(self):
        self.folder = Path(tempfile.mkdtemp(prefix="kbo-postgres-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "--pgdata", str(self.data), "--username", "postgres", "--auth", "trust",
                  "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync")
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
        self._run("pg_ctl", "--pgdata", str(self.data), "--log", str(self.folder / "server.log"), "--options",
                  options, "--wait", "start")
        return self

    def create_database(self, name):
        self._run("createdb", "--host", "127.0.0.1", "--port", str(self.port), "--username", "postgres", name)
        return self.url(name)

    def restart(self):
        """`pg_ctl restart -m fast`: every connection is cut, the server checkpoints and comes back;
        returns once it accepts connections again."""
        self._run("pg_ctl", "--pgdata", str(self.data), "--log", str(self.folder / "server.log"), "--mode", "fast",
                  "--wait", "restart")

    def log(self):
        return (self.folder / "server.log").read_text(errors="replace")

    def stop(self):
        if self.folder is None:
            return
        try:
            self._run("pg_ctl", "--pgdata", str(self.data), "--mode", "immediate", "--wait", "stop")
        except RuntimeError:
            if (self.data / "postmaster.pid").exists():  # still running, not merely stopped already
                raise
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()


class Gunicorn:
    """KBO served by gunicorn with a configuration file (bench/gunicorn.conf.py: as production would run
    it) on a spare port of 127.0.0.1, in a session of its own, with the caller's environment; its output
    goes to `log_path`. Up once /healthz answers 200, that is once the database answers."""

    def __init__(self, environment, log_path, *, config, workers=None):
        self.environment = environment
        self.log_path = Path(log_path)
        self.port = free_port()
        self.arguments = [Path(sys.executable).parent / "gunicorn", "--config", config, "--bind", f"127.0.0.1:{self.port}"]
        if workers:
            self.arguments += ["--workers", str(workers)]
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                self.arguments, cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(self._answers, timeout=60, interval=0.2, message=f"gunicorn on port {self.port}")
        return self

    def _answers(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {self.process.returncode}; see {self.log_path}")
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


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
