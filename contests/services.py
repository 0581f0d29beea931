"""Contest set-up and the committee's decisions: multi-step writes, each in one transaction.

Set-up: creating a contest from the national template, copying last year's, the scoring panel from
the year's committee, entries and their presentation order, conflicts. Decisions: the shortlist, the
final round, the chair's casting vote, the winner or "no entry this year". Each decision is written
together with its transition (`contests.workflow.advance`) or not at all.
"""

import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import permissions, scoring
from contests.enums import ContestState, EventAction, ScorecardStatus
from contests.models import Conflict, Contest, ContestEvent, Criterion, Entry, Juror, Round, Rubric, Scorecard
from contests.workflow import TransitionError, advance, transition
from networks.models import Committee
from products.models import Enrollment, ProductStandard, Trainee

CRITERION_FIELDS = ["position", "name_th", "name_en", "description", "max_points", "weight", "required", "independent"]
CONTEST_SETTINGS = [
    "kind", "winners_quota", "shortlist_size", "aggregate", "tie_break", "quorum_percent", "disagreement_percent",
]


# Set-up

def copy_rubric(rubric, name=None):
    """A contest's own copy of a rubric (a template's, or last year's), with a map old → new criterion."""
    copy = Rubric.objects.create(name=name or rubric.name, kind=rubric.kind, fiscal_year=rubric.fiscal_year)
    mapping = {}
    for criterion in rubric.criteria.all():
        mapping[criterion.pk] = Criterion.objects.create(
            rubric=copy, **{name: getattr(criterion, name) for name in CRITERION_FIELDS}
        )
    return copy, mapping


def published_template(fiscal_year, kind):
    return Rubric.objects.filter(is_template=True, published=True, fiscal_year=fiscal_year, kind=kind).first()


@transaction.atomic
def create_contest(contest):
    """Saves a new contest (built by the set-up form) with its main round, whose rubric starts from
    CDD's published template for the year and kind when there is one, and its scoring panel."""
    contest.save()
    template = published_template(contest.fiscal_year, contest.kind)
    if template is not None:
        rubric, _mapping = copy_rubric(template)
    else:
        rubric = Rubric.objects.create(
            name=_("Criteria, FY %(year)s") % {"year": contest.fiscal_year}, kind=contest.kind,
            fiscal_year=contest.fiscal_year,
        )
    Round.objects.create(contest=contest, number=1, rubric=rubric)
    sync_jurors(contest)
    return contest


@transaction.atomic
def copy_contest(contest, fiscal_year):
    """Next year's contest from this one, in one action: the same rules and criteria, new dates."""
    copy = Contest(network=contest.network, fiscal_year=fiscal_year, **{n: getattr(contest, n) for n in CONTEST_SETTINGS})
    copy.save()
    source = contest.rounds.get(number=1).rubric
    rubric, mapping = copy_rubric(source)
    rubric.fiscal_year = fiscal_year
    rubric.save(update_fields=["fiscal_year"])
    Round.objects.create(contest=copy, number=1, rubric=rubric)
    if contest.tie_break_criterion_id in mapping:
        copy.tie_break_criterion = mapping[contest.tie_break_criterion_id]
        copy.save(update_fields=["tie_break_criterion"])
    sync_jurors(copy)
    return copy


def committee_of(contest):
    return Committee.objects.filter(network=contest.network_id, fiscal_year=contest.fiscal_year).first()


@transaction.atomic
def sync_jurors(contest):
    """The scoring panel follows the year's committee: new members join, names, roles and login
    accounts are refreshed, and members who left are removed unless they have already scored."""
    committee = committee_of(contest)
    members = list(committee.members.all()) if committee else []
    jurors = list(contest.jurors.all())
    current = {juror.member_id: juror for juror in jurors if juror.member_id}
    for member in members:
        juror = current.pop(member.pk, None) or Juror(contest=contest, member=member)
        juror.name, juror.role, juror.seat, juror.user_id = member.full_name, member.role, member.seat, member.user_id
        juror.save()
    # Members deleted from the committee have lost their link (member is NULL): they are gone too.
    gone = [juror.pk for juror in jurors if juror.member_id is None or juror.member_id in current]
    Juror.objects.filter(pk__in=gone, scorecards__isnull=True).delete()


