"""The query-count guard of the benchmark: each page `make bench` loads costs the same number of
queries on the national data at a small size and at three times the entries and members."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from contests.national_seed import BENCH_MEMBER, NationalSeed, bench_pages
from kbo.accounts.models import User

pytestmark = pytest.mark.django_db
PROVINCES = ["34", "24", "50", "90"]  # Ubon (the benchmark's), and one more province in each other region


def queries_per_page(client, *, groups, members):
    """Builds the national data at this size and counts each bench page's queries (for the scorecard
    POST, a repeated save: the steady state while a member scores)."""
    NationalSeed(provinces=PROVINCES, groups=groups, members=members).run()
    counts = {}
    for page in bench_pages():
        client.force_login(User.objects.get(username=page.username))
        send = client.post if page.method == "POST" else client.get
        if page.username == BENCH_MEMBER and page.method == "POST":
            send(page.path, page.data)
        with CaptureQueriesContext(connection) as queries:
            response = send(page.path, page.data)
        assert response.status_code in {200, 302}, (page.name, response.status_code)
        counts[page.name] = len(queries)
    return counts


def test_every_bench_page_costs_the_same_queries_at_three_times_the_size(client, geography, settings):
    settings.BENCHMARK = True  # as under `make bench`, where the benchmark's demo accounts may sign in
    with transaction.atomic():
        small = queries_per_page(client, groups=2, members=3)
        transaction.set_rollback(True)
    large = queries_per_page(client, groups=6, members=9)
    assert len(small) == 10
    assert large == small
