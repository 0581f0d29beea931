import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from kbo.core.thaidates import fiscal_year, fiscal_year_bounds, format_be


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2021, 9, 30), 2564),
        (datetime.date(2021, 10, 1), 2565),
        (datetime.date(2022, 9, 30), 2565),
        (datetime.date(2022, 10, 1), 2566),
        (datetime.date(2024, 2, 29), 2567),
        (datetime.date(2026, 11, 21), 2570),
    ],
)
def test_fiscal_year_turns_on_the_first_of_october(day, expected):
    assert fiscal_year(day) == expected


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2565) == (datetime.date(2021, 10, 1), datetime.date(2022, 9, 30))
    start, end = fiscal_year_bounds(2567)
    assert fiscal_year(start) == fiscal_year(end) == 2567
    assert fiscal_year(start - datetime.timedelta(days=1)) == 2566
    assert fiscal_year(end + datetime.timedelta(days=1)) == 2568


def test_named_formats_show_buddhist_era_years():
    day = datetime.date(2021, 10, 1)
    with translation.override("th"):
        assert format_be(day) == "1 ตุลาคม 2564"
        assert format_be(day, "SHORT_DATE_FORMAT") == "1 ต.ค. 2564"
        assert format_be(day, "d/m/Y") == "01/10/2564"
        assert format_be(day, "d/m/y") == "01/10/64"
    with translation.override("en"):
        assert format_be(day) == "Oct. 1, 2564"


def test_be_leap_day_formats():
    with translation.override("th"):
        assert format_be(datetime.date(2024, 2, 29), "j F Y") == "29 กุมภาพันธ์ 2567"


def test_datetimes_are_shown_in_bangkok_time():
    # 20:00 UTC on 30 Sep is already 1 Oct in Bangkok (UTC+7).
    moment = datetime.datetime(2021, 9, 30, 20, 0, tzinfo=datetime.timezone.utc)
    template = Template('{{ moment|bedate:"j F Y H:i" }} {{ day|fiscal_year }} {{ price|baht }}')
    with translation.override("th"):
        rendered = template.render(
            Context({"moment": moment, "day": datetime.date(2021, 10, 1), "price": "1250.5"})
        )
    assert rendered == "1 ตุลาคม 2564 03:00 2565 1,250.50 บาท"


def test_filters_leave_empty_values_empty():
    rendered = Template("[{{ none|bedate }}][{{ none|fiscal_year }}][{{ none|baht }}]").render(Context({"none": None}))
    assert rendered == "[][][]"
