"""Reminders through the real thing: Celery workers with beat in their own processes, Redis as the
broker, PostgreSQL shared with this test, and mail delivered to an SMTP server on 127.0.0.1.

The tests use the machine's Redis (a database number of their own, emptied first); the fault tests
in test_faults.py start their own Redis."""

import datetime
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from contests import services
from contests.reminders import rules
from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.conftest import postgres_url
from contests.reminders.tests.factories import scoring_contest, submit_all
from kbo.core.servers import Worker, wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
REDIS_TEST_DB = 13


def isolated_redis_url():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set")
    parts = urlsplit(settings.REDIS_URL)
    url = urlunsplit(parts._replace(path=f"/{REDIS_TEST_DB}"))
    redis.Redis.from_url(url, socket_timeout=5).flushdb()
    return url


def worker_environment(broker_url, smtp, tmp_path, **extra):
    return {
        "DATABASE_URL": postgres_url(), "REDIS_URL": broker_url, "KBO_VAR_DIR": str(tmp_path),
        "REMINDER_DISPATCH_SECONDS": "1", "REMINDER_PLAN_SECONDS": "3600", **smtp.environment(), **extra,
    }


def due_reminders(members, **fields):
    """A contest whose scoring closes in an hour: each member is due the 2-hour reminder now."""
    closes = timezone.now() + datetime.timedelta(hours=1)
    contest = scoring_contest(members=members, entries=1, scoring_closes_at=closes, **fields)
    rules.sync_contest(contest)
    assert Reminder.objects.filter(contest=contest, state=State.PENDING).count() == members
    return contest


def all_sent(count):
    return lambda: Reminder.objects.filter(state=State.SENT).count() == count


def recipients(smtp):
    return sorted(address for addresses, _message in smtp.messages for address in addresses)


def run_workers(workers, until, timeout=90):
    try:
        for worker in workers:
            worker.start()
        wait_for(until, timeout=timeout, message="the reminders to be sent")
        time.sleep(3)  # three more dispatches: anything sent twice would show now
    except AssertionError:
        raise AssertionError("\n".join(worker.output()[-4000:] for worker in workers)) from None
    finally:
        for worker in workers:
            worker.stop()


def test_a_due_reminder_is_sent_once_through_redis_and_a_worker(geography, smtp, tmp_path):
    environment = worker_environment(isolated_redis_url(), smtp, tmp_path)
    due_reminders(members=1)
    run_workers([Worker(environment, tmp_path, beat=True)], all_sent(1))
    assert recipients(smtp) == ["juror1@example.org"]
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts, reminder.channels) == (State.SENT, 0, ["email"])


def test_two_beats_at_once_send_each_reminder_once(geography, smtp, tmp_path):
    environment = worker_environment(isolated_redis_url(), smtp, tmp_path)
    due_reminders(members=30)
    workers = [Worker(environment, tmp_path, beat=True, name=f"kbo-test-{number}") for number in (1, 2)]
    run_workers(workers, all_sent(30))
    assert recipients(smtp) == sorted(f"juror{seat}@example.org" for seat in range(1, 31))


def test_a_worker_killed_mid_send_leads_to_exactly_one_delivery(geography, smtp, tmp_path):
    environment = worker_environment(isolated_redis_url(), smtp, tmp_path, REMINDER_CLAIM_TIMEOUT="5")
    due_reminders(members=1)
    smtp.stall.set()  # the SMTP server holds the message without answering
    first = Worker(environment, tmp_path, beat=True, name="kbo-test-doomed").start()
    try:
        wait_for(smtp.stalled.is_set, timeout=90, message="the worker to be mid-send")
    except AssertionError:
        first.stop()
        raise AssertionError(first.output()) from None
    assert Reminder.objects.get().state == State.SENDING
    first.kill()
    first.stop()
    smtp.stall.clear()
    smtp.release.set()  # the dead worker's message was never completed: the server refuses it
    run_workers([Worker(environment, tmp_path, beat=True, name="kbo-test-heir")], all_sent(1))
    assert recipients(smtp) == ["juror1@example.org"]
    assert Reminder.objects.get().attempts == 0  # reclaimed after the timeout, not counted as a failure


def test_a_moved_deadline_moves_the_reminder_and_finished_work_cancels_it(geography, smtp, tmp_path, ubon_officer):
    environment = worker_environment(isolated_redis_url(), smtp, tmp_path)
    finished = due_reminders(members=1)
    submit_all(finished.jurors.get())  # its reminder is cancelled after the commit
    moved = due_reminders(members=1, fiscal_year=2566, network=finished.network)
    in_three_days = timezone.now() + datetime.timedelta(days=3)
    services.move_scoring_end(moved, in_three_days, by=ubon_officer)
    assert sorted(Reminder.objects.filter(contest=moved).values_list("kind", "due_at", "state")) == [
        (Kind.SCORING_2H, in_three_days - datetime.timedelta(hours=2), State.PENDING),
        (Kind.SCORING_48H, in_three_days - datetime.timedelta(hours=48), State.PENDING),
    ]
    assert Reminder.objects.get(contest=finished).state == State.CANCELLED
    worker = Worker(environment, tmp_path, beat=True)
    try:
        worker.start()
        time.sleep(8)  # eight dispatches: nothing is due
        assert smtp.messages == []
        soon = timezone.now() + datetime.timedelta(minutes=30)
        services.move_scoring_end(moved, soon, by=ubon_officer)  # the 2-hour step is due now
        wait_for(lambda: Reminder.objects.filter(state=State.SENT).count() == 1, timeout=60, message="the moved reminder")
        time.sleep(3)
    finally:
        worker.stop()
    sent = Reminder.objects.get(state=State.SENT)
    assert (sent.contest, sent.kind, sent.due_at) == (moved, Kind.SCORING_2H, soon - datetime.timedelta(hours=2))
    assert recipients(smtp) == ["juror1@example.org"]
