"""The Excel import pages: upload, preview, save all or none; who may use them."""

from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from kbo.core.excel import XLSX_CONTENT_TYPE
from products import importing
from products.importing import HEADERS
from products.models import ProducerGroup, Product
from products.tests.test_importing import group_row, ten_good_rows, upload, workbook_bytes  # noqa: F401 (autouse fixture)

FORM_URL = reverse("products:import_groups")
TEMPLATE_URL = reverse("products:import_template")



@pytest.fixture
def english(client, settings):
    """Pages and messages in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def stored_uploads(tmp_path):
    folder = tmp_path / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def post_file(client, content, name="groups.xlsx"):
    return client.post(FORM_URL, {"file": upload(content, name)})


def token_of(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url.rstrip("/").split("/")[-1]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_form_links_to_the_template(client, ubon_officer, english):
    client.force_login(ubon_officer)
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert f'href="{TEMPLATE_URL}"' in response.content.decode()


def test_the_template_downloads_as_xlsx_with_the_header_row(client, ubon_officer):
    client.force_login(ubon_officer)
    response = client.get(TEMPLATE_URL)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="kbo-producer-groups.xlsx"'
    workbook = load_workbook(BytesIO(response.content))
    assert [cell.value for cell in workbook["producer_groups"][1]] == list(HEADERS)


def test_ten_good_rows_preview_then_save(client, ubon_officer, tmp_path, english):
    client.force_login(ubon_officer)
    token = token_of(post_file(client, workbook_bytes(ten_good_rows())))
    assert stored_uploads(tmp_path) == [f"{ubon_officer.pk}-{token}.xlsx"]

    preview = client.get(reverse("products:import_preview", args=[token]))
    assert preview.status_code == 200
    assert (preview.context["good_count"], preview.context["bad_count"], preview.context["can_save"]) == (10, 0, True)
    page = preview.content.decode()
    assert "กลุ่มวิสาหกิจชุมชนบ้านทดสอบ 9" in page
    assert "text-danger" not in page
    assert "disabled" not in page
    assert ProducerGroup.objects.count() == 0

    response = client.post(reverse("products:import_commit", args=[token]))
    assert response.status_code == 302 and response.url == reverse("products:group_list")
    assert messages_of(response) == ["10 groups imported."]
    assert sorted(ProducerGroup.objects.values_list("name", flat=True)) == [
        f"กลุ่มวิสาหกิจชุมชนบ้านทดสอบ {n}" for n in range(10)
    ]
    assert Product.objects.count() == 10
    assert stored_uploads(tmp_path) == []
    # Saving again finds nothing to save.
    assert client.post(reverse("products:import_commit", args=[token])).status_code == 404
    assert ProducerGroup.objects.count() == 10


def test_a_file_with_problems_shows_them_and_saves_nothing(client, ubon_officer, english):
    client.force_login(ubon_officer)
    rows = [group_row(), group_row(**{"รหัสตำบล": "240113"}), group_row(**{"ระดับดาว": 7, "ชื่อกลุ่ม": None})]
    token = token_of(post_file(client, workbook_bytes(rows)))

    preview = client.get(reverse("products:import_preview", args=[token]))
    assert (preview.context["good_count"], preview.context["bad_count"], preview.context["can_save"]) == (1, 2, False)
    page = preview.content.decode()
    assert "Row 3, column E (รหัสตำบล): Bang Phra, Mueang Chachoengsao, Chachoengsao is not in your provinces." in page
    assert "Row 4, column A (ชื่อกลุ่ม): This column is required." in page
    assert "Row 4, column N (ระดับดาว): Ensure this value is less than or equal to 5." in page
    assert "disabled>" in page

    response = client.post(reverse("products:import_commit", args=[token]))
    assert response.status_code == 302 and response.url == reverse("products:import_preview", args=[token])
    assert messages_of(response) == [
        "Nothing was saved: correct the problems in the file and upload it again."
    ]
    assert ProducerGroup.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [("notes.xlsx", "ชื่อกลุ่ม\nกลุ่มทอผ้า\n".encode()), ("groups.csv", "ชื่อกลุ่ม,รหัสตำบล\nกลุ่มทอผ้า,340101\n".encode())],
)
def test_a_file_that_is_not_a_workbook_is_refused_and_not_stored(client, ubon_officer, tmp_path, name, content, english):
    client.force_login(ubon_officer)
    response = post_file(client, content, name)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["This is not an Excel workbook (.xlsx). Save the file as “Excel Workbook” and try again."]
    }
    assert stored_uploads(tmp_path) == []


def test_the_downloaded_template_filled_with_one_row_imports_one_group(client, ubon_officer, english):
    client.force_login(ubon_officer)
    workbook = load_workbook(BytesIO(client.get(TEMPLATE_URL).content))
    workbook["producer_groups"].append([group_row()[header] for header in HEADERS])
    buffer = BytesIO()
    workbook.save(buffer)
    token = token_of(post_file(client, buffer.getvalue()))
    response = client.post(reverse("products:import_commit", args=[token]))
    assert messages_of(response) == ["1 group imported."]
    group = ProducerGroup.objects.get()
    assert (group.name, group.subdistrict_id, group.products.get().name) == (
        "กลุ่มทอผ้าไหมบ้านหนองบ่อ", "340101", "ผ้าไหมลายลูกแก้ว",
    )


# Who may use the pages


@pytest.fixture
def ubon_token(ubon_officer):
    return importing.store_upload(upload(workbook_bytes([group_row()])), ubon_officer)


def import_urls(token):
    return {
        "form": ("get", FORM_URL),
        "template": ("get", TEMPLATE_URL),
        "preview": ("get", reverse("products:import_preview", args=[token])),
        "commit": ("post", reverse("products:import_commit", args=[token])),
    }


@pytest.mark.permissions
@pytest.mark.parametrize("page", ["form", "template", "preview", "commit"])
def test_anonymous_users_go_to_the_login_page(client, ubon_token, page):
    method, url = import_urls(ubon_token)[page]
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert ProducerGroup.objects.count() == 0


@pytest.mark.permissions
@pytest.mark.parametrize("page", ["form", "template", "preview", "commit"])
def test_committee_members_are_refused(client, ubon_token, committee_member, page):
    client.force_login(committee_member)
    method, url = import_urls(ubon_token)[page]
    assert getattr(client, method)(url).status_code == 403
    assert ProducerGroup.objects.count() == 0


@pytest.mark.permissions
@pytest.mark.parametrize("persona", ["ubon_officer", "chachoengsao_officer", "national_admin"])
def test_officers_and_national_admins_may_open_the_form_and_the_template(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(FORM_URL).status_code == 200
    assert client.get(TEMPLATE_URL).status_code == 200


@pytest.mark.permissions
def test_the_uploader_may_preview_and_save(client, ubon_officer, ubon_token):
    client.force_login(ubon_officer)
    assert client.get(import_urls(ubon_token)["preview"][1]).status_code == 200
    assert client.post(import_urls(ubon_token)["commit"][1]).status_code == 302
    assert ProducerGroup.objects.count() == 1


@pytest.mark.permissions
@pytest.mark.parametrize("persona", ["chachoengsao_officer", "national_admin"])
def test_another_users_token_is_not_found(client, request, ubon_token, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(import_urls(ubon_token)["preview"][1]).status_code == 404
    assert client.post(import_urls(ubon_token)["commit"][1]).status_code == 404
    assert ProducerGroup.objects.count() == 0


@pytest.mark.permissions
def test_a_made_up_token_is_not_found(client, ubon_officer):
    client.force_login(ubon_officer)
    assert client.get(reverse("products:import_preview", args=["0" * 32])).status_code == 404
    assert client.get(reverse("products:import_preview", args=["..%2F..%2Fsecret"])).status_code == 404
