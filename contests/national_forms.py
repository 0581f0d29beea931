"""Forms of the national round's set-up (national admins): the round's dates and options, its
awards, its judging teams and judges, and the dashboard's filters. Each validates what was typed
and leaves the writing to `contests.national_setup` (or a plain save for a row's own fields)."""

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contests.dashboard import ProvinceState
from contests.forms import ThaiDateTimeField
from contests.models import Award, Contest, Criterion, JudgingTeam
from contests.national_setup import DEFAULT_AWARDS, can_change_year_and_kind, candidate_judges
from kbo.core.forms import ConstraintsBesideFieldsMixin, CrispyFormMixin, CrispyInlineFormSet
from kbo.core.thaidates import current_fiscal_year
from kbo.geography.models import Region


class NationalRoundForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    """A national round's year, kind, dates and options. The view passes a national `instance`, so
    that a second round for the same year and kind is refused beside the fiscal year. The year and
    kind are fixed once submissions open; the tie-break criterion is chosen once the round exists."""

    constraint_fields = {
        "contest_one_national_round_per_year_and_kind": "fiscal_year",
        "contest_scoring_window_order": "scoring_closes_at",
    }

    class Meta:
        model = Contest
        fields = [
            "fiscal_year", "kind", "submission_deadline", "scoring_opens_at", "scoring_closes_at",
            "tie_break_criterion", "show_normalised",
        ]
        field_classes = {
            "submission_deadline": ThaiDateTimeField,
            "scoring_opens_at": ThaiDateTimeField,
            "scoring_closes_at": ThaiDateTimeField,
        }
        labels = {"scoring_opens_at": _("Judging opens"), "scoring_closes_at": _("Judging closes")}
        help_texts = {
            "submission_deadline": _("Provinces submit by this moment; a later submission needs your acceptance."),
            "scoring_opens_at": _("National judges can score from this moment."),
            "scoring_closes_at": _("No score is saved after this moment."),
            "tie_break_criterion": _("Entries level on the total are ordered by their average on this criterion."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_deadline"].required = True
        if self.instance.pk:
            self.fields["tie_break_criterion"].queryset = Criterion.objects.filter(
                rubric__rounds__contest=self.instance, rubric__rounds__number=1
            )
            if not can_change_year_and_kind(self.instance):
                self.fields["fiscal_year"].disabled = self.fields["kind"].disabled = True
        else:
            del self.fields["tie_break_criterion"]  # the criteria are copied once the round is saved
            self.helper.layout = self.helper.build_default_layout(self)
            self.initial.setdefault("fiscal_year", current_fiscal_year())
            create_url = reverse("contests:national_create")
            for name in ("fiscal_year", "kind"):  # the note on the starting criteria follows them
                self.fields[name].widget.attrs.update({
                    "hx-get": create_url, "hx-trigger": "change", "hx-include": "#id_fiscal_year, #id_kind",
                    "hx-target": "#starting-template", "hx-select": "#starting-template", "hx-swap": "outerHTML",
                })

    def clean(self):
        cleaned = super().clean()
        deadline, opens = cleaned.get("submission_deadline"), cleaned.get("scoring_opens_at")
        if deadline and opens and opens < deadline:
            self.add_error("scoring_opens_at", _("Judging opens after the submission deadline."))
        return cleaned


# Awards

AWARD_FIELDS = ["position", "name_th", "name_en", "count"]


class AwardForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    constraint_fields = {"award_unique_position": "position", "award_count_positive": "count"}

    class Meta:
        model = Award
        fields = AWARD_FIELDS


class BaseAwardFormSet(CrispyInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:
            form.initial.setdefault("position", max((a.position for a in self.get_queryset()), default=0) + 1)
        form.helper.layout = Layout(
            Row(
                Column("position", css_class="col-4 col-md-1"), Column("name_th", css_class="col-8 col-md-4"),
                Column("name_en", css_class="col-8 col-md-3"), Column("count", css_class="col-4 col-md-2"),
                Column("DELETE", css_class="col-md-2"),
            ),
            "id", "contest",
        )

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.entries.exists():
                raise forms.ValidationError(
                    _("“%(award)s” is already given to an entry: it cannot be deleted.") % {"award": form.instance}
                )


AwardFormSet = forms.inlineformset_factory(
    Contest, Award, form=AwardForm, formset=BaseAwardFormSet, extra=1, can_delete=True
)


def award_formset(contest, data=None):
    """The round's awards to edit. A round without awards is offered gold, silver, bronze and
    honourable mentions; posted, those rows are compared with nothing, so they are saved as shown."""
    if data is not None or contest.awards.exists():
        return AwardFormSet(data, instance=contest, prefix="awards")
    formset = AwardFormSet(
        instance=contest, prefix="awards", initial=[dict(zip(AWARD_FIELDS, award)) for award in DEFAULT_AWARDS]
    )
    formset.extra = len(DEFAULT_AWARDS)
    return formset


# Teams and judges

class TeamForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    constraint_fields = {"team_unique_name": "name"}
    regions = forms.MultipleChoiceField(
        label=_("Regions"), choices=Region.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The team judges the entries of these regions; none ticked: of every region."),
    )

    class Meta:
        model = JudgingTeam
        fields = ["name", "regions"]

    def clean_regions(self):
        chosen = set(self.cleaned_data["regions"])
        return [region for region in Region.values if region in chosen]


class BaseTeamFormSet(CrispyInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.helper.layout = Layout(
            Row(
                Column("name", css_class="col-md-4"), Column("regions", css_class="col-md-6"),
                Column("DELETE", css_class="col-md-2"),
            ),
            "id", "contest",
        )

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.judges.exists():
                raise forms.ValidationError(
                    _("Move the judges of “%(team)s” to another team before deleting it.") % {"team": form.instance}
                )


TeamFormSet = forms.inlineformset_factory(
    Contest, JudgingTeam, form=TeamForm, formset=BaseTeamFormSet, extra=1, can_delete=True
)


def judge_label(user):
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class AddJudgeForm(CrispyFormMixin, forms.Form):
    user = forms.ModelChoiceField(None, label=_("National judge"))
    team = forms.ModelChoiceField(None, label=_("Team"))

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidate_judges(contest)
        self.fields["user"].label_from_instance = judge_label
        self.fields["team"].queryset = contest.teams.all()


class MoveJudgeForm(forms.Form):
    juror = forms.ModelChoiceField(None)
    team = forms.ModelChoiceField(None, label=_("Team"))

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = contest.jurors.all()
        self.fields["team"].queryset = contest.teams.all()


class RemoveJudgeForm(forms.Form):
    juror = forms.ModelChoiceField(None)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = contest.jurors.all()


# The dashboard

class DashboardFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), choices=[("", _("All regions")), *Region.choices], required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All states")), *ProvinceState.choices], required=False)
