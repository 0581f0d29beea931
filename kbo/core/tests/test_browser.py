"""The base UI in a real browser on a phone-sized screen."""

import pytest

from kbo.accounts.tests.factories import PASSWORD
from networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.browser


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]:has-text('เข้าสู่ระบบ')")
    page.wait_for_url(f"{live_server.url}/")


def test_officer_logs_in_on_a_phone_and_switches_to_english(phone, live_server, ubon_officer):
    NetworkFactory(province_id="34", name="เครือข่ายองค์ความรู้ KBO จังหวัดอุบลราชธานี")
    log_in(phone, live_server, "ubon")
    assert phone.locator("html").get_attribute("lang") == "th"
    assert phone.locator("h1").inner_text().startswith("ยินดีต้อนรับ")
    assert phone.locator(".card-title").first.inner_text() == "เครือข่ายองค์ความรู้ KBO จังหวัดอุบลราชธานี"
    # The page fits the phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # Sarabun is served from static/ and used.
    assert phone.evaluate("document.fonts.check('16px Sarabun')")

    phone.click(".navbar-toggler")
    phone.click("button[name=language][value=en]")
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text().startswith("Welcome")


def test_committee_member_sees_their_committee_and_no_admin_link(phone, live_server, committee_member):
    log_in(phone, live_server, "member")
    phone.click(".navbar-toggler")
    assert phone.locator("a.nav-link", has_text="ทะเบียน").count() == 0
    assert "ปีงบประมาณ 2565" in phone.locator(".card-title").first.inner_text()
