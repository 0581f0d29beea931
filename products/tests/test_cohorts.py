"""The development programme's domain rules: the trainee limit, attendance and progress."""


import pytest
from django.core.exceptions import ValidationError

from products.cohorts import add_trainee, cohort_progress, record_attendance, with_counts
from products.models import Attendance, Cohort, Trainee, TrainingSession
from products.tests.factories import CohortFactory, EnrollmentFactory, TraineeFactory, TrainingSessionFactory


@pytest.fixture
def enrollment(geography):
    return EnrollmentFactory(group__name="กลุ่มทอผ้าไหมบ้านโนนสว่าง")


def test_a_group_sends_two_trainees_by_default(enrollment):
    add_trainee(enrollment, name="นางสมศรี ใจดี", position="ประธานกลุ่ม")
    add_trainee(enrollment, name="นางสาวมาลี ทองดี")
    with pytest.raises(ValidationError) as refused:
        add_trainee(enrollment, name="นายเกินมา หนึ่งคน")
    assert refused.value.code == "too_many_trainees"
    assert refused.value.messages == [
        "กลุ่มทอผ้าไหมบ้านโนนสว่าง มีผู้เข้ารับการอบรมครบ 2 คนแล้ว ซึ่งเป็นจำนวนสูงสุดต่อกลุ่มที่รุ่นการพัฒนานี้กำหนด"
    ]
    assert list(enrollment.trainees.values_list("name", "position")) == [
        ("นางสมศรี ใจดี", "ประธานกลุ่ม"), ("นางสาวมาลี ทองดี", ""),
    ]


def test_the_limit_follows_the_cohorts_setting(geography):
    enrollment = EnrollmentFactory(cohort__trainees_per_group=3)
    for n in range(3):
        add_trainee(enrollment, name=f"ผู้อบรม {n}")
    with pytest.raises(ValidationError):
        add_trainee(enrollment, name="ผู้อบรม 4")
    assert enrollment.trainees.count() == 3


def test_a_trainee_is_validated_before_saving(enrollment):
    with pytest.raises(ValidationError) as refused:
        add_trainee(enrollment, name="นางสมศรี ใจดี", phone="12")
    assert set(refused.value.message_dict) == {"phone"}
    assert not Trainee.objects.exists()


@pytest.fixture
def cohort_with_trainees(geography):
    cohort = CohortFactory(trainees_per_group=2)
    trainees = [TraineeFactory(enrollment=e) for e in EnrollmentFactory.create_batch(2, cohort=cohort) for _ in range(2)]
    return cohort, trainees


def test_record_attendance_upserts_one_row_per_trainee(cohort_with_trainees):
    cohort, (a, b, c, d) = cohort_with_trainees
    session = TrainingSessionFactory(cohort=cohort)
    record_attendance(session, [a.pk, c.pk])
    record_attendance(session, [a.pk, b.pk, d.pk])
    marks = dict(Attendance.objects.filter(session=session).values_list("trainee_id", "present"))
    assert marks == {a.pk: True, b.pk: True, c.pk: False, d.pk: True}
    assert Attendance.objects.count() == 4


def test_record_attendance_refuses_another_cohorts_trainee(cohort_with_trainees):
    cohort, (a, *_rest) = cohort_with_trainees
    outsider = TraineeFactory(enrollment__cohort__fiscal_year=2566)
    session = TrainingSessionFactory(cohort=cohort)
    with pytest.raises(ValidationError) as refused:
        record_attendance(session, [a.pk, outsider.pk])
    assert refused.value.messages == ["เฉพาะผู้เข้ารับการอบรมของรุ่นการพัฒนานี้เท่านั้นที่เข้าร่วมการอบรมของรุ่นนี้ได้"]
    assert not Attendance.objects.exists()


def test_cohort_progress(cohort_with_trainees):
    cohort, (a, b, c, d) = cohort_with_trainees
    EnrollmentFactory(cohort=cohort)  # a third group, no trainees named yet
    first, second, _third = TrainingSessionFactory.create_batch(3, cohort=cohort)
    record_attendance(first, [a.pk, b.pk, c.pk, d.pk])
    record_attendance(second, [a.pk, c.pk])
    progress = cohort_progress(cohort)
    assert (progress.groups, progress.trainees, progress.expected_trainees, progress.sessions) == (3, 4, 6, 3)
    assert progress.attendance_rate == 0.75  # 6 present of 8 marks; the third session is not taken


def test_progress_of_an_empty_cohort(geography):
    progress = cohort_progress(CohortFactory(trainees_per_group=3))
    assert (progress.groups, progress.trainees, progress.expected_trainees, progress.sessions) == (0, 0, 0, 0)
    assert progress.attendance_rate is None


def test_with_counts_counts_groups_and_trainees(cohort_with_trainees):
    cohort, _trainees = cohort_with_trainees
    EnrollmentFactory(cohort=cohort)
    CohortFactory(fiscal_year=2566)
    counts = with_counts(Cohort.objects.order_by("fiscal_year")).values_list("fiscal_year", "groups_count", "trainees_count")
    assert list(counts) == [(2565, 3, 4), (2566, 0, 0)]


def test_attendance_is_scoped_to_the_cohorts_province(cohort_with_trainees, ubon_officer, chachoengsao_officer):
    cohort, trainees = cohort_with_trainees
    record_attendance(TrainingSessionFactory(cohort=cohort), [trainees[0].pk])
    assert Attendance.objects.visible_to(ubon_officer).count() == 4
    assert TrainingSession.objects.visible_to(ubon_officer).count() == 1
    assert Attendance.objects.visible_to(chachoengsao_officer).count() == 0
    assert TrainingSession.objects.visible_to(chachoengsao_officer).count() == 0
