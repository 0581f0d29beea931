"""A province's winner sent to the national round: the dossier, its submission, a late submission's
acceptance, withdrawal and replacement, and what the province sees of its national result.

- `prepare_dossier` / `save_dossier`: the officer prepares the draft dossier once the committee has
  selected the winner (texts prefilled from the product, or from a withdrawn dossier it replaces).
- `submit`: one step, compare-and-set, in one transaction with the provincial contest's move to
  "submitted" (`workflow.advance`) and the entry in the national round. After the deadline the
  submission is "late" and waits for a national admin (`accept_late`), who may accept it until
  national judging opens.
- `withdraw`: before national judging opens; the national entry is withdrawn (`services.withdraw`),
  the provincial contest goes back to "winner selected", and a new dossier may be prepared.

Every step writes a `ContestEvent` on the provincial contest. The database holds the rest: one
standing submission per province and national round, and per provincial contest.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import documents, exports, permissions, scoring, services
from contests.enums import ContestLevel, ContestState, EventAction, SubmissionState
from contests.models import Contest, Entry, Submission
from contests.workflow import TransitionError, advance

RANKING_ROWS = 5  # the top of the province's ranking shown in the dossier
OPEN_FOR_DOSSIERS = {ContestState.DRAFT, ContestState.ENTRIES_OPEN}  # the national round's states
ACCEPTING = ContestState.ENTRIES_OPEN
STANDING = {SubmissionState.SUBMITTED, SubmissionState.LATE}
DOSSIER_FIELDS = ("innovation", "identity", "summary")


# Looking up

def national_round_for(contest):
    """The national round of the provincial contest's fiscal year and kind, or None."""
    return Contest.objects.filter(
        level=ContestLevel.NATIONAL, fiscal_year=contest.fiscal_year, kind=contest.kind
    ).first()


def winner_of(contest):
    """The province's winner (the first place when the quota is larger: one entry per province)."""
    winners = contest.entries.filter(winner_position__isnull=False).select_related(
        "group__subdistrict__district", "group__subdistrict__province", "product"
    )
    return winners.order_by("winner_position").first()


def current_submission(contest):
    """The provincial contest's submission that is not withdrawn (a draft or a submitted one), or None."""
    return contest.national_submissions.exclude(state=SubmissionState.WITHDRAWN).first()


def dossier_texts(contest, entry):
    """What a new dossier starts from: the texts of the last withdrawn dossier it replaces, or the
    product's innovation, local identity and description."""
    replaced = contest.national_submissions.filter(state=SubmissionState.WITHDRAWN, entry=entry).order_by("-pk").first()
    if replaced is not None:
        return {name: getattr(replaced, name) for name in DOSSIER_FIELDS}
    product = entry.product
    if product is None:
        return dict.fromkeys(DOSSIER_FIELDS, "")
    return {"innovation": product.innovation, "identity": product.identity_story, "summary": product.description}


# What a user may do (small predicates; the steps below check them again)

def may_edit(user, submission):
    return submission.state == SubmissionState.DRAFT and permissions.manages(user, submission.provincial)


def may_withdraw(user, submission):
    return (
        submission.state in STANDING
        and submission.national.state in OPEN_FOR_DOSSIERS
        and permissions.manages(user, submission.provincial)
    )


def may_accept_late(user, submission):
    return (
        submission.state == SubmissionState.LATE
        and submission.national.state == ACCEPTING
        and permissions.manages(user, submission.national)
    )


# The steps

def _lock(contest_id):
    """The contest's row, locked (its nullable network joined outside the lock: PostgreSQL refuses
    FOR UPDATE on the nullable side of an outer join)."""
    return Contest.objects.select_for_update(of=("self",)).select_related("network__province").get(pk=contest_id)


def _refuse_unless_manages(user, contest):
    if not permissions.manages(user, contest):
        raise PermissionDenied


def _constraint_message(error):
    """The message of the submission constraint an IntegrityError names (PostgreSQL and SQLite
    both quote the constraint or its columns), or a general one."""
    text = str(error)
    for constraint in Submission._meta.constraints:
        fields = [Submission._meta.get_field(name) for name in getattr(constraint, "fields", ())]
        columns = ", ".join(f"{Submission._meta.db_table}.{field.column}" for field in fields)
        if constraint.name in text or (columns and columns in text):
            return str(constraint.violation_error_message)
    return _("This province already has a submission in this national round.")


