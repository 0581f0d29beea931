"""Forms of the network register. Each takes the signed-in `user` and offers only what that user
may see; the parent row (network, committee) of a partner or member comes from the URL."""

from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kbo.core.forms import ConstraintsBesideFieldsMixin, CrispyFormMixin, ThaiDateField
from kbo.geography.models import Province, Subdistrict
from networks.models import (
    FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, Committee, CommitteeMember, KnowledgePartner, Network,
)


def limit_choices(form, name, queryset):
    """Offers only `queryset` in field `name`; when it holds a single row, that row is preselected."""
    form.fields[name].queryset = queryset
    if form.initial.get(name) is None:
        choices = list(queryset[:2])
        if len(choices) == 1:
            form.initial[name] = choices[0].pk


class NetworkForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    constraint_fields = {"network_registered_since_fy_2549": "registered_on"}

    class Meta:
        model = Network
        fields = ["province", "name", "registered_on", "status", "address", "contact_name", "phone", "email"]
        field_classes = {"registered_on": ThaiDateField}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["province"].disabled = True  # a network belongs to its province for good
        limit_choices(self, "province", Province.objects.visible_to(user))


class PartnerForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    constraint_fields = {"partner_unique_name_per_network": "name"}

    class Meta:
        model = KnowledgePartner
        fields = ["name", "kind", "expertise", "contact_name", "phone", "email"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class CommitteeForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    """A committee; its network is chosen when it is created and stays with it (a form field, not
    a model field of the form, so that one committee per year is checked beside the year)."""

    network = forms.ModelChoiceField(Network.objects.none(), label=_("KBO network"))
    constraint_fields = {"committee_one_per_network_and_year": "fiscal_year"}
    field_order = ["network"]

    class Meta:
        model = Committee
        fields = ["fiscal_year", "order_number", "order_date", "term_start", "term_end"]
        field_classes = {"order_date": ThaiDateField, "term_start": ThaiDateField, "term_end": ThaiDateField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["network"]
        else:
            limit_choices(self, "network", Network.objects.visible_to(user))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("network"):
            self.instance.network = cleaned["network"]
        return cleaned


class MemberForm(ConstraintsBesideFieldsMixin, CrispyFormMixin, forms.ModelForm):
    constraint_fields = {"committee_one_chair": "role"}

    class Meta:
        model = CommitteeMember
        fields = [
            "seat", "prefix", "first_name", "last_name", "position", "organisation", "sector", "role",
            "phone", "email", "line_user_id", "subdistrict",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        province = self.instance.committee.network.province_id
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(province=province).select_related("district")
        self.fields["subdistrict"].label_from_instance = lambda s: f"{s.name} – {s.district.name}"
        if not self.instance.pk:
            last_seat = self.instance.committee.members.aggregate(Max("seat"))["seat__max"] or 0
            self.initial["seat"] = last_seat + 1


class CopyCommitteeForm(CrispyFormMixin, forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("New fiscal year (BE)"), min_value=FIRST_FISCAL_YEAR, max_value=LAST_FISCAL_YEAR
    )
