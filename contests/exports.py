"""Excel exports of a contest's scores, and the feedback for a producer group.

- `scores_response`: every scorecard of every round, counted or not, for the officers' own analysis.
- `feedback` / `feedback_response`: what the committee told one group — the advice on the members'
  counted scorecards and the entry's average points per criterion. The officer's page shows who
  wrote each piece of advice; the export handed to the group leaves the names out (and lists the
  advice in no member's order), as CDD usually gives feedback anonymously.

Cells go through `kbo.core.excel`, which writes text that looks like a formula as plain text.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from contests import scoring
from contests.models import Conflict, Score, Scorecard
from kbo.core.excel import xlsx_response


def _counted(card, counted_ids, conflicts):
    if card.pk in counted_ids and not card.entry.withdrawn:
        return _("Yes")
    if (card.juror_id, card.entry_id) in conflicts:
        return _("No: conflict")
    if card.entry.withdrawn:
        return _("No: entry withdrawn")
    return _("No: not submitted")


def scores_response(contest):
    rounds = list(contest.rounds.select_related("rubric").order_by("number"))
    rubrics = {round.rubric_id: round for round in rounds}  # a final round may score on the main round's rubric
    criteria = [
        (criterion, f"{round}: {criterion.name}" if len(rubrics) > 1 else criterion.name)
        for round in rubrics.values() for criterion in round.rubric.criteria.all()
    ]
    counted_ids = set()
    for round in rounds:
        counted_ids.update(scoring.counted_scorecards(round).values_list("pk", flat=True))
    conflicts = set(Conflict.objects.filter(entry__contest=contest).values_list("juror_id", "entry_id"))
    cards = (
        Scorecard.objects.filter(round__contest=contest)
        .select_related("round", "entry__group", "entry__product", "juror")
        .order_by("round__number", "entry__presentation_order", "entry_id", "juror__seat", "juror_id")
    )
    points = {}  # scorecard id -> {criterion id: points}, read as plain values: thousands of them
    for card_id, criterion_id, value in Score.objects.filter(scorecard__round__contest=contest).values_list(
        "scorecard_id", "criterion_id", "points"
    ):
        points.setdefault(card_id, {})[criterion_id] = value
    headers = [
        _("Round"), _("Order"), _("Entry"), _("Group"), _("Member"), _("Status"), _("Counted"),
        *[header for _criterion, header in criteria], _("Weighted total"), _("Submitted"), _("Advice"),
    ]
    rows = []
    for card in cards:
        scores = points.get(card.pk, {})
        rows.append([
            str(card.round), card.entry.presentation_order, str(card.entry), card.entry.group.name, card.juror.name,
            card.get_status_display(), _counted(card, counted_ids, conflicts),
            *[scores.get(criterion.pk) for criterion, _header in criteria],
            card.total, card.submitted_at and timezone.localtime(card.submitted_at), card.advice,
        ])
    filename = f"scores-{contest.network.province_id}-{contest.fiscal_year}-{contest.pk}.xlsx"
    return xlsx_response(filename, _("Scores"), headers, rows)


@dataclass
class FeedbackRound:
    round: object
    result: object  # the entry's scoring.EntryResult in this round
    averages: list  # (criterion, average points)
    advice: list  # (member's name, advice), in the members' seat order


@dataclass
class Feedback:
    entry: object
    rounds: list


def feedback(entry):
    """The entry's averages and the advice on counted scorecards, per round it was scored in."""
    rounds = []
    for round in entry.contest.rounds.select_related("rubric", "contest").order_by("number"):
        ranking = scoring.ranking(round)
        result = next((result for result in ranking.results if result.entry.pk == entry.pk), None)
        if result is None:
            continue
        advice = [
            (name, text)
            for name, text in scoring.counted_scorecards(round).filter(entry=entry).exclude(advice="")
            .order_by("juror__seat", "juror_id").values_list("juror__name", "advice")
        ]
        averages = [(criterion, result.criteria.get(criterion.pk)) for criterion in ranking.criteria]
        rounds.append(FeedbackRound(round, result, averages, advice))
    return Feedback(entry, rounds)


def feedback_response(entry):
    """The group's copy: per round, the average points per criterion, then the advice, without names."""
    rows = []
    for part in feedback(entry).rounds:
        rows += [
            [str(part.round), criterion.name, average, criterion.max_points, ""] for criterion, average in part.averages
        ]
        rows += [[str(part.round), "", None, None, text] for text in sorted(text for _name, text in part.advice)]
    headers = [_("Round"), _("Criterion"), _("Average points"), _("Maximum points"), _("Advice from the committee")]
    return xlsx_response(f"feedback-{entry.pk}.xlsx", _("Feedback"), headers, rows)
