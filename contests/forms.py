"""Forms of the officer's contest set-up. Each validates what the officer typed and leaves the
writing to `contests.services` (or a plain save for a row's own fields); choices offer only what
the user may see and what belongs to the contest."""

import datetime

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms.utils import from_current_timezone, to_current_timezone
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contests.enums import ConflictGrounds, ContestKind
from contests.models import Conflict, Contest, Criterion, Entry, Rubric
from contests.services import in_cohort_groups
from kbo.core.forms import (
    ConstraintsBesideFieldsMixin, CrispyFormMixin, CrispyInlineFormSet, ThaiDateField, ThaiDateInput,
)
from kbo.core.thaidates import current_fiscal_year
from networks.forms import limit_choices
from networks.models import Network
from products.models import ProducerGroup, Product

SIDE_BY_SIDE = {"class": "d-inline-block w-auto me-2"}


class ThaiDateTimeWidget(forms.MultiWidget):
    """A date box in the Buddhist Era (dd/mm/yyyy) beside a 24-hour time box."""

    def __init__(self, attrs=None):
        widgets = [ThaiDateInput(SIDE_BY_SIDE), forms.TimeInput({**SIDE_BY_SIDE, "type": "time"}, format="%H:%M")]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            value = to_current_timezone(value)
            return [value.date(), value.time()]
        return [None, None]


class ThaiDateTimeField(forms.MultiValueField):
    """A moment typed as a Thai date and a time of day, in Thailand's time zone."""

    widget = ThaiDateTimeWidget
    default_error_messages = {"incomplete": _("Give both the date and the time, e.g. 15/06/2565 and 09:00.")}

    def __init__(self, **kwargs):
        super().__init__((ThaiDateField(), forms.TimeField()), require_all_fields=False, **kwargs)

    def compress(self, data_list):
        # A half-typed moment never gets here: the empty part is reported as "incomplete".
        return from_current_timezone(datetime.datetime.combine(*data_list)) if data_list else None


class ContestForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    """A contest's dates and rules. The network is chosen when the contest is created; the
    tie-break criterion, once the main round has criteria, from those criteria."""

    constraint_fields = {
        "contest_one_per_network_year_and_kind": "fiscal_year",
        "contest_scoring_window_order": "scoring_closes_at",
        "contest_entry_deadline_before_meeting": "meeting_date",
        "contest_shortlist_holds_the_winners": "shortlist_size",
        "contest_disagreement_percent_range": "disagreement_percent",
    }

    class Meta:
        model = Contest
        fields = [
            "network", "fiscal_year", "kind", "entry_deadline", "meeting_date", "venue",
            "scoring_opens_at", "scoring_closes_at", "winners_quota", "shortlist_size", "aggregate",
            "tie_break", "tie_break_criterion", "quorum_percent", "disagreement_percent",
        ]
        field_classes = {
            "entry_deadline": ThaiDateField, "meeting_date": ThaiDateField,
            "scoring_opens_at": ThaiDateTimeField, "scoring_closes_at": ThaiDateTimeField,
        }
        help_texts = {
            "scoring_opens_at": _("Members can score from this moment, e.g. the meeting day at 09:00."),
            "scoring_closes_at": _("No score is saved after this moment."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["network"].disabled = True  # a contest stays with its network
            self.fields["tie_break_criterion"].queryset = Criterion.objects.filter(
                rubric__rounds__contest=self.instance, rubric__rounds__number=1
            )
        else:
            del self.fields["tie_break_criterion"]  # the criteria are copied once the contest is saved
            self.helper.layout = self.helper.build_default_layout(self)
            self.initial.setdefault("fiscal_year", current_fiscal_year())
            limit_choices(self, "network", Network.objects.visible_to(user))
            create_url = reverse("contests:contest_create")
            for name in ("fiscal_year", "kind"):
                self.fields[name].widget.attrs.update({
                    "hx-get": create_url, "hx-trigger": "change", "hx-include": "#id_fiscal_year, #id_kind",
                    "hx-target": "#starting-template", "hx-select": "#starting-template", "hx-swap": "outerHTML",
                })


class ScoringEndForm(CrispyFormMixin, forms.Form):
    scoring_closes_at = ThaiDateTimeField(label=_("Scoring closes"), help_text=_("No score is saved after this moment."))

    def __init__(self, *args, contest, user=None, **kwargs):
        super().__init__(*args, **{**kwargs, "initial": {"scoring_closes_at": contest.scoring_closes_at}})
        self.contest = contest

    def clean_scoring_closes_at(self):
        closes_at = self.cleaned_data["scoring_closes_at"]
        if self.contest.scoring_opens_at and closes_at <= self.contest.scoring_opens_at:
            raise forms.ValidationError(_("Scoring must close after it opens."))
        return closes_at


class CriterionForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["position", "name_th", "name_en", "description", "max_points", "weight", "required", "independent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class BaseCriterionFormSet(CrispyInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:  # a blank row comes last
            form.initial.setdefault("position", max((c.position for c in self.get_queryset()), default=0) + 1)
        # A compact row per criterion, with the fields the formset adds (its id, "Delete").
        form.helper.layout = Layout(
            Row(Column("name_th", css_class="col-md-6"), Column("name_en", css_class="col-md-6")),
            "description",
            Row(
                Column("position", css_class="col-4 col-md-2"), Column("max_points", css_class="col-4 col-md-2"),
                Column("weight", css_class="col-4 col-md-2"), Column("required", "independent", css_class="col-md-4"),
                Column("DELETE", css_class="col-md-2"),
            ),
            "id", "rubric",
        )

    def clean(self):
        super().clean()
        kept = [form for form in self.forms if form.has_changed() or form.instance.pk]
        if not [form for form in kept if not self._should_delete_form(form)]:
            raise forms.ValidationError(_("Keep at least one criterion."))


CriterionFormSet = forms.inlineformset_factory(
    Rubric, Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


class EntryForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    """An entry of `instance.contest`: a group of the contest's province (those of the year's
    development cohort listed first) and, for the product contest, one of the group's products."""

    constraint_fields = {
        "entry_one_per_group": "group",
        "entry_unique_presentation_order": "presentation_order",
    }

    class Meta:
        model = Entry
        fields = ["group", "product", "outside_cohort_reason", "presentation_order"]
        widgets = {"outside_cohort_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        contest = self.instance.contest
        province = contest.network.province_id
        groups = ProducerGroup.objects.visible_to(user).filter(subdistrict__province=province)
        self.cohort = in_cohort_groups(contest)
        self.fields["group"].queryset = groups
        in_cohort, others = [], []
        for group in groups:
            (in_cohort if group.pk in self.cohort else others).append((group.pk, group.name))
        # Setting `choices` orders what is offered; the queryset still decides what is valid.
        self.fields["group"].choices = [
            ("", "---------"),
            (_("In the FY %(year)s development cohort") % {"year": contest.fiscal_year}, in_cohort),
            (_("Other groups of the province"), others),
        ]
        self.fields["product"].queryset = Product.objects.visible_to(user).filter(
            group__subdistrict__province=province
        ).select_related("group")
        self.fields["product"].label_from_instance = lambda product: f"{product} ({product.group})"
        if contest.kind == ContestKind.NETWORK:
            self.fields["product"].help_text = _("Optional: the group is the network's showcase.")

    def clean(self):
        cleaned = super().clean()
        group, product = cleaned.get("group"), cleaned.get("product")
        if product is None and self.instance.contest.kind == ContestKind.PRODUCT and "product" not in self.errors:
            self.add_error("product", _("Choose the product that competes."))
        if group and product and product.group_id != group.pk:
            self.add_error("product", _("The product must be one of %(group)s's products.") % {"group": group})
        if group and group.pk not in self.cohort and not cleaned.get("outside_cohort_reason", "").strip():
            message = _("%(group)s was not in this fiscal year's development cohort: write why it enters.")
            self.add_error("outside_cohort_reason", message % {"group": group})
        return cleaned


class ContestPageForm(CrispyFormMixin, forms.Form):
    """A plain form of a contest page. The page passes the signed-in `user` (ScopedFormMixin); the
    choices these forms offer come from the contest the page fetched, so it is not needed."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class WithdrawForm(ContestPageForm):
    reason = forms.CharField(label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))


class OrderForm(ContestPageForm):
    """A place in the presentation order for each competing entry; every place once."""

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[f"entry_{entry.pk}"] = forms.IntegerField(
                label=str(entry), min_value=1, max_value=len(self.entries), initial=entry.presentation_order
            )

    def clean(self):
        cleaned = super().clean()
        places = {}
        for entry in self.entries:
            place = cleaned.get(f"entry_{entry.pk}")
            if place is None:
                continue
            if place in places:
                self.add_error(f"entry_{entry.pk}", _("Place %(place)s is also given to %(other)s.") % {
                    "place": place, "other": places[place],
                })
            places[place] = entry
        return cleaned

    def ordered_entries(self):
        return sorted(self.entries, key=lambda entry: self.cleaned_data[f"entry_{entry.pk}"])


class ConflictForm(ContestPageForm):
    """A conflict the officer records: a member of this contest's panel and a competing entry."""

    juror = forms.ModelChoiceField(None, label=_("Member"))
    entry = forms.ModelChoiceField(None, label=_("Entry"))
    grounds = forms.ChoiceField(label=_("Grounds"), choices=ConflictGrounds.choices)
    note = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["juror"].queryset = contest.jurors.all()
        self.fields["entry"].queryset = contest.entries.competing().select_related("group", "product")

    def clean(self):
        cleaned = super().clean()
        juror, entry = cleaned.get("juror"), cleaned.get("entry")
        if juror and entry and Conflict.objects.filter(juror=juror, entry=entry).exists():
            raise forms.ValidationError(_("This conflict is already recorded."))
        return cleaned


class AdvanceForm(CrispyFormMixin, forms.Form):
    note = forms.CharField(label=_("Note for the record"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, note_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
