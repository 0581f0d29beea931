import pytest

from kbo.core import servers
from kbo.core.servers import FakeLine, SmtpSink


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
    url = servers.postgres_url()
    if url is None:
        pytest.skip("A worker process shares the test database only on PostgreSQL")
    return url
