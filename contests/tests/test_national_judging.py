"""National judges on the provincial round's pages: one scoring engine serves both tiers.

A national round of FY 2565 with the provinces' winners (each sent by a logged submission) and two
regional judging teams: "north" (Chiang Mai, Chiang Rai …) and "northeast and central" (Ubon,
Chachoengsao …). A judge scores on the same phone pages as a provincial committee member, sees only
the entries of the team's regions, declares a conflict with the entry of their own province and
then can neither see nor score it; the national admin's board marks the other team's entries, and
the ranking orders the round.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from django.urls import reverse
from django.utils import timezone

from contests import scoring, workflow
from contests.enums import ContestKind, ContestLevel, ContestState, ScorecardStatus, SubmissionState
from contests.models import Award, Conflict, Entry, JudgingTeam, Juror, Scorecard, Submission
from contests.tests.factories import ContestFactory, CriterionFactory, EntryFactory
from kbo.accounts.tests.factories import UserFactory
from kbo.geography.models import Region
from networks.models import Network
from networks.tests.factories import NetworkFactory
from products.tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db

# province code: (subdistrict, group, product)
PROVINCES = {
    "50": ("500101", "กลุ่มผ้าฝ้ายทอมือบ้านศรีภูมิ", "ผ้าฝ้ายย้อมครามลายดอกพิกุล"),
    "57": ("570101", "กลุ่มชาอู่หลงดอยเวียง", "ชาอู่หลงอบแห้งบรรจุซอง"),
    "52": ("520101", "กลุ่มเซรามิกเวียงเหนือ", "ชามตราไก่ลายคราม"),
    "34": ("340101", "กลุ่มทอผ้าไหมบ้านในเมือง", "ผ้าไหมลายกาบบัว"),
    "40": ("400101", "กลุ่มผ้ามัดหมี่ในเมือง", "ผ้าไหมมัดหมี่ลายแคนแก่นคูน"),
    "30": ("300101", "กลุ่มหมี่โคราชในเมือง", "หมี่โคราชอบแห้ง"),
    "24": ("240101", "กลุ่มแปรรูปมะม่วงหน้าเมือง", "มะม่วงแช่อิ่มอบแห้ง"),
}
LEADER = "นางบุญมี ผู้นำกลุ่มตัวอย่าง"  # personal data: never on a public page
PHONE, EMAIL = "0812345678", "leader@example.org"
TEAMS = {"north": [Region.NORTH], "northeast": [Region.NORTHEAST, Region.CENTRAL]}
JUDGES = {  # team: the judges' names, by seat
    "north": ["ศาสตราจารย์วิไล ศรีล้านนา", "รองศาสตราจารย์มานพ ดอยคำ"],
    "northeast": ["ผู้ช่วยศาสตราจารย์สุดา มูลมั่ง", "อาจารย์ประเสริฐ แก่นคูน"],
}
AWARDS = [("รางวัลเหรียญทอง", "Gold", 1), ("รางวัลเหรียญเงิน", "Silver", 1), ("รางวัลชมเชย", "Honourable mention", 2)]


def network_of(code):
    return Network.objects.filter(province_id=code).first() or NetworkFactory(province_id=code)


def submit_winner(national, code, order):
    """The province's FY 2565 winner, its provincial contest, its submission and its national entry."""
    subdistrict, group_name, product_name = PROVINCES[code]
    group = ProducerGroupFactory(
        name=group_name, subdistrict_id=subdistrict, postal_code=f"{code}000", leader_name=f"{LEADER} {code}",
        phone=PHONE, email=EMAIL,
    )
    product = ProductFactory(group=group, name=product_name)
    provincial = ContestFactory(network=network_of(code), state=ContestState.SUBMITTED)
    winner = EntryFactory(contest=provincial, group=group, product=product, winner_position=1)
    entry = Entry.objects.create(contest=national, group=group, product=product, presentation_order=order)
    Submission.objects.create(
        national=national, provincial=provincial, province_id=code, entry=winner, national_entry=entry,
        innovation="ย้อมสีธรรมชาติจากพืชในท้องถิ่น", identity="ลายผ้าสืบทอดจากบรรพบุรุษ",
        state=SubmissionState.SUBMITTED, submitted_at=timezone.now(),
    )
    return entry


