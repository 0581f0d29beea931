"""`manage.py seed_demo`: the products demo and then the contests demo, twice, with the second run
changing nothing. Seeding plays 590 scorecards through the engine, so the module seeds once, in a
transaction that is rolled back after its last test."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.test import RequestFactory, override_settings
from django.utils import timezone

from contests import scoring
from contests.demo import CRITERIA, ENTRIES_2566, SCORING_DAYS_2566
from contests.enums import ContestKind, ContestState, EventAction, ScorecardStatus, SubmissionState
from contests.models import Conflict, Contest, ContestEvent, Rubric, Score, Scorecard, ScorecardRevision
from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from kbo.geography.loading import load_geography
from kbo.geography.models import Province
from networks.enums import CommitteeRole
from networks.models import CommitteeMember
from products.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

JURORS, ENTRIES, CONFLICTS = 27, 20, 2


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def recorded_values():
    """What the engine wrote, beyond the number of rows."""
    return (
        sorted(Score.objects.values_list("scorecard_id", "criterion_id", "points")),
        list(ContestEvent.objects.values_list("pk", "action", "at")),
        list(Contest.objects.order_by("pk").values_list("state", "scoring_opens_at", "now_presenting")),
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Runs the command twice and returns (first output, second output, counts after each run)."""
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the suite's own settings
    with django_db_blocker.unblock(), transaction.atomic(), override_settings(DEBUG=True, PASSWORD_HASHERS=fast_hasher):
        if not Province.objects.exists():  # flushed by a transactional test
            load_geography()
        first_output, second_output = io.StringIO(), io.StringIO()
        call_command("seed_demo", stdout=first_output)
        after_first = (row_counts(), recorded_values())
        call_command("seed_demo", stdout=second_output)
        after_second = (row_counts(), recorded_values())
        yield first_output.getvalue(), second_output.getvalue(), after_first, after_second
        transaction.set_rollback(True)


@pytest.fixture
def finished(seeded):
    return Contest.objects.get(network__province_id="34", fiscal_year=2565, kind=ContestKind.PRODUCT)


@pytest.fixture
def open_contest(seeded):
    return Contest.objects.get(network__province_id="34", fiscal_year=2566, kind=ContestKind.PRODUCT)


def test_a_second_run_adds_nothing_and_changes_no_score(seeded):
    _first, _second, after_first, after_second = seeded
    assert after_second == after_first
    # Ubon 2565 and 2566, two more provinces' 2565, the 2565 national round and the 2566 one (the calendar)
    assert after_first[0]["contests.Contest"] == 6


def test_output_lists_counts_contests_and_logins(seeded):
    first, second, _after_first, _after_second = seeded
    for output in (first, second):
        assert output.startswith("Demo data ready: 4 KBO networks, 73 committee members, ")
        assert "6 contests, 37 contest entries, 626 scorecards, " in output
        finished = Contest.objects.get(network__province_id="34", fiscal_year=2565)  # names in the default language
        open_contest = Contest.objects.get(network__province_id="34", fiscal_year=2566)
        assert f"Finished: {finished} ({finished.get_state_display()})\n" in output
        assert output.split("Open for scoring until ")[1].split("\n")[0].endswith(f": {open_contest}")
        assert [line.split()[-2:] for line in output.splitlines()[-4:]] == [
            [username, DEMO_PASSWORD] for username in ("admin", "ubon", "chachoengsao", "member")
        ]


def test_national_templates_for_both_years(seeded):
    templates = Rubric.objects.filter(is_template=True, published=True, kind=ContestKind.PRODUCT)
    assert sorted(templates.values_list("fiscal_year", flat=True)) == [2565, 2566]
    for template in templates:
        criteria = list(template.criteria.values_list("position", "name_th", "name_en", "max_points", "independent"))
        assert criteria == [
            (position, name_th, name_en, max_points, independent)
            for position, (name_th, name_en, _description, max_points, independent) in enumerate(CRITERIA, start=1)
        ]
        assert template.max_total == 100
        assert template.criteria.filter(independent=True).get().name_en == "Presentation"
        assert all(template.criteria.values_list("description", flat=True))


