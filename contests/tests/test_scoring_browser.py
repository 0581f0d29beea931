"""A committee member scores on a phone during the meeting, through a connection that drops: the
scores typed offline are kept on the phone, reach the server when the connection returns, and the
scorecard is submitted exactly once however often the button is tapped."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from conftest import log_in, screenshot
from contests.enums import ScorecardStatus
from contests.models import Contest, Juror, Scorecard, ScorecardRevision
from contests.tests.factories import contest_with_panel

pytestmark = pytest.mark.browser

SUBMIT = re.compile(r'name="action"\s+submit')  # in the multipart body the phone sends


def thai(message):
    with translation.override("th"):
        return translation.gettext(message)


def is_save(response):
    return response.request.method == "POST" and "/contests/score/entries/" in response.url


@pytest.fixture
def meeting(geography):
    """Ubon's FY 2565 selection: two groups, three criteria (20 × 2, 10, 10), the first presenting."""
    contest = contest_with_panel(members=2, entries=2, criteria=((20, 2), (10, 1), (10, 1)))
    contest.now_presenting = contest.entries.order_by("presentation_order").first()
    contest.save(update_fields=["now_presenting"])
    return contest


def test_member_scores_offline_then_online_and_submits_once(phone, live_server, meeting):
    page = phone
    entry = meeting.now_presenting
    member = Juror.objects.get(contest=meeting, seat=2)
    criteria = list(meeting.rounds.get().rubric.criteria.all())
    inputs = [page.locator(f"#id_criterion_{criterion.pk}") for criterion in criteria]
    status = page.locator("#save-status")
    log_in(page, live_server, member.user.username)

    page.goto(f"{live_server.url}{reverse('contests:my_contests')}")
    page.click(f"a[href='{reverse('contests:score_home', args=[meeting.pk])}']")
    expect(page.locator("#now-presenting-name")).to_contain_text(entry.product.name)
    expect(page.locator("#entry-list .is-now")).to_have_attribute("data-entry", str(entry.pk))
    screenshot(page, "scoring-phone-home")

    # The chair moves on: the phone follows within a few seconds, without a reload.
    second = meeting.entries.order_by("presentation_order").last()
    with page.expect_response(lambda r: r.url.endswith(f"/score/{meeting.pk}/now/")):
        pass  # just after a poll, so that the test's write does not meet the phone's read
    Contest.objects.filter(pk=meeting.pk).update(now_presenting=second)
    expect(page.locator("#now-presenting-name")).to_contain_text(second.product.name, timeout=8000)
    expect(page.locator("#now-presenting")).to_contain_text(thai("Now presenting: group %(position)s of %(total)s") % {
        "position": 2, "total": 2,
    })
    expect(page.locator("#entry-list .is-now")).to_have_attribute("data-entry", str(second.pk))

    page.click(f"[data-entry='{entry.pk}'] a")
    page.wait_for_url(f"{live_server.url}{reverse('contests:score_entry', args=[entry.pk])}")

    # Online: a typed score and a quick pick are saved as drafts.
    with page.expect_response(is_save) as first_save:
        inputs[0].fill("15")
    assert first_save.value.status == 200
    with page.expect_response(is_save) as second_save:
        page.locator(".criterion", has=inputs[1]).locator("[data-pick='8']").click()
    assert second_save.value.json()["total"] == "38.00"
    expect(status).to_have_attribute("data-state", "server")
    scorecard = Scorecard.objects.get(juror=member, entry=entry)
    assert scorecard.status == ScorecardStatus.DRAFT
    assert dict(scorecard.scores.values_list("criterion_id", "points")) == {
        criteria[0].pk: Decimal("15.00"), criteria[1].pk: Decimal("8.00"),
    }
    assert page.locator("#live-total").inner_text() == "38"

    # The connection drops: the last score and the advice stay on the phone.
    page.context.set_offline(True)
    inputs[2].fill("7.5")
    page.fill("#id_advice", "ควรพัฒนาบรรจุภัณฑ์ให้ทันสมัย")
    expect(status).to_have_attribute("data-state", "local")
    expect(status).to_have_text(thai("Saved on this phone — it will be sent when the connection returns."))
    assert page.locator("#live-total").inner_text() == "45.5"  # computed on the phone
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('kbo-scoring:{member.pk}:{entry.pk}:1'))")
    assert kept["values"][f"criterion_{criteria[2].pk}"] == "7.5"
    assert kept["values"]["advice"] == "ควรพัฒนาบรรจุภัณฑ์ให้ทันสมัย"
    assert kept["action"] == "save"
    assert scorecard.scores.count() == 2
    screenshot(page, "scoring-phone-offline")

    # Back online: the pending draft arrives and the phone's copy is dropped.
    with page.expect_response(is_save, timeout=15000) as resent:
        page.context.set_offline(False)
    assert resent.value.status == 200
    expect(status).to_have_attribute("data-state", "server")
    scorecard.refresh_from_db()
    assert scorecard.advice == "ควรพัฒนาบรรจุภัณฑ์ให้ทันสมัย"
    assert scorecard.total == Decimal("45.50")
    assert scorecard.scores.get(criterion=criteria[2]).points == Decimal("7.50")
    assert page.evaluate(f"localStorage.getItem('kbo-scoring:{member.pk}:{entry.pk}:1')") is None
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "scoring-phone")

    # Submit: a second, explicit confirmation; a double tap sends once.
    submits = []
    page.on("request", lambda r: submits.append(r) if r.method == "POST" and SUBMIT.search(r.post_data or "") else None)
    page.click("#submit-step > summary")
    expect(page.locator("#confirm-submit")).to_be_visible()
    screenshot(page, "scoring-phone-confirm")
    page.locator("#confirm-submit").dblclick()
    expect(status).to_have_attribute("data-state", "submitted")
    expect(page.locator("#id_advice")).to_have_attribute("readonly", "")
    page.wait_for_url(f"{live_server.url}{reverse('contests:score_home', args=[meeting.pk])}")
    assert len(submits) == 1
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.SUBMITTED
    assert Scorecard.objects.filter(juror=member).count() == 1
    assert ScorecardRevision.objects.filter(scorecard=scorecard).count() == 1
    expect(page.locator(f"[data-entry='{entry.pk}'] .card-status")).to_have_attribute("data-status", "submitted")
    screenshot(page, "scoring-phone-home-after")


