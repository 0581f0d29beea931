"""Thailand's provinces, districts and subdistricts, keyed by the official DOPA codes.

The rows are reference data loaded from the `geothai` package by `manage.py load_geography`;
nobody edits them by hand. Names repeat across provinces, so everything else stores codes.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kbo.accounts.scoping import scoped_queryset


class Area(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        abstract = True
        ordering = ["code"]

    @property
    def name(self):
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th

    def __str__(self):
        return self.name


class Region(models.TextChoices):
    """The four regions of the national statistics (17, 20, 26 and 14 provinces); Bangkok counts
    as central. A province's region follows the first digit of its DOPA code."""

    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    SOUTH = "south", _("South")

    @classmethod
    def of(cls, province_code):
        return REGION_BY_FIRST_DIGIT[province_code[0]]


REGION_BY_FIRST_DIGIT = {
    "1": Region.CENTRAL, "2": Region.CENTRAL, "7": Region.CENTRAL,  # Bangkok and vicinity, east, west
    "3": Region.NORTHEAST, "4": Region.NORTHEAST,
    "5": Region.NORTH, "6": Region.NORTH,  # upper and lower north
    "8": Region.SOUTH, "9": Region.SOUTH,
}


class Province(Area):
    code = models.CharField(_("province code"), max_length=2, primary_key=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices, default=Region.CENTRAL)

    objects = scoped_queryset("code").as_manager()

    class Meta(Area.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(Area):
    code = models.CharField(_("district code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="districts", verbose_name=_("province")
    )

    objects = scoped_queryset("province").as_manager()

    class Meta(Area.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Subdistrict(Area):
    code = models.CharField(_("subdistrict code"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, models.PROTECT, related_name="subdistricts", verbose_name=_("district")
    )
    # Reference data, consistent by construction: saves a join on every province-scoped query.
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="subdistricts", verbose_name=_("province")
    )
    postal_codes = models.JSONField(_("postal codes"), default=list)

    objects = scoped_queryset("province").as_manager()

    class Meta(Area.Meta):
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    def __str__(self):
        return self.full_name()

    @property
    def only_postal_code(self):
        """The postal code when the subdistrict has just one (most do), else ""."""
        return self.postal_codes[0] if len(self.postal_codes) == 1 else ""

    def full_name(self):
        """Subdistrict, district and province names, as an address line shows them."""
        if (get_language() or "th").startswith("en"):
            return f"{self.name_en}, {self.district.name_en}, {self.province.name_en}"
        return f"ตำบล{self.name_th} อำเภอ{self.district.name_th} จังหวัด{self.province.name_th}"
