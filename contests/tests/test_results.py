"""The national round's results: normalised scores, awards suggested from the ranking and assigned
with reasons, publication, the public results page (no personal data) and the certificates.

The round is built by `test_national_judging.national_round`: the provinces' winners, two regional
teams of national judges, four awards (gold, silver, two honourable mentions).
"""

import datetime
import os
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from contests import awards, documents, scoring, workflow
from contests.enums import ContestState, EventAction
from contests.models import Contest, ContestEvent, Entry
from contests.tests.test_documents import pdf_fonts, pdf_pages, save_first_page
from contests.tests.test_national_judging import EMAIL, LEADER, PHONE, entry_of, judge_of, national_round, score
from contests.workflow import TransitionError
from kbo.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "คณะกรรมการเห็นว่าผลิตภัณฑ์มีนวัตกรรมด้านบรรจุภัณฑ์โดดเด่นกว่า"
# team, province: total. Raw ranking: Ubon 92, Chiang Mai 88, Chachoengsao 85, Chiang Rai 70, Khon Kaen 60.
POINTS = {("north", "50"): 88, ("north", "57"): 70, ("northeast", "34"): 92, ("northeast", "24"): 85,
          ("northeast", "40"): 60}
RANKED = ["34", "50", "24", "57", "40"]
PUBLISHED_AT = datetime.datetime(2022, 9, 15, 3, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _english_messages():
    """The domain's refusals are read in English here (the default language is Thai)."""
    with translation.override("en"):
        yield


def award(contest, position):
    return contest.awards.get(position=position)


def provinces(entries):
    return [entry.submission.province_id for entry in entries]


def awarded(contest):
    return {entry.submission.province_id: entry.award.position for entry in awards.awarded_entries(contest)}


@pytest.fixture
def judged(geography, national_admin):
    """Judging closed: one judge per team has scored their team's entries (POINTS)."""
    national = national_round(provinces=("50", "57", "34", "24", "40"), judges=1)
    for (team, code), points in POINTS.items():
        score(national, team, 1, code, points)
    return workflow.advance(national, ContestState.SCORING_CLOSED, by=national_admin)


def suggestion_of(contest):
    """{province code: award position} of the ranking's suggestion."""
    suggested = awards.suggested_awards(awards.main_round(contest))
    return {Entry.objects.get(pk=pk).submission.province_id: given.position for pk, given in suggested.items()}


def as_suggested(contest):
    return {pk: given for pk, given in awards.suggested_awards(awards.main_round(contest)).items()}


@pytest.fixture
def published(judged, national_admin):
    """The suggested awards, published on 15 September 2565 (10:00 in Bangkok)."""
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    with mock.patch("django.utils.timezone.now", return_value=PUBLISHED_AT):  # an event is never changed afterwards
        workflow.advance(judged, ContestState.PUBLISHED, by=national_admin)
    return judged


# Normalisation

def test_normalisation_puts_the_strict_judges_best_entry_first_where_the_raw_mean_puts_it_fourth(geography):
    """North's judge is lenient (90, 88, 82), the northeast's strict (80, 66, 64). Each judge's z-scores
    (population sd: north 3.3993 around 86.6667, northeast 7.1181 around 70) are rescaled to all six
    totals (mean 78.3333, sd 10.0277): Ubon's 80, the strict judge's best, becomes 78.3333 + 1.4049 ×
    10.0277 = 92.4211, above Chiang Mai's 90 (z 0.9806 → 88.1663); Lampang's 82, the lenient judge's
    worst (z −1.3728), falls from third to last."""
    national = national_round(provinces=("50", "57", "52", "34", "40", "30"), judges=1, show_normalised=True)
    for code, points in {"50": 90, "57": 88, "52": 82}.items():
        score(national, "north", 1, code, points)
    for code, points in {"34": 80, "40": 66, "30": 64}.items():
        score(national, "northeast", 1, code, points)
    round = national.rounds.get()
    with CaptureQueriesContext(connection) as queries:
        values = scoring.normalised(round)
    assert len(queries) == 3  # per-judge aggregates, overall aggregates, the totals
    assert {entry_of(national, code).pk: value for code, value in {
        "50": Decimal("88.1663"), "57": Decimal("82.2665"), "52": Decimal("64.5671"),
        "34": Decimal("92.4211"), "40": Decimal("72.6982"), "30": Decimal("69.8807"),
    }.items()} == values
    ranking = scoring.ranking(round)
    assert provinces(result.entry for result in ranking.results) == ["50", "57", "52", "34", "40", "30"]
    by_normalised = sorted(ranking.results, key=lambda result: -result.normalised)
    assert provinces(result.entry for result in by_normalised) == ["34", "50", "57", "40", "30", "52"]


def test_a_judge_with_one_scorecard_or_no_spread_keeps_z_zero(geography):
    national = national_round(provinces=("50", "57", "34"), judges=1)
    score(national, "north", 1, "50", 70)
    score(national, "north", 1, "57", 70)  # no spread
    score(national, "northeast", 1, "34", 100)  # one scorecard
    values = scoring.normalised(national.rounds.get())
    assert values == {entry_of(national, code).pk: Decimal("80.0000") for code in ("50", "57", "34")}  # the mean


def test_normalised_scores_are_left_out_of_a_ranking_that_does_not_show_them(judged):
    assert [result.normalised for result in scoring.ranking(judged.rounds.get()).results] == [None] * 5
    assert scoring.normalised(national_round_without_scores()) == {}


def national_round_without_scores():
    return national_round(provinces=("52",), judges=1, fiscal_year=2566).rounds.get()


def test_the_ranking_and_award_pages_show_the_normalised_score_beside_the_raw_one(client, judged, national_admin):
    Contest.objects.filter(pk=judged.pk).update(show_normalised=True)
    client.force_login(national_admin)
    ranking = client.get(reverse("contests:ranking", args=[judged.rounds.get().pk]), headers={"accept-language": "en"})
    assert [(result.score, result.normalised) for result, _averages in ranking.context["rows"]] == [
        # north: 88, 70 (z ±1); northeast: 92, 85, 60 (z 0.9464, 0.4368, −1.3833); all: mean 79, sd 12.0665
        (Decimal("92.0000"), Decimal("90.4203")), (Decimal("88.0000"), Decimal("91.0665")),
        (Decimal("85.0000"), Decimal("84.2709")), (Decimal("70.0000"), Decimal("66.9335")),
        (Decimal("60.0000"), Decimal("62.3088")),
    ]
    html = ranking.content.decode()
    assert '<th scope="col" class="text-end">Normalised</th>' in html
    assert '<td class="text-end">91.07</td>' in html
    page = client.get(reverse("contests:award_assign", args=[judged.pk]), headers={"accept-language": "en"})
    assert '<td class="text-end">62.31</td>' in page.content.decode()


# Awards

def test_the_suggestion_fills_the_awards_in_order_from_the_top_of_the_ranking(judged):
    assert suggestion_of(judged) == {"34": 1, "50": 2, "24": 3, "57": 3}  # Khon Kaen, fifth: none


def test_entries_without_a_counted_scorecard_get_no_suggestion(geography, national_admin):
    national = national_round(provinces=("50", "57", "34"), judges=1)
    score(national, "north", 1, "57", 50)
    assert suggestion_of(national) == {"57": 1}


def test_assigning_the_suggestion_needs_no_reason_and_is_recorded_once(judged, national_admin):
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    assert awarded(judged) == {"34": 1, "50": 2, "24": 3, "57": 3}
    assert list(Entry.objects.filter(contest=judged).exclude(award_reason="")) == []
    event = ContestEvent.objects.get(contest=judged, action=EventAction.AWARDS)
    assert event.by == national_admin
    rows = event.data["awards"]
    assert [(row["place"], row["award"]["name"], row["suggested"]["name"], row["reason"]) for row in rows] == [
        (1, "รางวัลเหรียญทอง", "รางวัลเหรียญทอง", ""), (2, "รางวัลเหรียญเงิน", "รางวัลเหรียญเงิน", ""),
        (3, "รางวัลชมเชย", "รางวัลชมเชย", ""), (4, "รางวัลชมเชย", "รางวัลชมเชย", ""),
    ]


def test_a_departure_from_the_suggestion_needs_a_reason_for_each_entry_it_moves(judged, national_admin):
    swapped = as_suggested(judged)
    ubon, chiang_mai = entry_of(judged, "34").pk, entry_of(judged, "50").pk
    swapped[ubon], swapped[chiang_mai] = award(judged, 2), award(judged, 1)
    with pytest.raises(awards.AwardError) as refused:
        awards.assign_awards(judged, swapped, {chiang_mai: REASON}, by=national_admin)
    assert refused.value.messages == [
        f"{entry_of(judged, '34')}: the award differs from the ranking's suggestion; write the reason."
    ]
    assert awarded(judged) == {}
    assert not ContestEvent.objects.filter(action=EventAction.AWARDS).exists()
    awards.assign_awards(judged, swapped, {ubon: REASON, chiang_mai: "  " + REASON}, by=national_admin)
    assert awarded(judged) == {"34": 2, "50": 1, "24": 3, "57": 3}
    assert Entry.objects.get(pk=ubon).award_reason == REASON
    assert Entry.objects.get(pk=chiang_mai).award_reason == REASON


def test_leaving_out_a_suggested_award_or_giving_one_to_an_unsuggested_entry_is_a_departure(judged, national_admin):
    khon_kaen, chiang_rai = entry_of(judged, "40").pk, entry_of(judged, "57").pk
    chosen = {**as_suggested(judged), chiang_rai: None, khon_kaen: award(judged, 3)}
    with pytest.raises(awards.AwardError) as refused:
        awards.assign_awards(judged, chosen, {}, by=national_admin)
    assert len(refused.value.messages) == 2
    awards.assign_awards(judged, chosen, {chiang_rai: REASON, khon_kaen: REASON}, by=national_admin)
    assert awarded(judged) == {"34": 1, "50": 2, "24": 3, "40": 3}
    assert Entry.objects.get(pk=chiang_rai).award_reason == REASON  # the reason stays with the entry left out


def test_an_award_given_more_often_than_its_count_is_refused(judged, national_admin):
    chosen = {**as_suggested(judged), entry_of(judged, "50").pk: award(judged, 1)}
    reasons = {entry.pk: REASON for entry in judged.entries.all()}
    with pytest.raises(awards.AwardError) as refused:
        awards.assign_awards(judged, chosen, reasons, by=national_admin)
    assert refused.value.messages == ["“Gold” is given 2 times, but at most 1."]  # the award's English name
    assert awarded(judged) == {}


def test_another_rounds_award_is_refused(judged, national_admin):
    other = national_round(provinces=("52",), judges=1, fiscal_year=2566)
    chosen = {**as_suggested(judged), entry_of(judged, "40").pk: award(other, 1)}
    with pytest.raises(awards.AwardError) as refused:
        awards.assign_awards(judged, chosen, {entry_of(judged, "40").pk: REASON}, by=national_admin)
    assert refused.value.messages == ["Choose one of this national round's awards."]


def test_awards_are_assigned_by_national_admins_once_judging_has_closed(judged, national_admin, ubon_officer):
    with pytest.raises(PermissionDenied):
        awards.assign_awards(judged, as_suggested(judged), {}, by=ubon_officer)
    with pytest.raises(PermissionDenied):
        awards.assign_awards(judged, as_suggested(judged), {}, by=judge_of(judged, "north").user)
    Contest.objects.filter(pk=judged.pk).update(state=ContestState.SCORING_OPEN)
    with pytest.raises(awards.AwardError):
        awards.assign_awards(judged, {}, {}, by=national_admin)
    assert awarded(judged) == {}


def test_results_are_published_only_once_an_award_is_assigned(judged, national_admin):
    with pytest.raises(TransitionError) as refused:
        workflow.advance(judged, ContestState.PUBLISHED, by=national_admin)
    assert refused.value.messages == ["Assign the awards first."]
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    workflow.advance(judged, ContestState.PUBLISHED, by=national_admin)
    assert Contest.objects.get(pk=judged.pk).state == ContestState.PUBLISHED
    with pytest.raises(awards.AwardError):  # fixed once published
        awards.assign_awards(judged, {}, {}, by=national_admin)
    assert len(awarded(judged)) == 4


# The award page

def test_the_award_page_starts_from_the_suggestion_and_saves_with_reasons(client, judged, national_admin):
    client.force_login(national_admin)
    url = reverse("contests:award_assign", args=[judged.pk])
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200
    form = response.context["form"]
    initial = {code: form[f"award_{entry_of(judged, code).pk}"].initial for code in RANKED}
    assert initial == {
        "34": str(award(judged, 1).pk), "50": str(award(judged, 2).pk), "24": str(award(judged, 3).pk),
        "57": str(award(judged, 3).pk), "40": "",
    }
    assert response.context["can_publish"] is False
    data = {f"award_{entry_of(judged, code).pk}": value for code, value in initial.items()}
    data[f"award_{entry_of(judged, '40').pk}"], data[f"award_{entry_of(judged, '57').pk}"] = data[
        f"award_{entry_of(judged, '57').pk}"], ""
    refused = client.post(url, data, headers={"accept-language": "en"})
    assert refused.status_code == 200
    assert [str(message) for message in refused.context["messages"]] == [
        f"{entry_of(judged, '57')}: the award differs from the ranking's suggestion; write the reason.",
        f"{entry_of(judged, '40')}: the award differs from the ranking's suggestion; write the reason.",
    ]
    assert awarded(judged) == {}
    data[f"reason_{entry_of(judged, '57').pk}"] = data[f"reason_{entry_of(judged, '40').pk}"] = REASON
    saved = client.post(url, data)
    assert saved.status_code == 302
    assert saved["Location"] == url
    assert awarded(judged) == {"34": 1, "50": 2, "24": 3, "40": 3}
    again = client.get(url, headers={"accept-language": "en"})
    assert again.context["form"][f"award_{entry_of(judged, '57').pk}"].initial == ""  # the saved choice now
    assert again.context["can_publish"] is True
    assert reverse("contests:advance", args=[judged.pk, ContestState.PUBLISHED]) in again.content.decode()


def test_the_results_are_published_through_the_confirmation_step(client, judged, national_admin):
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    client.force_login(national_admin)
    url = reverse("contests:advance", args=[judged.pk, ContestState.PUBLISHED])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": ""})
    assert response.status_code == 302
    assert response["Location"] == judged.get_absolute_url()
    assert Contest.objects.get(pk=judged.pk).state == ContestState.PUBLISHED
    event = ContestEvent.objects.get(contest=judged, to_state=ContestState.PUBLISHED)
    assert (event.from_state, event.by) == (ContestState.SCORING_CLOSED, national_admin)
    assert client.get(public_url(judged)).status_code == 200


@pytest.mark.parametrize(("who", "status"), [
    ("anonymous", 302), ("ubon_officer", 403), ("judge", 403), ("national_admin", 200),
])
def test_who_may_open_the_award_page(client, judged, request, who, status):
    if who == "judge":
        client.force_login(judge_of(judged, "north").user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("contests:award_assign", args=[judged.pk])
    response = client.get(url)
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={url}"
    response = client.post(url, {f"award_{entry_of(judged, '40').pk}": award(judged, 1).pk, "x": "1"})
    assert response.status_code == (200 if who == "national_admin" else status)
    assert awarded(judged) == {}


def test_the_award_page_is_hidden_while_judging_is_open_and_of_a_provincial_contest(client, geography, national_admin):
    national = national_round(judges=1)
    client.force_login(national_admin)
    assert client.get(reverse("contests:award_assign", args=[national.pk])).status_code == 403
    provincial = Contest.objects.filter(level="provincial").first()
    assert client.get(reverse("contests:award_assign", args=[provincial.pk])).status_code == 404


# The public results page

def public_url(contest):
    return reverse("contests:public_results", args=[contest.fiscal_year, contest.kind])


def test_the_public_page_is_not_there_before_the_results_are_published(client, judged, national_admin):
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    assert client.get(public_url(judged)).status_code == 404
    client.force_login(national_admin)
    assert client.get(public_url(judged)).status_code == 404


def test_the_public_page_lists_the_awards_in_order_without_personal_data(client, published, national_admin):
    assert client.get(reverse("contests:public_results", args=[2566, "product"])).status_code == 404
    assert client.get(reverse("contests:public_results", args=[2565, "network"])).status_code == 404
    assert client.get(reverse("contests:public_results", args=[2565, "anything"])).status_code == 404
    response = client.get(public_url(published))  # signed out
    assert response.status_code == 200
    listed = [
        (given.name_th, [(entry.product.name, entry.group.name, entry.province.name_th) for entry in entries])
        for given, entries in response.context["awards"]
    ]
    assert listed == [
        ("รางวัลเหรียญทอง", [("ผ้าไหมลายกาบบัว", "กลุ่มทอผ้าไหมบ้านในเมือง", "อุบลราชธานี")]),
        ("รางวัลเหรียญเงิน", [("ผ้าฝ้ายย้อมครามลายดอกพิกุล", "กลุ่มผ้าฝ้ายทอมือบ้านศรีภูมิ", "เชียงใหม่")]),
        ("รางวัลชมเชย", [  # by province code
            ("มะม่วงแช่อิ่มอบแห้ง", "กลุ่มแปรรูปมะม่วงหน้าเมือง", "ฉะเชิงเทรา"),
            ("ชาอู่หลงอบแห้งบรรจุซอง", "กลุ่มชาอู่หลงดอยเวียง", "เชียงราย"),
        ]),
    ]
    html = response.content.decode()
    for text in ["รางวัลเหรียญทอง", "ผ้าไหมลายกาบบัว", "กลุ่มทอผ้าไหมบ้านในเมือง", "อุบลราชธานี", "ผ้า เครื่องแต่งกาย"]:
        assert text in html
    assert html.index("รางวัลเหรียญทอง") < html.index("รางวัลเหรียญเงิน") < html.index("รางวัลชมเชย")
    personal = [
        LEADER, PHONE, EMAIL, national_admin.get_full_name(), national_admin.email,
        *[juror.name for juror in published.jurors.all()], *[juror.user.email for juror in published.jurors.all()],
    ]
    assert [text for text in personal if text in html] == []
    assert "Khon Kaen" not in html and "ผ้าไหมมัดหมี่ลายแคนแก่นคูน" not in html  # no award: not listed
    for score_text in ["92.00", "88.00", "85.00"]:
        assert score_text not in html


def test_the_public_page_costs_the_same_queries_for_one_award_or_four(
    client, judged, national_admin, django_assert_num_queries
):
    only_gold = {pk: given if given.position == 1 else None for pk, given in as_suggested(judged).items()}
    awards.assign_awards(judged, only_gold, {pk: REASON for pk in only_gold}, by=national_admin)
    workflow.advance(judged, ContestState.PUBLISHED, by=national_admin)
    with django_assert_num_queries(3):  # the round, its awarded entries, the day of publication
        assert len(client.get(public_url(judged)).context["awards"]) == 1
    Contest.objects.filter(pk=judged.pk).update(state=ContestState.SCORING_CLOSED)
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    Contest.objects.filter(pk=judged.pk).update(state=ContestState.PUBLISHED)
    with django_assert_num_queries(3):
        assert len(client.get(public_url(judged)).context["awards"]) == 3


# Certificates

def certificate_url(contest, code):
    return reverse("contests:certificate_pdf", args=[entry_of(contest, code).pk])


def test_the_certificates_are_one_thai_a4_landscape_page_per_awarded_entry(client, published, national_admin, tmp_path):
    client.force_login(national_admin)
    response = client.get(reverse("contests:certificates_pdf", args=[published.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="certificates-{published.pk}.pdf"'
    assert pdf_pages(response.content) == 4
    assert pdf_fonts(response.content) == {("Sarabun", "yes"), ("Sarabun-Bold", "yes")}
    assert os.path.getsize(save_first_page(response.content, "certificate", tmp_path)) > 10_000
    single = client.get(certificate_url(published, "34"))
    assert single.status_code == 200
    assert single["Content-Type"] == "application/pdf"
    assert pdf_pages(single.content) == 1


def test_a_certificate_names_the_group_product_province_award_round_and_date(published):
    ubon = entry_of(published, "34")
    with translation.override("en"):
        document = documents.certificates([ubon])
        html = documents.render_html(document)
    assert document.filename == f"certificate-{ubon.pk}.pdf"
    page_hash = document.context["certificates"][0].hash
    facts = {
        "round": {"id": published.pk, "fiscal_year": 2565, "kind": "product"}, "entry": ubon.pk,
        "product": "ผ้าไหมลายกาบบัว", "group": "กลุ่มทอผ้าไหมบ้านในเมือง", "province": "34",
        "award": {"position": 1, "name": "รางวัลเหรียญทอง"}, "published": datetime.date(2022, 9, 15),
    }
    assert document.record == {"document": "certificates", "certificates": [facts]}
    assert page_hash == documents.record_hash(facts)
    assert awards.published_on(published) == datetime.date(2022, 9, 15)
    for text in [
        "Community Development Department", "Certificate of honour", "กลุ่มทอผ้าไหมบ้านในเมือง",
        "for the product “ผ้าไหมลายกาบบัว”", "Ubon Ratchathani province", "Gold",
        "in the national round of the Product innovation selection, fiscal year 2565",
        "Given on Sept. 15, 2565",
        "Director-General of the Community Development Department", f"record {page_hash}",
    ]:
        assert text in html
    with translation.override("th"):
        thai = documents.render_html(documents.certificates([ubon]))
    for text in ["รางวัลเหรียญทอง", "อุบลราชธานี", "15 กันยายน 2565", "2565"]:
        assert text in thai
    bundle = documents.certificates(published)
    assert [certificate.entry.pk for certificate in bundle.context["certificates"]] == [
        entry_of(published, code).pk for code in ("34", "50", "24", "57")
    ]
    # the same certificate, alone or with the others, prints the same record hash
    assert bundle.context["certificates"][0].hash == page_hash


def test_officers_get_their_provinces_certificate_once_the_results_are_published(
    client, judged, national_admin, ubon_officer, chachoengsao_officer
):
    awards.assign_awards(judged, as_suggested(judged), {}, by=national_admin)
    client.force_login(ubon_officer)
    assert client.get(certificate_url(judged, "34")).status_code == 404  # not published yet
    client.force_login(national_admin)
    assert client.get(certificate_url(judged, "34")).status_code == 403
    assert client.get(reverse("contests:certificates_pdf", args=[judged.pk])).status_code == 403
    workflow.advance(judged, ContestState.PUBLISHED, by=national_admin)
    client.force_login(ubon_officer)
    assert client.get(certificate_url(judged, "34")).status_code == 200
    assert client.get(certificate_url(judged, "24")).status_code == 404  # Chachoengsao's
    assert client.get(reverse("contests:certificates_pdf", args=[judged.pk])).status_code == 403  # national admins only
    client.force_login(chachoengsao_officer)
    assert client.get(certificate_url(judged, "34")).status_code == 404
    assert client.get(certificate_url(judged, "24")).status_code == 200
    client.force_login(national_admin)
    assert client.get(certificate_url(judged, "40")).status_code == 404  # no award, no certificate


def test_certificates_need_a_login_and_a_register_role(client, published):
    for url in [reverse("contests:certificates_pdf", args=[published.pk]), certificate_url(published, "34")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"
    client.force_login(judge_of(published, "northeast").user)
    assert client.get(certificate_url(published, "34")).status_code == 403
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("contests:certificates_pdf", args=[published.pk])).status_code == 403
