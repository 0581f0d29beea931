from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError
from django.test import RequestFactory

from kbo.geography.loading import load_geography
from kbo.geography.models import Province
from networks.enums import CommitteeRole, Sector
from networks.models import Committee, CommitteeMember
from products.demo import DEMO_PASSWORD, seed_demo
from products.enums import Category, StandardKind
from products.models import Cohort, ProducerGroup, ProductStandard, Trainee

pytestmark = pytest.mark.django_db


@pytest.fixture
def geography():
    if not Province.objects.exists():
        load_geography()


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture
def logins(geography):
    seed_demo(require_debug=False)
    first = row_counts()
    logins = seed_demo(require_debug=False)
    assert row_counts() == first, "a second run must not add or remove rows"
    return logins


def test_ubon_committee_has_27_members_from_all_five_sectors(logins):
    members = CommitteeMember.objects.filter(committee__network__province_id="34", committee__fiscal_year=2565)
    assert members.count() == 27
    assert set(members.values_list("sector", flat=True)) == set(Sector.values)
    assert members.filter(role=CommitteeRole.CHAIR).count() == 1
    assert members.filter(role=CommitteeRole.SECRETARY).get().position == "พัฒนาการจังหวัดอุบลราชธานี"
    assert sorted(members.values_list("seat", flat=True)) == list(range(1, 28))


def test_ubon_cohort_has_20_groups_by_category_and_40_trainees(logins):
    cohort = Cohort.objects.get(province_id="34", fiscal_year=2565)
    enrollments = cohort.enrollments.all()
    assert enrollments.count() == 20
    assert all(e.group.subdistrict.province_id == "34" for e in enrollments)
    assert all(e.group.products.count() == 1 and e.product.group_id == e.group_id for e in enrollments)
    assert Counter(enrollments.values_list("product__category", flat=True)) == {
        Category.FOOD: 6, Category.UTILITY: 6, Category.BEVERAGE: 2, Category.TEXTILE: 5, Category.HERBAL: 1,
    }
    assert Trainee.objects.filter(enrollment__cohort=cohort).count() == 40
    assert all(e.trainees.count() == 2 for e in enrollments)


def test_demo_rows_pass_validation(logins):
    for standard in ProductStandard.objects.all():
        standard.full_clean()
    assert ProductStandard.objects.filter(kind=StandardKind.FDA).exists()
    for group in ProducerGroup.objects.all():
        group.full_clean()
        assert group.postal_code == group.subdistrict.postal_codes[0]


def test_chachoengsao_health_care_group(logins):
    group = ProducerGroup.objects.get(name="กลุ่มผลิตภัณฑ์ดูแลสุขภาพ")
    assert (group.subdistrict_id, group.village_no, group.postal_code) == ("240113", 6, "24000")
    assert group.products.filter(category=Category.HERBAL).exists()
    assert Committee.objects.get(network__province_id="24").fiscal_year == 2564
    assert Cohort.objects.get(province_id="24", fiscal_year=2564).enrollments.filter(group=group).exists()


def test_logins_work(logins, settings):
    settings.DEBUG = True  # as under `make run`: with DEBUG off demo accounts are refused (kbo/accounts)
    assert [username for _, username, _ in logins] == ["admin", "ubon", "chachoengsao", "member"]
    request = RequestFactory().post("/accounts/login/")
    users = {username: authenticate(request, username=username, password=password) for _, username, password in logins}
    assert all(users.values())
    assert all(user.is_demo for user in users.values())  # refused with DEBUG off (kbo/accounts)
    assert all(password == DEMO_PASSWORD for _, _, password in logins)
    assert users["admin"].is_national_admin and users["admin"].is_staff
    assert users["ubon"].officer_province_codes == ["34"]
    assert users["chachoengsao"].officer_province_codes == ["24"]
    seat = users["member"].committee_memberships.get()
    assert seat.committee.fiscal_year == 2565 and seat.committee.network.province_id == "34"
    assert seat.role != CommitteeRole.CHAIR


def test_refuses_when_debug_is_off(geography, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        seed_demo(require_debug=True)
    assert not CommitteeMember.objects.exists()
