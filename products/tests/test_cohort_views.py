"""The cohort pages as each persona meets them: lists, forms, refusals and the cost in queries."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kbo.accounts.tests.factories import UserFactory
from products.cohorts import record_attendance
from products.models import Attendance, Cohort, Enrollment, Trainee, TrainingSession
from products.tests.factories import CohortFactory, ProducerGroupFactory, ProductFactory
from products.tests.factories import EnrollmentFactory, TraineeFactory, TrainingSessionFactory

ENGLISH = {"accept-language": "en"}  # pages follow the browser's language
CHACHOENGSAO_GROUP = {"subdistrict_id": "240113", "postal_code": "24000"}


@pytest.fixture
def ubon(geography):
    """An Ubon FY 2565 cohort with one enrolled group, its trainee and a session."""
    cohort = CohortFactory(
        contractor="มหาวิทยาลัยอุบลราชธานี", procurement_method="e_bidding", budget=Decimal("450000.00"),
        contract_number="12/2565", contract_date=datetime.date(2022, 1, 14),
    )
    enrollment = EnrollmentFactory(cohort=cohort, group__name="กลุ่มทอผ้าไหมบ้านโนนสว่าง")
    trainee = TraineeFactory(enrollment=enrollment, name="นางสมศรี ใจดี")
    session = TrainingSessionFactory(cohort=cohort, topic="การออกแบบบรรจุภัณฑ์")
    return {"cohort": cohort, "enrollment": enrollment, "trainee": trainee, "session": session}


def snapshot():
    """Everything a refused request must leave as it was."""
    return (
        list(Cohort.objects.values_list("pk", "fiscal_year", "contractor", "trainees_per_group")),
        list(Enrollment.objects.values_list("pk", "group_id", "product_id")),
        list(Trainee.objects.values_list("pk", "name", "position")),
        list(TrainingSession.objects.values_list("pk", "topic")),
        list(Attendance.objects.values_list("trainee_id", "present")),
    )


def page_urls(ubon):
    """(url, a POST that would change something) for every cohort page."""
    cohort, enrollment, trainee, session = ubon["cohort"], ubon["enrollment"], ubon["trainee"], ubon["session"]
    cohort_data = {"province": "34", "fiscal_year": "2566", "title": "โครงการ", "trainees_per_group": "2"}
    other_group = ProducerGroupFactory(name="กลุ่มจักสานบ้านท่าบ่อ")
    return {
        "cohort_list": (reverse("products:cohort_list"), None),
        "cohort_create": (reverse("products:cohort_create"), cohort_data),
        "cohort_detail": (reverse("products:cohort_detail", args=[cohort.pk]), None),
        "cohort_update": (
            reverse("products:cohort_update", args=[cohort.pk]),
            {**cohort_data, "fiscal_year": "2565", "contractor": "ผู้รับจ้างใหม่", "trainees_per_group": "5"},
        ),
        "enrollment_create": (reverse("products:enrollment_create", args=[cohort.pk]), {"group": other_group.pk}),
        "enrollment_delete": (reverse("products:enrollment_delete", args=[enrollment.pk]), {}),
        "trainee_create": (reverse("products:trainee_create", args=[enrollment.pk]), {"name": "นายใหม่ มาแล้ว"}),
        "trainee_update": (reverse("products:trainee_update", args=[trainee.pk]), {"name": "ชื่อใหม่"}),
        "trainee_delete": (reverse("products:trainee_delete", args=[trainee.pk]), {}),
        "session_create": (
            reverse("products:session_create", args=[cohort.pk]), {"date": "01/04/2565", "topic": "การตลาด"}
        ),
        "session_attendance": (reverse("products:session_attendance", args=[session.pk]), {"present": [trainee.pk]}),
    }


PAGES = [
    "cohort_list", "cohort_create", "cohort_detail", "cohort_update", "enrollment_create", "enrollment_delete",
    "trainee_create", "trainee_update", "trainee_delete", "session_create", "session_attendance",
]
OF_AN_UBON_OBJECT = set(PAGES) - {"cohort_list", "cohort_create"}


@pytest.mark.permissions
@pytest.mark.parametrize("page", PAGES)
def test_who_may_open_each_page(client, ubon, page, committee_member, chachoengsao_officer, ubon_officer, national_admin):
    url, _data = page_urls(ubon)[page]
    expected = {
        None: 302, committee_member: 403, UserFactory(username="plain"): 403,
        chachoengsao_officer: 404 if page in OF_AN_UBON_OBJECT else 200,
        ubon_officer: 200, national_admin: 200,
    }
    for user, status in expected.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, (user, page)
        if user is None:
            assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.permissions
@pytest.mark.parametrize("page", sorted(page for page in PAGES if page not in {"cohort_list", "cohort_detail"}))
def test_refused_posts_change_nothing(client, ubon, page, committee_member, chachoengsao_officer):
    url, data = page_urls(ubon)[page]
    before = snapshot()
    refused = [(None, 302), (committee_member, 403)]
    if page in OF_AN_UBON_OBJECT:
        refused.append((chachoengsao_officer, 404))
    for user, status in refused:
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.post(url, data).status_code == status
    assert snapshot() == before


@pytest.mark.permissions
@pytest.mark.parametrize("page", sorted(page for page in PAGES if page not in {"cohort_list", "cohort_detail"}))
def test_ubon_officer_posts_succeed(client, ubon, page, ubon_officer):
    url, data = page_urls(ubon)[page]
    before = snapshot()
    client.force_login(ubon_officer)
    response = client.post(url, data)
    assert response.status_code == 302
    assert snapshot() != before


def test_officer_list_shows_their_province_with_counts(client, ubon, ubon_officer, chachoengsao_officer):
    TraineeFactory(enrollment=ubon["enrollment"])
    EnrollmentFactory(cohort=ubon["cohort"])
    CohortFactory(province_id="24", fiscal_year=2565, contractor="ผู้รับจ้างฉะเชิงเทรา")
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.get(reverse("products:cohort_list"), headers=ENGLISH)
        assert [[str(value) for value in values] for _cohort, values in response.context["rows"]] == [
            ["2565", "Ubon Ratchathani", "มหาวิทยาลัยอุบลราชธานี", "Electronic bidding (e-bidding)", "450000.00", "2", "2"]
        ]
    assert list(response.context["filterset"].form.fields) == ["q", "fiscal_year"]
    client.force_login(chachoengsao_officer)
    response = client.get(reverse("products:cohort_list"))
    assert [cohort.contractor for cohort in response.context["object_list"]] == ["ผู้รับจ้างฉะเชิงเทรา"]


def test_national_admin_filters_by_province_and_year(client, ubon, national_admin):
    CohortFactory(province_id="24", fiscal_year=2565)
    CohortFactory(province_id="24", fiscal_year=2566)
    client.force_login(national_admin)
    url = reverse("products:cohort_list")
    assert "province" in client.get(url).context["filterset"].form.fields
    response = client.get(url, {"province": "24", "fiscal_year": "2566"})
    assert [(c.province_id, c.fiscal_year) for c in response.context["object_list"]] == [("24", 2566)]
    response = client.get(url, {"fiscal_year": "2565"})
    assert sorted(c.province_id for c in response.context["object_list"]) == ["24", "34"]


def test_list_exports_to_excel(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.get(reverse("products:cohort_list"), {"format": "xlsx"}, headers=ENGLISH)
    sheet = load_workbook(BytesIO(response.content)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Fiscal year (BE)", "Province", "Contractor", "Procurement method", "Budget (baht)", "Groups enrolled", "Trainees"],
        [2565, "Ubon Ratchathani", "มหาวิทยาลัยอุบลราชธานี", "Electronic bidding (e-bidding)", 450000, 1, 1],
    ]


def test_cohort_list_costs_a_constant_number_of_queries(client, django_assert_num_queries, ubon_officer, national_admin):
    client.force_login(national_admin)
    url = reverse("products:cohort_list")
    TraineeFactory(enrollment__cohort=CohortFactory(fiscal_year=2549))
    with django_assert_num_queries(5):
        client.get(url)
    for n in range(29):
        cohort = CohortFactory(province_id=("34", "24")[n % 2], fiscal_year=2550 + n)
        TraineeFactory.create_batch(2, enrollment__cohort=cohort)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.context["paginator"].count == 30


def test_cohort_detail_costs_a_constant_number_of_queries(client, django_assert_num_queries, ubon_officer):
    client.force_login(ubon_officer)
    cohort = CohortFactory()
    session = TrainingSessionFactory(cohort=cohort)
    url = reverse("products:cohort_detail", args=[cohort.pk])

    def enrol():
        TraineeFactory.create_batch(2, enrollment=EnrollmentFactory(cohort=cohort, product=ProductFactory()))

    enrol()
    with django_assert_num_queries(11):
        client.get(url)
    for _n in range(19):
        enrol()
    record_attendance(session, Trainee.objects.values_list("pk", flat=True)[:7])
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["enrollments"]) == 20
    assert response.context["progress"].trainees == 40


def test_detail_shows_contract_groups_trainees_and_attendance(client, ubon, ubon_officer):
    cohort, enrollment, session = ubon["cohort"], ubon["enrollment"], ubon["session"]
    second = TraineeFactory(enrollment=enrollment, name="นางสาวมาลี ทองดี")
    TrainingSessionFactory(cohort=cohort, date=datetime.date(2022, 4, 1), topic="การตลาดออนไลน์")
    record_attendance(session, [second.pk])
    client.force_login(ubon_officer)
    with translation.override("en"):
        response = client.get(reverse("products:cohort_detail", args=[cohort.pk]), headers=ENGLISH)
    html = response.content.decode()
    assert "มหาวิทยาลัยอุบลราชธานี" in html and "12/2565" in html
    assert "450,000.00 baht" in html
    assert "Jan. 14, 2565" in html
    assert [
        (e.group.name, [(t.name, t.sessions_attended) for t in e.trainees.all()]) for e in response.context["enrollments"]
    ] == [("กลุ่มทอผ้าไหมบ้านโนนสว่าง", [("นางสมศรี ใจดี", 0), ("นางสาวมาลี ทองดี", 1)])]
    assert "1/2 sessions" in html and "0/2 sessions" in html
    assert [(s.topic, s.present_count, s.recorded_count) for s in response.context["sessions"]] == [
        ("การออกแบบบรรจุภัณฑ์", 1, 2), ("การตลาดออนไลน์", 0, 0)
    ]
    assert "2 of 2 trainees named" in html and "attendance 50%" in html


def test_officer_creates_a_cohort_in_their_province(client, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("products:cohort_create")
    form = client.get(url).context["form"]
    assert form["province"].initial == "34"
    assert [p.code for p in form.fields["province"].queryset] == ["34"]
    response = client.post(url, {
        "province": "34", "fiscal_year": "2566", "title": "โครงการส่งเสริมกระบวนการเรียนรู้เครือข่าย KBO",
        "budget": "380000", "contractor": "บริษัท ทดสอบ จำกัด", "procurement_method": "e_bidding",
        "contract_number": "5/2566", "contract_date": "20/12/2565", "trainees_per_group": "2",
    })
    cohort = Cohort.objects.get()
    assert response.url == reverse("products:cohort_detail", args=[cohort.pk])
    assert (cohort.province_id, cohort.fiscal_year, cohort.budget, cohort.contract_date, cohort.trainees_per_group) == (
        "34", 2566, Decimal("380000.00"), datetime.date(2022, 12, 20), 2
    )


def test_cohort_form_errors_keep_the_input(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    url = reverse("products:cohort_create")
    before = snapshot()
    response = client.post(url, {
        "province": "24", "fiscal_year": "2500", "contractor": "ผู้รับจ้างพิมพ์ไว้", "contract_date": "31/02/2565",
        "trainees_per_group": "0", "title": "x",
    })
    assert response.status_code == 200
    assert response.context["form"].errors.as_data().keys() == {"province", "fiscal_year", "contract_date", "trainees_per_group"}
    assert response.context["form"].errors.as_data()["province"][0].code == "invalid_choice"
    html = response.content.decode()
    assert 'value="ผู้รับจ้างพิมพ์ไว้"' in html and 'value="31/02/2565"' in html
    with translation.override("en"):
        response = client.post(url, {"province": "34", "fiscal_year": "2565", "title": "x", "trainees_per_group": "2"}, headers=ENGLISH)
        assert "This province already has a cohort for that fiscal year." in response.content.decode()
    assert snapshot() == before


def test_province_cannot_change_once_created_and_limit_is_configurable(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    cohort = ubon["cohort"]
    response = client.post(reverse("products:cohort_update", args=[cohort.pk]), {
        "province": "24", "fiscal_year": "2565", "title": cohort.title, "trainees_per_group": "3",
    })
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.province_id, cohort.trainees_per_group) == ("34", 3)


def test_enrolment_offers_only_unenrolled_groups_of_the_province(client, ubon, ubon_officer, national_admin):
    cohort = ubon["cohort"]
    free = ProducerGroupFactory(name="กลุ่มจักสานบ้านท่าบ่อ")
    product = ProductFactory(group=free, name="กระติบข้าวลายขิด")
    ProducerGroupFactory(name="กลุ่มฉะเชิงเทรา", **CHACHOENGSAO_GROUP)
    url = reverse("products:enrollment_create", args=[cohort.pk])
    client.force_login(national_admin)
    assert [g.name for g in client.get(url).context["form"].fields["group"].queryset] == ["กลุ่มจักสานบ้านท่าบ่อ"]
    client.force_login(ubon_officer)
    response = client.post(url, {"group": free.pk, "product": product.pk})
    enrollment = Enrollment.objects.get(group=free)
    assert response.url == f"/register/cohorts/{cohort.pk}/#enrollment-{enrollment.pk}"
    assert (enrollment.cohort_id, enrollment.product_id) == (cohort.pk, product.pk)


def test_enrolment_refuses_other_groups_and_foreign_products(client, ubon, ubon_officer):
    cohort = ubon["cohort"]
    outsider = ProducerGroupFactory(**CHACHOENGSAO_GROUP)
    free = ProducerGroupFactory()
    someone_elses = ProductFactory()
    client.force_login(ubon_officer)
    url = reverse("products:enrollment_create", args=[cohort.pk])
    before = snapshot()
    for data, field, code in [
        ({"group": outsider.pk}, "group", "invalid_choice"),
        ({"group": ubon["enrollment"].group_id}, "group", "invalid_choice"),
        ({"group": free.pk, "product": someone_elses.pk}, "product", None),
    ]:
        response = client.post(url, data)
        errors = response.context["form"].errors.as_data()
        assert list(errors) == [field]
        if code:
            assert errors[field][0].code == code
    with translation.override("en"):
        response = client.post(url, {"group": free.pk, "product": someone_elses.pk}, headers=ENGLISH)
    assert "The product must be one of the enrolled group&#x27;s products." in response.content.decode()
    assert snapshot() == before


def test_third_trainee_is_refused_in_the_form(client, ubon, ubon_officer):
    enrollment = ubon["enrollment"]
    client.force_login(ubon_officer)
    url = reverse("products:trainee_create", args=[enrollment.pk])
    response = client.post(url, {"name": "นางสาวมาลี ทองดี", "position": "เหรัญญิก", "phone": "081-234-5678"})
    assert response.url == enrollment.get_absolute_url()
    with translation.override("en"):
        response = client.post(url, {"name": "นายเกินมา หนึ่งคน", "position": "สมาชิก"}, headers=ENGLISH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "กลุ่มทอผ้าไหมบ้านโนนสว่าง already has 2 trainees, the most this cohort allows per group." in html
    assert 'value="นายเกินมา หนึ่งคน"' in html
    assert list(enrollment.trainees.values_list("name", "phone")) == [
        ("นางสมศรี ใจดี", ""), ("นางสาวมาลี ทองดี", "081-234-5678")
    ]


def test_three_trainees_when_the_cohort_allows_three(client, ubon, ubon_officer):
    Cohort.objects.filter(pk=ubon["cohort"].pk).update(trainees_per_group=3)
    client.force_login(ubon_officer)
    url = reverse("products:trainee_create", args=[ubon["enrollment"].pk])
    assert [client.post(url, {"name": f"ผู้อบรม {n}"}).status_code for n in (2, 3, 4)] == [302, 302, 200]
    assert ubon["enrollment"].trainees.count() == 3


def test_trainee_form_errors_stay_beside_the_fields(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    trainee = ubon["trainee"]
    response = client.post(reverse("products:trainee_update", args=[trainee.pk]), {"name": "", "phone": "12ab"})
    assert set(response.context["form"].errors) == {"name", "phone"}
    assert 'value="12ab"' in response.content.decode()
    trainee.refresh_from_db()
    assert (trainee.name, trainee.phone) == ("นางสมศรี ใจดี", "")


def test_session_then_attendance(client, ubon, ubon_officer):
    cohort, trainee = ubon["cohort"], ubon["trainee"]
    absent = TraineeFactory(enrollment=ubon["enrollment"], name="นางสาวมาลี ทองดี")
    client.force_login(ubon_officer)
    response = client.post(reverse("products:session_create", args=[cohort.pk]), {"date": "01/04/2565", "topic": "การตลาด"})
    session = TrainingSession.objects.get(topic="การตลาด")
    assert (session.cohort_id, session.date) == (cohort.pk, datetime.date(2022, 4, 1))
    url = reverse("products:session_attendance", args=[session.pk])
    assert response.url == url
    form = client.get(url).context["form"]
    assert [t.name for t in form.fields["present"].queryset] == ["นางสมศรี ใจดี", "นางสาวมาลี ทองดี"]
    assert client.post(url, {"present": [trainee.pk]}).url == cohort.get_absolute_url()
    assert dict(session.attendances.values_list("trainee_id", "present")) == {trainee.pk: True, absent.pk: False}
    assert client.get(url).context["form"]["present"].initial == [trainee.pk]


def test_attendance_refuses_another_cohorts_trainee(client, ubon, ubon_officer):
    outsider = TraineeFactory(enrollment__cohort=CohortFactory(fiscal_year=2566))
    client.force_login(ubon_officer)
    response = client.post(
        reverse("products:session_attendance", args=[ubon["session"].pk]), {"present": [ubon["trainee"].pk, outsider.pk]}
    )
    assert response.context["form"].errors.as_data()["present"][0].code == "invalid_choice"
    assert not Attendance.objects.exists()


def test_session_date_errors(client, ubon, ubon_officer):
    client.force_login(ubon_officer)
    before = snapshot()
    response = client.post(reverse("products:session_create", args=[ubon["cohort"].pk]), {"date": "32/13/2565", "topic": "การตลาด"})
    assert list(response.context["form"].errors) == ["date"]
    html = response.content.decode()
    assert 'value="32/13/2565"' in html and 'value="การตลาด"' in html
    assert snapshot() == before


def test_deleting_an_enrolment_and_a_trainee(client, ubon, ubon_officer):
    cohort, enrollment, trainee = ubon["cohort"], ubon["enrollment"], ubon["trainee"]
    record_attendance(ubon["session"], [trainee.pk])
    client.force_login(ubon_officer)
    response = client.post(reverse("products:trainee_delete", args=[trainee.pk]))
    assert response.url == cohort.get_absolute_url()
    assert not Trainee.objects.exists() and not Attendance.objects.exists()
    response = client.post(reverse("products:enrollment_delete", args=[enrollment.pk]))
    assert response.url == cohort.get_absolute_url()
    assert not Enrollment.objects.exists()