def test_a_draft_kept_on_the_phone_is_restored_and_sent_after_a_reload(phone, live_server, meeting):
    page = phone
    entry = meeting.now_presenting
    member = Juror.objects.get(contest=meeting, seat=2)
    criteria = list(meeting.rounds.get().rubric.criteria.all())
    log_in(page, live_server, member.user.username)
    url = f"{live_server.url}{reverse('contests:score_entry', args=[entry.pk])}"
    page.goto(url)

    # The server cannot be reached (the venue's Wi-Fi), but the page is still open.
    saves = "**/contests/score/entries/**"
    page.route(saves, lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.fill(f"#id_criterion_{criteria[0].pk}", "18")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "local")

    # The member reloads: the phone's copy is put back into the form and kept until it is sent.
    page.reload()
    expect(page.locator(f"#id_criterion_{criteria[0].pk}")).to_have_value("18")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "local")
    expect(page.locator("#live-total")).to_have_text("36")
    assert not Scorecard.objects.exists()

    # The connection returns: the next retry delivers it.
    page.unroute(saves)
    expect(page.locator("#save-status")).to_have_attribute("data-state", "server", timeout=15000)
    assert Scorecard.objects.get().scores.get().points == Decimal("18.00")
    assert page.evaluate(f"localStorage.getItem('kbo-scoring:{member.pk}:{entry.pk}:1')") is None


def test_bad_points_are_shown_beside_the_field(phone, live_server, meeting):
    page = phone
    member = Juror.objects.get(contest=meeting, seat=2)
    criterion = meeting.rounds.get().rubric.criteria.first()
    log_in(page, live_server, member.user.username)
    page.goto(f"{live_server.url}{reverse('contests:score_entry', args=[meeting.now_presenting.pk])}")
    with page.expect_response(is_save) as refused:
        page.fill(f"#id_criterion_{criterion.pk}", "25")
    assert refused.value.status == 400
    expect(page.locator(f"#criterion_{criterion.pk}-error")).to_have_text(thai("Give from 0 to %(max)s points.") % {"max": "20"})
    expect(page.locator(f"#id_criterion_{criterion.pk}")).to_have_class("form-control score-input is-invalid")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "error")
    screenshot(page, "scoring-phone-error")
    with page.expect_response(is_save) as accepted:
        page.fill(f"#id_criterion_{criterion.pk}", "20")
    assert accepted.value.status == 200
    expect(page.locator(f"#criterion_{criterion.pk}-error")).to_have_text("")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "server")
