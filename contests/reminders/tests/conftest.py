import pytest
from django.conf import settings

from contests.reminders.tests.servers import FakeLine, SmtpSink


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend delivers to."""
    with SmtpSink() as sink:
        for name, value in sink.settings().items():
            setattr(settings, name, value)
        yield sink


@pytest.fixture
def line(settings):
    """LINE switched on, pointing at a fake Messaging API on 127.0.0.1."""
    with FakeLine() as fake:
        settings.LINE_CHANNEL_ACCESS_TOKEN = "test-channel-token"
        settings.LINE_API_URL = fake.url
        yield fake


def postgres_url():
    """The test database as a DATABASE_URL for worker processes (PostgreSQL only: SQLite's test
    database lives in this process's memory)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("A worker process shares the test database only on PostgreSQL")
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"
