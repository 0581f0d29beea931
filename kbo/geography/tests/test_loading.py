from django.core.management import call_command

from kbo.geography.models import District, Province, Subdistrict


def test_load_geography_is_idempotent_and_prints_the_counts(db, capsys):
    for _ in range(2):
        call_command("load_geography")
        assert capsys.readouterr().out == "77 provinces, 928 districts, 7436 subdistricts\n"
    assert (Province.objects.count(), District.objects.count(), Subdistrict.objects.count()) == (77, 928, 7436)


def test_codes_link_the_levels(db):
    bang_phra = Subdistrict.objects.select_related("district", "province").get(code="240113")
    assert (bang_phra.name_th, bang_phra.name_en) == ("บางพระ", "Bang Phra")
    assert bang_phra.district.code == "2401"
    assert bang_phra.province.name_th == "ฉะเชิงเทรา"
    assert bang_phra.postal_codes == ["24000"]
    assert District.objects.get(code="3401").name_th == "เมืองอุบลราชธานี"
    assert Province.objects.get(code="34").name_en == "Ubon Ratchathani"


def test_names_repeat_so_rows_are_told_apart_by_code(db):
    bang_phra = Subdistrict.objects.filter(name_th="บางพระ")
    assert bang_phra.count() == 5
    assert len({s.full_name() for s in bang_phra.select_related("district", "province")}) == 5


def test_a_subdistrict_with_several_postal_codes_keeps_them_all(db):
    assert Subdistrict.objects.filter(postal_codes__1__isnull=False).exists()
