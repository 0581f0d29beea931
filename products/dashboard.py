"""The figures on the province and national dashboards.

Each function asks the database a fixed number of questions however many rows there are
(aggregate and annotate, never a query per row). A row reaches its province through the lookup
its scoped queryset already names (`province_lookup`), so the paths live in one place.

Two summaries here are stand-ins for helpers being written elsewhere and should be switched to
them when they land: cohort progress (`products.cohorts.cohort_progress`) and committee
composition (`networks.services.committee_composition`).
"""

import datetime
from dataclasses import dataclass
from operator import attrgetter

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from kbo.geography.models import District, Province
from networks.enums import CommitteeRole, Sector
from networks.models import Committee, Network
from networks.services import Composition, committee_composition
from products.cohorts import CohortProgress, cohort_progress, with_counts
from products.enums import Category
from products.models import Cohort, ProducerGroup, Product, ProductStandard

EXPIRY_WINDOW = datetime.timedelta(days=90)
TOP_STARS = 4  # 4- and 5-star products count as the province's best


def in_province(queryset, province_code):
    return queryset.filter(**{queryset.province_lookup: province_code})


def per_province(queryset, **counts):
    """`counts` for each province that has rows, as {province code: {name: number}}."""
    rows = queryset.order_by().values(province_code=F(queryset.province_lookup)).annotate(**counts)
    return {row.pop("province_code"): row for row in rows}


def category_counts():
    return {f"category_{category}": Count("id", filter=Q(category=category)) for category in Category}


def latest_cohorts():
    """Each province's most recent cohort, with its enrolled groups and their trainees counted."""
    newest = Cohort.objects.filter(province=OuterRef("province")).order_by("-fiscal_year").values("fiscal_year")
    return with_counts(Cohort.objects.filter(fiscal_year=Subquery(newest[:1])))


def latest_committees():
    """Each network's most recent committee, with its members counted by sector and role."""
    newest = Committee.objects.filter(network=OuterRef("network")).order_by("-fiscal_year").values("fiscal_year")
    by_sector = {f"sector_{sector}": Count("members", filter=Q(members__sector=sector)) for sector in Sector}
    return Committee.objects.filter(fiscal_year=Subquery(newest[:1])).annotate(
        member_count=Count("members"),
        chairs=Count("members", filter=Q(members__role=CommitteeRole.CHAIR)),
        secretaries=Count("members", filter=Q(members__role=CommitteeRole.SECRETARY)),
        **by_sector,
    )


def expiring_standards_queryset(today):
    """Standards that expire within EXPIRY_WINDOW of `today` or already have, unless renewed: a
    later certificate of the same kind for the same product replaces the old one."""
    renewed = ProductStandard.objects.filter(
        product=OuterRef("product"), kind=OuterRef("kind"), expires_on__gt=OuterRef("expires_on")
    )
    return ProductStandard.objects.filter(expires_on__lte=today + EXPIRY_WINDOW).exclude(Exists(renewed))


# The province dashboard: one function per figure, each taking the province code.


def products_by_category(province_code):
    """[(category label, number of products)] for all five OTOP categories, zeros included."""
    counts = in_province(Product.objects.all(), province_code).aggregate(**category_counts())
    return [(category.label, counts[f"category_{category}"]) for category in Category]


def products_by_star_level(province_code):
    """[(label, number of products)] for 1 to 5 stars, then products without a star."""
    levels = {f"stars_{level}": Count("id", filter=Q(star_level=level)) for level in range(1, 6)}
    counts = in_province(Product.objects.all(), province_code).aggregate(
        **levels, no_star=Count("id", filter=Q(star_level__isnull=True))
    )
    rows = [
        (ngettext("%(stars)s star", "%(stars)s stars", level) % {"stars": level}, counts[f"stars_{level}"])
        for level in range(1, 6)
    ]
    return [*rows, (gettext("No star"), counts["no_star"])]


def groups_by_district(province_code):
    """The province's districts that have producer groups, most groups first; `.group_count`."""
    return list(
        District.objects.filter(province_id=province_code)
        .annotate(group_count=Count("subdistricts__producer_groups"))
        .filter(group_count__gt=0)
        .order_by("-group_count", "code")
    )


@dataclass(frozen=True)
class LatestCohort:
    cohort: Cohort
    progress: CohortProgress


def latest_cohort_progress(province_code):
    """The province's most recent cohort and how far it has come, or None when it has none."""
    cohort = Cohort.objects.filter(province_id=province_code).order_by("-fiscal_year").first()
    return None if cohort is None else LatestCohort(cohort, cohort_progress(cohort))


