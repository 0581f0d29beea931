"""A province's winner handed over to the national round: the dossier, its submission (on time, and
late then accepted), the refusals, withdrawal and replacement, the provincial contest following each
step with its history, and the province's national result before and after publication."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from contests import documents, national, scoring
from contests.enums import ContestLevel, EventAction, SubmissionState
from contests.enums import ContestState as S
from contests.models import Award, Contest, ContestEvent, Entry, Juror, Submission
from contests.tests.factories import ContestFactory, CriterionFactory, EntryFactory, contest_with_panel
from contests.tests.setup_fixtures import client, messages_of, set_state  # noqa: F401 — fixtures
from contests.views.setup import contest_steps
from contests.workflow import TransitionError
from conftest import CHACHOENGSAO
from kbo.accounts.tests.factories import UserFactory
from kbo.geography.models import Subdistrict
from networks.tests.factories import NetworkFactory
from products.models import Product, ProductPhoto, ProductStandard
from products.tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "innovation": "ย้อมสีธรรมชาติจากเปลือกประดู่ ติดทนด้วยน้ำด่างขี้เถ้า",
    "identity": "ลายขิดโบราณของชุมชนริมแม่น้ำมูล",
    "summary": "ผ้าไหมทอมือ ลายขิดสีธรรมชาติ",
}
REASON = "ผลิตภัณฑ์ต้องต่ออายุมาตรฐาน มผช. ก่อนส่งใหม่"
PNG = b"\x89PNG\r\n\x1a\n"  # the page shows the stored file; nothing reads the pixels


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def provincial(geography):
    """Ubon's FY 2565 product contest, winner selected: three entries scored 18, 15 and 12 by both
    members, the first selected; its product has texts, a standard and a photo."""
    contest = contest_with_panel(members=2, entries=3, criteria=((20, 1),))
    criterion = contest.rounds.get().rubric.criteria.get()
    entries = list(contest.entries.order_by("presentation_order"))
    for juror in contest.jurors.all():
        for entry, points in zip(entries, ("18", "15", "12"), strict=True):
            scoring.save_scorecard(juror.user, entry.pk, {str(criterion.pk): points}, submit=True)
    Entry.objects.filter(pk=entries[0].pk).update(winner_position=1)
    product = entries[0].product
    Product.objects.filter(pk=product.pk).update(
        innovation="นวัตกรรมจากทะเบียนผลิตภัณฑ์", identity_story="อัตลักษณ์จากทะเบียน", description="คำอธิบายจากทะเบียน"
    )
    ProductStandard.objects.create(product=product, kind="tcps", number="มผช. 12/2565")
    ProductPhoto.objects.create(product=product, image=ContentFile(PNG, name="silk.png"), caption="ผ้าไหมลายขิด")
    return set_state(contest, S.WINNER_SELECTED)


@pytest.fixture
def national_round(geography):
    return ContestFactory(
        level=ContestLevel.NATIONAL, network=None, state=S.ENTRIES_OPEN,
        submission_deadline=timezone.now() + datetime.timedelta(days=7),
    )


def deadline_passed(national_round):
    past = timezone.now() - datetime.timedelta(hours=1)
    Contest.objects.filter(pk=national_round.pk).update(submission_deadline=past)


def winner(contest):
    return contest.entries.get(winner_position=1)


def submitted(contest, by):
    return national.submit(national.save_dossier(contest, TEXTS, by=by), by=by)


def history(contest):
    events = ContestEvent.objects.filter(contest=contest)
    return list(events.values_list("action", "from_state", "to_state", "by__username", "note"))


def texts_of(submission):
    submission.refresh_from_db()
    return {name: getattr(submission, name) for name in TEXTS}


def refusal(step, *args, **kwargs):
    with pytest.raises(TransitionError) as refused:
        step(*args, **kwargs)
    return refused.value.messages


def chachoengsao_product():
    subdistrict = Subdistrict.objects.filter(province_id=CHACHOENGSAO).order_by("code").first()
    group = ProducerGroupFactory(subdistrict_id=subdistrict.code, postal_code=subdistrict.postal_codes[0])
    return ProductFactory(group=group)


# The hand-over

def test_the_province_hands_its_winner_over_to_the_national_round(
    client, provincial, national_round, ubon_officer, messages_of
):
    client.force_login(ubon_officer)
    url = reverse("contests:dossier", args=[provincial.pk])
    first, second, third = provincial.entries.order_by("presentation_order")
    record_hash = documents.selection_record(provincial).hash
    response = client.get(url)
    dossier, form, html = response.context["dossier"], response.context["form"], response.content.decode()
    assert (dossier.submission, dossier.national, dossier.winner, response.context["can_edit"]) == (
        None, national_round, first, True
    )
    assert {name: form[name].value() for name in TEXTS} == {
        "innovation": "นวัตกรรมจากทะเบียนผลิตภัณฑ์", "identity": "อัตลักษณ์จากทะเบียน", "summary": "คำอธิบายจากทะเบียน",
    }
    assert [(result.place, result.entry, result.score) for result in dossier.ranking] == [
        (1, first, 18), (2, second, 15), (3, third, 12),
    ]
    assert f"Selection record: {record_hash}" in html
    assert reverse("contests:record_pdf", args=[provincial.pk]) in html
    assert "มผช. 12/2565" in html and 'alt="ผ้าไหมลายขิด"' in html and first.group.name in html
    assert 'id="submit-form"' not in html  # nothing to submit before the draft is saved

    response = client.post(url, TEXTS)
    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response) == ["The dossier is saved. Review it, then submit it to the national round."]
    submission = Submission.objects.get()
    assert (submission.state, submission.national, submission.provincial, submission.province_id, submission.entry) == (
        SubmissionState.DRAFT, national_round, provincial, "34", first,
    )
    assert texts_of(submission) == TEXTS
    assert 'id="submit-form"' in client.get(url).content.decode()

    response = client.post(reverse("contests:submission_submit", args=[submission.pk]))
    assert (response.status_code, response.url) == (302, submission.get_absolute_url())
    assert messages_of(response) == ["Submitted to the national round."]
    submission.refresh_from_db()
    assert (submission.state, submission.late, submission.submitted_by, submission.record_hash) == (
        SubmissionState.SUBMITTED, False, ubon_officer, record_hash,
    )
    assert submission.accepted_at is None
    entry = submission.national_entry
    assert (entry.contest, entry.group, entry.product, entry.presentation_order, entry.withdrawn) == (
        national_round, first.group, first.product, 1, False,
    )
    provincial.refresh_from_db()
    assert provincial.state == S.SUBMITTED
    assert history(provincial) == [
        (EventAction.SUBMISSION, "", "", "ubon", ""),
        (EventAction.SUBMISSION, S.WINNER_SELECTED, S.SUBMITTED, "ubon", ""),
    ]
    assert [event.data for event in ContestEvent.objects.filter(contest=provincial)] == [
        {"step": "prepared", "submission": submission.pk, "entry": str(first)},
        {"submission": submission.pk, "entry": str(first), "late": False, "record_hash": record_hash},
    ]

    response = client.get(url)  # read-only from now on
    html = response.content.decode()
    assert response.context["can_edit"] is False
    assert 'id="dossier-form"' not in html and 'id="submit-form"' not in html and TEXTS["innovation"] in html
    response = client.get(submission.get_absolute_url())
    assert [response.context[name] for name in ("can_edit", "can_withdraw", "can_accept")] == [False, True, False]
    assert response.context["dossier"].record_hash == record_hash


def test_the_contests_page_leads_to_the_dossier_and_to_the_withdrawal(provincial, national_round, ubon_officer):
    assert [(str(step.label), step.url) for step in contest_steps(ubon_officer, provincial)] == [
        ("Submit to the national round", reverse("contests:dossier", args=[provincial.pk])),
    ]
    submission = submitted(provincial, ubon_officer)
    provincial.refresh_from_db()
    assert [(str(step.label), step.url) for step in contest_steps(ubon_officer, provincial)] == [
        ("Withdraw the national submission", reverse("contests:submission_withdraw", args=[submission.pk])),
    ]


def test_a_late_submission_waits_for_a_national_admin(
    client, provincial, national_round, ubon_officer, national_admin, messages_of
):
    deadline_passed(national_round)
    submission = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    client.force_login(ubon_officer)
    response = client.post(reverse("contests:submission_submit", args=[submission.pk]))
    assert messages_of(response) == [
        "Submitted after the deadline: the submission waits for a national admin to accept it."
    ]
    submission.refresh_from_db()
    assert (submission.state, submission.late, submission.national_entry, national_round.entries.count()) == (
        SubmissionState.LATE, True, None, 0,
    )
    assert Contest.objects.get(pk=provincial.pk).state == S.SUBMITTED
    response = client.get(submission.get_absolute_url())
    assert [response.context[name] for name in ("can_withdraw", "can_accept")] == [True, False]
    accept = reverse("contests:submission_accept", args=[submission.pk])
    assert client.post(accept).status_code == 403  # the province does not accept its own
    assert Submission.objects.get().state == SubmissionState.LATE

    client.force_login(national_admin)
    assert client.get(submission.get_absolute_url()).context["can_accept"] is True
    response = client.post(accept)
    assert (response.status_code, response.url) == (302, submission.get_absolute_url())
    assert messages_of(response) == ["The late submission is accepted: its entry joins the national round."]
    submission.refresh_from_db()
    assert (submission.state, submission.late, submission.accepted_by) == (
        SubmissionState.SUBMITTED, True, national_admin,
    )
    assert submission.national_entry.presentation_order == 1
    assert submission.accepted_at is not None and submission.national_entry.contest == national_round
    assert history(provincial)[1:] == [
        (EventAction.SUBMISSION, S.WINNER_SELECTED, S.SUBMITTED, "ubon", ""),
        (EventAction.SUBMISSION, "", "", "national", ""),
    ]
    assert ContestEvent.objects.filter(contest=provincial).last().data == {
        "step": "late_accepted", "submission": submission.pk,
    }
    assert messages_of(client.post(accept)) == ["This submission is not waiting for acceptance."]
    assert national_round.entries.count() == 1


def test_late_submissions_are_accepted_only_until_national_judging_opens(
    provincial, national_round, ubon_officer, national_admin
):
    deadline_passed(national_round)
    submission = submitted(provincial, ubon_officer)
    assert submission.state == SubmissionState.LATE
    with pytest.raises(PermissionDenied):
        national.accept_late(submission, by=ubon_officer)
    set_state(national_round, S.SCORING_OPEN)
    assert refusal(national.accept_late, submission, by=national_admin) == [
        "Late submissions are accepted only until national judging opens."
    ]
    assert (Submission.objects.get().state, national_round.entries.count()) == (SubmissionState.LATE, 0)


# Refusals

SUBMISSION_URLS = [
    ("get", "contests:dossier", "contest"),
    ("post", "contests:dossier", "contest"),
    ("get", "contests:submission_detail", "submission"),
    ("post", "contests:submission_submit", "submission"),
    ("get", "contests:submission_withdraw", "submission"),
    ("post", "contests:submission_withdraw", "submission"),
    ("post", "contests:submission_accept", "submission"),
    ("get", "contests:national_result", "contest"),
]


def snapshot():
    return (
        list(Submission.objects.values_list("pk", "state", "innovation")),
        list(Contest.objects.values_list("pk", "state")),
        ContestEvent.objects.count(),
        Entry.objects.count(),
    )


@pytest.mark.parametrize(("method", "name", "target"), SUBMISSION_URLS, ids=lambda v: str(v))
@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("chachoengsao_officer", 404), ("member", 403)])
def test_who_is_refused_each_submission_url(
    client, request, provincial, national_round, ubon_officer, method, name, target, who, status
):
    submission = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    url = reverse(name, args=[provincial.pk if target == "contest" else submission.pk])
    if who == "member":
        client.force_login(Juror.objects.get(contest=provincial, seat=1).user)  # the chair: no register role
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = snapshot()
    response = getattr(client, method)(url, {**TEXTS, "innovation": "แก้", "reason": REASON} if method == "post" else {})
    assert response.status_code == status
    if status == 302:
        assert response.url.startswith(reverse("login"))
    assert snapshot() == before


def test_officers_see_only_their_provinces_submissions(
    provincial, national_round, ubon_officer, chachoengsao_officer, national_admin
):
    ubon = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    other = ContestFactory(network=NetworkFactory(province_id=CHACHOENGSAO), state=S.WINNER_SELECTED)
    entry = EntryFactory(contest=other, product=chachoengsao_product(), winner_position=1)
    chachoengsao = national.save_dossier(other, TEXTS, by=chachoengsao_officer)
    assert chachoengsao.entry == entry
    assert list(Submission.objects.visible_to(ubon_officer)) == [ubon]
    assert list(Submission.objects.visible_to(chachoengsao_officer)) == [chachoengsao]
    assert set(Submission.objects.visible_to(national_admin)) == {ubon, chachoengsao}
    for step in (national.prepare_dossier, national.save_dossier):
        with pytest.raises(PermissionDenied):
            step(provincial, *([TEXTS] if step is national.save_dossier else []), by=chachoengsao_officer)
    with pytest.raises(PermissionDenied):
        national.submit(ubon, by=chachoengsao_officer)
    with pytest.raises(PermissionDenied):
        national.update_dossier(ubon, TEXTS, by=chachoengsao_officer)
    assert Submission.objects.get(pk=ubon.pk).state == SubmissionState.DRAFT


def test_no_dossier_without_a_selected_winner(client, provincial, national_round, ubon_officer, messages_of):
    set_state(provincial, S.SHORTLISTED)
    client.force_login(ubon_officer)
    url = reverse("contests:dossier", args=[provincial.pk])
    for method in (client.get, client.post):
        response = method(url, TEXTS)
        assert (response.status_code, response.url) == (302, provincial.get_absolute_url())
        assert messages_of(response) == ["The national dossier is prepared once the committee has selected the winner."]
    assert refusal(national.prepare_dossier, provincial, by=ubon_officer) == [
        "The national dossier is prepared once the committee has selected the winner."
    ]
    assert not Submission.objects.exists()


def test_a_draft_is_not_submitted_once_the_contest_has_no_winner(provincial, national_round, ubon_officer):
    draft = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    set_state(provincial, S.FINAL_SCORING_CLOSED)  # as if the decision had been reopened
    assert refusal(national.submit, draft, by=ubon_officer) == [
        "Only a contest whose winner is selected can be submitted."
    ]
    assert Submission.objects.get().state == SubmissionState.DRAFT


def test_one_standing_submission_per_province(provincial, national_round, ubon_officer):
    draft = national.prepare_dossier(provincial, by=ubon_officer)
    assert national.prepare_dossier(provincial, by=ubon_officer) == draft
    national.submit(draft, by=ubon_officer)
    assert refusal(national.submit, draft, by=ubon_officer) == ["This dossier has already been submitted."]
    assert (Submission.objects.count(), len(history(provincial)), national_round.entries.count()) == (1, 2, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            national=national_round, provincial=provincial, province_id="34", entry=winner(provincial), **TEXTS
        )


def test_the_databases_refusal_of_a_second_submission_becomes_a_message(provincial, national_round, ubon_officer):
    earlier = ContestFactory(network=provincial.network, fiscal_year=2564, state=S.SUBMITTED)
    Submission.objects.create(  # the province's submission from another contest, already standing
        national=national_round, provincial=earlier, province_id="34", entry=EntryFactory(contest=earlier), **TEXTS
    )
    assert refusal(national.prepare_dossier, provincial, by=ubon_officer) == [
        "This province already has a submission in this national round."
    ]
    assert (Submission.objects.count(), history(provincial)) == (1, [])


def test_a_submitted_dossier_is_not_edited(client, provincial, national_round, ubon_officer, messages_of):
    draft = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    stale = Submission.objects.get(pk=draft.pk)  # the same dossier open in another tab
    national.submit(draft, by=ubon_officer)
    client.force_login(ubon_officer)
    url = reverse("contests:dossier", args=[provincial.pk])
    response = client.post(url, {**TEXTS, "innovation": "แก้ไขหลังส่ง"})
    assert (response.status_code, response.url) == (302, url)
    assert messages_of(response) == ["This dossier is submitted: it can no longer be changed."]
    assert refusal(national.update_dossier, stale, {**TEXTS, "summary": "แก้ไข"}, by=ubon_officer) == [
        "This dossier is submitted: it can no longer be changed."
    ]
    assert texts_of(draft) == TEXTS


@pytest.mark.parametrize(
    ("state", "label"), [(S.DRAFT, "Draft"), (S.SCORING_OPEN, "Scoring open"), (S.PUBLISHED, "Results published")]
)
def test_submissions_only_while_the_national_round_takes_them(provincial, national_round, ubon_officer, state, label):
    draft = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    set_state(national_round, state)
    assert refusal(national.submit, draft, by=ubon_officer) == [
        f"The national round is not accepting submissions: it is “{label}”."
    ]
    assert (Submission.objects.get().state, Contest.objects.get(pk=provincial.pk).state) == (
        SubmissionState.DRAFT, S.WINNER_SELECTED,
    )
    assert len(history(provincial)) == 1  # the preparation only


def test_no_dossier_before_cdd_creates_the_national_round(client, provincial, ubon_officer, messages_of):
    message = (
        "CDD has not opened the national round of fiscal year 2565 for “Product innovation selection” yet: the "
        "dossier can be prepared once it has."
    )
    client.force_login(ubon_officer)
    url = reverse("contests:dossier", args=[provincial.pk])
    assert message in client.get(url).content.decode()
    assert messages_of(client.post(url, TEXTS)) == [message]
    assert not Submission.objects.exists()


def test_no_new_dossier_once_national_judging_has_begun(provincial, national_round, ubon_officer):
    set_state(national_round, S.SCORING_OPEN)
    assert refusal(national.prepare_dossier, provincial, by=ubon_officer) == [
        "The national round no longer accepts submissions: judging has begun."
    ]


def test_an_incomplete_dossier_is_not_submitted(provincial, national_round, ubon_officer):
    draft = national.save_dossier(provincial, {**TEXTS, "identity": "  "}, by=ubon_officer)
    assert refusal(national.submit, draft, by=ubon_officer) == [
        "Describe the innovation and the local identity before submitting."
    ]


# Withdrawal and replacement

def test_withdraw_and_replace(client, provincial, national_round, ubon_officer, messages_of):
    first = submitted(provincial, ubon_officer)
    entry = first.national_entry
    client.force_login(ubon_officer)
    url = reverse("contests:submission_withdraw", args=[first.pk])
    assert client.get(url).context["title"] == f"Withdraw the national submission of {first.entry}"
    response = client.post(url, {"reason": " "})
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert Submission.objects.get().state == SubmissionState.SUBMITTED

    response = client.post(url, {"reason": f"  {REASON}  "})
    assert (response.status_code, response.url) == (302, first.get_absolute_url())
    assert messages_of(response) == ["The submission is withdrawn. A new dossier may be prepared."]
    first.refresh_from_db()
    entry.refresh_from_db()
    assert (first.state, first.withdrawal_reason) == (SubmissionState.WITHDRAWN, REASON)
    assert first.withdrawn_at is not None
    assert (entry.withdrawn, entry.withdrawal_reason, entry.presentation_order) == (True, REASON, None)
    assert Contest.objects.get(pk=provincial.pk).state == S.WINNER_SELECTED
    assert history(provincial)[2:] == [(EventAction.SUBMISSION, S.SUBMITTED, S.WINNER_SELECTED, "ubon", REASON)]
    assert history(national_round) == [(EventAction.ENTRY_WITHDRAWN, "", "", "ubon", REASON)]

    # The replacement starts from the withdrawn dossier's texts.
    dossier = reverse("contests:dossier", args=[provincial.pk])
    response = client.get(dossier)
    assert response.context["dossier"].submission is None
    assert {name: response.context["form"][name].value() for name in TEXTS} == TEXTS
    client.post(dossier, {**TEXTS, "summary": "ฉบับแก้ไข"})
    second = Submission.objects.exclude(pk=first.pk).get()
    client.post(reverse("contests:submission_submit", args=[second.pk]))
    second.refresh_from_db()
    first.refresh_from_db()
    entry.refresh_from_db()
    assert (second.state, second.summary, second.national_entry) == (SubmissionState.SUBMITTED, "ฉบับแก้ไข", entry)
    assert (entry.withdrawn, entry.withdrawal_reason, entry.presentation_order) == (False, "", 1)
    assert (first.state, first.national_entry) == (SubmissionState.WITHDRAWN, None)
    assert Contest.objects.get(pk=provincial.pk).state == S.SUBMITTED
    assert [row[1:3] for row in history(provincial)] == [
        ("", ""), (S.WINNER_SELECTED, S.SUBMITTED), (S.SUBMITTED, S.WINNER_SELECTED),
        ("", ""), (S.WINNER_SELECTED, S.SUBMITTED),
    ]


def test_a_national_admin_withdraws_a_late_submission(provincial, national_round, ubon_officer, national_admin):
    deadline_passed(national_round)
    submission = national.withdraw(submitted(provincial, ubon_officer), REASON, by=national_admin)
    assert (submission.state, submission.national_entry) == (SubmissionState.WITHDRAWN, None)
    assert history(provincial)[-1] == (EventAction.SUBMISSION, S.SUBMITTED, S.WINNER_SELECTED, "national", REASON)
    assert history(national_round) == []


def test_no_withdrawal_once_national_judging_has_begun(client, provincial, national_round, ubon_officer, messages_of):
    submission = submitted(provincial, ubon_officer)
    set_state(national_round, S.SCORING_OPEN)
    client.force_login(ubon_officer)
    url = reverse("contests:submission_withdraw", args=[submission.pk])
    response = client.get(url)
    assert (response.status_code, response.url) == (302, submission.get_absolute_url())
    assert messages_of(response) == ["This submission can no longer be withdrawn."]
    assert messages_of(client.post(url, {"reason": REASON})) == [
        "National judging has begun: the submission can no longer be withdrawn."
    ]
    assert (Submission.objects.get().state, Contest.objects.get(pk=provincial.pk).state) == (
        SubmissionState.SUBMITTED, S.SUBMITTED,
    )


def test_a_withdrawal_needs_a_submitted_dossier_and_a_reason(provincial, national_round, ubon_officer):
    draft = national.save_dossier(provincial, TEXTS, by=ubon_officer)
    assert refusal(national.withdraw, draft, REASON, by=ubon_officer) == ["Only a submitted dossier can be withdrawn."]
    national.submit(draft, by=ubon_officer)
    assert refusal(national.withdraw, draft, "  ", by=ubon_officer) == ["Write the reason for the withdrawal."]
    assert Submission.objects.get().state == SubmissionState.SUBMITTED


# The national result

ADVICE = ["ควรพัฒนาบรรจุภัณฑ์ให้ทันสมัย", "เพิ่มช่องทางขายออนไลน์"]


@pytest.fixture
def judged(provincial, national_round, ubon_officer):
    """Ubon's submission and a Chachoengsao entry judged by two national judges: 15 and 16 for
    Ubon's (with advice), 18 for the other."""
    submission = submitted(provincial, ubon_officer)
    other = EntryFactory(contest=national_round, product=chachoengsao_product(), presentation_order=2)
    criterion = CriterionFactory(rubric=national_round.rounds.get().rubric, max_points=20)
    set_state(national_round, S.SCORING_OPEN)
    for seat, (points, advice) in enumerate(zip(("15", "16"), ADVICE, strict=True), start=1):
        judge = UserFactory(username=f"judge{seat}", is_national_judge=True)
        Juror.objects.create(contest=national_round, user=judge, name=f"ผู้ตัดสินระดับชาติ {seat}", seat=seat)
        scoring.save_scorecard(judge, submission.national_entry_id, {str(criterion.pk): points}, advice, submit=True)
        scoring.save_scorecard(judge, other.pk, {str(criterion.pk): "18"}, submit=True)
    set_state(national_round, S.SCORING_CLOSED)
    return submission


