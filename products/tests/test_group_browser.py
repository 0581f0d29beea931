"""An Ubon Ratchathani officer's year in the register, on a phone and on a desktop: a producer
group with a product and a photo, enrolled in the FY 2565 cohort; ten more groups imported from
the Excel template; the list exported to Excel."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from conftest import log_in, screenshot
from products.models import Enrollment, ProducerGroup, ProductPhoto
from products.tests.factories import CohortFactory
from products.tests.test_importing import ten_good_rows, workbook_bytes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_officer_registers_enrols_imports_and_exports(request, device, live_server, ubon_officer, tmp_path):
    page = request.getfixturevalue(device)
    cohort = CohortFactory(province_id="34", fiscal_year=2565)
    photo = tmp_path / "silk.jpg"
    Image.new("RGB", (64, 48), (150, 20, 60)).save(photo, "JPEG")
    log_in(page, live_server, "ubon")

    page.goto(f"{live_server.url}/register/groups/")
    screenshot(page, "products-group-list")
    page.click("a.btn-success")
    assert page.locator("#id_province").is_disabled()
    assert page.locator("#id_province").input_value() == "34"
    page.fill("#id_name", "กลุ่มทอผ้าไหมบ้านปะอาว")
    page.fill("#id_leader_name", "นางบุญมี ศรีสุข")
    page.fill("#id_member_count", "30")
    page.fill("#id_village_no", "6")
    assert page.locator("#id_subdistrict option").count() == 1
    page.select_option("#id_district", "3401")
    page.locator("#id_subdistrict option[value='340101']").wait_for(state="attached")
    page.select_option("#id_subdistrict", "340101")
    page.locator("#id_postal_code option[value='34000']").wait_for(state="attached")
    assert page.locator("#id_postal_code").input_value() == "34000"
    screenshot(page, "products-group-form")
    page.click("main button[type=submit].btn-success")

    group = ProducerGroup.objects.get()
    page.wait_for_url(f"{live_server.url}{group.get_absolute_url()}")
    address = page.locator("#group-address").inner_text()
    assert address == "หมู่ที่ 6 ตำบลในเมือง อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี 34000"
    screenshot(page, "products-group-detail")

    page.click(f"a[href='/register/groups/{group.pk}/products/add/']")
    page.fill("#id_name", "ผ้าไหมมัดหมี่ลายนาคน้อย")
    page.select_option("#id_category", "textile")
    page.fill("#id_price", "2500")
    page.select_option("#id_standards-0-kind", "tcps")
    page.fill("#id_standards-0-number", "มผช. 20/2555")
    page.fill("#id_standards-0-expires_on", "30/09/2568")
    page.click("main button[type=submit].btn-success")
    page.wait_for_url(f"{live_server.url}/register/products/*/")
    assert "30 กันยายน 2568" in page.locator("#product-standards").inner_text()

    page.set_input_files("#id_image", str(photo))
    page.fill("#id_caption", "ผ้าไหมผืนแรก")
    page.click("#product-photos ~ form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#product-photos img").count() == 1
    assert ProductPhoto.objects.get().caption == "ผ้าไหมผืนแรก"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "products-product-detail")

    page.goto(f"{live_server.url}{group.get_absolute_url()}")
    assert page.locator("#group-products").inner_text().splitlines()[0] == "ผ้าไหมมัดหมี่ลายนาคน้อย"
    assert "2,500.00 บาท" in page.locator("#group-products").inner_text()

    # Enrol the group, with its product, in the FY 2565 cohort.
    page.goto(f"{live_server.url}{reverse('products:enrollment_create', args=[cohort.pk])}")
    page.select_option("#id_group", str(group.pk))
    page.select_option("#id_product", str(group.products.get().pk))
    page.click("main button[type=submit].btn-success")
    page.wait_for_url(f"{live_server.url}{cohort.get_absolute_url()}*")
    enrollment = Enrollment.objects.get()
    assert (enrollment.cohort, enrollment.group) == (cohort, group)
    assert page.locator(f"#enrollment-{enrollment.pk} h3").inner_text() == "กลุ่มทอผ้าไหมบ้านปะอาว"

    # Import ten more groups from the template.
    upload = tmp_path / "groups.xlsx"
    upload.write_bytes(workbook_bytes(ten_good_rows()))
    page.goto(f"{live_server.url}{reverse('products:import_groups')}")
    page.set_input_files("#id_file", str(upload))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/imports/groups/*/")
    page.click("form[action$='/save/'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('products:group_list')}")
    assert ProducerGroup.objects.count() == 11

    # Export the list: every group, Thai names, as an .xlsx.
    with page.expect_download() as download:
        page.click("a[href*='format=xlsx']")
    with open(download.value.path(), "rb") as exported:  # saved without an extension
        sheet = load_workbook(exported).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(ProducerGroup.objects.values_list("name", flat=True))
    assert "กลุ่มทอผ้าไหมบ้านปะอาว" in names and "กลุ่มวิสาหกิจชุมชนบ้านทดสอบ 9" in names
