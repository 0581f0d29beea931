"""OTOP producer groups, their products and standards, and the yearly development-programme
cohort (โครงการส่งเสริมกระบวนการเรียนรู้เครือข่าย KBO)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kbo.accounts.scoping import scoped_queryset
from kbo.core import validators
from kbo.core.constraints import one_of
from networks.models import LAST_FISCAL_YEAR, fiscal_year_check, fiscal_year_validators
from products.enums import Category, GroupKind, ProcurementMethod, StandardKind

FDA_NUMBER_DIGITS = 13
FIRST_STAR_YEAR = 2545  # OTOP began in 2544: no star is older
MAX_TRAINEES_PER_GROUP = 20


class ProducerGroup(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices, default=GroupKind.COMMUNITY)
    otop_registration_number = models.CharField(
        _("OTOP registration number"), max_length=30, blank=True
    )
    village_no = models.PositiveSmallIntegerField(
        _("village no."), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    subdistrict = models.ForeignKey(
        "geography.Subdistrict", models.PROTECT, related_name="producer_groups", verbose_name=_("subdistrict")
    )
    postal_code = models.CharField(_("postal code"), max_length=5, validators=[validators.postal_code])
    leader_name = models.CharField(_("leader"), max_length=200, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), default=1)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validators.thai_phone])
    email = models.EmailField(_("e-mail"), blank=True)

    objects = scoped_queryset("subdistrict__province").as_manager()

    class Meta:
        verbose_name = _("producer group")
        verbose_name_plural = _("producer groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["otop_registration_number"],
                condition=~Q(otop_registration_number=""),
                name="group_unique_otop_registration",
                violation_error_message=_("Another producer group has this OTOP registration number."),
            ),
            models.CheckConstraint(
                condition=Q(member_count__gte=1),
                name="group_has_members",
                violation_error_message=_("A group has at least one member."),
            ),
            models.CheckConstraint(
                condition=Q(village_no__isnull=True) | Q(village_no__gte=1, village_no__lte=99),
                name="group_village_no_range",
                violation_error_message=_("A village no. is from 1 to 99."),
            ),
            one_of("kind", GroupKind, "group_kind_choices"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:group_detail", args=[self.pk])

    def clean(self):
        if self.subdistrict_id and self.postal_code and self.postal_code not in self.subdistrict.postal_codes:
            raise ValidationError(
                {
                    "postal_code": _("%(code)s is not a postal code of %(place)s; it has %(codes)s.")
                    % {
                        "code": self.postal_code,
                        "place": self.subdistrict.full_name(),
                        "codes": ", ".join(self.subdistrict.postal_codes),
                    }
                }
            )


class Product(models.Model):
    group = models.ForeignKey(
        ProducerGroup, models.CASCADE, related_name="products", verbose_name=_("producer group")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("OTOP category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), blank=True)
    identity_story = models.TextField(_("local identity"), blank=True)
    innovation = models.TextField(_("innovation"), blank=True)
    price = models.DecimalField(
        _("price (baht)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    star_level = models.PositiveSmallIntegerField(
        _("OTOP star level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    star_year = models.PositiveSmallIntegerField(
        _("star awarded in (BE)"), null=True, blank=True,
        validators=[MinValueValidator(FIRST_STAR_YEAR), MaxValueValidator(LAST_FISCAL_YEAR)],
    )

    objects = scoped_queryset("group__subdistrict__province").as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["group", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="product_price_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(star_level__isnull=True) | Q(star_level__gte=1, star_level__lte=5),
                name="product_star_level_1_to_5",
                violation_error_message=_("An OTOP star level is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(star_level__isnull=True, star_year__isnull=True)
                | Q(star_level__isnull=False, star_year__isnull=False),
                name="product_star_level_with_year",
                violation_error_message=_("Give the star level and the year it was awarded together."),
            ),
            models.CheckConstraint(
                condition=Q(star_year__isnull=True) | Q(star_year__gte=FIRST_STAR_YEAR, star_year__lte=LAST_FISCAL_YEAR),
                name="product_star_year_range",
                violation_error_message=_("An OTOP star is awarded in a Buddhist Era year from 2545 to 2700."),
            ),
            one_of("category", Category, "product_category_choices"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("products:product_detail", args=[self.pk])


class ProductStandard(models.Model):
    product = models.ForeignKey(Product, models.CASCADE, related_name="standards", verbose_name=_("product"))
    kind = models.CharField(_("standard"), max_length=20, choices=StandardKind.choices)
    number = models.CharField(_("certificate number"), max_length=50, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    objects = scoped_queryset("product__group__subdistrict__province").as_manager()

    class Meta:
        verbose_name = _("product standard")
        verbose_name_plural = _("product standards")
        ordering = ["product", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(issued_on__isnull=True) | Q(expires_on__gte=F("issued_on")),
                name="standard_expires_after_issue",
                violation_error_message=_("A standard cannot expire before it was issued."),
            ),
            one_of("kind", StandardKind, "standard_kind_choices"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip()

    def clean(self):
        if self.kind == StandardKind.FDA and len(validators.digits(self.number)) != FDA_NUMBER_DIGITS:
            raise ValidationError(
                {"number": _("An FDA (อย.) number has 13 digits, e.g. 34-1-12345-2-0001.")}
            )


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, models.CASCADE, related_name="photos", verbose_name=_("product"))
    image = models.ImageField(_("photo"), upload_to="products/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = scoped_queryset("product__group__subdistrict__province").as_manager()

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product", "position", "id"]

    def __str__(self):
        return self.caption or self.image.name


class Cohort(models.Model):
    """A province's development programme for one fiscal year and the groups enrolled in it."""

    province = models.ForeignKey(
        "geography.Province", models.PROTECT, related_name="cohorts", verbose_name=_("province")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), validators=fiscal_year_validators)
    title = models.CharField(
        _("programme"), max_length=300, default="โครงการส่งเสริมกระบวนการเรียนรู้เครือข่าย KBO"
    )
    budget = models.DecimalField(
        _("budget (baht)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    procurement_method = models.CharField(
        _("procurement method"), max_length=20, choices=ProcurementMethod.choices, blank=True
    )
    contract_number = models.CharField(_("contract number"), max_length=50, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    trainees_per_group = models.PositiveSmallIntegerField(
        _("trainees per group"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TRAINEES_PER_GROUP)],
    )

    objects = scoped_queryset("province").as_manager()

    class Meta:
        verbose_name = _("development cohort")
        verbose_name_plural = _("development cohorts")
        ordering = ["province", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year"],
                name="cohort_one_per_province_and_year",
                violation_error_message=_("This province already has a cohort for that fiscal year."),
            ),
            fiscal_year_check("cohort_fiscal_year_range"),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="cohort_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(trainees_per_group__gte=1, trainees_per_group__lte=MAX_TRAINEES_PER_GROUP),
                name="cohort_trainees_per_group_range",
                violation_error_message=_("A group sends from 1 to 20 trainees."),
            ),
            one_of("procurement_method", ProcurementMethod, "cohort_procurement_method_choices", blank=True),
        ]

    def __str__(self):
        return _("%(province)s cohort, FY %(year)s") % {"province": self.province, "year": self.fiscal_year}

    def get_absolute_url(self):
        return reverse("products:cohort_detail", args=[self.pk])


