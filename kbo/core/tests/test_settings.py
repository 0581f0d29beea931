"""Production refuses to start without a real secret key."""

import os
import subprocess
import sys

import pytest

CHECK = [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kbo.settings'); django.setup(); from django.conf import settings; print(settings.DEBUG)"]


def run_with(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(CHECK, env={**base, **env}, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    "env",
    [{}, {"DEBUG": "0"}, {"DEBUG": "false", "SECRET_KEY": "short"}, {"DEBUG": "0", "SECRET_KEY": "kbo-development-only-not-secret"}],
)
def test_debug_off_refuses_a_missing_or_default_secret_key(env):
    result = run_with(**env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_starts_with_a_real_key_and_debug_on_with_none():
    assert run_with(DEBUG="0", SECRET_KEY="x" * 50).stdout.strip() == "False"
    assert run_with(DEBUG="1").stdout.strip() == "True"


def test_thai_is_the_default_language(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
