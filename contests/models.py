"""The provincial contest (การคัดเลือกผลิตภัณฑ์): its rubric, entries, the committee members who
score (jurors), their conflicts, scorecards and the audit trail.

The state of a contest is changed only by `contests.workflow.advance`; scorecards are written only
by `contests.scoring`. Every invariant the database can hold is a constraint here; triggers
(migration 0004) refuse any UPDATE of a revision or an event, a change to a submitted scorecard and
any UPDATE of its scores, also from `QuerySet.update()` and raw SQL.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from contests.enums import (
    Aggregate, ConflictGrounds, ContestKind, ContestLevel, ContestState, EventAction, RevisionAction, ScorecardStatus,
    SubmissionState, TieBreak,
)
from contests.queries import ContestQuerySet, EntryQuerySet
from kbo.accounts.scoping import scoped_queryset
from kbo.core.constraints import one_of
from networks.enums import CommitteeRole
from networks.models import fiscal_year_check, fiscal_year_validators

POINTS = {"max_digits": 6, "decimal_places": 2}


class Rubric(models.Model):
    """A set of criteria: a national template for a fiscal year, or the copy a contest round scores on."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("contest kind"), max_length=20, choices=ContestKind.choices, default=ContestKind.PRODUCT)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (BE)"), null=True, blank=True, validators=fiscal_year_validators
    )
    is_template = models.BooleanField(
        _("national template"), default=False, help_text=_("Published by CDD for provinces to start from.")
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["-fiscal_year", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind"],
                condition=Q(is_template=True),
                name="rubric_one_template_per_year_and_kind",
                violation_error_message=_("There is already a national template for this fiscal year and kind."),
            ),
            models.CheckConstraint(
                condition=Q(is_template=False) | Q(fiscal_year__isnull=False),
                name="rubric_template_has_fiscal_year",
                violation_error_message=_("A national template is for a fiscal year: give the year."),
            ),
            fiscal_year_check("rubric_fiscal_year_range"),
            one_of("kind", ContestKind, "rubric_kind_choices"),
        ]

    def __str__(self):
        return self.name

    @property
    def max_total(self):
        return sum((c.max_points * c.weight for c in self.criteria.all() if not c.independent), start=0)


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, models.CASCADE, related_name="criteria", verbose_name=_("rubric"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("What the committee looks for."))
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    required = models.BooleanField(_("required"), default=True)
    independent = models.BooleanField(
        _("independent"), default=False, help_text=_("Scored and shown, but not counted in the total.")
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0),
                name="criterion_max_points_positive",
                violation_error_message=_("The maximum points must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0),
                name="criterion_weight_not_negative",
                violation_error_message=_("The weight cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class Contest(models.Model):
    """A provincial selection (a province's network, its committee scoring) or the national round
    of a fiscal year and kind (no network; national judges in regional teams scoring the provinces'
    submitted winners). Both tiers share the rubric, entries, panel, scorecards and ranking."""

    level = models.CharField(
        _("level"), max_length=10, choices=ContestLevel.choices, default=ContestLevel.PROVINCIAL, editable=False
    )
    network = models.ForeignKey(
        "networks.Network", models.PROTECT, null=True, blank=True, related_name="contests",
        verbose_name=_("KBO network"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"), validators=fiscal_year_validators)
    kind = models.CharField(_("kind"), max_length=20, choices=ContestKind.choices, default=ContestKind.PRODUCT)
    state = models.CharField(
        _("state"), max_length=20, choices=ContestState.choices, default=ContestState.DRAFT, editable=False
    )
    entry_deadline = models.DateField(_("entry deadline"), null=True, blank=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    scoring_opens_at = models.DateTimeField(_("scoring opens"), null=True, blank=True)
    scoring_closes_at = models.DateTimeField(_("scoring closes"), null=True, blank=True)
    winners_quota = models.PositiveSmallIntegerField(
        _("winners per province"), default=1, help_text=_("How many entries the province sends to the national round.")
    )
    shortlist_size = models.PositiveSmallIntegerField(_("shortlist size"), default=3)
    aggregate = models.CharField(
        _("how members' totals are combined"), max_length=10, choices=Aggregate.choices, default=Aggregate.MEAN
    )
    tie_break = models.CharField(
        _("tie-break rule"), max_length=20, choices=TieBreak.choices, default=TieBreak.CRITERION_THEN_CHAIR
    )
    tie_break_criterion = models.ForeignKey(
        Criterion, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("tie-break criterion")
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (percent of the members)"),
        default=50,
        help_text=_("Members present and without a conflict, as a share of the whole committee."),
    )
    disagreement_percent = models.PositiveSmallIntegerField(
        _("high disagreement above (percent of the maximum total)"), default=10
    )
    now_presenting = models.ForeignKey(
        "Entry", models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    no_entry_reason = models.TextField(_("reason for sending no entry"), blank=True, editable=False)
    submission_deadline = models.DateTimeField(
        _("submission deadline"), null=True, blank=True, help_text=_("National round: provinces submit by then.")
    )
    show_normalised = models.BooleanField(
        _("show normalised scores"), default=False,
        help_text=_("National round: each judge's totals as z-scores, rescaled to the raw range, beside the raw ranking."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("provincial contest")
        verbose_name_plural = _("provincial contests")
        ordering = ["-fiscal_year", "network"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "fiscal_year", "kind"],
                name="contest_one_per_network_year_and_kind",
                violation_error_message=_("This network already has a contest of this kind for that fiscal year."),
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "kind"],
                condition=Q(level=ContestLevel.NATIONAL),
                name="contest_one_national_round_per_year_and_kind",
                violation_error_message=_("There is already a national round of this kind for that fiscal year."),
            ),
            models.CheckConstraint(
                condition=Q(level=ContestLevel.PROVINCIAL, network__isnull=False)
                | Q(level=ContestLevel.NATIONAL, network__isnull=True),
                name="contest_network_by_level",
                violation_error_message=_("A provincial contest belongs to a network; the national round to none."),
            ),
            fiscal_year_check("contest_fiscal_year_range"),
            models.CheckConstraint(
                condition=Q(winners_quota__gte=1, winners_quota__lte=10),
                name="contest_winners_quota_range",
                violation_error_message=_("A province sends from 1 to 10 winners."),
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__gte=1, quorum_percent__lte=100),
                name="contest_quorum_percent_range",
                violation_error_message=_("The quorum is a percentage from 1 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(shortlist_size__gte=1),
                name="contest_shortlist_size_positive",
                violation_error_message=_("The shortlist holds at least one entry."),
            ),
            models.CheckConstraint(
                condition=Q(scoring_closes_at__isnull=True)
                | Q(scoring_opens_at__isnull=True)
                | Q(scoring_closes_at__gt=F("scoring_opens_at")),
                name="contest_scoring_window_order",
                violation_error_message=_("Scoring must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(entry_deadline__isnull=True) | Q(meeting_date__isnull=True)
                | Q(meeting_date__gte=F("entry_deadline")),
                name="contest_entry_deadline_before_meeting",
                violation_error_message=_("Entries close before the meeting: the deadline cannot be after the meeting date."),
            ),
            models.CheckConstraint(
                condition=Q(shortlist_size__gte=F("winners_quota")),
                name="contest_shortlist_holds_the_winners",
                violation_error_message=_("The shortlist must hold at least as many entries as there are winners."),
            ),
            models.CheckConstraint(
                condition=Q(disagreement_percent__lte=100),
                name="contest_disagreement_percent_range",
                violation_error_message=_("The disagreement threshold is a percentage from 0 to 100."),
            ),
            one_of("kind", ContestKind, "contest_kind_choices"),
            one_of("state", ContestState, "contest_state_choices"),
            one_of("aggregate", Aggregate, "contest_aggregate_choices"),
            one_of("tie_break", TieBreak, "contest_tie_break_choices"),
        ]

    def __str__(self):
        if self.is_national:
            return _("National round: %(kind)s, FY %(year)s") % {"kind": self.get_kind_display(), "year": self.fiscal_year}
        return _("%(kind)s, %(province)s, FY %(year)s") % {
            "kind": self.get_kind_display(),
            "province": self.network.province,
            "year": self.fiscal_year,
        }

    def get_absolute_url(self):
        if self.is_national:
            return reverse("contests:national_detail", args=[self.pk])
        return reverse("contests:contest_detail", args=[self.pk])

    @property
    def is_national(self):
        return self.level == ContestLevel.NATIONAL

    @property
    def province_id(self):
        return self.network.province_id if self.network_id else None


class Round(models.Model):
    """A scoring round: 1 for every entry, 2 (optional) for the shortlist alone."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="rounds", verbose_name=_("contest"))
    number = models.PositiveSmallIntegerField(_("round"))
    rubric = models.ForeignKey(Rubric, models.PROTECT, related_name="rounds", verbose_name=_("rubric"))

    class Meta:
        verbose_name = _("scoring round")
        verbose_name_plural = _("scoring rounds")
        ordering = ["contest_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="round_unique_number"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="round_number_one_or_two"),
        ]

    def __str__(self):
        return _("Round %(number)s") % {"number": self.number} if self.number > 1 else str(_("Main round"))


class Award(models.Model):
    """A national award (gold, silver, bronze, honourable mention …), in order, given `count` times."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="awards", verbose_name=_("national round"))
    position = models.PositiveSmallIntegerField(_("order"))
    name_th = models.CharField(_("name (Thai)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["contest_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "position"], name="award_unique_position"),
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="award_count_positive",
                violation_error_message=_("An award is given at least once."),
            ),
        ]

    def __str__(self):
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class JudgingTeam(models.Model):
    """A team of national judges, limited to the entries of some regions (none: every region)."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="teams", verbose_name=_("national round"))
    name = models.CharField(_("name"), max_length=100)
    regions = models.JSONField(_("regions"), default=list, blank=True)

    class Meta:
        verbose_name = _("judging team")
        verbose_name_plural = _("judging teams")
        ordering = ["contest_id", "name"]
        constraints = [models.UniqueConstraint(fields=["contest", "name"], name="team_unique_name")]

    def __str__(self):
        return self.name


class Entry(models.Model):
    contest = models.ForeignKey(Contest, models.CASCADE, related_name="entries", verbose_name=_("contest"))
    group = models.ForeignKey(
        "products.ProducerGroup", models.PROTECT, related_name="contest_entries", verbose_name=_("producer group")
    )
    product = models.ForeignKey(
        "products.Product", models.PROTECT, null=True, blank=True, related_name="contest_entries",
        verbose_name=_("product"),
    )
    outside_cohort_reason = models.TextField(
        _("why a group outside the year's cohort"), blank=True,
        help_text=_("Required when the group was not in this fiscal year's development cohort."),
    )
    presentation_order = models.PositiveSmallIntegerField(_("presentation order"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)
    shortlisted = models.BooleanField(_("shortlisted"), default=False, editable=False)
    casting_rank = models.PositiveSmallIntegerField(
        _("place by the chair's casting vote"), null=True, blank=True, editable=False
    )
    winner_position = models.PositiveSmallIntegerField(_("winner"), null=True, blank=True, editable=False)
    award = models.ForeignKey(
        Award, models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("award"), editable=False
    )
    award_reason = models.TextField(_("reason for the award's place"), blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["contest_id", F("presentation_order").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "group"],
                name="entry_one_per_group",
                violation_error_message=_("This group already has an entry in this contest."),
            ),
            models.UniqueConstraint(
                fields=["contest", "presentation_order"],
                condition=Q(presentation_order__isnull=False),
                name="entry_unique_presentation_order",
                violation_error_message=_("Another entry already presents in that place."),
            ),
            models.UniqueConstraint(
                fields=["contest", "winner_position"],
                condition=Q(winner_position__isnull=False),
                name="entry_one_winner_per_place",
                violation_error_message=_("This contest already has its winner."),
            ),
            models.CheckConstraint(
                condition=Q(winner_position__isnull=True) | Q(winner_position__gte=1, withdrawn_at__isnull=True),
                name="entry_winner_not_withdrawn",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="entry_withdrawal_has_reason",
                violation_error_message=_("Give the reason for the withdrawal."),
            ),
        ]

    def __str__(self):
        return str(self.product or self.group)

    def get_absolute_url(self):
        return reverse("contests:entry_detail", args=[self.pk])

    @property
    def withdrawn(self):
        return self.withdrawn_at is not None


class Juror(models.Model):
    """A committee member on this contest's scoring panel (synchronised from the year's committee)."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="jurors", verbose_name=_("contest"))
    member = models.ForeignKey(
        "networks.CommitteeMember", models.SET_NULL, null=True, blank=True, related_name="jurors",
        verbose_name=_("committee member"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="jurors",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("committee role"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    seat = models.PositiveSmallIntegerField(_("order in the appointment"), default=0)
    present = models.BooleanField(_("present at the meeting"), default=True)
    team = models.ForeignKey(
        JudgingTeam, models.SET_NULL, null=True, blank=True, related_name="judges", verbose_name=_("judging team")
    )

    objects = scoped_queryset("contest__network__province").as_manager()

    class Meta:
        verbose_name = _("scoring member")
        verbose_name_plural = _("scoring members")
        ordering = ["contest_id", "seat", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "member"], condition=Q(member__isnull=False), name="juror_one_seat_per_member"
            ),
            models.UniqueConstraint(
                fields=["contest", "user"], condition=Q(user__isnull=False), name="juror_one_seat_per_user"
            ),
            one_of("role", CommitteeRole, "juror_role_choices"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_chair(self):
        return self.role == CommitteeRole.CHAIR


class Submission(models.Model):
    """A province's winner sent to the national round: the dossier, then one logged submission.
    Withdrawn submissions stay on record; a province has at most one other per round."""

    national = models.ForeignKey(
        Contest, models.PROTECT, related_name="submissions", verbose_name=_("national round")
    )
    provincial = models.ForeignKey(
        Contest, models.PROTECT, related_name="national_submissions", verbose_name=_("provincial contest")
    )
    province = models.ForeignKey("geography.Province", models.PROTECT, related_name="+", verbose_name=_("province"))
    entry = models.ForeignKey(
        "Entry", models.PROTECT, related_name="national_submissions", verbose_name=_("the province's winner")
    )
    national_entry = models.OneToOneField(
        "Entry", models.PROTECT, null=True, blank=True, related_name="submission", editable=False,
        verbose_name=_("entry in the national round"),
    )
    innovation = models.TextField(_("the innovation"))
    identity = models.TextField(_("local identity"))
    summary = models.TextField(_("short description"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT, editable=False
    )
    record_hash = models.CharField(_("selection record"), max_length=12, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    late = models.BooleanField(_("late"), default=False, editable=False)
    accepted_at = models.DateTimeField(_("late submission accepted"), null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    objects = scoped_queryset("province").as_manager()

    class Meta:
        verbose_name = _("national submission")
        verbose_name_plural = _("national submissions")
        ordering = ["national_id", "province_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national", "province"],
                condition=~Q(state=SubmissionState.WITHDRAWN),
                name="submission_one_per_province",
                violation_error_message=_("This province already has a submission in this national round."),
            ),
            models.UniqueConstraint(
                fields=["provincial"],
                condition=~Q(state=SubmissionState.WITHDRAWN),
                name="submission_one_per_provincial_contest",
                violation_error_message=_("This contest's winner is already submitted."),
            ),
            models.CheckConstraint(
                condition=Q(state=SubmissionState.DRAFT) | Q(submitted_at__isnull=False),
                name="submission_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=SubmissionState.WITHDRAWN) | ~Q(withdrawal_reason=""),
                name="submission_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=(~Q(state=SubmissionState.LATE) | Q(late=True)) & (Q(accepted_at__isnull=True) | Q(late=True)),
                name="submission_late_is_flagged",
                violation_error_message=_("Only a late submission waits for acceptance or is accepted."),
            ),
            one_of("state", SubmissionState, "submission_state_choices"),
        ]

    def __str__(self):
        return f"{self.province} – {self.entry}"

    def get_absolute_url(self):
        return reverse("contests:submission_detail", args=[self.pk])


class Conflict(models.Model):
    """A member who must leave the room for an entry: they neither see nor score it, and are left out
    of its average and its quorum."""

    juror = models.ForeignKey(Juror, models.CASCADE, related_name="conflicts", verbose_name=_("member"))
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="conflicts", verbose_name=_("entry"))
    grounds = models.CharField(_("grounds"), max_length=20, choices=ConflictGrounds.choices)
    note = models.TextField(_("details"), blank=True)
    declared_by_member = models.BooleanField(_("declared by the member"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = scoped_queryset("entry__contest__network__province").as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["entry_id", "juror_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "entry"],
                name="conflict_once_per_member_and_entry",
                violation_error_message=_("This conflict is already recorded."),
            ),
            one_of("grounds", ConflictGrounds, "conflict_grounds_choices"),
        ]

    def __str__(self):
        return f"{self.juror} – {self.entry}"


class Scorecard(models.Model):
    """One member's scores for one entry in one round. Unique: a double tap cannot make two."""

    round = models.ForeignKey(Round, models.CASCADE, related_name="scorecards", verbose_name=_("round"))
    entry = models.ForeignKey(Entry, models.CASCADE, related_name="scorecards", verbose_name=_("entry"))
    juror = models.ForeignKey(Juror, models.PROTECT, related_name="scorecards", verbose_name=_("member"))
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT, editable=False
    )
    advice = models.TextField(_("advice for the group"), blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=9, decimal_places=2, default=0, editable=False)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)

    objects = scoped_queryset("entry__contest__network__province").as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["round_id", "entry_id", "juror_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry", "juror"],
                name="scorecard_one_per_member_and_entry",
                violation_error_message=_("This member already has a scorecard for this entry."),
            ),
            models.CheckConstraint(
                condition=Q(status=ScorecardStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="scorecard_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=ScorecardStatus.DRAFT) | Q(submitted_at__isnull=True),
                name="scorecard_draft_not_submitted",
                violation_error_message=_("A scorecard in draft has no time of submission."),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="scorecard_total_not_negative",
                violation_error_message=_("A weighted total cannot be negative."),
            ),
            one_of("status", ScorecardStatus, "scorecard_status_choices"),
        ]
        indexes = [models.Index(fields=["round", "status", "entry"], name="scorecard_ranking")]

    def __str__(self):
        return f"{self.juror} – {self.entry}"

    @property
    def submitted(self):
        return self.status == ScorecardStatus.SUBMITTED


class Score(models.Model):
    scorecard = models.ForeignKey(Scorecard, models.CASCADE, related_name="scores", verbose_name=_("scorecard"))
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="scores", verbose_name=_("criterion"))
    points = models.DecimalField(_("points"), **POINTS)
    max_points = models.DecimalField(_("maximum points"), editable=False, **POINTS)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"],
                name="score_once_per_criterion",
                violation_error_message=_("This criterion is already scored on this scorecard."),
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0, points__lte=F("max_points")),
                name="score_within_range",
                violation_error_message=_("Points must be from 0 to the criterion's maximum."),
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class AppendOnly(models.Model):
    """A record that is written once and never changed or deleted through the ORM. The database
    refuses an UPDATE as well (migration 0004); a DELETE is left to PROTECT and to this class."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{type(self).__name__} rows are append-only")


class ScorecardRevision(AppendOnly):
    """Every submission and every unlock of a scorecard, with who, when and what it held."""

    scorecard = models.ForeignKey(Scorecard, models.PROTECT, related_name="revisions", verbose_name=_("scorecard"))
    number = models.PositiveSmallIntegerField(_("revision"))
    action = models.CharField(_("action"), max_length=20, choices=RevisionAction.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    points = models.JSONField(_("points by criterion"), default=dict)
    advice = models.TextField(_("advice for the group"), blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=9, decimal_places=2)
    note = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("scorecard revision")
        verbose_name_plural = _("scorecard revisions")
        # By the column, not the relation: Scorecard's own ordering reaches Contest twice (through
        # the round and the entry), which Django refuses as an infinite loop.
        ordering = ["scorecard_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "number"], name="revision_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="revision_number_from_one",
                violation_error_message=_("Revisions are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=~Q(action=RevisionAction.UNLOCKED) | ~Q(note=""),
                name="revision_unlock_has_reason",
                violation_error_message=_("Write why the scorecard is unlocked."),
            ),
            one_of("action", RevisionAction, "revision_action_choices"),
        ]

    def __str__(self):
        return f"{self.scorecard} #{self.number}"


class ContestEvent(AppendOnly):
    """The contest's audit trail: every transition and every decision, with who, when and why."""

    contest = models.ForeignKey(Contest, models.CASCADE, related_name="events", verbose_name=_("contest"))
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=ContestState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ContestState.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = scoped_queryset("contest__network__province").as_manager()

    class Meta:
        verbose_name = _("contest event")
        verbose_name_plural = _("contest events")
        ordering = ["contest_id", "at", "id"]
        constraints = [
            one_of("action", EventAction, "event_action_choices"),
            one_of("from_state", ContestState, "event_from_state_choices", blank=True),
            one_of("to_state", ContestState, "event_to_state_choices", blank=True),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
