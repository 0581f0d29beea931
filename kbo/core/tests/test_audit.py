"""The register's audit trail: recorded through the real views and the admin, shown per province
on the change-history page, on the rows' own pages and in the admin."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from conftest import CHACHOENGSAO, UBON
from kbo.core import audit
from products.enums import Category, GroupKind
from products.models import ProducerGroup
from products.tests.factories import ProducerGroupFactory, ProductFactory
from products.tests.test_group_views import product_data

HISTORY = reverse("networks:history")
CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


@pytest.fixture
def ubon_product(geography):
    group = ProducerGroupFactory(name="กลุ่มทอผ้าไหมบ้านโนนสวาง")
    return ProductFactory(group=group, name="ข้าวหอมมะลิอินทรีย์", category=Category.FOOD, price="100.00")


@pytest.fixture
def chachoengsao_group(geography):
    return ProducerGroupFactory(name="กลุ่มผลิตภัณฑ์สุขภาพบางพระ", subdistrict_id="240113", postal_code="24000")


def entry(obj, action):
    return LogEntry.objects.get_for_object(obj).get(action=action)


def history_names(client, user, query=""):
    client.force_login(user)
    response = client.get(HISTORY + query)
    assert response.status_code == 200
    return sorted({change.entry.object_repr for change in response.context["changes"]})


def test_an_officers_edit_records_who_when_and_before_and_after(client, ubon_officer, ubon_product):
    client.force_login(ubon_officer)
    started = timezone.now()
    data = product_data(name=ubon_product.name, category=Category.BEVERAGE, price="135.00", star_level="", star_year="")
    response = client.post(reverse("products:product_update", args=[ubon_product.pk]), data)
    assert response.status_code == 302

    change = entry(ubon_product, UPDATE)
    assert change.actor == ubon_officer
    assert started <= change.timestamp <= timezone.now()
    assert change.additional_data == {"province": UBON}
    assert change.changes == {"category": ["food", "beverage"], "price": ["100.00", "135.00"]}
    assert entry(ubon_product, CREATE).actor is None  # made by the factory, outside any request

    page = client.get(HISTORY).content.decode()
    assert f"{Category.FOOD.label} → {Category.BEVERAGE.label}" in page
    assert "100.00 → 135.00" in page
    assert f'<a href="{ubon_product.get_absolute_url()}">{ubon_product.name}</a>' in page


def test_a_delete_is_recorded_with_its_province_cascade_included(client, ubon_officer, ubon_product):
    group = ubon_product.group
    client.force_login(ubon_officer)
    response = client.post(reverse("products:group_delete", args=[group.pk]))
    assert response.status_code == 302 and not ProducerGroup.objects.exists()

    deleted = LogEntry.objects.filter(action=DELETE).order_by("pk")
    assert [(e.object_repr, e.additional_data, e.actor) for e in deleted] == [
        (ubon_product.name, {"province": UBON}, ubon_officer),
        (group.name, {"province": UBON}, ubon_officer),
    ]
    assert deleted[0].changes["price"] == ["100.00", "None"]
    # Still listed for Ubon's officer, without a link to a row that is gone.
    client.force_login(ubon_officer)
    page = client.get(HISTORY).content.decode()
    assert group.name in page and group.get_absolute_url() not in page


def test_officers_see_their_own_provinces_changes_and_national_admins_all(
    client, ubon_officer, chachoengsao_officer, national_admin, ubon_product, chachoengsao_group
):
    ubon = [ubon_product.group.name, ubon_product.name]
    assert history_names(client, ubon_officer) == sorted(ubon)
    assert history_names(client, chachoengsao_officer) == [chachoengsao_group.name]
    assert history_names(client, national_admin) == sorted([*ubon, chachoengsao_group.name])
    assert history_names(client, national_admin, f"?province={CHACHOENGSAO}") == [chachoengsao_group.name]
    assert history_names(client, national_admin, "?kind=products.product") == [ubon_product.name]


def test_an_officer_cannot_filter_their_way_into_another_province(client, ubon_officer, ubon_product, chachoengsao_group):
    assert history_names(client, ubon_officer, f"?province={CHACHOENGSAO}") == sorted(
        [ubon_product.group.name, ubon_product.name]
    )  # a one-province officer has no province filter: the parameter is ignored


@pytest.mark.permissions
def test_committee_members_are_refused_and_anonymous_users_sent_to_log_in(client, committee_member):
    response = client.get(HISTORY)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(committee_member)
    assert client.get(HISTORY).status_code == 403


def test_an_admin_edit_is_recorded_with_the_admin_as_actor(client, national_admin, chachoengsao_group):
    client.force_login(national_admin)
    data = {
        "name": "กลุ่มผลิตภัณฑ์สุขภาพบางพระ หมู่ 6", "kind": "community", "member_count": "30", "village_no": "6",
        "district": "2401", "subdistrict": "240113", "postal_code": "24000",
        "products-TOTAL_FORMS": "0", "products-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:products_producergroup_change", args=[chachoengsao_group.pk]), data)
    assert response.status_code == 302
    change = entry(chachoengsao_group, UPDATE)
    assert change.actor == national_admin
    assert change.additional_data == {"province": CHACHOENGSAO}
    assert change.changes["name"] == ["กลุ่มผลิตภัณฑ์สุขภาพบางพระ", "กลุ่มผลิตภัณฑ์สุขภาพบางพระ หมู่ 6"]


@pytest.mark.permissions
def test_the_admins_log_is_scoped_and_read_only(client, ubon_officer, national_admin, ubon_product, chachoengsao_group):
    changelist = reverse("admin:auditlog_logentry_changelist")
    outsider = entry(chachoengsao_group, CREATE)
    client.force_login(ubon_officer)
    response = client.get(changelist)
    assert sorted(e.object_repr for e in response.context["cl"].result_list) == sorted(
        [ubon_product.group.name, ubon_product.name]
    )
    response = client.get(reverse("admin:auditlog_logentry_change", args=[outsider.pk]))
    assert response.status_code == 302 and response.url == reverse("admin:index")

    client.force_login(national_admin)
    assert len(client.get(changelist).context["cl"].result_list) == 3
    response = client.post(reverse("admin:auditlog_logentry_delete", args=[outsider.pk]), {"post": "yes"})
    assert response.status_code == 403
    response = client.post(reverse("admin:auditlog_logentry_change", args=[outsider.pk]), {"object_repr": "x"})
    assert response.status_code == 403
    assert LogEntry.objects.get(pk=outsider.pk).object_repr == chachoengsao_group.name


def test_a_products_page_shows_its_recent_changes(client, ubon_officer, ubon_product):
    ubon_product.price = "90.00"
    ubon_product.save()
    client.force_login(ubon_officer)
    response = client.get(ubon_product.get_absolute_url())
    assert [(c.entry.action, [(f.before, f.after) for f in c.fields]) for c in response.context["changes"]] == [
        (UPDATE, [("100.00", "90.00")]),
        (CREATE, []),
    ]
    assert "100.00 → 90.00" in response.content.decode()


def test_values_read_as_the_register_shows_them(ubon_committee):
    group = ProducerGroupFactory(kind=GroupKind.COMMUNITY)
    group.kind, group.subdistrict_id = GroupKind.SME, "340104"
    group.save()
    ubon_committee.order_date = datetime.date(2022, 2, 1)
    ubon_committee.save()
    entries = LogEntry.objects.filter(action=UPDATE).select_related("actor", "content_type").order_by("pk")
    with translation.override("en"):
        group_change, committee_change = audit.describe(entries)
        assert [(f.field, f.before, f.after) for f in group_change.fields] == [
            ("Kind", "Community group", "SME"),
            ("Subdistrict", "Nai Mueang, Mueang Ubon Ratchathani, Ubon Ratchathani",
             "Hua Ruea, Mueang Ubon Ratchathani, Ubon Ratchathani"),
        ]
        assert [(f.field, f.before, f.after) for f in committee_change.fields] == [
            ("Appointment order date", "01/10/2565", "02/01/2565"),  # English order, BE years
        ]
        assert group_change.actor == "System"  # saved outside any request


@pytest.mark.parametrize("groups", [1, 12])  # up to a full page of 25
def test_the_history_page_costs_the_same_queries_for_any_number_of_changes(
    client, ubon_officer, django_assert_num_queries, groups
):
    for _ in range(groups):
        ProductFactory(group=ProducerGroupFactory())  # a group and a product, each with a foreign key
    client.force_login(ubon_officer)
    # session, user, provinces, count, entries, groups and subdistricts named in the changes,
    # groups and products still there to link to
    with django_assert_num_queries(9):
        response = client.get(HISTORY)
    assert len(response.context["changes"]) == groups * 2
