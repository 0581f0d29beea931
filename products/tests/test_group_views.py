"""Producer groups, products, standards and photos in the officers' workspace."""

import datetime
import re

import pytest
from django.urls import reverse

from kbo.accounts.tests.factories import UserFactory
from kbo.geography.models import District, Subdistrict
from products.enums import StandardKind
from products.models import Enrollment, ProducerGroup, Product, ProductPhoto, ProductStandard
from products.tests.factories import CohortFactory, ProducerGroupFactory, ProductFactory

# Messages not yet in the Thai catalogue are checked in English: the request asks for it.
ENGLISH = {"accept-language": "en"}


@pytest.fixture
def ubon_group(geography):
    return ProducerGroupFactory(name="กลุ่มทอผ้าไหมบ้านโนนสวาง", otop_registration_number="OTOP-34-001", village_no=6)


@pytest.fixture
def ubon_product(ubon_group):
    return ProductFactory(group=ubon_group, name="ผ้าไหมมัดหมี่ลายนาคน้อย", star_level=4, star_year=2565)


def group_data(**changes):
    data = {
        "name": "กลุ่มแม่บ้านเกษตรกรบ้านหนองขอน", "kind": "community", "otop_registration_number": "",
        "leader_name": "นางสมหมาย ใจงาม", "member_count": "18", "village_no": "6",
        "district": "3401", "subdistrict": "340101", "postal_code": "", "phone": "", "email": "",
    }
    return {**data, **changes}


def product_data(*standards, **changes):
    data = {
        "name": "ข้าวหอมมะลิอินทรีย์", "category": "food", "price": "120.50", "star_level": "3", "star_year": "2566",
        "description": "", "identity_story": "", "innovation": "",
        "standards-TOTAL_FORMS": str(len(standards)), "standards-INITIAL_FORMS": "0",
        "standards-MIN_NUM_FORMS": "0", "standards-MAX_NUM_FORMS": "1000",
    }
    for index, standard in enumerate(standards):
        data.update({f"standards-{index}-{key}": value for key, value in standard.items()})
    return {**data, **changes}


def option_values(html):
    return re.findall(r'<option value="([^"]*)"', html)


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_group_list_queries_do_not_grow_with_rows(client, ubon_officer, django_assert_num_queries, rows):
    for _ in range(rows):
        ProductFactory(group=ProducerGroupFactory())
    client.force_login(ubon_officer)
    with django_assert_num_queries(6):
        response = client.get(reverse("products:group_list"))
    assert response.context["paginator"].count == rows
    assert response.context["rows"][0][1][-1] == 1  # number of products


@pytest.mark.parametrize("rows", [1, 30])
def test_product_list_queries_do_not_grow_with_rows(client, ubon_officer, django_assert_num_queries, rows):
    ProductFactory.create_batch(rows)
    client.force_login(ubon_officer)
    with django_assert_num_queries(5):
        response = client.get(reverse("products:product_list"))
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("products", [1, 10])
def test_group_detail_queries_do_not_grow_with_products(client, ubon_group, ubon_officer, django_assert_num_queries, products):
    ProductFactory.create_batch(products, group=ubon_group)
    client.force_login(ubon_officer)
    with django_assert_num_queries(6):  # 5, and the group's recent changes
        response = client.get(ubon_group.get_absolute_url())
    assert len(response.context["products"]) == products


# --- Permissions ----------------------------------------------------------------------------


@pytest.fixture
def register(ubon_product):
    photo = ProductPhoto.objects.create(product=ubon_product, image="products/existing.jpg")
    return {"group": ubon_product.group, "product": ubon_product, "photo": photo}


def object_urls(register):
    group, product, photo = register["group"], register["product"], register["photo"]
    return [
        ("get", reverse("products:group_detail", args=[group.pk])),
        ("get", reverse("products:group_update", args=[group.pk])),
        ("get", reverse("products:group_delete", args=[group.pk])),
        ("get", reverse("products:product_create", args=[group.pk])),
        ("get", reverse("products:product_detail", args=[product.pk])),
        ("get", reverse("products:product_update", args=[product.pk])),
        ("get", reverse("products:product_delete", args=[product.pk])),
        ("post", reverse("products:product_photo_add", args=[product.pk])),
        ("post", reverse("products:product_photo_delete", args=[photo.pk])),
        ("get", reverse("products:address_districts") + "?province=34"),
        ("get", reverse("products:address_subdistricts") + "?district=3401"),
        ("get", reverse("products:address_postal_codes") + "?subdistrict=340101"),
    ]


