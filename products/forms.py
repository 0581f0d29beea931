from django import forms
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kbo.core.forms import ConstraintsBesideFieldsMixin, CrispyFormMixin, CrispyInlineFormSet, ThaiDateField
from kbo.geography.models import District, Province, Subdistrict
from products.images import clean_photo
from products.models import ProducerGroup, Product, ProductPhoto, ProductStandard

BLANK_CHOICE = ("", "---------")


# The options of the cascading address selects, for the form and for the htmx endpoints that
# reload them: only the districts of one province, the subdistricts of one district, the postal
# codes of one subdistrict (already chosen when it has only one). Codes are looked up within what
# `user` may see, so another province's code gives a blank list.


def district_choices(user, province_code):
    districts = District.objects.visible_to(user).filter(province_id=province_code or None)
    return [BLANK_CHOICE, *((d.code, d.name) for d in districts)]


def subdistrict_choices(user, district_code):
    subdistricts = Subdistrict.objects.visible_to(user).filter(district_id=district_code or None)
    return [BLANK_CHOICE, *((s.code, s.name) for s in subdistricts)]


def postal_code_choices(user, subdistrict_code):
    subdistrict = Subdistrict.objects.visible_to(user).filter(code=subdistrict_code or None).first()
    codes = [(code, code) for code in subdistrict.postal_codes] if subdistrict else []
    return codes if len(codes) == 1 else [BLANK_CHOICE, *codes]


class ProducerGroupForm(ConstraintsBesideFieldsMixin, forms.ModelForm):
    """A producer group with its address picked as province, district, then subdistrict (official
    codes).

    Set `user` (class attribute, or keyword) to limit the choices to that user's provinces; an
    officer of one province has it chosen and fixed.
    """

    province = forms.ModelChoiceField(Province.objects.all(), label=_("Province"), required=False)
    district = forms.ModelChoiceField(District.objects.all(), label=_("District"))
    constraint_fields = {"group_unique_otop_registration": "otop_registration_number"}
    user = None

    class Meta:
        model = ProducerGroup
        fields = [
            "name", "kind", "otop_registration_number", "leader_name", "member_count",
            "village_no", "province", "district", "subdistrict", "postal_code", "phone", "email",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user or self.user
        # A subdistrict's label names its district and province: fetch them with it.
        subdistricts = Subdistrict.objects.select_related("district", "province")
        if self.user is not None:
            self.fields["province"].queryset = Province.objects.visible_to(self.user)
            self.fields["district"].queryset = District.objects.visible_to(self.user)
            subdistricts = subdistricts.visible_to(self.user)
            if not self.user.sees_all_provinces and len(self.user.officer_province_codes) == 1:
                self.fields["province"].disabled = True
                self.initial.setdefault("province", self.user.officer_province_codes[0])
        self.fields["subdistrict"].queryset = subdistricts
        if self.instance.subdistrict_id:
            self.initial.setdefault("province", self.instance.subdistrict.province_id)
            self.initial.setdefault("district", self.instance.subdistrict.district_id)
        self.fields["postal_code"].required = False
        self.fields["postal_code"].help_text = _("Filled in from the subdistrict when it has only one.")

    def clean(self):
        cleaned = super().clean()
        province, district, subdistrict = cleaned.get("province"), cleaned.get("district"), cleaned.get("subdistrict")
        if province and district and district.province_id != province.code:
            self.add_error(
                "district",
                _("%(district)s district is not in %(province)s province.")
                % {"district": district.name, "province": province.name},
            )
        elif district and subdistrict and subdistrict.district_id != district.code:
            self.add_error(
                "subdistrict",
                _("%(subdistrict)s is not in %(district)s district.")
                % {"subdistrict": subdistrict.full_name(), "district": district.name},
            )
        elif subdistrict and not cleaned.get("postal_code"):
            if subdistrict.only_postal_code:
                cleaned["postal_code"] = self.instance.postal_code = subdistrict.only_postal_code
            else:
                self.add_error(
                    "postal_code",
                    _("This subdistrict has several postal codes; choose one of %(codes)s.")
                    % {"codes": ", ".join(subdistrict.postal_codes)},
                )
        return cleaned


class GroupForm(CrispyFormMixin, ProducerGroupForm):
    """The workspace's producer-group form: cascading selects that offer only the districts of
    the chosen province, the subdistricts of the chosen district and its postal codes (htmx
    reloads them; on a bound form they are rebuilt from the submitted values). Validation stays
    that of `ProducerGroupForm`, over all the user's provinces."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        province, district, subdistrict = (self[name].value() for name in ("province", "district", "subdistrict"))
        # Setting `choices` narrows what is offered; the queryset still decides what is valid.
        self.fields["district"].choices = district_choices(user, province)
        self.fields["subdistrict"].choices = subdistrict_choices(user, district)
        self.fields["postal_code"].widget = forms.Select(choices=postal_code_choices(user, subdistrict))
        self._reload_on_change("province", "address_districts", "district")
        self._reload_on_change("district", "address_subdistricts", "subdistrict")
        self._reload_on_change("subdistrict", "address_postal_codes", "postal_code")

    def _reload_on_change(self, name, url_name, target):
        self.fields[name].widget.attrs.update(
            {"hx-get": reverse(f"products:{url_name}"), "hx-target": f"#id_{target}"}
        )


class ProductStandardForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = ProductStandard
        fields = ["kind", "number", "issued_on", "expires_on"]
        field_classes = {"issued_on": ThaiDateField, "expires_on": ThaiDateField}


StandardFormSet = forms.inlineformset_factory(
    Product, ProductStandard, form=ProductStandardForm, formset=CrispyInlineFormSet, extra=1, can_delete=True
)


class ProductForm(CrispyFormMixin, forms.ModelForm):
    """A product with its standards (an inline formset, `self.standards`), saved together."""

    class Meta:
        model = Product
        fields = [
            "name", "category", "price", "star_level", "star_year",
            "description", "identity_story", "innovation",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "identity_story": forms.Textarea(attrs={"rows": 3}),
            "innovation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.standards = StandardFormSet(
            self.data or None, instance=self.instance, prefix="standards",
            queryset=ProductStandard.objects.visible_to(user) if user else None,
        )

    def is_valid(self):
        return all([super().is_valid(), self.standards.is_valid()])

    @transaction.atomic
    def save(self):
        product = super().save()
        self.standards.instance = product
        self.standards.save()
        return product


class ProductPhotoForm(CrispyFormMixin, forms.ModelForm):
    # A plain file field: `clean_photo` checks the size before any decoding, then the content.
    image = forms.FileField(
        label=_("photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
    )

    class Meta:
        model = ProductPhoto
        fields = ["image", "caption"]

    def clean_image(self):
        return clean_photo(self.cleaned_data["image"])
