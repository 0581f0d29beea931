"""The dashboards in a real browser: the chart is drawn from static files, the national table sorts."""

import pytest

from conftest import screenshot
from kbo.core.tests.test_browser import log_in
from products.enums import Category
from products.tests.factories import ProducerGroupFactory, ProductFactory

pytestmark = pytest.mark.browser


def test_officer_sees_the_category_chart_on_a_phone(phone, live_server, ubon_officer):
    ProductFactory.create_batch(3, category=Category.FOOD)
    ProductFactory(category=Category.TEXTILE)
    log_in(phone, live_server, "ubon")
    phone.goto(f"{live_server.url}/register/dashboard/")
    phone.wait_for_function("window.Chart && window.Chart.getChart('category-chart')")
    assert phone.evaluate("window.Chart.getChart('category-chart').data.datasets[0].data") == [3, 0, 1, 0, 0]
    size = phone.locator("#category-chart").bounding_box()
    assert size["width"] > 0 and size["height"] > 0
    assert phone.locator("h1").inner_text().endswith("อุบลราชธานี")
    # The page fits the phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "dashboard-province")


def test_national_admin_sorts_provinces_by_products(desktop, live_server, national_admin):
    chachoengsao = ProducerGroupFactory(subdistrict_id="240101", postal_code="24000")
    ProductFactory.create_batch(2, group=chachoengsao)
    ProductFactory()
    log_in(desktop, live_server, "national")
    desktop.goto(f"{live_server.url}/register/dashboard/national/")
    assert desktop.locator("#national tbody tr").count() == 77
    desktop.click("a[data-sort=products]")  # ascending
    desktop.wait_for_url("**/?sort=products")
    desktop.click("a[data-sort=products]")  # descending
    desktop.wait_for_url("**/?sort=products&dir=desc")
    first = desktop.locator("#national tbody tr").first
    assert first.locator("th").inner_text() == "ฉะเชิงเทรา"
    assert desktop.locator("#national tbody tr").nth(1).locator("th").inner_text() == "อุบลราชธานี"
    assert desktop.locator("#national tfoot td").nth(2).inner_text() == "3"  # products, all provinces
    screenshot(desktop, "dashboard-national")
