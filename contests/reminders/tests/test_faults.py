"""Faults: a Redis of the test's own (never the shared one) is stopped under the app.

- Reminders that fall due while Redis is down are sent once it is back: what is due lives in the
  database, and beat's first dispatch after the restart finds it.
- The web app serves every page, takes scores and sends reminders by hand with Redis stopped.
"""

import time

import pytest
from django.db import transaction
from django.urls import reverse

from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.factories import scoring_contest
from kbo.core.servers import RedisServer, Worker, wait_for
from contests.reminders.tests.test_worker import all_sent, due_reminders, recipients, worker_environment
from contests.tests import test_url_permissions as contest_urls
from kbo.celery import app
from kbo.core.tests import test_url_permissions as workspace_urls
from kbo.core.tests.test_url_permissions import ubon_rows  # noqa: F401 (a fixture)

pytestmark = pytest.mark.fault


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


@pytest.fixture
def redis_stopped(settings):
    """The web app configured for a Redis that is not running (Django settings and the Celery app)."""
    before = app.conf.broker_url, app.conf.result_backend
    server = RedisServer().start()
    server.stop()
    settings.REDIS_URL = server.url
    _forget_connections()
    app.conf.broker_url = app.conf.result_backend = server.url
    yield server
    app.conf.broker_url, app.conf.result_backend = before
    _forget_connections()


def allowed_persona(kind):
    """Someone the page is for: Ubon's officer where they may, else a national admin or a member."""
    return next(persona for persona in ("ubon_officer", "national_admin", "member", "chair", "anonymous")
                if persona in contest_urls.ALLOWED[kind])


@pytest.mark.django_db
def test_remind_every_workspace_page_is_served_with_redis_stopped(client, request, redis_stopped, ubon_rows, national_admin):
    for persona in ("ubon_officer", "national_admin"):
        workspace_urls.test_every_workspace_url_answers_each_persona_as_declared(
            client, request, persona, ubon_rows, national_admin
        )
    for url in (reverse("home"), reverse("admin:index"), reverse("admin:reminders_reminder_changelist"),
                reverse("admin:django_celery_beat_periodictask_changelist")):
        assert client.get(url).status_code == 200, url
    health = client.get(reverse("healthz"))  # reports Redis down; serving needs only the database
    assert (health.status_code, health.json()["database"], health.json()["redis"]) == (200, "ok", "error: ConnectionError")


@pytest.mark.django_db
def test_remind_every_contest_page_is_served_with_redis_stopped(
    client, request, geography, redis_stopped, national_admin, ubon_officer
):
    for name, (kind, _state, _row) in contest_urls.URLS.items():
        with transaction.atomic():  # each page brings its own contest
            contest_urls.test_contest_url_answers_each_persona_as_declared(
                client, request, geography, name, allowed_persona(kind)
            )
            transaction.set_rollback(True)


@pytest.mark.django_db
def test_remind_scores_and_reminders_by_hand_work_with_redis_stopped(client, geography, redis_stopped, ubon_officer):
    contest = scoring_contest(members=2, entries=1)
    juror, entry = contest.jurors.get(seat=2), contest.entries.get()
    criterion = contest.rounds.get().rubric.criteria.get()
    client.force_login(juror.user)
    response = client.post(
        reverse("contests:score_entry", args=[entry.pk]),
        {f"criterion_{criterion.pk}": "18", "advice": "ดีมาก", "action": "submit"},
    )
    assert response.status_code == 302
    assert juror.scorecards.get().status == "submitted"
    client.force_login(ubon_officer)
    response = client.post(reverse("contests:contest_reminders", args=[contest.pk]), {"note": ""})
    assert response.status_code == 302
    assert list(Reminder.objects.filter(kind=Kind.MANUAL).values_list("juror__seat", "state")) == [(1, State.PENDING)]
