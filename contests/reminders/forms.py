from django import forms
from django.utils.translation import gettext_lazy as _

from kbo.core.forms import CrispyFormMixin


class RemindBehindForm(CrispyFormMixin, forms.Form):
    note = forms.CharField(
        label=_("A note to add (optional)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the meeting resumes at 13:00; please finish before then."),
    )
