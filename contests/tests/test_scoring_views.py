"""A committee member's scoring pages: who sees what, the JSON and plain-form saves through the
scoring engine, refusals (400 for input to correct, 409 for what no retry fixes), declaring a
conflict, and query counts that do not grow with entries or criteria."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from contests import scoring
from contests.enums import ConflictGrounds, ContestState, RevisionAction, ScorecardStatus
from contests.models import Conflict, Entry, Juror, Round, Score, Scorecard, ScorecardRevision
from contests.tests.factories import ConflictFactory, ContestFactory, CriterionFactory, JurorFactory, contest_with_panel
from kbo.accounts.tests.factories import UserFactory
from networks.tests.factories import NetworkFactory
from products.models import ProductPhoto

pytestmark = pytest.mark.django_db

# Messages not yet in the Thai catalogue are checked in English: the request asks for it.
ENGLISH = {"accept-language": "en"}
JSON = {"accept": "application/json", "accept-language": "en"}
LOCKED = "This scorecard is already submitted. Ask the chair or the officer to unlock it for a change."


@pytest.fixture
def contest(geography):
    """Three members (juror1 chairs), three entries, criteria 20 points × 2 and 10 points × 1."""
    return contest_with_panel(members=3, entries=3, criteria=((20, 2), (10, 1)))


def seat(contest, number):
    return Juror.objects.get(contest=contest, seat=number)


def entries_of(contest):
    return list(contest.entries.order_by("presentation_order"))


def criteria_of(contest, number=1):
    return list(contest.rounds.get(number=number).rubric.criteria.all())


def fields(criteria, *points, advice=""):
    return {**{f"criterion_{c.pk}": str(p) for c, p in zip(criteria, points, strict=True)}, "advice": advice}


def logged_in(client, contest, number=2):
    client.force_login(seat(contest, number).user)
    return client


def entry_url(entry):
    return reverse("contests:score_entry", args=[entry.pk])


# --- Who sees what --------------------------------------------------------------------------


def test_a_member_sees_only_the_contests_they_sit_on(client, contest):
    other = ContestFactory(network=NetworkFactory(province_id="24"), fiscal_year=2565, state=ContestState.SCORING_OPEN)
    JurorFactory(contest=other, user=UserFactory(username="someone-else"))
    response = logged_in(client, contest).get(reverse("contests:my_contests"), headers=ENGLISH)
    assert response.status_code == 200
    assert response.context["contests"] == [contest]
    assert re.findall(r'href="/contests/score/(\d+)/"', response.text) == [str(contest.pk)]
    assert "Scoring open" in response.text


def test_a_user_on_no_panel_sees_an_empty_list(client, ubon_officer, contest):
    client.force_login(ubon_officer)
    response = client.get(reverse("contests:my_contests"), headers=ENGLISH)
    assert response.status_code == 200
    assert response.context["contests"] == []
    assert "You do not sit on any contest's scoring panel." in response.text


def test_score_home_lists_the_members_entries_without_the_conflicted_one(client, contest):
    first, conflicted, third = entries_of(contest)
    ConflictFactory(juror=seat(contest, 2), entry=conflicted)
    response = logged_in(client, contest).get(reverse("contests:score_home", args=[contest.pk]), headers=ENGLISH)
    assert response.status_code == 200
    assert [entry.pk for entry in response.context["meeting"].entries] == [first.pk, third.pk]
    assert re.findall(r'data-entry="(\d+)"', response.text) == [str(first.pk), str(third.pk)]
    assert client.get(entry_url(conflicted)).status_code == 404
    assert client.post(entry_url(conflicted), fields(criteria_of(contest), 10, 5), headers=JSON).status_code == 404
    assert client.get(reverse("contests:declare_conflict", args=[conflicted.pk])).status_code == 404
    # the other members still score it
    client.force_login(seat(contest, 3).user)
    assert client.get(entry_url(conflicted)).status_code == 200


@pytest.mark.parametrize("name", ["score_home", "score_now", "score_entry", "declare_conflict"])
def test_outsiders_get_404_and_anonymous_users_the_login_page(client, contest, ubon_officer, name):
    args = [contest.pk] if name in ("score_home", "score_now") else [entries_of(contest)[0].pk]
    url = reverse(f"contests:{name}", args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    # the province's own officer runs the contest but does not sit on the panel
    client.force_login(ubon_officer)
    assert client.get(url).status_code == 404
    if name in ("score_entry", "declare_conflict"):
        assert client.post(url, {"action": "save", "grounds": "member"}).status_code == 404
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url).status_code == 404


def test_a_member_of_another_contest_gets_404_for_this_ones_entries(client, contest):
    other = contest_with_panel(members=1, entries=1, network=NetworkFactory(province_id="24"))
    outsider = JurorFactory(contest=other, user=UserFactory(username="chachoengsao-member")).user
    client.force_login(outsider)
    assert client.get(reverse("contests:score_home", args=[contest.pk])).status_code == 404
    assert client.get(entry_url(entries_of(contest)[0])).status_code == 404
    assert client.get(reverse("contests:score_home", args=[other.pk])).status_code == 200


# --- The meeting screen ---------------------------------------------------------------------


def test_score_home_shows_who_presents_now_and_the_members_progress(client, contest):
    first, second, third = entries_of(contest)
    contest.now_presenting = second
    contest.save(update_fields=["now_presenting"])
    member = seat(contest, 2)
    scoring.save_scorecard(member.user, first.pk, {str(c.pk): 10 for c in criteria_of(contest)}, submit=True)
    scoring.save_scorecard(member.user, third.pk, {str(criteria_of(contest)[0].pk): 5})
    response = logged_in(client, contest).get(reverse("contests:score_home", args=[contest.pk]), headers=ENGLISH)
    meeting = response.context["meeting"]
    assert (meeting.position, meeting.presenting_count, meeting.now_presenting, meeting.submitted) == (2, 3, second, 1)
    assert [entry.card_status for entry in meeting.entries] == ["submitted", "", "draft"]
    assert "Now presenting: group 2 of 3" in response.text
    assert f"{second.product.name} <span" in response.text
    assert "You have submitted 1 of 3" in response.text
    assert re.findall(r'class="list-group-item p-0 is-now" data-entry="(\d+)"', response.text) == [str(second.pk)]
    assert re.findall(r'data-status="(\w*)"', response.text) == ["submitted", "", "draft"]
    assert 'hx-trigger="every 3s"' in response.text


def test_the_polled_fragment_follows_the_chair_and_hides_a_conflicted_entry(client, contest):
    first, second, third = entries_of(contest)
    ConflictFactory(juror=seat(contest, 2), entry=third)
    url = reverse("contests:score_now", args=[contest.pk])
    logged_in(client, contest)
    contest.now_presenting = first
    contest.save(update_fields=["now_presenting"])
    response = client.get(url, headers=ENGLISH)
    assert response.status_code == 200
    assert response.text.startswith('<section id="now-presenting"')
    assert "Now presenting: group 1 of 3" in response.text
    assert f'data-now-presenting="{first.pk}"' in response.text
    assert "You have submitted 0 of 2" in response.text

    contest.now_presenting = third  # the chair moves on to the group this member may not see
    contest.save(update_fields=["now_presenting"])
    response = client.get(url, headers=ENGLISH)
    assert "Now presenting: group 3 of 3" in response.text
    assert "You have a conflict with this group: please leave the room while it presents." in response.text
    assert third.product.name not in response.text
    assert 'data-now-presenting=""' in response.text


def test_score_home_says_when_scoring_is_not_open(client, geography):
    contest = contest_with_panel(state=ContestState.SCORING_CLOSED)
    response = logged_in(client, contest).get(reverse("contests:score_home", args=[contest.pk]), headers=ENGLISH)
    assert response.status_code == 200
    assert "Scoring is not open. The contest is now: “Scoring closed”." in response.text
    assert 'id="entry-list"' not in response.text
    assert response.context["meeting"].round is None


def test_the_final_round_lists_only_the_shortlist(client, geography):
    contest = contest_with_panel(state=ContestState.FINAL_SCORING_OPEN)
    Round.objects.create(contest=contest, number=2, rubric=contest.rounds.get(number=1).rubric)
    first, second, third = entries_of(contest)
    Entry.objects.filter(pk__in=[first.pk, third.pk]).update(shortlisted=True)
    response = logged_in(client, contest).get(reverse("contests:score_home", args=[contest.pk]), headers=ENGLISH)
    assert [entry.pk for entry in response.context["meeting"].entries] == [first.pk, third.pk]
    assert client.get(entry_url(second)).status_code == 404
    assert client.get(entry_url(third)).status_code == 200


# --- The scoring form -----------------------------------------------------------------------


def test_the_form_shows_each_criterion_with_its_maximum(client, contest):
    rubric = contest.rounds.get().rubric
    CriterionFactory(rubric=rubric, position=9, name_th="ความคิดสร้างสรรค์", name_en="", max_points=5, independent=True,
                     description="ความแปลกใหม่ของผลิตภัณฑ์")
    first, second = criteria_of(contest)[:2]
    entry = entries_of(contest)[0]
    response = logged_in(client, contest).get(entry_url(entry), headers=ENGLISH)
    assert response.status_code == 200
    html = response.text
    assert re.findall(r'<label class="h6 fw-bold d-block mb-1" id="criterion_\d+-label" for="id_criterion_\d+">([^<]+)</label>', html) == [
        first.name_en, second.name_en, "ความคิดสร้างสรรค์",  # English names in English, when there is one
    ]
    assert [" ".join(text.split()) for text in re.findall(r'<span class="score-max" id="criterion_\d+-max">\s*(max [\d.]+ points)', html)] == [
        "max 20 points", "max 10 points", "max 5 points",
    ]
    assert "counts × 2" in html
    assert html.count("not counted in the total") == 1
    assert "ความแปลกใหม่ของผลิตภัณฑ์" in html
    assert re.findall(r'data-pick="([\d.]+)"', html)[:6] == ["10", "12", "14", "16", "18", "20"]
    assert 'inputmode="decimal"' in html
    assert entry.product.name in html and entry.group.name in html
    assert 'id="live-total" data-server-total="0"' in html
    assert "of 50 points" in html  # 20 × 2 + 10; the independent criterion is not in the total
    assert Scorecard.objects.count() == 0


def test_the_form_shows_the_products_first_photo(client, contest):
    entry = entries_of(contest)[0]
    ProductPhoto.objects.create(product=entry.product, image="products/silk-2.jpg", position=2)
    ProductPhoto.objects.create(product=entry.product, image="products/silk-1.jpg", caption="ผ้าไหมผืนแรก", position=1)
    response = logged_in(client, contest).get(entry_url(entry))
    assert re.findall(r'<img class="entry-photo[^"]*" src="([^"]+)" alt="([^"]+)"', response.text) == [
        ("/media/products/silk-1.jpg", "ผ้าไหมผืนแรก"),
    ]


def test_the_pages_carry_no_inline_javascript():
    for name in ("my_contests", "score_home", "_now_presenting", "score_entry", "declare_conflict"):
        source = (settings.BASE_DIR / "templates" / "contests" / f"{name}.html").read_text()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", source) == [], name
        assert re.findall(r"\son[a-z]+\s*=", source) == [], name


def test_thai_is_the_default_and_criteria_show_their_thai_names(client, contest):
    response = logged_in(client, contest).get(entry_url(entries_of(contest)[0]))
    assert [c.name_th for c in criteria_of(contest)] == re.findall(r'for="id_criterion_\d+">([^<]+)</label>', response.text)


def test_a_json_draft_save_writes_the_scorecard(client, contest):
    first, second = criteria_of(contest)
    entry = entries_of(contest)[0]
    response = logged_in(client, contest).post(entry_url(entry), fields([first, second], "15", "", advice=" ดีมาก "), headers=JSON)
    assert response.status_code == 200
    scorecard = Scorecard.objects.get()
    assert response.json() == {"status": "draft", "total": "30.00", "saved_at": scorecard.updated_at.isoformat()}
    assert (scorecard.status, scorecard.juror, scorecard.entry, scorecard.advice) == (
        ScorecardStatus.DRAFT, seat(contest, 2), entry, "ดีมาก",
    )
    assert list(scorecard.scores.values_list("criterion_id", "points")) == [(first.pk, Decimal("15.00"))]
    assert ScorecardRevision.objects.count() == 0

    response = client.get(entry_url(entry), headers=ENGLISH)
    assert 'name="criterion_%s" value="15"' % first.pk in response.text
    assert 'name="criterion_%s" value=""' % second.pk in response.text
    assert "Saved on the server at" in response.text


def test_submit_records_a_revision_and_an_identical_second_submit_is_harmless(client, contest):
    first, second = criteria_of(contest)
    entry = entries_of(contest)[0]
    data = {**fields([first, second], "15.5", "8,5", advice="บรรจุภัณฑ์สวย"), "action": "submit"}
    response = logged_in(client, contest).post(entry_url(entry), data, headers=JSON)
    assert response.status_code == 200
    scorecard = Scorecard.objects.get()
    assert response.json() == {"status": "submitted", "total": "39.50", "saved_at": scorecard.updated_at.isoformat()}
    assert scorecard.status == ScorecardStatus.SUBMITTED
    revision = ScorecardRevision.objects.get()
    assert (revision.action, revision.by, revision.total) == (RevisionAction.SUBMITTED, seat(contest, 2).user, Decimal("39.50"))
    assert revision.points == {str(first.pk): "15.50", str(second.pk): "8.50"}

    again = client.post(entry_url(entry), data, headers=JSON)  # a double tap, or a re-sent request
    assert again.status_code == 200
    assert again.json() == response.json()
    assert Scorecard.objects.count() == 1
    assert ScorecardRevision.objects.count() == 1

    page = client.get(entry_url(entry), headers=ENGLISH)
    assert 'id="score-form"' not in page.text
    assert "Ask the chair or the officer to unlock it if you need a change." in page.text
    assert re.findall(r'<dd class="mb-0 fw-bold text-nowrap">([^<]+)</dd>', page.text) == ["15.5 of 20", "8.5 of 10"]


def test_changing_a_submitted_scorecard_is_refused_with_409(client, contest):
    first, second = criteria_of(contest)
    entry = entries_of(contest)[0]
    logged_in(client, contest).post(entry_url(entry), {**fields([first, second], 15, 8), "action": "submit"}, headers=JSON)
    response = client.post(entry_url(entry), {**fields([first, second], 16, 8), "action": "submit"}, headers=JSON)
    assert response.status_code == 409
    assert response.json() == {"message": LOCKED}
    response = client.post(entry_url(entry), {**fields([first, second], 15, 9), "action": "save"}, headers=JSON)
    assert response.status_code == 409
    # the same values again (a save queued on the phone before the submission) are harmless
    response = client.post(entry_url(entry), {**fields([first, second], 15, 8), "action": "save"}, headers=JSON)
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    # The message is translatable: a Thai request gets the Thai catalogue's text.
    response = client.post(entry_url(entry), {**fields([first, second], 16, 8), "action": "submit"},
                           headers={"accept": "application/json", "accept-language": "th"})
    with translation.override("th"):
        assert response.json() == {"message": translation.gettext(LOCKED)}
    assert list(Score.objects.values_list("points", flat=True).order_by("criterion__position")) == [Decimal(15), Decimal(8)]


@pytest.mark.parametrize(("typed", "message"), [
    ("21", "Give from 0 to 20 points."),
    ("-1", "Give from 0 to 20 points."),
    ("สิบ", "“สิบ” is not a number."),
    ("7.125", "Use at most two decimal places."),
])
def test_bad_points_are_refused_with_400_beside_the_field(client, contest, typed, message):
    first, second = criteria_of(contest)
    response = logged_in(client, contest).post(entry_url(entries_of(contest)[0]), fields([first, second], typed, "5"), headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"errors": {f"criterion_{first.pk}": message}, "message": "Check the marked scores."}
    assert Scorecard.objects.count() == 0


def test_a_criterion_of_another_contest_is_refused_with_400(client, contest):
    other = contest_with_panel(members=1, entries=1, network=NetworkFactory(province_id="24"))
    foreign = criteria_of(other)[0]
    data = {f"criterion_{foreign.pk}": "5", "advice": ""}
    response = logged_in(client, contest).post(entry_url(entries_of(contest)[0]), data, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"errors": {}, "message": "The form does not match this contest's criteria. Reload the page."}
    assert Scorecard.objects.count() == 0


def test_submitting_an_incomplete_scorecard_is_refused_with_400(client, contest):
    first, second = criteria_of(contest)
    data = {**fields([first, second], "12", ""), "action": "submit"}
    response = logged_in(client, contest).post(entry_url(entries_of(contest)[0]), data, headers=JSON)
    assert response.status_code == 400
    assert response.json() == {"errors": {}, "message": f"Score every required criterion before submitting: {second.name_en}."}
    assert Scorecard.objects.count() == 0


def test_saving_while_scoring_is_not_open_is_refused_with_409(client, geography):
    contest = contest_with_panel(state=ContestState.SCORING_CLOSED)
    entry = entries_of(contest)[0]
    logged_in(client, contest)
    page = client.get(entry_url(entry), headers=ENGLISH)
    assert page.status_code == 200
    assert "Scoring is not open. The contest is now: “Scoring closed”." in page.text
    assert 'id="score-form"' not in page.text
    response = client.post(entry_url(entry), fields(criteria_of(contest), 10), headers=JSON)
    assert response.status_code == 409
    assert response.json() == {"message": "Scoring is not open for this contest."}
    assert Scorecard.objects.count() == 0


def test_saving_outside_the_scoring_window_is_refused_with_409(client, geography):
    now = timezone.now()
    contest = contest_with_panel(
        scoring_opens_at=now - datetime.timedelta(hours=5), scoring_closes_at=now - datetime.timedelta(minutes=1)
    )
    response = logged_in(client, contest).post(entry_url(entries_of(contest)[0]), fields(criteria_of(contest), 10), headers=JSON)
    assert response.status_code == 409
    assert response.json() == {"message": "This is outside the contest's scoring window."}
    assert Scorecard.objects.count() == 0


def test_a_plain_form_post_saves_and_redirects(client, contest):
    first, second = criteria_of(contest)
    entry = entries_of(contest)[0]
    response = logged_in(client, contest).post(entry_url(entry), {**fields([first, second], 12, 7), "action": "save"}, headers=ENGLISH)
    assert response.status_code == 302
    assert response.url == entry_url(entry)
    assert Scorecard.objects.get().total == Decimal("31.00")
    page = client.get(response.url, headers=ENGLISH)
    assert "Draft saved." in page.text

    response = client.post(entry_url(entry), {**fields([first, second], 12, 7), "action": "submit"}, headers=ENGLISH)
    assert response.status_code == 302
    assert response.url == reverse("contests:score_home", args=[contest.pk])
    assert Scorecard.objects.get().status == ScorecardStatus.SUBMITTED
    assert f"Your scores for {entry} are submitted." in client.get(response.url, headers=ENGLISH).text


def test_a_plain_form_post_with_errors_comes_back_with_the_typed_values(client, contest):
    first, second = criteria_of(contest)
    data = {**fields([first, second], "25", "7", advice="ควรพัฒนาฉลาก"), "action": "save"}
    response = logged_in(client, contest).post(entry_url(entries_of(contest)[0]), data, headers=ENGLISH)
    assert response.status_code == 400
    assert f'name="criterion_{first.pk}" value="25"' in response.text
    assert f'id="criterion_{first.pk}-error">Give from 0 to 20 points.</div>' in response.text
    assert f'id="criterion_{second.pk}-error"></div>' in response.text
    assert ">ควรพัฒนาฉลาก</textarea>" in response.text
    assert "Check the marked scores." in response.text
    assert Scorecard.objects.count() == 0

    submitted = client.post(entry_url(entries_of(contest)[0]), {**fields([first, second], 15, 7), "action": "submit"})
    assert submitted.status_code == 302
    response = client.post(entry_url(entries_of(contest)[0]), {**fields([first, second], 16, 7), "action": "submit"}, headers=ENGLISH)
    assert response.status_code == 409
    assert f'<div class="alert alert-danger" role="alert" id="form-message">{LOCKED}</div>' in response.text
    assert 'id="submitted-notice"' in response.text


# --- Declaring a conflict -------------------------------------------------------------------


def test_declaring_a_conflict_takes_the_entry_off_the_members_list(client, contest):
    first, second, third = entries_of(contest)
    member = seat(contest, 2)
    scoring.save_scorecard(member.user, second.pk, {str(criteria_of(contest)[0].pk): 12})
    url = reverse("contests:declare_conflict", args=[second.pk])
    page = logged_in(client, contest).get(url, headers=ENGLISH)
    assert page.status_code == 200
    assert re.findall(r'name="grounds" value="(\w+)"', page.text) == ["member", "business", "other"]

    response = client.post(url, {"grounds": "member", "note": "ภรรยาเป็นสมาชิกกลุ่ม"}, headers=ENGLISH)
    assert response.status_code == 302
    assert response.url == reverse("contests:score_home", args=[contest.pk])
    conflict = Conflict.objects.get()
    assert (conflict.juror, conflict.entry, conflict.grounds, conflict.note, conflict.declared_by_member, conflict.recorded_by) == (
        member, second, ConflictGrounds.MEMBER_OR_RELATIVE, "ภรรยาเป็นสมาชิกกลุ่ม", True, member.user,
    )
    assert Scorecard.objects.count() == 0  # the draft for it is discarded
    home = client.get(response.url, headers=ENGLISH)
    assert [entry.pk for entry in home.context["meeting"].entries] == [first.pk, third.pk]
    assert "you will leave the room while this group presents" in home.text
    assert client.get(entry_url(second)).status_code == 404
    assert client.get(url).status_code == 404


def test_other_grounds_need_details(client, contest):
    url = reverse("contests:declare_conflict", args=[entries_of(contest)[0].pk])
    response = logged_in(client, contest).post(url, {"grounds": "other", "note": "  "}, headers=ENGLISH)
    assert response.status_code == 200
    assert "Describe the conflict when you choose “Other”." in response.text
    assert response.context["form"].errors == {"note": ["Describe the conflict when you choose “Other”."]}
    assert Conflict.objects.count() == 0


def test_no_conflict_is_declared_once_the_committee_has_decided(client, geography):
    contest = contest_with_panel(state=ContestState.WINNER_SELECTED)
    entry = entries_of(contest)[0]
    url = reverse("contests:declare_conflict", args=[entry.pk])
    logged_in(client, contest)
    assert client.get(url).status_code == 403
    assert client.post(url, {"grounds": "member", "note": ""}).status_code == 403
    assert Conflict.objects.count() == 0
    assert url not in client.get(reverse("contests:score_home", args=[contest.pk])).text
    assert url not in client.get(entry_url(entry)).text


def test_the_conflict_links_are_there_while_the_contest_is_open(client, contest):
    entry = entries_of(contest)[0]
    url = reverse("contests:declare_conflict", args=[entry.pk])
    logged_in(client, contest)
    home = client.get(reverse("contests:score_home", args=[contest.pk]))
    assert re.findall(r'href="(/contests/score/entries/\d+/conflict/)"', home.text) == [
        reverse("contests:declare_conflict", args=[e.pk]) for e in entries_of(contest)
    ]
    assert f'href="{url}" id="declare-conflict-link"' in client.get(entry_url(entry)).text


# --- Query counts ---------------------------------------------------------------------------


def scored_contest(entries, criteria):
    contest = contest_with_panel(members=2, entries=entries, criteria=[(20, 1)] * criteria)
    member = seat(contest, 2)
    points = {str(c.pk): 10 for c in criteria_of(contest)}
    listed = entries_of(contest)
    scoring.save_scorecard(member.user, listed[0].pk, points, "ดี", submit=True)
    scoring.save_scorecard(member.user, listed[1].pk, points, "ดี")
    contest.now_presenting = listed[1]
    contest.save(update_fields=["now_presenting"])
    return contest, member, listed


@pytest.mark.parametrize(("entries", "criteria"), [(2, 3), (10, 8)])
def test_score_entry_queries_do_not_grow(client, geography, django_assert_num_queries, entries, criteria):
    contest, member, listed = scored_contest(entries, criteria)
    client.force_login(member.user)
    with django_assert_num_queries(12):
        response = client.get(entry_url(listed[1]))
    assert len(response.context["rows"]) == criteria
    assert [row.value for row in response.context["rows"]] == ["10"] * criteria


@pytest.mark.parametrize(("entries", "criteria"), [(2, 3), (10, 8)])
def test_score_home_queries_do_not_grow(client, geography, django_assert_num_queries, entries, criteria):
    contest, member, listed = scored_contest(entries, criteria)
    client.force_login(member.user)
    with django_assert_num_queries(10):
        response = client.get(reverse("contests:score_home", args=[contest.pk]))
    assert len(response.context["meeting"].entries) == entries
    assert response.context["meeting"].submitted == 1
