from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from kbo.geography.models import District, Subdistrict
from products.enums import StandardKind
from products.forms import ProducerGroupForm
from products.models import ProducerGroup, Product, ProductStandard
from products.tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.usefixtures("geography")


def violates_constraint(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize("level", [0, 6])
def test_star_level_is_one_to_five(level):
    group = ProducerGroupFactory()
    violates_constraint(lambda: ProductFactory(group=group, star_level=level, star_year=2565))
    assert ProductFactory(group=group, star_level=5, star_year=2565).star_level == 5


def test_star_level_and_year_go_together():
    violates_constraint(lambda: ProductFactory(star_level=3, star_year=None))
    violates_constraint(lambda: ProductFactory(star_level=None, star_year=2565))


def test_price_cannot_be_negative():
    violates_constraint(lambda: ProductFactory(price=Decimal("-1")))
    product = ProductFactory.build(group=ProducerGroupFactory(), price=Decimal("-1"))
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        product.full_clean()
    assert "price" in refused.value.message_dict


def test_otop_registration_numbers_are_unique_when_given():
    ProducerGroupFactory(otop_registration_number="OTOP-34-0001")
    violates_constraint(lambda: ProducerGroupFactory(otop_registration_number="OTOP-34-0001"))
    # Groups without a number are many.
    ProducerGroupFactory.create_batch(2, otop_registration_number="")


@pytest.mark.parametrize(("number", "valid"), [("34-1-12345-2-0001", True), ("3411234520001", True), ("34-1-12345-2-001", False), ("34-1-12345-2-00011", False)])
def test_an_fda_number_has_13_digits(number, valid):
    standard = ProductStandard(product=ProductFactory(), kind=StandardKind.FDA, number=number)
    with translation.override("th"):
        if valid:
            standard.full_clean()
        else:
            with pytest.raises(ValidationError) as refused:
                standard.full_clean()
            assert refused.value.message_dict == {"number": ["เลขสารบบอาหาร (อย.) มี 13 หลัก เช่น 34-1-12345-2-0001"]}


def group_form_data(**changes):
    data = {
        "name": "กลุ่มผลิตภัณฑ์ดูแลสุขภาพ", "kind": "community", "member_count": "12",
        "village_no": "6", "district": "2401", "subdistrict": "240113", "postal_code": "",
    }
    return {**data, **changes}


def test_group_form_fills_the_postal_code_and_saves():
    form = ProducerGroupForm(group_form_data())
    assert form.is_valid(), form.errors
    group = form.save()
    assert (group.subdistrict_id, group.postal_code, group.village_no) == ("240113", "24000", 6)


def test_group_form_refuses_a_subdistrict_outside_the_district_and_saves_nothing():
    form = ProducerGroupForm(group_form_data(district="3401"))
    with translation.override("th"):
        assert not form.is_valid()
        assert form.errors["subdistrict"] == ["ตำบลบางพระ อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา ไม่อยู่ในอำเภอเมืองอุบลราชธานี"]
    assert form["name"].value() == "กลุ่มผลิตภัณฑ์ดูแลสุขภาพ"  # the user's input is kept
    assert not ProducerGroup.objects.exists()


def test_group_form_refuses_unknown_codes_and_foreign_postal_codes():
    form = ProducerGroupForm(group_form_data(subdistrict="999999"))
    assert not form.is_valid() and "subdistrict" in form.errors
    form = ProducerGroupForm(group_form_data(postal_code="34000"))
    assert not form.is_valid() and "postal_code" in form.errors
    assert not ProducerGroup.objects.exists()


def test_group_form_asks_which_postal_code_when_a_subdistrict_has_several():
    several = Subdistrict.objects.filter(postal_codes__1__isnull=False).first()
    form = ProducerGroupForm(group_form_data(district=several.district_id, subdistrict=several.code))
    assert not form.is_valid()
    assert list(form.errors) == ["postal_code"]
    form = ProducerGroupForm(group_form_data(district=several.district_id, subdistrict=several.code, postal_code=several.postal_codes[1]))
    assert form.is_valid(), form.errors


def test_group_form_offers_an_officer_only_their_provinces_districts(ubon_officer):
    form = ProducerGroupForm(user=ubon_officer)
    assert set(form.fields["district"].queryset) == set(District.objects.filter(province_id="34"))
    form = ProducerGroupForm(group_form_data(), user=ubon_officer)
    assert not form.is_valid() and "district" in form.errors


def test_product_listing_is_scoped_by_province(ubon_officer, chachoengsao_officer, national_admin):
    ubon = ProductFactory()
    chachoengsao = ProductFactory(group=ProducerGroupFactory(subdistrict_id="240113", postal_code="24000"))
    assert list(Product.objects.visible_to(ubon_officer)) == [ubon]
    assert list(Product.objects.visible_to(chachoengsao_officer)) == [chachoengsao]
    assert set(Product.objects.visible_to(national_admin)) == {ubon, chachoengsao}


def test_group_form_renders_its_subdistrict_choices_in_one_query(ubon_officer, django_assert_num_queries):
    form = ProducerGroupForm(user=ubon_officer)
    with django_assert_num_queries(1):
        options = str(form["subdistrict"])
    assert options.count("<option") == Subdistrict.objects.filter(province_id="34").count() + 1
    assert "ตำบลในเมือง อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี" in options