@dataclass(frozen=True)
class EligibilityWarning:
    entry: Entry
    message: str


def in_cohort_groups(contest):
    """Ids of the groups enrolled in the province's development cohort of the contest's fiscal year."""
    return set(
        Enrollment.objects.filter(
            cohort__province_id=contest.network.province_id, cohort__fiscal_year=contest.fiscal_year
        ).values_list("group_id", flat=True)
    )


def eligibility_warnings(contest):
    """What an officer should look at before the meeting (warnings, not refusals)."""
    entries = list(contest.entries.competing().select_related("group", "product"))
    cohort = in_cohort_groups(contest)
    today = timezone.localdate()
    certified = set(
        ProductStandard.objects.filter(product__contest_entries__contest=contest)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values_list("product_id", flat=True)
    )
    warnings = []
    for entry in entries:
        if entry.group_id not in cohort:
            warnings.append(EligibilityWarning(entry, _("Not in this year's development cohort: %(reason)s") % {
                "reason": entry.outside_cohort_reason
            }))
        if entry.product_id and entry.product_id not in certified:
            warnings.append(EligibilityWarning(entry, _("The product holds no current product standard.")))
    return warnings


def _event(contest, action, by, note="", **data):
    ContestEvent.objects.create(contest=contest, action=action, by=by, note=note, data=data)


@transaction.atomic
def draw_order(contest, *, by, rng=None):
    """Draws the presentation order at random and records the draw."""
    entries = list(contest.entries.competing().select_for_update(of=("self",)))
    (rng or random.SystemRandom()).shuffle(entries)
    _set_order(contest, entries)
    _event(contest, EventAction.ORDER_DRAWN, by, order=[str(entry) for entry in entries])
    return entries


@transaction.atomic
def set_order(contest, entries, *, by):
    """Sets the presentation order by hand, in the order given."""
    _set_order(contest, entries)
    _event(contest, EventAction.ORDER_SET, by, order=[str(entry) for entry in entries])


def _set_order(contest, entries):
    contest.entries.update(presentation_order=None)
    for number, entry in enumerate(entries, start=1):
        entry.presentation_order = number
    Entry.objects.bulk_update(entries, ["presentation_order"])


@transaction.atomic
def withdraw(entry, reason, *, by):
    entry.withdrawn_at = timezone.now()
    entry.withdrawal_reason = reason.strip()
    entry.presentation_order = None
    entry.save(update_fields=["withdrawn_at", "withdrawal_reason", "presentation_order"])
    _event(entry.contest, EventAction.ENTRY_WITHDRAWN, by, entry.withdrawal_reason, entry=str(entry))


@transaction.atomic
def record_conflict(juror, entry, grounds, note="", *, by, by_member=False):
    """Records that `juror` leaves the room for `entry`; their unsubmitted scores for it are discarded
    (a submitted scorecard, or an unlocked one with its revisions, stays on record but no longer counts)."""
    conflict, created = Conflict.objects.get_or_create(
        juror=juror, entry=entry,
        defaults={"grounds": grounds, "note": note.strip(), "recorded_by": by, "declared_by_member": by_member},
    )
    if created:
        Scorecard.objects.filter(
            juror=juror, entry=entry, status=ScorecardStatus.DRAFT, revisions__isnull=True
        ).delete()
        _event(entry.contest, EventAction.CONFLICT, by, note.strip(), member=str(juror), entry=str(entry), grounds=grounds)
    return conflict


@dataclass(frozen=True)
class Suggestion:
    juror: Juror
    entry: Entry
    reason: str


