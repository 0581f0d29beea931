"""Contest set-up and the committee's decisions (contests.services), with exact values."""

import random
from decimal import Decimal

import pytest
from django.utils import translation

from contests import scoring, services
from contests.enums import Aggregate, ContestKind, ContestState, EventAction, ScorecardStatus, TieBreak
from contests.models import Conflict, Contest, ContestEvent, Criterion, Entry, Juror, Rubric, Scorecard
from contests.tests.factories import ContestFactory, CriterionFactory, RubricFactory, contest_with_panel
from contests.workflow import TransitionError, advance
from kbo.accounts.tests.factories import UserFactory
from networks.enums import CommitteeRole
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory
from products.tests.factories import EnrollmentFactory, TraineeFactory

pytestmark = pytest.mark.django_db

CRITERION_VALUES = ["position", "name_th", "name_en", "description", "max_points", "weight", "required", "independent"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def ubon(geography):
    return NetworkFactory(province_id="34")


def criteria_values(rubric):
    return list(rubric.criteria.values_list(*CRITERION_VALUES))


def refused(call):
    with pytest.raises(TransitionError) as error:
        call()
    return error.value.messages


def seat(contest, number):
    return Juror.objects.get(contest=contest, seat=number)


# Creating and copying a contest

def test_create_contest_starts_from_an_independent_copy_of_the_published_template(ubon, ubon_officer):
    template = RubricFactory(name="เกณฑ์ของกรมการพัฒนาชุมชน ปี 2565", is_template=True, published=True)
    CriterionFactory(rubric=template, position=1, name_th="ความโดดเด่น", max_points=30, weight=2)
    CriterionFactory(rubric=template, position=2, name_th="การนำเสนอ", max_points=10, independent=True, required=False)
    RubricFactory(name="เกณฑ์เครือข่ายดีเด่น", is_template=True, published=True, kind=ContestKind.NETWORK)
    committee = CommitteeFactory(network=ubon, fiscal_year=2565)
    CommitteeMemberFactory(committee=committee, seat=1, role=CommitteeRole.CHAIR)
    CommitteeMemberFactory(committee=committee, seat=2)

    contest = services.create_contest(Contest(network=ubon, fiscal_year=2565))

    rubric = contest.rounds.get(number=1).rubric
    assert rubric.pk != template.pk
    assert (rubric.name, rubric.kind, rubric.fiscal_year, rubric.is_template, rubric.published) == (
        "เกณฑ์ของกรมการพัฒนาชุมชน ปี 2565", ContestKind.PRODUCT, 2565, False, False,
    )
    assert criteria_values(rubric) == criteria_values(template)
    assert not set(rubric.criteria.values_list("pk", flat=True)) & set(template.criteria.values_list("pk", flat=True))
    rubric.criteria.filter(position=1).update(max_points=25)
    assert template.criteria.get(position=1).max_points == Decimal("30.00")
    assert list(contest.jurors.values_list("seat", "role")) == [(1, CommitteeRole.CHAIR), (2, CommitteeRole.MEMBER)]
    assert contest.state == ContestState.DRAFT


def test_without_a_published_template_the_contest_starts_with_empty_criteria(ubon):
    draft_template = RubricFactory(fiscal_year=2566, is_template=True, published=False)
    CriterionFactory(rubric=draft_template)
    contest = services.create_contest(Contest(network=ubon, fiscal_year=2566))
    rubric = contest.rounds.get(number=1).rubric
    assert (rubric.name, rubric.fiscal_year, rubric.criteria.count()) == ("Criteria, FY 2566", 2566, 0)
    assert Rubric.objects.count() == 2
    assert not contest.jurors.exists()  # no committee for FY 2566 yet


def test_copy_contest_carries_the_rules_criteria_and_tie_break_criterion_over(ubon):
    source = ContestFactory(
        network=ubon, winners_quota=2, shortlist_size=5, aggregate=Aggregate.MEDIAN, quorum_percent=60,
        disagreement_percent=15, state=ContestState.WINNER_SELECTED, venue="โรงแรมรีเจ้นท์ พาเลซ",
    )
    main = source.rounds.get().rubric
    CriterionFactory(rubric=main, position=1, name_th="ความโดดเด่น", max_points=30)
    innovation = CriterionFactory(rubric=main, position=2, name_th="นวัตกรรม", max_points=20, weight=2)
    source.tie_break_criterion = innovation
    source.save()
    committee = CommitteeFactory(network=ubon, fiscal_year=2566)
    CommitteeMemberFactory(committee=committee, seat=1, role=CommitteeRole.CHAIR)

    copy = services.copy_contest(source, 2566)

    copy.refresh_from_db()
    assert (copy.network, copy.fiscal_year, copy.kind, copy.state) == (
        ubon, 2566, ContestKind.PRODUCT, ContestState.DRAFT,
    )
    assert (copy.winners_quota, copy.shortlist_size, copy.aggregate, copy.tie_break) == (
        2, 5, Aggregate.MEDIAN, TieBreak.CRITERION_THEN_CHAIR,
    )
    assert (copy.quorum_percent, copy.disagreement_percent) == (60, 15)
    assert (copy.venue, copy.meeting_date, copy.scoring_opens_at, copy.scoring_closes_at) == ("", None, None, None)
    rubric = copy.rounds.get(number=1).rubric
    assert rubric.pk != main.pk and rubric.fiscal_year == 2566
    assert criteria_values(rubric) == criteria_values(main)
    assert copy.tie_break_criterion == rubric.criteria.get(position=2)
    assert copy.tie_break_criterion.name_th == "นวัตกรรม"
    assert source.rounds.get().rubric.criteria.count() == 2
    assert list(copy.jurors.values_list("seat", flat=True)) == [1]


# The scoring panel follows the committee

def test_sync_jurors_adds_updates_and_removes_but_keeps_a_member_who_has_scored(geography):
    contest = contest_with_panel(members=4, entries=1, criteria=((20, 1),))
    committee = seat(contest, 1).member.committee
    new_member = CommitteeMemberFactory(committee=committee, seat=5, user=UserFactory(username="newcomer"))
    renamed = seat(contest, 2).member
    renamed.first_name, renamed.seat, renamed.role, renamed.user = "วิไล", 7, CommitteeRole.SECRETARY, None
    renamed.save()
    scored = seat(contest, 3)
    scoring.save_scorecard(scored.user, contest.entries.get().pk, {})  # a draft is enough
    scored.member.delete()
    seat(contest, 4).member.delete()
    Juror.objects.filter(contest=contest, seat=1).update(present=False)

    services.sync_jurors(contest)

    rows = list(contest.jurors.order_by("seat").values_list("seat", "name", "role", "user__username", "present"))
    assert rows == [
        (1, seat(contest, 1).member.full_name, CommitteeRole.CHAIR, "juror1", False),
        (3, scored.name, CommitteeRole.MEMBER, "juror3", True),
        (5, new_member.full_name, CommitteeRole.MEMBER, "newcomer", True),
        (7, renamed.full_name, CommitteeRole.SECRETARY, None, True),
    ]
    assert renamed.full_name.startswith("นางวิไล ")


def test_sync_jurors_removes_every_member_who_left_without_scoring(geography):
    contest = contest_with_panel(members=4, entries=1)
    for number in (2, 3, 4):
        seat(contest, number).member.delete()
    services.sync_jurors(contest)
    assert list(contest.jurors.values_list("seat", flat=True)) == [1]


# Entries

def test_draw_order_numbers_the_entries_from_one_and_records_the_draw(geography, ubon_officer):
    contest = contest_with_panel(members=1, entries=5, state=ContestState.ENTRIES_OPEN)
    before = list(contest.entries.order_by("presentation_order"))
    withdrawn = before[4]
    services.withdraw(withdrawn, "ผลิตภัณฑ์ยังไม่พร้อม", by=ubon_officer)
    drawn = services.draw_order(contest, by=ubon_officer, rng=random.Random(1))
    # random.Random(1) shuffles four items as [3, 0, 2, 1] (pinned: the draw must be replayable)
    expected = [before[3], before[0], before[2], before[1]]
    assert drawn == expected
    in_order = contest.entries.competing().order_by("presentation_order")
    assert list(in_order) == expected
    assert list(in_order.values_list("presentation_order", flat=True)) == [1, 2, 3, 4]
    withdrawn.refresh_from_db()
    assert withdrawn.presentation_order is None
    event = ContestEvent.objects.get(action=EventAction.ORDER_DRAWN)
    assert (event.by, event.data) == (ubon_officer, {"order": [str(entry) for entry in expected]})


def test_withdraw_takes_the_entry_out_of_the_running_with_its_reason(geography, ubon_officer):
    contest = contest_with_panel(members=1, entries=2, state=ContestState.ENTRIES_OPEN)
    entry, other = contest.entries.order_by("presentation_order")
    services.withdraw(entry, "  กลุ่มขอถอนตัว  ", by=ubon_officer)
    entry.refresh_from_db()
    assert (entry.withdrawn, entry.withdrawal_reason, entry.presentation_order) == (True, "กลุ่มขอถอนตัว", None)
    assert list(contest.entries.competing()) == [other]
    event = ContestEvent.objects.get()
    assert (event.action, event.note, event.data) == (
        EventAction.ENTRY_WITHDRAWN, "กลุ่มขอถอนตัว", {"entry": str(entry)},
    )


# Conflicts

def test_record_conflict_discards_the_members_draft_for_that_entry_only(geography, ubon_officer):
    contest = contest_with_panel(members=2, entries=2, criteria=((20, 1),))
    first, second = contest.entries.order_by("presentation_order")
    member = seat(contest, 2)
    criterion = str(contest.rounds.get().rubric.criteria.get().pk)
    scoring.save_scorecard(member.user, first.pk, {criterion: "12"})
    scoring.save_scorecard(member.user, second.pk, {criterion: "9"})

    conflict = services.record_conflict(member, first, "member", " ลูกสาวเป็นสมาชิกกลุ่ม ", by=ubon_officer)

    assert (conflict.grounds, conflict.note, conflict.recorded_by, conflict.declared_by_member) == (
        "member", "ลูกสาวเป็นสมาชิกกลุ่ม", ubon_officer, False,
    )
    assert list(Scorecard.objects.values_list("entry", flat=True)) == [second.pk]
    event = ContestEvent.objects.get()
    assert (event.action, event.note, event.data) == (
        EventAction.CONFLICT, "ลูกสาวเป็นสมาชิกกลุ่ม",
        {"member": member.name, "entry": str(first), "grounds": "member"},
    )
    again = services.record_conflict(member, first, "other", by=member.user, by_member=True)
    assert again.pk == conflict.pk and again.grounds == "member"
    assert ContestEvent.objects.count() == 1


def test_a_conflict_recorded_after_submission_keeps_the_scorecard_on_record_but_not_counted(geography, ubon_officer):
    contest = contest_with_panel(members=2, entries=1, criteria=((20, 1),))
    entry = contest.entries.get()
    criterion = str(contest.rounds.get().rubric.criteria.get().pk)
    submitted = scoring.save_scorecard(seat(contest, 2).user, entry.pk, {criterion: "20"}, submit=True)
    unlocked = scoring.save_scorecard(seat(contest, 1).user, entry.pk, {criterion: "10"}, submit=True)
    scoring.unlock(unlocked.pk, by=ubon_officer, reason="แก้คะแนน")  # a draft now, with its history

    services.record_conflict(seat(contest, 2), entry, "business", by=ubon_officer)
    services.record_conflict(seat(contest, 1), entry, "business", by=ubon_officer)

    assert set(Scorecard.objects.values_list("pk", "status")) == {
        (submitted.pk, ScorecardStatus.SUBMITTED), (unlocked.pk, ScorecardStatus.DRAFT),
    }
    assert unlocked.revisions.count() == 2
    result = scoring.ranking(contest.rounds.get()).results[0]
    assert (result.score, result.scorecards, result.eligible) == (None, 0, 0)


def test_suggested_conflicts_from_the_register(geography):
    contest = contest_with_panel(members=4, entries=3, state=ContestState.ENTRIES_OPEN)
    entries = list(contest.entries.order_by("presentation_order"))
    leader, trainee, neighbour = (seat(contest, n).member for n in (1, 2, 3))
    entries[0].group.leader_name = f"นาง{leader.first_name} {leader.last_name}"
    entries[0].group.save()
    TraineeFactory(
        enrollment=EnrollmentFactory(group=entries[1].group), name=f"นาง{trainee.first_name} {trainee.last_name}"
    )
    entries[2].group.subdistrict_id, entries[2].group.postal_code = "340120", "34000"
    entries[2].group.save()
    neighbour.subdistrict_id = "340120"
    neighbour.save()

    suggestions = services.suggested_conflicts(contest)

    assert [(s.juror.seat, entries.index(s.entry), s.reason) for s in suggestions] == [
        (1, 0, "The member belongs to the group."),
        (2, 1, "The member belongs to the group."),
        (3, 2, "The member lives in the group's subdistrict."),
    ]
    Conflict.objects.create(
        juror=seat(contest, 1), entry=entries[0], grounds="member", recorded_by=seat(contest, 1).user
    )
    assert [s.juror.seat for s in services.suggested_conflicts(contest)] == [2, 3]


# Decisions

def closed_contest(totals, *, members=2, **fields):
    """A contest whose members each gave entry i `totals[i]` points on one criterion of 20, closed
    by the chair through the workflow. Returns (contest, entries in presentation order)."""
    contest = contest_with_panel(members=members, entries=len(totals), criteria=((20, 1),), **fields)
    entries = list(contest.entries.order_by("presentation_order"))
    criterion = str(contest.rounds.get().rubric.criteria.get().pk)
    for juror in contest.jurors.all():
        for entry, total in zip(entries, totals, strict=True):
            scoring.save_scorecard(juror.user, entry.pk, {criterion: str(total)}, submit=True)
    advance(contest, ContestState.SCORING_CLOSED, by=seat(contest, 1).user)
    return contest, entries


def shortlisted_flags(contest):
    return list(contest.entries.order_by("presentation_order").values_list("shortlisted", flat=True))


def test_record_shortlist_takes_the_top_of_the_ranking_without_a_reason(geography, ubon_officer):
    contest, (e0, e1, e2, e3) = closed_contest([10, 18, 15, 5], shortlist_size=2)
    moved = services.record_shortlist(contest, [e2, e1], by=ubon_officer)
    assert moved.state == ContestState.SHORTLISTED
    assert shortlisted_flags(contest) == [False, True, True, False]
    event = ContestEvent.objects.get(action=EventAction.SHORTLIST)
    assert (event.from_state, event.to_state, event.by, event.note) == (
        ContestState.SCORING_CLOSED, ContestState.SHORTLISTED, ubon_officer, "",
    )
    assert event.data == {"shortlist": [str(e2), str(e1)], "top_of_ranking": [e1.pk, e2.pk]}


def test_a_shortlist_other_than_the_top_needs_a_reason(geography, ubon_officer):
    contest, (e0, e1, e2, e3) = closed_contest([10, 18, 15, 5], shortlist_size=2)
    assert refused(lambda: services.record_shortlist(contest, [e1, e0], " ", by=ubon_officer)) == [
        "The shortlist differs from the top of the ranking: write the reason."
    ]
    assert refused(lambda: services.record_shortlist(contest, [], by=ubon_officer)) == [
        "Choose at least one entry for the shortlist."
    ]
    assert shortlisted_flags(contest) == [False] * 4
    assert Contest.objects.get(pk=contest.pk).state == ContestState.SCORING_CLOSED
    services.record_shortlist(contest, [e1, e0], "กลุ่มที่ 1 มีนวัตกรรมชัดเจนกว่า", by=ubon_officer)
    assert shortlisted_flags(contest) == [True, True, False, False]
    assert ContestEvent.objects.get(action=EventAction.SHORTLIST).note == "กลุ่มที่ 1 มีนวัตกรรมชัดเจนกว่า"


def test_the_shortlist_is_not_written_while_scoring_is_open(geography, ubon_officer):
    contest = contest_with_panel(members=1, entries=2)
    entries = list(contest.entries.all())
    assert refused(lambda: services.record_shortlist(contest, entries, "ก่อนเวลา", by=ubon_officer)) == [
        "A contest cannot go from “Scoring open” to “Shortlisted”."
    ]
    assert shortlisted_flags(contest) == [False, False]


@pytest.mark.parametrize("own_criteria", [False, True], ids=["same criteria", "own criteria"])
def test_the_final_round_scores_the_shortlist_only(geography, ubon_officer, own_criteria):
    contest, (e0, e1, e2) = closed_contest([10, 18, 15], shortlist_size=2)
    services.record_shortlist(contest, [e1, e2], by=ubon_officer)
    moved = services.open_final_round(contest, by=ubon_officer, own_criteria=own_criteria)
    if own_criteria:  # the first call makes the copy to edit; the second opens the round on it
        assert moved.state == ContestState.SHORTLISTED
        assert contest.rounds.get(number=2).rubric.name == "Final round criteria"
        moved = services.open_final_round(contest, by=ubon_officer, own_criteria=own_criteria)
    assert moved.state == ContestState.FINAL_SCORING_OPEN
    main, final = contest.rounds.get(number=1).rubric, contest.rounds.get(number=2).rubric
    assert (final.pk == main.pk) is not own_criteria
    assert final.name == ("Final round criteria" if own_criteria else main.name)
    assert criteria_values(final) == criteria_values(main)
    member = seat(contest, 2).user
    raw = {str(final.criteria.get().pk): "17"}
    assert scoring.save_scorecard(member, e1.pk, raw, submit=True).round.number == 2
    with pytest.raises(scoring.ScoringError) as error:
        scoring.save_scorecard(member, e0.pk, raw)
    assert error.value.messages == ["This entry is not yours to score."]
    if own_criteria:
        with pytest.raises(scoring.ScoringError) as error:
            scoring.save_scorecard(member, e2.pk, {str(main.criteria.get().pk): "17"})
        assert error.value.messages == ["The form does not match this contest's criteria. Reload the page."]


def test_the_final_round_cannot_open_before_the_shortlist(geography, ubon_officer):
    contest, _entries = closed_contest([10, 18])
    assert refused(lambda: services.open_final_round(contest, by=ubon_officer, own_criteria=True)) == [
        "The final round opens once the shortlist is recorded."
    ]
    assert contest.rounds.count() == 1
    assert Rubric.objects.count() == 1 and Criterion.objects.count() == 1


@pytest.fixture
def shortlisted(geography, ubon_officer):
    contest, entries = closed_contest([10, 18, 15, 5], shortlist_size=2)
    services.record_shortlist(contest, [entries[1], entries[2]], by=ubon_officer)
    return Contest.objects.get(pk=contest.pk), entries


def test_select_winners_records_the_top_entry(shortlisted, ubon_officer):
    contest, (e0, e1, e2, e3) = shortlisted
    moved = services.select_winners(contest, [e1], by=ubon_officer)
    assert moved.state == ContestState.WINNER_SELECTED
    winners = contest.entries.filter(winner_position__isnull=False)
    assert list(winners.values_list("pk", "winner_position")) == [(e1.pk, 1)]
    event = ContestEvent.objects.get(action=EventAction.SELECTION)
    assert (event.from_state, event.to_state, event.by, event.note) == (
        ContestState.SHORTLISTED, ContestState.WINNER_SELECTED, ubon_officer, "",
    )
    assert event.data == {"winners": [str(e1)], "top_of_ranking": [str(e1)]}


def test_select_winners_refusals(shortlisted, ubon_officer, geography):
    contest, (e0, e1, e2, e3) = shortlisted
    other_contest_entry = contest_with_panel(members=1, entries=1, fiscal_year=2566).entries.get()
    quota = ["Select exactly 1 of the ranked entries."]
    assert refused(lambda: services.select_winners(contest, [], by=ubon_officer)) == quota
    assert refused(lambda: services.select_winners(contest, [e1, e2], by=ubon_officer)) == quota
    assert refused(lambda: services.select_winners(contest, [other_contest_entry], by=ubon_officer)) == quota
    assert refused(lambda: services.select_winners(contest, [e2], "  ", by=ubon_officer)) == [
        "The choice is not the top of the ranking: write the reason."
    ]
    assert not contest.entries.filter(winner_position__isnull=False).exists()
    assert Contest.objects.get(pk=contest.pk).state == ContestState.SHORTLISTED
    services.select_winners(contest, [e2], "ผลิตภัณฑ์อันดับ 1 ยังไม่ได้มาตรฐาน อย.", by=ubon_officer)
    assert contest.entries.get(winner_position=1) == e2
    assert ContestEvent.objects.get(action=EventAction.SELECTION).data == {
        "winners": [str(e2)], "top_of_ranking": [str(e1)],
    }


def test_a_winner_needs_a_quorum(geography, ubon_officer):
    contest, (e0, e1) = closed_contest([10, 18], members=3, quorum_percent=60)
    services.record_shortlist(contest, [e1], "เหลือสองกลุ่ม", by=ubon_officer)
    Conflict.objects.create(juror=seat(contest, 2), entry=e1, grounds="member", recorded_by=ubon_officer)
    Juror.objects.filter(contest=contest, seat=3).update(present=False)
    # 60% of 3 members = 2 needed; for e1 one member is absent and one conflicted
    assert refused(lambda: services.select_winners(contest, [e1], by=ubon_officer)) == [
        f"No quorum for {e1}: too few members present without a conflict."
    ]
    assert Contest.objects.get(pk=contest.pk).state == ContestState.SHORTLISTED


def test_select_winners_only_after_scoring(geography, ubon_officer):
    contest = contest_with_panel(members=1, entries=1)
    assert refused(lambda: services.select_winners(contest, list(contest.entries.all()), by=ubon_officer)) == [
        "The winner cannot be selected now: the contest is “Scoring open”."
    ]


def test_after_a_final_round_the_winner_comes_from_its_ranking(shortlisted, ubon_officer):
    contest, (e0, e1, e2, e3) = shortlisted
    services.open_final_round(contest, by=ubon_officer)
    criterion = str(contest.rounds.get(number=2).rubric.criteria.get().pk)
    for juror in contest.jurors.all():
        scoring.save_scorecard(juror.user, e1.pk, {criterion: "12"}, submit=True)
        scoring.save_scorecard(juror.user, e2.pk, {criterion: "19"}, submit=True)
    advance(Contest.objects.get(pk=contest.pk), ContestState.FINAL_SCORING_CLOSED, by=ubon_officer)
    services.select_winners(contest, [e2], by=ubon_officer)  # top of the final round: no reason needed
    assert Contest.objects.get(pk=contest.pk).state == ContestState.WINNER_SELECTED
    assert contest.entries.get(winner_position=1) == e2


def test_send_no_entry_records_the_reason(shortlisted, ubon_officer):
    contest, _entries = shortlisted
    assert refused(lambda: services.send_no_entry(contest, "  ", by=ubon_officer)) == [
        "Write the reason for this step."
    ]
    moved = services.send_no_entry(contest, "  ไม่มีผลิตภัณฑ์ใดผ่านเกณฑ์ขั้นต่ำ  ", by=ubon_officer)
    assert (moved.state, moved.no_entry_reason) == (ContestState.NO_ENTRY, "ไม่มีผลิตภัณฑ์ใดผ่านเกณฑ์ขั้นต่ำ")
    stored = Contest.objects.get(pk=contest.pk)
    assert (stored.state, stored.no_entry_reason) == (ContestState.NO_ENTRY, "ไม่มีผลิตภัณฑ์ใดผ่านเกณฑ์ขั้นต่ำ")
    event = ContestEvent.objects.get(to_state=ContestState.NO_ENTRY)
    assert (event.from_state, event.note) == (ContestState.SHORTLISTED, "ไม่มีผลิตภัณฑ์ใดผ่านเกณฑ์ขั้นต่ำ")


def test_send_no_entry_is_refused_before_the_shortlist(geography, ubon_officer):
    contest, _entries = closed_contest([10])
    assert refused(lambda: services.send_no_entry(contest, "ไม่ส่ง", by=ubon_officer)) == [
        "A contest cannot go from “Scoring closed” to “No entry this year”."
    ]
    assert Contest.objects.get(pk=contest.pk).no_entry_reason == ""


def test_the_casting_vote_waits_for_scoring_to_close(geography):
    contest = contest_with_panel(members=1, entries=2)
    chair = seat(contest, 1).user
    assert refused(lambda: services.record_casting_vote(contest, list(contest.entries.all()), by=chair)) == [
        "The casting vote is recorded after scoring closes and before the selection."
    ]
    assert not Entry.objects.filter(casting_rank__isnull=False).exists()
