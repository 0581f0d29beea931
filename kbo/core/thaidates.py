"""Buddhist Era dates and Thai fiscal years.

Dates are stored in the Christian Era (CE) as every database expects; people read and type them
in the Buddhist Era (BE = CE + 543). A Thai fiscal year runs 1 October – 30 September and is
named by the BE year in which it ends: FY 2565 = 2021-10-01 … 2022-09-30.
"""

import datetime

from django.utils import timezone
from django.utils.dateformat import DateFormat
from django.utils.formats import get_format

BE_OFFSET = 543


def to_be_year(ce_year):
    return ce_year + BE_OFFSET


def to_ce_year(be_year):
    return be_year - BE_OFFSET


class BuddhistEraDateFormat(DateFormat):
    """Django's date formatting with the year characters in BE (machine formats stay CE)."""

    def Y(self):
        return to_be_year(self.data.year)

    def y(self):
        return f"{to_be_year(self.data.year) % 100:02d}"


def format_be(value, format_name="DATE_FORMAT"):
    """Formats a date or datetime with a named format (DATE_FORMAT, SHORT_DATE_FORMAT, …) or a
    format string, in the active language, with a BE year."""
    return BuddhistEraDateFormat(value).format(get_format(format_name))


def fiscal_year(day):
    """The BE fiscal year that `day` falls in."""
    return to_be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fy):
    """First and last day of BE fiscal year `fy`."""
    end_ce = to_ce_year(fy)
    return datetime.date(end_ce - 1, 10, 1), datetime.date(end_ce, 9, 30)


def current_fiscal_year():
    return fiscal_year(timezone.localdate())