def own_urls():
    return [
        ("get", reverse("products:group_list")),
        ("get", reverse("products:group_create")),
        ("get", reverse("products:product_list")),
    ]


def statuses(client, urls):
    return [getattr(client, method)(url).status_code for method, url in urls]


def row_counts():
    return [model.objects.count() for model in (ProducerGroup, Product, ProductPhoto)]


@pytest.mark.permissions
def test_anonymous_users_are_sent_to_log_in(client, register):
    urls = own_urls() + object_urls(register)
    assert statuses(client, urls) == [302] * 15
    assert client.get(reverse("products:group_list")).url.startswith("/accounts/login/")
    assert row_counts() == [1, 1, 1]


@pytest.mark.permissions
@pytest.mark.parametrize("persona", ["committee_member", "plain_user"])
def test_people_without_a_register_role_are_refused(client, request, register, persona):
    user = UserFactory(username="plain") if persona == "plain_user" else request.getfixturevalue(persona)
    client.force_login(user)
    assert statuses(client, own_urls() + object_urls(register)) == [403] * 15
    assert client.post(reverse("products:group_create"), group_data()).status_code == 403
    assert row_counts() == [1, 1, 1]


@pytest.mark.permissions
def test_another_provinces_rows_do_not_exist(client, register, chachoengsao_officer):
    client.force_login(chachoengsao_officer)
    assert statuses(client, own_urls()) == [200, 200, 200]
    assert statuses(client, object_urls(register)) == [404] * 12
    group, product = register["group"], register["product"]
    client.post(reverse("products:group_delete", args=[group.pk]))
    client.post(reverse("products:product_delete", args=[product.pk]))
    client.post(reverse("products:group_update", args=[group.pk]), group_data(name="ถูกแก้"))
    client.post(reverse("products:product_create", args=[group.pk]), product_data())
    assert row_counts() == [1, 1, 1]
    assert ProducerGroup.objects.get().name == "กลุ่มทอผ้าไหมบ้านโนนสวาง"
    assert client.get(reverse("products:group_list")).context["paginator"].count == 0


@pytest.mark.permissions
@pytest.mark.parametrize("persona", ["ubon_officer", "national_admin"])
def test_officers_and_national_admins_reach_every_page(client, request, register, persona):
    client.force_login(request.getfixturevalue(persona))
    urls = own_urls() + object_urls(register)
    # Photo upload without a file re-shows the product page; photo deletion redirects.
    assert statuses(client, urls) == [200] * 11 + [302] + [200] * 3
    assert row_counts() == [1, 1, 0]


# --- Producer groups ------------------------------------------------------------------------


def test_group_list_searches_and_filters(client, ubon_officer):
    ProducerGroupFactory(name="กลุ่มจักสานบ้านท่าช้าง", kind="sme", leader_name="นายสมปอง")
    ProducerGroupFactory(name="กลุ่มทอผ้า", subdistrict_id="341501", postal_code="34190")
    client.force_login(ubon_officer)
    url = reverse("products:group_list")

    def names(**query):
        return [obj.name for obj, _values in client.get(url, query).context["rows"]]

    assert names(q="สมปอง") == ["กลุ่มจักสานบ้านท่าช้าง"]
    assert names(kind="sme") == ["กลุ่มจักสานบ้านท่าช้าง"]
    assert names(district="3401") == ["กลุ่มจักสานบ้านท่าช้าง"]
    response = client.get(url)
    assert "province" not in response.context["filterset"].form.fields
    assert set(response.context["filterset"].form.fields["district"].queryset) == set(District.objects.filter(province_id="34"))


