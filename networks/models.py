"""The register of KBO networks (ทะเบียนเครือข่าย KBO): one network per province, its knowledge
partners, and the provincial committee appointed for each fiscal year."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kbo.accounts.scoping import scoped_queryset
from kbo.core import validators
from kbo.core.constraints import one_of
from kbo.core.thaidates import fiscal_year_bounds
from networks.enums import CommitteeRole, NetworkStatus, PartnerKind, Sector

# KBO networks began in FY 2549; a fiscal year far beyond today is a typing error.
FIRST_FISCAL_YEAR = 2549
LAST_FISCAL_YEAR = 2700
fiscal_year_validators = [MinValueValidator(FIRST_FISCAL_YEAR), MaxValueValidator(LAST_FISCAL_YEAR)]
FIRST_DAY = fiscal_year_bounds(FIRST_FISCAL_YEAR)[0]  # 1 October 2005: no network is older


def fiscal_year_check(name):
    return models.CheckConstraint(
        condition=Q(fiscal_year__gte=FIRST_FISCAL_YEAR, fiscal_year__lte=LAST_FISCAL_YEAR),
        name=name,
        violation_error_message=_("A fiscal year is a Buddhist Era year from 2549 to 2700."),
    )


class Contact(models.Model):
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validators.thai_phone])
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        abstract = True


class Network(Contact):
    province = models.OneToOneField(
        "geography.Province", models.PROTECT, related_name="kbo_network", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=200)
    registered_on = models.DateField(_("registered since"))
    status = models.CharField(
        _("status"), max_length=10, choices=NetworkStatus.choices, default=NetworkStatus.ACTIVE
    )
    address = models.TextField(_("office address"), blank=True)

    objects = scoped_queryset("province").as_manager()

    class Meta:
        verbose_name = _("KBO network")
        verbose_name_plural = _("KBO networks")
        ordering = ["province"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_on__gte=FIRST_DAY),
                name="network_registered_since_fy_2549",
                violation_error_message=_(
                    "KBO networks began in fiscal year 2549: a network cannot be registered before 1 October 2548."
                ),
            ),
            one_of("status", NetworkStatus, "network_status_choices"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:network_detail", args=[self.pk])


class KnowledgePartner(Contact):
    network = models.ForeignKey(
        Network, models.CASCADE, related_name="partners", verbose_name=_("KBO network")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    expertise = models.TextField(_("knowledge offered"), blank=True)

    objects = scoped_queryset("network__province").as_manager()

    class Meta:
        verbose_name = _("knowledge partner")
        verbose_name_plural = _("knowledge partners")
        ordering = ["network", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="partner_unique_name_per_network",
                violation_error_message=_("This network already has a partner of that name."),
            ),
            one_of("kind", PartnerKind, "partner_kind_choices"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:network_detail", args=[self.network_id]) + f"#partner-{self.pk}"


class Committee(models.Model):
    network = models.ForeignKey(
        Network, models.PROTECT, related_name="committees", verbose_name=_("KBO network")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (BE)"), validators=fiscal_year_validators
    )
    order_number = models.CharField(_("appointment order number"), max_length=50, blank=True)
    order_date = models.DateField(_("appointment order date"), null=True, blank=True)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    objects = scoped_queryset("network__province").as_manager()

    class Meta:
        verbose_name = _("provincial KBO committee")
        verbose_name_plural = _("provincial KBO committees")
        ordering = ["network", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "fiscal_year"],
                name="committee_one_per_network_and_year",
                violation_error_message=_("This network already has a committee for that fiscal year."),
            ),
            fiscal_year_check("committee_fiscal_year_range"),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_start__isnull=True) | Q(term_end__gte=F("term_start")),
                name="committee_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return _("%(network)s committee, FY %(year)s") % {"network": self.network, "year": self.fiscal_year}

    def get_absolute_url(self):
        return reverse("networks:committee_detail", args=[self.pk])


class CommitteeMember(models.Model):
    committee = models.ForeignKey(
        Committee, models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    prefix = models.CharField(_("name prefix"), max_length=50, blank=True, help_text=_("e.g. นาย, นาง, ดร."))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    position = models.CharField(_("title or position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    role = models.CharField(_("committee role"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    seat = models.PositiveSmallIntegerField(_("order in the appointment"), default=0)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validators.thai_phone])
    email = models.EmailField(_("e-mail"), blank=True)
    subdistrict = models.ForeignKey(
        "geography.Subdistrict", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("home subdistrict"), help_text=_("Lets KBO suggest conflicts with groups of the same subdistrict."),
    )
    line_user_id = models.CharField(
        _("LINE user id"), max_length=33, blank=True, validators=[validators.line_user_id]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_memberships",
        verbose_name=_("user account"),
    )

    objects = scoped_queryset("committee__network__province").as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "seat", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role=CommitteeRole.CHAIR),
                name="committee_one_chair",
                violation_error_message=_("This committee already has a chair."),
            ),
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(user__isnull=False),
                name="committee_member_one_seat_per_user",
                violation_error_message=_("This user already sits on this committee."),
            ),
            one_of("sector", Sector, "committee_member_sector_choices"),
            one_of("role", CommitteeRole, "committee_member_role_choices"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("networks:committee_detail", args=[self.committee_id]) + f"#member-{self.pk}"

    @property
    def full_name(self):
        return f"{self.prefix}{self.first_name} {self.last_name}".strip()
