"""The network register's pages, as each persona meets them."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kbo.accounts.tests.factories import UserFactory
from networks.enums import CommitteeRole, PartnerKind, Sector
from networks.models import Committee, CommitteeMember, KnowledgePartner, Network
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory

UBON, CHACHOENGSAO = "34", "24"


@pytest.fixture
def client(client, settings):
    """Pages in English: the Thai catalogue is someone else's work."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def ubon(ubon_committee):
    """Ubon's network with one partner and a committee of one chair."""
    network = ubon_committee.network
    partner = KnowledgePartner.objects.create(
        network=network, name="มหาวิทยาลัยอุบลราชธานี", kind=PartnerKind.EDUCATION
    )
    member = CommitteeMemberFactory(committee=ubon_committee, role=CommitteeRole.CHAIR, seat=1)
    return {"network": network, "partner": partner, "committee": ubon_committee, "member": member}


def url_for(name, objects):
    argument = {
        "network_detail": "network", "network_update": "network", "partner_create": "network",
        "partner_update": "partner", "partner_delete": "partner",
        "committee_detail": "committee", "committee_update": "committee", "committee_copy": "committee",
        "committee_members_xlsx": "committee", "member_create": "committee",
        "member_update": "member", "member_delete": "member",
    }.get(name)
    args = [objects[argument].pk] if argument else []
    return reverse(f"networks:{name}", args=args)


LIST_AND_CREATE_PAGES = ["network_list", "network_create", "partner_list", "committee_list", "committee_create"]
OBJECT_PAGES = [
    "network_detail", "network_update", "partner_create", "partner_update", "partner_delete",
    "committee_detail", "committee_update", "committee_members_xlsx", "member_create", "member_update",
    "member_delete",
]


# Permissions

@pytest.mark.permissions
@pytest.mark.parametrize("name", LIST_AND_CREATE_PAGES + OBJECT_PAGES)
def test_each_page_for_each_persona(client, ubon, name, committee_member, chachoengsao_officer, ubon_officer, national_admin):
    url = url_for(name, ubon)
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
    client.force_login(committee_member)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="plain"))
    assert client.get(url).status_code == 403
    client.force_login(chachoengsao_officer)
    assert client.get(url).status_code == (404 if name in OBJECT_PAGES else 200)
    client.force_login(ubon_officer)
    assert client.get(url).status_code == 200
    client.force_login(national_admin)
    assert client.get(url).status_code == 200


def row_counts():
    return [model.objects.count() for model in (Network, KnowledgePartner, Committee, CommitteeMember)]


@pytest.mark.permissions
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("network_update", {"name": "ยึด", "registered_on": "01/10/2549", "status": "active"}),
        ("partner_create", {"name": "แอบเพิ่ม", "kind": "education"}),
        ("partner_update", {"name": "แอบแก้", "kind": "education"}),
        ("partner_delete", {}),
        ("committee_update", {"fiscal_year": "2570"}),
        ("committee_copy", {"fiscal_year": "2566"}),
        ("member_create", {"first_name": "แอบ", "last_name": "เพิ่ม", "sector": "private", "role": "member", "seat": "2"}),
        ("member_update", {"first_name": "แอบ", "last_name": "แก้", "sector": "private", "role": "member", "seat": "1"}),
        ("member_delete", {}),
    ],
)
def test_refused_posts_change_nothing(client, ubon, name, data, committee_member, chachoengsao_officer):
    url = url_for(name, ubon)
    before = row_counts()
    assert client.post(url, data).status_code == 302
    client.force_login(committee_member)
    assert client.post(url, data).status_code == 403
    client.force_login(chachoengsao_officer)
    assert client.post(url, data).status_code == 404
    assert row_counts() == before
    assert Network.objects.get().name == ubon["network"].name
    assert KnowledgePartner.objects.get().name == "มหาวิทยาลัยอุบลราชธานี"
    assert Committee.objects.get().fiscal_year == 2565
    assert CommitteeMember.objects.filter(first_name="แอบ").count() == 0


