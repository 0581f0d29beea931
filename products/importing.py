"""Importing producer groups, each with at most one product, from an Excel workbook.

The columns are defined once, in `COLUMNS`; the downloadable template (`build_template`), its
instructions sheet and the parser are all built from them. One row of the sheet is one producer
group and, when any product cell is filled, its product.

1. `read_rows(file)` opens the upload: a real .xlsx of at most 5 MB whose first row is the
   template's header row, else a ValidationError that says what is wrong.
2. `validate_rows(rows, user)` turns each row into unsaved instances checked by the models' own
   rules (`full_clean` and each of their constraints) and by what only an import can check: the
   subdistrict exists and lies in the user's provinces, and no OTOP registration number appears
   twice in the file. Every problem names its row (as Excel numbers it) and its column.
3. `save_rows(rows)` saves all rows in one transaction: every group or none.

Between the preview and the save, the upload waits under VAR_DIR/imports/ (never served by the
web server, unlike MEDIA_ROOT), named by its owner's id and a random token: another user's token
finds nothing (`store_upload`, `open_upload`, `discard_upload`).

Formulas are refused: a cell that holds a formula is a problem of its row (its text is shown,
never evaluated), so what is saved is always what the officer typed. Text that merely starts
with =, +, - or @, typed as text, is imported as it is; the Excel export writes it back as text.
"""

import re
import secrets
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from kbo.core.excel import build_workbook
from kbo.geography.models import Subdistrict
from products.models import ProducerGroup, Product

SHEET_TITLE = "producer_groups"
INSTRUCTIONS_TITLE = "คำอธิบาย"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 1000
TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True, eq=False)
class ImportColumn:
    """One column of the sheet: its fixed Thai header and the model field its cells fill.

    `required` means required for its row's group, or for its product when the row has one.
    """

    header: str
    model: type
    field_name: str
    required: bool = False
    help: str = ""

    @property
    def field(self):
        return self.model._meta.get_field(self.field_name)

    @property
    def letter(self):
        return get_column_letter(COLUMNS.index(self) + 1)

    @property
    def is_number(self):
        return isinstance(self.field, (models.IntegerField, models.DecimalField))

    def allowed_values(self):
        """'code = Thai label' for each choice, e.g. 'food = อาหาร'."""
        with translation.override("th"):
            return "; ".join(f"{code} = {label}" for code, label in self.field.flatchoices)

    def choice_code(self, text):
        """The choice code for its code, English or Thai label; unknown text is left for the
        model's own validation to refuse."""
        for code, label in self.field.flatchoices:
            names = {code.casefold()}
            for language in ("en", "th"):
                with translation.override(language):
                    names.add(str(label).casefold())
            if text.casefold() in names:
                return code
        return text


COLUMNS = (
    ImportColumn("ชื่อกลุ่ม", ProducerGroup, "name", required=True),
    ImportColumn(
        "ประเภทกลุ่ม", ProducerGroup, "kind",
        help=gettext_lazy("The code or the Thai label; empty means a community group."),
    ),
    ImportColumn(
        "เลขทะเบียน OTOP", ProducerGroup, "otop_registration_number",
        help=gettext_lazy("No two groups may have the same number."),
    ),
    ImportColumn("หมู่ที่", ProducerGroup, "village_no", help=gettext_lazy("A number from 1 to 99.")),
    ImportColumn(
        "รหัสตำบล", ProducerGroup, "subdistrict", required=True,
        help=gettext_lazy(
            "The 6-digit official subdistrict code, e.g. 340101 for Nai Mueang, Mueang Ubon "
            "Ratchathani; it must be in one of your provinces."
        ),
    ),
    ImportColumn(
        "รหัสไปรษณีย์", ProducerGroup, "postal_code",
        help=gettext_lazy("5 digits; may be left empty when the subdistrict has only one postal code."),
    ),
    ImportColumn("ประธานกลุ่ม", ProducerGroup, "leader_name"),
    ImportColumn("จำนวนสมาชิก", ProducerGroup, "member_count", required=True, help=gettext_lazy("At least 1.")),
    ImportColumn("โทรศัพท์", ProducerGroup, "phone", help=gettext_lazy("e.g. 045-123456 or 081-234-5678.")),
    ImportColumn("อีเมล", ProducerGroup, "email"),
    ImportColumn(
        "ชื่อผลิตภัณฑ์", Product, "name", required=True,
        help=gettext_lazy("Leave all product columns empty for a group without a product."),
    ),
    ImportColumn(
        "ประเภทผลิตภัณฑ์", Product, "category", required=True, help=gettext_lazy("The code or the Thai label.")
    ),
    ImportColumn("ราคา (บาท)", Product, "price", help=gettext_lazy("Not negative.")),
    ImportColumn(
        "ระดับดาว", Product, "star_level", help=gettext_lazy("1 to 5, given together with the year it was awarded.")
    ),
    ImportColumn("ปีที่ได้ดาว (พ.ศ.)", Product, "star_year", help=gettext_lazy("A Buddhist Era year, e.g. 2565.")),
)
HEADERS = tuple(column.header for column in COLUMNS)
PRODUCT_COLUMNS = tuple(column for column in COLUMNS if column.model is Product)
SUBDISTRICT = next(column for column in COLUMNS if column.field_name == "subdistrict")
REGISTRATION_NUMBER = next(column for column in COLUMNS if column.field_name == "otop_registration_number")


