"""Sign-in throttling (django-axes): per username and address together, with a finite cool-off."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse

from kbo.accounts.tests.factories import PASSWORD, UserFactory
from kbo.accounts.throttling import client_ip

pytestmark = pytest.mark.django_db

VENUE, HOME = "203.0.113.7", "198.51.100.20"  # the meeting venue's Wi-Fi, a member's home
LOCKED = (
    "Too many failed attempts to log in with this username from your network. Wait 15 minutes, then try again."
)


def english_client():
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def log_in(client, username, password=PASSWORD, address=VENUE, path=None):
    return client.post(path or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times=5, address=VENUE):
    for _ in range(times):
        response = log_in(client, username, "wrong", address)
    return response


def errors(response):
    return response.context["form"].non_field_errors()


def signed_in(client):
    return "_auth_user_id" in client.session


def test_the_fifth_wrong_password_locks_that_username_at_that_address_only(db):
    UserFactory(username="somchai")
    UserFactory(username="somsri")
    client = english_client()
    assert fail(client, "somchai", times=4).status_code == 200
    fifth = fail(client, "somchai", times=1)
    assert fifth.status_code == 429
    assert errors(fifth) == [LOCKED]
    assert '<form method="post"' in fifth.content.decode()  # the sign-in page, not a bare refusal

    right_password = log_in(client, "somchai")
    assert right_password.status_code == 429 and errors(right_password) == [LOCKED]
    assert not signed_in(client)

    at_home = Client()
    assert log_in(at_home, "somchai", address=HOME).url == reverse("home")
    assert signed_in(at_home)
    neighbour = Client()  # another member on the venue's Wi-Fi
    assert log_in(neighbour, "somsri").url == reverse("home")
    assert signed_in(neighbour)


def test_the_lock_lifts_after_the_cool_off_and_a_try_during_it_starts_the_wait_again(db):
    UserFactory(username="somchai")
    client = english_client()
    fail(client, "somchai")

    def wait(minutes):  # moves the recorded failures into the past, as the clock would
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))

    wait(14)
    assert log_in(client, "somchai").status_code == 429
    wait(14)
    assert log_in(client, "somchai").status_code == 429  # 14 minutes after the last try
    wait(15)
    assert log_in(client, "somchai").url == reverse("home")
    assert signed_in(client)


def test_a_success_before_the_limit_starts_the_count_again(db):
    UserFactory(username="somchai")
    client = Client()
    fail(client, "somchai", times=4)
    assert log_in(client, "somchai").status_code == 302
    client.post(reverse("logout"))
    assert fail(client, "somchai", times=4).status_code == 200
    assert log_in(client, "somchai").status_code == 302


def test_an_unknown_username_is_locked_out_with_the_same_message(db):
    UserFactory(username="somchai")
    known, unknown = fail(english_client(), "somchai"), fail(english_client(), "nobody")
    assert (unknown.status_code, errors(unknown)) == (known.status_code, errors(known)) == (429, [LOCKED])


def test_the_lockout_message_is_in_thai_by_default(db):
    response = fail(Client(), "nobody")
    assert response.headers["Content-Language"] == "th"
    assert "15" in errors(response)[0]


def test_the_admin_has_no_sign_in_of_its_own_to_bypass_the_lock(db):
    UserFactory(username="national", is_national_admin=True)
    client = english_client()
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=/admin/"
    fail(client, "national")

    # The admin's login URL signs nobody in: it sends everyone to the one sign-in page.
    response = log_in(client, "national", path=reverse("admin:login"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not signed_in(client)
    response = client.post(
        f"{reverse('login')}?next=/admin/", {"username": "national", "password": PASSWORD}, REMOTE_ADDR=VENUE
    )
    assert response.status_code == 429 and errors(response) == [LOCKED]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "192.0.2.1", "10.0.0.1"),  # no proxy is trusted: the header is the client's own
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.1"),  # fewer entries than proxies: not through them, use the peer
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_phones_behind_one_proxy_are_counted_apart(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="somchai")
    client = Client()
    for _ in range(5):
        client.post(reverse("login"), {"username": "somchai", "password": "wrong"}, HTTP_X_FORWARDED_FOR=VENUE)
    response = client.post(reverse("login"), {"username": "somchai", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=HOME)
    assert response.status_code == 302
