"""The seeds' demo accounts have published passwords: refused on a production server (DEBUG off),
allowed on a development machine and under `make bench` (BENCHMARK)."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from contests.national_seed import BENCH_PASSWORD, BENCH_USERS, NationalSeed
from kbo.accounts.checks import demo_accounts_check
from kbo.accounts.models import User
from kbo.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(username, password=PASSWORD):
    return authenticate(RequestFactory().post(reverse("login")), username=username, password=password)


def test_a_demo_account_is_refused_with_debug_off_like_a_wrong_password(client, settings):
    settings.DEBUG = settings.BENCHMARK = False
    UserFactory(username="admin", is_demo=True)
    response = client.post(reverse("login"), {"username": "admin", "password": PASSWORD})
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["__all__"]] == ["invalid_login"]
    assert sign_in("admin") is None


@pytest.mark.parametrize("switch", ["DEBUG", "BENCHMARK"])
def test_a_demo_account_signs_in_on_a_development_machine_and_under_the_benchmark(settings, switch):
    setattr(settings, switch, True)
    UserFactory(username="admin", is_demo=True)
    assert sign_in("admin").username == "admin"


def test_a_demo_accounts_session_ends_when_debug_is_off(client, settings):
    client.force_login(UserFactory(username="admin", is_demo=True))
    settings.DEBUG = True
    assert client.get(reverse("home")).status_code == 200
    settings.DEBUG = False
    assert client.get(reverse("home")).status_code == 302


def test_the_benchmark_personas_are_demo_accounts(geography, settings):
    NationalSeed(provinces=["34"], groups=2, members=2).personas()
    assert set(User.objects.filter(is_demo=True).values_list("username", flat=True)) == set(BENCH_USERS)
    assert sign_in(BENCH_USERS[0], BENCH_PASSWORD) is None
    settings.BENCHMARK = True
    assert sign_in(BENCH_USERS[0], BENCH_PASSWORD).username == BENCH_USERS[0]


def test_check_deploy_warns_of_demo_accounts_with_debug_off(settings):
    UserFactory(username="member")
    assert demo_accounts_check(None) == []
    UserFactory(username="admin", is_demo=True)
    UserFactory(username="ubon", is_demo=True)
    [warning] = demo_accounts_check(None)
    assert warning.id == "accounts.W001"
    assert warning.msg == "The database holds 2 demo account(s) with a published password: admin, ubon."
    settings.DEBUG = True
    assert demo_accounts_check(None) == []


def test_check_deploy_on_a_database_without_tables(tmp_path):
    """As CI runs it: production settings, a database nobody has migrated."""
    env = {
        "PATH": "/usr/bin:/bin", "DEBUG": "0", "ALLOWED_HOSTS": "kbo.example.org", "KBO_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "a-check-deploy-test-key-0123456789abcdefghijklmnop",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert "accounts.W001" not in result.stderr and "Traceback" not in result.stderr, result.stderr
