"""The 77-province dashboard of a national round: where each province's selection stands for the
round's fiscal year and kind, its winner, and what has been submitted.

`province_rows` asks the database four questions whatever the number of provinces and contests
(the provinces, their contests, the contests' winners, the round's submissions) and puts the rows
together in Python. The table's columns are `products.dashboard.NationalColumn`s, as on the
register's national dashboard.
"""

from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contests.enums import ContestLevel, SubmissionState
from contests.enums import ContestState as S
from contests.models import Contest, Entry, Submission
from kbo.geography.models import Province, Region
from products.dashboard import NationalColumn
from products.enums import Category


class ProvinceState(models.TextChoices):
    """Where a province stands in the national round (a filter of the dashboard)."""

    NO_CONTEST = "no_contest", _("No contest yet")
    PREPARING = "preparing", _("Contest in preparation")
    SCORING = "scoring", _("Scoring")
    WINNER_SELECTED = "winner_selected", _("Winner selected")
    SUBMITTED = "submitted", _("Submitted")
    LATE = "late", _("Late")
    NO_ENTRY = "no_entry", _("No entry this year")


BY_CONTEST_STATE = {
    S.DRAFT: ProvinceState.PREPARING,
    **dict.fromkeys(
        [S.ENTRIES_OPEN, S.SCORING_OPEN, S.SCORING_CLOSED, S.SHORTLISTED, S.FINAL_SCORING_OPEN, S.FINAL_SCORING_CLOSED],
        ProvinceState.SCORING,
    ),
    S.WINNER_SELECTED: ProvinceState.WINNER_SELECTED,
    S.SUBMITTED: ProvinceState.SUBMITTED,
    S.NO_ENTRY: ProvinceState.NO_ENTRY,
}
SENT = {ProvinceState.SUBMITTED, ProvinceState.LATE}


@dataclass
class ProvinceRow:
    province: Province
    contest: Contest | None = None
    winner: Entry | None = None
    submission: Submission | None = None

    @property
    def region(self):
        return self.province.get_region_display()

    @cached_property  # read by the filters, the chart, the table and the Excel cells
    def state(self):
        """The round's submission decides once there is one; before, the provincial contest."""
        submission = self.submission
        if submission is not None and submission.state != SubmissionState.DRAFT:
            late = submission.late or submission.state == SubmissionState.LATE
            return ProvinceState.LATE if late else ProvinceState.SUBMITTED
        if self.contest is None:
            return ProvinceState.NO_CONTEST
        return BY_CONTEST_STATE[self.contest.state]

    @property
    def sent(self):
        """Submitted to the round, in time or late."""
        return self.state in SENT

    @property
    def state_label(self):
        state = self.state
        if state == ProvinceState.LATE:
            if self.submission.state == SubmissionState.LATE:
                return _("Late, awaiting acceptance")
            return _("Late, accepted")
        return state.label

    @property
    def entry(self):
        """The province's winner: the one submitted, or else the contest's first."""
        return self.submission.entry if self.submission is not None else self.winner

    @property
    def group(self):
        return self.entry.group if self.entry else None

    @property
    def category(self):
        entry = self.entry
        return entry.product.get_category_display() if entry and entry.product_id else None

    @property
    def submitted_at(self):
        """In Thailand's time (kbo.core.excel writes a moment as it is given)."""
        submission = self.submission
        return timezone.localtime(submission.submitted_at) if submission and submission.submitted_at else None


COLUMNS = [
    NationalColumn("province", _("Province"), summed=False),
    NationalColumn("region", _("Region"), summed=False),
    NationalColumn("state_label", _("State"), summed=False),
    NationalColumn("entry", _("Winner"), summed=False),
    NationalColumn("group", _("Producer group"), summed=False),
    NationalColumn("category", _("OTOP category"), summed=False),
    NationalColumn("submitted_at", _("Submitted"), summed=False),
]


def province_rows(national):
    """One row for each of the 77 provinces, in code order, for `national`'s fiscal year and kind."""
    contests = Contest.objects.filter(
        level=ContestLevel.PROVINCIAL, fiscal_year=national.fiscal_year, kind=national.kind
    ).order_by()
    by_province = {
        contest.province_code: contest
        for contest in contests.annotate(province_code=F("network__province")).only("pk", "state", "network")
    }
    winners = {}
    for entry in (
        Entry.objects.filter(contest__in=contests, winner_position__isnull=False)
        .select_related("product", "group")
        .order_by("-winner_position")  # the first place is read last and stays
    ):
        winners[entry.contest_id] = entry
    submissions = {
        submission.province_id: submission
        for submission in Submission.objects.filter(national=national)
        .exclude(state=SubmissionState.WITHDRAWN)
        .select_related("entry__product", "entry__group")
        .order_by()
    }
    rows = []
    for province in Province.objects.order_by("code"):
        contest = by_province.get(province.code)
        winner = winners.get(contest.pk) if contest else None
        rows.append(ProvinceRow(province, contest, winner, submissions.get(province.code)))
    return rows


def filter_rows(rows, region="", state=""):
    """The rows of a region and in a state (either may be empty: all)."""
    return [
        row for row in rows
        if (not region or row.province.region == region) and (not state or row.state == state)
    ]


def cells(rows):
    """The table's cells, row by row, as the Excel export writes them."""
    return [[column.value(row) for column in COLUMNS] for row in rows]


@dataclass(frozen=True)
class RegionCounts:
    region: str
    counts: list
    total: int


def submitted_by_region_and_category(rows):
    """The categories (labels) and, for each region, how many submitted winners are in each;
    entries without a product (the network contest) come last, in a column of their own when any."""
    categories = [*Category, None]
    counts = {}
    for row in rows:
        if row.sent:
            product = row.entry.product
            key = (row.province.region, product.category if product else None)
            counts[key] = counts.get(key, 0) + 1
    if not any(category is None for _region, category in counts):
        categories.pop()
    labels = [category.label if category else _("Without a product") for category in categories]
    regions = []
    for region in Region:
        numbers = [counts.get((region, category), 0) for category in categories]
        regions.append(RegionCounts(region.label, numbers, sum(numbers)))
    return labels, regions


def chart_data(labels, regions):
    """What static/js/national_dashboard.js draws: one bar per region, stacked by category."""
    return {
        "labels": [str(region.region) for region in regions],
        "datasets": [
            {"label": str(label), "counts": [region.counts[index] for region in regions]}
            for index, label in enumerate(labels)
        ],
    }
