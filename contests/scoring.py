"""The scoring engine: saving a member's scorecard, unlocking it, the progress board and the ranking.

Every write re-checks, at the moment of saving and under a lock on the contest row, that scoring is
open, the window has not passed, the user sits on the panel, the entry is theirs to score (competing,
in this round, no conflict) and every criterion belongs to the round's rubric. A submitted scorecard
is locked: saving the same values again is harmless (a double tap, a re-sent request), anything else
is refused until the chair or an officer unlocks it. Each submission and unlock is kept as a revision.

The ranking is computed by the database: per entry the mean (or median) of the members' weighted
totals, their number and spread, and per-criterion averages, over submitted scorecards of members
without a conflict. The national round may also show each entry's score normalised per judge
(`normalised`) beside the raw one.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Exists, F, OuterRef, StdDev, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import permissions
from contests.enums import Aggregate, EventAction, RevisionAction, ScorecardStatus, TieBreak
from contests.models import Conflict, Contest, ContestEvent, Entry, Juror, Score, Scorecard, ScorecardRevision

PRECISION = Decimal("0.0001")


class ScoringError(ValidationError):
    """A refused save, with a message for the user (or one per field, keyed "criterion_<id>"). Its
    `code` tells bad input that the user can correct ("mismatch", "incomplete", or per field) from a
    refusal that no retry can fix ("closed", "window", "locked", "not_yours", "not_juror", "gone")."""

    FIXABLE = frozenset({"mismatch", "incomplete"})


def open_round_number(contest):
    return permissions.SCORING_STATES.get(contest.state)


def _conflicted(juror="juror", entry="entry"):
    return Exists(Conflict.objects.filter(juror=OuterRef(juror), entry=OuterRef(entry)))


def counted_scorecards(round):
    """The submitted scorecards that count: those of members without a conflict with the entry."""
    return Scorecard.objects.filter(round=round, status=ScorecardStatus.SUBMITTED).exclude(_conflicted())


# Writing a scorecard

def parse_points(raw, criteria):
    """{criterion id: text} from the form → {criterion: Decimal or None}; refuses a criterion that is
    not in this round's rubric, a non-number, or points outside 0..max, naming the criterion."""
    values, errors = {}, {}
    for key, text in raw.items():
        try:
            criterion = criteria[int(key)]
        except (KeyError, TypeError, ValueError):
            raise ScoringError(
                _("The form does not match this contest's criteria. Reload the page."), code="mismatch"
            ) from None
        text = str(text if text is not None else "").strip().replace(",", ".")
        if not text:
            values[criterion] = None
            continue
        try:
            points = Decimal(text)
        except InvalidOperation:
            errors[f"criterion_{criterion.pk}"] = _("“%(value)s” is not a number.") % {"value": text}
            continue
        if not points.is_finite() or not 0 <= points <= criterion.max_points:
            errors[f"criterion_{criterion.pk}"] = _("Give from 0 to %(max)s points.") % {
                "max": f"{criterion.max_points.normalize():f}"
            }
        elif points != points.quantize(Decimal("0.01")):
            errors[f"criterion_{criterion.pk}"] = _("Use at most two decimal places.")
        else:
            values[criterion] = points.quantize(Decimal("0.01"))  # as the database keeps it
    if errors:
        raise ScoringError(errors)
    return values


def weighted_total(values):
    return sum(
        (points * criterion.weight for criterion, points in values.items() if points is not None and not criterion.independent),
        start=Decimal(0),
    ).quantize(Decimal("0.01"))


def _lock_for_scoring(user, entry_id):
    """Locks the contest row and returns (contest, round, juror, entry), or refuses with a reason."""
    contest_id = Entry.objects.filter(pk=entry_id).values_list("contest_id", flat=True).first()
    if contest_id is None:
        raise ScoringError(_("This entry does not exist."), code="gone")
    contest = Contest.objects.select_for_update().get(pk=contest_id)
    juror = Juror.objects.filter(contest=contest, user=user).first() if user.is_authenticated else None
    if juror is None:
        raise ScoringError(_("You do not sit on this contest's scoring panel."), code="not_juror")
    number = open_round_number(contest)
    if number is None:
        raise ScoringError(_("Scoring is not open for this contest."), code="closed")
    now = timezone.now()
    if contest.scoring_opens_at and now < contest.scoring_opens_at or contest.scoring_closes_at and now > contest.scoring_closes_at:
        raise ScoringError(_("This is outside the contest's scoring window."), code="window")
    round = contest.rounds.select_related("rubric").get(number=number)
    entry = Entry.objects.for_juror(juror).in_round(round).filter(pk=entry_id).first()
    if entry is None:
        raise ScoringError(_("This entry is not yours to score."), code="not_yours")
    return contest, round, juror, entry


