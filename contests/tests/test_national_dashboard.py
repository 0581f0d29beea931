"""The national round's 77-province dashboard: every province's state for the round's fiscal year
and kind, its winner and submission, the region and state filters, the Excel export, the chart of
submitted winners by region and category, and a query count that does not grow with the provinces."""

import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from contests import dashboard
from contests.enums import ContestState as S
from contests.enums import SubmissionState
from contests.models import Contest, Submission
from contests.tests.factories import ContestFactory, EntryFactory
from contests.tests.setup_fixtures import client  # noqa: F401 — fixture
from contests.tests.test_national_views import new_round
from kbo.geography.models import Region, Subdistrict
from networks.tests.factories import NetworkFactory
from products.enums import Category
from products.tests.factories import ProducerGroupFactory, ProductFactory

BANGKOK = ZoneInfo("Asia/Bangkok")
ON_TIME = datetime.datetime(2022, 7, 10, 14, 0, tzinfo=BANGKOK)
LATE = datetime.datetime(2022, 7, 20, 9, 30, tzinfo=BANGKOK)
# The most populous region's ten provinces, for the query count.
NORTHEAST = ["30", "31", "32", "33", "34", "35", "36", "37", "39", "40"]


def provincial(code, state, *, fiscal_year=2565, kind="product", category=Category.TEXTILE):
    """The province's contest in `state`, with a winner (a product of the province) once selected."""
    network = NetworkFactory._meta.model.objects.filter(province_id=code).first() or NetworkFactory(province_id=code)
    contest = ContestFactory(network=network, state=state, fiscal_year=fiscal_year, kind=kind)
    if state in (S.WINNER_SELECTED, S.SUBMITTED):
        subdistrict = Subdistrict.objects.filter(province=code).order_by("code").first()
        group = ProducerGroupFactory(name=f"กลุ่มผู้ผลิตจังหวัด {code}", subdistrict=subdistrict)
        product = ProductFactory(group=group, name=f"ผลิตภัณฑ์จังหวัด {code}", category=category)
        EntryFactory(contest=contest, product=product, winner_position=1)
    return contest


def submit(national, contest, state=SubmissionState.SUBMITTED, *, at=ON_TIME, late=False):
    return Submission.objects.create(
        national=national, provincial=contest, province_id=contest.network.province_id,
        entry=contest.entries.get(winner_position=1), innovation="นวัตกรรมการย้อมสี", identity="ลายผ้าท้องถิ่น",
        state=state, submitted_at=None if state == SubmissionState.DRAFT else at, late=late,
        accepted_at=LATE if late and state == SubmissionState.SUBMITTED else None,
    )


@pytest.fixture(autouse=True)
def english():
    """Labels in English: the Thai catalogue is someone else's work (conftest resets the language)."""
    translation.activate("en")


@pytest.fixture
def national(geography):
    return new_round()


@pytest.fixture
def provinces(national):
    """A province in each situation; the other 67 have no contest for FY 2565 products."""
    provincial("34", S.SCORING_OPEN)  # Ubon Ratchathani
    provincial("35", S.SHORTLISTED)  # Yasothon
    provincial("41", S.DRAFT)  # Udon Thani
    provincial("24", S.WINNER_SELECTED)  # Chachoengsao
    submit(national, provincial("30", S.WINNER_SELECTED), SubmissionState.DRAFT)  # Nakhon Ratchasima
    withdrawn = submit(national, provincial("20", S.WINNER_SELECTED))  # Chon Buri
    Submission.objects.filter(pk=withdrawn.pk).update(state=SubmissionState.WITHDRAWN, withdrawal_reason="ส่งผิดรายการ")
    submit(national, provincial("10", S.SUBMITTED))  # Bangkok
    submit(national, provincial("50", S.SUBMITTED, category=Category.FOOD), SubmissionState.LATE, at=LATE, late=True)
    submit(national, provincial("90", S.SUBMITTED, category=Category.FOOD), at=LATE, late=True)  # Songkhla, accepted
    provincial("40", S.NO_ENTRY)  # Khon Kaen
    provincial("11", S.WINNER_SELECTED, fiscal_year=2564)  # another year and
    provincial("12", S.WINNER_SELECTED, kind="network")  # another kind do not count


