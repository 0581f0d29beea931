"""The contest's documents: score sheets, ranking sheet and selection record (PDF), the scores in
Excel and a group's feedback — their content, the record hash, and who may download them when.

PDFs are checked by their page count and embedded fonts (poppler's pdfinfo and pdffonts) and by the
HTML they were printed from; pdftotext would drop Thai marks. The first page of each is also
rendered to PNG under test-results/screens/ for people to look at.
"""

import datetime
import os
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from contests import documents, scoring, services, workflow
from contests.enums import ConflictGrounds, ContestState, ScorecardStatus
from contests.models import Contest, Juror, Score, Scorecard
from contests.tests.factories import contest_with_panel
from kbo.accounts.tests.factories import UserFactory
from networks.enums import CommitteeRole
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory

pytestmark = pytest.mark.django_db

CRITERIA = ["ความโดดเด่นและเอกลักษณ์ท้องถิ่น", "นวัตกรรมและบรรจุภัณฑ์ที่เหมาะสม"]
ADVICE = "ควรพัฒนาบรรจุภัณฑ์ให้ทันสมัย เพิ่มช่องทางจำหน่ายออนไลน์"
FORMULA = '=HYPERLINK("http://example.org","ดูผลงาน")'
REASON = "ผลิตภัณฑ์มีศักยภาพด้านตลาดส่งออกสูงกว่า"
# (seat, entry index): points per criterion (max 20 ×1, max 10 ×2); seat 3 left the room for entry 1,
# seat 4 is absent. Means: entry 0 = (36+32+28+35)/4 = 32.75, entry 1 = (29+35+32)/3 = 32, entry 2 = 22.
POINTS = {
    (1, 0): (18, 9), (1, 1): (15, 7), (1, 2): (12, 6),
    (2, 0): (16, 8), (2, 1): (17, 9), (2, 2): (10, 5),
    (3, 0): (14, 7), (3, 2): (11, 6),
    (5, 0): (19, 8), (5, 1): (16, 8), (5, 2): (13, 4),
}
PRINTED = datetime.datetime(2022, 6, 15, 7, 30, tzinfo=datetime.UTC)  # 14:30 in Bangkok


@pytest.fixture
def english_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def seat(contest, number):
    return Juror.objects.get(contest=contest, seat=number)


def scoring_contest(officer):
    """Ubon's FY 2565 contest with scoring open: five members (chair, three members, a secretary;
    member 4 absent), three entries, two criteria, a conflict, every scorecard submitted."""
    contest = contest_with_panel(members=5, entries=3, criteria=((20, 1), (10, 2)), shortlist_size=2)
    for criterion, name in zip(contest.rounds.get().rubric.criteria.all(), CRITERIA, strict=True):
        criterion.name_th, criterion.name_en = name, ""  # shown in Thai in any language
        criterion.save()
    Juror.objects.filter(contest=contest, seat=5).update(role=CommitteeRole.SECRETARY)
    Juror.objects.filter(contest=contest, seat=4).update(present=False)
    entries = list(contest.entries.order_by("presentation_order"))
    services.record_conflict(
        seat(contest, 3), entries[1], ConflictGrounds.MEMBER_OR_RELATIVE, "ญาติของประธานกลุ่ม", by=officer
    )
    criteria = list(contest.rounds.get().rubric.criteria.all())
    for (number, index), points in POINTS.items():
        advice = {(1, 1): ADVICE, (2, 1): FORMULA}.get((number, index), "")
        raw = {str(c.pk): str(p) for c, p in zip(criteria, points, strict=True)}
        scoring.save_scorecard(seat(contest, number).user, entries[index].pk, raw, advice, submit=True)
    return contest


@pytest.fixture
def finished(ubon_officer):
    """Scoring closed, the top two shortlisted, the chair's casting vote, and the second place
    selected with a reason."""
    contest = scoring_contest(ubon_officer)
    entries = list(contest.entries.order_by("presentation_order"))
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    services.record_shortlist(contest, entries[:2], by=ubon_officer)
    services.record_casting_vote(contest, [entries[0], entries[1]], by=seat(contest, 1).user)
    services.select_winners(contest, [entries[1]], REASON, by=ubon_officer)
    contest.refresh_from_db()
    return contest


