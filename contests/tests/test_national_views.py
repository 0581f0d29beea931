"""The national round's set-up pages as national admins meet them: the list, creating a round from
CDD's template (a second one for the year and kind refused), editing it, its page, its awards, its
judging teams and judges; and who may open them (national admins only)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.core.exceptions import ValidationError
from django.urls import reverse

from contests import national_setup
from contests.enums import ContestState
from contests.models import Award, Contest, JudgingTeam, Juror, Scorecard
from contests.tests.factories import ContestFactory, EntryFactory
from contests.tests.setup_fixtures import client, messages_of, set_state, template  # noqa: F401 — fixtures
from kbo.accounts.tests.factories import UserFactory

BANGKOK = ZoneInfo("Asia/Bangkok")
ROUND_DATA = {
    "fiscal_year": "2565", "kind": "product",
    "submission_deadline_0": "15/07/2565", "submission_deadline_1": "16:30",
    "scoring_opens_at_0": "01/08/2565", "scoring_opens_at_1": "09:00",
    "scoring_closes_at_0": "03/08/2565", "scoring_closes_at_1": "17:00",
    "show_normalised": "on",
}
PAGES = [
    "national_list", "national_create", "national_detail", "national_update", "national_awards", "national_teams",
    "national_dashboard",
]


def new_round(fiscal_year=2565, kind="product"):
    return national_setup.create_national_round(Contest(
        fiscal_year=fiscal_year, kind=kind,
        submission_deadline=datetime.datetime(2022, 7, 15, 16, 30, tzinfo=BANGKOK),
        scoring_opens_at=datetime.datetime(2022, 8, 1, 9, 0, tzinfo=BANGKOK),
        scoring_closes_at=datetime.datetime(2022, 8, 3, 17, 0, tzinfo=BANGKOK),
    ))


@pytest.fixture
def national(geography, template):
    return new_round()


def url_of(name, contest):
    return reverse(f"contests:{name}", args=[] if name in ("national_list", "national_create") else [contest.pk])


def judge(username, first_name="วิชัย", last_name="ผู้ตัดสิน"):
    return UserFactory(username=username, first_name=first_name, last_name=last_name, is_national_judge=True)


# Who may open the pages

def test_every_page_is_for_national_admins_only(client, national, national_admin, ubon_officer):
    panel_member = UserFactory(username="member")
    national_judge = judge("judge")
    for name in PAGES:
        url = url_of(name, national)
        client.logout()
        response = client.get(url)
        assert (name, response.status_code, response.url) == (name, 302, f"{reverse('login')}?next={url}")
        for user in (ubon_officer, panel_member, national_judge):
            client.force_login(user)
            assert (name, user.username, client.get(url).status_code) == (name, user.username, 403)
            assert (name, user.username, client.post(url, {"action": "teams"}).status_code) == (
                name, user.username, 403
            )
        client.force_login(national_admin)
        assert (name, client.get(url).status_code) == (name, 200)
    assert national.teams.count() == 0 and Contest.objects.count() == 1


def test_a_provincial_contest_is_not_a_national_round(client, geography, national_admin):
    provincial = ContestFactory()
    client.force_login(national_admin)
    for name in PAGES[2:]:
        assert (name, client.get(url_of(name, provincial)).status_code) == (name, 404)


# The list

ROUNDS = [(2565, "product"), (2565, "network"), (2564, "product"), (2564, "network")]


@pytest.mark.parametrize("rounds", [1, 4])
def test_the_list_shows_each_round_in_a_constant_number_of_queries(
    client, geography, national_admin, django_assert_num_queries, rounds
):
    for fiscal_year, kind in ROUNDS[:rounds]:
        new_round(fiscal_year, kind)
    client.force_login(national_admin)
    with django_assert_num_queries(3):  # session, user, the rounds with their submissions counted
        response = client.get(reverse("contests:national_list"))
    listed = response.context["rounds"]
    expected = sorted(ROUNDS[:rounds], key=lambda row: (-row[0], row[1]))
    assert [(r.fiscal_year, r.kind, r.state, r.submission_count) for r in listed] == [
        (fiscal_year, kind, "draft", 0) for fiscal_year, kind in expected
    ]
    row = response.content.decode().split(f'id="round-{listed[0].pk}">')[1].split("</tr>")[0]
    assert [cell.split(">", 1)[1].split("<")[0] for cell in row.split("<td")[1:]] == [
        "", "Outstanding KBO network" if rounds > 1 else "Product innovation selection", "Draft",
        "07/15/2565 4:30 p.m.", "08/01/2565 9 a.m. – 08/03/2565 5 p.m.", "0", "",
    ]
    assert f'href="{listed[0].get_absolute_url()}">2565</a>' in row
    assert f'href="{reverse("contests:national_dashboard", args=[listed[0].pk])}"' in row


def test_the_navigation_shows_the_national_round_to_national_admins_only(
    client, geography, national_admin, ubon_officer
):
    link = f'href="{reverse("contests:national_list")}"'
    client.force_login(national_admin)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(ubon_officer)
    assert link not in client.get(reverse("home")).content.decode()


# Creating and editing

def test_create_a_national_round_from_the_published_template(client, template, national_admin, messages_of):
    client.force_login(national_admin)
    response = client.get(reverse("contests:national_create"), {"fiscal_year": "2565", "kind": "product"})
    assert response.context["starting_template"] == template
    assert "tie_break_criterion" not in response.context["form"].fields

    response = client.post(reverse("contests:national_create"), ROUND_DATA)
    national = Contest.objects.get()
    assert response.status_code == 302 and response.url == reverse("contests:national_detail", args=[national.pk])
    assert messages_of(response) == ["The national round is created in draft. Check its criteria and awards."]
    assert (national.level, national.network, national.state, national.fiscal_year, national.kind) == (
        "national", None, "draft", 2565, "product"
    )
    assert national.submission_deadline == datetime.datetime(2022, 7, 15, 16, 30, tzinfo=BANGKOK)
    assert national.scoring_opens_at == datetime.datetime(2022, 8, 1, 9, 0, tzinfo=BANGKOK)
    assert national.scoring_closes_at == datetime.datetime(2022, 8, 3, 17, 0, tzinfo=BANGKOK)
    assert national.show_normalised is True
    main = national.rounds.get()
    assert main.number == 1 and main.rubric != template and not main.rubric.is_template
    assert list(main.rubric.criteria.values_list("name_th", "max_points", "weight")) == [
        ("ความโดดเด่น", 30, 1), ("นวัตกรรม", 20, 2)
    ]
    assert national.jurors.count() == 0


def test_without_a_template_the_round_starts_with_no_criteria(client, geography, national_admin):
    client.force_login(national_admin)
    client.post(reverse("contests:national_create"), {**ROUND_DATA, "kind": "network"})
    national = Contest.objects.get()
    assert (national.kind, national.rounds.get().rubric.name, national.rounds.get().rubric.criteria.count()) == (
        "network", "Criteria, FY 2565", 0
    )


def test_a_second_round_of_the_year_and_kind_is_refused_beside_the_year(client, national, national_admin):
    ContestFactory(fiscal_year=2565, kind="product")  # a provincial contest of that year and kind is no obstacle
    client.force_login(national_admin)
    response = client.post(reverse("contests:national_create"), ROUND_DATA)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "fiscal_year": ["There is already a national round of this kind for that fiscal year."]
    }
    response = client.post(reverse("contests:national_create"), {**ROUND_DATA, "kind": "network"})
    assert response.status_code == 302
    assert Contest.objects.filter(level="national").count() == 2


def test_the_dates_must_follow_each_other(client, geography, national_admin):
    client.force_login(national_admin)
    response = client.post(reverse("contests:national_create"), {
        **ROUND_DATA, "submission_deadline_0": "", "submission_deadline_1": "",
        "scoring_closes_at_0": "01/08/2565", "scoring_closes_at_1": "08:00",
    })
    assert response.context["form"].errors == {
        "submission_deadline": ["This field is required."],
        "scoring_closes_at": ["Scoring must close after it opens."],
    }
    response = client.post(reverse("contests:national_create"), {**ROUND_DATA, "submission_deadline_0": "02/08/2565"})
    assert response.context["form"].errors == {"scoring_opens_at": ["Judging opens after the submission deadline."]}
    assert not Contest.objects.exists()


def test_edit_in_draft_then_only_dates_and_options_once_submissions_open(client, national, national_admin):
    criterion = national.rounds.get().rubric.criteria.get(position=2)
    client.force_login(national_admin)
    url = reverse("contests:national_update", args=[national.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["tie_break_criterion"].queryset) == list(national.rounds.get().rubric.criteria.all())
    assert not form.fields["fiscal_year"].disabled

    response = client.post(url, {**ROUND_DATA, "fiscal_year": "2566", "tie_break_criterion": criterion.pk})
    assert response.status_code == 302 and response.url == national.get_absolute_url()
    national.refresh_from_db()
    assert (national.fiscal_year, national.tie_break_criterion) == (2566, criterion)

    set_state(national, ContestState.ENTRIES_OPEN)
    assert client.get(url).context["form"].fields["kind"].disabled
    client.post(url, {
        **ROUND_DATA, "fiscal_year": "2570", "kind": "network", "submission_deadline_0": "20/07/2565",
        "scoring_closes_at_0": "05/08/2565", "tie_break_criterion": criterion.pk,
    })
    national.refresh_from_db()
    assert (national.fiscal_year, national.kind) == (2566, "product")  # fixed once submissions are open
    assert national.submission_deadline == datetime.datetime(2022, 7, 20, 16, 30, tzinfo=BANGKOK)
    assert national.scoring_closes_at == datetime.datetime(2022, 8, 5, 17, 0, tzinfo=BANGKOK)


def test_edit_is_refused_once_judging_has_opened(client, national, national_admin, messages_of):
    set_state(national, ContestState.SCORING_OPEN)
    client.force_login(national_admin)
    url = reverse("contests:national_update", args=[national.pk])
    response = client.post(url, {**ROUND_DATA, "show_normalised": ""})
    assert response.status_code == 302 and response.url == national.get_absolute_url()
    assert messages_of(response) == [
        "The round's dates and options are fixed once judging has opened; the end of the judging window can still move."
    ]
    national.refresh_from_db()
    assert national.show_normalised is False  # as created
    page = client.get(national.get_absolute_url()).content.decode()
    assert reverse("contests:scoring_end", args=[national.pk]) in page
    assert reverse("contests:national_update", args=[national.pk]) not in page


# The round's page

def test_the_page_offers_the_next_step_and_the_rounds_parts(client, national, national_admin):
    client.force_login(national_admin)
    response = client.get(national.get_absolute_url())
    main = national.rounds.get()
    assert [(step.label, step.url) for step in response.context["steps"]] == [
        ("Open submissions", reverse("contests:advance", args=[national.pk, "entries_open"]))
    ]
    page = response.content.decode()
    for name in ("national_awards", "national_teams", "national_dashboard", "national_update"):
        assert reverse(f"contests:{name}", args=[national.pk]) in page
    assert reverse("contests:round_criteria", args=[main.pk]) in page
    for name in ("award_assign", "certificates_pdf"):
        assert reverse(f"contests:{name}", args=[national.pk]) not in page
    assert reverse("contests:ranking", args=[main.pk]) not in page
    assert reverse("contests:public_results", args=[2565, "product"]) not in page
    assert [c.name_th for c in response.context["criteria"]] == ["ความโดดเด่น", "นวัตกรรม"]


def test_the_next_step_opens_submissions_and_comes_back_to_the_round(client, national, national_admin, messages_of):
    client.force_login(national_admin)
    response = client.post(reverse("contests:advance", args=[national.pk, "entries_open"]), {"note": ""})
    assert response.status_code == 302 and response.url == national.get_absolute_url()
    assert messages_of(response) == ["Done: Open submissions. The contest is now “Entries open”."]
    national.refresh_from_db()
    assert national.state == "entries_open"
    assert [step.label for step in client.get(national.get_absolute_url()).context["steps"]] == [
        "Back to draft", "Open judging"
    ]


def test_after_judging_the_page_leads_to_ranking_awards_certificates_and_results(client, national, national_admin):
    main = national.rounds.get()
    client.force_login(national_admin)
    set_state(national, ContestState.SCORING_CLOSED)
    response = client.get(national.get_absolute_url())
    page = response.content.decode()
    assert [step.label for step in response.context["steps"]] == ["Reopen judging", "Publish the results"]
    assert reverse("contests:ranking", args=[main.pk]) in page
    assert reverse("contests:award_assign", args=[national.pk]) in page
    assert reverse("contests:public_results", args=[2565, "product"]) not in page
    set_state(national, ContestState.PUBLISHED)
    page = client.get(national.get_absolute_url()).content.decode()
    assert reverse("contests:certificates_pdf", args=[national.pk]) in page
    assert reverse("contests:public_results", args=[2565, "product"]) in page
    assert reverse("contests:award_assign", args=[national.pk]) not in page
    assert reverse("contests:national_awards", args=[national.pk]) not in page


def test_the_page_lists_the_submissions_with_links(client, national, national_admin):
    from contests.models import Submission

    provincial = ContestFactory(state=ContestState.SUBMITTED)
    entry = EntryFactory(contest=provincial, winner_position=1)
    submission = Submission.objects.create(
        national=national, provincial=provincial, province_id="34", entry=entry, innovation="ย้อมสีธรรมชาติ",
        identity="ลายผ้าอุบล", state="submitted", late=True,
        submitted_at=datetime.datetime(2022, 7, 16, 10, 0, tzinfo=BANGKOK),
    )
    client.force_login(national_admin)
    response = client.get(national.get_absolute_url())
    assert list(response.context["submissions"]) == [submission]
    page = response.content.decode()
    assert reverse("contests:submission_detail", args=[submission.pk]) in page
    assert str(entry) in page


# Awards

def award_data(rows, existing=0):
    data = {"awards-TOTAL_FORMS": str(len(rows)), "awards-INITIAL_FORMS": str(existing)}
    for index, row in enumerate(rows):
        data.update({f"awards-{index}-{key}": value for key, value in row.items()})
    return data


def test_awards_offer_the_defaults_and_save_them_as_shown(client, national, national_admin, messages_of):
    client.force_login(national_admin)
    url = reverse("contests:national_awards", args=[national.pk])
    formset = client.get(url).context["form"]
    shown = [{k: form[k].value() for k in ("position", "name_th", "name_en", "count")} for form in formset]
    assert shown == [
        {"position": 1, "name_th": "เหรียญทอง", "name_en": "Gold", "count": 1},
        {"position": 2, "name_th": "เหรียญเงิน", "name_en": "Silver", "count": 1},
        {"position": 3, "name_th": "เหรียญทองแดง", "name_en": "Bronze", "count": 1},
        {"position": 4, "name_th": "รางวัลชมเชย", "name_en": "Honourable mention", "count": 3},
    ]
    response = client.post(url, award_data(shown))
    assert response.status_code == 302 and response.url == national.get_absolute_url() + "#awards"
    assert messages_of(response) == ["The awards are saved."]
    assert list(national.awards.values_list("position", "name_th", "name_en", "count")) == [
        (1, "เหรียญทอง", "Gold", 1), (2, "เหรียญเงิน", "Silver", 1), (3, "เหรียญทองแดง", "Bronze", 1),
        (4, "รางวัลชมเชย", "Honourable mention", 3),
    ]
    formset = client.get(url).context["form"]
    assert [form.instance.name_en for form in formset] == ["Gold", "Silver", "Bronze", "Honourable mention", ""]
    assert formset.forms[-1]["position"].value() == 5


def test_awards_are_changed_and_deleted_until_published(client, national, national_admin, messages_of):
    gold = Award.objects.create(contest=national, position=1, name_th="เหรียญทอง", name_en="Gold")
    mention = Award.objects.create(contest=national, position=2, name_th="รางวัลชมเชย", count=3)
    rows = [
        {"id": gold.pk, "position": "1", "name_th": "เหรียญทอง", "name_en": "Gold", "count": "2"},
        {"id": mention.pk, "position": "2", "name_th": "รางวัลชมเชย", "name_en": "", "count": "3", "DELETE": "on"},
        {"position": "3", "name_th": "", "name_en": "", "count": "1"},  # the blank row, as shown
    ]
    client.force_login(national_admin)
    url = reverse("contests:national_awards", args=[national.pk])
    # Two rows in one place are refused.
    response = client.post(url, award_data([rows[0], {**rows[1], "DELETE": "", "position": "1"}, rows[2]], existing=2))
    assert response.status_code == 200
    assert response.context["form"].errors == [
        {}, {"position": ["Award with this National round and Order already exists."]}, {}
    ]
    assert messages_of(client.post(url, award_data(rows, existing=2))) == ["The awards are saved."]
    assert list(national.awards.values_list("name_th", "count")) == [("เหรียญทอง", 2)]
    set_state(national, ContestState.PUBLISHED)
    response = client.get(url)
    assert response.status_code == 302 and response.url == national.get_absolute_url()
    assert messages_of(response) == ["The awards are fixed once the results are published."]


def test_an_award_already_given_cannot_be_deleted(client, national, national_admin):
    gold = Award.objects.create(contest=national, position=1, name_th="เหรียญทอง", name_en="Gold")
    EntryFactory(contest=national, award=gold)
    client.force_login(national_admin)
    response = client.post(reverse("contests:national_awards", args=[national.pk]), award_data(
        [{"id": gold.pk, "position": "1", "name_th": "เหรียญทอง", "name_en": "Gold", "count": "1", "DELETE": "on"}],
        existing=1,
    ))
    assert response.context["form"].non_form_errors() == ["“Gold” is already given to an entry: it cannot be deleted."]
    assert national.awards.count() == 1


# Teams and judges

def team_data(rows, existing=0):
    data = {"action": "teams", "teams-TOTAL_FORMS": str(len(rows)), "teams-INITIAL_FORMS": str(existing)}
    for index, row in enumerate(rows):
        data.update({f"teams-{index}-{key}": value for key, value in row.items()})
    return data


def test_teams_are_saved_with_their_regions(client, national, national_admin, messages_of):
    client.force_login(national_admin)
    url = reverse("contests:national_teams", args=[national.pk])
    response = client.get(url)
    assert [form.prefix for form in response.context["teams"]] == ["teams-0"]
    assert "Save a team first: every judge belongs to a team." in response.content.decode()
    response = client.post(url, team_data([{"name": "ภาคเหนือและอีสาน", "regions": ["northeast", "north"]}]))
    assert response.status_code == 302 and response.url == url
    assert messages_of(response) == ["The teams are saved."]
    north = national.teams.get()
    response = client.post(url, team_data(
        [{"id": north.pk, "name": "ภาคเหนือและอีสาน", "regions": ["north", "northeast"]},
         {"name": "ภาคกลางและใต้", "regions": ["south", "central"]}],
        existing=1,
    ))
    assert list(national.teams.order_by("pk").values_list("name", "regions")) == [
        ("ภาคเหนือและอีสาน", ["north", "northeast"]), ("ภาคกลางและใต้", ["central", "south"])
    ]
    response = client.post(url, team_data([{"name": "ภาคกลางและใต้", "regions": []}]))
    assert response.status_code == 200
    assert response.context["teams"].errors == [
        {"name": ["Judging team with this National round and Name already exists."]}
    ]
    page = client.get(national.get_absolute_url()).content.decode()
    assert "North, Northeast" in page and "Central, South" in page


def test_judges_are_added_from_the_national_judges_moved_and_removed(client, national, national_admin, messages_of):
    north = JudgingTeam.objects.create(contest=national, name="ภาคเหนือ", regions=["north"])
    south = JudgingTeam.objects.create(contest=national, name="ภาคใต้", regions=["south"])
    somchai = judge("somchai", "สมชาย", "ใจดี")
    nameless = judge("nameless", "", "")
    UserFactory(username="not_a_judge")
    UserFactory(username="inactive", is_national_judge=True, is_active=False)
    client.force_login(national_admin)
    url = reverse("contests:national_teams", args=[national.pk])
    form = client.get(url).context["add"]
    assert [choice[1] for choice in form.fields["user"].choices][1:] == ["nameless", "สมชาย ใจดี (somchai)"]
    assert list(form.fields["team"].queryset) == [north, south]

    response = client.post(url, {"action": "add", "add-user": somchai.pk, "add-team": north.pk})
    assert messages_of(response) == ["สมชาย ใจดี judges in ภาคเหนือ."]
    client.post(url, {"action": "add", "add-user": nameless.pk, "add-team": south.pk})
    assert list(national.jurors.values_list("user__username", "name", "team__name", "seat", "member")) == [
        ("somchai", "สมชาย ใจดี", "ภาคเหนือ", 1, None), ("nameless", "nameless", "ภาคใต้", 2, None)
    ]
    form = client.get(url).context["add"]
    assert list(form.fields["user"].queryset) == []
    response = client.post(url, {"action": "add", "add-user": somchai.pk, "add-team": north.pk})
    assert response.status_code == 200
    assert response.context["add"].errors == {
        "user": ["Select a valid choice. That choice is not one of the available choices."]
    }

    somchai_seat = national.jurors.get(user=somchai)
    response = client.post(url, {"action": "move", "juror": somchai_seat.pk, "team": south.pk})
    assert messages_of(response) == ["สมชาย ใจดี now judges in ภาคใต้."]
    assert national.jurors.get(user=somchai).team == south

    response = client.post(url, {"action": "remove", "juror": somchai_seat.pk})
    assert messages_of(response) == ["สมชาย ใจดี is no longer on this round."]
    assert list(national.jurors.values_list("user__username", flat=True)) == ["nameless"]


def test_a_judge_who_has_scored_stays_on_the_round(client, national, national_admin, messages_of):
    team = JudgingTeam.objects.create(contest=national, name="ทุกภาค")
    juror = national_setup.add_judge(national, judge("somchai", "สมชาย", "ใจดี"), team)
    Scorecard.objects.create(round=national.rounds.get(), entry=EntryFactory(contest=national), juror=juror)
    set_state(national, ContestState.SCORING_OPEN)
    client.force_login(national_admin)
    url = reverse("contests:national_teams", args=[national.pk])
    response = client.get(url)
    assert [judge.scorecard_count for judge in response.context["judges"]] == [1]
    assert "Has scored: stays on the round" in response.content.decode()
    response = client.post(url, {"action": "remove", "juror": juror.pk})
    assert messages_of(response) == ["สมชาย ใจดี has already scored: a judge with scorecards stays on the round."]
    assert Juror.objects.filter(pk=juror.pk).exists()
    response = client.post(url, team_data([{"id": team.pk, "name": "ทุกภาค", "DELETE": "on"}], existing=1))
    assert response.context["teams"].non_form_errors() == [
        "Move the judges of “ทุกภาค” to another team before deleting it."
    ]


def test_only_national_judges_and_the_rounds_own_teams_are_accepted(national):
    team = JudgingTeam.objects.create(contest=national, name="ทุกภาค")
    other = JudgingTeam.objects.create(contest=new_round(kind="network"), name="ทุกภาค")
    with translation.override("en"), pytest.raises(ValidationError, match="is not a national judge"):
        national_setup.add_judge(national, UserFactory(username="officer"), team)
    with translation.override("en"), pytest.raises(ValidationError, match="Choose one of this round's teams"):
        national_setup.add_judge(national, judge("somchai"), other)
    juror = national_setup.add_judge(national, judge("somchai"), team)
    with translation.override("en"), pytest.raises(ValidationError, match="already judges in this round"):
        national_setup.add_judge(national, juror.user, team)
    with translation.override("en"), pytest.raises(ValidationError, match="Choose one of this round's teams"):
        national_setup.move_judge(juror, other)


def test_teams_and_judges_are_fixed_once_judging_has_closed(client, national, national_admin, messages_of):
    team = JudgingTeam.objects.create(contest=national, name="ทุกภาค")
    somchai = judge("somchai")
    client.force_login(national_admin)
    url = reverse("contests:national_teams", args=[national.pk])
    set_state(national, ContestState.SCORING_OPEN)  # a judge may still join
    response = client.post(url, {"action": "add", "add-user": somchai.pk, "add-team": team.pk})
    assert messages_of(response) == ["วิชัย ผู้ตัดสิน judges in ทุกภาค."]
    set_state(national, ContestState.SCORING_CLOSED)
    response = client.post(url, {"action": "remove", "juror": national.jurors.get().pk})
    assert response.status_code == 302 and response.url == national.get_absolute_url()
    assert messages_of(response) == ["Teams and judges are fixed once judging has closed."]
    assert national.jurors.count() == 1
    page = client.get(national.get_absolute_url()).content.decode()
    assert reverse("contests:national_teams", args=[national.pk]) not in page


def test_the_round_is_not_an_officers_contest(client, national, ubon_officer):
    client.force_login(ubon_officer)
    assert client.get(reverse("contests:contest_detail", args=[national.pk])).status_code == 404
