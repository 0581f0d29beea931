"""The national round's awards: suggested from the ranking, assigned by the national admins with a
written reason for every departure from the suggestion, then published with the workflow's
"Publish the results" step (`workflow.advance(contest, PUBLISHED)`, whose guard wants an award).

The suggestion fills the awards in their order from the top of the main round's ranking: the first
`count` ranked entries get award 1, the next award 2's count, and so on; entries without a counted
scorecard get none. Entries level on the ranking stay in the ranking's order (the casting vote, or a
reasoned departure, settles a tie at an award's boundary).
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contests import permissions, scoring
from contests.enums import ContestLevel, ContestState, EventAction
from contests.models import Contest, ContestEvent, Entry


class AwardError(ValidationError):
    """A refused assignment, with one message per problem for the user."""


def suggested_awards(round, ranking=None):
    """{entry id: Award} for the entries the ranking of `round` places within the awards' counts."""
    ranking = ranking or scoring.ranking(round)
    ranked = [result.entry.pk for result in ranking.results if result.score is not None]
    suggestion, start = {}, 0
    for award in round.contest.awards.order_by("position"):
        for entry_id in ranked[start:start + award.count]:
            suggestion[entry_id] = award
        start += award.count
    return suggestion


def main_round(contest):
    return contest.rounds.select_related("rubric").get(number=1)


def _lock(contest):
    return Contest.objects.select_for_update().get(pk=contest.pk)


def _problems(ranking, awards, assignments, reasons, suggestion):
    names = {result.entry.pk: str(result.entry) for result in ranking.results}
    problems = []
    if any(award is not None and entry_id not in names for entry_id, award in assignments.items()):
        problems.append(_("Awards go only to the entries of this round's ranking."))
    if any(award is not None and award.pk not in awards for award in assignments.values()):
        problems.append(_("Choose one of this national round's awards."))
    for award in awards.values():
        given = sum(1 for chosen in assignments.values() if chosen is not None and chosen.pk == award.pk)
        if given > award.count:
            problems.append(_("“%(award)s” is given %(given)s times, but at most %(count)s.") % {
                "award": award, "given": given, "count": award.count,
            })
    for entry_id, name in names.items():
        if assignments.get(entry_id) != suggestion.get(entry_id) and not reasons.get(entry_id, "").strip():
            problems.append(_("%(entry)s: the award differs from the ranking's suggestion; write the reason.") % {
                "entry": name
            })
    return problems


def _facts(award):
    return None if award is None else {"id": award.pk, "position": award.position, "name": award.name_th}


@transaction.atomic
def assign_awards(contest, assignments, reasons, *, by):
    """Writes the awards of a national round whose judging has closed: `assignments` maps entry ids
    to an Award or None, `reasons` entry ids to the reason for a departure from the suggestion.
    Every other entry's award is cleared. Refused (AwardError, nothing written) for an award given
    more often than its count or a departure without a reason; one audit row records the lot."""
    contest = _lock(contest)
    if not permissions.manages(by, contest):
        raise PermissionDenied
    if not contest.is_national:
        raise AwardError(_("Awards are given in the national round only."))
    if contest.state != ContestState.SCORING_CLOSED:
        raise AwardError(_("Awards are assigned once judging has closed and before the results are published."))
    round = main_round(contest)
    ranking = scoring.ranking(round)
    suggestion = suggested_awards(round, ranking)
    awards = {award.pk: award for award in contest.awards.all()}
    problems = _problems(ranking, awards, assignments, reasons, suggestion)
    if problems:
        raise AwardError(problems)
    rows = []
    contest.entries.update(award=None, award_reason="")
    for result in ranking.results:
        entry_id, award = result.entry.pk, assignments.get(result.entry.pk)
        departs = award != suggestion.get(entry_id)
        reason = reasons.get(entry_id, "").strip() if departs else ""
        if award is not None or departs:
            Entry.objects.filter(pk=entry_id).update(award=award, award_reason=reason)
            rows.append({
                "entry": entry_id, "name": str(result.entry), "place": result.place,
                "award": _facts(award), "suggested": _facts(suggestion.get(entry_id)), "reason": reason,
            })
    ContestEvent.objects.create(contest=contest, action=EventAction.AWARDS, by=by, data={"awards": rows})
    return contest


# The results

def awarded_entries(contest):
    """The round's awarded entries in the awards' order, then by province code (region by region)."""
    return (
        contest.entries.competing().filter(award__isnull=False)
        .select_related("award", "product", "group__subdistrict__province", "submission__province")
        .order_by("award__position", "group__subdistrict__province_id", "pk")
    )


def entry_province(entry):
    """The province that sent the entry to the national round (its group's, if it came otherwise)."""
    try:
        return entry.submission.province
    except ObjectDoesNotExist:
        return entry.group.subdistrict.province


def published_on(contest):
    """The day the results were published (the latest "Publish the results" step), or None."""
    event = contest.events.filter(to_state=ContestState.PUBLISHED).order_by("-at", "-pk").first()
    return timezone.localdate(event.at) if event else None


def certificate_entries(user):
    """The awarded national entries whose certificate `user` may download: every one for national
    admins; for a province's officers, their province's once the results are published."""
    entries = Entry.objects.competing().filter(contest__level=ContestLevel.NATIONAL, award__isnull=False)
    if not user.is_authenticated:
        return entries.none()
    if user.sees_all_provinces:
        return entries
    return entries.filter(
        contest__state=ContestState.PUBLISHED, submission__province__in=user.officer_province_codes
    )