def summary(rows):
    """{code: (state, label, winner, group, category, submitted)} of the provinces with something to show."""
    return {
        row.province.code: (
            row.state, str(row.state_label), str(row.entry or ""), str(row.group or ""), row.category, row.submitted_at
        )
        for row in rows if row.state != dashboard.ProvinceState.NO_CONTEST
    }


def test_every_province_in_code_order_with_its_state(provinces, national):
    rows = dashboard.province_rows(national)
    assert len(rows) == 77
    assert [row.province.code for row in rows] == sorted(row.province.code for row in rows)
    assert summary(rows) == {
        "10": ("submitted", "Submitted", "ผลิตภัณฑ์จังหวัด 10", "กลุ่มผู้ผลิตจังหวัด 10", "Textiles and garments",
               ON_TIME),
        "20": ("winner_selected", "Winner selected", "ผลิตภัณฑ์จังหวัด 20", "กลุ่มผู้ผลิตจังหวัด 20",
               "Textiles and garments", None),
        "24": ("winner_selected", "Winner selected", "ผลิตภัณฑ์จังหวัด 24", "กลุ่มผู้ผลิตจังหวัด 24",
               "Textiles and garments", None),
        "30": ("winner_selected", "Winner selected", "ผลิตภัณฑ์จังหวัด 30", "กลุ่มผู้ผลิตจังหวัด 30",
               "Textiles and garments", None),
        "34": ("scoring", "Scoring", "", "", None, None),
        "35": ("scoring", "Scoring", "", "", None, None),
        "40": ("no_entry", "No entry this year", "", "", None, None),
        "41": ("preparing", "Contest in preparation", "", "", None, None),
        "50": ("late", "Late, awaiting acceptance", "ผลิตภัณฑ์จังหวัด 50", "กลุ่มผู้ผลิตจังหวัด 50", "Food", LATE),
        "90": ("late", "Late, accepted", "ผลิตภัณฑ์จังหวัด 90", "กลุ่มผู้ผลิตจังหวัด 90", "Food", LATE),
    }
    assert [(row.region, str(row.state_label)) for row in rows if row.province.code in ("11", "12", "96")] == [
        ("Central", "No contest yet"), ("Central", "No contest yet"), ("South", "No contest yet")
    ]


@pytest.mark.parametrize("contests", [0, 1, 10])
def test_the_rows_cost_four_queries_however_many_contests(national, django_assert_num_queries, contests):
    for code in NORTHEAST[:contests]:
        submit(national, provincial(code, S.SUBMITTED))
    with django_assert_num_queries(4):  # provinces, contests, winners, submissions
        rows = dashboard.province_rows(national)
        states = [row.state for row in rows]
        [(row.entry, row.group, row.category, row.region) for row in rows]
    assert (len(rows), states.count("submitted")) == (77, contests)


def test_filters_by_region_and_state(provinces, national):
    rows = dashboard.province_rows(national)
    by_region = [len(dashboard.filter_rows(rows, region=region)) for region in Region.values]
    assert by_region == [17, 20, 26, 14]
    assert [row.province.code for row in dashboard.filter_rows(rows, state="late")] == ["50", "90"]
    assert [row.province.code for row in dashboard.filter_rows(rows, region="south", state="late")] == ["90"]
    assert len(dashboard.filter_rows(rows, state="no_contest")) == 67


