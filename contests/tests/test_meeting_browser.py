"""A provincial selection meeting replayed in a real browser, from opening scoring to the signed
documents: the officer on a desktop, three committee members on phones (one leaves the room for a
group and never sees it, one loses the connection halfway through a scorecard)."""

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from conftest import log_in, screenshot
from contests.enums import ContestState, ScorecardStatus, TieBreak
from contests.models import Contest, Juror, Scorecard
from contests.tests.factories import ConflictFactory, contest_with_panel

pytestmark = pytest.mark.browser

SCREENS = Path("test-results/screens")

# (seat, entry index): (points on "20 × 2", points on "10") → weighted totals in the comments
SCORES = {
    (1, 0): ("18", "9"), (2, 0): ("16", "8"), (3, 0): ("15", "7"),  # 45, 40, 37 → 40.67
    (1, 1): ("12", "6"), (2, 1): ("14", "5"),                        # 30, 33; seat 3 leaves the room → 31.50
    (1, 2): ("19", "10"), (2, 2): ("17", "9"), (3, 2): ("18", "8"),  # 48, 43, 44 → 45.00
}


def thai(message):
    with translation.override("th"):
        return translation.gettext(message)


def take_step(page, live_server, contest, label):
    """The officer takes a workflow step from the contest's page, through its confirmation."""
    page.goto(f"{live_server.url}{contest.get_absolute_url()}")
    page.get_by_role("link", name=thai(label), exact=True).click()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{contest.get_absolute_url()}**")


def score(page, live_server, entry, points, *, offline_after_first=False):
    page.goto(f"{live_server.url}{reverse('contests:score_entry', args=[entry.pk])}")
    inputs = page.locator("input.score-input")
    status = page.locator("#save-status")
    inputs.nth(0).fill(points[0])
    expect(status).to_have_attribute("data-state", "server")
    if offline_after_first:
        page.context.set_offline(True)
    inputs.nth(1).fill(points[1])
    page.fill("#id_advice", "ควรเพิ่มเรื่องราวอัตลักษณ์ของชุมชนบนบรรจุภัณฑ์")
    if offline_after_first:
        expect(status).to_have_attribute("data-state", "local")
        screenshot(page, "meeting-phone-offline")
        page.context.set_offline(False)
    expect(status).to_have_attribute("data-state", "server", timeout=15000)
    page.click("#submit-step > summary")
    page.click("#confirm-submit")
    page.wait_for_url(f"{live_server.url}{reverse('contests:score_home', args=[entry.contest_id])}")


@pytest.fixture
def contest(geography):
    """Ubon's FY 2565 selection with entries open: three groups, a panel of three (the chair first),
    criteria of 20 points × 2 and 10 points; member 3 is a relative of the second group."""
    contest = contest_with_panel(members=3, entries=3, criteria=((20, 2), (10, 1)), state=ContestState.ENTRIES_OPEN)
    contest.tie_break = TieBreak.CHAIR
    contest.save()
    entries = list(contest.entries.order_by("presentation_order"))
    ConflictFactory(juror=Juror.objects.get(contest=contest, seat=3), entry=entries[1])
    return contest


def test_a_selection_meeting_from_opening_scoring_to_the_signed_record(
    chromium, desktop, live_server, contest, ubon_officer
):
    officer = desktop
    entries = list(contest.entries.order_by("presentation_order"))
    log_in(officer, live_server, ubon_officer.username)
    take_step(officer, live_server, contest, "Open scoring")
    contest.refresh_from_db()
    assert contest.state == ContestState.SCORING_OPEN
    officer.goto("about:blank")  # the officer's pages poll; keep the replay's requests one at a time

    for seat in (1, 2, 3):
        juror = Juror.objects.get(contest=contest, seat=seat)
        context = chromium.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
            locale="th-TH", timezone_id="Asia/Bangkok",
        )
        phone = context.new_page()
        log_in(phone, live_server, juror.user.username)
        phone.goto(f"{live_server.url}{reverse('contests:score_home', args=[contest.pk])}")
        listed = phone.locator("#entry-list [data-entry]").evaluate_all("nodes => nodes.map(n => n.dataset.entry)")
        mine = [entry for index, entry in enumerate(entries) if (seat, index) in SCORES]
        assert listed == [str(entry.pk) for entry in mine]
        if seat == 3:  # the conflicted group is not even reachable
            response = phone.goto(f"{live_server.url}{reverse('contests:score_entry', args=[entries[1].pk])}")
            assert response.status == 404
            screenshot(phone, "meeting-phone-conflicted-member")
        for index, entry in enumerate(entries):
            if (seat, index) in SCORES:
                score(phone, live_server, entry, SCORES[seat, index], offline_after_first=(seat, index) == (2, 0))
        context.close()

    cards = Scorecard.objects.filter(entry__contest=contest)
    assert sorted(cards.values_list("status", flat=True)) == [ScorecardStatus.SUBMITTED] * 8
    assert cards.get(juror__seat=2, entry=entries[0]).total == Decimal("40.00")  # sent after the connection returned

    officer.goto(f"{live_server.url}{reverse('contests:meeting', args=[contest.pk])}")
    expect(officer.locator("#board-totals")).to_contain_text("8")
    assert "40.67" not in officer.content()  # no scores while scoring is open
    screenshot(officer, "meeting-board")
    take_step(officer, live_server, contest, "Close scoring")
    contest.refresh_from_db()
    assert contest.state == ContestState.SCORING_CLOSED

    officer.goto(f"{live_server.url}{reverse('contests:ranking', args=[contest.rounds.get().pk])}")
    rows = officer.locator("#ranking tbody tr")
    assert rows.evaluate_all("rows => rows.map(r => r.id)") == [f"result-{entries[i].pk}" for i in (2, 0, 1)]
    assert [rows.nth(i).locator("td").nth(2).inner_text() for i in range(3)] == ["45.00", "40.67", "31.50"]
    screenshot(officer, "meeting-ranking")

    officer.goto(f"{live_server.url}{reverse('contests:shortlist', args=[contest.pk])}")
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url(re.compile(r".*/ranking/$"))
    officer.goto(f"{live_server.url}{reverse('contests:select_winner', args=[contest.pk])}")
    officer.locator("main form button[type=submit]").click()
    officer.wait_for_url(re.compile(r".*/ranking/$"))
    contest = Contest.objects.get(pk=contest.pk)
    assert contest.state == ContestState.WINNER_SELECTED
    assert list(contest.entries.filter(shortlisted=True).order_by("pk")) == sorted(entries, key=lambda e: e.pk)
    assert [entry.pk for entry in contest.entries.filter(winner_position=1)] == [entries[2].pk]
    screenshot(officer, "meeting-winner")

    documents = {
        "score-sheets": reverse("contests:score_sheets_pdf", args=[contest.pk]),
        "ranking-sheet": reverse("contests:ranking_pdf", args=[contest.rounds.get().pk]),
        "selection-record": reverse("contests:record_pdf", args=[contest.pk]),
    }
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, url in documents.items():
        response = officer.request.get(f"{live_server.url}{url}")
        assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
        pdf = SCREENS / f"meeting-{name}.pdf"
        pdf.write_bytes(response.body())
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf, SCREENS / f"meeting-{name}"], check=True)