@transaction.atomic
def prepare_dossier(provincial, *, by):
    """The provincial contest's draft dossier for its winner: created on the first call, returned
    (whatever its state) while it stands."""
    _refuse_unless_manages(by, provincial)
    provincial = _lock(provincial.pk)
    existing = current_submission(provincial)
    if existing is not None:
        return existing
    if provincial.state != ContestState.WINNER_SELECTED:
        raise TransitionError(_("The national dossier is prepared once the committee has selected the winner."))
    winner = winner_of(provincial)
    if winner is None:
        raise TransitionError(_("There is no selected winner to submit."))
    national = national_round_for(provincial)
    if national is None:
        raise TransitionError(_(
            "CDD has not opened the national round of fiscal year %(year)s for “%(kind)s” yet: the dossier "
            "can be prepared once it has."
        ) % {"year": provincial.fiscal_year, "kind": provincial.get_kind_display()})
    if national.state not in OPEN_FOR_DOSSIERS:
        raise TransitionError(_("The national round no longer accepts submissions: judging has begun."))
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                national=national, provincial=provincial, province_id=provincial.network.province_id, entry=winner,
                **dossier_texts(provincial, winner),
            )
    except IntegrityError as error:
        raise TransitionError(_constraint_message(error)) from error
    services._event(
        provincial, EventAction.SUBMISSION, by, step="prepared", submission=submission.pk, entry=str(winner)
    )
    return submission


def update_dossier(submission, data, *, by):
    """Saves the dossier's texts while it is a draft: a compare-and-set, so a dossier submitted in
    another tab meanwhile is not changed."""
    _refuse_unless_manages(by, submission.provincial)
    values = {name: data.get(name, "").strip() for name in DOSSIER_FIELDS}
    if not Submission.objects.filter(pk=submission.pk, state=SubmissionState.DRAFT).update(**values):
        raise TransitionError(_("This dossier is submitted: it can no longer be changed."))
    for name, value in values.items():
        setattr(submission, name, value)
    return submission


@transaction.atomic
def save_dossier(provincial, data, *, by):
    """The dossier page's save: prepares the draft when there is none, then writes the texts."""
    return update_dossier(prepare_dossier(provincial, by=by), data, by=by)


def _next_order(national):
    return (national.entries.aggregate(last=Max("presentation_order"))["last"] or 0) + 1


def _enter(submission):
    """The winner's entry in the national round (called with the national round locked). A group
    whose earlier entry was withdrawn with its dossier is reinstated in the same row: a group has
    one entry per contest."""
    national, winner = submission.national, submission.entry
    entry = national.entries.filter(group=winner.group_id).first()
    if entry is None:
        entry = Entry.objects.create(
            contest=national, group=winner.group, product=winner.product, presentation_order=_next_order(national),
            outside_cohort_reason=winner.outside_cohort_reason,
        )
    else:
        Submission.objects.filter(national_entry=entry).exclude(pk=submission.pk).update(national_entry=None)
        entry.product, entry.withdrawn_at, entry.withdrawal_reason = winner.product, None, ""
        entry.presentation_order = _next_order(national)
        entry.save(update_fields=["product", "withdrawn_at", "withdrawal_reason", "presentation_order"])
    Submission.objects.filter(pk=submission.pk).update(national_entry=entry)
    submission.national_entry = entry
    return entry


def _refresh(submission):
    return Submission.objects.select_related("national", "provincial__network", "entry", "national_entry").get(
        pk=submission.pk
    )


@transaction.atomic
def submit(submission, *, by):
    """Submits the dossier: DRAFT → SUBMITTED (LATE after the deadline), the provincial contest to
    "submitted", and on time the winner's entry in the national round; all or nothing."""
    _refuse_unless_manages(by, submission.provincial)
    provincial = _lock(submission.provincial_id)
    national = _lock(submission.national_id)
    submission = _refresh(submission)
    if submission.state != SubmissionState.DRAFT:
        raise TransitionError(_("This dossier has already been submitted."))
    if provincial.state != ContestState.WINNER_SELECTED or winner_of(provincial) is None:
        raise TransitionError(_("Only a contest whose winner is selected can be submitted."))
    if national.state != ACCEPTING:
        raise TransitionError(_("The national round is not accepting submissions: it is “%(state)s”.") % {
            "state": national.get_state_display()
        })
    if not (submission.innovation.strip() and submission.identity.strip()):
        raise TransitionError(_("Describe the innovation and the local identity before submitting."))
    now = timezone.now()
    late = national.submission_deadline is not None and now > national.submission_deadline
    record_hash = documents.selection_record(provincial).hash
    state = SubmissionState.LATE if late else SubmissionState.SUBMITTED
    changed = Submission.objects.filter(pk=submission.pk, state=SubmissionState.DRAFT).update(
        state=state, late=late, submitted_at=now, submitted_by=by, record_hash=record_hash
    )
    if not changed:
        raise TransitionError(_("This dossier has already been submitted."))
    advance(
        provincial, ContestState.SUBMITTED, by=by, action=EventAction.SUBMISSION,
        data={"submission": submission.pk, "entry": str(submission.entry), "late": late, "record_hash": record_hash},
    )
    submission.national = national
    if not late:
        _enter(submission)
    return _refresh(submission)