def judge(national, team, seat, name):
    first, last = name.split(" ", 1)
    user = UserFactory(username=f"judge-{team.name}-{seat}", first_name=first, last_name=last, is_national_judge=True)
    return Juror.objects.create(contest=national, user=user, name=user.get_full_name(), team=team, seat=seat)


def national_round(provinces=("50", "57", "34", "24"), judges=2, **fields):
    """The FY 2565 national round of product innovation with scoring open: one criterion out of
    100, four awards (gold, silver, two honourable mentions), the provinces' entries in the given
    order, and `judges` national judges in each regional team."""
    national = ContestFactory(
        level=ContestLevel.NATIONAL, network=None, kind=ContestKind.PRODUCT, state=ContestState.SCORING_OPEN,
        submission_deadline=timezone.now() - datetime.timedelta(days=30), meeting_date=datetime.date(2022, 8, 20),
        venue="อาคารชาเลนเจอร์ อิมแพ็ค เมืองทองธานี", **fields,
    )
    CriterionFactory(rubric=national.rounds.get().rubric, max_points=100, weight=1)
    for position, (name_th, name_en, count) in enumerate(AWARDS, start=1):
        Award.objects.create(contest=national, position=position, name_th=name_th, name_en=name_en, count=count)
    for order, code in enumerate(provinces, start=1):
        submit_winner(national, code, order)
    for name, regions in TEAMS.items():
        team = JudgingTeam.objects.create(contest=national, name=name, regions=regions)
        for seat in range(1, judges + 1):
            judge(national, team, seat, JUDGES[name][seat - 1])
    return national


def entry_of(national, code):
    return national.entries.get(submission__province_id=code)


def judge_of(national, team, seat=1):
    return Juror.objects.get(contest=national, team__name=team, seat=seat)


def score(national, team, seat, code, points):
    criterion = national.rounds.get().rubric.criteria.get()
    user = judge_of(national, team, seat).user
    return scoring.save_scorecard(user, entry_of(national, code).pk, {str(criterion.pk): str(points)}, submit=True)


@pytest.fixture
def national(geography):
    return national_round()


def test_a_north_judge_sees_and_scores_only_the_northern_entries(client, national):
    north = judge_of(national, "north")
    client.force_login(north.user)
    response = client.get(reverse("contests:score_home", args=[national.pk]))
    assert response.status_code == 200
    assert [entry.pk for entry in response.context["meeting"].entries] == [
        entry_of(national, "50").pk, entry_of(national, "57").pk,
    ]
    ubon = entry_of(national, "34")
    assert client.get(reverse("contests:score_entry", args=[ubon.pk])).status_code == 404
    with pytest.raises(scoring.ScoringError) as refused:
        score(national, "north", 1, "34", 80)
    assert refused.value.code == "not_yours"
    assert score(national, "north", 1, "50", 80).status == ScorecardStatus.SUBMITTED
    page = client.get(reverse("contests:score_entry", args=[entry_of(national, "57").pk]))
    assert page.status_code == 200
    assert page.context["entry"] == entry_of(national, "57")


def test_the_national_round_is_on_a_judges_list_of_contests(client, national):
    client.force_login(judge_of(national, "northeast").user)
    response = client.get(reverse("contests:my_contests"))
    assert response.status_code == 200
    assert list(response.context["contests"]) == [national]
    assert str(national) in response.content.decode()


def test_a_judge_from_the_entrys_province_declares_the_conflict_then_neither_sees_nor_scores_it(client, national):
    chiang_mai = entry_of(national, "50")
    north = judge_of(national, "north")
    client.force_login(north.user)
    url = reverse("contests:declare_conflict", args=[chiang_mai.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"grounds": "other", "note": "กรรมการมีภูมิลำเนาในจังหวัดเชียงใหม่"})
    assert response.status_code == 302
    assert response["Location"] == reverse("contests:score_home", args=[national.pk])
    conflict = Conflict.objects.get()
    assert (conflict.juror, conflict.entry, conflict.declared_by_member) == (north, chiang_mai, True)
    home = client.get(reverse("contests:score_home", args=[national.pk]))
    assert [entry.pk for entry in home.context["meeting"].entries] == [entry_of(national, "57").pk]
    assert client.get(reverse("contests:score_entry", args=[chiang_mai.pk])).status_code == 404
    assert client.post(reverse("contests:score_entry", args=[chiang_mai.pk]), {"action": "submit"}).status_code == 404
    with pytest.raises(scoring.ScoringError) as refused:
        score(national, "north", 1, "50", 90)
    assert refused.value.code == "not_yours"
    assert not Scorecard.objects.filter(juror=north).exists()