def test_the_fy_2565_contest_is_played_to_one_winner(finished):
    assert finished.state == ContestState.SUBMITTED  # and its winner went on to the national round
    assert finished.jurors.count() == JURORS
    assert finished.jurors.filter(user__isnull=True).count() == 0
    assert finished.entries.count() == ENTRIES
    assert sorted(finished.entries.values_list("presentation_order", flat=True)) == list(range(1, ENTRIES + 1))
    rubric = finished.rounds.get().rubric
    assert not rubric.is_template and rubric.max_total == 100
    assert finished.tie_break_criterion == rubric.criteria.get(name_en="Innovation")
    assert list(Conflict.objects.filter(entry__contest=finished).order_by("juror__seat").values_list(
        "juror__seat", "entry__group__otop_registration_number"
    )) == [(17, "3401-00152"), (22, "3401-00187")]


def test_every_member_without_a_conflict_submitted_every_scorecard(finished):
    scorecards = Scorecard.objects.filter(entry__contest=finished)
    expected = JURORS * ENTRIES - CONFLICTS
    assert scorecards.count() == scorecards.filter(status=ScorecardStatus.SUBMITTED).count() == expected
    assert ScorecardRevision.objects.filter(scorecard__entry__contest=finished).count() == expected
    assert not scorecards.filter(advice="").exists()
    conflicted = Conflict.objects.filter(juror=OuterRef("juror"), entry=OuterRef("entry"))
    assert not scorecards.filter(Exists(conflicted)).exists()
    assert scoring.missing_scorecards(finished.rounds.get()) == 0
    window = (finished.scoring_opens_at, finished.scoring_closes_at)
    assert all(window[0] <= at <= window[1] for at in scorecards.values_list("submitted_at", flat=True))


def test_the_shortlist_and_the_winner_are_the_top_of_the_ranking(finished):
    ranking = scoring.ranking(finished.rounds.get())
    assert not any(result.tied for result in ranking.results)
    top = [result.entry.pk for result in ranking.results[: finished.shortlist_size]]
    assert sorted(finished.entries.filter(shortlisted=True).values_list("pk", flat=True)) == sorted(top)
    assert list(finished.entries.filter(winner_position__isnull=False).values_list("pk", "winner_position")) == [
        (top[0], 1)
    ]
    assert ranking.results[0].entry.group.otop_registration_number == "3401-00176"
    assert ranking.results[0].score == max(result.score for result in ranking.results)


def test_the_fy_2565_audit_trail(finished):
    events = list(finished.events.values_list("action", "from_state", "to_state", "by__username"))
    T, S = EventAction, ContestState
    assert events == [
        (T.TRANSITION, S.DRAFT, S.ENTRIES_OPEN, "ubon"),
        (T.ORDER_DRAWN, "", "", "ubon"),
        (T.CONFLICT, "", "", "ubon"),
        (T.CONFLICT, "", "", "ubon"),
        (T.TRANSITION, S.ENTRIES_OPEN, S.SCORING_OPEN, "ubon"),
        (T.TRANSITION, S.SCORING_OPEN, S.SCORING_CLOSED, "ubon"),
        (T.SHORTLIST, S.SCORING_CLOSED, S.SHORTLISTED, "ubon"),
        (T.SELECTION, S.SHORTLISTED, S.WINNER_SELECTED, "ubon"),
        (T.SUBMISSION, "", "", "ubon"),  # the dossier prepared
        (T.SUBMISSION, S.WINNER_SELECTED, S.SUBMITTED, "ubon"),
    ]


