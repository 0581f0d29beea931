"""The ping task goes through the configured broker to a real worker process and back."""

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from kbo.core.tasks import ping

ROOT = Path(__file__).resolve().parents[3]


def ping_through_a_worker():
    queue = f"test-{uuid.uuid4().hex[:12]}"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kbo", "worker", "--pool=solo", "--queues", queue,
         "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert ping.apply_async(queue=queue).get(timeout=60) == "pong"
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="REDIS_URL is set: the Redis test covers the wiring")
def test_ping_through_a_worker_on_the_file_system_broker():
    assert settings.CELERY_BROKER_URL == "filesystem://"
    ping_through_a_worker()


@pytest.mark.services
@pytest.mark.skipif(not settings.REDIS_URL, reason="REDIS_URL is not set")
def test_ping_through_a_worker_on_redis():
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    ping_through_a_worker()
