"""Form fields every app uses."""

import datetime
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from kbo.core.thaidates import BE_OFFSET, to_be_year

class CrispyFormMixin:
    """Gives a form a crispy FormHelper that leaves the <form> tag to the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class CrispyInlineFormSet(forms.BaseInlineFormSet):
    """An inline formset of crispy forms whose layouts also hold the fields the formset adds after
    the form is built: the row's id and its "Delete" box (without them an edit duplicates rows)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.helper.layout = FormHelper(form).layout


class ConstraintsBesideFieldsMixin:
    """Shows the message of each named model constraint beside the field it is about.

    Django reports a constraint with a condition, or over several fields, for the whole form, and
    skips one that covers a field the form does not have (a parent set from the URL).
    `constraint_fields` maps a constraint's name to the form field its message belongs beside."""

    constraint_fields = {}

    def _post_clean(self):
        super()._post_clean()
        for constraint in self._meta.model._meta.constraints:
            field = self.constraint_fields.get(constraint.name)
            if field is None or field in self.errors:
                continue
            try:
                constraint.validate(self._meta.model, self.instance)
            except ValidationError as error:
                self._drop_form_wide(error.messages)
                self.add_error(field, error)

    def _drop_form_wide(self, messages):
        form_wide = [e for e in self.non_field_errors().as_data() if not set(e.messages) <= set(messages)]
        if form_wide:
            self._errors[NON_FIELD_ERRORS] = self.error_class(form_wide, error_class="nonfield")
        else:
            self._errors.pop(NON_FIELD_ERRORS, None)


# The first BE year that is also a plausible CE year is far away: any year from 2400 is BE.
FIRST_BE_YEAR = 2400
FIRST_CE_YEAR = 1900
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


class ThaiDateInput(forms.DateInput):
    """A text box that shows a stored date as dd/mm/yyyy in the Buddhist Era."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": _("dd/mm/yyyy (BE)"), "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if hasattr(value, "year"):
            return f"{value.day:02d}/{value.month:02d}/{to_be_year(value.year)}"
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """Accepts dd/mm/yyyy with a BE or CE year, and ISO yyyy-mm-dd (what phones' date pickers
    send); a year from 2400 on is BE and is converted before the date is checked, so a BE leap
    day (29/02/2567) is right and a BE year is never stored as CE."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Enter a date as day/month/year, e.g. 01/10/2564."),
        "no_such_day": _("%(value)s is not a day of the calendar."),
        "implausible_year": _(
            "The year %(year)s is neither a Buddhist Era year (e.g. 2565) nor a Christian Era "
            "year (e.g. 2022)."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        if match := _DMY.match(value):
            day, month, year = (int(part) for part in match.groups())
        elif match := _ISO.match(value):
            year, month, day = (int(part) for part in match.groups())
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if year >= FIRST_BE_YEAR:
            year -= BE_OFFSET
        if year < FIRST_CE_YEAR:
            raise ValidationError(
                self.error_messages["implausible_year"], code="implausible_year", params={"year": year}
            )
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                self.error_messages["no_such_day"], code="no_such_day", params={"value": value.strip()}
            ) from None