def save_scorecard(user, entry_id, points, advice=None, *, submit=False):
    """Saves the member's draft (or submits it) for the entry. `points` maps criterion ids to the
    text typed, blank for not yet scored; criteria missing from it keep their saved value, and so
    does the advice when it is not given (None)."""
    with transaction.atomic():
        contest, round, juror, entry = _lock_for_scoring(user, entry_id)
        criteria = {criterion.pk: criterion for criterion in round.rubric.criteria.all()}
        values = parse_points(points, criteria)
        scorecard, created = Scorecard.objects.get_or_create(round=round, entry=entry, juror=juror)
        advice = scorecard.advice if advice is None else advice.strip()
        existing = {} if created else {score.criterion_id: score for score in scorecard.scores.all()}
        saved = {criteria[criterion_id]: score.points for criterion_id, score in existing.items()}
        merged = {c: p for c, p in {**saved, **values}.items() if p is not None}
        if scorecard.submitted:
            if merged == saved and scorecard.advice == advice:
                return scorecard  # the same again: a double tap, a re-sent request
            raise ScoringError(
                _("This scorecard is already submitted. Ask the chair or the officer to unlock it for a change."),
                code="locked",
            )
        if submit:
            missing = [c.name for c in criteria.values() if c.required and c not in merged]
            if missing:
                raise ScoringError(_("Score every required criterion before submitting: %(names)s.") % {
                    "names": ", ".join(missing)
                }, code="incomplete")
        _write_scores(scorecard, existing, values)
        scorecard.advice = advice
        scorecard.total = weighted_total(merged)
        if submit:
            scorecard.status = ScorecardStatus.SUBMITTED
            scorecard.submitted_at = timezone.now()
        scorecard.save()
        if submit:
            _add_revision(scorecard, RevisionAction.SUBMITTED, user, merged)
    return scorecard


def _saved_values(scorecard, criteria):
    return {criteria[score.criterion_id]: score.points for score in scorecard.scores.all()}


def _write_scores(scorecard, existing, values):
    """Writes the changed points: `existing` maps criterion ids to the scorecard's saved scores."""
    cleared = [criterion.pk for criterion, points in values.items() if points is None and criterion.pk in existing]
    if cleared:
        scorecard.scores.filter(criterion_id__in=cleared).delete()
    for criterion, points in values.items():
        score = existing.get(criterion.pk)
        if points is None:
            continue
        if score is None:
            Score.objects.create(scorecard=scorecard, criterion=criterion, points=points, max_points=criterion.max_points)
        elif score.points != points:
            score.points = points
            score.save(update_fields=["points"])


def _add_revision(scorecard, action, user, values, note=""):
    ScorecardRevision.objects.create(
        scorecard=scorecard,
        number=scorecard.revisions.count() + 1,
        action=action,
        by=user,
        points={str(criterion.pk): str(points) for criterion, points in values.items() if points is not None},
        advice=scorecard.advice,
        total=scorecard.total,
        note=note,
    )


def unlock(scorecard_id, *, by, reason):
    """Reopens a submitted scorecard for a change (the chair or an officer, while its round is open)."""
    reason = (reason or "").strip()
    if not reason:
        raise ScoringError(_("Write why the scorecard is unlocked."))
    with transaction.atomic():
        scorecard = Scorecard.objects.select_related("round", "entry", "juror").get(pk=scorecard_id)
        # of=self: a national round has no network, and PostgreSQL locks no row of an outer join
        contests = Contest.objects.select_for_update(of=("self",)).select_related("network")
        contest = contests.get(pk=scorecard.entry.contest_id)
        if not permissions.runs_meeting(by, contest):
            raise PermissionDenied
        if open_round_number(contest) != scorecard.round.number:
            raise ScoringError(_("Scoring of this round is closed: reopen scoring first."))
        scorecard = Scorecard.objects.select_for_update(of=("self",)).get(pk=scorecard_id)
        if not scorecard.submitted:
            raise ScoringError(_("This scorecard is not submitted; the member can still change it."))
        criteria = {c.pk: c for c in scorecard.round.rubric.criteria.all()}
        scorecard.status = ScorecardStatus.DRAFT
        scorecard.submitted_at = None
        scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
        _add_revision(scorecard, RevisionAction.UNLOCKED, by, _saved_values(scorecard, criteria), reason)
        ContestEvent.objects.create(
            contest=contest, action=EventAction.UNLOCKED, by=by, note=reason,
            data={"scorecard": scorecard.pk, "member": str(scorecard.juror), "entry": str(scorecard.entry)},
        )
    return scorecard


