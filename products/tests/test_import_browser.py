"""An officer imports producer groups from Excel in a real browser, at the office and on a phone."""

import pytest
from django.urls import reverse

from conftest import screenshot
from kbo.core.tests.test_browser import log_in
from products.models import ProducerGroup
from products.tests.test_importing import ten_good_rows, workbook_bytes  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.browser



@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_officer_uploads_checks_and_saves_ten_groups(request, live_server, ubon_officer, tmp_path, device):
    page = request.getfixturevalue(device)
    upload = tmp_path / "groups.xlsx"
    upload.write_bytes(workbook_bytes(ten_good_rows()))
    log_in(page, live_server, "ubon")

    page.goto(f"{live_server.url}{reverse('products:import_groups')}")
    template_link = page.locator(f"a[href='{reverse('products:import_template')}']")
    assert template_link.count() == 1
    with page.expect_download() as download:
        template_link.click()
    assert download.value.suggested_filename == "kbo-producer-groups.xlsx"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "import-form" if device == "desktop" else "import-form-phone")

    page.set_input_files("#id_file", str(upload))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_url("**/imports/groups/*/")
    assert page.locator("tbody tr").count() == 10
    assert page.locator("tbody tr.table-danger").count() == 0
    assert "กลุ่มวิสาหกิจชุมชนบ้านทดสอบ 0" in page.locator("tbody").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    screenshot(page, "import-preview" if device == "desktop" else "import-preview-phone")

    page.click("form[action$='/save/'] button[type=submit]")
    page.wait_for_url(f"{live_server.url}{reverse('products:group_list')}")
    assert "10" in page.locator(".alert-success").inner_text()
    assert "กลุ่มวิสาหกิจชุมชนบ้านทดสอบ 9" in page.locator("table").inner_text()
    assert ProducerGroup.objects.count() == 10
