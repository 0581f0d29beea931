"""The officer's reminders page of a contest and the reminders in the Django admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import PeriodicTask

from contests.enums import ContestState
from contests.reminders import rules
from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.factories import NOW, national_round, scoring_contest, submit_all
from kbo.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(geography):
    contest = scoring_contest(members=3, entries=2)
    submit_all(contest.jurors.get(seat=2))
    rules.sync_contest(contest, NOW)
    Reminder.objects.filter(juror__seat=1, kind=Kind.SCORING_48H).update(
        state=State.SENT, sent_at=NOW, channels=["email", "line"]
    )
    Reminder.objects.filter(juror__seat=3, kind=Kind.SCORING_48H).update(
        state=State.FAILED, attempts=5, last_error="SMTP 550: mailbox unavailable"
    )
    return contest


def page(client, contest, user):
    client.force_login(user)
    with translation.override("en"):
        return client.get(reverse("contests:contest_reminders", args=[contest.pk]), HTTP_ACCEPT_LANGUAGE="en")


def test_the_officer_sees_what_was_sent_to_whom_and_who_is_behind(client, contest, ubon_officer):
    response = page(client, contest, ubon_officer)
    assert response.status_code == 200
    one, three = contest.jurors.get(seat=1), contest.jurors.get(seat=3)
    rows = [(row.name, row.kind, row.state) for row in response.context["reminders"]]
    assert sorted(rows) == sorted([
        (one.name, Kind.SCORING_2H, State.PENDING), (one.name, Kind.SCORING_48H, State.SENT),
        (three.name, Kind.SCORING_2H, State.PENDING), (three.name, Kind.SCORING_48H, State.FAILED),
    ])
    assert [(juror.seat, count) for juror, count in response.context["behind"]] == [(1, 2), (3, 2)]
    html = response.content.decode()
    assert "SMTP 550: mailbox unavailable" in html
    assert "email, line" in html
    assert "Remind those behind now" in html


def test_reminding_by_hand_creates_a_reminder_for_each_member_behind(client, contest, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("contests:contest_reminders", args=[contest.pk])
    response = client.post(url, {"note": "ประชุมต่อ 13:00 น."}, follow=True)
    manual = Reminder.objects.filter(kind=Kind.MANUAL)
    assert sorted(manual.values_list("juror__seat", "note", "created_by", "state")) == [
        (1, "ประชุมต่อ 13:00 น.", ubon_officer.pk, State.PENDING), (3, "ประชุมต่อ 13:00 น.", ubon_officer.pk, State.PENDING),
    ]
    assert [str(message) for message in response.context["messages"]] == ["จะส่งการแจ้งเตือนถึงกรรมการ 2 คนภายในหนึ่งนาที"]
    response = client.post(url, {"note": ""}, follow=True)
    assert manual.count() == 2
    assert [str(message) for message in response.context["messages"]] == [
        "ไม่มีผู้ที่ต้องแจ้งเตือน: ทุกคนส่งครบแล้ว หรือได้รับการแจ้งเตือนไปแล้วในสิบนาทีที่ผ่านมา"
    ]


def test_a_note_too_long_is_refused_and_nothing_is_sent(client, contest, ubon_officer):
    client.force_login(ubon_officer)
    response = client.post(reverse("contests:contest_reminders", args=[contest.pk]), {"note": "ก" * 501})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert not Reminder.objects.filter(kind=Kind.MANUAL).exists()


def test_no_reminder_by_hand_outside_scoring(client, contest, ubon_officer):
    contest.state = ContestState.SCORING_CLOSED
    contest.save()
    client.force_login(ubon_officer)
    url = reverse("contests:contest_reminders", args=[contest.pk])
    assert "Remind those behind now" not in page(client, contest, ubon_officer).content.decode()
    client.post(url, {"note": ""})
    assert not Reminder.objects.filter(kind=Kind.MANUAL).exists()


def test_the_page_costs_the_same_queries_for_few_and_many_reminders(client, geography, ubon_officer, django_assert_num_queries):
    small = scoring_contest(members=1, entries=1)
    rules.sync_contest(small, NOW)
    large = scoring_contest(members=8, entries=4, fiscal_year=2566)
    rules.sync_contest(large, NOW)
    client.force_login(ubon_officer)
    for contest in (small, large):
        with django_assert_num_queries(10):
            assert client.get(reverse("contests:contest_reminders", args=[contest.pk])).status_code == 200


def test_national_admins_see_a_national_rounds_deadline_reminders(client, geography, ubon_officer, national_admin):
    deadline = timezone.now() + datetime.timedelta(days=10)
    national = national_round(deadline)
    rules.sync_contest(national)
    response = page(client, national, national_admin)
    assert response.status_code == 200
    assert {(row.kind, row.user) for row in response.context["reminders"]} == {
        (Kind.DEADLINE_7D, ubon_officer), (Kind.DEADLINE_1D, ubon_officer),
        (Kind.DEADLINE_MISSED, ubon_officer), (Kind.DEADLINE_MISSED, national_admin),
    }
    assert page(client, national, ubon_officer).status_code == 404


# The Django admin

def changelist(client, user, **query):
    client.force_login(user)
    return client.get(reverse("admin:reminders_reminder_changelist"), query)


def test_admins_filter_reminders_by_state_kind_and_province(client, contest, national_admin):
    other = UserFactory(username="khonkaen", officer_provinces=["40"])
    Reminder.objects.create(kind=Kind.STANDARDS, user=other, recipient_key=f"u{other.pk}", name="ขอนแก่น",
                            object_key="province:40", province_id="40", due_at=NOW)
    assert changelist(client, national_admin).context["cl"].result_count == 5
    failed = changelist(client, national_admin, state=State.FAILED).context["cl"].result_list
    assert [(row.kind, row.juror.seat) for row in failed] == [(Kind.SCORING_48H, 3)]
    assert changelist(client, national_admin, kind=Kind.SCORING_2H).context["cl"].result_count == 2
    assert [row.name for row in changelist(client, national_admin, province__code__exact="40").context["cl"].result_list] == ["ขอนแก่น"]


def test_officers_see_only_their_provinces_reminders(client, contest, ubon_officer, chachoengsao_officer):
    assert changelist(client, ubon_officer).context["cl"].result_count == 4
    assert changelist(client, chachoengsao_officer).context["cl"].result_count == 0
    client.force_login(chachoengsao_officer)
    reminder = Reminder.objects.first()
    assert client.get(reverse("admin:reminders_reminder_change", args=[reminder.pk])).status_code == 302  # not found


def test_admins_resend_a_failed_reminder_and_cancel_a_pending_one(client, contest, national_admin):
    client.force_login(national_admin)
    failed = Reminder.objects.get(state=State.FAILED)
    pending = Reminder.objects.filter(state=State.PENDING).first()
    url = reverse("admin:reminders_reminder_changelist")
    client.post(url, {"action": "resend", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error, failed.created_by) == (State.PENDING, 0, "", national_admin)
    client.post(url, {"action": "cancel", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert (pending.state, pending.cancelled_by) == (State.CANCELLED, national_admin)
    rules.sync_contest(contest, NOW)  # re-planning leaves both as the admin set them
    failed.refresh_from_db()
    pending.refresh_from_db()
    assert (failed.state, pending.state) == (State.PENDING, State.CANCELLED)


def test_reminders_cannot_be_added_or_edited_in_the_admin(client, contest, national_admin):
    client.force_login(national_admin)
    assert client.get(reverse("admin:reminders_reminder_add")).status_code == 403
    reminder = Reminder.objects.first()
    client.post(reverse("admin:reminders_reminder_change", args=[reminder.pk]), {"state": State.SENT})
    reminder.refresh_from_db()
    assert reminder.state != State.SENT


def test_the_periodic_schedules_are_visible_to_national_admins_only(client, geography, national_admin, ubon_officer):
    from django.conf import settings
    from django_celery_beat.schedulers import ModelEntry

    from kbo.celery import app

    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():  # what beat does when it starts
        ModelEntry.from_entry(name, app=app, **entry)
    assert set(PeriodicTask.objects.values_list("name", flat=True)) >= set(settings.CELERY_BEAT_SCHEDULE)
    client.force_login(national_admin)
    response = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))
    assert response.status_code == 200
    assert "send-due-reminders" in response.content.decode()
    task = PeriodicTask.objects.get(name="send-due-reminders")
    client.post(reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]), {"enabled": ""})
    for action in ("disable_tasks", "toggle_tasks", "run_tasks"):  # beat's own actions are the superuser's too
        client.post(
            reverse("admin:django_celery_beat_periodictask_changelist"),
            {"action": action, "_selected_action": [task.pk]},
        )
    task.refresh_from_db()
    assert task.enabled
    client.force_login(ubon_officer)
    assert client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 403


def test_failed_reminders_are_shown_on_the_home_page_of_those_who_can_fix_them(
    client, contest, ubon_officer, chachoengsao_officer, national_admin
):
    def cards(user):
        client.force_login(user)
        with translation.override("en"):
            response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
        return [(card.title, card.text, card.url) for card in response.context["cards"] if "reminder" in card.url]

    expected = [("Reminders not sent", "1 reminder could not be sent.",
                 reverse("admin:reminders_reminder_changelist") + "?state__exact=failed")]
    assert cards(ubon_officer) == expected
    assert cards(national_admin) == expected
    assert cards(chachoengsao_officer) == []
