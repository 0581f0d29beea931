"""The form of the national dossier's texts. It checks their shape; `contests.national` decides
whether the dossier may still change and writes it."""

from django import forms

from contests.models import Submission
from kbo.core.forms import CrispyFormMixin


class DossierForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = Submission
        fields = ["innovation", "identity", "summary"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
