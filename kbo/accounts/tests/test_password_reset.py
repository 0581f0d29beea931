"""Password reset: a mail only for a known active account, the same answer either way."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from kbo.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ผ้าไหม-อุบล-2565"


def ask(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def reset_link(message):
    return re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body)[0]


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client):
    UserFactory(username="somchai", email="somchai@example.org")
    UserFactory(username="retired", email="retired@example.org", is_active=False)
    known = ask(client, "somchai@example.org")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somchai@example.org"]
    for email in ["nobody@example.org", "retired@example.org"]:
        other = ask(client, email)
        assert (other.status_code, other.url, other.content) == (known.status_code, known.url, known.content)
    assert known.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1


def test_the_link_sets_a_new_password_once(client, settings):
    settings.SITE_URL = "https://kbo.example.org"
    user = UserFactory(username="somchai", email="somchai@example.org", language="en")
    ask(client, "somchai@example.org")
    link = reset_link(mail.outbox[0])
    assert link.startswith("https://kbo.example.org/accounts/password/reset/")  # not the request's host

    form = client.get(link.removeprefix("https://kbo.example.org"), follow=True)
    assert form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    again = client.get(link.removeprefix("https://kbo.example.org"), follow=True)
    assert not again.context["validlink"]


def test_the_mail_is_in_the_users_language(client):
    UserFactory(username="somchai", first_name="สมชาย", last_name="ใจดี", email="somchai@example.org", language="th")
    UserFactory(username="john", first_name="John", last_name="Smith", email="john@example.org", language="en")
    client.cookies["django_language"] = "en"  # the page in English; each mail in its reader's language
    ask(client, "somchai@example.org")
    ask(client, "john@example.org")
    thai, english = mail.outbox
    assert thai.body.startswith("เรียน สมชาย ใจดี")
    assert english.body.startswith("Dear John Smith,")
    assert english.subject == "KBO: set a new password"
    assert "The link works once, within 2 hours." in english.body
    assert "Your username is john." in english.body