def test_the_national_admins_board_marks_the_other_teams_entries(client, national, national_admin):
    score(national, "north", 1, "50", 80)
    score(national, "northeast", 2, "24", 70)
    client.force_login(national_admin)
    response = client.get(reverse("contests:meeting_board", args=[national.pk]))
    assert response.status_code == 200
    statuses = [[status for _entry, status, _id in cells] for _juror, cells in response.context["board_rows"]]
    # rows by seat: north 1, northeast 1, north 2, northeast 2; columns: Chiang Mai, Chiang Rai, Ubon, Chachoengsao
    assert [juror.name for juror, _cells in response.context["board_rows"]] == [
        JUDGES["north"][0], JUDGES["northeast"][0], JUDGES["north"][1], JUDGES["northeast"][1],
    ]
    assert statuses == [
        ["submitted", "", "other_team", "other_team"],
        ["other_team", "other_team", "", ""],
        ["", "", "other_team", "other_team"],
        ["other_team", "other_team", "", "submitted"],
    ]
    board = response.context["board"]
    assert (board.submitted, board.expected) == (2, 8)  # each judge scores their team's two entries
    html = response.content.decode()
    assert html.count('data-status="other_team"') == 8
    with translation.override("th"):  # the page is in the default language
        assert html.count(translation.gettext("another team")) == 8
    meeting = client.get(reverse("contests:meeting", args=[national.pk]))
    assert meeting.status_code == 200
    assert meeting.context["board"].expected == 8


def test_judging_closes_when_each_judge_has_scored_their_teams_entries_and_the_ranking_orders_the_round(
    client, national, national_admin
):
    points = {("north", 1): {"50": 80, "57": 60}, ("north", 2): {"50": 90, "57": 70},
              ("northeast", 1): {"34": 75, "24": 95}, ("northeast", 2): {"34": 85, "24": 65}}
    for (team, seat), table in points.items():
        for code, value in table.items():
            score(national, team, seat, code, value)
    workflow.advance(national, ContestState.SCORING_CLOSED, by=national_admin)  # no note: nobody is missing
    client.force_login(national_admin)
    response = client.get(reverse("contests:ranking", args=[national.rounds.get().pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    # means: Chiang Mai 85, Ubon 80, Chachoengsao 80, Chiang Rai 65; the two at 80 are level
    assert [(result.entry.submission.province_id, result.score, result.place) for result, _a in rows] == [
        ("50", Decimal("85.0000"), 1), ("34", Decimal("80.0000"), 2), ("24", Decimal("80.0000"), 2),
        ("57", Decimal("65.0000"), 4),
    ]
    assert response.context["can_assign_awards"] is True
    assert "can_shortlist" not in response.context
    html = response.content.decode()
    assert reverse("contests:award_assign", args=[national.pk]) in html
    assert reverse("contests:shortlist", args=[national.pk]) not in html


def test_a_judge_sees_the_ranking_once_judging_has_closed_but_assigns_no_awards(client, national, national_admin):
    score(national, "north", 1, "50", 80)
    workflow.advance(national, ContestState.SCORING_CLOSED, by=national_admin, note="ปิดการตัดสินตามกำหนดเวลา")
    client.force_login(judge_of(national, "north", 2).user)
    response = client.get(reverse("contests:ranking", args=[national.rounds.get().pk]))
    assert response.status_code == 200
    assert response.context["can_assign_awards"] is False
    assert client.get(reverse("contests:award_assign", args=[national.pk])).status_code == 403


def test_the_national_admin_unlocks_a_judges_scorecard_from_the_board(client, national, national_admin):
    card = score(national, "northeast", 1, "34", 75)
    client.force_login(national_admin)
    board = client.get(reverse("contests:meeting_board", args=[national.pk]))
    assert reverse("contests:unlock", args=[card.pk]) in board.content.decode()
    response = client.post(reverse("contests:unlock", args=[card.pk]), {"reason": "กรอกคะแนนผิดช่อง"})
    assert response.status_code == 302
    assert Scorecard.objects.get(pk=card.pk).status == ScorecardStatus.DRAFT
    assert score(national, "northeast", 1, "34", 78).total == Decimal("78.00")