def suggested_conflicts(contest):
    """Conflicts the register can see: the member is the group's leader or one of its trainees, or
    lives in the group's subdistrict. Already recorded ones are left out."""
    jurors = list(contest.jurors.select_related("member"))
    entries = list(contest.entries.competing().select_related("group", "product"))
    recorded = set(Conflict.objects.filter(entry__contest=contest).values_list("juror_id", "entry_id"))
    people = {}
    for group_id, name in Trainee.objects.filter(
        enrollment__group__in=[entry.group_id for entry in entries]
    ).values_list("enrollment__group_id", "name"):
        people.setdefault(group_id, []).append(name)
    suggestions = []
    for juror in jurors:
        member = juror.member
        if member is None:
            continue
        full_name = f"{member.first_name} {member.last_name}"
        for entry in entries:
            if (juror.pk, entry.pk) in recorded:
                continue
            names = [entry.group.leader_name, *people.get(entry.group_id, [])]
            if any(full_name in name for name in names if name):
                suggestions.append(Suggestion(juror, entry, _("The member belongs to the group.")))
            elif member.subdistrict_id and member.subdistrict_id == entry.group.subdistrict_id:
                suggestions.append(Suggestion(juror, entry, _("The member lives in the group's subdistrict.")))
    return suggestions


@transaction.atomic
def move_scoring_end(contest, closes_at, *, by):
    contest = _lock(contest)
    if not permissions.can_move_scoring_end(by, contest):
        raise PermissionDenied
    before = contest.scoring_closes_at
    Contest.objects.filter(pk=contest.pk).update(scoring_closes_at=closes_at)
    _event(contest, EventAction.SCORING_END, by, before=before and before.isoformat(), after=closes_at.isoformat())
    return contest


# Decisions

@transaction.atomic
def set_presence(juror, present, *, by):
    """Marks a panel member present or absent (it decides the quorum), with an audit row."""
    contest = _lock(juror.contest)
    if not permissions.runs_meeting(by, contest):
        raise PermissionDenied
    if not permissions.can_mark_attendance(by, contest):
        raise TransitionError(_("Attendance is fixed once the committee has decided."))
    if juror.present != present:
        Juror.objects.filter(pk=juror.pk).update(present=present)
        juror.present = present
        _event(contest, EventAction.ATTENDANCE, by, member=str(juror), present=present)
    return juror


def set_now_presenting(contest, entry):
    Contest.objects.filter(pk=contest.pk).update(now_presenting=entry)
    contest.now_presenting = entry


def deciding_round(contest):
    """The round whose ranking the winner is chosen from: the final round when there was one."""
    return contest.rounds.order_by("-number").first()


def _lock(contest):
    return Contest.objects.select_for_update(of=("self",)).select_related("network").get(pk=contest.pk)


def _differs_needs_reason(chosen, expected, reason, message):
    if set(chosen) != set(expected) and not reason.strip():
        raise TransitionError(message)


@transaction.atomic
def record_shortlist(contest, entries, reason="", *, by):
    """Records the committee's shortlist: by default the top entries of the ranking; any other
    choice needs a written reason."""
    contest = _lock(contest)
    ranking = scoring.ranking(contest.rounds.get(number=1))
    top = [result.entry.pk for result in ranking.results[: contest.shortlist_size] if result.score is not None]
    chosen = [entry.pk for entry in entries]
    if not chosen:
        raise TransitionError(_("Choose at least one entry for the shortlist."))
    _differs_needs_reason(chosen, top, reason, _("The shortlist differs from the top of the ranking: write the reason."))
    contest.entries.update(shortlisted=False)
    contest.entries.competing().filter(pk__in=chosen).update(shortlisted=True)
    return advance(
        contest, ContestState.SHORTLISTED, by=by, note=reason, action=EventAction.SHORTLIST,
        data={"shortlist": [str(entry) for entry in entries], "top_of_ranking": top},
    )