# Progress

def missing_scorecards(round):
    """How many (member present, entry theirs to score) pairs of the round still lack a submitted
    scorecard."""
    board = progress(round)
    return board.expected - board.submitted


@dataclass
class Board:
    """Who has submitted what, without scores: rows are members, columns entries."""

    entries: list
    rows: list  # (juror, [status per entry: "submitted" | "draft" | "conflict" | ""])
    submitted: int
    expected: int
    scorecard_ids: dict = field(default_factory=dict)  # (juror id, entry id) -> scorecard id, for links


def progress(round):
    entries = list(Entry.objects.in_round(round).select_related("group__subdistrict__province", "product"))
    jurors = list(Juror.objects.filter(contest_id=round.contest_id).select_related("team"))
    cards, scorecard_ids = {}, {}
    for pk, juror_id, entry_id, status in Scorecard.objects.filter(round=round).values_list(
        "pk", "juror_id", "entry_id", "status"
    ):
        cards[(juror_id, entry_id)] = status
        scorecard_ids[(juror_id, entry_id)] = pk
    conflicts = set(Conflict.objects.filter(entry__contest_id=round.contest_id).values_list("juror_id", "entry_id"))
    rows, submitted, expected = [], 0, 0
    for juror in jurors:
        cells = []
        for entry in entries:
            if (juror.pk, entry.pk) in conflicts:
                cells.append("conflict")
                continue
            if juror.team_id and juror.team.regions and entry.group.subdistrict.province.region not in juror.team.regions:
                cells.append("other_team")
                continue
            status = cards.get((juror.pk, entry.pk), "")
            cells.append(status)
            if juror.present:
                expected += 1
                submitted += status == ScorecardStatus.SUBMITTED
        rows.append((juror, cells))
    return Board(entries, rows, submitted, expected, scorecard_ids)


# Ranking

@dataclass
class EntryResult:
    entry: Entry
    score: Decimal | None = None
    scorecards: int = 0
    spread: Decimal | None = None
    high_disagreement: bool = False
    criteria: dict = field(default_factory=dict)  # criterion id -> average points
    eligible: int = 0
    quorum_met: bool = False
    tie_key: tuple = ()  # the score, then the tie-break criterion's average when the rule names one
    place: int = 0
    tied: bool = False  # still level after the tie-break criterion: needs the chair's casting vote
    normalised: Decimal | None = None  # filled when the contest shows normalised scores (`normalised`)

    def sort_key(self):
        return (self.score is None, *[-(value or 0) for value in self.tie_key], self.entry.casting_rank or math.inf)


@dataclass
class Ranking:
    round: object
    criteria: list
    results: list
    max_total: Decimal
    quorum_needed: int
    jurors: int


def _q(value):
    return None if value is None else Decimal(value).quantize(PRECISION)


def _medians(round):
    """Median of the counted totals per entry, by the database: the middle row (or the two middle
    rows) of each entry's totals in order, averaged."""
    ordered = counted_scorecards(round).annotate(
        row=Window(RowNumber(), partition_by=[F("entry_id")], order_by=[F("total").asc(), F("id").asc()]),
        count=Window(Count("id"), partition_by=[F("entry_id")]),
    )
    middle = ordered.filter(row__gte=(F("count") + 1) / 2, row__lte=(F("count") + 2) / 2)
    medians = {}
    for entry_id, total in middle.values_list("entry_id", "total"):
        medians.setdefault(entry_id, []).append(Decimal(total))
    return {entry_id: sum(totals) / len(totals) for entry_id, totals in medians.items()}


