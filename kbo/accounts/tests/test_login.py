"""The sign-in page tells an attacker nothing, rotates the session, and stays on this site."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher, get_hashers
from django.contrib.sessions.models import Session
from django.urls import reverse

from kbo.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting the passwords it hashes."""

    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password, **extra})


def refusal(response):
    """(status, error codes, error messages) of a refused sign-in."""
    errors = response.context["form"].errors.as_data()["__all__"]
    return response.status_code, [error.code for error in errors], response.context["form"].non_field_errors()


def test_unknown_username_wrong_password_and_inactive_account_get_the_same_answer(client):
    UserFactory(username="somchai")
    UserFactory(username="retired", is_active=False)
    wrong_password = refusal(log_in(client, "somchai", "wrong"))
    assert wrong_password[:2] == (200, ["invalid_login"])
    assert refusal(log_in(client, "nobody", "wrong")) == wrong_password
    assert refusal(log_in(client, "retired")) == wrong_password


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    return type(get_hashers()[0])


def test_an_unknown_username_costs_the_same_password_hashing_as_a_known_one(client, counting_hasher):
    """Timing: Django hashes the password for an unknown username too, so the answer takes as long."""
    UserFactory(username="somchai")
    UserFactory(username="retired", is_active=False)
    hashed = {}
    for username in ["somchai", "nobody", "retired"]:
        counting_hasher.calls = 0
        log_in(client, username, "wrong")
        hashed[username] = counting_hasher.calls
    assert hashed == {"somchai": 1, "nobody": 1, "retired": 1}


def test_signing_in_rotates_the_session_and_the_csrf_token(client):
    UserFactory(username="somchai")
    client.get(reverse("login"))
    csrf_before = client.cookies["csrftoken"].value
    anonymous_session = client.session
    anonymous_session["seen"] = True
    anonymous_session.save()

    assert log_in(client, "somchai").status_code == 302
    assert client.cookies["sessionid"].value != anonymous_session.session_key
    assert not Session.objects.filter(session_key=anonymous_session.session_key).exists()
    assert client.cookies["csrftoken"].value != csrf_before


def test_logging_out_is_a_post_and_ends_the_session(client):
    UserFactory(username="somchai")
    log_in(client, "somchai")
    key = client.cookies["sessionid"].value
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).url == reverse("login")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_session_lasts_twelve_hours(client):
    UserFactory(username="somchai")
    log_in(client, "somchai")
    assert client.cookies["sessionid"]["max-age"] == 12 * 60 * 60


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example", "/\\evil.example", "https:/evil.example", "javascript:alert(1)"],
)
def test_an_off_site_next_lands_on_home(client, next_url):
    UserFactory(username="somchai")
    response = log_in(client, "somchai", next=next_url)
    assert response.status_code == 302 and response.url == reverse("home")


def test_an_on_site_next_is_followed(client):
    UserFactory(username="somchai")
    response = log_in(client, "somchai", next="/contests/mine/?tab=open")
    assert response.status_code == 302 and response.url == "/contests/mine/?tab=open"


def test_the_login_page_offers_a_password_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