def test_the_chart_counts_submitted_winners_by_region_and_category(provinces, national):
    categories, regions = dashboard.submitted_by_region_and_category(dashboard.province_rows(national))
    assert [str(label) for label in categories] == [str(category.label) for category in Category]
    assert [(str(region.region), region.counts, region.total) for region in regions] == [
        ("North", [1, 0, 0, 0, 0], 1), ("Northeast", [0, 0, 0, 0, 0], 0),
        ("Central", [0, 0, 1, 0, 0], 1), ("South", [1, 0, 0, 0, 0], 1),
    ]
    assert dashboard.chart_data(categories, regions) == {
        "labels": ["North", "Northeast", "Central", "South"],
        "datasets": [
            {"label": "Food", "counts": [1, 0, 0, 1]},
            {"label": "Beverages", "counts": [0, 0, 0, 0]},
            {"label": "Textiles and garments", "counts": [0, 0, 1, 0]},
            {"label": "Utility, decorative and souvenir items", "counts": [0, 0, 0, 0]},
            {"label": "Non-food herbal products", "counts": [0, 0, 0, 0]},
        ],
    }


def test_a_network_winner_without_a_product_has_a_column_of_its_own(geography):
    national = new_round(kind="network")
    contest = provincial("34", S.WINNER_SELECTED, kind="network")
    contest.entries.update(product=None)
    submit(national, contest)
    categories, regions = dashboard.submitted_by_region_and_category(dashboard.province_rows(national))
    assert [str(label) for label in categories][-1] == "Without a product"
    assert [region.counts[-1] for region in regions] == [0, 1, 0, 0]


# The page

def test_the_page_shows_77_rows_the_filters_and_the_chart(client, provinces, national, national_admin):
    client.force_login(national_admin)
    url = reverse("contests:national_dashboard", args=[national.pk])
    response = client.get(url)
    assert len(response.context["rows"]) == 77
    page = response.content.decode()
    assert page.count('<tr id="province-') == 77
    assert '<script id="submitted-chart-data" type="application/json">' in page
    assert "js/national_dashboard.js" in page and "<script>" not in page
    ubon = page.split('<tr id="province-34" data-state="scoring">')[1].split("</tr>")[0]
    ubon_contest = Contest.objects.get(network__province="34", fiscal_year=2565, kind="product")
    assert f'<a href="{reverse("contests:contest_detail", args=[ubon_contest.pk])}">Ubon Ratchathani</a>' in ubon
    late = page.split('<tr id="province-50" data-state="late">')[1].split("</tr>")[0]
    submission = Submission.objects.get(province="50")
    assert reverse("contests:submission_detail", args=[submission.pk]) in late
    assert "Late, awaiting acceptance" in late and "07/20/2565 9:30 a.m." in late

    response = client.get(url, {"region": "south", "state": "late"})
    assert [row.province.code for row in response.context["rows"]] == ["90"]
    response = client.get(url, {"region": "nowhere"})  # an unknown filter is ignored
    assert len(response.context["rows"]) == 77


@pytest.mark.parametrize("contests", [1, 5])
def test_the_page_costs_the_same_queries_with_1_or_5_contests(
    client, national, national_admin, django_assert_num_queries, contests
):
    for code in NORTHEAST[:contests]:
        submit(national, provincial(code, S.SUBMITTED))
    client.force_login(national_admin)
    with django_assert_num_queries(7):  # session, user, the round, then the four of the rows
        response = client.get(reverse("contests:national_dashboard", args=[national.pk]))
    assert sum(region.total for region in response.context["regions"]) == contests


def test_the_excel_export_has_a_row_per_province(client, provinces, national, national_admin):
    client.force_login(national_admin)
    url = reverse("contests:national_dashboard", args=[national.pk])
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="kbo-national-2565-product.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Province", "Region", "State", "Winner", "Producer group", "OTOP category", "Submitted")
    assert len(rows) == 78
    by_province = {row[0]: row for row in rows[1:]}
    assert by_province["Bangkok"] == (
        "Bangkok", "Central", "Submitted", "ผลิตภัณฑ์จังหวัด 10", "กลุ่มผู้ผลิตจังหวัด 10", "Textiles and garments",
        "10/07/2565 14:00",
    )
    assert by_province["Ubon Ratchathani"] == ("Ubon Ratchathani", "Northeast", "Scoring", None, None, None, None)
    assert by_province["Songkhla"][2] == "Late, accepted"

    response = client.get(url, {"format": "xlsx", "region": "north"})
    assert len(list(load_workbook(BytesIO(response.content)).active.values)) == 18
