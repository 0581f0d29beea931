"""The national round end to end, across three provinces of three regions: each province selects its
winner, submits its dossier (Songkhla late, then accepted), two regional teams of national judges
score on the same engine (one judge leaves the room for their own province), the awards are given,
the results published, the certificates rendered and the public page shows no personal data."""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import awards, documents, national, national_setup, scoring, services, workflow
from contests.dashboard import ProvinceState, province_rows
from contests.enums import ContestKind, ContestState, SubmissionState, TieBreak
from contests.models import Award, Contest, Entry, JudgingTeam
from contests.tests.factories import CriterionFactory, EntryFactory, contest_with_panel
from kbo.accounts.tests.factories import UserFactory
from kbo.geography.models import Region
from networks.tests.factories import NetworkFactory
from products.tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db

SCREENS = Path("test-results/screens")
# province: (subdistrict, postal code, group, product, the panel's points for it)
PROVINCES = {
    "34": ("340101", "34000", "กลุ่มทอผ้าไหมบ้านปะอาว", "ผ้าไหมลายน้ำไหล", "18"),
    "50": ("500101", "50200", "กลุ่มผ้าฝ้ายบ้านศรีภูมิ", "ผ้าฝ้ายย้อมคราม", "17"),
    "90": ("900101", "90000", "กลุ่มแปรรูปอาหารทะเลบ่อยาง", "น้ำพริกกุ้งเสียบ", "16"),
}
JUDGE_POINTS = {"34": "18", "50": "15", "90": "17"}  # on the national criterion (max 20)


def province_winner(code, officer):
    """The province's selection, played to its one winner through the engine."""
    subdistrict, postal, group_name, product_name, points = PROVINCES[code]
    contest = contest_with_panel(
        members=2, entries=0, network=NetworkFactory(province_id=code), tie_break=TieBreak.CHAIR,
    )
    group = ProducerGroupFactory(name=group_name, subdistrict_id=subdistrict, postal_code=postal, leader_name="นางสมใจ ผู้นำกลุ่ม")
    entry = EntryFactory(contest=contest, product=ProductFactory(group=group, name=product_name))
    criterion = contest.rounds.get().rubric.criteria.get()
    for juror in contest.jurors.all():
        scoring.save_scorecard(juror.user, entry.pk, {str(criterion.pk): points}, "ต่อยอดบรรจุภัณฑ์", submit=True)
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=officer)
    services.record_shortlist(contest, [entry], by=officer)
    return services.select_winners(contest, [entry], by=officer)


def submit(provincial, officer):
    submission = national.prepare_dossier(provincial, by=officer)
    national.update_dossier(submission, {"innovation": "ย้อมสีธรรมชาติ", "identity": "ลายผ้าของชุมชน", "summary": ""}, by=officer)
    return national.submit(submission, by=officer)


@pytest.fixture
def officers(geography):
    return {code: UserFactory(username=f"officer{code}", officer_provinces=[code]) for code in PROVINCES}


