"""The Django admin, as each persona meets it: officers keep only their own province's register."""

import pytest
from django.urls import reverse

from kbo.geography.models import Subdistrict
from products.models import ProducerGroup
from products.tests.factories import ProducerGroupFactory

pytestmark = pytest.mark.permissions


@pytest.fixture
def groups(geography):
    return {
        "34": ProducerGroupFactory(name="กลุ่มอุบล"),
        "24": ProducerGroupFactory(name="กลุ่มฉะเชิงเทรา", subdistrict_id="240113", postal_code="24000"),
    }


def changelist_names(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:products_producergroup_changelist"))
    assert response.status_code == 200
    return sorted(g.name for g in response.context["cl"].result_list)


def test_officer_changelist_shows_only_their_province(client, groups, ubon_officer, chachoengsao_officer, national_admin):
    assert changelist_names(client, ubon_officer) == ["กลุ่มอุบล"]
    assert changelist_names(client, chachoengsao_officer) == ["กลุ่มฉะเชิงเทรา"]
    assert changelist_names(client, national_admin) == ["กลุ่มฉะเชิงเทรา", "กลุ่มอุบล"]


def test_another_provinces_row_does_not_exist_for_an_officer(client, groups, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("admin:products_producergroup_change", args=[groups["24"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("admin:index")
    response = client.post(reverse("admin:products_producergroup_delete", args=[groups["24"].pk]), {"post": "yes"})
    assert response.status_code == 302
    assert ProducerGroup.objects.filter(pk=groups["24"].pk).exists()


def test_officer_cannot_register_a_group_in_another_province(client, ubon_officer):
    client.force_login(ubon_officer)
    data = {
        "name": "กลุ่มแอบสร้าง", "kind": "community", "member_count": "5", "village_no": "6",
        "district": "2401", "subdistrict": "240113", "postal_code": "24000",
        "products-TOTAL_FORMS": "0", "products-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:products_producergroup_add"), data)
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"district", "subdistrict"}
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in response.content.decode()
    assert not ProducerGroup.objects.exists()
    data.update(district="3401", subdistrict="340101", postal_code="34000")
    response = client.post(reverse("admin:products_producergroup_add"), data)
    assert response.status_code == 302
    assert ProducerGroup.objects.get().subdistrict.province_id == "34"


def test_officer_sees_only_their_province_in_network_choices(client, ubon_officer):
    client.force_login(ubon_officer)
    response = client.get(reverse("admin:networks_network_add"))
    assert [p.code for p in response.context["adminform"].form.fields["province"].queryset] == ["34"]


def test_subdistrict_autocomplete_is_scoped(client, ubon_officer, national_admin):
    url = reverse("admin:autocomplete") + "?app_label=products&model_name=producergroup&field_name=subdistrict&term=บางพระ"
    bang_phra = set(Subdistrict.objects.filter(name_th="บางพระ").values_list("code", flat=True))
    client.force_login(ubon_officer)
    assert client.get(url).json()["results"] == []
    client.force_login(national_admin)
    assert bang_phra <= {result["id"] for result in client.get(url).json()["results"]}
    assert len(bang_phra) == 5


@pytest.mark.parametrize("persona", ["committee_member", "plain_user"])
def test_people_without_a_register_role_cannot_enter_the_admin(client, request, persona, geography):
    if persona == "plain_user":
        from kbo.accounts.tests.factories import UserFactory

        user = UserFactory()
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_only_national_admins_manage_accounts(client, ubon_officer, national_admin):
    client.force_login(ubon_officer)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    client.force_login(national_admin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_national_admin_cannot_edit_a_superuser(client, national_admin):
    from kbo.accounts.tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    client.force_login(national_admin)
    response = client.post(reverse("admin:accounts_user_change", args=[root.pk]), {"username": "hijacked"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.username == "root"


def test_geography_is_read_only_for_everyone(client, national_admin):
    client.force_login(national_admin)
    assert client.get(reverse("admin:geography_province_changelist")).status_code == 200
    assert client.get(reverse("admin:geography_province_add")).status_code == 403


def test_admin_changelists_cost_a_constant_number_of_queries(client, django_assert_num_queries, national_admin, geography):
    client.force_login(national_admin)
    url = reverse("admin:products_producergroup_changelist")
    ProducerGroupFactory()
    client.get(url)
    with django_assert_num_queries(8) as one:
        client.get(url)
    ProducerGroupFactory.create_batch(10)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
