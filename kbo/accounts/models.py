"""KBO's user, and the roles that scope what each user sees.

- A national admin (CDD headquarters) sees every province.
- A provincial officer sees the provinces they are assigned to (one or more).
- A committee member is a user linked from a `networks.CommitteeMember` row; what they see is
  decided by the contest they sit on, not by a province.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kbo.core import validators


class User(AbstractUser):
    is_national_admin = models.BooleanField(
        _("national admin"),
        default=False,
        help_text=_("CDD headquarters staff who see and manage all 77 provinces."),
    )
    officer_provinces = models.ManyToManyField(
        "geography.Province",
        blank=True,
        related_name="officers",
        verbose_name=_("provincial officer for"),
        help_text=_("The provinces whose KBO register this user keeps."),
    )
    is_national_judge = models.BooleanField(
        _("national judge"),
        default=False,
        help_text=_("Scores the provinces' entries in the national round, in the judging team CDD assigns."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language of KBO's pages and of the reminders it sends."),
    )
    line_user_id = models.CharField(
        _("LINE user id"), max_length=33, blank=True, validators=[validators.line_user_id],
        help_text=_("Reminders also go to LINE when KBO's LINE channel is configured."),
    )
    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        editable=False,
        help_text=_("Created by the demo or benchmark data with a published password; refused on a production server."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def sees_all_provinces(self):
        return self.is_superuser or self.is_national_admin

    @cached_property
    def officer_province_codes(self):
        return list(self.officer_provinces.values_list("code", flat=True))

    @property
    def is_officer(self):
        return bool(self.officer_province_codes)

    @cached_property
    def is_committee_member(self):
        return self.committee_memberships.exists()

    @property
    def is_staff_member(self):
        """Who may use the Django admin: Django staff, national admins and provincial officers."""
        return self.is_staff or self.sees_all_provinces or self.is_officer

    def role_names(self):
        roles = []
        if self.sees_all_provinces:
            roles.append(_("National admin"))
        if self.is_officer:
            roles.append(_("Provincial officer"))
        if self.is_committee_member:
            roles.append(_("Committee member"))
        return roles