def urls(contest):
    entry = contest.entries.order_by("presentation_order")[1]
    return {
        "own_sheet": reverse("contests:score_sheet_pdf", args=[contest.pk, seat(contest, 2).pk]),
        "other_sheet": reverse("contests:score_sheet_pdf", args=[contest.pk, seat(contest, 3).pk]),
        "sheets": reverse("contests:score_sheets_pdf", args=[contest.pk]),
        "ranking": reverse("contests:ranking_pdf", args=[contest.rounds.get().pk]),
        "record": reverse("contests:record_pdf", args=[contest.pk]),
        "scores": reverse("contests:scores_xlsx", args=[contest.pk]),
        "feedback": reverse("contests:feedback", args=[entry.pk]),
        "feedback_xlsx": reverse("contests:feedback_xlsx", args=[entry.pk]),
    }


def pdf_pages(content):
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_fonts(content):
    """(font name without its subset tag, embedded) for each font of the PDF."""
    output = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True).stdout.decode()
    lines = output.splitlines()
    return {(line.split()[0].partition("+")[2], line.split()[-5]) for line in lines[2:]}


def save_first_page(content, name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    os.makedirs("test-results/screens", exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", path, f"test-results/screens/pdf-{name}"],
        check=True,
    )
    return f"test-results/screens/pdf-{name}.png"


def english(document):
    with translation.override("en"):
        return documents.render_html(document, printed_at=PRINTED)


# The PDFs

@pytest.mark.parametrize(("name", "pages"), [("own_sheet", 1), ("sheets", 4), ("ranking", 1), ("record", 2)])
def test_each_pdf_is_a_thai_a4_document_with_sarabun_embedded(client, finished, ubon_officer, tmp_path, name, pages):
    client.force_login(ubon_officer)
    response = client.get(urls(finished)[name])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf_pages(response.content) == pages
    assert pdf_fonts(response.content) == {("Sarabun", "yes"), ("Sarabun-Bold", "yes")}  # subsets, embedded
    assert os.path.getsize(save_first_page(response.content, name, tmp_path)) > 10_000


def test_a_members_score_sheet(finished):
    member = seat(finished, 3)
    with translation.override("en"):
        document = documents.score_sheets(finished, [member])
    html = english(document)
    entries = list(finished.entries.order_by("presentation_order"))
    assert document.filename == f"score-sheet-{finished.pk}-{member.pk}.pdf"
    assert html.count('<section class="sheet">') == 1
    assert f"Score sheet of {member.name}" in html
    rows = document.context["sheets"][0].rounds[0].rows
    assert [(row.status, row.total) for row in rows] == [
        ("submitted", Decimal("28.00")), ("conflict", None), ("submitted", Decimal("23.00")),
    ]
    assert '<td class="num"><strong>28.00</strong></td>' in html
    assert "Left the room (conflict)" in html
    assert f"{entries[1]}<br>" in html and CRITERIA[0] in html
    assert f'Signed ........................................</div>\n      <div class="name">({member.name})</div>' in html
    assert '<div class="position">Member</div>' in html
    assert f"record {document.hash} · printed June 15, 2565, 2:30 p.m." in html
    assert "fiscal year 2565" in html


def test_the_whole_set_has_one_sheet_per_member_present(finished):
    document = documents.score_sheets(finished, documents.sheet_jurors(finished))
    assert [sheet.juror.seat for sheet in document.context["sheets"]] == [1, 2, 3, 5]
    html = english(document)
    assert html.count('<section class="sheet">') == 4
    assert html.count("Signed ....") == 4
    assert f"Advice: {ADVICE}" in html


def test_the_whole_set_takes_as_many_queries_as_one_sheet(finished):
    contest = Contest.objects.select_related("network__province").get(pk=finished.pk)  # as the views fetch it

    def queries(jurors):
        with CaptureQueriesContext(connection) as context:
            documents.render_html(documents.score_sheets(contest, jurors))
        return len(context.captured_queries)

    assert queries([seat(finished, 1)]) == queries(list(documents.sheet_jurors(finished))) == 6


def test_the_ranking_sheet(finished):
    round = finished.rounds.get()
    document = documents.ranking_sheet(round)
    html = english(document)
    entries = list(finished.entries.order_by("presentation_order"))
    assert [(r.place, r.entry, r.score, r.scorecards) for r in document.context["ranking"].results] == [
        (1, entries[0], Decimal("32.7500"), 4),
        (2, entries[1], Decimal("32.0000"), 3),
        (3, entries[2], Decimal("22.0000"), 4),
    ]
    assert [row[1] for row in document.context["rows"]] == [
        [Decimal("16.7500"), Decimal("8.0000")],
        [Decimal("16.0000"), Decimal("8.0000")],
        [Decimal("11.5000"), Decimal("5.2500")],
    ]
    assert "Score: Mean of the members&#x27; totals, out of 40 points." in html
    assert [juror.seat for juror in document.context["signers"]] == [1, 2, 3, 5]  # member 4 was absent
    for number, role in [(1, "Chair"), (2, "Member"), (5, "Secretary")]:
        assert f'({seat(finished, number).name})</div>\n      <div class="position">{role}</div>' in html
    assert seat(finished, 4).name not in html
    assert f"record {document.hash} ·" in html


def test_the_selection_record(finished):
    document = documents.selection_record(finished)
    html = english(document)
    entries = list(finished.entries.order_by("presentation_order"))
    conflicted = seat(finished, 3)
    assert "Record of the selection meeting" in html
    assert "June 15, 2022" not in html and "June 15, 2565" in html
    assert "ห้องประชุมศาลากลางจังหวัดอุบลราชธานี" in html
    assert [juror.seat for juror in document.context["present"]] == [1, 2, 3, 5]
    assert f"<li>{seat(finished, 4).name} · Member</li>" in html  # absent
    assert f"{conflicted.name} left the room for {entries[1]} (Member or relative of the group)." in html
    assert f"<li><strong>{entries[1]}</strong> · {entries[1].group.name}</li>" in html
    assert f"Why the selection departs from the ranking: {REASON}" in html
    assert f"the chair placed the level entries in this order: {entries[0]}, {entries[1]}</li>" in html
    assert html.count("Signed ....") == 4
    assert f"record {document.hash} ·" in html


def test_the_record_in_thai_uses_buddhist_era_dates(finished):
    html = documents.render_html(documents.selection_record(finished), printed_at=PRINTED)
    assert '<html lang="th">' in html
    assert "15 มิถุนายน 2565" in html
    assert "15 มิถุนายน 2565, 14:30" in html  # printed
    assert "ประธานกรรมการ" in html and "กรรมการและเลขานุการ" in html
    # ลงชื่อ once the Thai catalogue translates it; the line never wraps
    assert f'<div class="line">{translation.gettext("Signed")} ....' in html
    css = (documents.STATIC_DIR / "css" / "pdf.css").read_text()
    assert ".signature .line, .signature .name, .signature .position { white-space: nowrap; }" in css


def test_a_contest_without_an_entry_this_year(ubon_officer):
    contest = scoring_contest(ubon_officer)
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    services.record_shortlist(contest, list(contest.entries.order_by("presentation_order")[:2]), by=ubon_officer)
    contest = services.send_no_entry(contest, "ไม่มีผลิตภัณฑ์ที่ผ่านเกณฑ์มาตรฐาน", by=ubon_officer)
    html = english(documents.selection_record(contest))
    assert "<strong>No entry this year.</strong> Reason: ไม่มีผลิตภัณฑ์ที่ผ่านเกณฑ์มาตรฐาน" in html


def test_a_final_round_adds_its_part_to_every_document(client, ubon_officer):
    contest = scoring_contest(ubon_officer)
    entries = list(contest.entries.order_by("presentation_order"))
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    contest = services.record_shortlist(contest, entries[:2], by=ubon_officer)
    contest = services.open_final_round(contest, by=ubon_officer)
    criteria = list(contest.rounds.get(number=2).rubric.criteria.all())
    final = [(1, 0, (10, 5)), (1, 1, (20, 10)), (2, 0, (12, 6)), (2, 1, (18, 9)), (3, 0, (14, 7)), (5, 0, (11, 5)),
             (5, 1, (19, 9))]
    for number, index, points in final:
        raw = {str(c.pk): str(p) for c, p in zip(criteria, points, strict=True)}
        scoring.save_scorecard(seat(contest, number).user, entries[index].pk, raw, submit=True)
    workflow.advance(contest, ContestState.FINAL_SCORING_CLOSED, by=ubon_officer)
    services.select_winners(contest, [entries[1]], by=ubon_officer)  # the top of the final round: no reason

    sheet = documents.score_sheets(contest, [seat(contest, 3)]).context["sheets"][0]
    assert [(part.round.number, [row.status for row in part.rows]) for part in sheet.rounds] == [
        (1, ["submitted", "conflict", "submitted"]), (2, ["submitted", "conflict"]),
    ]
    record = documents.selection_record(contest)
    assert [[r.entry for r in ranking.results] for ranking in record.context["rankings"]] == [
        entries, [entries[1], entries[0]],
    ]
    html = english(record)
    assert "Ranking: Main round" in html and "Ranking: Round 2" in html
    assert "Why the selection departs from the ranking" not in html
    client.force_login(seat(contest, 2).user)
    response = client.get(reverse("contests:ranking_pdf", args=[contest.rounds.get(number=2).pk]))
    assert (response.status_code, pdf_pages(response.content)) == (200, 1)


# The record hash

def test_the_same_data_gives_the_same_hash_and_a_changed_score_another(finished):
    round = finished.rounds.get()
    first = documents.ranking_sheet(round)
    assert len(first.hash) == 12 and int(first.hash, 16) >= 0
    assert documents.ranking_sheet(round).hash == first.hash
    assert documents.record_hash({"b": [Decimal("1.50")], "a": 1}) == documents.record_hash({"a": 1, "b": [Decimal("1.5")]})
    with translation.override("en"):
        assert documents.ranking_sheet(round).hash == first.hash  # the language is not data
    later = documents.render_html(first, printed_at=PRINTED + datetime.timedelta(days=3))
    assert f"{first.hash} " in later  # nor is the print time
    sheet = documents.score_sheets(finished, [seat(finished, 1)]).hash
    record = documents.selection_record(finished).hash

    card = Scorecard.objects.get(juror=seat(finished, 1), entry=finished.entries.order_by("presentation_order")[2])
    unlocked = Scorecard.objects.filter(pk=card.pk)  # the database refuses to change a submitted scorecard
    unlocked.update(status=ScorecardStatus.DRAFT, submitted_at=None)
    Score.objects.filter(scorecard=card, criterion__position=1).update(points=13)
    unlocked.update(total=26, status=ScorecardStatus.SUBMITTED, submitted_at=card.submitted_at)
    assert documents.ranking_sheet(round).hash != first.hash
    assert documents.score_sheets(finished, [seat(finished, 1)]).hash != sheet
    assert documents.selection_record(finished).hash != record


# Who may download, and when

def test_who_may_download_what_after_scoring_closed(
    client, finished, ubon_officer, national_admin, chachoengsao_officer
):
    links = urls(finished)
    expected = {
        "national": dict.fromkeys(links, 200),
        "ubon": dict.fromkeys(links, 200),
        "chachoengsao": dict.fromkeys(links, 404),
        "member": {
            "own_sheet": 200, "other_sheet": 403, "sheets": 403, "ranking": 200, "record": 200,
            "scores": 403, "feedback": 403, "feedback_xlsx": 403,
        },
        "outsider": dict.fromkeys(links, 404),  # a committee member of another year, not on the panel
    }
    outsider = UserFactory(username="outsider")
    CommitteeMemberFactory(committee=CommitteeFactory(network=finished.network, fiscal_year=2566), user=outsider)
    users = {
        "national": national_admin, "ubon": ubon_officer, "chachoengsao": chachoengsao_officer,
        "member": seat(finished, 2).user, "outsider": outsider,
    }
    for persona, user in users.items():
        client.force_login(user)
        assert {name: client.get(url).status_code for name, url in links.items()} == expected[persona], persona
    client.logout()
    assert {client.get(url).status_code for url in links.values()} == {302}


@pytest.mark.parametrize(("state", "main_ranking"), [
    (ContestState.SCORING_OPEN, 403),
    (ContestState.FINAL_SCORING_OPEN, 200),  # the main round's ranking stays printable
])
def test_every_document_is_refused_while_scores_are_hidden(client, ubon_officer, state, main_ranking):
    contest = scoring_contest(ubon_officer)
    contest.state = state
    contest.save()
    links = urls(contest)
    for user in (ubon_officer, seat(contest, 2).user):
        client.force_login(user)
        statuses = {name: client.get(url).status_code for name, url in links.items()}
        assert statuses == {**dict.fromkeys(links, 403), "ranking": main_ranking}


def test_documents_load_only_files_from_static():
    fetcher = documents.StaticFilesOnly()
    font = documents.STATIC_DIR / "fonts" / "Sarabun-Regular.ttf"
    response = fetcher.fetch(font.as_uri())
    assert response.read() == font.read_bytes()
    for url in [
        "http://127.0.0.1:9/logo.png", "https://example.org/font.ttf", "file:///etc/passwd",
        (documents.STATIC_DIR / ".." / "kbo" / "settings.py").as_uri(), "file://example.org/static/css/pdf.css",
        "data:text/plain,hello",
    ]:
        with pytest.raises(ValueError, match="Documents load only files from static/"):
            fetcher.fetch(url)


# Excel

def test_scores_export_holds_every_scorecard_with_formulas_as_text(english_client, finished, ubon_officer):
    entries = list(finished.entries.order_by("presentation_order"))
    english_client.force_login(ubon_officer)
    response = english_client.get(urls(finished)["scores"])
    assert response["Content-Disposition"] == f'attachment; filename="scores-34-2565-{finished.pk}.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Round", "Order", "Entry", "Group", "Member", "Status", "Counted", *CRITERIA, "Weighted total", "Submitted",
        "Advice",
    ]
    assert len(rows) == 1 + len(POINTS)
    card = Scorecard.objects.get(juror=seat(finished, 2), entry=entries[1])
    local = timezone.localtime(card.submitted_at)  # Bangkok time, BE year
    row = rows[1 + 4 + 1]  # entry 0 has four scorecards, then entry 1: seats 1, 2
    assert row == [
        "Main round", entries[1].presentation_order, str(entries[1]), entries[1].group.name, seat(finished, 2).name,
        "Submitted", "Yes", 17, 9, 35, f"{local:%d/%m}/{local.year + 543} {local:%H:%M}", FORMULA,
    ]
    assert sheet.cell(row=7, column=12).data_type == "s"  # text, never a formula


