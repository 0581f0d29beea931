import datetime

import pytest
from django import forms
from django.utils import translation

from kbo.core.forms import ThaiDateField


class DateForm(forms.Form):
    day = ThaiDateField()


def clean(text):
    form = DateForm({"day": text})
    with translation.override("th"):
        valid = form.is_valid()
    return (form.cleaned_data["day"] if valid else None), form.errors.get("day", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/10/2564", datetime.date(2021, 10, 1)),  # BE
        ("1/10/2021", datetime.date(2021, 10, 1)),  # CE
        ("2021-10-01", datetime.date(2021, 10, 1)),  # a phone's date picker (ISO, CE)
        ("2564-10-01", datetime.date(2021, 10, 1)),  # ISO typed with a BE year
        ("30.09.2565", datetime.date(2022, 9, 30)),
        (" 29/02/2567 ", datetime.date(2024, 2, 29)),  # BE leap day: 2567 BE = 2024 CE
        ("29/02/2024", datetime.date(2024, 2, 29)),
    ],
)
def test_accepts_be_and_ce(text, expected):
    assert clean(text) == (expected, [])


def test_a_be_year_is_never_stored_as_ce():
    day, _ = clean("01/10/2564")
    assert day.year == 2021


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("29/02/2566", "29/02/2566 ไม่มีอยู่ในปฏิทิน"),  # 2566 BE = 2023, not a leap year
        ("31/04/2565", "31/04/2565 ไม่มีอยู่ในปฏิทิน"),
        ("01/10/1564", "ปี 1564 ไม่ใช่ทั้งปีพุทธศักราช (เช่น 2565) และปีคริสต์ศักราช (เช่น 2022)"),
        ("สิบตุลา", "กรอกวันที่เป็น วัน/เดือน/ปี เช่น 01/10/2564"),
    ],
)
def test_rejects_with_a_thai_message(text, message):
    day, errors = clean(text)
    assert day is None
    assert errors == [message]


def test_widget_shows_the_stored_date_in_be():
    form = DateForm(initial={"day": datetime.date(2021, 10, 1)})
    assert 'value="01/10/2564"' in str(form["day"])
