import pytest
from django.urls import reverse

from kbo.accounts.tests.factories import PASSWORD, UserFactory
from products.tests.factories import CohortFactory, ProducerGroupFactory


def test_login_page_is_in_thai_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "th"
    page = response.content.decode()
    assert '<html lang="th">' in page
    assert "เข้าสู่ระบบ KBO" in page


def test_login_with_a_wrong_password_says_so_in_thai(client, db):
    UserFactory(username="somchai")
    response = client.post(reverse("login"), {"username": "somchai", "password": "wrong"})
    assert response.status_code == 200
    assert "กรุณาใส่ชื่อผู้ใช้และรหัสผ่านให้ถูกต้อง" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_then_logout(client, db):
    UserFactory(username="somchai")
    response = client.post(reverse("login"), {"username": "somchai", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405  # logging out is a POST
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_password_change(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "ผ้าไหม-อุบล-2565", "new_password2": "ผ้าไหม-อุบล-2565"},
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("ผ้าไหม-อุบล-2565")


def test_language_switch_to_english(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert response.headers["Content-Language"] == "en"
    assert "Log in to KBO" in response.content.decode()


def cards(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return [(card.title, card.text) for card in response.context["cards"]]


def test_home_tells_an_officer_what_to_do_next(client, ubon_officer):
    assert cards(client, ubon_officer)[0] == ("อุบลราชธานี", "ยังไม่ได้ลงทะเบียนเครือข่าย KBO ของจังหวัด")
    ProducerGroupFactory.create_batch(2)
    ProducerGroupFactory(subdistrict_id="240113", postal_code="24000")
    CohortFactory(fiscal_year=2565)
    titles = cards(client, ubon_officer)
    assert ("กลุ่มผู้ผลิตและผลิตภัณฑ์", "กลุ่มผู้ผลิต 2 กลุ่ม ผลิตภัณฑ์ 0 รายการ") in titles


def test_home_for_a_committee_member_names_their_committee(client, committee_member):
    assert cards(client, committee_member) == [
        (
            "คณะกรรมการ เครือข่ายองค์ความรู้ KBO จังหวัด 34 ปีงบประมาณ 2565",
            "ท่านเป็นกรรมการในฐานะ กรรมการ การให้คะแนนจะเปิดเมื่อสำนักงานพัฒนาชุมชนจังหวัดเปิดการประกวด",
        )
    ]


def test_home_for_a_national_admin_counts_registered_networks(client, national_admin, ubon_committee):
    assert cards(client, national_admin)[0][1] == "ลงทะเบียนเครือข่ายแล้ว 1 จาก 77 จังหวัด"


@pytest.mark.parametrize("persona", ["national_admin", "ubon_officer", "committee_member"])
def test_home_lists_roles(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    roles = {"national_admin": "ผู้ดูแลระดับประเทศ", "ubon_officer": "เจ้าหน้าที่จังหวัด", "committee_member": "กรรมการ"}
    assert f"บทบาทของท่าน: {roles[persona]}" in client.get(reverse("home")).content.decode()
