"""The contests in the Django admin: templates for national admins, contests scoped to provinces
with a read-only state, and the scoring records read-only."""

import datetime

import pytest
from django.urls import reverse

from contests import scoring
from contests.enums import ContestState
from contests.models import Contest, Rubric
from contests.tests.factories import CriterionFactory, RubricFactory, contest_with_panel

pytestmark = pytest.mark.permissions

CHANGELISTS = ["rubric", "contest", "scorecard", "scorecardrevision", "contestevent"]


@pytest.fixture
def client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def scored(geography):
    """An Ubon contest whose scoring has closed, with a submitted scorecard and a history row."""
    contest = contest_with_panel(members=1, entries=1)
    criterion = contest.rounds.get().rubric.criteria.get()
    juror = contest.jurors.get()
    scoring.save_scorecard(juror.user, contest.entries.get().pk, {str(criterion.pk): "15"}, submit=True)
    scoring.unlock(contest.entries.get().scorecards.get().pk, by=juror.user, reason="พิมพ์ผิด")
    Contest.objects.filter(pk=contest.pk).update(state=ContestState.SCORING_CLOSED)
    return contest


def changelist(client, model):
    return client.get(reverse(f"admin:contests_{model}_changelist"))


def test_national_admin_opens_every_changelist(client, scored, national_admin):
    template = RubricFactory(name="เกณฑ์กลาง 2565", is_template=True, published=True)
    CriterionFactory(rubric=template)
    client.force_login(national_admin)
    counts = {}
    for model in CHANGELISTS:
        response = changelist(client, model)
        assert response.status_code == 200, model
        counts[model] = response.context["cl"].result_count
    assert counts == {"rubric": 1, "contest": 1, "scorecard": 1, "scorecardrevision": 2, "contestevent": 1}
    assert client.get(reverse("admin:contests_rubric_change", args=[template.pk])).status_code == 200
    card = scored.entries.get().scorecards.get()
    assert client.get(reverse("admin:contests_scorecard_change", args=[card.pk])).status_code == 200


def test_only_templates_are_listed_and_a_new_rubric_is_a_template(client, scored, national_admin):
    client.force_login(national_admin)
    assert list(changelist(client, "rubric").context["cl"].result_list) == []  # the contest's own copy is not listed
    response = client.post(reverse("admin:contests_rubric_add"), {
        "name": "เกณฑ์กลาง 2566", "fiscal_year": "2566", "kind": "product", "published": "on",
        "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "0",
        "criteria-0-position": "1", "criteria-0-name_th": "นวัตกรรม", "criteria-0-max_points": "20",
        "criteria-0-weight": "1",
    })
    assert response.status_code == 302
    template = Rubric.objects.get(fiscal_year=2566)
    assert (template.is_template, template.published, template.criteria.get().name_th) == (True, True, "นวัตกรรม")
    response = client.post(reverse("admin:contests_rubric_add"), {
        "name": "ซ้ำ", "fiscal_year": "2566", "kind": "product",
        "criteria-TOTAL_FORMS": "0", "criteria-INITIAL_FORMS": "0",
    })
    assert response.context["adminform"].form.errors == {
        "fiscal_year": ["There is already a national template for this fiscal year and kind."]
    }
    assert Rubric.objects.filter(is_template=True).count() == 1


def test_an_officer_cannot_open_the_rubric_templates(client, scored, ubon_officer):
    template = RubricFactory(is_template=True, published=True)
    client.force_login(ubon_officer)
    assert changelist(client, "rubric").status_code == 403
    assert client.get(reverse("admin:contests_rubric_change", args=[template.pk])).status_code == 403
    assert client.post(reverse("admin:contests_rubric_delete", args=[template.pk]), {"post": "yes"}).status_code == 403
    models = [m["object_name"] for app in client.get(reverse("admin:index")).context["app_list"] for m in app["models"]]
    assert "Rubric" not in models and "Contest" in models
    assert Rubric.objects.filter(pk=template.pk).exists()


def test_officers_see_only_their_provinces_contests(client, scored, ubon_officer, chachoengsao_officer):
    client.force_login(chachoengsao_officer)
    for model in CHANGELISTS[1:]:
        assert changelist(client, model).context["cl"].result_count == 0, model
    response = client.get(reverse("admin:contests_contest_change", args=[scored.pk]))
    assert response.status_code == 302 and response.url == reverse("admin:index")
    client.force_login(ubon_officer)
    assert changelist(client, "contest").context["cl"].result_count == 1


def admin_contest_data(contest, **changes):
    return {
        "network": contest.network_id, "fiscal_year": "2565", "kind": "product", "meeting_date": "15/06/2565",
        "venue": "ศาลากลาง", "scoring_opens_at_0": "15/06/2565", "scoring_opens_at_1": "09:00",
        "scoring_closes_at_0": "15/06/2565", "scoring_closes_at_1": "17:00", "winners_quota": "1",
        "shortlist_size": "3", "aggregate": "mean", "tie_break": "chair", "quorum_percent": "50",
        "disagreement_percent": "10", **changes,
    }


def test_the_state_is_not_editable(client, geography, national_admin):
    contest = contest_with_panel(members=1, entries=1, state=ContestState.DRAFT)
    client.force_login(national_admin)
    url = reverse("admin:contests_contest_change", args=[contest.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    assert "state" not in form.fields
    assert list(form.fields["tie_break_criterion"].queryset) == list(contest.rounds.get().rubric.criteria.all())
    assert "Draft" in response.content.decode()
    response = client.post(url, admin_contest_data(contest, state="submitted", winners_quota="2"))
    assert response.status_code == 302
    contest.refresh_from_db()
    assert (contest.state, contest.winners_quota) == ("draft", 2)
    assert contest.scoring_opens_at == datetime.datetime(2022, 6, 15, 2, 0, tzinfo=datetime.UTC)  # 09:00 in Bangkok
    assert client.get(reverse("admin:contests_contest_add")).status_code == 403


def test_rules_are_read_only_once_scoring_has_opened(client, scored, national_admin):
    client.force_login(national_admin)
    url = reverse("admin:contests_contest_change", args=[scored.pk])
    assert client.get(url).status_code == 200  # view only
    assert client.post(url, admin_contest_data(scored, winners_quota="2")).status_code == 403
    assert client.post(reverse("admin:contests_contest_delete", args=[scored.pk]), {"post": "yes"}).status_code == 403
    scored.refresh_from_db()
    assert scored.winners_quota == 1


def test_scoring_records_are_read_only_and_hidden_while_scoring_is_open(client, scored, national_admin):
    card = scored.entries.get().scorecards.get()
    client.force_login(national_admin)
    for model in ("scorecard", "scorecardrevision", "contestevent"):
        assert client.get(reverse(f"admin:contests_{model}_add")).status_code == 403
    assert client.post(reverse("admin:contests_scorecard_delete", args=[card.pk]), {"post": "yes"}).status_code == 403
    Contest.objects.filter(pk=scored.pk).update(state=ContestState.SCORING_OPEN)
    assert changelist(client, "scorecard").context["cl"].result_count == 0
    assert changelist(client, "scorecardrevision").context["cl"].result_count == 0
