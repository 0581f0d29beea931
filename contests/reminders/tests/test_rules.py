"""The rules plan reminders from the contest calendar for the people who still have work to do,
move them when a date changes and cancel them when the work is done."""

import datetime

import pytest
from django.utils import timezone

from contests import scoring, services
from contests.enums import ContestState, SubmissionState
from contests.models import Conflict, Submission
from contests.reminders import rules
from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.factories import CLOSES, NOW, national_round, scoring_contest, submit_all
from contests.tests.factories import ContestFactory, EntryFactory
from kbo.accounts.tests.factories import UserFactory
from networks.tests.factories import NetworkFactory
from products.enums import StandardKind
from products.models import ProductStandard
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)


def rows(**filters):
    return sorted(
        (row.kind, row.name, row.due_at, row.state)
        for row in Reminder.objects.filter(**filters)
    )


def test_members_with_unsubmitted_scorecards_get_48_and_2_hours_before_scoring_closes(geography):
    contest = scoring_contest(members=3)
    one, two, three = contest.jurors.order_by("seat")
    submit_all(two)
    changes = rules.sync_contest(contest, NOW)
    assert changes == rules.Changes(created=4)
    assert rows(contest=contest) == sorted([
        (Kind.SCORING_48H, one.name, CLOSES - 48 * HOUR, State.PENDING),
        (Kind.SCORING_2H, one.name, CLOSES - 2 * HOUR, State.PENDING),
        (Kind.SCORING_48H, three.name, CLOSES - 48 * HOUR, State.PENDING),
        (Kind.SCORING_2H, three.name, CLOSES - 2 * HOUR, State.PENDING),
    ])
    assert Reminder.objects.get(kind=Kind.SCORING_2H, juror=one).expires_at == CLOSES
    assert Reminder.objects.get(kind=Kind.SCORING_2H, juror=one).province_id == "34"


def test_planning_twice_changes_nothing(geography):
    contest = scoring_contest()
    rules.sync_contest(contest, NOW)
    before = rows()
    assert rules.sync_contest(contest, NOW) == rules.Changes()
    assert rows() == before


def test_members_absent_or_whose_entries_are_all_conflicted_are_not_reminded(geography):
    contest = scoring_contest(members=3, entries=1)
    one, two, three = contest.jurors.order_by("seat")
    two.present = False
    two.save()
    Conflict.objects.create(juror=three, entry=contest.entries.get(), grounds="member", recorded_by=three.user)
    rules.sync_contest(contest, NOW)
    assert {row.juror for row in Reminder.objects.all()} == {one}


def test_a_contest_planned_late_gets_the_latest_step_already_due_not_a_burst(geography):
    contest = scoring_contest(members=1)
    rules.sync_contest(contest, CLOSES - 10 * HOUR)  # past the 48-hour step, before the 2-hour one
    assert [row[0] for row in rows()] == sorted([Kind.SCORING_48H, Kind.SCORING_2H])
    Reminder.objects.all().delete()
    rules.sync_contest(contest, CLOSES - HOUR)  # past both: the 2-hour step only
    assert [row[0] for row in rows()] == [Kind.SCORING_2H]
    Reminder.objects.all().delete()
    rules.sync_contest(contest, CLOSES + HOUR)  # closed: nothing
    assert rows() == []


def test_a_changed_deadline_moves_the_pending_reminder(geography):
    contest = scoring_contest(members=1)
    rules.sync_contest(contest, NOW)
    reminder = Reminder.objects.get(kind=Kind.SCORING_48H)
    contest.scoring_closes_at = CLOSES + DAY
    contest.save()
    assert rules.sync_contest(contest, NOW) == rules.Changes(moved=2)
    reminder.refresh_from_db()
    assert (reminder.state, reminder.due_at, reminder.expires_at) == (State.PENDING, CLOSES - DAY, CLOSES + DAY)
    assert Reminder.objects.count() == 2


def test_after_a_sent_reminder_a_later_deadline_plans_a_new_one(geography):
    contest = scoring_contest(members=1)
    rules.sync_contest(contest, NOW)
    Reminder.objects.filter(kind=Kind.SCORING_48H).update(state=State.SENT, sent_at=NOW)
    contest.scoring_closes_at = CLOSES + 3 * DAY
    contest.save()
    rules.sync_contest(contest, CLOSES - 47 * HOUR)
    assert [(row[0], row[2], row[3]) for row in rows(kind=Kind.SCORING_48H)] == [
        (Kind.SCORING_48H, CLOSES - 48 * HOUR, State.SENT),
        (Kind.SCORING_48H, CLOSES + DAY, State.PENDING),
    ]


def test_finished_work_cancels_and_an_unlocked_scorecard_revives(geography, django_capture_on_commit_callbacks):
    contest = scoring_contest(members=2, entries=2)
    one, _two = contest.jurors.order_by("seat")
    rules.sync_contest(contest, NOW)
    with django_capture_on_commit_callbacks(execute=True):
        submit_all(one)
    assert {row.state for row in Reminder.objects.filter(juror=one)} == {State.CANCELLED}
    assert {row.state for row in Reminder.objects.exclude(juror=one)} == {State.PENDING}
    card = one.scorecards.first()
    with django_capture_on_commit_callbacks(execute=True):
        scoring.unlock(card.pk, by=contest.jurors.get(seat=1).user, reason="แก้คะแนนที่กรอกผิด")
    assert {row.state for row in Reminder.objects.filter(juror=one)} == {State.PENDING}