@dataclass(frozen=True)
class LatestCommittee:
    committee: Committee
    members: int
    composition: Composition


def latest_committee_composition(province_code):
    """The province's most recent committee, its size and composition, or None when it has none."""
    committee = (
        Committee.objects.filter(network__province_id=province_code)
        .order_by("-fiscal_year")
        .prefetch_related("members")
        .first()
    )
    if committee is None:
        return None
    return LatestCommittee(committee, len(committee.members.all()), committee_composition(committee))


def expiring_standards(province_code, today=None):
    """The province's standards that expire soon or have expired, soonest first; `.is_expired`."""
    today = today or timezone.localdate()
    expired = ExpressionWrapper(Q(expires_on__lt=today), output_field=BooleanField())
    return list(
        in_province(expiring_standards_queryset(today), province_code)
        .select_related("product__group")
        .annotate(is_expired=expired)
        .order_by("expires_on", "product__name")
    )


# The national dashboard: one row per province.


@dataclass
class ProvinceRow:
    province: Province
    network: bool
    groups: int = 0
    products: int = 0
    category_food: int = 0
    category_beverage: int = 0
    category_textile: int = 0
    category_utility: int = 0
    category_herbal: int = 0
    top_stars: int = 0
    cohort_year: int | None = None
    cohort_groups: int | None = None
    committee_year: int | None = None
    committee_members: int | None = None
    expiring_standards: int = 0


@dataclass(frozen=True)
class NationalColumn:
    key: str
    header: str
    summed: bool = True  # added up in the total row

    def value(self, row):
        """What a cell shows (for sorting, the raw value is `getattr(row, key)`)."""
        value = getattr(row, self.key)
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        return value


NATIONAL_COLUMNS = [
    NationalColumn("province", _("Province"), summed=False),
    NationalColumn("network", _("Network registered")),
    NationalColumn("groups", _("Producer groups")),
    NationalColumn("products", _("Products")),
    *(NationalColumn(f"category_{category}", category.label) for category in Category),
    NationalColumn("top_stars", _("4–5 star products")),
    NationalColumn("cohort_year", _("Latest cohort (FY)"), summed=False),
    NationalColumn("cohort_groups", _("Groups enrolled")),
    NationalColumn("committee_year", _("Latest committee (FY)"), summed=False),
    NationalColumn("committee_members", _("Committee members")),
    NationalColumn("expiring_standards", _("Standards expiring within 90 days")),
]
NATIONAL_SORT_KEYS = {column.key for column in NATIONAL_COLUMNS}


def national_rows(today=None):
    """One row for each of the 77 provinces, in code order, with or without a network."""
    today = today or timezone.localdate()
    provinces = Province.objects.annotate(has_network=Exists(Network.objects.filter(province=OuterRef("pk"))))
    groups = per_province(ProducerGroup.objects.all(), groups=Count("id"))
    products = per_province(
        Product.objects.all(),
        products=Count("id"),
        top_stars=Count("id", filter=Q(star_level__gte=TOP_STARS)),
        **category_counts(),
    )
    expiring = per_province(expiring_standards_queryset(today), expiring_standards=Count("id"))
    cohorts = {cohort.province_id: cohort for cohort in latest_cohorts()}
    committees = {
        committee.province_code: committee
        for committee in latest_committees().annotate(province_code=F("network__province"))
    }
    rows = []
    for province in provinces:
        code = province.code
        row = ProvinceRow(
            province, province.has_network, **groups.get(code, {}), **products.get(code, {}),
            **expiring.get(code, {}),
        )
        if cohort := cohorts.get(code):
            row.cohort_year, row.cohort_groups = cohort.fiscal_year, cohort.groups_count
        if committee := committees.get(code):
            row.committee_year, row.committee_members = committee.fiscal_year, committee.member_count
        rows.append(row)
    return rows


def sort_rows(rows, key, descending=False):
    """`rows` sorted by a column (the province by name); empty cells last either way."""
    value = (lambda row: row.province.name) if key == "province" else attrgetter(key)
    filled = sorted((row for row in rows if value(row) is not None), key=value, reverse=descending)
    return filled + [row for row in rows if value(row) is None]


def national_totals(rows):
    """The total row's cells: "Total", then sums of the summed columns and blanks."""
    sums = [sum(getattr(row, column.key) or 0 for row in rows) if column.summed else "" for column in NATIONAL_COLUMNS]
    return [gettext("Total"), *sums[1:]]
