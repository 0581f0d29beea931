"""What /healthz reports: the database, and Redis when it is configured."""

import redis
from django.conf import settings
from django.db import connection


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure is the state to report
        return f"error: {error.__class__.__name__}"


def redis_state():
    if not settings.REDIS_URL:
        return "not configured"
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=settings.REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=settings.REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
        return "ok"
    except redis.RedisError as error:
        return f"error: {error.__class__.__name__}"
    finally:
        client.close()


def health():
    """The state of each service, and whether the web app can serve (it needs only the database)."""
    state = {"database": database_state(), "redis": redis_state()}
    return state["database"] == "ok", state
