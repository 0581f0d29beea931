"""The ranking math, pinned with exact numbers: weights, independent criteria, mean and median,
conflicts left out, spread, quorum and the tie-break rule."""

from decimal import Decimal

import pytest

from contests import scoring, services
from contests.enums import Aggregate, ContestState, TieBreak
from contests.models import Juror
from contests.tests.factories import ConflictFactory, CriterionFactory, contest_with_panel

pytestmark = pytest.mark.django_db


def score_all(contest, table):
    """table: {(seat, entry index): [points per criterion]} — submitted through the engine."""
    entries = list(contest.entries.order_by("presentation_order"))
    criteria = list(contest.rounds.get(number=1).rubric.criteria.all())
    for (seat, index), points in table.items():
        juror = Juror.objects.get(contest=contest, seat=seat)
        raw = {str(c.pk): str(p) for c, p in zip(criteria, points, strict=True)}
        scoring.save_scorecard(juror.user, entries[index].pk, raw, submit=True)
    return entries


def by_entry(ranking):
    return {result.entry.pk: result for result in ranking.results}


def test_weighted_totals_averaged_across_members_with_independent_criterion_left_out(geography):
    contest = contest_with_panel(members=3, entries=2, criteria=((20, 2), (10, 1)))
    independent = CriterionFactory(rubric=contest.rounds.get().rubric, position=9, max_points=5, independent=True)
    entries = list(contest.entries.all())
    criteria = list(contest.rounds.get().rubric.criteria.all())
    assert criteria[-1] == independent
    for seat, (a, b, c) in {1: (15, 8, 5), 2: (18, 6, 1), 3: (10, 10, 3)}.items():
        juror = Juror.objects.get(contest=contest, seat=seat)
        scoring.save_scorecard(juror.user, entries[0].pk, {str(criteria[0].pk): a, str(criteria[1].pk): b, str(independent.pk): c}, submit=True)
    scoring.save_scorecard(
        Juror.objects.get(contest=contest, seat=1).user, entries[1].pk,
        {str(criteria[0].pk): 20, str(criteria[1].pk): 10, str(independent.pk): 0}, submit=True,
    )
    ranking = scoring.ranking(contest.rounds.get())
    first = by_entry(ranking)[entries[0].pk]
    # totals: 15*2+8 = 38, 18*2+6 = 42, 10*2+10 = 30; mean 36.6667; population sd sqrt(((1.3333)^2+(5.3333)^2+(6.6667)^2)/3)
    assert first.score == Decimal("36.6667")
    assert first.scorecards == 3
    assert first.spread == Decimal("4.9889")
    assert first.criteria[independent.pk] == Decimal("3.0000")
    assert ranking.max_total == Decimal("50")
    assert [r.entry.pk for r in ranking.results] == [entries[1].pk, entries[0].pk]
    assert [r.place for r in ranking.results] == [1, 2]
    # 10% of 50 = 5 points: 4.99 is not high disagreement
    assert not first.high_disagreement


def test_median_option_takes_the_middle_total(geography):
    contest = contest_with_panel(members=4, entries=1, criteria=((100, 1),), aggregate=Aggregate.MEDIAN)
    score_all(contest, {(1, 0): [90], (2, 0): [10], (3, 0): [70], (4, 0): [60]})
    result = scoring.ranking(contest.rounds.get()).results[0]
    assert result.score == Decimal("65.0000")  # (60 + 70) / 2
    Juror.objects.filter(contest=contest, seat=4).update(present=False)
    contest_odd = contest_with_panel(
        members=3, entries=1, criteria=((100, 1),), aggregate=Aggregate.MEDIAN,
        network=contest.network, fiscal_year=2566,
    )
    score_all(contest_odd, {(1, 0): [90], (2, 0): [10], (3, 0): [70]})
    assert scoring.ranking(contest_odd.rounds.get()).results[0].score == Decimal("70.0000")


def test_a_conflicted_members_scorecard_is_left_out_of_average_and_quorum(geography):
    contest = contest_with_panel(members=4, entries=1, criteria=((100, 1),), quorum_percent=75)
    entries = score_all(contest, {(1, 0): [80], (2, 0): [70], (3, 0): [20]})
    # the officer records afterwards that member 3 is a relative of the group
    ConflictFactory(juror=Juror.objects.get(contest=contest, seat=3), entry=entries[0])
    result = scoring.ranking(contest.rounds.get()).results[0]
    assert result.score == Decimal("75.0000")
    assert result.scorecards == 2
    assert result.eligible == 3  # four present, one conflicted
    assert result.quorum_met  # 75% of 4 = 3
    Juror.objects.filter(contest=contest, seat=4).update(present=False)
    assert not scoring.ranking(contest.rounds.get()).results[0].quorum_met


def test_high_disagreement_is_flagged(geography):
    contest = contest_with_panel(members=2, entries=1, criteria=((100, 1),), disagreement_percent=10)
    score_all(contest, {(1, 0): [90], (2, 0): [60]})
    result = scoring.ranking(contest.rounds.get()).results[0]
    assert result.spread == Decimal("15.0000")
    assert result.high_disagreement


def test_tie_broken_by_the_named_criterion_then_by_the_chairs_casting_vote(geography):
    contest = contest_with_panel(members=1, entries=3, criteria=((10, 1), (10, 1)))
    innovation = contest.rounds.get().rubric.criteria.last()
    contest.tie_break, contest.tie_break_criterion = TieBreak.CRITERION_THEN_CHAIR, innovation
    contest.save()
    entries = score_all(contest, {(1, 0): [9, 6], (1, 1): [6, 9], (1, 2): [7, 8]})
    results = scoring.ranking(contest.rounds.get()).results
    # all total 15; innovation 9 > 8 > 6
    assert [r.entry.pk for r in results] == [entries[1].pk, entries[2].pk, entries[0].pk]
    assert [r.place for r in results] == [1, 2, 3]
    assert not any(r.tied for r in results)

    contest.tie_break = TieBreak.CHAIR
    contest.save()
    results = scoring.ranking(contest.rounds.get()).results
    assert [r.place for r in results] == [1, 1, 1]
    assert all(r.tied for r in results)
    contest.state = ContestState.SCORING_CLOSED
    contest.save()
    chair = Juror.objects.get(contest=contest, seat=1).user
    services.record_casting_vote(contest, [entries[2], entries[0], entries[1]], by=chair)
    results = scoring.ranking(contest.rounds.get()).results
    assert [r.entry.pk for r in results] == [entries[2].pk, entries[0].pk, entries[1].pk]
    assert [r.place for r in results] == [1, 2, 3]


def test_an_entry_without_scorecards_ranks_last(geography):
    contest = contest_with_panel(members=1, entries=2, criteria=((10, 1),))
    entries = score_all(contest, {(1, 1): [3]})
    results = scoring.ranking(contest.rounds.get()).results
    assert [r.entry.pk for r in results] == [entries[1].pk, entries[0].pk]
    assert results[1].score is None and results[1].scorecards == 0
