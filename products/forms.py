from django import forms
from django.utils.translation import gettext_lazy as _

from kbo.geography.models import District, Subdistrict
from products.models import ProducerGroup


class ProducerGroupForm(forms.ModelForm):
    """A producer group with its address picked as district, then subdistrict (official codes).

    Set `user` (class attribute, or keyword) to limit the districts to that user's provinces.
    """

    district = forms.ModelChoiceField(District.objects.all(), label=_("District"))
    user = None

    class Meta:
        model = ProducerGroup
        fields = [
            "name", "kind", "otop_registration_number", "leader_name", "member_count",
            "village_no", "district", "subdistrict", "postal_code", "phone", "email",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user or self.user
        # A subdistrict's label names its district and province: fetch them with it.
        subdistricts = Subdistrict.objects.select_related("district", "province")
        if self.user is not None:
            self.fields["district"].queryset = District.objects.visible_to(self.user)
            subdistricts = subdistricts.visible_to(self.user)
        self.fields["subdistrict"].queryset = subdistricts
        if self.instance.subdistrict_id:
            self.initial.setdefault("district", self.instance.subdistrict.district_id)
        self.fields["postal_code"].required = False
        self.fields["postal_code"].help_text = _("Filled in from the subdistrict when it has only one.")

    def clean(self):
        cleaned = super().clean()
        district, subdistrict = cleaned.get("district"), cleaned.get("subdistrict")
        if district and subdistrict and subdistrict.district_id != district.code:
            self.add_error(
                "subdistrict",
                _("%(subdistrict)s is not in %(district)s district.")
                % {"subdistrict": subdistrict.full_name(), "district": district.name},
            )
        elif subdistrict and not cleaned.get("postal_code"):
            if len(subdistrict.postal_codes) == 1:
                cleaned["postal_code"] = self.instance.postal_code = subdistrict.postal_codes[0]
            else:
                self.add_error(
                    "postal_code",
                    _("This subdistrict has several postal codes; choose one of %(codes)s.")
                    % {"codes": ", ".join(subdistrict.postal_codes)},
                )
        return cleaned