@pytest.mark.permissions
def test_an_officer_cannot_register_a_network_for_another_province(client, chachoengsao_officer):
    client.force_login(chachoengsao_officer)
    response = client.post(
        reverse("networks:network_create"),
        {"province": UBON, "name": "แอบ", "registered_on": "01/10/2549", "status": "active"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["province"]
    assert not Network.objects.exists()


@pytest.mark.permissions
def test_an_officer_cannot_add_a_committee_to_another_provinces_network(client, ubon, chachoengsao_officer):
    client.force_login(chachoengsao_officer)
    response = client.post(
        reverse("networks:committee_create"), {"network": ubon["network"].pk, "fiscal_year": "2566"}
    )
    assert list(response.context["form"].errors) == ["network"]
    assert Committee.objects.count() == 1


def test_lists_show_only_the_officers_province(client, ubon, chachoengsao_officer, national_admin):
    other = CommitteeFactory(network=NetworkFactory(province_id=CHACHOENGSAO), fiscal_year=2564)
    client.force_login(chachoengsao_officer)
    response = client.get(reverse("networks:committee_list"))
    assert list(response.context["object_list"]) == [other]
    assert "network" not in response.context["filterset"].form.fields
    client.force_login(national_admin)
    response = client.get(reverse("networks:committee_list"))
    assert list(response.context["object_list"]) == [ubon["committee"], other]
    response = client.get(reverse("networks:committee_list"), {"network": ubon["network"].pk})
    assert list(response.context["object_list"]) == [ubon["committee"]]
    response = client.get(reverse("networks:network_list"), {"q": "24"})
    assert [n.province_id for n in response.context["object_list"]] == [CHACHOENGSAO]


# Networks

def test_network_list_rows_and_export(client, ubon, national_admin):
    client.force_login(national_admin)
    with translation.override("en"):
        response = client.get(reverse("networks:network_list"))
        assert response.context["rows"] == [
            (ubon["network"], ["เครือข่ายองค์ความรู้ KBO จังหวัด 34", "Ubon Ratchathani", "01/10/2549", "Active", "", ""])
        ]
        response = client.get(reverse("networks:network_list"), {"status": "inactive", "format": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Name", "Province", "Registered since", "Status", "Contact person", "Phone"]
    ]


def test_network_detail_shows_partners_and_committees_by_year(client, ubon, ubon_officer):
    CommitteeFactory(network=ubon["network"], fiscal_year=2566, order_number="")
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.get(ubon["network"].get_absolute_url())
    assert list(response.context["partners"]) == [ubon["partner"]]
    assert [(c.fiscal_year, c.member_count) for c in response.context["committees"]] == [(2566, 0), (2565, 1)]
    content = response.content.decode()
    assert "มหาวิทยาลัยอุบลราชธานี" in content
    assert reverse("networks:committee_detail", args=[ubon["committee"].pk]) in content


def test_officer_with_one_province_gets_it_preselected(client, ubon_officer, national_admin):
    client.force_login(ubon_officer)
    form = client.get(reverse("networks:network_create")).context["form"]
    assert form["province"].value() == UBON
    assert [p.code for p in form.fields["province"].queryset] == [UBON]
    client.force_login(national_admin)
    form = client.get(reverse("networks:network_create")).context["form"]
    assert form["province"].value() is None
    assert form.fields["province"].queryset.count() == 77


def test_officer_registers_the_network_with_a_be_date(client, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(
        reverse("networks:network_create"),
        {"province": UBON, "name": "เครือข่ายองค์ความรู้ KBO จังหวัดอุบลราชธานี", "registered_on": "01/10/2549",
         "status": "active", "phone": "045-244-488"},
    )
    network = Network.objects.get()
    assert response.status_code == 302 and response.url == network.get_absolute_url()
    assert (network.province_id, network.registered_on) == (UBON, datetime.date(2006, 10, 1))


def test_a_second_network_for_the_province_is_refused_beside_the_province(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    data = {"province": UBON, "name": "เครือข่ายซ้ำ", "registered_on": "31/02/2565", "status": "active"}
    with translation.override("en"):
        response = client.post(reverse("networks:network_create"), data)
        form = response.context["form"]
        assert form.errors == {
            "province": ["KBO network with this Province already exists."],
            "registered_on": ["31/02/2565 is not a day of the calendar."],
        }
    assert form["name"].value() == "เครือข่ายซ้ำ"
    assert Network.objects.count() == 1


def test_a_network_older_than_kbo_is_refused_beside_the_date(client, ubon_officer):
    client.force_login(ubon_officer)
    data = {"province": UBON, "name": "เครือข่ายองค์ความรู้ KBO", "registered_on": "30/09/2548", "status": "active"}
    with translation.override("en"):
        response = client.post(reverse("networks:network_create"), data, headers={"accept-language": "en"})
    message = "KBO networks began in fiscal year 2549: a network cannot be registered before 1 October 2548."
    assert response.status_code == 200
    assert response.context["form"].errors == {"registered_on": [message]}
    assert message in response.content.decode()
    assert not Network.objects.exists()


def test_archiving_a_network_keeps_its_province(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(
        url_for("network_update", ubon),
        {"province": CHACHOENGSAO, "name": "เครือข่าย KBO อุบลฯ", "registered_on": "1/10/2549", "status": "inactive"},
    )
    assert response.status_code == 302
    network = Network.objects.get()
    assert (network.province_id, network.name, network.status) == (UBON, "เครือข่าย KBO อุบลฯ", "inactive")


# Knowledge partners

def test_partner_is_added_edited_and_deleted_under_its_network(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(
        url_for("partner_create", ubon),
        {"name": "วิทยาลัยเทคนิคอุบลราชธานี", "kind": "education", "expertise": "บรรจุภัณฑ์"},
    )
    partner = KnowledgePartner.objects.get(name="วิทยาลัยเทคนิคอุบลราชธานี")
    assert response.url == partner.get_absolute_url() == f"{ubon['network'].get_absolute_url()}#partner-{partner.pk}"
    assert partner.network == ubon["network"]

    client.post(reverse("networks:partner_update", args=[partner.pk]), {"name": "วิทยาลัยเทคนิค", "kind": "technical"})
    partner.refresh_from_db()
    assert (partner.name, partner.kind) == ("วิทยาลัยเทคนิค", "technical")

    response = client.post(reverse("networks:partner_delete", args=[partner.pk]))
    assert response.url == ubon["network"].get_absolute_url()
    assert list(KnowledgePartner.objects.values_list("name", flat=True)) == ["มหาวิทยาลัยอุบลราชธานี"]


def test_a_partner_name_twice_in_one_network_is_refused_beside_the_name(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.post(url_for("partner_create", ubon), {"name": "มหาวิทยาลัยอุบลราชธานี", "kind": "education"})
    assert response.context["form"].errors == {"name": ["This network already has a partner of that name."]}
    assert KnowledgePartner.objects.count() == 1


def test_partner_list_filters_by_kind(client, ubon, ubon_officer):
    KnowledgePartner.objects.create(network=ubon["network"], name="บริษัท ตัวอย่าง จำกัด", kind=PartnerKind.PRIVATE)
    client.force_login(ubon_officer)
    response = client.get(reverse("networks:partner_list"), {"kind": "private"})
    assert [p.name for p in response.context["object_list"]] == ["บริษัท ตัวอย่าง จำกัด"]


# Committees

def test_officer_adds_a_committee_with_its_order(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    form = client.get(reverse("networks:committee_create")).context["form"]
    assert form["network"].value() == ubon["network"].pk
    response = client.post(
        reverse("networks:committee_create"),
        {"network": ubon["network"].pk, "fiscal_year": "2566", "order_number": "456/2566",
         "order_date": "15/11/2565", "term_start": "1/10/2565", "term_end": "30/09/2566"},
    )
    committee = Committee.objects.get(fiscal_year=2566)
    assert response.url == committee.get_absolute_url()
    assert (committee.network, committee.order_number, committee.order_date, committee.term_end) == (
        ubon["network"], "456/2566", datetime.date(2022, 11, 15), datetime.date(2023, 9, 30)
    )


def test_a_second_committee_for_the_year_is_refused_beside_the_fiscal_year(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    data = {"network": ubon["network"].pk, "fiscal_year": "2565", "order_number": "999/2565"}
    with translation.override("en"):
        response = client.post(reverse("networks:committee_create"), data)
    form = response.context["form"]
    assert form.errors == {"fiscal_year": ["This network already has a committee for that fiscal year."]}
    assert form["order_number"].value() == "999/2565"
    assert Committee.objects.count() == 1


def test_editing_a_committee_into_a_taken_year_is_refused(client, ubon, ubon_officer):
    other = CommitteeFactory(network=ubon["network"], fiscal_year=2566)
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.post(
            reverse("networks:committee_update", args=[other.pk]),
            {"fiscal_year": "2565", "term_start": "01/10/2565", "term_end": "30/09/2565"},
        )
    assert response.context["form"].errors == {
        "fiscal_year": ["This network already has a committee for that fiscal year."],
        "__all__": ["The term cannot end before it starts."],
    }
    other.refresh_from_db()
    assert other.fiscal_year == 2566


def test_committee_detail_lists_members_in_seat_order_with_the_composition(client, ubon, ubon_officer):
    committee = ubon["committee"]
    CommitteeMemberFactory(committee=committee, prefix="นาย", first_name="ประเสริฐ", last_name="ดีงาม", seat=3,
                           position="ประธานหอการค้า", organisation="หอการค้าจังหวัด", sector=Sector.PRIVATE, phone="0812345678")
    CommitteeMemberFactory(committee=committee, seat=2, role=CommitteeRole.SECRETARY)
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.get(committee.get_absolute_url())
    rows = [values for _, values in response.context["member_rows"]]
    assert [row[0] for row in rows] == [1, 2, 3]
    assert rows[2] == [3, "นายประเสริฐ ดีงาม", "ประธานหอการค้า", "หอการค้าจังหวัด", "Private sector", "Member", "0812345678"]
    composition = response.context["composition"]
    assert [count for _, count in composition.sectors] == [2, 1, 0, 0, 0]
    assert composition.warnings == [
        "No member comes from the sector “Civil society”.",
        "No member comes from the sector “People's representative”.",
        "No member comes from the sector “Provincial organisation”.",
    ]
    assert response.context["copy_form"]["fiscal_year"].value() == 2566
    assert "No member comes from the sector “Civil society”." in response.content.decode()


def test_committee_members_export(client, ubon, ubon_officer):
    CommitteeMemberFactory(committee=ubon["committee"], prefix="", first_name="=HYPERLINK(\"x\")", last_name="ก", seat=2,
                           sector=Sector.CIVIL_SOCIETY)
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.get(url_for("committee_members_xlsx", ubon))
    assert response["Content-Disposition"] == 'attachment; filename="committee-34-2565.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    chair = ubon["member"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["No.", "Name", "Position", "Organisation", "Sector", "Role", "Phone"],
        [1, chair.full_name, None, None, "Government", "Chair", None],
        [2, "=HYPERLINK(\"x\") ก", None, None, "Civil society", "Member", None],
    ]
    assert sheet["B3"].data_type == "s"  # text, never a formula


def test_copy_creates_the_next_years_committee(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.post(url_for("committee_copy", ubon), {"fiscal_year": "2566"})
    new = Committee.objects.get(fiscal_year=2566)
    assert response.status_code == 302 and response.url == new.get_absolute_url()
    assert list(new.members.values_list("first_name", "role")) == [("สมศรี", "chair")]


def test_copy_into_a_taken_year_is_refused_beside_the_year(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.post(url_for("committee_copy", ubon), {"fiscal_year": "2565"})
        assert response.status_code == 200
        assert response.context["copy_form"].errors == {
            "fiscal_year": ["This network already has a committee for that fiscal year."]
        }
        response = client.post(url_for("committee_copy", ubon), {"fiscal_year": "2021"})
        assert response.context["copy_form"].errors == {
            "fiscal_year": ["Ensure this value is greater than or equal to 2549."]
        }
    assert client.get(url_for("committee_copy", ubon)).status_code == 405
    assert Committee.objects.count() == 1 and CommitteeMember.objects.count() == 1


# Members

def test_member_is_added_with_the_next_seat_and_deleted(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    form = client.get(url_for("member_create", ubon)).context["form"]
    assert form["seat"].value() == 2
    response = client.post(url_for("member_create", ubon), {
        "seat": "2", "prefix": "นาง", "first_name": "มาลี", "last_name": "ศรีสุข", "position": "ประธานกลุ่ม",
        "organisation": "สภาองค์กรชุมชน", "sector": "civil_society", "role": "secretary", "phone": "0899999999",
    })
    member = CommitteeMember.objects.get(first_name="มาลี")
    assert response.url == member.get_absolute_url()
    assert (member.committee, member.sector, member.role) == (ubon["committee"], "civil_society", "secretary")
    response = client.post(reverse("networks:member_delete", args=[member.pk]))
    assert response.url == ubon["committee"].get_absolute_url()
    assert CommitteeMember.objects.count() == 1


def test_a_second_chair_is_refused_beside_the_role(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    data = {"seat": "2", "first_name": "สมปอง", "last_name": "ใจดี", "sector": "government", "role": "chair",
            "phone": "12"}
    with translation.override("en"):
        response = client.post(url_for("member_create", ubon), data)
    form = response.context["form"]
    assert set(form.errors) == {"role", "phone"}
    assert form.errors["role"] == ["This committee already has a chair."]
    assert form["first_name"].value() == "สมปอง"
    assert CommitteeMember.objects.count() == 1
    # The chair may still edit their own row.
    chair = ubon["member"]
    response = client.post(reverse("networks:member_update", args=[chair.pk]), {
        "seat": "1", "first_name": "สมศรี", "last_name": "ใหม่", "sector": "government", "role": "chair",
    })
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.last_name == "ใหม่"


# Query counts: the same number of queries for 1 and 30 rows.

def make_rows(count):
    for index, code in enumerate(["34", "24", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
                                  "21", "22", "23", "25", "26", "27", "30", "31", "32", "33", "35", "36", "37",
                                  "38", "39", "40", "41"][:count]):
        network = NetworkFactory(province_id=code)
        KnowledgePartner.objects.create(network=network, name=f"ภาคี {index}", kind=PartnerKind.OTHER)
        CommitteeMemberFactory(committee=CommitteeFactory(network=network))


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("name", ["network_list", "partner_list", "committee_list"])
def test_list_pages_cost_a_constant_number_of_queries(client, national_admin, django_assert_num_queries, name, count):
    make_rows(count)
    client.force_login(national_admin)
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(reverse(f"networks:{name}"))
    assert len(response.context["rows"]) == min(count, 25)  # one page


QUERIES = {"network_list": 4, "partner_list": 4, "committee_list": 5}


@pytest.mark.parametrize("count", [1, 30])
def test_committee_detail_costs_a_constant_number_of_queries(client, ubon_officer, ubon_committee, django_assert_num_queries, count):
    CommitteeMemberFactory.create_batch(count, committee=ubon_committee)
    client.force_login(ubon_officer)
    with django_assert_num_queries(5):
        response = client.get(ubon_committee.get_absolute_url())
    assert len(response.context["member_rows"]) == count
