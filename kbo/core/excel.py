"""Excel (.xlsx) output that officers can trust: Thai text, BE dates, and no cell that a
spreadsheet would run as a formula."""

import datetime
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kbo.core.thaidates import format_be

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Text starting with these is run as a formula (or DDE) by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell_value(value):
    """What a cell should hold: dates as dd/mm/yyyy in BE, choices and objects as their text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return format_be(value, "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return format_be(value, "d/m/Y")
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):  # numbers and Decimals
        return value
    return str(value)


def build_workbook(title, headers, rows):
    """A workbook with one sheet: a bold header row, then `rows` (iterables of values)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_inert(sheet, cell_value(value)) for value in row])
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(50, len(str(header)) + 4))
    sheet.freeze_panes = "A2"
    return workbook


def _inert(sheet, value):
    """Text that a spreadsheet would run as a formula becomes a cell written as text."""
    if not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)):
        return value
    cell = Cell(sheet, value=value)
    cell.data_type = "s"  # written as text, never as a formula
    cell.quotePrefix = True
    return cell


def workbook_response(filename, workbook):
    """An attachment download of an openpyxl workbook."""
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename, title, headers, rows):
    return workbook_response(filename, build_workbook(title, headers, rows))
