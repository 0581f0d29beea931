"""Personas and shared fixtures for the whole suite.

Geography (77 provinces, 928 districts, 7,436 subdistricts) is loaded once into the test
database; tests that flush the database (live_server) get it back through the `geography` fixture.
"""

import os
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connections
from django.utils import translation

from kbo.accounts.tests.factories import PASSWORD, UserFactory
from kbo.geography.loading import load_geography
from kbo.geography.models import Province
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory

UBON = "34"
CHACHOENGSAO = "24"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_geography()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request activates its language for the thread and it stays active: reset it, so that no
    test depends on which test ran before it."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    """Uploads and waiting imports go under the test's own folder, never into the checkout's var/."""
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests run with DEBUG off but without `collectstatic` (no manifest to look names up in), and
    with a fast password hasher: the real one spends half a second on every persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def geography(db):
    if not Province.objects.exists():  # flushed by a transactional test
        load_geography()


@pytest.fixture
def national_admin(geography):
    return UserFactory(username="national", is_national_admin=True)


@pytest.fixture
def ubon_officer(geography):
    return UserFactory(username="ubon", officer_provinces=[UBON])


@pytest.fixture
def chachoengsao_officer(geography):
    return UserFactory(username="chachoengsao", officer_provinces=[CHACHOENGSAO])


@pytest.fixture
def ubon_committee(geography):
    return CommitteeFactory(network=NetworkFactory(province_id=UBON), fiscal_year=2565)


@pytest.fixture
def committee_member(ubon_committee):
    user = UserFactory(username="member")
    CommitteeMemberFactory(committee=ubon_committee, user=user)
    return user


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs the chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()
        # Django keeps connections per context, and leaving sync_playwright() switches back to
        # the context it started in: close the connections opened meanwhile, or they linger.
        connections.close_all()


@contextmanager
def browser_page(chromium, request, **options):
    """A page in a fresh Thai context (Bangkok time). A screenshot is kept when the test fails, and the
    test fails when a page broke the Content-Security-Policy: every browser test checks that KBO needs
    nothing but its own static files, and no inline script or style."""
    context = chromium.new_context(locale="th-TH", timezone_id="Asia/Bangkok", **options)
    violations = []
    context.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        os.makedirs("test-results", exist_ok=True)
        page.screenshot(path=f"test-results/{request.node.name}.png", full_page=True)
    context.close()
    assert not violations, "The Content-Security-Policy refused:\n" + "\n".join(violations)


@pytest.fixture
def phone(chromium, request):
    """A committee member's phone: 390x844, touch."""
    with browser_page(chromium, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as page:
        yield page


@pytest.fixture
def desktop(chromium, request):
    """An officer's office computer: 1366x900."""
    with browser_page(chromium, request, viewport={"width": 1366, "height": 900}) as page:
        yield page


def log_in(page, live_server, username):
    """Logs a persona in through the login page. The browser's own favicon request is answered here:
    the test server's in-memory SQLite refuses a read while another request writes."""
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def screenshot(page, name):
    """Saves a full-page screenshot under test-results/screens/ (git-ignored) for people to look at."""
    os.makedirs("test-results/screens", exist_ok=True)
    page.screenshot(path=f"test-results/screens/{name}.png", full_page=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