def test_a_conflicted_members_submitted_scorecard_is_listed_as_not_counted(english_client, finished, ubon_officer):
    entries = list(finished.entries.order_by("presentation_order"))
    Scorecard.objects.create(
        round=finished.rounds.get(), entry=entries[1], juror=seat(finished, 3), status="submitted",
        submitted_at=timezone.now(), total=30,
    )
    english_client.force_login(ubon_officer)
    sheet = load_workbook(BytesIO(english_client.get(urls(finished)["scores"]).content)).active
    counted = [(row[4].value, row[6].value) for row in sheet.iter_rows(min_row=2) if row[2].value == str(entries[1])]
    assert counted == [
        (seat(finished, 1).name, "Yes"), (seat(finished, 2).name, "Yes"), (seat(finished, 3).name, "No: conflict"),
        (seat(finished, 5).name, "Yes"),
    ]


# Feedback

def test_feedback_page_shows_the_officer_who_advised_what(english_client, finished, ubon_officer):
    english_client.force_login(ubon_officer)
    response = english_client.get(urls(finished)["feedback"])
    html = response.content.decode()
    part = response.context["feedback"].rounds[0]
    assert part.advice == [(seat(finished, 1).name, ADVICE), (seat(finished, 2).name, FORMULA)]
    assert [(criterion.name, average) for criterion, average in part.averages] == [
        (CRITERIA[0], Decimal("16.0000")), (CRITERIA[1], Decimal("8.0000")),
    ]
    assert (part.result.place, part.result.score) == (2, Decimal("32.0000"))
    assert f'<div class="small text-body-secondary">{seat(finished, 1).name}</div>{ADVICE}' in html
    assert "Members' names are shown here for you. The Excel file for the group leaves them out." in html


def test_feedback_for_the_group_is_anonymous(english_client, finished, ubon_officer):
    english_client.force_login(ubon_officer)
    response = english_client.get(urls(finished)["feedback_xlsx"])
    sheet = load_workbook(BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Round", "Criterion", "Average points", "Maximum points", "Advice from the committee"],
        ["Main round", CRITERIA[0], 16, 20, None],
        ["Main round", CRITERIA[1], 8, 10, None],
        ["Main round", None, None, None, FORMULA],
        ["Main round", None, None, None, ADVICE],
    ]
    assert sheet["E4"].data_type == "s"
