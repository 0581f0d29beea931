"""The province and national dashboards: exact figures on factory data, a fixed number of queries,
and who may open them."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from conftest import CHACHOENGSAO, UBON
from networks.enums import CommitteeRole, Sector
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory
from products import dashboard
from products.cohorts import CohortProgress
from products.enums import Category, StandardKind
from products.models import Enrollment, ProducerGroup, ProductStandard, Trainee
from products.tests.factories import CohortFactory, ProducerGroupFactory, ProductFactory

TODAY = timezone.localdate()  # the pages use the real date
MUEANG_UBON = "340101"  # district 3401, Mueang Ubon Ratchathani
WARIN_CHAMRAP = "341501"  # district 3415, Warin Chamrap
MUEANG_CHACHOENGSAO = "240101"
ENGLISH = {"accept-language": "en"}  # pages follow the browser's language


@pytest.fixture
def chachoengsao_group(geography):
    return ProducerGroupFactory(subdistrict_id=MUEANG_CHACHOENGSAO, postal_code="24000")


def standard(product, expires_on, kind=StandardKind.TCPS, number="มผช. 1/2565"):
    return ProductStandard.objects.create(product=product, kind=kind, number=number, expires_on=expires_on)


def enroll(cohort, group, trainees=0):
    enrollment = Enrollment.objects.create(cohort=cohort, group=group)
    for n in range(trainees):
        Trainee.objects.create(enrollment=enrollment, name=f"ผู้เข้าอบรม {n}")
    return enrollment


# The province dashboard's functions.


def test_products_by_category_lists_all_five_with_zeros(geography, chachoengsao_group, django_assert_num_queries):
    ProductFactory.create_batch(2, category=Category.FOOD)
    ProductFactory(category=Category.TEXTILE)
    ProductFactory(group=chachoengsao_group, category=Category.FOOD)
    with translation.override("en"), django_assert_num_queries(1):
        rows = [(str(label), count) for label, count in dashboard.products_by_category(UBON)]
    assert rows == [
        ("Food", 2),
        ("Beverages", 0),
        ("Textiles and garments", 1),
        ("Utility, decorative and souvenir items", 0),
        ("Non-food herbal products", 0),
    ]


def test_products_by_star_level_counts_each_level_and_no_star(geography, chachoengsao_group, django_assert_num_queries):
    for level in (5, 5, 4, 3):
        ProductFactory(star_level=level, star_year=2565)
    ProductFactory()
    ProductFactory(group=chachoengsao_group, star_level=5, star_year=2565)
    with translation.override("en"), django_assert_num_queries(1):
        rows = dashboard.products_by_star_level(UBON)
    assert rows == [("1 star", 0), ("2 stars", 0), ("3 stars", 1), ("4 stars", 1), ("5 stars", 2), ("No star", 1)]


def test_groups_by_district_most_first_only_districts_with_groups(geography, chachoengsao_group, django_assert_num_queries):
    ProducerGroupFactory(subdistrict_id=WARIN_CHAMRAP, postal_code="34190")
    ProducerGroupFactory.create_batch(2, subdistrict_id=MUEANG_UBON)
    with translation.override("en"), django_assert_num_queries(1):
        rows = [(district.name, district.group_count) for district in dashboard.groups_by_district(UBON)]
    assert rows == [("Mueang Ubon Ratchathani", 2), ("Warin Chamrap", 1)]


def test_latest_cohort_progress_counts_groups_and_trainees(geography, chachoengsao_group, django_assert_num_queries):
    groups = ProducerGroupFactory.create_batch(3)
    older = CohortFactory(fiscal_year=2564)
    enroll(older, groups[2], trainees=2)
    latest = CohortFactory(fiscal_year=2565, trainees_per_group=2)
    enroll(latest, groups[0], trainees=2)
    enroll(latest, groups[1], trainees=1)
    enroll(CohortFactory(province_id=CHACHOENGSAO, fiscal_year=2566), chachoengsao_group, trainees=2)
    with django_assert_num_queries(5):
        latest_cohort = dashboard.latest_cohort_progress(UBON)
    assert latest_cohort == dashboard.LatestCohort(
        latest, CohortProgress(groups=2, trainees=3, expected_trainees=4, sessions=0, attendance_rate=None)
    )


def test_latest_cohort_progress_is_none_without_a_cohort(geography):
    assert dashboard.latest_cohort_progress(UBON) is None


def test_latest_committee_composition_counts_sectors_and_warns(geography, django_assert_num_queries):
    network = NetworkFactory(province_id=UBON)
    CommitteeMemberFactory.create_batch(5, committee=CommitteeFactory(network=network, fiscal_year=2564))
    latest = CommitteeFactory(network=network, fiscal_year=2565)
    CommitteeMemberFactory(committee=latest, sector=Sector.GOVERNMENT, role=CommitteeRole.CHAIR)
    CommitteeMemberFactory(committee=latest, sector=Sector.GOVERNMENT)
    CommitteeMemberFactory(committee=latest, sector=Sector.PRIVATE)
    with translation.override("en"), django_assert_num_queries(2):
        latest_committee = dashboard.latest_committee_composition(UBON)
        composition = latest_committee.composition
        sectors = [(str(sector.label), count) for sector, count in composition.sectors]
    assert latest_committee.committee == latest
    assert latest_committee.members == 3
    assert sectors == [
        ("Government", 2),
        ("Private sector", 1),
        ("Civil society", 0),
        ("People's representative", 0),
        ("Provincial organisation", 0),
    ]
    assert composition.warnings == [
        "No member comes from the sector “Civil society”.",
        "No member comes from the sector “People's representative”.",
        "No member comes from the sector “Provincial organisation”.",
        "The committee has no secretary.",
    ]


def test_a_complete_committee_has_no_warnings(geography):
    committee = CommitteeFactory(network=NetworkFactory(province_id=UBON))
    for sector in Sector:
        CommitteeMemberFactory(committee=committee, sector=sector)
    CommitteeMemberFactory(committee=committee, role=CommitteeRole.CHAIR)
    CommitteeMemberFactory(committee=committee, role=CommitteeRole.SECRETARY)
    latest_committee = dashboard.latest_committee_composition(UBON)
    assert (latest_committee.members, latest_committee.composition.warnings) == (7, [])


def test_latest_committee_composition_is_none_without_a_committee(geography):
    NetworkFactory(province_id=UBON)
    assert dashboard.latest_committee_composition(UBON) is None


def test_expiring_standards_soonest_first_with_expired_flagged(geography, chachoengsao_group, django_assert_num_queries):
    soap, tea = ProductFactory(name="สบู่สมุนไพร"), ProductFactory(name="ชาใบหม่อน")
    in_30_days = standard(tea, TODAY + datetime.timedelta(days=30), number="มผช. 30")
    expired = standard(soap, TODAY - datetime.timedelta(days=10), kind=StandardKind.FDA, number="34-1-12345-2-0001")
    on_the_limit = standard(soap, TODAY + datetime.timedelta(days=90), number="มผช. 90")
    standard(soap, TODAY + datetime.timedelta(days=91), kind=StandardKind.GMP)  # not yet
    standard(tea, None, kind=StandardKind.HALAL)  # never expires
    standard(tea, TODAY - datetime.timedelta(days=400), kind=StandardKind.GMP)  # renewed:
    standard(tea, TODAY + datetime.timedelta(days=300), kind=StandardKind.GMP)
    standard(ProductFactory(group=chachoengsao_group), TODAY)  # another province
    with django_assert_num_queries(1):
        rows = [(s, s.is_expired, s.product.group.name) for s in dashboard.expiring_standards(UBON, TODAY)]
    assert rows == [
        (expired, True, soap.group.name),
        (in_30_days, False, tea.group.name),
        (on_the_limit, False, soap.group.name),
    ]


# The national dashboard's rows.


@pytest.fixture
def national_data(geography, chachoengsao_group):
    """Ubon: network, 2 groups, 3 products, cohort 2565 with 1 group, committee 2565 with 2
    members, 1 standard expiring. Chachoengsao: 1 group and 1 product, no network."""
    network = NetworkFactory(province_id=UBON)
    committee = CommitteeFactory(network=network, fiscal_year=2565)
    CommitteeMemberFactory.create_batch(2, committee=committee)
    group, other = ProducerGroupFactory.create_batch(2)
    ProductFactory(group=group, category=Category.FOOD, star_level=5, star_year=2565)
    ProductFactory(group=group, category=Category.FOOD, star_level=3, star_year=2565)
    textile = ProductFactory(group=other, category=Category.TEXTILE, star_level=4, star_year=2565)
    standard(textile, TODAY + datetime.timedelta(days=5))
    enroll(CohortFactory(fiscal_year=2565), group)
    ProductFactory(group=chachoengsao_group, category=Category.HERBAL)


def test_national_rows_one_per_province_with_exact_figures(national_data):
    rows = {row.province.code: row for row in dashboard.national_rows(TODAY)}
    assert len(rows) == 77
    ubon = rows[UBON]
    assert (ubon.network, ubon.groups, ubon.products, ubon.top_stars, ubon.expiring_standards) == (True, 2, 3, 2, 1)
    categories = [getattr(ubon, f"category_{c}") for c in Category]
    assert categories == [2, 0, 1, 0, 0]
    assert (ubon.cohort_year, ubon.cohort_groups, ubon.committee_year, ubon.committee_members) == (2565, 1, 2565, 2)
    chachoengsao = rows[CHACHOENGSAO]
    assert (chachoengsao.network, chachoengsao.groups, chachoengsao.products, chachoengsao.category_herbal) == (
        False, 1, 1, 1,
    )
    assert (chachoengsao.cohort_year, chachoengsao.committee_year) == (None, None)
    bangkok = rows["10"]
    assert (bangkok.network, bangkok.groups, bangkok.products, bangkok.expiring_standards) == (False, 0, 0, 0)


def test_national_totals_sum_the_countable_columns(national_data):
    with translation.override("en"):
        totals = dashboard.national_totals(dashboard.national_rows(TODAY))
    headers = [column.key for column in dashboard.NATIONAL_COLUMNS]
    assert dict(zip(headers, totals)) == {
        "province": "Total", "network": 1, "groups": 3, "products": 4,
        "category_food": 2, "category_beverage": 0, "category_textile": 1, "category_utility": 0,
        "category_herbal": 1, "top_stars": 2, "cohort_year": "", "cohort_groups": 1,
        "committee_year": "", "committee_members": 2, "expiring_standards": 1,
    }


def test_sort_rows_puts_empty_cells_last_both_ways(national_data):
    rows = dashboard.national_rows(TODAY)
    ascending = dashboard.sort_rows(rows, "cohort_year")
    descending = dashboard.sort_rows(rows, "products", descending=True)
    assert ascending[0].province.code == UBON and ascending[1].cohort_year is None
    assert [row.province.code for row in descending[:2]] == [UBON, CHACHOENGSAO]
    with translation.override("en"):
        by_name = [row.province.name for row in dashboard.sort_rows(rows, "province")]
    assert by_name == sorted(by_name) and by_name[0] == "Amnat Charoen"


# The pages.


def dashboard_url(province=None):
    url = reverse("products:dashboard")
    return f"{url}?province={province}" if province else url


def test_officer_sees_their_province_dashboard(client, ubon_officer, national_data):
    client.force_login(ubon_officer)
    response = client.get(dashboard_url(), headers=ENGLISH)
    assert response.status_code == 200
    context = response.context
    assert context["province"].code == UBON
    assert context["category_chart"] == {
        "label": "Products",
        "labels": ["Food", "Beverages", "Textiles and garments", "Utility, decorative and souvenir items",
                   "Non-food herbal products"],
        "counts": [2, 0, 1, 0, 0],
    }
    assert context["province_choices"] == []
    assert context["show_national_link"] is False
    assert 'id="category-chart-data"' in response.content.decode()


def test_officer_of_two_provinces_chooses_between_them(client, ubon_officer, chachoengsao_group):
    ubon_officer.officer_provinces.add(CHACHOENGSAO)
    client.force_login(ubon_officer)
    response = client.get(dashboard_url())
    assert response.context["province"].code == CHACHOENGSAO  # the first, by code
    assert [p.code for p in response.context["province_choices"]] == [CHACHOENGSAO, UBON]
    response = client.get(dashboard_url(UBON))
    assert response.context["province"].code == UBON


def test_national_admin_without_a_province_goes_to_the_national_dashboard(client, national_admin):
    client.force_login(national_admin)
    response = client.get(dashboard_url())
    assert response.status_code == 302
    assert response.url == reverse("products:national_dashboard")


def make_groups(count):
    """`count` groups with a product each, spread over Ubon and Chachoengsao, with standards."""
    subdistricts = [(MUEANG_UBON, "34000"), (WARIN_CHAMRAP, "34190"), (MUEANG_CHACHOENGSAO, "24000")]
    for n in range(count):
        subdistrict, postal_code = subdistricts[n % 3]
        product = ProductFactory(group=ProducerGroupFactory(subdistrict_id=subdistrict, postal_code=postal_code))
        standard(product, TODAY)


@pytest.mark.parametrize("groups", [1, 30])
def test_province_dashboard_query_count_does_not_grow(client, ubon_officer, django_assert_num_queries, groups):
    make_groups(groups)
    cohort = CohortFactory()
    committee = CommitteeFactory(network=NetworkFactory(province_id=UBON))
    for group in ProducerGroup.objects.filter(subdistrict_id=MUEANG_UBON):
        enroll(cohort, group, trainees=2)
        CommitteeMemberFactory(committee=committee)
    client.force_login(ubon_officer)
    with django_assert_num_queries(16):
        assert client.get(dashboard_url()).status_code == 200


@pytest.mark.parametrize("groups", [1, 30])
def test_national_dashboard_query_count_does_not_grow(client, national_admin, django_assert_num_queries, groups):
    make_groups(groups)
    CohortFactory()
    CommitteeFactory(network=NetworkFactory(province_id=CHACHOENGSAO))
    client.force_login(national_admin)
    with django_assert_num_queries(8):
        assert client.get(reverse("products:national_dashboard")).status_code == 200


def test_national_dashboard_sorts_by_a_column_and_shows_a_total(client, national_admin, national_data):
    client.force_login(national_admin)
    response = client.get(reverse("products:national_dashboard"), {"sort": "products", "dir": "desc"}, headers=ENGLISH)
    rows = response.context["rows"]
    assert len(rows) == 77
    assert [code for code, _cells in rows[:2]] == [UBON, CHACHOENGSAO]
    assert rows[0][1][1:4] == ["Yes", 2, 3]
    assert response.context["totals"][:4] == ["Total", 1, 3, 4]
    headers = {header["key"]: header for header in response.context["headers"]}
    assert headers["products"]["order"] == "descending"
    assert headers["products"]["query"] == "sort=products"  # clicking again sorts ascending
    assert headers["groups"]["query"] == "sort=groups" and headers["groups"]["order"] == ""


def test_national_dashboard_header_toggles_to_descending(client, national_admin):
    client.force_login(national_admin)
    response = client.get(reverse("products:national_dashboard"), {"sort": "groups"})
    headers = {header["key"]: header for header in response.context["headers"]}
    assert (headers["groups"]["order"], headers["groups"]["query"]) == ("ascending", "sort=groups&dir=desc")


def test_national_dashboard_ignores_an_unknown_sort_key(client, national_admin):
    client.force_login(national_admin)
    response = client.get(reverse("products:national_dashboard"), {"sort": "province__name"})
    assert response.context["rows"][0][0] == "10"  # province code order


def test_national_dashboard_exports_the_same_table_to_excel(client, national_admin, national_data):
    client.force_login(national_admin)
    response = client.get(
        reverse("products:national_dashboard"), {"sort": "products", "dir": "desc", "format": "xlsx"}, headers=ENGLISH
    )
    assert response["Content-Disposition"] == 'attachment; filename="kbo-national-dashboard.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 77 + 1
    assert rows[0][:4] == ("Province", "Network registered", "Producer groups", "Products")
    assert rows[1] == ("Ubon Ratchathani", "Yes", 2, 3, 2, 0, 1, 0, 0, 2, 2565, 1, 2565, 2, 1)
    assert rows[-1] == ("Total", 1, 3, 4, 2, 0, 1, 0, 1, 2, None, 1, None, 2, 1)


# Who may open them.


@pytest.mark.permissions
@pytest.mark.parametrize(
    ("persona", "province", "status"),
    [
        (None, None, 302),
        ("committee_member", None, 403),
        ("ubon_officer", None, 200),
        ("ubon_officer", UBON, 200),
        ("ubon_officer", CHACHOENGSAO, 404),
        ("ubon_officer", "99", 404),
        ("national_admin", CHACHOENGSAO, 200),
    ],
)
def test_who_may_open_the_province_dashboard(client, request, geography, persona, province, status):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(dashboard_url(province)).status_code == status


@pytest.mark.permissions
@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 302), ("committee_member", 403), ("ubon_officer", 403), ("chachoengsao_officer", 403), ("national_admin", 200)],
)
def test_who_may_open_the_national_dashboard(client, request, geography, persona, status):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for query in ({}, {"format": "xlsx"}):
        assert client.get(reverse("products:national_dashboard"), query).status_code == status


def test_anonymous_users_go_to_the_login_page(client, geography):
    response = client.get(reverse("products:national_dashboard"))
    assert response.url.startswith(reverse("login"))
