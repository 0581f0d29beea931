"""Development-programme cohorts: the list, a cohort's page (its groups, trainees and attendance),
and the pages that enrol groups, name trainees and take attendance at a session."""

from functools import cached_property

import django_filters
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from kbo.core.thaidates import format_be
from kbo.core.workspace import (
    ChildCreateView,
    Column,
    FormPageMixin,
    ParentMixin,
    RegisterAccessMixin,
    RegisterDeleteView,
    RegisterListView,
    ScopedMixin,
    SearchFilterSet,
)
from kbo.geography.models import Province
from products.cohort_forms import AttendanceForm, CohortForm, EnrollmentForm, TraineeForm, TrainingSessionForm
from products.cohorts import (
    add_trainee,
    cohort_progress,
    enrollments_with_trainees,
    record_attendance,
    sessions_with_attendance,
    with_counts,
)
from products.models import Cohort, Enrollment, Trainee, TrainingSession


class CohortFilterSet(SearchFilterSet):
    search_fields = ("title", "contractor", "contract_number")
    fiscal_year = django_filters.NumberFilter(label=_("Fiscal year (BE)"))
    province = django_filters.ModelChoiceFilter(
        queryset=lambda request: Province.objects.visible_to(request.user), label=_("Province")
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not request.user.sees_all_provinces:
            del self.filters["province"]


class CohortListView(RegisterListView):
    model = Cohort
    select_related = ("province",)
    filterset_class = CohortFilterSet
    title = _("Development cohorts")
    create_url_name = "products:cohort_create"
    columns = (
        Column(_("Fiscal year (BE)"), "fiscal_year"),
        Column(_("Province"), "province"),
        Column(_("Contractor"), "contractor"),
        Column(_("Procurement method"), "procurement_method"),
        Column(_("Budget (baht)"), "budget"),
        Column(_("Groups enrolled"), "groups_count"),
        Column(_("Trainees"), "trainees_count"),
    )

    def get_queryset(self):
        # Counting groups aggregates, and aggregate queries ignore Meta.ordering: order here.
        return with_counts(super().get_queryset()).order_by("-fiscal_year", "province")


class CohortDetailView(ScopedMixin, generic.DetailView):
    model = Cohort
    select_related = ("province",)
    template_name = "products/cohort_detail.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "enrollments": enrollments_with_trainees(self.object),
            "sessions": sessions_with_attendance(self.object),
            "progress": cohort_progress(self.object),
        }


class CohortCreateView(FormPageMixin, RegisterAccessMixin, generic.CreateView):
    form_class = CohortForm
    title = _("New development cohort")
    cancel_url = reverse_lazy("products:cohort_list")


class CohortUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = Cohort
    select_related = ("province",)
    form_class = CohortForm

    def get_title(self):
        return _("Edit %(cohort)s") % {"cohort": self.object}


class EnrollmentCreateView(ChildCreateView):
    model = Enrollment
    form_class = EnrollmentForm
    parent_model, parent_field = Cohort, "cohort"

    def get_title(self):
        return _("Enrol a producer group in %(cohort)s") % {"cohort": self.parent}


class EnrollmentDeleteView(RegisterDeleteView):
    model = Enrollment
    select_related = ("group", "cohort")

    def get_success_url(self):
        return self.object.cohort.get_absolute_url()


class TraineeCreateView(ParentMixin, FormPageMixin, generic.FormView):
    form_class = TraineeForm
    parent_model, parent_field = Enrollment, "enrollment"
    parent_select_related = ("cohort", "group")

    def get_success_url(self):
        return self.get_cancel_url()

    def get_title(self):
        return _("Add a trainee from %(group)s") % {"group": self.parent.group}

    def form_valid(self, form):
        try:
            add_trainee(self.parent, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return super().form_valid(form)


class TraineeUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = Trainee
    select_related = ("enrollment__cohort",)
    form_class = TraineeForm

    def get_cancel_url(self):
        return self.object.enrollment.get_absolute_url()

    def get_success_url(self):
        return self.get_cancel_url()

    def get_title(self):
        return _("Edit trainee %(name)s") % {"name": self.object}


class TraineeDeleteView(RegisterDeleteView):
    model = Trainee
    select_related = ("enrollment__cohort", "enrollment__group")
    template_name = "products/cohort_trainee_confirm_delete.html"

    def get_success_url(self):
        return self.object.enrollment.cohort.get_absolute_url()


class SessionCreateView(ChildCreateView):
    model = TrainingSession
    form_class = TrainingSessionForm
    title = _("New training session")
    parent_model, parent_field = Cohort, "cohort"

    def get_success_url(self):
        return reverse("products:session_attendance", args=[self.object.pk])


class SessionAttendanceView(FormPageMixin, ScopedMixin, generic.FormView):
    model = TrainingSession
    select_related = ("cohort",)
    form_class = AttendanceForm
    success_message = _("Attendance saved.")

    @cached_property
    def session(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_cancel_url(self):
        return self.session.cohort.get_absolute_url()

    def get_success_url(self):
        return self.get_cancel_url()

    def get_title(self):
        return _("Attendance: %(topic)s, %(date)s") % {"topic": self.session, "date": format_be(self.session.date)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session}

    def form_valid(self, form):
        record_attendance(self.session, [trainee.pk for trainee in form.cleaned_data["present"]])
        return super().form_valid(form)


urlpatterns = [
    path("cohorts/", CohortListView.as_view(), name="cohort_list"),
    path("cohorts/add/", CohortCreateView.as_view(), name="cohort_create"),
    path("cohorts/<int:pk>/", CohortDetailView.as_view(), name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", CohortUpdateView.as_view(), name="cohort_update"),
    path("cohorts/<int:cohort_pk>/enrol/", EnrollmentCreateView.as_view(), name="enrollment_create"),
    path("cohorts/enrollments/<int:pk>/delete/", EnrollmentDeleteView.as_view(), name="enrollment_delete"),
    path("cohorts/enrollments/<int:enrollment_pk>/trainees/add/", TraineeCreateView.as_view(), name="trainee_create"),
    path("cohorts/trainees/<int:pk>/edit/", TraineeUpdateView.as_view(), name="trainee_update"),
    path("cohorts/trainees/<int:pk>/delete/", TraineeDeleteView.as_view(), name="trainee_delete"),
    path("cohorts/<int:cohort_pk>/sessions/add/", SessionCreateView.as_view(), name="session_create"),
    path("cohorts/sessions/<int:pk>/attendance/", SessionAttendanceView.as_view(), name="session_attendance"),
]
