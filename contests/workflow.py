"""The contest workflow: one transitions table and one function, `advance`, the only code that
changes a contest's state.

draft → entries open → scoring open → scoring closed → shortlisted → winner selected → submitted,
with an optional final round on the shortlist (shortlisted → final open → final closed → winner
selected), "no entry this year" instead of a winner, and reopening scoring as logged backward moves.

Each transition names who may trigger it and the guard that must hold. `advance` checks both,
changes the state with a compare-and-set (an UPDATE that matches only the expected state), writes
an audit row, and runs side effects after commit. A repeated click finds the state already moved
and is told so; nothing is written twice.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contests import permissions, scoring
from contests.enums import ContestState as S
from contests.enums import EventAction, SubmissionState
from contests.models import Contest, ContestEvent

MANAGER, MEETING = "manager", "meeting"  # officers and national admins; or also the chair


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    who: str
    label: str
    guard: object = None  # guard(contest, note) -> error message or None
    note_required: bool = False


def _entries_ready(contest, note):
    if not contest.entries.competing().exists():
        return _("Add at least one entry first.")
    if not contest.rounds.get(number=1).rubric.criteria.exists():
        return _("The contest has no criteria yet.")
    if not contest.jurors.exists():
        return _("The scoring panel is empty: the fiscal year's committee has no members.")
    if contest.tie_break == "criterion" and contest.tie_break_criterion_id is None:
        return _("Name the criterion that breaks ties before scoring opens.")
    if contest.scoring_opens_at is None or contest.scoring_closes_at is None:
        return _("Set the scoring window before scoring opens.")
    return None


def _everyone_submitted(round_number):
    def guard(contest, note):
        missing = scoring.missing_scorecards(contest.rounds.get(number=round_number))
        if missing and not note:
            return _(
                "%(count)s scorecards of members present are not submitted yet. Wait for them, or record "
                "why scoring closes without them."
            ) % {"count": missing}
        return None

    return guard


def _window_not_over(contest, note):
    if contest.scoring_closes_at is not None and contest.scoring_closes_at <= timezone.now():
        return _("The scoring window has ended: move its end on the contest's page first.")
    return None


def _shortlist_recorded(contest, note):
    if not contest.entries.competing().filter(shortlisted=True).exists():
        return _("Record the shortlist first.")
    return None


def _final_round_ready(contest, note):
    if not contest.rounds.filter(number=2).exists():
        return _("Choose the criteria of the final round first.")
    return _window_not_over(contest, note)


def _winners_chosen(contest, note):
    winners = contest.entries.filter(winner_position__isnull=False).count()
    if winners != contest.winners_quota:
        return _("Select exactly %(quota)s winning entries.") % {"quota": contest.winners_quota}
    return None


def _winner_stands(contest, note):
    if not contest.entries.filter(winner_position__isnull=False).exists():
        return _("There is no selected winner to submit.")
    if not contest.national_submissions.exclude(state__in=[SubmissionState.DRAFT, SubmissionState.WITHDRAWN]).exists():
        return _("Submit the national dossier: the contest follows it.")
    return None


def _submission_withdrawn(contest, note):
    if contest.national_submissions.exclude(state__in=[SubmissionState.DRAFT, SubmissionState.WITHDRAWN]).exists():
        return _("Withdraw the national submission: the contest follows it.")
    return None


def _national_ready(contest, note):
    if contest.submission_deadline is None:
        return _("Set the submission deadline first.")
    if not contest.rounds.get(number=1).rubric.criteria.exists():
        return _("The national round has no criteria yet.")
    return None


def _awards_given(contest, note):
    if not contest.entries.filter(award__isnull=False).exists():
        return _("Assign the awards first.")
    return None


TRANSITIONS = [
    Transition(S.DRAFT, S.ENTRIES_OPEN, MANAGER, gettext_lazy("Open entries")),
    Transition(S.ENTRIES_OPEN, S.DRAFT, MANAGER, gettext_lazy("Back to draft")),
    Transition(S.ENTRIES_OPEN, S.SCORING_OPEN, MANAGER, gettext_lazy("Open scoring"), _entries_ready),
    Transition(S.SCORING_OPEN, S.SCORING_CLOSED, MEETING, gettext_lazy("Close scoring"), _everyone_submitted(1)),
    Transition(
        S.SCORING_CLOSED, S.SCORING_OPEN, MEETING, gettext_lazy("Reopen scoring"), _window_not_over, note_required=True
    ),
    Transition(S.SCORING_CLOSED, S.SHORTLISTED, MANAGER, gettext_lazy("Record the shortlist"), _shortlist_recorded),
    Transition(S.SHORTLISTED, S.FINAL_SCORING_OPEN, MANAGER, gettext_lazy("Open the final round"), _final_round_ready),
    Transition(
        S.FINAL_SCORING_OPEN, S.FINAL_SCORING_CLOSED, MEETING, gettext_lazy("Close the final round"),
        _everyone_submitted(2),
    ),
    Transition(
        S.FINAL_SCORING_CLOSED, S.FINAL_SCORING_OPEN, MEETING, gettext_lazy("Reopen the final round"),
        _window_not_over, note_required=True,
    ),
    Transition(S.SHORTLISTED, S.WINNER_SELECTED, MANAGER, gettext_lazy("Select the winner"), _winners_chosen),
    Transition(S.FINAL_SCORING_CLOSED, S.WINNER_SELECTED, MANAGER, gettext_lazy("Select the winner"), _winners_chosen),
    Transition(S.SHORTLISTED, S.NO_ENTRY, MANAGER, gettext_lazy("Send no entry this year"), note_required=True),
    Transition(S.FINAL_SCORING_CLOSED, S.NO_ENTRY, MANAGER, gettext_lazy("Send no entry this year"), note_required=True),
    Transition(S.WINNER_SELECTED, S.SUBMITTED, MANAGER, gettext_lazy("Submit to the national round"), _winner_stands),
    Transition(
        S.SUBMITTED, S.WINNER_SELECTED, MANAGER, gettext_lazy("Withdraw the national submission"),
        _submission_withdrawn, note_required=True,
    ),
]
TABLE = {(t.source, t.target): t for t in TRANSITIONS}

# The national round: national admins open submissions, national judges score, results are published.
NATIONAL_TRANSITIONS = [
    Transition(S.DRAFT, S.ENTRIES_OPEN, MANAGER, gettext_lazy("Open submissions"), _national_ready),
    Transition(S.ENTRIES_OPEN, S.DRAFT, MANAGER, gettext_lazy("Back to draft")),
    Transition(S.ENTRIES_OPEN, S.SCORING_OPEN, MANAGER, gettext_lazy("Open judging"), _entries_ready),
    Transition(S.SCORING_OPEN, S.SCORING_CLOSED, MANAGER, gettext_lazy("Close judging"), _everyone_submitted(1)),
    Transition(
        S.SCORING_CLOSED, S.SCORING_OPEN, MANAGER, gettext_lazy("Reopen judging"), _window_not_over, note_required=True
    ),
    Transition(S.SCORING_CLOSED, S.PUBLISHED, MANAGER, gettext_lazy("Publish the results"), _awards_given),
]
NATIONAL_TABLE = {(t.source, t.target): t for t in NATIONAL_TRANSITIONS}


def table_of(contest):
    return NATIONAL_TABLE if contest.is_national else TABLE


def transition(contest, to_state):
    """The transition from the contest's state to `to_state` at its level, or None."""
    return table_of(contest).get((contest.state, to_state))


