"""A request whose database connection dies before it committed anything is run again once the
database answers (kbo/core/resilience.py); one that had committed is never run twice.

The connection is killed for real: PostgreSQL's pg_terminate_backend, from a second connection,
ends the request's own server process at the moment the request is about to write."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from contests.enums import ScorecardStatus
from contests.models import Scorecard, ScorecardRevision
from contests.tests.factories import contest_with_panel
from kbo.accounts.models import User
from kbo.core.resilience import WriteWatch
from kbo.core.servers import wait_for


class KillBefore:
    """An execute wrapper that ends its own connection's server process before the first statement
    containing `marker`, once."""

    def __init__(self, marker):
        self.marker = marker
        self.fired = 0

    def __call__(self, execute, sql, params, many, context):
        if self.marker in sql and not self.fired:
            self.fired += 1
            pid = context["connection"].connection.get_backend_pid()
            other = connection.get_new_connection(connection.get_connection_params())
            other.autocommit = True  # each look at pg_stat_activity is a fresh snapshot
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                    wait_for(lambda: not cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                             and not cursor.fetchone(), timeout=10, message="the killed backend to exit")
            finally:
                other.close()
        return execute(sql, params, many, context)


@pytest.mark.services
@pytest.mark.fault
def test_a_submission_whose_connection_died_before_committing_is_run_again(client, transactional_db, geography):
    if connection.vendor != "postgresql":
        pytest.skip("kills a PostgreSQL server process")
    contest = contest_with_panel(members=2, entries=1, criteria=((20, 1),))
    entry = contest.entries.get()
    criterion = contest.rounds.get().rubric.criteria.get()
    client.force_login(User.objects.get(username="juror2"))
    client.raise_request_exception = False  # the first run's error is logged, as in production
    killer = KillBefore('INSERT INTO "contests_scorecardrevision"')
    with connection.execute_wrapper(killer):
        response = client.post(
            reverse("contests:score_entry", args=[entry.pk]),
            {f"criterion_{criterion.pk}": "17", "advice": "", "action": "submit"},
            headers={"accept": "application/json"},
        )
    assert killer.fired == 1
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert Scorecard.objects.get().status == ScorecardStatus.SUBMITTED
    assert ScorecardRevision.objects.count() == 1


def test_the_watch_counts_only_writes_that_were_committed(transactional_db):
    """A write inside a transaction that rolled back leaves the request safe to run again; a write in
    a transaction that committed, or in autocommit, does not."""
    watch = WriteWatch()
    with connection.execute_wrapper(watch):
        User.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            User.objects.create(username="rolled-back")
            raise RuntimeError
        assert not watch.committed
        with transaction.atomic():
            User.objects.create(username="kept")
        assert watch.committed

    autocommit = WriteWatch()
    with connection.execute_wrapper(autocommit):
        User.objects.filter(username="kept").update(first_name="Somchai")
    assert autocommit.committed