def test_the_fy_2565_national_round_is_published_with_three_provinces(finished):
    national_round = Contest.objects.get(network=None, fiscal_year=2565)
    assert national_round.state == ContestState.PUBLISHED
    submitted = national_round.submissions.filter(state=SubmissionState.SUBMITTED)
    assert sorted(submitted.values_list("province_id", flat=True)) == ["34", "50", "90"]
    assert national_round.entries.filter(award__isnull=False).count() == 3
    assert sorted(national_round.teams.values_list("name", flat=True)) == [
        "ทีมภาคตะวันออกเฉียงเหนือและภาคใต้", "ทีมภาคเหนือและภาคกลาง",
    ]


def test_the_fy_2566_contest_is_open_for_the_member_to_score(open_contest):
    now = timezone.now()
    assert open_contest.state == ContestState.SCORING_OPEN
    assert open_contest.scoring_opens_at <= now < open_contest.scoring_closes_at
    left = open_contest.scoring_closes_at - now
    assert timedelta(days=SCORING_DAYS_2566 - 1) < left <= timedelta(days=SCORING_DAYS_2566)
    assert open_contest.jurors.count() == JURORS
    seat = open_contest.jurors.get(user__username="member")
    assert (seat.seat, seat.role) == (10, CommitteeRole.MEMBER)
    entries = list(open_contest.entries.order_by("presentation_order"))
    assert sorted(e.group.otop_registration_number for e in entries) == sorted(ENTRIES_2566)
    assert all(entry.outside_cohort_reason for entry in entries)
    assert open_contest.now_presenting == entries[2]
    submitted = Scorecard.objects.filter(entry__contest=open_contest, status=ScorecardStatus.SUBMITTED)
    assert submitted.count() == 2 * (JURORS - 1)
    assert not submitted.filter(juror=seat).exists()
    assert list(Conflict.objects.filter(entry__contest=open_contest).values_list("juror__seat", flat=True)) == [23]


def test_the_demo_member_can_log_in_and_score_now(open_contest, settings):
    settings.DEBUG = True  # as under `make run`: with DEBUG off demo accounts are refused (kbo/accounts)
    member = authenticate(RequestFactory().post("/accounts/login/"), username="member", password=DEMO_PASSWORD)
    entry = open_contest.entries.get(presentation_order=1)
    criterion = open_contest.rounds.get().rubric.criteria.get(position=1)
    scorecard = scoring.save_scorecard(member, entry.pk, {str(criterion.pk): "17.5"}, "สีสันสวยงาม")
    assert (scorecard.status, scorecard.total) == (ScorecardStatus.DRAFT, Decimal("17.50"))
    assert CommitteeMember.objects.filter(user=member).count() == 2  # FY 2565 and its copy for FY 2566


def test_the_other_members_accounts_cannot_log_in(finished):
    accounts = [juror.user for juror in finished.jurors.exclude(user__username="member").select_related("user")]
    assert len(accounts) == JURORS - 1
    assert not any(user.has_usable_password() for user in accounts)


def test_refuses_when_debug_is_off(geography, settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="Refusing to create demo accounts with known passwords while DEBUG is off."):
        call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before


def test_the_fy_2566_national_round_is_the_calendar_reminders_are_planned_from(seeded, open_contest):
    national = Contest.objects.national().get(fiscal_year=2566)
    assert national.state == ContestState.ENTRIES_OPEN
    closes = open_contest.scoring_closes_at
    assert national.submission_deadline == (closes + timedelta(days=14)).replace(second=0, microsecond=0)
    pending = Reminder.objects.filter(state=State.PENDING)
    members_behind = open_contest.jurors.count()  # nobody has submitted a scorecard yet
    assert pending.filter(kind=Kind.SCORING_48H, contest=open_contest).count() == members_behind
    assert pending.filter(kind=Kind.SCORING_2H, contest=open_contest).count() == members_behind
    officers = set(pending.filter(kind=Kind.DEADLINE_7D).values_list("user__username", flat=True))
    assert {"ubon", "chachoengsao"} <= officers
    assert pending.filter(kind=Kind.DEADLINE_MISSED, user__username="admin", province=None).count() == 1
