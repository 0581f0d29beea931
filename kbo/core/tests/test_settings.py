"""Production refuses to start without a real secret key."""

import os
import secrets
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


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "kbo.example.org"}


def test_production_settings_pass_check_deploy():
    test_only = {"SECRET_KEY", "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
                 "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in test_only}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **PRODUCTION}, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_refuses_to_serve_a_public_host_name():
    result = run_with(DEBUG="1", ALLOWED_HOSTS="127.0.0.1,kbo.example.org")
    assert result.returncode != 0
    assert "DEBUG is for a development machine" in result.stderr
    assert "kbo.example.org" in result.stderr
    assert run_with(DEBUG="1", ALLOWED_HOSTS="localhost,127.0.0.1,[::1]").stdout.strip() == "True"


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/accounts/login/")
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == policy["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_errors_show_kbos_own_pages_never_debug_details(client, settings, db):
    assert settings.DEBUG is False  # as in production
    response = client.get("/no-such-page/", headers={"accept-language": "en"})
    assert response.status_code == 404
    content = response.content.decode()
    assert "There is no such page" in content and "Traceback" not in content and "urlpatterns" not in content.lower()
