"""Template filters for Thai display; a builtin library, so every template has them.

    {{ contest.meeting_date|bedate }}                 1 ตุลาคม 2564
    {{ contest.meeting_date|bedate:"SHORT_DATE_FORMAT" }}
    {{ some_date|fiscal_year }}                       2565
    {{ product.price|baht }}                          1,250.00 บาท
"""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from kbo.core import thaidates

register = template.Library()


@register.filter(expects_localtime=True)
def bedate(value, format_name="DATE_FORMAT"):
    if not value:
        return ""
    return thaidates.format_be(value, format_name)


@register.filter
def fiscal_year(value):
    return thaidates.fiscal_year(value) if value else ""


@register.filter
def baht(value):
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return gettext("%(amount)s baht") % {"amount": number_format(amount, 2, force_grouping=True)}
