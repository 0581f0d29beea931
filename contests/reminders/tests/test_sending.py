"""Sending: a claimed reminder is delivered once, by e-mail (Thai or English, text and HTML) and
LINE, retried with backoff on transient errors, failed after the bound, and never sent by two
dispatchers. The e-mail goes to Django's outbox or a real SMTP server on 127.0.0.1; LINE to a
fake Messaging API on 127.0.0.1."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from contests.enums import ContestState
from contests.reminders import rules, sending
from contests.reminders.enums import Channel, Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.factories import CLOSES, NOW, scoring_contest, submit_all
from kbo.core.servers import FakeLine, SmtpSink

pytestmark = pytest.mark.django_db
SENT_AT = CLOSES - datetime.timedelta(hours=47)  # when the 48-hour reminders are due


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://kbo.example.org"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """One dispatch whose send tasks run, after commit, in this process; returns their results."""

    def run(now=SENT_AT):
        results = []
        with django_capture_on_commit_callbacks(execute=True):
            sending.dispatch(lambda pk, claim: results.append(sending.send(pk, claim, now=now)), now=now)
        return results

    return run


@pytest.fixture
def planned(geography):
    """Three members behind, 48 and 2 hours before scoring closes."""
    contest = scoring_contest(members=3, entries=2)
    rules.sync_contest(contest, NOW)
    return contest


def test_a_due_reminder_is_sent_once(planned, run):
    assert run() == [State.SENT] * 3
    assert sorted(message.to[0] for message in mail.outbox) == ["juror1@example.org", "juror2@example.org",
                                                                "juror3@example.org"]
    sent = Reminder.objects.filter(kind=Kind.SCORING_48H)
    assert {(row.state, row.sent_at, tuple(row.channels), row.attempts) for row in sent} == {
        (State.SENT, SENT_AT, (Channel.EMAIL,), 0)
    }
    assert run() == []  # nothing more is due until the 2-hour step
    assert len(mail.outbox) == 3


def test_running_the_send_task_twice_sends_once(planned):
    claim, ids = sending.claim_due(SENT_AT)
    assert sending.send(ids[0], str(claim), now=SENT_AT) == State.SENT
    assert sending.send(ids[0], str(claim), now=SENT_AT) is None
    assert len(mail.outbox) == 1


def test_a_stale_claim_cannot_send(planned):
    claim, ids = sending.claim_due(SENT_AT)
    Reminder.objects.filter(pk=ids[0]).update(claimed_at=SENT_AT - datetime.timedelta(hours=1))
    assert sending.reclaim(SENT_AT) == 1
    assert sending.send(ids[0], str(claim)) is None  # the old claim no longer holds
    new_claim, new_ids = sending.claim_due(SENT_AT)
    assert ids[0] in new_ids
    assert sending.send(ids[0], str(new_claim), now=SENT_AT) == State.SENT
    assert len(mail.outbox) == 1


def test_a_reminder_whose_work_is_done_by_send_time_is_cancelled(planned, run):
    submit_all(planned.jurors.get(seat=1))  # between planning and sending; no re-planning ran
    assert sorted(run()) == sorted([State.CANCELLED, State.SENT, State.SENT])
    assert len(mail.outbox) == 2
    assert Reminder.objects.get(kind=Kind.SCORING_48H, juror__seat=1).state == State.CANCELLED


def test_a_reminder_past_its_use_is_cancelled_not_sent(planned, run):
    assert run(now=CLOSES + datetime.timedelta(minutes=1)) == []
    assert set(Reminder.objects.values_list("state", flat=True)) == {State.CANCELLED}
    assert mail.outbox == []


def test_the_message_is_in_the_recipients_language_with_text_and_html(planned, run):
    english = planned.jurors.get(seat=2).user
    english.language = "en"
    english.save()
    run()
    by_address = {message.to[0]: message for message in mail.outbox}
    thai, english = by_address["juror1@example.org"], by_address["juror2@example.org"]
    link = f"https://kbo.example.org/contests/score/{planned.pk}/"
    assert english.subject == "KBO: 2 scorecards still to submit"
    assert "You still have 2 scorecards to submit for" in english.body
    assert "Scoring closes on Dec. 10, 2569, 5 p.m.\n" in english.body
    assert link in english.body
    assert thai.subject == "KBO: ยังมีใบให้คะแนน 2 ใบที่ยังไม่ได้ส่ง"
    assert "ปิดการให้คะแนนวันที่ 10 ธันวาคม 2569, 17:00" in thai.body
    for message in (thai, english):
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f'href="{link}"' in html
    assert '<html lang="th">' in thai.alternatives[0][0]
    assert '<html lang="en">' in english.alternatives[0][0]


def test_a_manual_reminder_carries_the_officers_note(planned, ubon_officer, run):
    Reminder.objects.all().delete()
    rules.remind_behind(planned, by=ubon_officer, note="ประชุมต่อเวลา 13:00 น. <b>ด่วน</b>")
    assert run(now=timezone.now()) == [State.SENT] * 3
    message = mail.outbox[0]
    assert "ประชุมต่อเวลา 13:00 น. <b>ด่วน</b>" in message.body
    assert "ประชุมต่อเวลา 13:00 น. &lt;b&gt;ด่วน&lt;/b&gt;" in message.alternatives[0][0]


def test_the_meeting_reminder_gives_date_venue_and_order(geography, run):
    contest = scoring_contest(members=1, entries=2, state=ContestState.ENTRIES_OPEN,
                              meeting_date=datetime.date(2026, 12, 9))
    rules.sync_contest(contest, NOW)
    assert run(now=timezone.make_aware(datetime.datetime(2026, 12, 8, 9, 1))) == [State.SENT]
    body = mail.outbox[0].body
    first, second = contest.entries.order_by("presentation_order")
    assert "พรุ่งนี้ 9 ธันวาคม 2569" in body
    assert f"สถานที่: {contest.venue}" in body
    lines = [f"- {entry.presentation_order}. {entry.group} — {entry.product}" for entry in (first, second)]
    assert body.index(lines[0]) < body.index(lines[1])


# Errors and retries

class Refusing:
    """An e-mail backend that fails as SMTP servers do."""

    error = None

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise Refusing.error


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.Refusing"
    return Refusing


def test_a_transient_error_retries_with_backoff_until_the_bound(planned, refusing, settings, run):
    import smtplib

    settings.REMINDER_MAX_ATTEMPTS = 3
    refusing.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    Reminder.objects.exclude(juror__seat=1).delete()
    Reminder.objects.filter(kind=Kind.SCORING_2H).delete()
    reminder = Reminder.objects.get()
    now = SENT_AT
    for attempt, wait in [(1, 60), (2, 120)]:
        assert run(now) == [State.PENDING]
        reminder.refresh_from_db()
        assert (reminder.attempts, reminder.retry_at) == (attempt, now + datetime.timedelta(seconds=wait))
        assert "Connection unexpectedly closed" in reminder.last_error
        assert run(now + datetime.timedelta(seconds=wait - 1)) == []  # not before the backoff
        now += datetime.timedelta(seconds=wait)
    assert run(now) == [State.FAILED]
    reminder.refresh_from_db()
    assert (reminder.state, reminder.attempts) == (State.FAILED, 3)


def test_a_permanent_error_fails_at_once(planned, refusing, run):
    import smtplib

    refusing.error = smtplib.SMTPRecipientsRefused({"juror1@example.org": (550, b"No such user")})
    assert run() == [State.FAILED] * 3
    assert Reminder.objects.filter(state=State.FAILED).first().attempts == 1
    assert "550" in Reminder.objects.filter(state=State.FAILED).first().last_error


def test_a_recipient_without_address_fails_with_a_reason(planned, run):
    planned.jurors.get(seat=1).user.__class__.objects.filter(username="juror1").update(email="")
    run()
    failed = Reminder.objects.get(state=State.FAILED)
    assert failed.juror.seat == 1
    assert failed.last_error == "ไม่มีอีเมลหรือ LINE user id"


# A real SMTP server

def test_the_reminder_reaches_a_real_smtp_server(planned, smtp, run):
    assert run() == [State.SENT] * 3
    assert sorted(recipients[0] for recipients, _ in smtp.messages) == [
        "juror1@example.org", "juror2@example.org", "juror3@example.org"
    ]
    _, message = smtp.messages[0]
    assert message["Subject"].strip() == "KBO: ยังมีใบให้คะแนน 2 ใบที่ยังไม่ได้ส่ง"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert "ปิดการให้คะแนน" in message.get_body(("plain",)).get_content()


def test_a_down_smtp_server_is_a_transient_error(planned, settings, run):
    sink = SmtpSink()  # never started: its port refuses connections
    for name, value in sink.settings().items():
        setattr(settings, name, value)
    assert run() == [State.PENDING] * 3
    assert all("Connection refused" in error or "111" in error
               for error in Reminder.objects.filter(attempts=1).values_list("last_error", flat=True))


# LINE

def test_line_gets_a_push_with_the_token_and_thai_text(planned, line, run):
    juror = planned.jurors.get(seat=1)
    juror.user.line_user_id = "U" + "a1" * 16
    juror.user.save()
    run()
    assert len(line.requests) == 1
    request = line.requests[0]
    assert request["path"] == "/v2/bot/message/push"
    assert request["headers"]["Authorization"] == "Bearer test-channel-token"
    reminder = Reminder.objects.get(juror=juror, kind=Kind.SCORING_48H)
    assert request["headers"]["X-Line-Retry-Key"] == str(reminder.key)
    assert request["json"]["to"] == "U" + "a1" * 16
    [text] = [message["text"] for message in request["json"]["messages"]]
    assert "ยังมีใบให้คะแนนที่ต้องส่งอีก 2 ใบ" in text
    assert reminder.channels == [Channel.EMAIL, Channel.LINE]
    assert len(mail.outbox) == 3


def test_line_for_a_member_without_an_account_uses_the_committees_line_id(planned, line, run):
    juror = planned.jurors.get(seat=2)
    juror.member.line_user_id = "U" + "b2" * 16
    juror.member.email = ""
    juror.member.save()
    juror.user = None
    juror.save()
    run()
    assert [request["json"]["to"] for request in line.requests] == ["U" + "b2" * 16]
    assert Reminder.objects.get(juror=juror, kind=Kind.SCORING_48H).channels == [Channel.LINE]


def test_line_is_off_without_a_token(planned, settings, run):
    with FakeLine() as fake:
        settings.LINE_API_URL = fake.url
        settings.LINE_CHANNEL_ACCESS_TOKEN = ""
        juror = planned.jurors.get(seat=1)
        juror.user.line_user_id = "U" + "c3" * 16
        juror.user.save()
        run()
        assert fake.requests == []


def test_a_line_outage_retries_line_only_and_a_repeat_is_not_delivered_twice(planned, line, run):
    Reminder.objects.exclude(juror__seat=1, kind=Kind.SCORING_48H).delete()
    juror = planned.jurors.get(seat=1)
    juror.user.line_user_id = "U" + "d4" * 16
    juror.user.save()
    line.statuses = [503, 409]  # down; then "this retry key was accepted before"
    assert run() == [State.PENDING]
    reminder = Reminder.objects.get()
    assert reminder.channels == [Channel.EMAIL]
    assert "LINE 503" in reminder.last_error
    assert run(SENT_AT + datetime.timedelta(minutes=1)) == [State.SENT]
    reminder.refresh_from_db()
    assert reminder.channels == [Channel.EMAIL, Channel.LINE]
    assert len(mail.outbox) == 1  # the e-mail was not repeated
    assert [request["headers"]["X-Line-Retry-Key"] for request in line.requests] == [str(reminder.key)] * 2


def test_a_refused_line_user_fails_permanently(planned, line, run):
    Reminder.objects.exclude(juror__seat=1, kind=Kind.SCORING_48H).delete()
    juror = planned.jurors.get(seat=1)
    juror.user.line_user_id = "U" + "e5" * 16
    juror.user.save()
    line.statuses = [400]
    assert run() == [State.FAILED]
    assert "LINE 400" in Reminder.objects.get().last_error


# Two dispatchers at once

@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_dispatches_at_once_claim_each_reminder_once(geography):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL")
    contest = scoring_contest(members=20, entries=1)
    rules.sync_contest(contest, NOW)
    barrier = threading.Barrier(2)
    claimed = []

    def dispatcher():
        try:
            barrier.wait()
            claimed.append(sending.dispatch(lambda pk, claim: None, now=SENT_AT))
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = claimed
    assert len(first) + len(second) == 20
    assert not set(first) & set(second)
