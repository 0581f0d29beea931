"""The meeting, the ranking and the committee's decisions as each persona meets them: what the pages
show (never a score while scoring is open), what each button changes, who is refused, and the cost
in queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import screenshot
from contests import scoring, services, workflow
from contests.enums import ContestState, EventAction, RevisionAction, ScorecardStatus, TieBreak
from contests.models import Contest, ContestEvent, Juror
from contests.tests.factories import ConflictFactory, CriterionFactory, EntryFactory, contest_with_panel
from kbo.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}  # pages follow the browser's language
HIDDEN_POINTS = ["17.35", "13.65", "25.75", "22.80"]  # points and totals the board must never show


def seat(contest, number):
    return Juror.objects.get(contest=contest, seat=number).user


def score(contest, member, entry, *points, submit=True):
    criteria = contest.rounds.get(number=1).rubric.criteria.all()
    raw = {str(criterion.pk): str(value) for criterion, value in zip(criteria, points, strict=True)}
    return scoring.save_scorecard(seat(contest, member), entry.pk, raw, submit=submit)


def entries_of(contest):
    return list(contest.entries.order_by("presentation_order"))


def statuses(response):
    return [[status for _entry, status, _id in cells] for _juror, cells in response.context["board_rows"]]


def shown(response, texts):
    html = response.content.decode()
    return [text for text in texts if text in html]


@pytest.fixture
def log_in(client, ubon_officer, chachoengsao_officer, national_admin):
    """Signs the test client in as a persona of `contest` (or leaves it anonymous)."""
    def log_in(contest, who):
        users = {
            "officer": lambda: ubon_officer, "chachoengsao": lambda: chachoengsao_officer,
            "national": lambda: national_admin, "chair": lambda: seat(contest, 1), "member": lambda: seat(contest, 2),
            "outsider": lambda: UserFactory(username="outsider"),  # signed in, off the panel, no officer's role
        }
        if who != "anonymous":
            client.force_login(users[who]())
        return client

    return log_in


@pytest.fixture
def meeting(geography):
    """Scoring open, three members (seat 1 chairs) and three entries: the chair has submitted the first
    entry, member 2 has a draft of it, member 3 leaves the room for the second."""
    contest = contest_with_panel(members=3, entries=3, criteria=((20, 1), (10, 1)))
    first, second, _third = entries_of(contest)
    card = score(contest, 1, first, "17.35", "8.40")
    score(contest, 2, first, "13.65", "9.15", submit=False)
    ConflictFactory(juror=Juror.objects.get(contest=contest, seat=3), entry=second)
    return contest, card


# The meeting page and its board

@pytest.mark.parametrize(("who", "name"), [("officer", "meeting"), ("chair", "meeting_board")])
def test_the_board_shows_who_has_submitted_what_and_never_a_score(log_in, meeting, who, name):
    contest, card = meeting
    response = log_in(contest, who).get(reverse(f"contests:{name}", args=[contest.pk]), headers=ENGLISH)
    assert response.status_code == 200
    assert statuses(response) == [["submitted", "", ""], ["draft", "", ""], ["", "conflict", ""]]
    html = response.content.decode()
    assert "1 of 8 scorecards submitted" in html  # 3 members x 3 entries, less one conflict
    assert (html.count('data-status="submitted"'), html.count('data-status="draft"')) == (1, 1)
    assert html.count("leaves the room") == 1
    assert reverse("contests:unlock", args=[card.pk]) in html
    assert shown(response, HIDDEN_POINTS) == []
    assert ("<html" in html) is (name == "meeting")


def test_the_meeting_page_offers_the_next_step_and_no_ranking_while_scoring_is_open(log_in, meeting):
    contest, _card = meeting
    response = log_in(contest, "officer").get(reverse("contests:meeting", args=[contest.pk]), headers=ENGLISH)
    assert [transition.target for transition in response.context["transitions"]] == [ContestState.SCORING_CLOSED]
    assert reverse("contests:advance", args=[contest.pk, ContestState.SCORING_CLOSED]) in response.content.decode()
    assert response.context["rankings"] == []


def test_after_scoring_closes_the_board_offers_no_unlock_and_links_the_ranking(log_in, ubon_officer, meeting):
    contest, card = meeting
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer, note="สมาชิกสองคนยังไม่ส่ง")
    response = log_in(contest, "officer").get(reverse("contests:meeting", args=[contest.pk]), headers=ENGLISH)
    main_round = contest.rounds.get(number=1)
    assert response.context["rankings"] == [main_round]
    unlock, ranking = reverse("contests:unlock", args=[card.pk]), reverse("contests:ranking", args=[main_round.pk])
    assert shown(response, [unlock, ranking]) == [ranking]


def test_present_moves_the_meeting_to_another_entry(log_in, meeting):
    contest, _card = meeting
    first, second, third = entries_of(contest)
    client = log_in(contest, "chair")
    url = reverse("contests:meeting", args=[contest.pk])
    response = client.post(reverse("contests:present", args=[contest.pk]), {"entry": second.pk})
    assert (response.status_code, response["Location"]) == (302, url)
    contest.refresh_from_db()
    assert contest.now_presenting == second
    response = client.get(url, headers=ENGLISH)
    presenting = response.context["presenting"]
    assert (presenting.entry, presenting.number, presenting.count) == (second, 2, 3)
    assert (presenting.previous, presenting.next) == (first, third)
    assert shown(response, ["Now presenting: group 2 of 3"]) == ["Now presenting: group 2 of 3"]


def test_present_refuses_a_withdrawn_entry_and_another_contests_entry(log_in, ubon_officer, meeting):
    contest, _card = meeting
    first, second, _third = entries_of(contest)
    services.set_now_presenting(contest, first)
    services.withdraw(second, "กลุ่มถอนตัว", by=ubon_officer)
    client = log_in(contest, "officer")
    for entry in (second, EntryFactory(contest__fiscal_year=2566)):
        url = reverse("contests:present", args=[contest.pk])
        response = client.post(url, {"entry": entry.pk}, headers=ENGLISH, follow=True)
        assert shown(response, ["This entry does not compete in this contest."]) == [
            "This entry does not compete in this contest."
        ]
        contest.refresh_from_db()
        assert contest.now_presenting == first


def test_attendance_marks_a_member_absent_and_present_again(log_in, meeting):
    contest, _card = meeting
    member = Juror.objects.get(contest=contest, seat=2)
    client = log_in(contest, "officer")
    url = reverse("contests:attendance", args=[contest.pk])
    response = client.post(url, {"juror": member.pk}, headers=ENGLISH, follow=True)
    member.refresh_from_db()
    assert member.present is False
    assert shown(response, ["1 of 5 scorecards submitted"]) == ["1 of 5 scorecards submitted"]  # 3 + 3 less a conflict
    client.post(url, {"juror": member.pk, "present": "on"})
    member.refresh_from_db()
    assert member.present is True
    events = ContestEvent.objects.filter(contest=contest, action=EventAction.ATTENDANCE)
    assert [event.data for event in events] == [
        {"member": member.name, "present": False}, {"member": member.name, "present": True}
    ]


def test_attendance_is_fixed_once_the_committee_has_decided(log_in, meeting):
    contest, _card = meeting
    Contest.objects.filter(pk=contest.pk).update(state=ContestState.WINNER_SELECTED)
    member = Juror.objects.get(contest=contest, seat=2)
    url = reverse("contests:attendance", args=[contest.pk])
    response = log_in(contest, "officer").post(url, {"juror": member.pk}, headers=ENGLISH, follow=True)
    assert "Attendance is fixed once the committee has decided." in response.content.decode()
    member.refresh_from_db()
    assert member.present is True


def test_attendance_refuses_another_contests_member(log_in, meeting):
    contest, _card = meeting
    outsider = Juror.objects.get(contest=contest_with_panel(members=1, entries=1, fiscal_year=2566))
    url = reverse("contests:attendance", args=[contest.pk])
    response = log_in(contest, "officer").post(url, {"juror": outsider.pk}, headers=ENGLISH, follow=True)
    assert "This member does not sit on this contest&#x27;s panel." in response.content.decode()
    outsider.refresh_from_db()
    assert outsider.present is True


# Unlocking a scorecard

@pytest.mark.parametrize("who", ["chair", "officer"])
def test_the_chair_or_the_officer_unlocks_a_scorecard_with_a_reason(log_in, meeting, who):
    contest, card = meeting
    client = log_in(contest, who)
    url = reverse("contests:unlock", args=[card.pk])
    response = client.get(url, headers=ENGLISH)
    assert response.status_code == 200
    assert shown(response, [str(card.juror), str(card.entry), str(card.entry.group)]) == [
        str(card.juror), str(card.entry), str(card.entry.group)
    ]
    assert shown(response, HIDDEN_POINTS) == []
    response = client.post(url, {"reason": "กรรมการกรอก 7 แทน 17"})
    assert (response.status_code, response["Location"]) == (302, reverse("contests:meeting", args=[contest.pk]))
    card.refresh_from_db()
    assert (card.status, card.submitted_at) == (ScorecardStatus.DRAFT, None)
    revision = card.revisions.order_by("number").last()
    user = response.wsgi_request.user
    assert (revision.number, revision.action, revision.by_id, revision.note, revision.total) == (
        2, RevisionAction.UNLOCKED, user.pk, "กรรมการกรอก 7 แทน 17", Decimal("25.75")
    )
    assert ContestEvent.objects.filter(contest=contest, action=EventAction.UNLOCKED).count() == 1


def test_unlock_needs_a_reason(log_in, meeting):
    contest, card = meeting
    url = reverse("contests:unlock", args=[card.pk])
    response = log_in(contest, "officer").post(url, {"reason": "  "}, headers=ENGLISH)
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED


def test_unlock_after_scoring_closed_is_refused_with_a_message(log_in, ubon_officer, meeting):
    contest, card = meeting
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer, note="ปิดการให้คะแนน")
    url = reverse("contests:unlock", args=[card.pk])
    response = log_in(contest, "officer").post(url, {"reason": "แก้คะแนน"}, headers=ENGLISH, follow=True)
    assert shown(response, ["Scoring of this round is closed: reopen scoring first."]) == [
        "Scoring of this round is closed: reopen scoring first."
    ]
    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("outsider", 404), ("chachoengsao", 404), ("anonymous", 302)])
def test_unlock_is_refused_to_everyone_else(log_in, meeting, who, status):
    contest, card = meeting
    client = log_in(contest, who)
    url = reverse("contests:unlock", args=[card.pk])
    assert (client.get(url).status_code, client.post(url, {"reason": "ขอแก้"}).status_code) == (status, status)
    card.refresh_from_db()
    assert (card.status, card.revisions.count()) == (ScorecardStatus.SUBMITTED, 1)


# Who may open the meeting and decision pages (scoring open)

PAGES = ["meeting", "meeting_board", "present", "attendance", "casting_vote", "shortlist", "final_round",
         "select_winner", "no_entry"]
POSTED = {"present", "attendance", "final_round"}  # POST only: an empty form is refused with a message
EXPECTED = {  # persona: status per page, in the order of PAGES
    "anonymous": [302] * 9,
    "chachoengsao": [404] * 9,
    "outsider": [404, 404, 404, 404, 404, 403, 403, 403, 403],
    "member": [403] * 9,
    "chair": [200, 200, 302, 302, 403, 403, 403, 403, 403],  # the casting vote waits until scoring closes
    "officer": [200, 200, 302, 302, 403, 403, 302, 403, 200],  # as do the shortlist and the winner
}


@pytest.mark.permissions
@pytest.mark.parametrize("who", EXPECTED)
def test_who_may_open_each_page(log_in, meeting, who):
    contest, _card = meeting
    client = log_in(contest, who)
    got = {}
    for name in PAGES:
        url = reverse(f"contests:{name}", args=[contest.pk])
        response = client.post(url, {}) if name in POSTED else client.get(url)
        got[name] = response.status_code
        if who == "anonymous":
            assert response["Location"].startswith(reverse("login"))
    assert got == dict(zip(PAGES, EXPECTED[who], strict=True))
    contest.refresh_from_db()
    assert (contest.state, contest.now_presenting) == (ContestState.SCORING_OPEN, None)
    assert list(contest.jurors.values_list("present", flat=True)) == [True, True, True]


# The ranking

@pytest.fixture
def scored(geography):
    """Two members have scored three entries out of 30 points: totals 23 and 26, 29 and 28, 15 and 6."""
    contest = contest_with_panel(members=2, entries=3, criteria=((20, 1), (10, 1)))
    first, second, third = entries_of(contest)
    for member, entry, points in [
        (1, first, (15, 8)), (2, first, (17, 9)), (1, second, (19, 10)), (2, second, ("18.5", "9.5")),
        (1, third, (10, 5)), (2, third, (4, 2)),
    ]:
        score(contest, member, entry, *points)
    return contest


def test_the_ranking_is_hidden_while_scoring_is_open(log_in, scored):
    response = log_in(scored, "officer").get(reverse("contests:ranking", args=[scored.rounds.get().pk]), headers=ENGLISH)
    assert response.status_code == 403
    assert shown(response, ["The scores of this round are hidden until its scoring closes.", "28.50", "24.50"]) == [
        "The scores of this round are hidden until its scoring closes."
    ]
    assert "ranking" not in response.context


def test_the_ranking_after_scoring_closes_in_order_with_its_figures(log_in, ubon_officer, scored):
    story = CriterionFactory(rubric=scored.rounds.get().rubric, position=9, max_points=5, independent=True)
    workflow.advance(scored, ContestState.SCORING_CLOSED, by=ubon_officer)
    first, second, third = entries_of(scored)
    response = log_in(scored, "officer").get(reverse("contests:ranking", args=[scored.rounds.get().pk]), headers=ENGLISH)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.place, r.entry, r.score, r.scorecards, r.spread, r.high_disagreement) for r, _averages in rows] == [
        (1, second, Decimal("28.5000"), 2, Decimal("0.5000"), False),
        (2, first, Decimal("24.5000"), 2, Decimal("1.5000"), False),
        (3, third, Decimal("10.5000"), 2, Decimal("4.5000"), True),  # above 10% of 30 points
    ]
    assert rows[0][1] == [Decimal("18.7500"), Decimal("9.7500"), None]
    figures = ["28.50", "24.50", "10.50", "18.75", "9.75", "0.50", "4.50", "Maximum total: 30.00 points."]
    assert shown(response, figures) == figures
    html = response.content.decode()
    assert (html.count("high disagreement"), html.count("not counted"), story.name in html) == (1, 1, True)
    assert html.count("2 eligible, 1 needed") == 3  # quorum: 50% of 2 members
    assert shown(response, [reverse(f"contests:{name}", args=[scored.pk]) for name in ("shortlist", "select_winner")]) == [
        reverse("contests:shortlist", args=[scored.pk])
    ]


@pytest.mark.parametrize(
    ("who", "status"), [("member", 200), ("national", 200), ("outsider", 404), ("chachoengsao", 404), ("anonymous", 302)]
)
def test_who_may_see_the_ranking_after_scoring_closes(log_in, ubon_officer, scored, who, status):
    workflow.advance(scored, ContestState.SCORING_CLOSED, by=ubon_officer)
    response = log_in(scored, who).get(reverse("contests:ranking", args=[scored.rounds.get().pk]), headers=ENGLISH)
    assert response.status_code == status
    if status == 200:  # a member sees the ranking but is offered no decision
        expected = ["28.50", reverse("contests:shortlist", args=[scored.pk])] if who == "national" else ["28.50"]
        assert shown(response, ["28.50", reverse("contests:shortlist", args=[scored.pk])]) == expected


def test_the_main_rounds_ranking_stays_visible_while_the_final_round_is_scored(log_in, ubon_officer, scored):
    first, second, _third = entries_of(scored)
    workflow.advance(scored, ContestState.SCORING_CLOSED, by=ubon_officer)
    services.record_shortlist(scored, [second, first], "สองกลุ่มแรก", by=ubon_officer)
    services.open_final_round(scored, by=ubon_officer)
    client = log_in(scored, "member")
    assert [client.get(reverse("contests:ranking", args=[round.pk])).status_code for round in scored.rounds.all()] == [
        200, 403
    ]


# The shortlist and the final round

@pytest.fixture
def closed(geography, ubon_officer):
    """Scoring closed on four entries that three members scored alike: 60, 90, 75 and 40 of 100."""
    contest = contest_with_panel(members=3, entries=4, criteria=((100, 1),))
    for entry, points in zip(entries_of(contest), (60, 90, 75, 40), strict=True):
        for member in (1, 2, 3):
            score(contest, member, entry, points)
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    return contest


def shortlisted(contest):
    return set(contest.entries.filter(shortlisted=True))


def test_the_shortlist_offers_the_ranking_with_the_top_three_ticked(log_in, closed):
    first, second, third, _fourth = entries_of(closed)
    response = log_in(closed, "officer").get(reverse("contests:shortlist", args=[closed.pk]), headers=ENGLISH)
    field = response.context["form"]["entries"]
    assert field.initial == [str(second.pk), str(third.pk), str(first.pk)]
    assert [label for _value, label in field.field.choices][:2] == [
        f"1. {second} ({second.group}) — 90.00 points", f"2. {third} ({third.group}) — 75.00 points",
    ]


def test_the_top_three_are_shortlisted_without_a_reason(log_in, closed):
    first, second, third, _fourth = entries_of(closed)
    url = reverse("contests:shortlist", args=[closed.pk])
    response = log_in(closed, "officer").post(url, {"entries": [second.pk, third.pk, first.pk]})
    assert (response.status_code, response["Location"]) == (302, reverse("contests:ranking", args=[closed.rounds.get().pk]))
    closed.refresh_from_db()
    assert (closed.state, shortlisted(closed)) == (ContestState.SHORTLISTED, {first, second, third})


def test_another_shortlist_is_refused_without_a_reason_and_recorded_with_one(log_in, closed):
    first, second, _third, fourth = entries_of(closed)
    client = log_in(closed, "officer")
    url = reverse("contests:shortlist", args=[closed.pk])
    response = client.post(url, {"entries": [second.pk, first.pk, fourth.pk], "reason": ""}, headers=ENGLISH)
    message = "The shortlist differs from the top of the ranking: write the reason."
    assert (response.status_code, shown(response, [message])) == (200, [message])
    closed.refresh_from_db()
    assert (closed.state, shortlisted(closed)) == (ContestState.SCORING_CLOSED, set())

    response = client.post(url, {"entries": [second.pk, first.pk, fourth.pk], "reason": "กลุ่มที่สามขาดมาตรฐาน อย."})
    assert response.status_code == 302
    closed.refresh_from_db()
    assert (closed.state, shortlisted(closed)) == (ContestState.SHORTLISTED, {first, second, fourth})
    assert closed.events.get(action=EventAction.SHORTLIST).note == "กลุ่มที่สามขาดมาตรฐาน อย."


@pytest.fixture
def shortlist(closed, ubon_officer):
    first, second, third, _fourth = entries_of(closed)
    services.record_shortlist(closed, [second, third, first], by=ubon_officer)
    return closed


def test_once_shortlisted_the_ranking_offers_the_final_round_the_winner_and_no_entry(log_in, shortlist):
    response = log_in(shortlist, "officer").get(reverse("contests:ranking", args=[shortlist.rounds.get().pk]))
    links = [reverse(f"contests:{name}", args=[shortlist.pk]) for name in ("final_round", "select_winner", "no_entry")]
    assert shown(response, links) == links
    assert response.content.decode().count('class="badge text-bg-primary"') == 3  # shortlisted


@pytest.mark.parametrize(("choice", "own"), [("same", False), ("own", True)])
def test_the_final_round_opens_on_the_same_criteria_or_a_copy(log_in, shortlist, choice, own):
    client = log_in(shortlist, "officer")
    url = reverse("contests:final_round", args=[shortlist.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"criteria": choice})
    if own:  # first the officer writes the copy's criteria, then opens the round on them
        final = shortlist.rounds.get(number=2)
        assert (response.status_code, response["Location"]) == (302, reverse("contests:round_criteria", args=[final.pk]))
        assert client.get(response["Location"]).status_code == 200
        response = client.post(url, {"criteria": choice})
    assert (response.status_code, response["Location"]) == (302, reverse("contests:meeting", args=[shortlist.pk]))
    shortlist.refresh_from_db()
    assert shortlist.state == ContestState.FINAL_SCORING_OPEN
    main, final = shortlist.rounds.get(number=1), shortlist.rounds.get(number=2)
    assert (final.rubric_id != main.rubric_id, final.rubric.criteria.count()) == (own, 1)


# The winner

def test_the_winner_page_offers_the_top_as_a_single_choice(log_in, shortlist):
    second = entries_of(shortlist)[1]
    response = log_in(shortlist, "officer").get(reverse("contests:select_winner", args=[shortlist.pk]))
    field = response.context["form"]["entries"]
    assert (field.initial, field.field.widget.input_type) == (str(second.pk), "radio")


def test_the_top_of_the_ranking_is_selected_without_a_reason(log_in, shortlist):
    second = entries_of(shortlist)[1]
    url = reverse("contests:select_winner", args=[shortlist.pk])
    response = log_in(shortlist, "officer").post(url, {"entries": second.pk})
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert (shortlist.state, list(shortlist.entries.filter(winner_position=1))) == (ContestState.WINNER_SELECTED, [second])


def test_another_winner_than_the_top_needs_a_reason(log_in, shortlist):
    third = entries_of(shortlist)[2]
    client = log_in(shortlist, "officer")
    url = reverse("contests:select_winner", args=[shortlist.pk])
    response = client.post(url, {"entries": third.pk}, headers=ENGLISH)
    message = "The choice is not the top of the ranking: write the reason."
    assert (response.status_code, shown(response, [message])) == (200, [message])
    shortlist.refresh_from_db()
    assert shortlist.state == ContestState.SHORTLISTED
    assert not shortlist.entries.filter(winner_position__isnull=False).exists()

    response = client.post(url, {"entries": third.pk, "reason": "ผลิตภัณฑ์อันดับหนึ่งยังไม่มีใบรับรองมาตรฐาน"})
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert (shortlist.state, list(shortlist.entries.filter(winner_position=1))) == (ContestState.WINNER_SELECTED, [third])
    response = client.get(reverse("contests:ranking", args=[shortlist.rounds.get().pk]), headers=ENGLISH)
    assert response.content.decode().count(">Winner<") == 1


def test_two_winners_are_chosen_with_checkboxes(log_in, shortlist):
    _first, second, third, _fourth = entries_of(shortlist)
    Contest.objects.filter(pk=shortlist.pk).update(winners_quota=2)
    client = log_in(shortlist, "officer")
    url = reverse("contests:select_winner", args=[shortlist.pk])
    assert client.get(url).context["form"]["entries"].initial == [str(second.pk), str(third.pk)]
    assert client.post(url, {"entries": [second.pk, third.pk]}).status_code == 302
    assert list(shortlist.entries.filter(winner_position__isnull=False).order_by("winner_position")) == [second, third]


# The chair's casting vote

@pytest.fixture
def level(geography, ubon_officer):
    """Scoring closed with the first two entries level on 50 points and the third on 40; ties go to the chair."""
    contest = contest_with_panel(members=2, entries=3, criteria=((100, 1),), tie_break=TieBreak.CHAIR)
    for entry, points in zip(entries_of(contest), (50, 50, 40), strict=True):
        score(contest, 1, entry, points)
        score(contest, 2, entry, points)
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    return contest


def test_the_ranking_marks_level_entries_and_offers_the_casting_vote_to_the_chair(log_in, level):
    response = log_in(level, "chair").get(reverse("contests:ranking", args=[level.rounds.get().pk]), headers=ENGLISH)
    assert [result.place for result, _averages in response.context["rows"]] == [1, 1, 3]
    assert response.content.decode().count("level — needs the chair's casting vote") == 2
    links = [reverse(f"contests:{name}", args=[level.pk]) for name in ("casting_vote", "shortlist")]
    assert shown(response, links) == links[:1]  # the shortlist is the officer's step


def test_the_chair_orders_the_level_entries(log_in, level):
    first, second, third = entries_of(level)
    client = log_in(level, "chair")
    url = reverse("contests:casting_vote", args=[level.pk])
    assert sorted(client.get(url).context["form"].fields) == sorted([f"entry_{first.pk}", f"entry_{second.pk}"])
    response = client.post(url, {f"entry_{first.pk}": 2, f"entry_{second.pk}": 1})
    assert (response.status_code, response["Location"]) == (302, reverse("contests:ranking", args=[level.rounds.get().pk]))
    results = scoring.ranking(level.rounds.get()).results
    assert [(r.entry, r.place, r.tied) for r in results] == [(second, 1, False), (first, 2, False), (third, 3, False)]
    assert level.events.get(action=EventAction.CASTING_VOTE).data == {"order": [str(second), str(first)]}
    message = "No entries are level: there is nothing to decide by a casting vote."
    assert shown(client.get(url, headers=ENGLISH, follow=True), [message]) == [message]


def test_the_casting_vote_needs_a_different_place_for_each_entry(log_in, level):
    first, second, _third = entries_of(level)
    url = reverse("contests:casting_vote", args=[level.pk])
    response = log_in(level, "officer").post(url, {f"entry_{first.pk}": 1, f"entry_{second.pk}": 1}, headers=ENGLISH)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Give each entry of a level group a different place."]
    assert not level.entries.filter(casting_rank__isnull=False).exists()


# No entry this year

def test_no_entry_is_sent_with_the_committees_reason(log_in, shortlist):
    client = log_in(shortlist, "officer")
    url = reverse("contests:no_entry", args=[shortlist.pk])
    response = client.post(url, {"reason": ""}, headers=ENGLISH)
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    response = client.post(url, {"reason": "ไม่มีผลิตภัณฑ์ใดผ่านเกณฑ์มาตรฐาน"})
    ranking = reverse("contests:ranking", args=[shortlist.rounds.get().pk])
    assert (response.status_code, response["Location"]) == (302, ranking)
    shortlist.refresh_from_db()
    assert (shortlist.state, shortlist.no_entry_reason) == (ContestState.NO_ENTRY, "ไม่มีผลิตภัณฑ์ใดผ่านเกณฑ์มาตรฐาน")


def test_no_entry_before_the_shortlist_is_refused_with_a_message(log_in, closed):
    url = reverse("contests:no_entry", args=[closed.pk])
    response = log_in(closed, "officer").post(url, {"reason": "ไม่ส่ง"}, headers=ENGLISH)
    message = "A contest cannot go from “Scoring closed” to “No entry this year”."
    assert (response.status_code, shown(response, [message])) == (200, [message])
    closed.refresh_from_db()
    assert closed.state == ContestState.SCORING_CLOSED


# In the browser: the buttons change the page in place, the board follows the phones

@pytest.mark.browser
def test_the_projector_follows_the_meeting_without_reloading(desktop, live_server, ubon_officer):
    page = desktop
    contest = contest_with_panel(members=2, entries=3, criteria=((20, 1),))
    first, second, _third = entries_of(contest)
    member = Juror.objects.get(contest=contest, seat=2)
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))  # one request at a time on SQLite
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("#id_username", ubon_officer.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(live_server.url + reverse("contests:meeting", args=[contest.pk]))
    page.evaluate("window.sameDocument = true")

    page.locator(f"#order-entry-{second.pk} button").click()
    expect(page.locator(f"#order-entry-{second.pk}")).to_have_class(re.compile("list-group-item-warning"))
    page.locator(f"#attendance-juror-{member.pk} button").click()
    expect(page.locator(f"#board-juror-{member.pk} .text-bg-secondary")).to_have_count(1)  # absent
    contest.refresh_from_db()
    member.refresh_from_db()
    assert (contest.now_presenting, member.present) == (second, False)

    score(contest, 1, first, 12)  # the chair submits on a phone: the board shows it within seconds
    expect(page.locator('#board td[data-status="submitted"]')).to_have_count(1, timeout=10_000)
    assert page.evaluate("window.sameDocument") is True
    screenshot(page, "meeting-projector")


# Queries: the same number for 2 entries x 2 members and for 8 entries x 6 members

def busy_panel(members, entries):
    """Every member submits the first entry and drafts the second; the last member leaves the room
    for the third entry (when there is one)."""
    contest = contest_with_panel(members=members, entries=entries, criteria=((20, 1), (10, 1)))
    rows = entries_of(contest)
    for member in range(1, members + 1):
        score(contest, member, rows[0], 15, 8)
        score(contest, member, rows[1], 12, 6, submit=False)
    if entries > 2:
        ConflictFactory(juror=Juror.objects.get(contest=contest, seat=members), entry=rows[2])
    return contest


@pytest.mark.parametrize(("members", "entries"), [(2, 2), (6, 8)])
def test_the_board_costs_a_constant_number_of_queries(client, ubon_officer, django_assert_num_queries, members, entries):
    contest = busy_panel(members, entries)
    url = reverse("contests:meeting_board", args=[contest.pk])
    client.force_login(ubon_officer)
    with django_assert_num_queries(9):
        response = client.get(url)
    assert [cells[:2] for cells in statuses(response)] == [["submitted", "draft"]] * members


@pytest.mark.parametrize(("members", "entries"), [(2, 2), (6, 8)])
def test_the_ranking_costs_a_constant_number_of_queries(client, ubon_officer, django_assert_num_queries, members, entries):
    contest = busy_panel(members, entries)
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer, note="ปิดการให้คะแนนตามเวลา")
    url = reverse("contests:ranking", args=[contest.rounds.get().pk])
    client.force_login(ubon_officer)
    with django_assert_num_queries(13):
        response = client.get(url)
    assert [result.score for result, _averages in response.context["rows"]][:1] == [Decimal("23.0000")]
    assert len(response.context["rows"]) == entries
