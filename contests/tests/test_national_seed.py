"""seed_national's data: the shape the benchmark relies on, built once however often it runs."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from contests.enums import ContestLevel, ContestState, ScorecardStatus
from contests.models import Contest, Juror, Score, Scorecard, Submission
from contests.national_seed import BENCH_MEMBER, BENCH_PROVINCE, NationalSeed, bench_pages, years
from contests.reminders.models import Reminder

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


@pytest.fixture
def seeded(geography):
    NationalSeed(provinces=["34", "24"], groups=2, members=3).run()


def test_two_provinces_five_years_fully_scored(seeded):
    assert Contest.objects.filter(level=ContestLevel.PROVINCIAL).count() == 10
    assert sorted(Contest.objects.national().values_list("fiscal_year", flat=True)) == years()
    # 10 contests × 2 entries × 3 members, less the benchmark member's 2 (Ubon's current contest is
    # open for them); the national judges of each region score its entry in the 4 past rounds.
    assert Scorecard.objects.filter(round__contest__level=ContestLevel.PROVINCIAL).count() == 58
    assert Scorecard.objects.filter(round__contest__level=ContestLevel.NATIONAL).count() == 4 * 2 * 3
    assert Score.objects.count() == 8 * Scorecard.objects.count()
    assert set(Scorecard.objects.values_list("status", flat=True)) == {ScorecardStatus.SUBMITTED}
    for card in Scorecard.objects.prefetch_related("scores")[:20]:
        assert card.total == sum(score.points for score in card.scores.all())
    assert Submission.objects.count() == 4 * 2 + 1  # this year, Chachoengsao (even code) has sent its dossier


def test_the_benchmark_contest_is_open_and_the_member_has_scored_nothing(seeded):
    current = Contest.objects.get(network__province=BENCH_PROVINCE, fiscal_year=years()[-1])
    assert current.state == ContestState.SCORING_OPEN
    member = Juror.objects.get(contest=current, user__username=BENCH_MEMBER)
    assert not member.scorecards.exists()
    assert Contest.objects.national().get(fiscal_year=years()[-1]).state == ContestState.ENTRIES_OPEN
    assert Reminder.objects.filter(state="pending").exists()  # the open contest's and the deadline's


def test_a_second_run_adds_nothing(seeded):
    before = row_counts()
    NationalSeed(provinces=["34", "24"], groups=2, members=3).run()
    assert row_counts() == before


def test_bench_pages_name_ten_pages_as_their_personas(seeded):
    pages = bench_pages()
    assert [page.name for page in pages] == [
        "scoring_form", "scorecard_post", "progress_board", "province_ranking", "national_dashboard",
        "national_ranking", "group_list", "score_sheet_pdf", "province_excel", "national_excel",
    ]
    assert {page.username for page in pages} == {"bench-admin", "bench-officer", "bench-member"}


def test_the_command_refuses_without_debug(geography, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_national", "--scale", "0.1")