def test_the_province_sees_its_national_result_once_published(client, judged, national_round, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("contests:national_result", args=[judged.provincial_id])
    response = client.get(url)
    html = response.content.decode()
    assert response.context["result"].published is False
    assert "The national results are not published yet." in html and ADVICE[0] not in html

    set_state(national_round, S.PUBLISHED)
    response = client.get(url)
    assert (response.context["result"].award, response.context["result"].place) == (None, 2)
    assert "No award" in response.content.decode()
    award = Award.objects.create(contest=national_round, position=3, name_th="เหรียญทองแดง", name_en="Bronze")
    Entry.objects.filter(pk=judged.national_entry_id).update(award=award)
    response = client.get(url)
    result, html = response.context["result"], response.content.decode()
    assert (result.published, result.award, result.place, result.ranked, result.advice) == (True, award, 2, 2, ADVICE)
    assert [(criterion.max_points, average) for criterion, average in result.averages] == [(20, 15.5)]
    assert "Bronze" in html and "No award" not in html and "Place 2 of 2 in the national ranking" in html
    assert all(text in html for text in ADVICE)
    assert "ผู้ตัดสินระดับชาติ" not in html and "judge1" not in html  # the advice is anonymous


def test_a_contest_without_a_national_entry_has_no_result(client, provincial, national_round, ubon_officer):
    set_state(national_round, S.PUBLISHED)
    client.force_login(ubon_officer)
    response = client.get(reverse("contests:national_result", args=[provincial.pk]))
    assert response.context["result"].submission is None
    assert "This contest has no entry in the national round." in response.content.decode()