@transaction.atomic
def accept_late(submission, *, by):
    """A national admin accepts a late submission (until national judging opens): its entry joins
    the national round."""
    _refuse_unless_manages(by, submission.national)
    national = _lock(submission.national_id)
    submission = _refresh(submission)
    if national.state != ACCEPTING:
        raise TransitionError(_("Late submissions are accepted only until national judging opens."))
    changed = Submission.objects.filter(pk=submission.pk, state=SubmissionState.LATE).update(
        state=SubmissionState.SUBMITTED, accepted_at=timezone.now(), accepted_by=by
    )
    if not changed:
        raise TransitionError(_("This submission is not waiting for acceptance."))
    submission.national = national
    _enter(submission)
    services._event(submission.provincial, EventAction.SUBMISSION, by, step="late_accepted", submission=submission.pk)
    return _refresh(submission)


@transaction.atomic
def withdraw(submission, reason, *, by):
    """Withdraws a submitted dossier before national judging opens, with the reason: the national
    entry is withdrawn and the provincial contest goes back to "winner selected"."""
    _refuse_unless_manages(by, submission.provincial)
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Write the reason for the withdrawal."))
    provincial = _lock(submission.provincial_id)
    national = _lock(submission.national_id)
    submission = _refresh(submission)
    if national.state not in OPEN_FOR_DOSSIERS:
        raise TransitionError(_("National judging has begun: the submission can no longer be withdrawn."))
    changed = Submission.objects.filter(pk=submission.pk, state__in=STANDING).update(
        state=SubmissionState.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason=reason
    )
    if not changed:
        raise TransitionError(_("Only a submitted dossier can be withdrawn."))
    entry = submission.national_entry
    if entry is not None and not entry.withdrawn:
        entry.contest = national
        services.withdraw(entry, reason, by=by)
    advance(
        provincial, ContestState.WINNER_SELECTED, by=by, note=reason, action=EventAction.SUBMISSION,
        data={"submission": submission.pk, "entry": str(submission.entry), "withdrawn": True},
    )
    return _refresh(submission)


# What the officer reviews, and what the province sees of the result

@dataclass
class Dossier:
    contest: Contest  # the provincial contest
    winner: Entry | None
    submission: Submission | None
    national: Contest | None
    ranking: list  # the top rows of the deciding round's ranking (scoring.EntryResult)
    record_hash: str  # the hash submitted with the dossier, or the selection record's as it stands
    standards: list = field(default_factory=list)
    photos: list = field(default_factory=list)


def dossier_of(contest, submission=None):
    """The dossier of a provincial contest: its standing submission (or `submission`), the winner's
    product and group, the top of the ranking and the selection record's hash."""
    submission = submission or current_submission(contest)
    winner = winner_of(contest)
    product = winner.product if winner else None
    ranking = scoring.ranking(services.deciding_round(contest)).results[:RANKING_ROWS]
    return Dossier(
        contest=contest,
        winner=winner,
        submission=submission,
        national=submission.national if submission else national_round_for(contest),
        ranking=ranking,
        record_hash=(submission and submission.record_hash) or documents.selection_record(contest).hash,
        standards=list(product.standards.all()) if product else [],
        photos=list(product.photos.all()) if product else [],
    )


@dataclass
class NationalResult:
    submission: Submission | None  # the submission whose entry is in the national round
    national: Contest | None
    published: bool
    award: object = None
    place: int | None = None
    ranked: int = 0  # entries in the national ranking
    averages: list = field(default_factory=list)  # (criterion, average points)
    advice: list = field(default_factory=list)  # the judges' advice, without names, in no judge's order


def result_of(contest):
    """What the province sees of its national result: nothing before the national round publishes;
    then its award, its place in the national ranking, the average points and the judges' advice."""
    submission = (
        contest.national_submissions.filter(state=SubmissionState.SUBMITTED, national_entry__isnull=False)
        .select_related("national", "national_entry__award", "national_entry__contest").first()
    )
    national = submission.national if submission else national_round_for(contest)
    published = national is not None and national.state == ContestState.PUBLISHED
    if submission is None or not published:
        return NationalResult(submission, national, published)
    entry = submission.national_entry
    feedback = exports.feedback(entry).rounds
    deciding = feedback[-1] if feedback else None
    return NationalResult(
        submission, national, published,
        award=entry.award,
        place=deciding.result.place if deciding else None,
        ranked=Entry.objects.in_round(deciding.round).count() if deciding else 0,
        averages=deciding.averages if deciding else [],
        advice=sorted(text for part in feedback for _name, text in part.advice),
    )
