from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")


class PartnerKind(models.TextChoices):
    EDUCATION = "education", _("University or school")
    TECHNICAL = "technical", _("Technical agency")
    PRIVATE = "private", _("Private firm")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PEOPLE = "people", _("People's representative")
    PROVINCIAL_ORGANISATION = "provincial_org", _("Provincial organisation")


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
