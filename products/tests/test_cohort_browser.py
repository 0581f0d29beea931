"""An Ubon officer runs the FY 2565 development programme from a phone."""

import datetime
from decimal import Decimal

import pytest

from conftest import screenshot
from kbo.core.tests.test_browser import log_in
from products.models import Attendance, Enrollment
from products.tests.factories import CohortFactory, ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.browser

GROUP = "กลุ่มทอผ้าไหมบ้านโนนสว่าง"


def in_english(page):
    page.click(".navbar-toggler")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()


def save(page):
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_officer_enrols_a_group_names_trainees_and_takes_attendance(phone, desktop, live_server, ubon_officer):
    cohort = CohortFactory(
        contractor="มหาวิทยาลัยอุบลราชธานี", procurement_method="e_bidding", budget=Decimal("450000.00"),
        contract_number="12/2565", contract_date=datetime.date(2022, 1, 14),
    )
    ProductFactory(group=ProducerGroupFactory(name=GROUP), name="ผ้าไหมลายขิด")
    log_in(phone, live_server, "ubon")
    in_english(phone)

    phone.goto(f"{live_server.url}/register/cohorts/")
    assert phone.locator("tbody tr").count() == 1
    screenshot(phone, "cohorts-list")
    phone.click("tbody a:has-text('2565')")
    assert phone.locator("h1").inner_text() == "Ubon Ratchathani cohort, FY 2565"
    assert phone.locator("#cohort-contract dd").all_inner_texts() == [
        "มหาวิทยาลัยอุบลราชธานี", "Electronic bidding (e-bidding)", "12/2565", "Jan. 14, 2565", "450,000.00 baht", "2",
    ]

    phone.click("a:has-text('Enrol a group')")
    phone.select_option("#id_group", label=GROUP)
    phone.select_option("#id_product", label=f"ผ้าไหมลายขิด ({GROUP})")
    save(phone)
    assert phone.locator(".alert-success").inner_text() == "Saved."
    enrollment = Enrollment.objects.get()
    assert phone.locator(f"#enrollment-{enrollment.pk} h3").inner_text() == GROUP

    for name in ("นางสมศรี ใจดี", "นางสาวมาลี ทองดี", "นายเกินมา หนึ่งคน"):
        phone.click(f"#enrollment-{enrollment.pk} a:has-text('Add a trainee')")
        phone.fill("#id_name", name)
        save(phone)
    assert phone.locator(".alert-danger, .alert-block").first.inner_text().strip() == (
        f"{GROUP} already has 2 trainees, the most this cohort allows per group."
    )
    assert phone.input_value("#id_name") == "นายเกินมา หนึ่งคน"
    phone.click("a:has-text('Cancel')")
    assert phone.locator(f"#enrollment-{enrollment.pk} .trainee .me-auto").all_inner_texts() == [
        "นางสมศรี ใจดี", "นางสาวมาลี ทองดี",
    ]

    phone.click("a:has-text('Add a session')")
    phone.fill("#id_date", "15/03/2565")
    phone.fill("#id_topic", "การออกแบบบรรจุภัณฑ์")
    save(phone)
    phone.get_by_label(f"นางสมศรี ใจดี ({GROUP})").check()
    screenshot(phone, "cohorts-attendance")
    save(phone)
    assert phone.locator(".alert-success").inner_text() == "Attendance saved."
    assert sorted(Attendance.objects.values_list("trainee__name", "present")) == [
        ("นางสมศรี ใจดี", True), ("นางสาวมาลี ทองดี", False),
    ]
    assert phone.locator(f"#enrollment-{enrollment.pk} .attended").all_inner_texts() == ["1/1 sessions", "0/1 sessions"]
    assert phone.locator("#sessions tbody td").all_inner_texts() == ["03/15/2565", "การออกแบบบรรจุภัณฑ์", "1/2"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "cohorts-detail")

    log_in(desktop, live_server, "ubon")
    desktop.goto(f"{live_server.url}{cohort.get_absolute_url()}")
    assert desktop.locator("#cohort-progress li").count() == 3
    screenshot(desktop, "cohorts-detail-desktop")
