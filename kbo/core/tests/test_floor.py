"""The benchmark's floor pages and query counting (kbo/core/floor.py), on only with BENCHMARK."""

import importlib
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.urls import clear_url_caches

import kbo.urls
from contests.scoring_forms import quick_picks
from kbo.core import floor
from kbo.geography.models import Province

FLOOR_URLS = ["/bench/floor/constant/", "/bench/floor/page/", "/bench/floor/query/"]
COUNTING = "kbo.core.floor.QueryCountMiddleware"


def benchmark_mode(settings, on):
    """kbo/urls.py decides when it is imported whether to serve the floor, and kbo/settings.py
    whether to count queries: set both as BENCHMARK would, re-import the URLconf, and put
    everything back afterwards."""
    original = django_settings.BENCHMARK
    settings.BENCHMARK = on
    if on:
        settings.MIDDLEWARE = [settings.MIDDLEWARE[0], COUNTING, *settings.MIDDLEWARE[1:]]
    importlib.reload(kbo.urls)
    clear_url_caches()
    yield
    settings.BENCHMARK = original
    importlib.reload(kbo.urls)
    clear_url_caches()


@pytest.fixture
def benchmark_on(settings):
    yield from benchmark_mode(settings, True)


@pytest.fixture
def benchmark_off(settings):
    yield from benchmark_mode(settings, False)


@pytest.mark.parametrize("url", FLOOR_URLS)
def test_the_floor_is_not_served_without_benchmark(client, db, benchmark_off, url):
    assert client.get(url).status_code == 404


def test_queries_are_counted_only_in_benchmark_mode(db, benchmark_off, client):
    assert COUNTING not in django_settings.MIDDLEWARE
    assert "X-Queries" not in client.get("/healthz").headers


def test_benchmark_inserts_the_counting_middleware_after_security():
    check = "import django; django.setup(); from django.conf import settings; print(settings.MIDDLEWARE[1:3])"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kbo.settings", "DEBUG": "1", "BENCHMARK": "1"}
    result = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == str(["django.middleware.security.SecurityMiddleware", COUNTING])


def test_constant_answers_without_a_query(client, db, benchmark_on):
    response = client.get("/bench/floor/constant/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["X-Queries"] == "0"


def test_page_sends_anonymous_users_to_log_in(client, db, benchmark_on):
    response = client.get("/bench/floor/page/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/bench/floor/page/"


def test_page_is_shaped_like_the_scoring_form(client, committee_member, benchmark_on):
    client.force_login(committee_member)
    response = client.get("/bench/floor/page/")
    assert response.status_code == 200
    assert [template.name for template in response.templates[:2]] == ["bench/floor_form.html", "base.html"]
    html = response.content.decode()
    assert html.count('class="card mb-3 criterion"') == 8
    assert html.count('class="btn btn-outline-secondary btn-pick"') == 8 * 6
    assert 'name="advice"' in html and 'id="save-button"' in html
    assert int(response["X-Queries"]) > 0  # the session's and the user's


def test_quick_picks_are_the_scoring_forms():
    assert [row["picks"] for row in floor.scoring_rows()] == [
        quick_picks(Decimal(max_points)) for _, _, max_points in floor.CRITERIA
    ]


def test_query_answers_one_province_as_json_with_one_query(client, db, benchmark_on):
    response = client.get("/bench/floor/query/")
    assert response.status_code == 200
    assert response.json() == {"code": "34", "name_th": "อุบลราชธานี", "name_en": "Ubon Ratchathani"}
    assert response["X-Queries"] == "1"


def test_the_middleware_counts_each_requests_queries(rf, db):
    def three_queries(request):
        for _ in range(3):
            Province.objects.filter(pk="34").exists()
        return floor.constant(request)

    middleware = floor.QueryCountMiddleware(three_queries)
    Province.objects.count()  # outside a request: not counted
    assert middleware(rf.get("/"))["X-Queries"] == "3"
    assert middleware(rf.get("/"))["X-Queries"] == "3"  # each request counts from zero
    assert floor.QueryCountMiddleware(floor.constant)(rf.get("/"))["X-Queries"] == "0"
