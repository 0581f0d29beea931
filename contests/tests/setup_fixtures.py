"""Fixtures of the set-up page tests: Ubon's FY 2565 contest on CDD's template, its panel from the
committee (the `committee_member` persona and a chair), and pages in English."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils import timezone

from contests import services
from contests.models import Contest
from contests.tests.factories import CriterionFactory, EntryFactory, RubricFactory
from kbo.accounts.tests.factories import UserFactory
from networks.enums import CommitteeRole
from networks.tests.factories import CommitteeMemberFactory
from products.tests.factories import CohortFactory, EnrollmentFactory, ProducerGroupFactory


@pytest.fixture
def client(client, settings):
    """Pages in English: the Thai catalogue is someone else's work."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def messages_of(client):
    """The messages a response leaves for the next page; they are then taken away, as a page
    showing them would."""

    def read(response):
        texts = [str(message) for message in get_messages(response.wsgi_request)]
        client.cookies.pop(CookieStorage.cookie_name, None)
        return texts

    return read


def set_state(contest, state):
    """Tests start a contest in any state; the application moves it only through workflow.advance."""
    Contest.objects.filter(pk=contest.pk).update(state=state)
    contest.refresh_from_db()
    return contest


@pytest.fixture
def template(geography):
    """CDD's published national template for FY 2565 product contests."""
    rubric = RubricFactory(name="เกณฑ์กลาง กรมการพัฒนาชุมชน 2565", is_template=True, published=True, kind="product")
    CriterionFactory(rubric=rubric, position=1, name_th="ความโดดเด่น", max_points=30, weight=1)
    CriterionFactory(rubric=rubric, position=2, name_th="นวัตกรรม", max_points=20, weight=2)
    return rubric


@pytest.fixture
def chair(ubon_committee):
    return CommitteeMemberFactory(
        committee=ubon_committee, seat=1, role=CommitteeRole.CHAIR, first_name="ประเสริฐ", last_name="ประธาน",
        user=UserFactory(username="chair"),
    )


@pytest.fixture
def contest(ubon_committee, committee_member, chair, template):
    """Ubon's FY 2565 product contest on the national template, its panel from the committee (the
    committee member without a role in the register, and the chair), and two entries."""
    contest = services.create_contest(Contest(
        network=ubon_committee.network, fiscal_year=2565, meeting_date=datetime.date(2022, 6, 15),
        scoring_opens_at=timezone.now() - datetime.timedelta(hours=1),
        scoring_closes_at=timezone.now() + datetime.timedelta(days=1),
    ))
    EntryFactory.create_batch(2, contest=contest, presentation_order=None, outside_cohort_reason="กลุ่มใหม่")
    return contest


def criteria_of(contest):
    return list(contest.rounds.get(number=1).rubric.criteria.values_list("name_th", "max_points", "weight"))


@pytest.fixture
def cohort_group(geography):
    """A group enrolled in Ubon's FY 2565 development cohort."""
    group = ProducerGroupFactory(name="กลุ่มในโครงการ")
    EnrollmentFactory(cohort=CohortFactory(fiscal_year=2565), group=group)
    return group
