"""Validators for Thai data that more than one app stores."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

thai_phone = RegexValidator(
    r"^0\d{1,2}[- ]?\d{3}[- ]?\d{3,4}$",
    _("Enter a Thai phone number of 9 or 10 digits starting with 0, e.g. 045-123456 or 081-234-5678."),
)
line_user_id = RegexValidator(
    r"^U[0-9a-f]{32}$",
    _("A LINE user id is the letter U followed by 32 hexadecimal characters."),
)
postal_code = RegexValidator(r"^\d{5}$", _("A postal code has 5 digits."))


def digits(text):
    return re.sub(r"\D", "", text or "")
