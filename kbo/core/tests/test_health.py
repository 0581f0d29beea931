import os

import pytest
from django.urls import reverse

from kbo.core.tasks import ping


def test_healthz_reports_the_database(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "not configured"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_reports_unreachable_redis_without_failing_the_web_app(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["redis"] == "error: ConnectionError"


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_healthz_reports_live_redis(client, db):
    assert client.get(reverse("healthz")).json()["redis"] == "ok"


def test_ping_task_body():
    assert ping() == "pong"
