"""Forms of the development-programme pages; every choice is limited to the user's provinces."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kbo.core.forms import CrispyFormMixin, ThaiDateField
from kbo.geography.models import Province
from products.models import Cohort, Enrollment, ProducerGroup, Product, Trainee, TrainingSession


class CohortForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = [
            "province", "fiscal_year", "title", "budget", "contractor", "procurement_method",
            "contract_number", "contract_date", "trainees_per_group",
        ]
        field_classes = {"contract_date": ThaiDateField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.visible_to(user)
        self.fields["province"].queryset = provinces
        if self.instance.pk:
            # Its groups belong to the province: moving the cohort would strand them.
            self.fields["province"].disabled = True
        elif len(only := provinces[:2]) == 1:
            self.initial.setdefault("province", only[0].pk)


class EnrollmentForm(CrispyFormMixin, forms.ModelForm):
    """Enrols a group of the cohort's province (`instance.cohort`) that is not enrolled yet."""

    class Meta:
        model = Enrollment
        fields = ["group", "product"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        cohort = self.instance.cohort
        self.fields["group"].queryset = (
            ProducerGroup.objects.visible_to(user)
            .filter(subdistrict__province=cohort.province_id)
            .exclude(enrollments__cohort=cohort)
        )
        self.fields["product"].queryset = (
            Product.objects.visible_to(user)
            .filter(group__subdistrict__province=cohort.province_id)
            .select_related("group")
        )
        self.fields["product"].label_from_instance = lambda product: f"{product} ({product.group})"
        self.fields["product"].help_text = _("Optional: one of the group's products.")


class WithinCohortForm(CrispyFormMixin, forms.ModelForm):
    """A form for a row under a cohort the view already fetched with `visible_to`: it offers no
    choices, so the `user` that ScopedFormMixin passes has nothing to limit."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class TraineeForm(WithinCohortForm):
    class Meta:
        model = Trainee
        fields = ["name", "position", "phone"]


class TrainingSessionForm(WithinCohortForm):
    class Meta:
        model = TrainingSession
        fields = ["date", "topic"]
        field_classes = {"date": ThaiDateField}


class AttendanceForm(CrispyFormMixin, forms.Form):
    """The session's checklist: every trainee of its cohort, ticked when present."""

    present = forms.ModelMultipleChoiceField(
        Trainee.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Present")
    )

    def __init__(self, *args, session, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = (
            Trainee.objects.visible_to(user)
            .filter(enrollment__cohort=session.cohort_id)
            .select_related("enrollment__group")
            .order_by("enrollment__group__name", "id")
        )
        field.label_from_instance = lambda trainee: f"{trainee} ({trainee.enrollment.group})"
        self.initial.setdefault(
            "present", list(session.attendances.filter(present=True).values_list("trainee_id", flat=True))
        )