def ranking(round):
    contest = round.contest
    criteria = list(round.rubric.criteria.all())
    max_total = sum((c.max_points * c.weight for c in criteria if not c.independent), start=Decimal(0))
    entries = list(Entry.objects.in_round(round).select_related("group", "product", "award"))
    counted = counted_scorecards(round)
    stats = {
        row["entry_id"]: row
        for row in counted.values("entry_id").annotate(n=Count("id"), mean=Avg("total"), sd=StdDev("total"))
    }
    medians = _medians(round) if contest.aggregate == Aggregate.MEDIAN else {}
    averages = {}
    for entry_id, criterion_id, average in (
        Score.objects.filter(scorecard__in=counted)
        .values("scorecard__entry_id", "criterion_id")
        .annotate(average=Avg("points"))
        .values_list("scorecard__entry_id", "criterion_id", "average")
    ):
        averages.setdefault(entry_id, {})[criterion_id] = _q(average)
    jurors = Juror.objects.filter(contest=contest).count()
    present = Juror.objects.filter(contest=contest, present=True).count()
    conflicted_present = dict(
        Conflict.objects.filter(entry__contest=contest, juror__present=True)
        .values("entry_id").annotate(n=Count("id")).values_list("entry_id", "n")
    )
    quorum_needed = math.ceil(jurors * contest.quorum_percent / 100)
    tie_criterion = contest.tie_break_criterion_id if contest.tie_break == TieBreak.CRITERION_THEN_CHAIR else None
    threshold = max_total * contest.disagreement_percent / 100
    results = []
    for entry in entries:
        row = stats.get(entry.pk, {})
        result = EntryResult(entry=entry, criteria=averages.get(entry.pk, {}))
        if row:
            result.scorecards = row["n"]
            result.score = _q(medians[entry.pk] if medians else row["mean"])
            result.spread = _q(row["sd"])
            result.high_disagreement = result.spread is not None and result.spread > threshold
        result.eligible = present - conflicted_present.get(entry.pk, 0)
        result.quorum_met = result.eligible >= quorum_needed
        result.tie_key = (result.score, result.criteria.get(tie_criterion)) if tie_criterion else (result.score,)
        results.append(result)
    if contest.show_normalised:
        values = normalised(round)
        for result in results:
            result.normalised = values.get(result.entry.pk)
    results.sort(key=EntryResult.sort_key)
    _place(results)
    return Ranking(round, criteria, results, max_total, quorum_needed, jurors)


def _place(results):
    """Standard competition places ("1, 2, 2, 4"): entries level on the score and the tie-break
    criterion share a place unless the chair's casting vote has ordered them."""
    for index, result in enumerate(results):
        previous = results[index - 1] if index else None
        level = previous is not None and previous.tie_key == result.tie_key and result.score is not None
        if level and not (previous.entry.casting_rank and result.entry.casting_rank):
            result.place = previous.place
            result.tied = previous.tied = True
        else:
            result.place = index + 1


def normalised(round):
    """{entry id: normalised score} over the counted scorecards, for judges who score on different
    scales (a strict and a lenient one, or regional teams that each see other entries).

    Each judge's totals become z-scores against that judge's own mean and standard deviation (a
    judge with fewer than two scorecards, or who gave every entry the same total, keeps z = 0); an
    entry's z-scores are averaged and rescaled to the raw range: the mean of all counted totals plus
    the average z times their standard deviation. Standard deviations are the population's, as for
    the ranking's spread. Entries without a counted scorecard are left out."""
    counted = counted_scorecards(round)
    judges = {
        row["juror_id"]: row
        for row in counted.values("juror_id").annotate(n=Count("id"), mean=Avg("total"), sd=StdDev("total"))
    }
    overall = counted.aggregate(mean=Avg("total"), sd=StdDev("total"))
    z_scores = {}
    for juror_id, entry_id, total in counted.values_list("juror_id", "entry_id", "total"):
        judge = judges[juror_id]
        spread = float(judge["sd"] or 0)
        z = (float(total) - float(judge["mean"])) / spread if judge["n"] >= 2 and spread > 1e-9 else 0.0
        z_scores.setdefault(entry_id, []).append(z)
    if not z_scores:
        return {}
    mean, spread = float(overall["mean"]), float(overall["sd"] or 0)
    return {entry_id: _q(mean + sum(zs) / len(zs) * spread) for entry_id, zs in z_scores.items()}
