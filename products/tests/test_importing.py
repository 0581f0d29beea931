"""The Excel import's domain: the template, reading an upload, checking rows, saving all or none."""

import os
import time
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from kbo.core.excel import XLSX_CONTENT_TYPE
from products import importing
from products.importing import (
    HEADERS,
    build_template,
    read_rows,
    save_rows,
    validate_rows,
)
from products.models import ProducerGroup, Product
from products.tasks import remove_abandoned_uploads_task
from products.tests.factories import ProducerGroupFactory

UBON_SUBDISTRICTS = ["340101", "340104", "340105", "340107", "340108", "340109", "340111", "340112", "340113", "340116"]
KINDS = ["community", "กลุ่มผู้ผลิตชุมชน", "sme", "ผู้ประกอบการรายเดียว", "Community group"]
CATEGORIES = ["food", "อาหาร", "textile", "ผ้า เครื่องแต่งกาย", "เครื่องดื่ม", "herbal", "ของใช้ ของตกแต่ง ของที่ระลึก"]


def group_row(**values):
    """A row as a dict of header → cell, filled with a valid Ubon group and product."""
    row = {
        "ชื่อกลุ่ม": "กลุ่มทอผ้าไหมบ้านหนองบ่อ", "ประเภทกลุ่ม": "community", "เลขทะเบียน OTOP": "",
        "หมู่ที่": 3, "รหัสตำบล": "340101", "รหัสไปรษณีย์": "", "ประธานกลุ่ม": "นางสมศรี ใจดี",
        "จำนวนสมาชิก": 25, "โทรศัพท์": "045-123456", "อีเมล": "", "ชื่อผลิตภัณฑ์": "ผ้าไหมลายลูกแก้ว",
        "ประเภทผลิตภัณฑ์": "textile", "ราคา (บาท)": 1250, "ระดับดาว": 4, "ปีที่ได้ดาว (พ.ศ.)": 2565,
    }
    row.update(values)
    return row


def ten_good_rows():
    return [
        group_row(**{
            "ชื่อกลุ่ม": f"กลุ่มวิสาหกิจชุมชนบ้านทดสอบ {n}",
            "ประเภทกลุ่ม": KINDS[n % len(KINDS)],
            "เลขทะเบียน OTOP": f"OTOP-34-{n:04d}",
            "หมู่ที่": n + 1,
            "รหัสตำบล": UBON_SUBDISTRICTS[n],
            "จำนวนสมาชิก": 10 + n,
            "ชื่อผลิตภัณฑ์": f"ผลิตภัณฑ์ชุมชน {n}",
            "ประเภทผลิตภัณฑ์": CATEGORIES[n % len(CATEGORIES)],
            "ราคา (บาท)": f"{100 * (n + 1)}.50",  # numbers as text
        })
        for n in range(10)
    ]


