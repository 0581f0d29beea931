"""Loads the official geography from the `geothai` package into the database."""

import geothai
from django.db import transaction

from kbo.geography.models import District, Province, Region, Subdistrict


@transaction.atomic
def load_geography():
    """Inserts or updates every province, district and subdistrict; safe to run again.

    Returns the number of rows of each level now present in the package's data.
    """
    source_provinces = geothai.provinces()
    source_districts = [d for p in source_provinces for d in geothai.districts(p.code)]
    provinces = [
        Province(code=p.code, name_th=p.name_th, name_en=p.name_en, region=Region.of(p.code)) for p in source_provinces
    ]
    districts = [
        District(code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=d.province_code)
        for d in source_districts
    ]
    subdistricts = [
        Subdistrict(
            code=s.code,
            name_th=s.name_th,
            name_en=s.name_en,
            district_id=s.district_code,
            province_id=s.province_code,
            postal_codes=list(s.postal_codes),
        )
        for d in source_districts
        for s in geothai.subdistricts(d.code)
    ]
    names = ["name_th", "name_en"]
    Province.objects.bulk_create(
        provinces, update_conflicts=True, unique_fields=["code"], update_fields=[*names, "region"]
    )
    District.objects.bulk_create(
        districts, batch_size=500, update_conflicts=True, unique_fields=["code"],
        update_fields=[*names, "province"],
    )
    Subdistrict.objects.bulk_create(
        subdistricts, batch_size=500, update_conflicts=True, unique_fields=["code"],
        update_fields=[*names, "district", "province", "postal_codes"],
    )
    return len(provinces), len(districts), len(subdistricts)