def test_national_admin_filters_groups_by_province(client, national_admin):
    ProducerGroupFactory(name="กลุ่มอุบล")
    ProducerGroupFactory(name="กลุ่มฉะเชิงเทรา", subdistrict_id="240113", postal_code="24000")
    client.force_login(national_admin)
    response = client.get(reverse("products:group_list"), {"province": "24"})
    assert [obj.name for obj, _values in response.context["rows"]] == ["กลุ่มฉะเชิงเทรา"]


def test_group_list_columns(client, ubon_group, ubon_officer):
    ProductFactory.create_batch(2, group=ubon_group)
    client.force_login(ubon_officer)
    response = client.get(reverse("products:group_list"), headers=ENGLISH)
    assert response.context["rows"][0][1] == [
        "กลุ่มทอผ้าไหมบ้านโนนสวาง", "Community group", "OTOP-34-001", 6,
        "Nai Mueang / Mueang Ubon Ratchathani", 2,
    ]


def test_officer_creates_a_group_in_their_province(client, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(reverse("products:group_create"), group_data(province="24"))
    group = ProducerGroup.objects.get()
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert (group.subdistrict_id, group.postal_code, group.village_no) == ("340101", "34000", 6)
    response = client.get(response.url)
    assert response.context["messages"]
    page = response.content.decode()
    assert "หมู่ที่ 6 ตำบลในเมือง อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี 34000" in page


def test_group_form_offers_only_the_chosen_province_and_district(client, ubon_officer):
    client.force_login(ubon_officer)
    form = client.get(reverse("products:group_create")).context["form"]
    assert form["province"].value() == "34" and form.fields["province"].disabled
    districts = option_values(str(form["district"]))
    assert districts == ["", *District.objects.filter(province_id="34").values_list("code", flat=True)]
    assert len(districts) == 26
    assert option_values(str(form["subdistrict"])) == [""]
    assert option_values(str(form["postal_code"])) == [""]
    assert form["district"].field.widget.attrs["hx-get"] == reverse("products:address_subdistricts")


def test_group_form_with_errors_keeps_the_input_and_its_option_lists(client, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(reverse("products:group_create"), group_data(subdistrict="240113", postal_code="24000"), headers=ENGLISH)
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {"subdistrict": ["Select a valid choice. That choice is not one of the available choices."]}
    assert form["name"].value() == "กลุ่มแม่บ้านเกษตรกรบ้านหนองขอน"
    assert option_values(str(form["subdistrict"])) == [
        "", *Subdistrict.objects.filter(district_id="3401").values_list("code", flat=True)
    ]
    assert re.search(r'<select name="subdistrict"[^>]* class="select form-select is-invalid"', response.content.decode())
    assert not ProducerGroup.objects.exists()


def test_a_duplicate_registration_number_is_refused_in_thai_beside_the_field(client, ubon_group, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(reverse("products:group_create"), group_data(otop_registration_number="OTOP-34-001"))
    form = response.context["form"]
    assert form.errors == {"otop_registration_number": ["เลขทะเบียน OTOP นี้เป็นของกลุ่มผู้ผลิตอื่นแล้ว"]}
    assert form["name"].value() == "กลุ่มแม่บ้านเกษตรกรบ้านหนองขอน"
    assert list(ProducerGroup.objects.all()) == [ubon_group]


def test_group_form_validates_the_address_without_javascript(client, national_admin):
    client.force_login(national_admin)
    url = reverse("products:group_create")
    response = client.post(url, group_data(province="34", district="3401", subdistrict="340201"))
    assert response.context["form"].errors == {
        "subdistrict": ["ตำบลนาคำ อำเภอศรีเมืองใหม่ จังหวัดอุบลราชธานี ไม่อยู่ในอำเภอเมืองอุบลราชธานี"]
    }
    response = client.post(url, group_data(province="34", postal_code="24000"))
    assert list(response.context["form"].errors) == ["postal_code"]
    assert response.context["form"].errors["postal_code"][0].startswith("24000 ไม่ใช่รหัสไปรษณีย์ของตำบลในเมือง")
    response = client.post(url, group_data(province="24", district="3401"), headers=ENGLISH)
    assert response.context["form"].errors == {
        "district": ["Mueang Ubon Ratchathani district is not in Chachoengsao province."]
    }
    response = client.post(url, group_data(province="34", district="9999", subdistrict="999999"))
    assert set(response.context["form"].errors) == {"district", "subdistrict"}
    assert not ProducerGroup.objects.exists()


def test_officer_edits_a_group(client, ubon_group, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("products:group_update", args=[ubon_group.pk])
    form = client.get(url).context["form"]
    assert (form["province"].value(), form["district"].value(), form["subdistrict"].value()) == ("34", "3401", "340101")
    assert option_values(str(form["postal_code"])) == ["34000"]
    response = client.post(url, group_data(name="กลุ่มทอผ้าไหมบ้านโนนสวาง (ใหม่)", subdistrict="340104"))
    assert response.status_code == 302
    ubon_group.refresh_from_db()
    assert (ubon_group.name, ubon_group.subdistrict_id, ubon_group.postal_code) == (
        "กลุ่มทอผ้าไหมบ้านโนนสวาง (ใหม่)", "340104", "34000"
    )


def test_deleting_a_group_in_a_cohort_is_refused_with_a_message(client, ubon_group, ubon_officer):
    Enrollment.objects.create(cohort=CohortFactory(), group=ubon_group)
    client.force_login(ubon_officer)
    response = client.post(reverse("products:group_delete", args=[ubon_group.pk]), follow=True, headers=ENGLISH)
    assert response.redirect_chain == [(ubon_group.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]] == ["This cannot be deleted while other records refer to it."]
    assert ProducerGroup.objects.count() == 1


def test_deleting_a_group(client, ubon_group, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(reverse("products:group_delete", args=[ubon_group.pk]))
    assert response.url == reverse("products:group_list")
    assert not ProducerGroup.objects.exists()


# --- Address options (htmx) -----------------------------------------------------------------


def test_district_options_reset_the_selects_below(client, ubon_officer):
    client.force_login(ubon_officer)
    html = client.get(reverse("products:address_districts"), {"province": "34"}).content.decode()
    assert option_values(html)[:3] == ["", "3401", "3402"]
    assert len(option_values(html)) == 26 + 2  # and one blank option in each reset select
    assert '<select id="id_subdistrict" hx-swap-oob="innerHTML">' in html
    assert '<select id="id_postal_code" hx-swap-oob="innerHTML">' in html


def test_subdistrict_and_postal_code_options(client, national_admin):
    client.force_login(national_admin)
    html = client.get(reverse("products:address_subdistricts"), {"district": "3401"}).content.decode()
    assert option_values(html)[:-1] == ["", *Subdistrict.objects.filter(district_id="3401").values_list("code", flat=True)]
    assert '<option value="340101">ในเมือง</option>' in html
    html = client.get(reverse("products:address_postal_codes"), {"subdistrict": "340101"}).content.decode()
    assert option_values(html) == ["34000"]
    several = Subdistrict.objects.filter(postal_codes__1__isnull=False).first()
    html = client.get(reverse("products:address_postal_codes"), {"subdistrict": several.code}).content.decode()
    assert option_values(html) == ["", *several.postal_codes]
    assert option_values(client.get(reverse("products:address_postal_codes")).content.decode()) == [""]


@pytest.mark.permissions
def test_address_options_of_another_province_are_not_found(client, ubon_officer):
    client.force_login(ubon_officer)
    assert client.get(reverse("products:address_districts"), {"province": "24"}).status_code == 404
    assert client.get(reverse("products:address_subdistricts"), {"district": "2401"}).status_code == 404
    assert client.get(reverse("products:address_postal_codes"), {"subdistrict": "240113"}).status_code == 404
    assert client.get(reverse("products:address_postal_codes"), {"subdistrict": "999999"}).status_code == 404


# --- Products and standards -----------------------------------------------------------------


def test_officer_adds_a_product_with_standards(client, ubon_group, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(
        reverse("products:product_create", args=[ubon_group.pk]),
        product_data(
            {"kind": "fda", "number": "34-1-12345-2-0001", "issued_on": "01/10/2565", "expires_on": "30/09/2568"},
            {"kind": "tcps", "number": "มผช. 20/2555", "issued_on": "", "expires_on": ""},
        ),
    )
    product = Product.objects.get()
    assert response.url == product.get_absolute_url()
    assert (product.group, product.name, str(product.price), product.star_level) == (ubon_group, "ข้าวหอมมะลิอินทรีย์", "120.50", 3)
    assert list(product.standards.values_list("kind", "number", "issued_on", "expires_on")) == [
        ("fda", "34-1-12345-2-0001", datetime.date(2022, 10, 1), datetime.date(2025, 9, 30)),
        ("tcps", "มผช. 20/2555", None, None),
    ]
    page = client.get(response.url).content.decode()
    assert "30 กันยายน 2568" in page
    assert "120.50 บาท" in page


def test_a_bad_standard_keeps_the_input_and_saves_nothing(client, ubon_group, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(
        reverse("products:product_create", args=[ubon_group.pk]),
        product_data({"kind": "fda", "number": "12345", "issued_on": "01/10/2565", "expires_on": "01/10/2564"}),
    )
    form = response.context["form"]
    assert response.status_code == 200
    assert form.standards.errors == [{
        "number": ["เลขสารบบอาหาร (อย.) มี 13 หลัก เช่น 34-1-12345-2-0001"],
        "__all__": ["วันหมดอายุต้องไม่ก่อนวันที่ออกมาตรฐาน"],
    }]
    assert form["name"].value() == "ข้าวหอมมะลิอินทรีย์"
    assert form.standards[0]["number"].value() == "12345"
    assert "เลขสารบบอาหาร (อย.) มี 13 หลัก" in response.content.decode()
    assert not Product.objects.exists() and not ProductStandard.objects.exists()


def test_standard_dates_are_checked(client, ubon_group, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(
        reverse("products:product_create", args=[ubon_group.pk]),
        product_data({"kind": "gmp", "number": "", "issued_on": "31/02/2565", "expires_on": ""}),
        headers=ENGLISH,
    )
    assert response.context["form"].standards.errors == [{"issued_on": ["31/02/2565 is not a day of the calendar."]}]
    assert not Product.objects.exists()


def test_officer_edits_and_removes_a_standard(client, ubon_product, ubon_officer):
    standard = ProductStandard.objects.create(product=ubon_product, kind=StandardKind.GMP, number="G-1")
    client.force_login(ubon_officer)
    page = client.get(reverse("products:product_update", args=[ubon_product.pk])).content.decode()
    # the row's id and its Delete box are on the page, or a save would add the standard again
    assert f'name="standards-0-id" value="{standard.pk}"' in page and 'name="standards-0-DELETE"' in page
    data = product_data(
        {"id": str(standard.pk), "product": str(ubon_product.pk), "kind": "gmp", "number": "G-1", "DELETE": "on"},
        name="ผ้าไหมมัดหมี่ลายนาคน้อย", category="textile", price="2500",
    )
    data["standards-INITIAL_FORMS"] = "1"
    response = client.post(reverse("products:product_update", args=[ubon_product.pk]), data)
    assert response.status_code == 302
    ubon_product.refresh_from_db()
    assert (str(ubon_product.price), ubon_product.standards.count()) == ("2500.00", 0)


def test_product_list_filters(client, ubon_officer):
    ProductFactory(name="น้ำพริกเผา", category="food", star_level=5, star_year=2566)
    ProductFactory(name="ผ้าขาวม้า", category="textile")
    client.force_login(ubon_officer)
    url = reverse("products:product_list")

    def names(**query):
        return [obj.name for obj, _values in client.get(url, query).context["rows"]]

    assert names(category="food") == ["น้ำพริกเผา"]
    assert names(star_level="5") == ["น้ำพริกเผา"]
    assert names(q="ขาวม้า") == ["ผ้าขาวม้า"]


def test_deleting_a_product_goes_back_to_its_group(client, ubon_product, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(reverse("products:product_delete", args=[ubon_product.pk]))
    assert response.url == ubon_product.group.get_absolute_url()
    assert not Product.objects.exists()
