"""Faults: a Redis of the test's own (never the shared one) is stopped or frozen under the app.

- Reminders that fall due while Redis is down are sent once it is back: what is due lives in the
  database, and beat's first dispatch after the restart finds it.
- The web app serves every page, takes scores and sends reminders by hand with Redis stopped.
- With Redis frozen (SIGSTOP: it accepts connections and answers nothing) every request still answers,
  in time: each Redis call gives up after REDIS_TIMEOUT_SECONDS. Once it is thawed, all goes on.
"""

import os
import runpy
import signal
import time
from contextlib import contextmanager
from unittest import mock

import pytest
import redis
from django.contrib import messages
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.factories import scoring_contest
from kbo.core.servers import ROOT, RedisServer, Worker, wait_for
from contests.reminders.tests.test_worker import all_sent, due_reminders, recipients, worker_environment
from kbo.accounts.tests.factories import UserFactory
from kbo.celery import app
from kbo.core.tests.test_access import built_world, check_url, served_keys, signed_in

pytestmark = pytest.mark.fault
TIMEOUT = 0.5  # REDIS_TIMEOUT_SECONDS while the web app talks to a Redis of the test's own


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_remind_reminders_due_while_redis_was_stopped_are_sent_after_it_restarts(geography, own_redis, smtp, tmp_path):
    worker = Worker(worker_environment(own_redis.url, smtp, tmp_path), tmp_path, beat=True).start()
    try:
        due_reminders(members=1)
        wait_for(all_sent(1), timeout=90, message="the worker to send the first reminder")
        own_redis.stop()
        later = due_reminders(members=2, fiscal_year=2566)  # due while Redis is down
        time.sleep(5)  # five dispatch intervals: none can reach the worker
        assert set(Reminder.objects.filter(contest=later).values_list("state", flat=True)) == {State.PENDING}
        own_redis.start()  # same port, empty: whatever was queued before is gone
        wait_for(all_sent(3), timeout=120, message="the reminders due during the outage")
        time.sleep(3)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{worker.output()[-4000:]}") from None
    finally:
        worker.stop()
    assert recipients(smtp) == ["juror1@example.org", "juror1@example.org", "juror2@example.org"]


def _forget_connections():
    """Drops the Celery app's cached broker pool and result backend, so the next use connects to
    whatever the configuration says then."""
    app._after_fork()
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextmanager
def app_on_redis(settings, url, timeout=TIMEOUT):
    """The web app configured as kbo/settings.py configures it for REDIS_URL=url and
    REDIS_TIMEOUT_SECONDS=timeout: Django's settings and the Celery app. The Celery configuration is
    read from the settings module itself, so that a timeout lost there fails these tests."""
    with mock.patch.dict(os.environ, {"REDIS_URL": url, "REDIS_TIMEOUT_SECONDS": str(timeout)}):
        module = runpy.run_path(str(ROOT / "kbo" / "settings.py"))
    settings.REDIS_URL, settings.REDIS_TIMEOUT_SECONDS = module["REDIS_URL"], module["REDIS_TIMEOUT_SECONDS"]
    celery = {name.removeprefix("CELERY_").lower(): value for name, value in module.items() if name.startswith("CELERY_")}
    before = {key: app.conf[key] for key in celery.keys() & app.conf.keys()}
    _forget_connections()
    app.conf.update({key: celery[key] for key in before})
    try:
        yield
    finally:
        app.conf.update(before)
        _forget_connections()


@pytest.fixture
def redis_stopped(settings):
    """The web app configured for a Redis that is not running (stopped again if the test restarts it)."""
    server = RedisServer().start()
    server.stop()
    try:
        with app_on_redis(settings, server.url):
            yield server
    finally:
        server.stop()


@pytest.fixture
def redis_frozen(settings):
    """The web app configured for a Redis that has hung (SIGSTOP); thawed and stopped whatever happens,
    so that a failing test cannot leave a frozen server behind."""
    server = RedisServer().start()
    try:
        with app_on_redis(settings, server.url):
            server.freeze()
            yield server
    finally:
        server.thaw()
        server.stop()


@pytest.mark.django_db
def test_remind_every_page_is_served_with_redis_stopped(redis_stopped, tmp_path):
    """Every page of the workspace, the contests and the accounts answers the people it is for as
    kbo/core/tests/test_access.py declares; the admin's pages that show Redis's work too."""
    with built_world(tmp_path) as world:
        clients = signed_in(world)
        for key in served_keys():
            if not key.startswith("admin"):
                check_url(world, clients, key, personas=("ubon_officer", "national_admin", "member"), writes=False)
        client = clients["national_admin"]
        for url in (reverse("home"), reverse("admin:index"), reverse("admin:reminders_reminder_changelist"),
                    reverse("admin:django_celery_beat_periodictask_changelist")):
            assert client.get(url).status_code == 200, url
        health = client.get(reverse("healthz"))  # reports Redis down; serving needs only the database
        assert (health.status_code, health.json()["database"], health.json()["redis"]) == (200, "ok", "error: ConnectionError")


