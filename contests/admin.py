"""The contests in the Django admin.

- National rubric templates (CDD's criteria for a fiscal year and kind): national admins only.
- Contests: province-scoped like the registers; the state is read-only (only the workflow moves
  it), contests are created in the workspace (which copies the template and builds the panel), and
  their rules change only while `permissions.can_edit_setup` holds.
- Scorecards, their revisions and the contests' history: read-only, and scores only once the
  contest's scoring has closed.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from contests import permissions
from contests.enums import ContestState
from contests.forms import ThaiDateTimeField, ThaiDateTimeWidget
from contests.models import Contest, ContestEvent, Criterion, Rubric, Score, Scorecard, ScorecardRevision
from kbo.core.admin import ProvinceScopedAdmin, ProvinceScopedInline, ScopedRegisterMixin, be_date_column
from kbo.core.forms import ConstraintsBesideFieldsMixin


class NationalOnlyMixin:
    """Only national admins (and superusers) see or change these rows."""

    def _national(self, request):
        return request.user.is_active and request.user.sees_all_provinces

    def has_module_permission(self, request):
        return self._national(request)

    def has_view_permission(self, request, obj=None):
        return self._national(request)

    def has_add_permission(self, request, *args):
        return self._national(request)

    def has_change_permission(self, request, obj=None):
        return self._national(request)

    def has_delete_permission(self, request, obj=None):
        return self._national(request)


class CriterionInline(NationalOnlyMixin, admin.TabularInline):
    model = Criterion
    fields = ["position", "name_th", "name_en", "description", "max_points", "weight", "required", "independent"]
    extra = 0


class RubricTemplateForm(ConstraintsBesideFieldsMixin, forms.ModelForm):
    """A national template: one per fiscal year and kind, refused beside the year."""

    constraint_fields = {"rubric_one_template_per_year_and_kind": "fiscal_year"}

    class Meta:
        model = Rubric
        fields = ["name", "fiscal_year", "kind", "published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.is_template = True


@admin.register(Rubric)
class RubricTemplateAdmin(NationalOnlyMixin, admin.ModelAdmin):
    """CDD's national templates. A contest's own copy of the criteria is edited on the contest's
    page, so only templates are listed here."""

    form = RubricTemplateForm
    list_display = ["name", "fiscal_year", "kind", "published"]
    list_filter = ["published", "kind", "fiscal_year"]
    search_fields = ["name"]
    inlines = [CriterionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_template=True)


@admin.register(Contest)
class ContestAdmin(ProvinceScopedAdmin):
    list_display = ["__str__", "fiscal_year", "kind", "state", be_date_column("meeting_date", _("meeting date"))]
    list_filter = ["state", "kind", "fiscal_year"]
    list_select_related = ["network__province"]
    search_fields = ["network__name", "network__province__name_th", "network__province__name_en"]
    readonly_fields = ["state", "now_presenting", "no_entry_reason"]
    formfield_overrides = {
        **ProvinceScopedAdmin.formfield_overrides,
        models.DateTimeField: {"form_class": ThaiDateTimeField, "widget": ThaiDateTimeWidget},
    }

    def has_add_permission(self, request, *args):
        return False  # in the workspace, which starts the criteria from CDD's template and builds the panel

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_setup(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.state == ContestState.DRAFT)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "tie_break_criterion" in form.base_fields:
            form.base_fields["tie_break_criterion"].queryset = Criterion.objects.filter(
                rubric__rounds__contest=obj, rubric__rounds__number=1
            )
        return form


class ReadOnlyMixin:
    """Written only by the application (the scoring engine, the workflow, the reminders): nobody adds,
    changes or deletes here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ClosedScoresAdmin(ReadOnlyMixin, ScopedRegisterMixin, admin.ModelAdmin):
    """Scorecards of the user's provinces once their contest's scoring has closed, as on the
    contest's pages; `scorecard` is the lookup from a row to its scorecard."""

    scorecard = "pk"

    def get_queryset(self, request):
        scorecards = Scorecard.objects.visible_to(request.user).exclude(
            entry__contest__state__in=permissions.SCORES_HIDDEN_STATES
        )
        return super().get_queryset(request).filter(**{f"{self.scorecard}__in": scorecards})

    def has_module_permission(self, request):
        return self._may_keep_register(request)


class ScoreInline(ReadOnlyMixin, ProvinceScopedInline):
    model = Score
    fields = ["criterion", "points", "max_points"]
    readonly_fields = fields


@admin.register(Scorecard)
class ScorecardAdmin(ClosedScoresAdmin):
    ordering = ["-updated_at"]
    list_display = ["juror", "entry", "round", "status", "total", "submitted_at"]
    list_filter = ["status", "round__number", "entry__contest__fiscal_year"]
    list_select_related = ["juror", "entry__group", "entry__product", "round"]
    search_fields = ["juror__name", "entry__group__name", "entry__product__name"]
    inlines = [ScoreInline]


@admin.register(ScorecardRevision)
class ScorecardRevisionAdmin(ClosedScoresAdmin):
    scorecard = "scorecard"
    ordering = ["-at"]
    list_display = ["scorecard", "number", "action", "by", "at", "total"]
    list_filter = ["action"]
    list_select_related = ["scorecard__juror", "scorecard__entry__group", "scorecard__entry__product", "by"]


@admin.register(ContestEvent)
class ContestEventAdmin(ReadOnlyMixin, ProvinceScopedAdmin):
    ordering = ["-at"]
    list_display = ["at", "contest", "action", "from_state", "to_state", "by", "note"]
    list_filter = ["action", "contest__fiscal_year"]
    list_select_related = ["contest__network__province", "by"]
    search_fields = ["note", "contest__network__name"]