def build_template():
    """The empty workbook officers fill in: the header row, then a sheet that explains each column."""
    workbook = build_workbook(SHEET_TITLE, HEADERS, [])
    sheet = workbook[SHEET_TITLE]
    for column in COLUMNS:
        if not column.is_number:  # codes and phone numbers keep their leading zeros
            sheet.column_dimensions[column.letter].number_format = "@"
    instructions = workbook.create_sheet(INSTRUCTIONS_TITLE)
    instructions.append([_("Column"), _("Header"), _("Required"), _("What to enter")])
    for cell in instructions[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        instructions.append([column.letter, column.header, _required_text(column), _description(column)])
    for letter, width in zip("ABCD", (8, 22, 14, 100)):
        instructions.column_dimensions[letter].width = width
    return workbook


def _required_text(column):
    if not column.required:
        return _("No")
    return _("With a product") if column.model is Product else _("Yes")


def _description(column):
    parts = [f"{capfirst(column.field.verbose_name)}.", str(column.help)]
    if column.field.choices:
        parts.append(_("Allowed values: %(values)s.") % {"values": column.allowed_values()})
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class SheetRow:
    """A data row as read: its number in Excel, its cells as text (one per column in COLUMNS),
    and the columns whose cell holds a formula."""

    number: int
    cells: tuple
    formulas: frozenset = frozenset()

    def text(self, column):
        return self.cells[COLUMNS.index(column)]


def read_rows(file):
    """The non-empty data rows of an uploaded workbook; a ValidationError for anything that is not
    a filled-in copy of the template."""
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="too_large")
    not_xlsx = ValidationError(
        _("This is not an Excel workbook (.xlsx). Save the file as “Excel Workbook” and try again."),
        code="not_xlsx",
    )
    if not zipfile.is_zipfile(file):
        raise not_xlsx
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise not_xlsx from None
    try:
        sheet = workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        lines = sheet.iter_rows(max_col=len(COLUMNS))
        header = tuple(_cell_text(cell.value) for cell in next(lines, ()))
        if header != HEADERS:
            raise ValidationError(
                _(
                    "The first row must be the template's header row: %(headers)s. Download the "
                    "template and copy your rows into it."
                )
                % {"headers": ", ".join(HEADERS)},
                code="wrong_header",
            )
        rows = []
        for number, cells in enumerate(lines, start=2):
            cells = tuple(cells) + (None,) * (len(COLUMNS) - len(cells))
            texts = tuple(_cell_text(getattr(cell, "value", None)) for cell in cells)
            if any(texts):
                formulas = frozenset(c for c, cell in zip(COLUMNS, cells) if getattr(cell, "data_type", "") == "f")
                rows.append(SheetRow(number, texts, formulas))
            if len(rows) > MAX_ROWS:
                raise ValidationError(
                    _("A file may hold at most %(count)s groups; split it into several files.") % {"count": MAX_ROWS},
                    code="too_many_rows",
                )
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("The sheet has no groups below its header row."), code="empty")
    return rows


