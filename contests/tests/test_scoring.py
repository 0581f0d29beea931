"""The scoring engine's refusals and guarantees, each with its exact message, and the database
constraints underneath it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from contests import scoring
from contests.enums import ContestState, EventAction, RevisionAction, ScorecardStatus
from contests.models import Contest, ContestEvent, Entry, Juror, Score, Scorecard, ScorecardRevision
from contests.services import copy_rubric
from contests.tests.factories import (
    ConflictFactory, ContestFactory, CriterionFactory, EntryFactory, JurorFactory, contest_with_panel,
)
from networks.tests.factories import NetworkFactory

pytestmark = pytest.mark.django_db

ALREADY_SUBMITTED = "This scorecard is already submitted. Ask the chair or the officer to unlock it for a change."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def contest(geography):
    """Three members (seat 1 chairs), two entries, criteria of 20 points x 1 and 10 points x 2."""
    return contest_with_panel(members=3, entries=2, criteria=((20, 1), (10, 2)))


def juror(contest, seat):
    return Juror.objects.get(contest=contest, seat=seat)


def criteria(contest, number=1):
    return list(contest.rounds.get(number=number).rubric.criteria.all())


def entries(contest):
    return list(contest.entries.order_by("presentation_order"))


def points(contest, *values):
    return {str(c.pk): v for c, v in zip(criteria(contest), values, strict=True)}


def save(contest, seat, values, advice="", *, entry=0, submit=False):
    return scoring.save_scorecard(juror(contest, seat).user, entries(contest)[entry].pk, values, advice, submit=submit)


def refusal(call):
    with pytest.raises(scoring.ScoringError) as refused:
        call()
    return refused.value


def saved_points(scorecard):
    return {score.criterion_id: score.points for score in Score.objects.filter(scorecard=scorecard)}


# Refused values, each named beside its field

@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("21", "Give from 0 to 20 points."),
        ("-1", "Give from 0 to 20 points."),
        ("NaN", "Give from 0 to 20 points."),
        ("Infinity", "Give from 0 to 20 points."),
        ("สิบ", "“สิบ” is not a number."),
        ("12.345", "Use at most two decimal places."),
    ],
)
def test_points_outside_the_range_or_not_a_number_are_refused_beside_the_criterion(contest, typed, message):
    first, second = criteria(contest)
    error = refusal(lambda: save(contest, 2, {str(first.pk): typed, str(second.pk): "7"}))
    assert error.message_dict == {f"criterion_{first.pk}": [message]}
    assert not Scorecard.objects.exists()


def test_every_bad_field_is_named_at_once(contest):
    first, second = criteria(contest)
    error = refusal(lambda: save(contest, 2, points(contest, "20.5", "x")))
    assert error.message_dict == {
        f"criterion_{first.pk}": ["Give from 0 to 20 points."],
        f"criterion_{second.pk}": ["“x” is not a number."],
    }


def test_a_comma_as_decimal_point_and_the_maximum_are_accepted(contest):
    scorecard = save(contest, 2, points(contest, "12,5", "10"))
    assert sorted(saved_points(scorecard).values()) == [Decimal("10.00"), Decimal("12.50")]
    assert scorecard.total == Decimal("32.50")  # 12.5 x 1 + 10 x 2


@pytest.mark.parametrize("key", ["not-a-number", "999999"])
def test_a_criterion_that_is_not_in_the_rubric_is_refused(contest, key):
    error = refusal(lambda: save(contest, 2, {key: "5"}))
    assert error.messages == ["The form does not match this contest's criteria. Reload the page."]


def test_a_criterion_of_another_contest_is_refused(contest):
    other = contest_with_panel(members=1, entries=1, criteria=((20, 1),), network=contest.network, fiscal_year=2566)
    foreign = criteria(other)[0]
    error = refusal(lambda: save(contest, 2, {str(foreign.pk): "5"}))
    assert error.messages == ["The form does not match this contest's criteria. Reload the page."]
    assert not Scorecard.objects.filter(entry__contest=contest).exists()


def test_a_criterion_of_the_main_round_is_refused_in_a_final_round_with_its_own_criteria(contest):
    final_rubric, _mapping = copy_rubric(contest.rounds.get(number=1).rubric, "Final round criteria")
    contest.rounds.create(number=2, rubric=final_rubric)
    Entry.objects.filter(pk=entries(contest)[0].pk).update(shortlisted=True)
    Contest.objects.filter(pk=contest.pk).update(state=ContestState.FINAL_SCORING_OPEN)
    error = refusal(lambda: save(contest, 2, points(contest, "5", "5")))
    assert error.messages == ["The form does not match this contest's criteria. Reload the page."]
    scorecard = save(contest, 2, {str(c.pk): "5" for c in criteria(contest, 2)})
    assert scorecard.round.number == 2


# Refused scorecards: who, which entry, when

def test_a_member_cannot_score_an_entry_they_have_a_conflict_with(contest):
    ConflictFactory(juror=juror(contest, 2), entry=entries(contest)[0])
    error = refusal(lambda: save(contest, 2, points(contest, "5", "5")))
    assert error.messages == ["This entry is not yours to score."]
    assert save(contest, 2, points(contest, "5", "5"), entry=1).entry == entries(contest)[1]


def test_a_withdrawn_entry_cannot_be_scored(contest):
    Entry.objects.filter(pk=entries(contest)[0].pk).update(withdrawn_at=timezone.now(), withdrawal_reason="ถอนตัว")
    error = refusal(lambda: save(contest, 2, points(contest, "5", "5")))
    assert error.messages == ["This entry is not yours to score."]


def test_a_member_of_another_provinces_panel_cannot_score_here(contest):
    stranger = JurorFactory(contest=ContestFactory(network=NetworkFactory(province_id="24"))).user
    error = refusal(lambda: scoring.save_scorecard(stranger, entries(contest)[0].pk, points(contest, "5", "5")))
    assert error.messages == ["You do not sit on this contest's scoring panel."]


@pytest.mark.parametrize("who", ["officer", "anonymous"])
def test_a_user_who_is_not_on_the_panel_cannot_score(contest, ubon_officer, who):
    user = ubon_officer if who == "officer" else AnonymousUser()
    error = refusal(lambda: scoring.save_scorecard(user, entries(contest)[0].pk, points(contest, "5", "5")))
    assert error.messages == ["You do not sit on this contest's scoring panel."]


def test_an_entry_that_does_not_exist(contest):
    error = refusal(lambda: scoring.save_scorecard(juror(contest, 2).user, 0, {}))
    assert error.messages == ["This entry does not exist."]


@pytest.mark.parametrize(
    ("opens", "closes"),
    [
        (datetime.timedelta(minutes=5), datetime.timedelta(hours=2)),
        (-datetime.timedelta(hours=2), -datetime.timedelta(seconds=1)),
    ],
    ids=["not yet open", "already closed"],
)
def test_scoring_outside_the_window_is_refused(contest, opens, closes):
    now = timezone.now()
    Contest.objects.filter(pk=contest.pk).update(scoring_opens_at=now + opens, scoring_closes_at=now + closes)
    error = refusal(lambda: save(contest, 2, points(contest, "5", "5")))
    assert error.messages == ["This is outside the contest's scoring window."]
    assert not Scorecard.objects.exists()


@pytest.mark.parametrize(
    "state",
    [s for s in ContestState if s not in (ContestState.SCORING_OPEN, ContestState.FINAL_SCORING_OPEN)],
)
def test_scoring_is_refused_unless_a_round_is_open(contest, state):
    Contest.objects.filter(pk=contest.pk).update(state=state)
    error = refusal(lambda: save(contest, 2, points(contest, "5", "5")))
    assert error.messages == ["Scoring is not open for this contest."]


# Drafts, submission and its lock

def test_a_draft_keeps_criteria_left_out_and_clearing_a_score_removes_it(contest):
    first, second = criteria(contest)
    save(contest, 2, {str(first.pk): "15"}, "เพิ่มสีสันบรรจุภัณฑ์")
    scorecard = save(contest, 2, {str(second.pk): "8"}, "เพิ่มสีสันบรรจุภัณฑ์")
    assert saved_points(scorecard) == {first.pk: Decimal("15.00"), second.pk: Decimal("8.00")}
    assert scorecard.total == Decimal("31.00")
    scorecard = save(contest, 2, {str(first.pk): "  "})
    assert saved_points(scorecard) == {second.pk: Decimal("8.00")}
    assert scorecard.total == Decimal("16.00")
    assert scorecard.status == ScorecardStatus.DRAFT and scorecard.submitted_at is None
    assert scorecard.advice == ""
    assert Scorecard.objects.count() == 1
    assert not ScorecardRevision.objects.exists()


def test_submitting_stores_the_weighted_total_and_one_revision(contest):
    first, second = criteria(contest)
    member = juror(contest, 2)
    scorecard = save(contest, 2, points(contest, "17.5", "6.25"), "  ควรขอมาตรฐาน มผช.  ", submit=True)
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.SUBMITTED
    assert scorecard.total == Decimal("30.00")  # 17.5 + 2 x 6.25
    assert scorecard.advice == "ควรขอมาตรฐาน มผช."
    assert scorecard.submitted_at is not None
    revision = scorecard.revisions.get()
    assert (revision.number, revision.action, revision.by, revision.total, revision.note) == (
        1, RevisionAction.SUBMITTED, member.user, Decimal("30.00"), "",
    )
    assert revision.points == {str(first.pk): "17.50", str(second.pk): "6.25"}
    assert revision.advice == "ควรขอมาตรฐาน มผช."


def test_an_independent_criterion_is_stored_but_not_counted(contest):
    first, second = criteria(contest)
    presentation = CriterionFactory(rubric=contest.rounds.get().rubric, position=9, max_points=10, independent=True)
    scorecard = save(contest, 2, {str(first.pk): "10", str(second.pk): "5", str(presentation.pk): "9"}, submit=True)
    assert scorecard.total == Decimal("20.00")
    assert saved_points(scorecard)[presentation.pk] == Decimal("9.00")


def test_resubmitting_identical_values_is_harmless(contest):
    first = save(contest, 2, points(contest, "15", "8"), "ดีมาก", submit=True)
    again = save(contest, 2, points(contest, "15.00", "8"), "ดีมาก", submit=True)
    also_as_a_draft = save(contest, 2, {str(criteria(contest)[0].pk): "15"}, "ดีมาก")
    assert again.pk == also_as_a_draft.pk == first.pk
    assert Scorecard.objects.count() == 1
    assert ScorecardRevision.objects.count() == 1
    assert Scorecard.objects.get().submitted_at == first.submitted_at


@pytest.mark.parametrize(
    ("values", "advice", "submit"),
    [
        (("16", "8"), "ดีมาก", True),
        (("15", "8"), "ควรปรับปรุง", True),
        (("15", ""), "ดีมาก", True),
        (("16", "8"), "ดีมาก", False),
    ],
    ids=["changed points", "changed advice", "cleared score", "changed draft"],
)
def test_a_submitted_scorecard_refuses_changes(contest, values, advice, submit):
    scorecard = save(contest, 2, points(contest, "15", "8"), "ดีมาก", submit=True)
    error = refusal(lambda: save(contest, 2, points(contest, *values), advice, submit=submit))
    assert error.messages == [ALREADY_SUBMITTED]
    scorecard.refresh_from_db()
    assert sorted(saved_points(scorecard).values()) == [Decimal("8.00"), Decimal("15.00")]
    assert (scorecard.advice, scorecard.total, scorecard.status) == (
        "ดีมาก", Decimal("31.00"), ScorecardStatus.SUBMITTED,
    )
    assert ScorecardRevision.objects.count() == 1


def test_submitting_without_a_required_criterion_is_refused_and_writes_nothing(contest):
    first, second = criteria(contest)
    draft = save(contest, 2, {str(first.pk): "12"}, "ร่าง")
    error = refusal(lambda: save(contest, 2, {str(first.pk): "19"}, "ส่งเลย", submit=True))
    assert error.messages == [f"Score every required criterion before submitting: {second.name_en}."]
    draft.refresh_from_db()
    assert saved_points(draft) == {first.pk: Decimal("12.00")}  # the 19 was rolled back
    assert (draft.status, draft.advice, draft.total) == (ScorecardStatus.DRAFT, "ร่าง", Decimal("12.00"))
    assert not ScorecardRevision.objects.exists()


def test_a_first_submission_without_a_required_criterion_leaves_no_scorecard(contest):
    first, second = criteria(contest)
    second.required = False
    second.save()
    refusal(lambda: save(contest, 3, {str(second.pk): "4"}, submit=True))
    assert not Scorecard.objects.exists() and not Score.objects.exists()
    scorecard = save(contest, 3, {str(first.pk): "4"}, submit=True)
    assert scorecard.submitted and scorecard.total == Decimal("4.00")


# Unlock

def submitted(contest, seat=2):
    return save(contest, seat, points(contest, "15", "8"), "ดีมาก", submit=True)


@pytest.mark.parametrize("by", ["chair", "officer"])
def test_the_chair_or_the_officer_unlocks_a_scorecard_for_a_change(contest, ubon_officer, by):
    first, second = criteria(contest)
    scorecard = submitted(contest)
    user = juror(contest, 1).user if by == "chair" else ubon_officer
    unlocked = scoring.unlock(scorecard.pk, by=user, reason="  กรรมการกรอกคะแนนผิดช่อง  ")
    assert (unlocked.status, unlocked.submitted_at) == (ScorecardStatus.DRAFT, None)
    revision = scorecard.revisions.get(number=2)
    assert (revision.action, revision.by, revision.note, revision.total) == (
        RevisionAction.UNLOCKED, user, "กรรมการกรอกคะแนนผิดช่อง", Decimal("31.00"),
    )
    assert revision.points == {str(first.pk): "15.00", str(second.pk): "8.00"}
    event = ContestEvent.objects.get(action=EventAction.UNLOCKED)
    assert (event.by, event.note, event.data["scorecard"]) == (user, "กรรมการกรอกคะแนนผิดช่อง", scorecard.pk)
    changed = save(contest, 2, points(contest, "15", "9"), "ดีมาก", submit=True)
    assert changed.total == Decimal("33.00")
    assert list(changed.revisions.values_list("number", "action")) == [
        (1, RevisionAction.SUBMITTED), (2, RevisionAction.UNLOCKED), (3, RevisionAction.SUBMITTED),
    ]


def test_a_plain_member_cannot_unlock(contest):
    scorecard = submitted(contest)
    with pytest.raises(PermissionDenied):
        scoring.unlock(scorecard.pk, by=juror(contest, 3).user, reason="ขอแก้")
    with pytest.raises(PermissionDenied):
        scoring.unlock(scorecard.pk, by=juror(contest, 2).user, reason="ขอแก้ของตัวเอง")
    scorecard.refresh_from_db()
    assert scorecard.submitted and scorecard.revisions.count() == 1


def test_an_officer_of_another_province_cannot_unlock(contest, chachoengsao_officer):
    scorecard = submitted(contest)
    with pytest.raises(PermissionDenied):
        scoring.unlock(scorecard.pk, by=chachoengsao_officer, reason="ขอแก้")


def test_unlock_needs_a_reason(contest, ubon_officer):
    scorecard = submitted(contest)
    error = refusal(lambda: scoring.unlock(scorecard.pk, by=ubon_officer, reason="  "))
    assert error.messages == ["Write why the scorecard is unlocked."]


def test_unlock_is_refused_once_the_round_is_closed(contest, ubon_officer):
    scorecard = submitted(contest)
    Contest.objects.filter(pk=contest.pk).update(state=ContestState.SCORING_CLOSED)
    error = refusal(lambda: scoring.unlock(scorecard.pk, by=ubon_officer, reason="ขอแก้"))
    assert error.messages == ["Scoring of this round is closed: reopen scoring first."]
    scorecard.refresh_from_db()
    assert scorecard.submitted and not ContestEvent.objects.exists()


def test_a_draft_cannot_be_unlocked(contest, ubon_officer):
    draft = save(contest, 2, points(contest, "15", "8"))
    error = refusal(lambda: scoring.unlock(draft.pk, by=ubon_officer, reason="ขอแก้"))
    assert error.messages == ["This scorecard is not submitted; the member can still change it."]


# Progress

def test_missing_scorecards_and_the_progress_board(contest):
    first_entry, second_entry = entries(contest)
    ConflictFactory(juror=juror(contest, 3), entry=first_entry)
    Juror.objects.filter(contest=contest, seat=1).update(present=False)
    submitted(contest, seat=2)
    save(contest, 2, points(contest, "1", "1"), entry=1)
    main = contest.rounds.get()
    # present: seats 2 and 3; pairs 4, one conflict, one submitted
    assert scoring.missing_scorecards(main) == 2
    board = scoring.progress(main)
    assert [row[1] for row in board.rows] == [["", ""], ["submitted", "draft"], ["conflict", ""]]
    assert (board.submitted, board.expected) == (1, 3)


# Append-only records

def test_revisions_and_events_are_append_only(contest, ubon_officer):
    scorecard = submitted(contest)
    scoring.unlock(scorecard.pk, by=ubon_officer, reason="ขอแก้")
    for row in (ScorecardRevision.objects.first(), ContestEvent.objects.first()):
        row.note = "rewritten"
        with pytest.raises(TypeError, match="append-only"):
            row.save()
        with pytest.raises(TypeError, match="append-only"):
            row.delete()
    assert ScorecardRevision.objects.filter(note="rewritten").count() == 0
    assert (ScorecardRevision.objects.count(), ContestEvent.objects.count()) == (2, 1)


# The database's own guarantees

def test_the_database_refuses_a_second_scorecard_for_the_same_member_and_entry(contest):
    scorecard = save(contest, 2, points(contest, "1", "1"))
    with transaction.atomic(), pytest.raises(IntegrityError):
        Scorecard.objects.create(round=scorecard.round, entry=scorecard.entry, juror=scorecard.juror)
    assert Scorecard.objects.count() == 1


def test_the_database_refuses_points_above_the_maximum(contest):
    scorecard = save(contest, 2, {})
    criterion = criteria(contest)[0]
    with transaction.atomic(), pytest.raises(IntegrityError):
        Score.objects.create(scorecard=scorecard, criterion=criterion, points="20.01", max_points=criterion.max_points)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Score.objects.create(scorecard=scorecard, criterion=criterion, points="-0.01", max_points=criterion.max_points)
    assert not Score.objects.exists()


def test_the_database_refuses_two_winners_in_the_same_place(contest):
    first, second = entries(contest)
    Entry.objects.filter(pk=first.pk).update(winner_position=1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Entry.objects.filter(pk=second.pk).update(winner_position=1)
    assert list(contest.entries.filter(winner_position__isnull=False)) == [first]


def test_the_database_refuses_a_second_entry_for_the_same_group(contest):
    first = entries(contest)[0]
    with transaction.atomic(), pytest.raises(IntegrityError):
        EntryFactory(contest=contest, product=first.product, group=first.group)
    assert contest.entries.count() == 2


def test_the_database_refuses_a_second_seat_for_the_same_user(contest):
    with transaction.atomic(), pytest.raises(IntegrityError):
        JurorFactory(contest=contest, user=juror(contest, 2).user)
    assert contest.jurors.count() == 3


def test_a_save_without_the_advice_keeps_the_advice_already_written(geography):
    contest = contest_with_panel(members=1, entries=1, criteria=((10, 1),))
    member, entry = contest.jurors.get().user, contest.entries.get()
    criterion = contest.rounds.get().rubric.criteria.get()
    scoring.save_scorecard(member, entry.pk, {str(criterion.pk): "5"}, "ควรพัฒนาบรรจุภัณฑ์")
    card = scoring.save_scorecard(member, entry.pk, {str(criterion.pk): "6"})
    assert (card.advice, card.total) == ("ควรพัฒนาบรรจุภัณฑ์", Decimal("6.00"))
