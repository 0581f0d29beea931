"""The Ubon officer, in Thai on the office computer, opens the contest's reminders during scoring:
sees what went to whom, who is behind, and reminds them by hand with a note."""

import pytest

from conftest import log_in, screenshot
from contests.reminders import rules
from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from contests.reminders.tests.factories import NOW, scoring_contest, submit_all

pytestmark = pytest.mark.browser


def test_the_officer_reminds_the_members_behind(desktop, live_server, ubon_officer):
    contest = scoring_contest(members=3, entries=2)
    submit_all(contest.jurors.get(seat=2))
    rules.sync_contest(contest, NOW)
    Reminder.objects.filter(juror__seat=1, kind=Kind.SCORING_48H).update(state=State.SENT, sent_at=NOW, channels=["email"])
    log_in(desktop, live_server, "ubon")
    desktop.goto(f"{live_server.url}{contest.get_absolute_url()}")
    desktop.click("text=การแจ้งเตือน")
    assert desktop.locator("#behind li").count() == 2
    assert desktop.locator(".reminder-row[data-state=sent]").count() == 1
    assert desktop.locator(".reminder-row[data-state=pending]").count() == 3
    desktop.fill("#id_note", "ประชุมต่อเวลา 13:00 น. กรุณาส่งคะแนนก่อนเวลานั้น")
    desktop.click("#behind button[type=submit]")
    desktop.locator(".alert-success").wait_for()
    assert "จะส่งการแจ้งเตือนถึงกรรมการ 2 คนภายในหนึ่งนาที" in desktop.locator(".alert-success").inner_text()
    assert desktop.locator(".reminder-row", has_text="เจ้าหน้าที่ส่งเอง").count() == 2
    screenshot(desktop, "contest-reminders")
    assert sorted(Reminder.objects.filter(kind=Kind.MANUAL).values_list("juror__seat", flat=True)) == [1, 3]