@transaction.atomic
def open_final_round(contest, *, by, own_criteria=False):
    """Opens a second scoring round on the shortlist. On the main round's criteria it opens at once.
    With its own criteria, the first call makes a copy of the main round's for the officer to edit
    and leaves the contest shortlisted; the next call opens the round on that copy."""
    contest = _lock(contest)
    if contest.state != ContestState.SHORTLISTED:
        raise TransitionError(_("The final round opens once the shortlist is recorded."))
    if not permissions.manages(by, contest):
        raise PermissionDenied
    main = contest.rounds.get(number=1).rubric
    final = contest.rounds.filter(number=2).first()
    has_own = final is not None and final.rubric_id != main.pk
    if own_criteria and not has_own:
        rubric, _mapping = copy_rubric(main, _("Final round criteria"))
        Round.objects.update_or_create(contest=contest, number=2, defaults={"rubric": rubric})
        return contest
    if not own_criteria:
        Round.objects.update_or_create(contest=contest, number=2, defaults={"rubric": main})
    return advance(contest, ContestState.FINAL_SCORING_OPEN, by=by)


CASTING_VOTE_STATES = (ContestState.SCORING_CLOSED, ContestState.SHORTLISTED, ContestState.FINAL_SCORING_CLOSED)


@transaction.atomic
def record_casting_vote(contest, entries, *, by):
    """The chair orders entries that are still level after the tie-break criterion; returns them."""
    contest = _lock(contest)
    if contest.state not in CASTING_VOTE_STATES:
        raise TransitionError(_("The casting vote is recorded after scoring closes and before the selection."))
    for place, entry in enumerate(entries, start=1):
        Entry.objects.filter(pk=entry.pk, contest=contest).update(casting_rank=place)
    _event(contest, EventAction.CASTING_VOTE, by, order=[str(entry) for entry in entries])
    return entries


@transaction.atomic
def select_winners(contest, entries, reason="", *, by):
    """Records the committee's winner(s). Exactly the quota; an entry other than the top of the
    deciding round's ranking needs a written reason; each winner must have had a quorum."""
    contest = _lock(contest)
    if transition(contest, ContestState.WINNER_SELECTED) is None:
        raise TransitionError(_("The winner cannot be selected now: the contest is “%(state)s”.") % {
            "state": contest.get_state_display()
        })
    ranking = scoring.ranking(deciding_round(contest))
    results = {result.entry.pk: result for result in ranking.results}
    chosen = [entry.pk for entry in entries]
    if len(set(chosen)) != contest.winners_quota or not all(pk in results for pk in chosen):
        raise TransitionError(_("Select exactly %(quota)s of the ranked entries.") % {"quota": contest.winners_quota})
    short = [results[pk].entry for pk in chosen if not results[pk].quorum_met]
    if short:
        raise TransitionError(_("No quorum for %(entry)s: too few members present without a conflict.") % {
            "entry": short[0]
        })
    top = [result.entry.pk for result in ranking.results[: contest.winners_quota]]
    _differs_needs_reason(chosen, top, reason, _("The choice is not the top of the ranking: write the reason."))
    for place, pk in enumerate(chosen, start=1):
        Entry.objects.filter(pk=pk).update(winner_position=place)
    return advance(
        contest, ContestState.WINNER_SELECTED, by=by, note=reason, action=EventAction.SELECTION,
        data={"winners": [str(results[pk].entry) for pk in chosen], "top_of_ranking": [str(results[pk].entry) for pk in top]},
    )


@transaction.atomic
def send_no_entry(contest, reason, *, by):
    contest = _lock(contest)
    contest = advance(contest, ContestState.NO_ENTRY, by=by, note=reason)
    Contest.objects.filter(pk=contest.pk).update(no_entry_reason=reason.strip())
    contest.no_entry_reason = reason.strip()
    return contest
