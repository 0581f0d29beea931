"""Two-step sign-in (TOTP): setting it up, signing in with it, and the admin site's rule.

Codes are computed from the device's key as an authenticator app would (django_otp.oath.totp).
A device refuses a code of a time step it has already accepted, so a second code in one test
is the next step's (`ahead=1`, within the device's tolerance of one step).
"""

import re

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kbo.accounts.tests.factories import PASSWORD
from kbo.accounts.views import PENDING_KEY

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>")


def code(device, ahead=0):
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"


def wrong(device):
    return f"{(int(code(device)) + 1) % 1_000_000:06d}"


def device_for(user):
    return TOTPDevice.objects.create(user=user, name="KBO", confirmed=True)


def verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


def signed_in(client):
    return "_auth_user_id" in client.session


def test_a_national_admin_turns_it_on_with_a_first_code(client, national_admin):
    client.force_login(national_admin)
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=national_admin)
    assert not device.confirmed
    assert "<svg" in html and page.context["secret"].replace(" ", "") in device.config_url
    assert not INLINE_SCRIPT.search(html) and " style=" not in html  # the CSP allows neither

    response = client.post(reverse("two_factor"), {"code": code(device)})
    assert response.url == reverse("two_factor")
    device.refresh_from_db()
    assert device.confirmed and verified(client)
    assert "Turn two-step sign-in off" in client.get(reverse("two_factor"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_wrong_code_does_not_turn_it_on_and_slows_the_next_try(client, national_admin):
    client.force_login(national_admin)
    client.cookies["django_language"] = "en"
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=national_admin)
    response = client.post(reverse("two_factor"), {"code": wrong(device)})
    assert response.context["form"].errors["code"] == ["This code is not right. Enter the 6-digit code your app shows now."]
    response = client.post(reverse("two_factor"), {"code": code(device)})
    assert response.context["form"].errors["code"] == [
        "Too many wrong codes in a row. Wait a minute, then enter the code your app shows."
    ]
    device.refresh_from_db()
    assert not device.confirmed and not verified(client)


def test_only_those_who_may_use_the_admin_set_it_up(client, committee_member):
    assert client.get(reverse("two_factor")).url.startswith(reverse("login"))
    client.force_login(committee_member)
    assert client.get(reverse("two_factor")).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_signing_in_asks_for_the_code_after_the_password(client, national_admin):
    device = device_for(national_admin)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "national", "password": PASSWORD, "next": "/admin/"})
    assert response.url == reverse("login_code")
    assert not signed_in(client)
    assert client.get(reverse("home")).status_code == 302

    response = client.post(reverse("login_code"), {"code": wrong(device)})
    assert response.status_code == 200 and not signed_in(client)
    device.throttle_reset()  # or wait a second

    pending_key = client.cookies["sessionid"].value
    response = client.post(reverse("login_code"), {"code": code(device)})
    assert response.url == "/admin/"
    assert signed_in(client) and verified(client)
    assert client.cookies["sessionid"].value != pending_key
    assert PENDING_KEY not in client.session
    assert client.get("/admin/").status_code == 200


def test_the_code_step_needs_a_recent_password(client, national_admin):
    device = device_for(national_admin)
    assert client.get(reverse("login_code")).url == reverse("login")
    client.post(reverse("login"), {"username": "national", "password": PASSWORD})
    session = client.session
    session[PENDING_KEY]["since"] -= 5 * 60
    session.save()
    assert client.post(reverse("login_code"), {"code": code(device)}).url == reverse("login")
    assert not signed_in(client) and PENDING_KEY not in client.session


def test_without_a_device_signing_in_is_one_step(client, national_admin):
    response = client.post(reverse("login"), {"username": "national", "password": PASSWORD})
    assert response.url == reverse("home") and signed_in(client) and not verified(client)


def test_the_admin_wants_a_verified_session_from_a_user_with_a_device(client, national_admin):
    device = device_for(national_admin)
    client.force_login(national_admin)  # a session from before two-step sign-in was on
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('two_factor')}?next=/admin/"
    response = client.post(f"{reverse('two_factor')}?next=/admin/", {"code": code(device), "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_refuses_a_signed_in_user_without_a_role(client, committee_member):
    client.force_login(committee_member)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_admin_require_2fa_sends_everyone_entering_the_admin_to_set_it_up(client, settings, ubon_officer):
    client.force_login(ubon_officer)
    assert client.get("/admin/").status_code == 200
    settings.ADMIN_REQUIRE_2FA = True
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('two_factor')}?next=/admin/"
    device = TOTPDevice.objects.get(user=ubon_officer, confirmed=False)
    response = client.post(reverse("two_factor"), {"code": code(device), "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_turning_it_off_needs_a_verified_session(client, national_admin):
    device = device_for(national_admin)
    assert client.post(reverse("two_factor_remove")).url.startswith(reverse("login"))
    client.force_login(national_admin)
    assert client.post(reverse("two_factor_remove")).status_code == 403
    client.post(reverse("two_factor"), {"code": code(device)})
    assert verified(client)
    assert client.get(reverse("two_factor_remove")).status_code == 405
    assert client.post(reverse("two_factor_remove")).url == reverse("two_factor")
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "national", "password": PASSWORD})
    assert response.url == reverse("home")


def test_an_off_site_next_after_the_code_lands_on_home(client, national_admin):
    device = device_for(national_admin)
    client.post(reverse("login"), {"username": "national", "password": PASSWORD, "next": "https://evil.example/"})
    assert client.post(reverse("login_code"), {"code": code(device)}).url == reverse("home")


def test_the_admins_login_url_sends_each_user_where_they_belong(client, national_admin, committee_member):
    login = reverse("admin:login")
    assert client.get(login).url == f"{reverse('login')}?next=/admin/"
    client.force_login(national_admin)
    assert client.get(login).url == reverse("admin:index")
    device_for(national_admin)
    assert client.get(f"{login}?next=/admin/accounts/").url == f"{reverse('two_factor')}?next=/admin/accounts/"
    client.force_login(committee_member)
    assert client.get(login).status_code == 403
