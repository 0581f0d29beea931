"""The development programme's rules: who may be trained, attendance, and how far a cohort has come.

Views and forms call these functions; they are the only code that adds trainees or records
attendance, so the limits hold whichever page (or a future import) does the writing.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from products.models import Attendance, Cohort, Enrollment, Trainee

PRESENT = Q(attendances__present=True)  # for trainees and sessions alike


def with_counts(cohorts):
    """Cohorts annotated with `groups_count` and `trainees_count` (one query for any number)."""
    return cohorts.annotate(
        groups_count=Count("enrollments", distinct=True),
        trainees_count=Count("enrollments__trainees", distinct=True),
    )


def add_trainee(enrollment, **fields):
    """Adds a trainee to an enrolled group, refusing more than the cohort's `trainees_per_group`."""
    with transaction.atomic():
        # Lock the group's row so that two officers saving at once cannot both take the last place.
        enrollment = Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
        limit = enrollment.cohort.trainees_per_group
        if enrollment.trainees.count() >= limit:
            raise ValidationError(
                _("%(group)s already has %(limit)s trainees, the most this cohort allows per group."),
                code="too_many_trainees",
                params={"group": enrollment.group, "limit": limit},
            )
        trainee = Trainee(enrollment=enrollment, **fields)
        trainee.full_clean()
        trainee.save()
    return trainee


def record_attendance(session, present_trainee_ids):
    """Marks every trainee of the session's cohort present or absent, in one transaction; running it
    again with other ids updates the same rows. Ids of trainees outside the cohort are refused."""
    present = set(present_trainee_ids)
    with transaction.atomic():
        trainee_ids = set(Trainee.objects.filter(enrollment__cohort_id=session.cohort_id).values_list("pk", flat=True))
        if not present <= trainee_ids:
            raise ValidationError(
                _("Only the cohort's own trainees can attend its sessions."), code="not_in_cohort"
            )
        Attendance.objects.bulk_create(
            [Attendance(session=session, trainee_id=pk, present=pk in present) for pk in sorted(trainee_ids)],
            update_conflicts=True,
            unique_fields=["session", "trainee"],
            update_fields=["present"],
        )


def enrollments_with_trainees(cohort):
    """The cohort's groups with their product and trainees; each trainee carries `sessions_attended`."""
    # A GROUP BY query ignores Meta.ordering: the trainees in the order they were registered.
    trainees = Trainee.objects.annotate(sessions_attended=Count("attendances", filter=PRESENT)).order_by("id")
    return (
        cohort.enrollments.select_related("group", "product")
        .prefetch_related(Prefetch("trainees", queryset=trainees))
    )


def sessions_with_attendance(cohort):
    """The cohort's sessions, each with `present_count` and `recorded_count` (attendance taken)."""
    return cohort.sessions.annotate(
        present_count=Count("attendances", filter=PRESENT), recorded_count=Count("attendances")
    ).order_by("date", "id")  # a GROUP BY query ignores Meta.ordering


@dataclass(frozen=True)
class CohortProgress:
    groups: int
    trainees: int
    expected_trainees: int
    sessions: int
    attendance_rate: float | None  # present marks / attendance marks recorded; None before any


def cohort_progress(cohort: Cohort) -> CohortProgress:
    """How far a cohort has come: groups enrolled, trainees named against those expected (groups x
    trainees per group), sessions held, and the share of recorded attendance marks that are present."""
    groups = cohort.enrollments.count()
    marks = Attendance.objects.filter(session__cohort=cohort).aggregate(
        recorded=Count("pk"), present=Count("pk", filter=Q(present=True))
    )
    return CohortProgress(
        groups=groups,
        trainees=Trainee.objects.filter(enrollment__cohort=cohort).count(),
        expected_trainees=groups * cohort.trainees_per_group,
        sessions=cohort.sessions.count(),
        attendance_rate=marks["present"] / marks["recorded"] if marks["recorded"] else None,
    )