# A Redis that has hung never answers: without a timeout, a request that waits for it never returns
# (a Celery publish to a frozen Redis without the settings' timeouts waited more than five minutes). This
# bound only tells "answered" from "hung": it allows every Redis call its TIMEOUT several times over and
# leaves a wide margin for a slow, busy CI machine, so it is no performance assertion.
PATIENCE = 10  # seconds


def _hung(signum, frame):
    raise AssertionError(f"No answer within {PATIENCE} s: the request waits for Redis without a timeout")


def answered(client, method, url, data=None, **extra):
    """The response to one request, which must come back within PATIENCE and without a server error.
    An alarm interrupts a request that waits longer, so that a hang fails the test instead of stalling it."""
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.setitimer(signal.ITIMER_REAL, PATIENCE)
    try:
        response = getattr(client, method)(url, data, **extra)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert response.status_code < 500, f"{method.upper()} {url}: {response.status_code}"
    return response


def score_and_remind_by_hand(client, officer):
    """A member submits a scorecard on their phone and the officer reminds the one still behind."""
    contest = scoring_contest(members=2, entries=1)
    juror, entry = contest.jurors.get(seat=2), contest.entries.get()
    criterion = contest.rounds.get().rubric.criteria.get()
    client.force_login(juror.user)
    assert answered(client, "get", reverse("contests:score_home", args=[contest.pk])).status_code == 200
    response = answered(client, "post", reverse("contests:score_entry", args=[entry.pk]), {
        f"criterion_{criterion.pk}": "18", "advice": "ดีมาก", "action": "submit",
    })
    assert response.status_code == 302
    assert juror.scorecards.get().status == "submitted"
    client.force_login(officer)
    response = answered(client, "post", reverse("contests:contest_reminders", args=[contest.pk]), {"note": ""})
    assert response.status_code == 302
    assert list(Reminder.objects.filter(kind=Kind.MANUAL).values_list("juror__seat", "state")) == [(1, State.PENDING)]
    return contest


@pytest.mark.django_db
def test_remind_scores_and_reminders_by_hand_work_with_redis_stopped(client, geography, redis_stopped, ubon_officer):
    score_and_remind_by_hand(client, ubon_officer)


@pytest.mark.django_db
def test_remind_pages_scores_and_reminders_by_hand_answer_in_time_with_redis_frozen(
    client, geography, redis_frozen, ubon_officer
):
    health = answered(client, "get", reverse("healthz"))  # Redis hung; serving needs only the database
    assert (health.status_code, health.json()["database"], health.json()["redis"]) == (200, "ok", "error: TimeoutError")
    contest = score_and_remind_by_hand(client, ubon_officer)
    for url in (reverse("home"), reverse("contests:contest_detail", args=[contest.pk]),
                reverse("contests:contest_reminders", args=[contest.pk]), reverse("contests:meeting", args=[contest.pk]),
                reverse("admin:index"), reverse("admin:reminders_reminder_changelist")):
        assert answered(client, "get", url).status_code == 200, url
    redis_frozen.thaw()
    assert client.get(reverse("healthz")).json()["redis"] == "ok"


@pytest.mark.parametrize("fault", ["redis_stopped", "redis_frozen"])
@pytest.mark.django_db
def test_remind_running_a_schedule_now_reports_a_redis_that_does_not_answer(client, geography, request, fault):
    """The admin's "Run selected tasks" is the one request that publishes to the broker."""
    server = request.getfixturevalue(fault)
    schedule = PeriodicTask.objects.create(
        name="plan", task="reminders.plan", interval=IntervalSchedule.objects.create(every=10, period="minutes")
    )
    client.force_login(UserFactory(username="root", is_superuser=True))
    run = {"action": "run_tasks", "_selected_action": [schedule.pk]}
    url = reverse("admin:django_celery_beat_periodictask_changelist")
    response = answered(client, "post", url, run, follow=True)
    assert [message.level for message in response.context["messages"]] == [messages.ERROR]
    if fault == "redis_frozen":
        server.thaw()
    else:
        server.start()
    with redis.Redis.from_url(server.url) as queue:
        queued = queue.llen("celery")  # a hung Redis may take the first publish when it wakes
        response = answered(client, "post", url, run, follow=True)
        assert [message.level for message in response.context["messages"]] == [messages.INFO]  # the library's
        assert queue.llen("celery") == queued + 1
