"""Races on real PostgreSQL: threads released together by a barrier, each with its own connection,
against the engine's locks and compare-and-set. SQLite serialises every write, so there is nothing
to race there: these tests are skipped on it."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from contests import scoring, services
from contests.enums import ContestState, EventAction, ScorecardStatus
from contests.models import Contest, ContestEvent, Juror, Score, Scorecard, ScorecardRevision
from contests.tests.factories import contest_with_panel
from contests.workflow import TransitionError, advance

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("races need PostgreSQL (set DATABASE_URL)")


def at_once(*calls):
    """Runs each call in its own thread, all released together; returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            with translation.override("en"):
                prepared = call()
                barrier.wait(timeout=10)
                outcomes[index] = prepared()
        except Exception as error:  # noqa: BLE001 — reported to the test, which asserts on it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_scorecard_submission_race_ten_identical_taps_make_one_scorecard(geography):
    contest = contest_with_panel(members=2, entries=1, criteria=((20, 1), (10, 2)))
    member = Juror.objects.get(contest=contest, seat=2).user
    entry = contest.entries.get()
    raw = {str(c.pk): "9.5" for c in contest.rounds.get().rubric.criteria.all()}

    def tap():
        return lambda: scoring.save_scorecard(member, entry.pk, raw, "บรรจุภัณฑ์สวยงาม", submit=True)

    outcomes = at_once(*[tap for _ in range(10)])

    assert [type(outcome) for outcome in outcomes] == [Scorecard] * 10, outcomes
    scorecard = Scorecard.objects.get()
    assert {outcome.pk for outcome in outcomes} == {scorecard.pk}
    assert (scorecard.status, scorecard.total) == (ScorecardStatus.SUBMITTED, Decimal("28.50"))
    assert Score.objects.count() == 2
    assert list(ScorecardRevision.objects.values_list("number", "action")) == [(1, "submitted")]


def test_concurrent_winner_selection_by_two_officers_selects_one(geography, ubon_officer, national_admin):
    contest = contest_with_panel(members=2, entries=2, criteria=((20, 1),), shortlist_size=2)
    first, second = contest.entries.order_by("presentation_order")
    criterion = str(contest.rounds.get().rubric.criteria.get().pk)
    for juror in contest.jurors.all():
        scoring.save_scorecard(juror.user, first.pk, {criterion: "18"}, submit=True)
        scoring.save_scorecard(juror.user, second.pk, {criterion: "15"}, submit=True)
    advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    services.record_shortlist(contest, [first, second], by=ubon_officer)

    def select(entry, reason, user):
        def prepare():
            fresh = Contest.objects.get(pk=contest.pk)
            return lambda: services.select_winners(fresh, [entry], reason, by=user)

        return prepare

    outcomes = at_once(
        select(first, "", ubon_officer), select(second, "กรรมการเห็นว่ามีนวัตกรรมมากกว่า", national_admin)
    )

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionError), outcomes
    assert errors[0].messages == ["The winner cannot be selected now: the contest is “Winner selected”."]
    winner = contest.entries.get(winner_position__isnull=False)
    winning_index = [first, second].index(winner)
    assert outcomes[winning_index].state == ContestState.WINNER_SELECTED
    assert Contest.objects.get(pk=contest.pk).state == ContestState.WINNER_SELECTED
    event = ContestEvent.objects.get(action=EventAction.SELECTION)
    assert event.data["winners"] == [str(winner)]
    assert event.by == (ubon_officer, national_admin)[winning_index]


def test_concurrent_transition_by_two_hands_moves_the_contest_once(geography, ubon_officer):
    contest = contest_with_panel(members=2, entries=1, criteria=((20, 1),))
    chair = Juror.objects.get(contest=contest, seat=1).user

    def close(user):
        def prepare():
            fresh = Contest.objects.get(pk=contest.pk)
            return lambda: advance(fresh, ContestState.SCORING_CLOSED, by=user, note="หมดเวลาการนำเสนอ")

        return prepare

    outcomes = at_once(close(ubon_officer), close(chair))

    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionError), outcomes
    assert errors[0].messages == ["Someone else has already moved this contest on. Reload the page."]
    assert Contest.objects.get(pk=contest.pk).state == ContestState.SCORING_CLOSED
    event = ContestEvent.objects.get()
    assert (event.from_state, event.to_state, event.note) == (
        ContestState.SCORING_OPEN, ContestState.SCORING_CLOSED, "หมดเวลาการนำเสนอ",
    )
