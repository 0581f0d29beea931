"""The officer's contest set-up as each persona meets it: creating, editing and copying a contest,
its criteria, its page, the workflow steps, the list, and who may open what. Entries, their order,
the panel and conflicts are in test_setup_entries.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contests import services, workflow
from contests.enums import ContestState, EventAction
from contests.models import Contest, ContestEvent, Entry, Round
from contests.tests.factories import CriterionFactory, EntryFactory, RubricFactory, contest_with_panel
from contests.tests.setup_fixtures import (  # noqa: F401 — fixtures
    chair, client, contest, criteria_of, messages_of, set_state, template,
)
from kbo.accounts.tests.factories import UserFactory
from networks.tests.factories import CommitteeMemberFactory, NetworkFactory

BANGKOK = ZoneInfo("Asia/Bangkok")


# Creating, editing, copying

CONTEST_DATA = {
    "fiscal_year": "2565", "kind": "product", "entry_deadline": "31/05/2565", "meeting_date": "15/06/2565",
    "venue": "ห้องประชุมศาลากลางจังหวัดอุบลราชธานี", "scoring_opens_at_0": "15/06/2565", "scoring_opens_at_1": "09:00",
    "scoring_closes_at_0": "15/06/2565", "scoring_closes_at_1": "16:30", "winners_quota": "1", "shortlist_size": "3",
    "aggregate": "mean", "tie_break": "criterion", "quorum_percent": "50", "disagreement_percent": "10",
}


def test_create_a_contest_from_the_published_template(
    client, ubon_committee, committee_member, chair, template, ubon_officer, messages_of
):
    client.force_login(ubon_officer)
    response = client.get(reverse("contests:contest_create"))
    form = response.context["form"]
    assert form["network"].value() == ubon_committee.network.pk
    assert form["fiscal_year"].value() in (2569, 2570)  # the current fiscal year
    assert "tie_break_criterion" not in form.fields
    # The note follows the year and kind chosen (htmx asks the same page and takes the note).
    response = client.get(reverse("contests:contest_create"), {"fiscal_year": "2565", "kind": "product"})
    assert response.context["starting_template"] == template
    assert "CDD's national template “เกณฑ์กลาง กรมการพัฒนาชุมชน 2565” (2 criteria)" in response.content.decode()
    response = client.get(reverse("contests:contest_create"), {"fiscal_year": "2565", "kind": "network"})
    assert response.context["starting_template"] is None

    response = client.post(reverse("contests:contest_create"), {**CONTEST_DATA, "network": ubon_committee.network.pk})
    contest = Contest.objects.get()
    assert response.status_code == 302 and response.url == contest.get_absolute_url()
    assert (contest.state, contest.fiscal_year, contest.meeting_date) == ("draft", 2565, datetime.date(2022, 6, 15))
    assert contest.scoring_opens_at == datetime.datetime(2022, 6, 15, 9, 0, tzinfo=BANGKOK)
    assert contest.scoring_closes_at == datetime.datetime(2022, 6, 15, 16, 30, tzinfo=BANGKOK)
    main = contest.rounds.get()
    assert main.number == 1 and main.rubric != template and not main.rubric.is_template
    assert criteria_of(contest) == [("ความโดดเด่น", 30, 1), ("นวัตกรรม", 20, 2)]
    assert list(contest.jurors.values_list("seat", "name", "role", "user__username")) == [
        (0, committee_member.committee_memberships.get().full_name, "member", "member"),
        (1, "นางประเสริฐ ประธาน", "chair", "chair"),
    ]
    assert messages_of(response) == ["The contest is created in draft. Check its criteria, then add the entries."]


def test_dates_and_rules_out_of_order_are_refused_beside_their_fields(client, ubon_committee, ubon_officer):
    client.force_login(ubon_officer)
    data = {**CONTEST_DATA, "network": ubon_committee.network.pk, "entry_deadline": "16/06/2565", "winners_quota": "4"}
    response = client.post(reverse("contests:contest_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "meeting_date": ["Entries close before the meeting: the deadline cannot be after the meeting date."],
        "shortlist_size": ["The shortlist must hold at least as many entries as there are winners."],
    }
    assert "The shortlist must hold at least as many entries as there are winners." in response.content.decode()
    assert not Contest.objects.exists()


def test_a_second_contest_of_the_kind_and_year_is_refused_beside_the_year(client, contest, ubon_officer):
    client.force_login(ubon_officer)
    data = {**CONTEST_DATA, "network": contest.network.pk, "scoring_closes_at_0": "14/06/2565"}
    response = client.post(reverse("contests:contest_create"), data)
    assert response.context["form"].errors == {
        "fiscal_year": ["This network already has a contest of this kind for that fiscal year."],
        "scoring_closes_at": ["Scoring must close after it opens."],
    }
    response = client.post(reverse("contests:contest_create"), {**data, "kind": "network", "scoring_closes_at_1": ""})
    assert response.context["form"].errors == {
        "scoring_closes_at": ["Give both the date and the time, e.g. 15/06/2565 and 09:00."],
    }
    assert Contest.objects.count() == 1


def test_an_officer_cannot_create_a_contest_for_another_provinces_network(client, contest, chachoengsao_officer):
    client.force_login(chachoengsao_officer)
    response = client.post(reverse("contests:contest_create"), {**CONTEST_DATA, "network": contest.network.pk})
    assert list(response.context["form"].errors) == ["network"]
    assert Contest.objects.count() == 1


def test_edit_the_rules_with_a_tie_break_criterion_of_the_main_round(client, contest, ubon_officer):
    other = CriterionFactory(rubric=RubricFactory())
    criteria = list(contest.rounds.get().rubric.criteria.all())
    client.force_login(ubon_officer)
    url = reverse("contests:contest_update", args=[contest.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["tie_break_criterion"].queryset) == criteria
    assert form["scoring_opens_at"].value() == contest.scoring_opens_at
    data = {**CONTEST_DATA, "network": contest.network.pk, "winners_quota": "2", "tie_break_criterion": other.pk}
    response = client.post(url, data)
    assert list(response.context["form"].errors) == ["tie_break_criterion"]
    response = client.post(url, {**data, "tie_break_criterion": criteria[1].pk})
    assert response.url == contest.get_absolute_url()
    contest.refresh_from_db()
    assert (contest.winners_quota, contest.tie_break_criterion, contest.state) == (2, criteria[1], "draft")


@pytest.mark.parametrize("state", ["scoring_open", "winner_selected"])
def test_edit_is_refused_once_scoring_has_opened(client, contest, ubon_officer, state, messages_of):
    set_state(contest, state)
    client.force_login(ubon_officer)
    url = reverse("contests:contest_update", args=[contest.pk])
    response = client.get(url)
    assert response.status_code == 302 and response.url == contest.get_absolute_url()
    assert messages_of(response) == ["Dates, rules and criteria are fixed once scoring has opened."]
    response = client.post(url, {**CONTEST_DATA, "network": contest.network.pk, "winners_quota": "3"})
    assert response.status_code == 302
    contest.refresh_from_db()
    assert contest.winners_quota == 1
    assert "contests/1/edit" not in client.get(contest.get_absolute_url()).content.decode()


def test_copy_to_next_year_keeps_the_rules_and_criteria_in_draft(client, contest, ubon_officer, messages_of):
    main_criteria = list(contest.rounds.get().rubric.criteria.all())
    Contest.objects.filter(pk=contest.pk).update(
        winners_quota=2, aggregate="median", quorum_percent=60, tie_break_criterion=main_criteria[1]
    )
    set_state(contest, ContestState.SUBMITTED)
    client.force_login(ubon_officer)
    url = reverse("contests:contest_copy", args=[contest.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    copy = Contest.objects.get(fiscal_year=2566)
    assert response.url == copy.get_absolute_url()
    assert messages_of(response) == ["Copied to fiscal year 2566: set its dates."]
    assert (copy.state, copy.network, copy.winners_quota, copy.aggregate, copy.quorum_percent) == (
        "draft", contest.network, 2, "median", 60
    )
    assert copy.meeting_date is None
    assert criteria_of(copy) == criteria_of(contest)
    assert copy.tie_break_criterion.name_th == "นวัตกรรม" and copy.tie_break_criterion not in main_criteria
    response = client.post(url)
    assert response.url == copy.get_absolute_url()
    assert messages_of(response) == ["Fiscal year 2566 already has this contest: here it is."]
    assert Contest.objects.count() == 2


# Criteria

def criteria_data(rows, initial=0):
    data = {"criteria-TOTAL_FORMS": str(len(rows)), "criteria-INITIAL_FORMS": str(initial)}
    for index, row in enumerate(rows):
        data.update({f"criteria-{index}-{name}": value for name, value in row.items()})
    return data


def row(criterion=None, **values):
    base = {"position": "1", "name_th": "คุณภาพ", "name_en": "", "description": "", "max_points": "10", "weight": "1",
            "required": "on"}
    if criterion is not None:
        base.update(id=str(criterion.pk), position=str(criterion.position), name_th=criterion.name_th,
                    max_points=str(criterion.max_points), weight=str(criterion.weight))
    return {**base, **values}


def test_criteria_are_changed_added_and_deleted_until_the_round_opens(client, contest, ubon_officer):
    first, second = contest.rounds.get().rubric.criteria.all()
    url = reverse("contests:round_criteria", args=[contest.rounds.get().pk])
    client.force_login(ubon_officer)
    response = client.get(url)
    assert [form["position"].value() for form in response.context["form"].forms] == [1, 2, 3]  # and a blank row
    content = response.content.decode()
    assert f'name="criteria-0-id" value="{first.pk}"' in content and 'name="criteria-0-DELETE"' in content
    data = criteria_data([
        row(first, max_points="25"),
        row(second, DELETE="on"),
        row(position="3", name_th="บรรจุภัณฑ์", name_en="Packaging", max_points="15", independent="on"),
    ], initial=2)
    response = client.post(url, {**data, "add_row": "1"})
    assert response.url == url
    assert criteria_of(contest) == [("ความโดดเด่น", 25, 1), ("บรรจุภัณฑ์", 15, 1)]
    assert contest.rounds.get().rubric.criteria.get(name_th="บรรจุภัณฑ์").independent


def test_criteria_need_a_thai_name_and_at_least_one_row(client, contest, ubon_officer):
    first, second = contest.rounds.get().rubric.criteria.all()
    url = reverse("contests:round_criteria", args=[contest.rounds.get().pk])
    client.force_login(ubon_officer)
    response = client.post(url, criteria_data([row(first, DELETE="on"), row(second, DELETE="on")], initial=2))
    assert response.context["form"].non_form_errors() == ["Keep at least one criterion."]
    response = client.post(url, criteria_data([row(first, name_th=""), row(second, max_points="0")], initial=2))
    assert [form.errors for form in response.context["form"].forms] == [
        {"name_th": ["This field is required."]},
        {"__all__": ["The maximum points must be more than zero."]},
    ]
    assert criteria_of(contest) == [("ความโดดเด่น", 30, 1), ("นวัตกรรม", 20, 2)]


def test_criteria_are_fixed_once_the_round_opens(client, contest, ubon_officer, messages_of):
    main = contest.rounds.get()
    set_state(contest, ContestState.SCORING_OPEN)
    client.force_login(ubon_officer)
    url = reverse("contests:round_criteria", args=[main.pk])
    response = client.post(url, criteria_data([row(name_th="แอบเพิ่ม")]))
    assert response.url == contest.get_absolute_url()
    assert messages_of(response) == ["The criteria of a round are fixed once its scoring has opened."]
    # A final round on the main round's own criteria cannot be edited apart from it either.
    set_state(contest, ContestState.SHORTLISTED)
    final = Round.objects.create(contest=contest, number=2, rubric=main.rubric)
    assert client.get(reverse("contests:round_criteria", args=[final.pk])).status_code == 302
    Round.objects.filter(pk=final.pk).update(rubric=services.copy_rubric(main.rubric, "รอบชิง")[0])
    assert client.get(reverse("contests:round_criteria", args=[final.pk])).status_code == 200
    assert criteria_of(contest) == [("ความโดดเด่น", 30, 1), ("นวัตกรรม", 20, 2)]


# Workflow steps

def advance_url(contest, state):
    return reverse("contests:advance", args=[contest.pk, state])


def test_advance_without_a_note(client, contest, ubon_officer, messages_of):
    client.force_login(ubon_officer)
    response = client.get(advance_url(contest, "entries_open"))
    assert response.context["transition"].label == "Open entries"
    assert not response.context["form"].fields["note"].required
    response = client.post(advance_url(contest, "entries_open"), {"note": ""})
    assert response.url == contest.get_absolute_url()
    assert messages_of(response) == ["Done: Open entries. The contest is now “Entries open”."]
    event = ContestEvent.objects.get()
    assert (event.from_state, event.to_state, event.by, event.note) == ("draft", "entries_open", ubon_officer, "")
    # A second click finds the step gone and is sent back to the contest.
    response = client.post(advance_url(contest, "entries_open"))
    assert response.url == contest.get_absolute_url()
    assert messages_of(response) == ["This step is not open here: the contest is “Entries open”."]
    assert ContestEvent.objects.count() == 1


def test_advance_refused_by_its_guard_stays_with_the_reason(client, contest, ubon_officer, messages_of):
    set_state(contest, ContestState.ENTRIES_OPEN)
    client.force_login(ubon_officer)
    response = client.post(advance_url(contest, "scoring_open"), {"note": "พร้อม"})
    assert response.status_code == 200
    assert messages_of(response) == ["Name the criterion that breaks ties before scoring opens."]
    assert response.context["form"]["note"].value() == "พร้อม"
    Contest.objects.filter(pk=contest.pk).update(tie_break="chair")
    response = client.post(advance_url(contest, "scoring_open"))
    assert response.url == contest.get_absolute_url()
    assert Contest.objects.get().state == "scoring_open"


def test_advance_with_a_note_and_the_chair_closing_scoring(client, contest, ubon_officer, chair, messages_of):
    set_state(contest, ContestState.SCORING_OPEN)
    client.force_login(chair.user)
    url = advance_url(contest, "scoring_closed")
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert messages_of(response) == [
        "4 scorecards of members present are not submitted yet. Wait for them, or record why scoring closes "
        "without them."
    ]
    response = client.post(url, {"note": "กรรมการ 1 ท่านกลับก่อน"})
    assert response.url == reverse("contests:meeting", args=[contest.pk])
    assert Contest.objects.get().state == "scoring_closed"
    # Reopening needs a written reason; the chair may not open entries.
    client.force_login(ubon_officer)
    response = client.post(advance_url(contest, "scoring_open"), {"note": ""})
    assert response.context["form"].errors == {"note": ["This field is required."]}
    response = client.post(advance_url(contest, "scoring_open"), {"note": "คะแนนผิด"})
    assert response.url == contest.get_absolute_url()
    assert list(ContestEvent.objects.values_list("by__username", "to_state", "note")) == [
        ("chair", "scoring_closed", "กรรมการ 1 ท่านกลับก่อน"), ("ubon", "scoring_open", "คะแนนผิด"),
    ]
    set_state(contest, ContestState.DRAFT)
    client.force_login(chair.user)
    assert client.get(advance_url(contest, "entries_open")).status_code == 403
    assert client.post(advance_url(contest, "entries_open")).status_code == 403


def test_advance_to_an_unknown_state_or_a_step_with_its_own_page(client, contest, ubon_officer, messages_of):
    client.force_login(ubon_officer)
    assert client.get(advance_url(contest, "won")).status_code == 404
    set_state(contest, ContestState.SHORTLISTED)
    response = client.post(advance_url(contest, "no_entry"), {"note": "ไม่มีผลงานเหมาะสม"})
    assert response.url == contest.get_absolute_url()
    assert messages_of(response) == ["This step is not open here: the contest is “Shortlisted”."]
    assert Contest.objects.get().state == "shortlisted" and Contest.objects.get().no_entry_reason == ""


# The contest's page and the list

def test_contest_page_offers_the_steps_of_the_state(client, contest, ubon_officer):
    client.force_login(ubon_officer)
    response = client.get(contest.get_absolute_url())
    assert [(step.label, step.url) for step in response.context["steps"]] == [
        ("Open entries", advance_url(contest, "entries_open"))
    ]
    assert (response.context["can_edit"], response.context["show_meeting"], response.context["show_scores"]) == (
        True, False, False
    )
    set_state(contest, ContestState.SHORTLISTED)
    response = client.get(contest.get_absolute_url())
    assert [(step.label, step.url, step.post) for step in response.context["steps"]] == [
        ("Open the final round", reverse("contests:final_round", args=[contest.pk]), True),
        ("Select the winner", reverse("contests:select_winner", args=[contest.pk]), False),
        ("Send no entry this year", reverse("contests:no_entry", args=[contest.pk]), False),
    ]
    content = response.content.decode()
    assert reverse("contests:ranking", args=[contest.rounds.get().pk]) in content
    assert reverse("contests:casting_vote", args=[contest.pk]) in content
    assert reverse("contests:record_pdf", args=[contest.pk]) not in content
    assert reverse("contests:entry_create", args=[contest.pk]) not in content


def make_contest_busy(contest, entries, members, officer):
    """Entries with warnings, members with and without logins, conflicts, a withdrawal, history."""
    committee = contest.network.committees.get(fiscal_year=contest.fiscal_year)
    for seat in range(members):
        CommitteeMemberFactory(committee=committee, seat=10 + seat, user=UserFactory() if seat % 2 else None)
    services.sync_jurors(contest)
    for _number in range(entries):
        EntryFactory(contest=contest, presentation_order=None, outside_cohort_reason="นอกโครงการ")
    services.draw_order(contest, by=officer)
    jurors, competing = list(contest.jurors.all()), list(contest.entries.all())
    for juror, entry in zip(jurors, competing, strict=False):
        services.record_conflict(juror, entry, "business", by=officer)
    services.withdraw(competing[-1], "ถอนตัว", by=officer)
    entry = competing[0]
    entry.group.leader_name = f"{jurors[-1].member.first_name} {jurors[-1].member.last_name}"
    entry.group.save()
    set_state(contest, ContestState.SCORING_CLOSED)


@pytest.mark.parametrize(("entries", "members"), [(1, 1), (12, 15)])
def test_contest_page_costs_a_constant_number_of_queries(
    client, contest, ubon_officer, django_assert_num_queries, entries, members
):
    make_contest_busy(contest, entries, members, ubon_officer)
    client.force_login(ubon_officer)
    with django_assert_num_queries(17):
        response = client.get(contest.get_absolute_url())
    assert len(response.context["entries"]) == entries + 1
    assert len(response.context["suggestions"]) == 1


def test_contest_list_for_officers_and_national_admins(
    client, contest, ubon_officer, chachoengsao_officer, national_admin
):
    other = services.create_contest(Contest(network=NetworkFactory(province_id="24"), fiscal_year=2564))
    client.force_login(ubon_officer)
    response = client.get(reverse("contests:contest_list"))
    assert response.context["rows"] == [
        (contest, ["Ubon Ratchathani", 2565, "Product innovation selection", "Draft", "15/06/2565", 2])
    ]
    client.force_login(chachoengsao_officer)
    assert list(client.get(reverse("contests:contest_list")).context["object_list"]) == [other]
    client.force_login(national_admin)
    url = reverse("contests:contest_list")
    assert list(client.get(url).context["object_list"]) == [contest, other]
    assert list(client.get(url, {"fiscal_year": "2564"}).context["object_list"]) == [other]
    assert list(client.get(url, {"q": "Chachoengsao"}).context["object_list"]) == [other]
    assert list(client.get(url, {"state": "draft", "kind": "network"}).context["object_list"]) == []


@pytest.mark.parametrize("years", [1, 12])
def test_contest_list_costs_a_constant_number_of_queries(client, ubon_officer, django_assert_num_queries, years):
    network = NetworkFactory(province_id="34")
    for year in range(2565, 2565 + years):
        EntryFactory(contest=services.create_contest(Contest(network=network, fiscal_year=year)))
    client.force_login(ubon_officer)
    with django_assert_num_queries(5):
        response = client.get(reverse("contests:contest_list"))
    assert [values[1] for _contest, values in response.context["rows"]] == list(range(2564 + years, 2564, -1))


# Who may open what

OBJECT_PAGES = [
    ("contest_detail", "contest"), ("contest_update", "contest"), ("round_criteria", "round"),
    ("entry_create", "contest"), ("entry_detail", "entry"), ("entry_update", "entry"), ("entry_withdraw", "entry"),
    ("set_order", "contest"), ("conflict_create", "contest"), ("advance", "advance"),
]
POST_ONLY = [("contest_copy", "contest"), ("draw_order", "contest"), ("panel_sync", "contest")]


def page_url(name, argument, contest):
    args = {
        "contest": [contest.pk], "round": [contest.rounds.get().pk], "entry": [contest.entries.first().pk],
        "advance": [contest.pk, "entries_open"],
    }[argument]
    return reverse(f"contests:{name}", args=args)


@pytest.mark.permissions
@pytest.mark.parametrize(("name", "argument"), OBJECT_PAGES + POST_ONLY)
def test_each_page_for_each_persona(
    client, contest, name, argument, committee_member, chachoengsao_officer, ubon_officer, national_admin
):
    """Refused before any work, whatever the method: a POST changes nothing."""
    url = page_url(name, argument, contest)
    get_ok = 405 if (name, argument) in POST_ONLY else 200
    for method in (client.get, client.post):
        client.logout()
        response = method(url)
        assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"
        client.force_login(committee_member)
        assert method(url).status_code == 403
        client.force_login(chachoengsao_officer)
        assert method(url).status_code == 404
    client.force_login(ubon_officer)
    assert client.get(url).status_code == get_ok
    client.force_login(national_admin)
    assert client.get(url).status_code == get_ok
    assert Contest.objects.get().state == "draft" and ContestEvent.objects.count() == 0
    assert Contest.objects.count() == 1 and Entry.objects.competing().count() == 2


@pytest.mark.permissions
def test_list_and_create_pages_for_each_persona(client, contest, committee_member, chachoengsao_officer):
    for name in ("contest_list", "contest_create"):
        url = reverse(f"contests:{name}")
        assert client.get(url).status_code == 302
        client.force_login(committee_member)
        assert client.get(url).status_code == 403
        client.force_login(chachoengsao_officer)
        assert client.get(url).status_code == 200
        client.logout()


# Home cards and the committee's member form

def test_home_cards_for_officers_national_admins_and_panel_members(
    client, contest, chair, ubon_officer, national_admin
):
    services.create_contest(Contest(network=contest.network, fiscal_year=2564))
    client.force_login(ubon_officer)
    cards = [card for card in client.get(reverse("home")).context["cards"] if card.url.startswith("/contests/")]
    assert [(card.title, card.text, card.url) for card in cards] == [
        (str(contest), "State: Draft. Meeting on June 15, 2565.", contest.get_absolute_url())
    ]
    client.force_login(national_admin)
    cards = [card for card in client.get(reverse("home")).context["cards"] if card.url.startswith("/contests/")]
    assert [(card.title, card.text) for card in cards] == [
        ("Provincial contests, FY 2565", "1 province has set up a contest.")
    ]
    client.force_login(chair.user)
    cards = [card for card in client.get(reverse("home")).context["cards"] if card.url.startswith("/contests/")]
    assert [(card.title, card.url) for card in cards] == [
        (f"Scoring: {contest}", reverse("contests:score_home", args=[contest.pk]))
    ]


def test_member_form_offers_the_subdistricts_of_the_committees_province(client, ubon_committee, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("networks:member_create", args=[ubon_committee.pk])
    subdistricts = client.get(url).context["form"].fields["subdistrict"].queryset
    assert {s.province_id for s in subdistricts} == {"34"}
    data = {"seat": "2", "first_name": "มาลี", "last_name": "ศรีสุข", "sector": "civil_society", "role": "member"}
    response = client.post(url, {**data, "subdistrict": "240113"})
    assert list(response.context["form"].errors) == ["subdistrict"]
    client.post(url, {**data, "subdistrict": "340101"})
    assert ubon_committee.members.get(first_name="มาลี").subdistrict_id == "340101"


def test_the_end_of_the_scoring_window_moves_after_scoring_has_opened_and_is_logged(client, ubon_officer):
    contest = contest_with_panel(members=1, entries=1, state=ContestState.SCORING_CLOSED)
    contest.scoring_closes_at = timezone.now() - datetime.timedelta(minutes=5)
    contest.save()
    chair = contest.jurors.get().user
    with pytest.raises(workflow.TransitionError) as refused, translation.override("en"):
        workflow.advance(contest, ContestState.SCORING_OPEN, by=chair, note="แก้คะแนนกลุ่มที่ 1")
    with translation.override("en"):
        assert refused.value.messages == ["The scoring window has ended: move its end on the contest's page first."]
    client.force_login(ubon_officer)
    url = reverse("contests:scoring_end", args=[contest.pk])
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(url, {"scoring_closes_at_0": tomorrow.strftime("%d/%m/") + str(tomorrow.year + 543), "scoring_closes_at_1": "17:00"})
    assert response.status_code == 302
    contest.refresh_from_db()
    assert timezone.localtime(contest.scoring_closes_at).strftime("%Y-%m-%d %H:%M") == f"{tomorrow:%Y-%m-%d} 17:00"
    assert ContestEvent.objects.filter(contest=contest, action=EventAction.SCORING_END).count() == 1
    workflow.advance(contest, ContestState.SCORING_OPEN, by=chair, note="แก้คะแนนกลุ่มที่ 1")
    assert contest.state == ContestState.SCORING_OPEN


def test_the_scoring_window_page_is_for_officers_once_scoring_has_opened(client, ubon_officer, chachoengsao_officer):
    contest = contest_with_panel(members=1, entries=1, state=ContestState.ENTRIES_OPEN)
    url = reverse("contests:scoring_end", args=[contest.pk])
    client.force_login(ubon_officer)
    assert client.get(url).status_code == 302  # before scoring opens the whole set-up is editable instead
    client.force_login(chachoengsao_officer)
    assert client.get(url).status_code == 404
    client.force_login(contest.jurors.get().user)
    assert client.get(url).status_code == 403