def test_three_provinces_through_the_national_round(client, officers, national_admin):
    winners = {code: province_winner(code, officer) for code, officer in officers.items()}

    now = timezone.now()
    round = national_setup.create_national_round(Contest(
        fiscal_year=2565, kind=ContestKind.PRODUCT, submission_deadline=now + datetime.timedelta(hours=1),
        scoring_opens_at=now - datetime.timedelta(minutes=1), scoring_closes_at=now + datetime.timedelta(days=1),
        tie_break=TieBreak.CHAIR,
    ))
    criterion = CriterionFactory(rubric=round.rounds.get().rubric, name_th="นวัตกรรม", max_points=20)
    for position, (name, count) in enumerate([("เหรียญทอง", 1), ("เหรียญเงิน", 1), ("เหรียญทองแดง", 1)], start=1):
        Award.objects.create(contest=round, position=position, name_th=name, count=count)
    judges = {}
    for team_name, regions, usernames in [
        ("ภาคเหนือและภาคกลาง", [Region.NORTH, Region.CENTRAL], ["judge-n1", "judge-n2"]),
        ("ภาคอีสานและภาคใต้", [Region.NORTHEAST, Region.SOUTH], ["judge-s1", "judge-s2"]),
    ]:
        team = JudgingTeam.objects.create(contest=round, name=team_name, regions=regions)
        for username in usernames:
            judges[username] = national_setup.add_judge(
                round, UserFactory(username=username, first_name="ผู้ทรงคุณวุฒิ", last_name=username, is_national_judge=True), team
            )
    workflow.advance(round, ContestState.ENTRIES_OPEN, by=national_admin)

    # Ubon and Chiang Mai in time; Songkhla after the deadline, accepted by CDD.
    on_time = [submit(winners[code], officers[code]) for code in ("34", "50")]
    assert [s.state for s in on_time] == [SubmissionState.SUBMITTED] * 2
    Contest.objects.filter(pk=round.pk).update(submission_deadline=now - datetime.timedelta(minutes=1))
    late = submit(winners["90"], officers["90"])
    assert (late.state, late.late, late.national_entry) == (SubmissionState.LATE, True, None)
    late = national.accept_late(late, by=national_admin)
    assert late.state == SubmissionState.SUBMITTED and late.national_entry is not None
    for code, provincial in winners.items():
        provincial.refresh_from_db()
        assert provincial.state == ContestState.SUBMITTED, code
    entries = {code: Entry.objects.get(contest=round, group__subdistrict__province_id=code) for code in PROVINCES}

    rows = {row.province.code: row for row in province_rows(round)}
    assert len(rows) == 77
    assert [rows[code].state for code in ("34", "50", "90", "24")] == [
        ProvinceState.SUBMITTED, ProvinceState.SUBMITTED, ProvinceState.LATE, ProvinceState.NO_CONTEST,
    ]

    round.refresh_from_db()
    workflow.advance(round, ContestState.SCORING_OPEN, by=national_admin)
    # Each team sees only its regions; judge-s2 comes from Songkhla and leaves the room for it.
    visible = {name: set(Entry.objects.for_juror(juror).values_list("pk", flat=True)) for name, juror in judges.items()}
    assert visible["judge-n1"] == {entries["50"].pk}
    assert visible["judge-s1"] == {entries["34"].pk, entries["90"].pk}
    services.record_conflict(judges["judge-s2"], entries["90"], "member", "ภูมิลำเนาจังหวัดสงขลา", by=judges["judge-s2"].user, by_member=True)
    with pytest.raises(scoring.ScoringError):
        scoring.save_scorecard(judges["judge-s2"].user, entries["90"].pk, {str(criterion.pk): "20"}, submit=True)
    with pytest.raises(scoring.ScoringError):  # another team's region
        scoring.save_scorecard(judges["judge-n1"].user, entries["34"].pk, {str(criterion.pk): "20"}, submit=True)
    for juror in judges.values():
        for code, entry in entries.items():
            if entry.pk in Entry.objects.for_juror(juror).values_list("pk", flat=True):
                scoring.save_scorecard(juror.user, entry.pk, {str(criterion.pk): JUDGE_POINTS[code]}, "ดีมาก", submit=True)
    workflow.advance(round, ContestState.SCORING_CLOSED, by=national_admin)

    ranking = scoring.ranking(round.rounds.get())
    assert [(r.entry.pk, r.score, r.scorecards) for r in ranking.results] == [
        (entries["34"].pk, 18, 2), (entries["90"].pk, 17, 1), (entries["50"].pk, 15, 2),
    ]
    awards.assign_awards(round, awards.suggested_awards(round.rounds.get()), {}, by=national_admin)
    workflow.advance(round, ContestState.PUBLISHED, by=national_admin)
    assert [str(e.award) for e in Entry.objects.filter(contest=round).order_by("award__position")] == [
        "เหรียญทอง", "เหรียญเงิน", "เหรียญทองแดง",
    ]

    document = documents.certificates(round)
    pdf = documents.render_pdf(document)
    assert pdf[:5] == b"%PDF-"
    SCREENS.mkdir(parents=True, exist_ok=True)
    (SCREENS / "national-certificates.pdf").write_bytes(pdf)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", SCREENS / "national-certificates.pdf"], capture_output=True, text=True).stdout
        assert "Pages:           3" in info
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", SCREENS / "national-certificates.pdf",
                        SCREENS / "national-certificate"], check=True)

    page = client.get(reverse("contests:public_results", args=[2565, "product"])).content.decode()
    for code in PROVINCES:
        assert PROVINCES[code][3] in page
    for private in ("นางสมใจ ผู้นำกลุ่ม", "judge-n1", "ผู้ทรงคุณวุฒิ", "ดีมาก"):
        assert private not in page