class TransitionError(ValidationError):
    pass


def may_trigger(user, contest, transition):
    if transition.who == MEETING:
        return permissions.runs_meeting(user, contest)
    return permissions.manages(user, contest)


def available(user, contest):
    """The transitions this user may try from the contest's current state (guards not yet checked)."""
    return [t for t in table_of(contest).values() if t.source == contest.state and may_trigger(user, contest, t)]


def advance(contest, to_state, *, by, note="", action=EventAction.TRANSITION, data=None):
    """Moves `contest` to `to_state`, or raises PermissionDenied / TransitionError (with a message
    for the user). Runs inside the caller's transaction when there is one, so a service can write
    the decision (shortlist, winners) and the step together or not at all."""
    step = transition(contest, to_state)
    if step is None:
        raise TransitionError(
            _("A contest cannot go from “%(source)s” to “%(target)s”.")
            % {"source": S(contest.state).label, "target": S(to_state).label}
        )
    if not may_trigger(by, contest, step):
        raise PermissionDenied
    note = note.strip()
    if step.note_required and not note:
        raise TransitionError(_("Write the reason for this step."))
    with transaction.atomic():
        error = step.guard(contest, note) if step.guard else None
        if error:
            raise TransitionError(error)
        changed = Contest.objects.filter(pk=contest.pk, state=step.source).update(state=step.target)
        if not changed:
            raise TransitionError(_("Someone else has already moved this contest on. Reload the page."))
        if step.target == S.SCORING_OPEN and step.source == S.ENTRIES_OPEN:
            contest.now_presenting = contest.entries.competing().first()
            Contest.objects.filter(pk=contest.pk).update(now_presenting=contest.now_presenting)
        ContestEvent.objects.create(
            contest=contest, action=action, from_state=step.source, to_state=step.target,
            by=by, note=note, data=data or {},
        )
        contest.state = step.target
        if step.target in (S.SCORING_OPEN, S.FINAL_SCORING_OPEN):
            transaction.on_commit(lambda: notify_scoring_open(contest.pk))
    return contest


def notify_scoring_open(contest_pk):
    """E-mails each panel member with an account and an address the link to their scoring page."""
    contest = Contest.objects.select_related("network__province").get(pk=contest_pk)
    link = settings.SITE_URL + reverse("contests:score_home", args=[contest.pk])
    messages = []
    for juror in contest.jurors.select_related("user").exclude(user=None).exclude(user__email=""):
        with translation.override(juror.user.language):
            body = _("Scoring is open for %(contest)s. Open %(link)s on your phone to score.") % {
                "contest": contest, "link": link,
            }
            messages.append((_("KBO: scoring is open"), body, None, [juror.user.email]))
    send_mass_mail(messages, fail_silently=True)