def workbook_bytes(rows, headers=HEADERS):
    """An .xlsx with the header row and `rows` (dicts of header → value)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = importing.SHEET_TITLE
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(header) for header in headers])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content, name="groups.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def problems_of(rows):
    with translation.override("en"):
        return [str(problem) for row in rows for problem in row.problems]


def checked(rows, user):
    with translation.override("en"):
        return validate_rows(read_rows(upload(workbook_bytes(rows))), user)


# The template


def test_the_template_has_the_header_row_and_explains_every_column():
    with translation.override("en"):
        workbook = build_template()
    assert workbook.sheetnames == ["producer_groups", "คำอธิบาย"]
    header = [cell.value for cell in workbook["producer_groups"][1]]
    assert header == list(HEADERS)
    assert header[:5] == ["ชื่อกลุ่ม", "ประเภทกลุ่ม", "เลขทะเบียน OTOP", "หมู่ที่", "รหัสตำบล"]
    assert workbook["producer_groups"].max_row == 1
    explained = {row[1]: row for row in workbook["คำอธิบาย"].iter_rows(min_row=2, values_only=True)}
    assert list(explained) == list(HEADERS)
    assert explained["ชื่อกลุ่ม"][:3] == ("A", "ชื่อกลุ่ม", "Yes")
    assert explained["ชื่อผลิตภัณฑ์"][2] == "With a product"
    assert explained["อีเมล"][2] == "No"
    assert "6-digit official subdistrict code" in explained["รหัสตำบล"][3]
    categories = explained["ประเภทผลิตภัณฑ์"][3]
    for allowed in ["food = อาหาร", "beverage = เครื่องดื่ม", "textile = ผ้า เครื่องแต่งกาย",
                    "utility = ของใช้ ของตกแต่ง ของที่ระลึก", "herbal = สมุนไพรที่ไม่ใช่อาหาร"]:
        assert allowed in categories
    assert "community = กลุ่มผู้ผลิตชุมชน" in explained["ประเภทกลุ่ม"][3]
    # Codes and phone numbers are text columns, so Excel keeps their leading zeros.
    assert workbook["producer_groups"].column_dimensions["I"].number_format == "@"


# Reading an upload


def test_read_rows_gives_each_data_row_as_text_with_its_excel_number(geography):
    rows = read_rows(upload(workbook_bytes([group_row(), {}, group_row(**{"ชื่อกลุ่ม": " กลุ่มสอง "})])))
    assert [row.number for row in rows] == [2, 4]  # the empty row 3 is skipped
    assert rows[0].cells[:5] == ("กลุ่มทอผ้าไหมบ้านหนองบ่อ", "community", "", "3", "340101")
    assert rows[1].text(importing.COLUMNS[0]) == "กลุ่มสอง"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.xlsx", "ชื่อกลุ่ม\nกลุ่มทอผ้า\n".encode()),  # a text file renamed .xlsx
        ("groups.csv", "ชื่อกลุ่ม,รหัสตำบล\nกลุ่มทอผ้า,340101\n".encode()),
        ("fake.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(name, content):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read_rows(upload(content, name))
    assert refused.value.code == "not_xlsx"
    assert refused.value.messages == [
        "This is not an Excel workbook (.xlsx). Save the file as “Excel Workbook” and try again."
    ]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ValidationError) as refused:
        read_rows(upload(buffer.getvalue()))
    assert refused.value.code == "not_xlsx"


def test_a_file_over_5_mb_is_refused(monkeypatch):
    content = workbook_bytes([group_row()])
    monkeypatch.setattr(importing, "MAX_UPLOAD_BYTES", len(content) - 1)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read_rows(upload(content))
    assert refused.value.messages == ["The file is larger than 5 MB."]


def test_a_sheet_without_the_template_header_is_refused():
    headers = list(HEADERS)
    headers[0], headers[1] = headers[1], headers[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        read_rows(upload(workbook_bytes([group_row()], headers=headers)))
    assert refused.value.code == "wrong_header"
    assert refused.value.messages[0].startswith("The first row must be the template's header row: ชื่อกลุ่ม, ประเภทกลุ่ม")


def test_a_sheet_without_rows_is_refused():
    with pytest.raises(ValidationError) as refused:
        read_rows(upload(workbook_bytes([])))
    assert refused.value.code == "empty"


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    with pytest.raises(ValidationError) as refused:
        read_rows(upload(workbook_bytes([group_row()] * 3)))
    assert refused.value.code == "too_many_rows"


# Checking rows


def test_ten_good_rows_become_ten_groups_and_products_with_exact_values(ubon_officer):
    rows = checked(ten_good_rows(), ubon_officer)
    assert problems_of(rows) == []
    assert ProducerGroup.objects.count() == 0  # checking saves nothing

    assert save_rows(rows) == 10
    groups = ProducerGroup.objects.order_by("otop_registration_number")
    assert [g.name for g in groups] == [f"กลุ่มวิสาหกิจชุมชนบ้านทดสอบ {n}" for n in range(10)]
    assert [g.kind for g in groups] == ["community", "community", "sme", "individual", "community"] * 2
    assert [g.subdistrict_id for g in groups] == UBON_SUBDISTRICTS
    assert [g.village_no for g in groups] == list(range(1, 11))
    assert [g.member_count for g in groups] == list(range(10, 20))
    first = groups[0]
    assert (first.postal_code, first.leader_name, first.phone, first.email) == ("34000", "นางสมศรี ใจดี", "045-123456", "")
    products = Product.objects.order_by("group__otop_registration_number")
    assert [p.group for p in products] == list(groups)
    assert [p.name for p in products] == [f"ผลิตภัณฑ์ชุมชน {n}" for n in range(10)]
    assert [p.category for p in products] == [
        "food", "food", "textile", "textile", "beverage", "herbal", "utility", "food", "food", "textile",
    ]
    assert [p.price for p in products] == [Decimal(f"{100 * (n + 1)}.50") for n in range(10)]
    assert {(p.star_level, p.star_year) for p in products} == {(4, 2565)}


def test_a_group_without_product_columns_gets_no_product(ubon_officer):
    empty_product = dict.fromkeys(["ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "ราคา (บาท)", "ระดับดาว", "ปีที่ได้ดาว (พ.ศ.)"])
    rows = checked([group_row(**empty_product, **{"ประเภทกลุ่ม": None, "หมู่ที่": None})], ubon_officer)
    assert problems_of(rows) == []
    assert rows[0].product is None
    save_rows(rows)
    group = ProducerGroup.objects.get()
    assert (group.kind, group.village_no, group.products.count()) == ("community", None, 0)


def test_every_mistake_is_reported_with_its_row_and_column(ubon_officer):
    ProducerGroupFactory(otop_registration_number="OTOP-34-0001")
    rows = [
        group_row(**{"รหัสตำบล": "349999"}),                                   # row 2
        group_row(**{"รหัสตำบล": "240113"}),                                   # row 3: Chachoengsao
        group_row(**{"เลขทะเบียน OTOP": "OTOP-34-0002"}),                      # row 4
        group_row(**{"เลขทะเบียน OTOP": "OTOP-34-0002"}),                      # row 5: repeats row 4
        group_row(**{"เลขทะเบียน OTOP": "OTOP-34-0001"}),                      # row 6: in the database
        group_row(**{"ระดับดาว": 7}),                                          # row 7
        group_row(**{"ราคา (บาท)": -5}),                                       # row 8
        group_row(**{"ชื่อกลุ่ม": None}),                                      # row 9
        group_row(**{"จำนวนสมาชิก": 0, "หมู่ที่": "สาม", "ประเภทผลิตภัณฑ์": "ขนม"}),  # row 10
        group_row(**{"ระดับดาว": None, "รหัสไปรษณีย์": "10200", "อีเมล": "not-an-email"}),  # row 11
        group_row(**{"ประเภทผลิตภัณฑ์": None, "ประเภทกลุ่ม": "สหกรณ์"}),       # row 12
    ]
    checked_rows = checked(rows, ubon_officer)
    assert problems_of(checked_rows) == [
        "Row 2, column E (รหัสตำบล): There is no subdistrict with code 349999.",
        "Row 3, column E (รหัสตำบล): Bang Phra, Mueang Chachoengsao, Chachoengsao is not in your provinces.",
        "Row 5, column C (เลขทะเบียน OTOP): Row 4 has the same OTOP registration number.",
        "Row 6, column C (เลขทะเบียน OTOP): Another producer group has this OTOP registration number.",
        "Row 7, column N (ระดับดาว): Ensure this value is less than or equal to 5.",
        "Row 8, column M (ราคา (บาท)): Ensure this value is greater than or equal to 0.",
        "Row 9, column A (ชื่อกลุ่ม): This column is required.",
        "Row 10, column D (หมู่ที่): “สาม” value must be an integer.",
        "Row 10, column H (จำนวนสมาชิก): A group has at least one member.",
        "Row 10, column L (ประเภทผลิตภัณฑ์): Value 'ขนม' is not a valid choice.",
        "Row 11, column F (รหัสไปรษณีย์): "
        "10200 is not a postal code of Nai Mueang, Mueang Ubon Ratchathani, Ubon Ratchathani; it has 34000.",
        "Row 11, column J (อีเมล): Enter a valid email address.",
        "Row 11, column N (ระดับดาว): Give the star level and the year it was awarded together.",
        "Row 12, column B (ประเภทกลุ่ม): Value 'สหกรณ์' is not a valid choice.",
        "Row 12, column L (ประเภทผลิตภัณฑ์): This column is required.",
    ]
    assert [row.number for row in checked_rows if not row.problems] == [4]
    with pytest.raises(ValueError):
        save_rows(checked_rows)
    assert ProducerGroup.objects.count() == 1  # only the one made above


def test_a_national_admin_may_import_into_any_province(national_admin):
    rows = checked([group_row(**{"รหัสตำบล": "240113"})], national_admin)
    assert problems_of(rows) == []
    assert rows[0].group.postal_code == "24000"


def test_formulas_are_refused_and_text_that_looks_like_one_is_kept(ubon_officer):
    workbook = load_workbook(BytesIO(workbook_bytes([group_row(), group_row(), group_row()])))
    sheet = workbook.active
    sheet["A2"] = '=HYPERLINK("http://evil.example","กลุ่ม")'  # openpyxl writes this as a formula
    sheet["H3"] = "=10+15"
    sheet["A4"] = "=HYPERLINK(ข้อความ)"
    sheet["A4"].data_type = "s"  # typed as text ('=...)
    sheet["G4"] = "-นางสมศรี"
    sheet["G4"].data_type = "s"
    buffer = BytesIO()
    workbook.save(buffer)

    with translation.override("en"):
        rows = validate_rows(read_rows(upload(buffer.getvalue())), ubon_officer)
    assert problems_of(rows) == [
        'Row 2, column A (ชื่อกลุ่ม): Formulas are not imported (=HYPERLINK("http://evil.example","กลุ่ม")); '
        "type the value itself.",
        "Row 3, column H (จำนวนสมาชิก): Formulas are not imported (=10+15); type the value itself.",
    ]
    save_rows(rows[2:])
    group = ProducerGroup.objects.get()
    assert (group.name, group.leader_name) == ("=HYPERLINK(ข้อความ)", "-นางสมศรี")


def test_numbers_typed_as_text_are_accepted(ubon_officer):
    row = group_row(**{"หมู่ที่": "7", "จำนวนสมาชิก": " 30 ", "ราคา (บาท)": "1,250.75", "รหัสตำบล": 340101,
                       "รหัสไปรษณีย์": 34000, "ปีที่ได้ดาว (พ.ศ.)": "2566"})
    rows = checked([row], ubon_officer)
    assert problems_of(rows) == []
    group, product = rows[0].group, rows[0].product
    assert (group.village_no, group.member_count, group.postal_code) == (7, 30, "34000")
    assert (product.price, product.star_year) == (Decimal("1250.75"), 2566)


def test_the_template_round_trips(ubon_officer):
    buffer = BytesIO()
    build_template().save(buffer)
    workbook = load_workbook(BytesIO(buffer.getvalue()))
    workbook["producer_groups"].append([group_row()[header] for header in HEADERS])
    buffer = BytesIO()
    workbook.save(buffer)
    rows = validate_rows(read_rows(upload(buffer.getvalue())), ubon_officer)
    assert save_rows(rows) == 1
    assert ProducerGroup.objects.get().name == "กลุ่มทอผ้าไหมบ้านหนองบ่อ"


# Keeping the upload between preview and save


def test_an_upload_is_found_only_by_its_owner_and_token(ubon_officer, chachoengsao_officer, tmp_path):
    token = importing.store_upload(upload(b"content"), ubon_officer)
    with importing.open_upload(ubon_officer, token) as stored:
        assert stored.read() == b"content"
    with pytest.raises(FileNotFoundError):
        importing.open_upload(chachoengsao_officer, token)
    with pytest.raises(FileNotFoundError):
        importing.open_upload(ubon_officer, "../../etc/passwd")
    importing.discard_upload(ubon_officer, token)
    with pytest.raises(FileNotFoundError):
        importing.open_upload(ubon_officer, token)
    assert list((tmp_path / "imports").iterdir()) == []


def test_abandoned_uploads_are_removed_after_a_day_and_a_second_sweep_finds_nothing(settings, ubon_officer):
    fresh = importing.store_upload(upload(workbook_bytes([group_row()])), ubon_officer)
    old = importing.store_upload(upload(workbook_bytes([group_row()])), ubon_officer)
    folder = settings.VAR_DIR / "imports"
    day_and_a_minute_ago = time.time() - importing.UPLOAD_LIFETIME_SECONDS - 60
    os.utime(folder / f"{ubon_officer.pk}-{old}.xlsx", (day_and_a_minute_ago, day_and_a_minute_ago))
    assert remove_abandoned_uploads_task() == 1
    assert remove_abandoned_uploads_task() == 0
    assert sorted(path.name for path in folder.iterdir()) == [f"{ubon_officer.pk}-{fresh}.xlsx"]
