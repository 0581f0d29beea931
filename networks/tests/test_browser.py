"""An officer keeps the committee register in a real browser."""

import pytest

from conftest import screenshot
from kbo.core.tests.test_browser import log_in
from networks.enums import CommitteeRole, PartnerKind, Sector
from networks.models import Committee, KnowledgePartner
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory

pytestmark = pytest.mark.browser

MEMBERS = [
    ("นาย", "ชลธี", "ยังตรง", "ผู้ว่าราชการจังหวัดอุบลราชธานี", "ศาลากลางจังหวัด", Sector.GOVERNMENT, CommitteeRole.CHAIR),
    ("นาง", "พรทิพย์", "ศรีสุข", "ประธานหอการค้า", "หอการค้าจังหวัดอุบลราชธานี", Sector.PRIVATE, CommitteeRole.VICE_CHAIR),
    ("นาย", "สมบัติ", "ใจงาม", "ประธาน", "สภาองค์กรชุมชน", Sector.CIVIL_SOCIETY, CommitteeRole.MEMBER),
    ("นาง", "บุญมี", "มีสุข", "ผู้แทนกลุ่มผู้ผลิต", "กลุ่มทอผ้าบ้านลาด", Sector.PEOPLE, CommitteeRole.MEMBER),
    ("ดร.", "วิชัย", "ปัญญาดี", "อาจารย์", "มหาวิทยาลัยอุบลราชธานี", Sector.PROVINCIAL_ORGANISATION, CommitteeRole.MEMBER),
    ("นางสาว", "กานดา", "ทองดี", "พัฒนาการจังหวัด", "สำนักงานพัฒนาชุมชนจังหวัด", Sector.GOVERNMENT, CommitteeRole.SECRETARY),
]


@pytest.fixture
def ubon_register(ubon_officer):
    network = NetworkFactory(province_id="34", name="เครือข่ายองค์ความรู้ KBO จังหวัดอุบลราชธานี", phone="045-244488")
    KnowledgePartner.objects.create(
        network=network, name="มหาวิทยาลัยอุบลราชธานี", kind=PartnerKind.EDUCATION, expertise="บรรจุภัณฑ์และมาตรฐาน"
    )
    committee = CommitteeFactory(network=network, fiscal_year=2565, order_number="1234/2565")
    for seat, (prefix, first, last, position, organisation, sector, role) in enumerate(MEMBERS, start=1):
        CommitteeMemberFactory(
            committee=committee, prefix=prefix, first_name=first, last_name=last, position=position,
            organisation=organisation, sector=sector, role=role, seat=seat, phone=f"08123456{seat:02d}",
        )
    return network


def test_officer_copies_last_years_committee_on_a_phone(phone, live_server, ubon_register):
    log_in(phone, live_server, "ubon")
    phone.goto(f"{live_server.url}/register/committees/")
    assert phone.locator("tbody tr").count() == 1
    screenshot(phone, "networks-committee-list")

    phone.click("tbody a:text-is('2565')")
    assert phone.locator("h1").inner_text().endswith("2565")
    assert phone.locator("#members tbody tr").count() == 6
    sector_counts = phone.locator("#composition [data-sector] .badge").all_inner_texts()
    assert sector_counts == ["2", "1", "1", "1", "1"]
    assert phone.locator(".composition-warning").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "networks-committee-detail")

    assert phone.input_value("#id_fiscal_year") == "2566"
    phone.click("#copy button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/register/committees/*/")
    new = Committee.objects.get(fiscal_year=2566)
    assert phone.url == f"{live_server.url}{new.get_absolute_url()}"
    assert phone.locator("h1").inner_text().endswith("2566")
    assert phone.locator("#members tbody tr").count() == 6
    assert new.members.count() == 6 and new.order_number == ""


def test_network_detail_on_the_office_computer(desktop, live_server, ubon_register):
    log_in(desktop, live_server, "ubon")
    desktop.goto(f"{live_server.url}{ubon_register.get_absolute_url()}")
    assert desktop.locator("h1").inner_text() == "เครือข่ายองค์ความรู้ KBO จังหวัดอุบลราชธานี"
    assert desktop.locator("#partners tbody tr").first.inner_text().startswith("มหาวิทยาลัยอุบลราชธานี")
    assert desktop.locator("#committees .list-group-item").count() == 1
    screenshot(desktop, "networks-network-detail")