def test_closing_scoring_cancels_the_scoring_reminders(geography, django_capture_on_commit_callbacks):
    contest = scoring_contest(members=1)
    rules.sync_contest(contest, NOW)
    contest.state = ContestState.SCORING_CLOSED
    contest.save()
    rules.sync_contest(contest, NOW)
    assert {row.state for row in Reminder.objects.all()} == {State.CANCELLED}


def test_an_admin_cancelled_reminder_stays_cancelled(geography, national_admin):
    contest = scoring_contest(members=1)
    rules.sync_contest(contest, NOW)
    Reminder.objects.update(state=State.CANCELLED, cancelled_by=national_admin)
    rules.sync_contest(contest, NOW)
    assert {row.state for row in Reminder.objects.all()} == {State.CANCELLED}


def test_the_meeting_reminder_goes_the_day_before_at_nine_to_every_member(geography):
    meeting = datetime.date(2026, 12, 9)
    contest = scoring_contest(members=2, state=ContestState.ENTRIES_OPEN, meeting_date=meeting)
    rules.sync_contest(contest, NOW)
    nine = timezone.make_aware(datetime.datetime(2026, 12, 8, 9, 0))
    assert [(row[0], row[2]) for row in rows(kind=Kind.MEETING)] == [(Kind.MEETING, nine)] * 2
    assert Reminder.objects.filter(kind=Kind.MEETING).first().expires_at == timezone.make_aware(
        datetime.datetime(2026, 12, 9, 8, 0)
    )
    contest.meeting_date = meeting + DAY
    contest.save()
    rules.sync_contest(contest, NOW)
    assert {row[2] for row in rows(kind=Kind.MEETING)} == {nine + DAY}


def test_no_meeting_reminder_once_scoring_has_closed(geography):
    contest = scoring_contest(members=1, state=ContestState.SCORING_CLOSED, meeting_date=datetime.date(2026, 12, 9))
    rules.sync_contest(contest, NOW)
    assert rows() == []


# The national deadline

DEADLINE = timezone.make_aware(datetime.datetime(2027, 1, 15, 16, 30))


@pytest.fixture
def calendar(geography, ubon_officer, chachoengsao_officer, national_admin):
    """Ubon has selected a winner but not submitted; Chachoengsao has submitted; Chiang Mai is
    scoring and its officer is inactive; Khon Kaen sends no entry."""
    national = national_round(DEADLINE)
    ubon = ContestFactory(state=ContestState.WINNER_SELECTED)
    EntryFactory(contest=ubon, winner_position=1)
    chachoengsao = ContestFactory(network=NetworkFactory(province_id="24"), state=ContestState.SUBMITTED)
    winner = EntryFactory(contest=chachoengsao, winner_position=1)
    Submission.objects.create(
        national=national, provincial=chachoengsao, province_id="24", entry=winner, innovation="นวัตกรรม",
        identity="อัตลักษณ์", state=SubmissionState.SUBMITTED, submitted_at=DEADLINE - DAY,
    )
    UserFactory(username="chiangmai", officer_provinces=["50"], is_active=False)
    ContestFactory(network=NetworkFactory(province_id="40"), state=ContestState.NO_ENTRY)
    UserFactory(username="khonkaen", officer_provinces=["40"])
    return national


def test_officers_of_provinces_behind_get_7_days_and_1_day_before_the_deadline(
    calendar, ubon_officer, national_admin
):
    rules.sync_contest(calendar, DEADLINE - 10 * DAY)
    assert rows() == sorted([
        (Kind.DEADLINE_7D, ubon_officer.get_full_name(), DEADLINE - 7 * DAY, State.PENDING),
        (Kind.DEADLINE_1D, ubon_officer.get_full_name(), DEADLINE - DAY, State.PENDING),
        # planned ahead, cancelled if the dossier arrives in time
        (Kind.DEADLINE_MISSED, ubon_officer.get_full_name(), DEADLINE + DAY, State.PENDING),
        (Kind.DEADLINE_MISSED, national_admin.get_full_name(), DEADLINE + DAY, State.PENDING),
    ])
    assert {row.province_id for row in Reminder.objects.exclude(user=national_admin)} == {"34"}
    assert Reminder.objects.get(kind=Kind.DEADLINE_1D).object_key == f"contest:{calendar.pk}/province:34"


def test_the_day_after_a_missed_deadline_officers_and_national_admins_are_told(calendar, ubon_officer, national_admin):
    rules.sync_contest(calendar, DEADLINE + HOUR)
    assert rows() == sorted([
        (Kind.DEADLINE_MISSED, ubon_officer.get_full_name(), DEADLINE + DAY, State.PENDING),
        (Kind.DEADLINE_MISSED, national_admin.get_full_name(), DEADLINE + DAY, State.PENDING),
    ])
    assert Reminder.objects.get(user=national_admin).province_id is None


