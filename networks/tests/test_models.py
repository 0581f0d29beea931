import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from networks.enums import CommitteeRole
from networks.models import Committee, CommitteeMember, Network
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory

pytestmark = pytest.mark.usefixtures("geography")


def violates_constraint(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_network_per_province():
    NetworkFactory(province_id="34")
    violates_constraint(
        lambda: Network.objects.create(province_id="34", name="ซ้ำ", registered_on=datetime.date(2007, 1, 1))
    )


def test_one_committee_per_network_and_fiscal_year():
    committee = CommitteeFactory(fiscal_year=2565)
    violates_constraint(lambda: Committee.objects.create(network=committee.network, fiscal_year=2565))
    assert Committee.objects.create(network=committee.network, fiscal_year=2566).pk


@pytest.mark.parametrize("year", [2021, 2548, 2701])
def test_fiscal_year_must_be_a_plausible_be_year(year):
    network = NetworkFactory()
    violates_constraint(lambda: Committee.objects.create(network=network, fiscal_year=year))


def test_term_cannot_end_before_it_starts():
    network = NetworkFactory()
    violates_constraint(
        lambda: Committee.objects.create(
            network=network, fiscal_year=2565,
            term_start=datetime.date(2022, 1, 1), term_end=datetime.date(2021, 12, 31),
        )
    )


def test_one_chair_per_committee_but_many_members():
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, role=CommitteeRole.CHAIR)
    CommitteeMemberFactory.create_batch(3, committee=committee, role=CommitteeRole.MEMBER)
    violates_constraint(lambda: CommitteeMemberFactory(committee=committee, role=CommitteeRole.CHAIR))
    # Another year's committee has its own chair.
    CommitteeMemberFactory(committee=CommitteeFactory(network=committee.network, fiscal_year=2566), role=CommitteeRole.CHAIR)


def test_duplicate_committee_is_refused_in_thai_before_the_database_sees_it():
    committee = CommitteeFactory(fiscal_year=2565)
    duplicate = Committee(network=committee.network, fiscal_year=2565)
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert refused.value.messages == ["เครือข่ายนี้มีคณะกรรมการของปีงบประมาณนั้นแล้ว"]


def test_member_contact_details_are_validated():
    member = CommitteeMemberFactory.build(
        committee=CommitteeFactory(), phone="12345", line_user_id="not-a-line-id"
    )
    with translation.override("th"), pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert set(refused.value.message_dict) == {"phone", "line_user_id"}
    member.phone, member.line_user_id = "081-234-5678", "U" + "0123456789abcdef" * 2
    member.full_clean()
    member.save()
    assert CommitteeMember.objects.get().full_name == f"นางสมศรี {member.last_name}"