class Enrollment(models.Model):
    cohort = models.ForeignKey(Cohort, models.CASCADE, related_name="enrollments", verbose_name=_("cohort"))
    group = models.ForeignKey(
        ProducerGroup, models.PROTECT, related_name="enrollments", verbose_name=_("producer group")
    )
    product = models.ForeignKey(
        Product, models.PROTECT, null=True, blank=True, related_name="enrollments",
        verbose_name=_("product developed"),
    )

    objects = scoped_queryset("cohort__province").as_manager()

    class Meta:
        verbose_name = _("enrolled group")
        verbose_name_plural = _("enrolled groups")
        ordering = ["cohort", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "group"],
                name="enrollment_group_once_per_cohort",
                violation_error_message=_("This group is already enrolled in the cohort."),
            )
        ]

    def __str__(self):
        return str(self.group)

    def get_absolute_url(self):
        return f"{self.cohort.get_absolute_url()}#enrollment-{self.pk}"

    def clean(self):
        errors = {}
        if self.cohort_id and self.group_id and self.group.subdistrict.province_id != self.cohort.province_id:
            errors["group"] = _("Only groups of the cohort's province can be enrolled.")
        if self.product_id and self.group_id and self.product.group_id != self.group_id:
            errors["product"] = _("The product must be one of the enrolled group's products.")
        if errors:
            raise ValidationError(errors)


class Trainee(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, models.CASCADE, related_name="trainees", verbose_name=_("enrolled group")
    )
    name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position in the group"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validators.thai_phone])

    objects = scoped_queryset("enrollment__cohort__province").as_manager()

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["enrollment", "id"]

    def __str__(self):
        return self.name


class TrainingSession(models.Model):
    """One day of the cohort's training, with the attendance taken that day."""

    cohort = models.ForeignKey(Cohort, models.CASCADE, related_name="sessions", verbose_name=_("cohort"))
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)

    objects = scoped_queryset("cohort__province").as_manager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["date", "id"]

    def __str__(self):
        return self.topic


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, models.CASCADE, related_name="attendances", verbose_name=_("training session")
    )
    trainee = models.ForeignKey(Trainee, models.CASCADE, related_name="attendances", verbose_name=_("trainee"))
    present = models.BooleanField(_("present"), default=False)

    objects = scoped_queryset("session__cohort__province").as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "trainee"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "trainee"],
                name="attendance_once_per_session",
                violation_error_message=_("This trainee's attendance is already recorded for the session."),
            )
        ]

    def __str__(self):
        return f"{self.trainee} · {self.session}"
