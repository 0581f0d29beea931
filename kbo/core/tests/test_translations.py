"""The Thai catalogue is complete, and Thai is what gettext returns for KBO's and Django's messages.

No database: the catalogue is parsed with a tiny reader, and the compiled .mo is read through
Django's translation machinery.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext

from kbo.core.django_strings import DJANGO_MESSAGES

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES" / "django.po"
THAI = range(0x0E00, 0x0E80)


def read_po(path):
    """The entries of a .po file as dicts: flags (set), msgid, msgstr (plural forms joined)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgid": None, "msgstr": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#~"):  # obsolete entry
                key = None
                break
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                keyword, _, value = line.partition(" ")
                key = "msgstr" if keyword.startswith("msgstr") else keyword
                entry[key] = entry.get(key) or ""
                entry[key] += ast.literal_eval(value)
        if entry["msgid"] is not None:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def entries():
    return read_po(CATALOGUE)


def test_the_catalogue_has_a_thai_header(entries):
    header = entries[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: th\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]


def test_every_message_is_translated(entries):
    assert len(entries) > 300
    empty = [e["msgid"] for e in entries[1:] if not e["msgstr"]]
    assert not empty, f"{len(empty)} messages have no Thai translation: {empty}"


def test_no_message_is_fuzzy(entries):
    fuzzy = [e["msgid"] or "(header)" for e in entries if "fuzzy" in e["flags"]]
    assert not fuzzy, f"{len(fuzzy)} messages are marked fuzzy (Django ignores them): {fuzzy}"


def test_django_messages_are_in_the_catalogue(entries):
    ours = {e["msgid"] for e in entries}
    missing = [m for m in DJANGO_MESSAGES if m not in ours]
    assert not missing, f"run `make messages`: {missing}"


@pytest.mark.parametrize(
    ("english", "thai"),
    [
        ("Log in to KBO", "เข้าสู่ระบบ KBO"),
        ("Producer groups and products", "กลุ่มผู้ผลิตและผลิตภัณฑ์"),
        ("Member", "กรรมการ"),
        ("Provincial officer", "เจ้าหน้าที่จังหวัด"),
        ("%(amount)s baht", "%(amount)s บาท"),
        ("Fiscal year %(fiscal_year)s", "ปีงบประมาณ %(fiscal_year)s"),
        # Django's own, missing from or wrong in its Thai catalogue; ours wins (LOCALE_PATHS).
        ("Constraint “%(name)s” is violated.", "ข้อมูลขัดกับข้อกำหนด “%(name)s”"),
        ("The two password fields didn’t match.", "รหัสผ่านทั้งสองช่องไม่ตรงกัน"),
        ("This field is required.", "กรุณากรอกข้อมูลในช่องนี้"),
    ],
)
def test_gettext_returns_thai(english, thai):
    with translation.override("th"):
        assert gettext(english) == thai


def test_the_login_error_is_in_thai():
    with translation.override("th"):
        form = AuthenticationForm()
        username = get_user_model()._meta.get_field("username").verbose_name
        message = form.error_messages["invalid_login"] % {"username": username}
    assert "กรุณาใส่ชื่อผู้ใช้และรหัสผ่านให้ถูกต้อง" in message


def test_every_django_message_listed_is_thai():
    with translation.override("th"):
        english = [m for m in DJANGO_MESSAGES if not any(ord(c) in THAI for c in gettext(m))]
    assert not english, f"still English in Thai pages: {english}"


def test_english_stays_english():
    english = "Log in to KBO"  # a variable: makemessages must not take the tests for a source
    with translation.override("en"):
        assert gettext(english) == english