def _cell_text(value):
    """A cell as text: numbers without a spurious '.0', everything stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(frozen=True)
class Problem:
    row: int
    column: ImportColumn | None
    message: str

    def __str__(self):
        if self.column is None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column %(letter)s (%(header)s): %(message)s") % {
            "row": self.row, "letter": self.column.letter, "header": self.column.header, "message": self.message,
        }


@dataclass
class ImportRow:
    """A row checked: the unsaved group and product it would create, and what stops it."""

    number: int
    cells: tuple
    group: ProducerGroup
    product: Product | None
    problems: list = field(default_factory=list)


def validate_rows(rows, user):
    """Each row as unsaved instances and its problems (empty when the row can be saved)."""
    codes = {row.text(SUBDISTRICT) for row in rows}
    subdistricts = Subdistrict.objects.select_related("district", "province").in_bulk(codes)
    visible = set(Subdistrict.objects.visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    first_row_of = {}
    checked = []
    for row in rows:
        result = _validate_row(row, subdistricts, visible)
        number = result.group.otop_registration_number
        if number in first_row_of:
            message = _("Row %(row)s has the same OTOP registration number.") % {"row": first_row_of[number]}
            result.problems.append(Problem(row.number, REGISTRATION_NUMBER, message))
        elif number:
            first_row_of[number] = row.number
        checked.append(result)
    return checked


def _validate_row(row, subdistricts, visible):
    group = ProducerGroup()
    product = Product() if any(row.text(column) for column in PRODUCT_COLUMNS) else None
    problems = []
    for column, text in zip(COLUMNS, row.cells):
        instance = group if column.model is ProducerGroup else product
        if instance is None:
            continue
        if column in row.formulas:
            message = _("Formulas are not imported (%(formula)s); type the value itself.") % {"formula": text}
            problems.append(Problem(row.number, column, message))
        elif not text:
            if column.required:
                problems.append(Problem(row.number, column, _("This column is required.")))
        elif column is SUBDISTRICT:
            if text not in subdistricts:
                message = _("There is no subdistrict with code %(code)s.") % {"code": text}
                problems.append(Problem(row.number, column, message))
            elif text not in visible:
                message = _("%(place)s is not in your provinces.") % {"place": subdistricts[text].full_name()}
                problems.append(Problem(row.number, column, message))
            else:
                group.subdistrict = subdistricts[text]
        else:
            setattr(instance, column.field_name, _field_value(column, text))
    unchecked = set()
    if not group.postal_code:  # filled from the subdistrict, or only its problem is reported
        if group.subdistrict_id and group.subdistrict.only_postal_code:
            group.postal_code = group.subdistrict.only_postal_code
        elif not group.subdistrict_id:
            unchecked.add("postal_code")
    problems += _model_problems(row.number, group, problems, exclude=unchecked)
    if product is not None:
        problems += _model_problems(row.number, product, problems, exclude={"group"})
    problems.sort(key=lambda problem: COLUMNS.index(problem.column) if problem.column else -1)
    return ImportRow(row.number, row.cells, group, product, problems)


def _field_value(column, text):
    if column.field.choices:
        return column.choice_code(text)
    if column.is_number:
        return text.replace(",", "")  # "1,250" typed as text
    return text


def _model_problems(number, instance, found, exclude=()):
    """The model's own rules: field validation, clean() and each constraint, as problems of the
    columns they concern. Fields already refused by the import are not checked again."""
    model = type(instance)
    exclude = set(exclude) | {p.column.field_name for p in found if p.column and p.column.model is model}
    problems = []
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems += [Problem(number, _column(model, [name]), message) for message in messages]
            exclude.add(name)
    for constraint in model._meta.constraints:
        try:
            constraint.validate(model, instance, exclude=exclude)
        except ValidationError as error:
            column = _column(model, _constraint_fields(constraint))
            problems += [Problem(number, column, message) for message in error.messages]
    return problems


def _column(model, field_names):
    """The first column that fills one of `field_names` of `model`, or None (a whole-row problem)."""
    names = [name for name in field_names if name != NON_FIELD_ERRORS]
    return next((c for c in COLUMNS if c.model is model and c.field_name in names), None)


def _constraint_fields(constraint):
    """The fields a unique constraint names, or that a check constraint's condition looks up."""
    if getattr(constraint, "fields", None):
        return list(constraint.fields)
    return _lookup_fields(constraint.condition)


def _lookup_fields(condition):
    fields = []
    for child in condition.children:
        if isinstance(child, tuple):
            fields.append(child[0].split(LOOKUP_SEP)[0])
        else:
            fields += _lookup_fields(child)
    return fields


def save_rows(rows):
    """Saves every row's group and product in one transaction and returns how many groups."""
    if any(row.problems for row in rows):
        raise ValueError("rows with problems cannot be saved")
    with transaction.atomic():
        for row in rows:
            row.group.save()
            if row.product is not None:
                row.product.group = row.group
                row.product.save()
    return len(rows)


def _upload_path(user, token):
    if not TOKEN.match(token):
        raise FileNotFoundError(token)
    return Path(settings.VAR_DIR) / "imports" / f"{user.pk}-{token}.xlsx"


def store_upload(file, user):
    """Keeps an upload until it is saved; returns the token that finds it again for this user."""
    token = secrets.token_hex(16)
    path = _upload_path(user, token)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stored:
        for chunk in file.chunks():
            stored.write(chunk)
    return token


def open_upload(user, token):
    """The stored upload as a file to pass to `read_rows`; FileNotFoundError for another user's
    token, a wrong one, or one already saved."""
    return File(_upload_path(user, token).open("rb"))


def discard_upload(user, token):
    _upload_path(user, token).unlink(missing_ok=True)


# Uploads previewed but never saved are kept this long, then removed by the daily sweep.
UPLOAD_LIFETIME_SECONDS = 24 * 60 * 60


def remove_abandoned_uploads(now=None):
    """Deletes waiting uploads older than UPLOAD_LIFETIME_SECONDS; returns how many went.
    Safe to run twice or in two workers at once: a file already gone is simply skipped."""
    folder = Path(settings.VAR_DIR) / "imports"
    cutoff = (now or time.time()) - UPLOAD_LIFETIME_SECONDS
    removed = 0
    for path in folder.glob("*.xlsx") if folder.exists() else ():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
