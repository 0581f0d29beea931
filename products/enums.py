from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupKind(models.TextChoices):
    COMMUNITY = "community", _("Community group")
    INDIVIDUAL = "individual", _("Individual entrepreneur")
    SME = "sme", _("SME")


class Category(models.TextChoices):
    """The five official OTOP product categories."""

    FOOD = "food", _("Food")
    BEVERAGE = "beverage", _("Beverages")
    TEXTILE = "textile", _("Textiles and garments")
    UTILITY = "utility", _("Utility, decorative and souvenir items")
    HERBAL = "herbal", _("Non-food herbal products")


class StandardKind(models.TextChoices):
    FDA = "fda", _("FDA (อย.)")
    TCPS = "tcps", _("Community product standard (มผช.)")
    TIS = "tis", _("Industrial standard (มอก.)")
    GMP = "gmp", _("GMP")
    HALAL = "halal", _("Halal")
    ORGANIC = "organic", _("Organic")
    OTHER = "other", _("Other")


class ProcurementMethod(models.TextChoices):
    E_BIDDING = "e_bidding", _("Electronic bidding (e-bidding)")
    SPECIFIC = "specific", _("Specific method")
    SELECTION = "selection", _("Selection")
    IN_HOUSE = "in_house", _("Run by the provincial office")