def test_a_submitted_dossier_cancels_the_provinces_deadline_reminders(calendar, national_admin):
    rules.sync_contest(calendar, DEADLINE - 10 * DAY)
    ubon = ContestFactory._meta.model.objects.get(network__province="34", level="provincial")
    Submission.objects.create(
        national=calendar, provincial=ubon, province_id="34", entry=ubon.entries.get(), innovation="นวัตกรรม",
        identity="อัตลักษณ์", state=SubmissionState.SUBMITTED, submitted_at=DEADLINE - 9 * DAY,
    )
    rules.sync_contest(calendar, DEADLINE - 9 * DAY)
    assert {row.state for row in Reminder.objects.filter(province="34")} == {State.CANCELLED}
    # the 66 provinces without a contest are still behind: the national admins will hear of them
    assert Reminder.objects.get(user=national_admin).state == State.PENDING


def test_no_deadline_reminders_once_judging_has_opened(calendar):
    calendar.state = ContestState.SCORING_OPEN
    calendar.save()
    rules.sync_contest(calendar, DEADLINE + HOUR)
    assert not Reminder.objects.filter(kind__startswith="deadline").exists()


# National judges

def test_national_judges_with_unfinished_scorecards_are_reminded_before_judging_closes(geography):
    from contests.tests.test_national_judging import judge_of, national_round as judged_round, score

    national = judged_round(scoring_closes_at=CLOSES)
    for code in ("50", "57"):
        score(national, "north", 1, code, 80)
    rules.sync_contest(national, NOW)
    judges = {row.juror for row in Reminder.objects.filter(kind=Kind.JUDGING_48H)}
    assert judges == {judge_of(national, "north", 2), judge_of(national, "northeast", 1), judge_of(national, "northeast", 2)}
    assert {row.kind for row in Reminder.objects.all()} == {Kind.JUDGING_48H, Kind.JUDGING_2H}


# Standards

def test_officers_hear_monthly_of_standards_expiring_within_90_days(geography, ubon_officer, chachoengsao_officer):
    now = timezone.make_aware(datetime.datetime(2026, 11, 21, 10, 0))
    ProductStandard.objects.create(product=ProductFactory(), kind=StandardKind.FDA, number="34-1-12345-5-0001",
                                   expires_on=datetime.date(2027, 1, 15))
    far = ProductFactory(group__subdistrict_id="240101", group__postal_code="24000")
    ProductStandard.objects.create(product=far, kind=StandardKind.OTHER, expires_on=datetime.date(2027, 6, 1))
    rules.sync_standards(now)
    first = timezone.make_aware(datetime.datetime(2026, 11, 1, 8, 0))
    assert rows() == [(Kind.STANDARDS, ubon_officer.get_full_name(), first, State.PENDING)]
    assert Reminder.objects.get().expires_at == timezone.make_aware(datetime.datetime(2026, 12, 1, 0, 0))
    Reminder.objects.update(state=State.SENT, sent_at=first)
    rules.sync_standards(now + 10 * DAY)  # December: a new month, a new reminder
    assert [row[2:] for row in rows()] == [
        (first, State.SENT), (timezone.make_aware(datetime.datetime(2026, 12, 1, 8, 0)), State.PENDING)
    ]


# By hand

def test_an_officer_reminds_those_behind_once_in_ten_minutes(geography, ubon_officer):
    contest = scoring_contest(members=3)
    one, two, three = contest.jurors.order_by("seat")
    submit_all(two)
    assert rules.remind_behind(contest, by=ubon_officer, note="ประชุมต่อ 13:00 น.") == 2
    assert {(row.juror, row.note, row.created_by) for row in Reminder.objects.filter(kind=Kind.MANUAL)} == {
        (one, "ประชุมต่อ 13:00 น.", ubon_officer), (three, "ประชุมต่อ 13:00 น.", ubon_officer),
    }
    assert rules.remind_behind(contest, by=ubon_officer) == 0
    later = timezone.now() + 11 * datetime.timedelta(minutes=1)
    assert rules.remind_behind(contest, by=ubon_officer, now=later) == 2


def test_nobody_is_reminded_by_hand_outside_scoring(geography, ubon_officer):
    contest = scoring_contest(state=ContestState.SCORING_CLOSED)
    assert rules.remind_behind(contest, by=ubon_officer) == 0


def test_a_withdrawn_entry_is_no_longer_work_to_do(geography, ubon_officer):
    contest = scoring_contest(members=1, entries=2)
    juror = contest.jurors.get()
    first, second = contest.entries.order_by("presentation_order")
    criterion = contest.rounds.get().rubric.criteria.get()
    scoring.save_scorecard(juror.user, first.pk, {str(criterion.pk): "10"}, submit=True)
    assert rules.scorecards_left(juror) == 1
    services.withdraw(second, "กลุ่มขอถอนตัว", by=ubon_officer)
    assert rules.scorecards_left(juror) == 0
