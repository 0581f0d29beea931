import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kbo.accounts.tests.factories import UserFactory
from networks.enums import CommitteeRole, Sector
from networks.models import Committee, CommitteeMember
from networks.services import committee_composition, copy_committee
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory

pytestmark = pytest.mark.usefixtures("geography")


def test_composition_counts_every_sector_and_role_in_order_with_zeros():
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, sector=Sector.GOVERNMENT, role=CommitteeRole.CHAIR)
    CommitteeMemberFactory(committee=committee, sector=Sector.GOVERNMENT, role=CommitteeRole.SECRETARY)
    CommitteeMemberFactory.create_batch(2, committee=committee, sector=Sector.PRIVATE)
    CommitteeMemberFactory(committee=committee, sector=Sector.PEOPLE, role=CommitteeRole.VICE_CHAIR)

    with translation.override("en"):
        composition = committee_composition(committee)

    assert composition.sectors == [
        (Sector.GOVERNMENT, 2), (Sector.PRIVATE, 2), (Sector.CIVIL_SOCIETY, 0),
        (Sector.PEOPLE, 1), (Sector.PROVINCIAL_ORGANISATION, 0),
    ]
    assert composition.roles == [
        (CommitteeRole.CHAIR, 1), (CommitteeRole.VICE_CHAIR, 1), (CommitteeRole.MEMBER, 2),
        (CommitteeRole.SECRETARY, 1),
    ]
    assert composition.warnings == [
        "No member comes from the sector “Civil society”.",
        "No member comes from the sector “Provincial organisation”.",
    ]


def test_an_empty_committee_lacks_every_sector_a_chair_and_a_secretary():
    with translation.override("en"):
        composition = committee_composition(CommitteeFactory())
    assert [count for _, count in composition.sectors] == [0, 0, 0, 0, 0]
    assert [count for _, count in composition.roles] == [0, 0, 0, 0]
    assert composition.warnings[-2:] == ["The committee has no chair.", "The committee has no secretary."]
    assert len(composition.warnings) == 7


def test_a_complete_committee_has_no_warning():
    committee = CommitteeFactory()
    roles = [CommitteeRole.CHAIR, CommitteeRole.MEMBER, CommitteeRole.MEMBER, CommitteeRole.MEMBER, CommitteeRole.SECRETARY]
    for sector, role in zip(Sector, roles):
        CommitteeMemberFactory(committee=committee, sector=sector, role=role)
    assert committee_composition(committee).warnings == []


def test_copy_committee_copies_every_member_into_the_new_fiscal_year():
    committee = CommitteeFactory(
        fiscal_year=2565, term_start=datetime.date(2021, 10, 1), term_end=datetime.date(2022, 9, 30)
    )
    user = UserFactory(username="somsri")
    chair = CommitteeMemberFactory(
        committee=committee, prefix="ดร.", first_name="สมชาย", last_name="ใจงาม", position="ผู้ว่าราชการจังหวัด",
        organisation="ศาลากลางจังหวัดอุบลราชธานี", sector=Sector.GOVERNMENT, role=CommitteeRole.CHAIR, seat=1,
        phone="045-123456", email="chair@example.org", line_user_id="U" + "a" * 32, user=user,
    )
    CommitteeMemberFactory(committee=committee, sector=Sector.PRIVATE, seat=2)
    CommitteeMemberFactory(committee=committee, sector=Sector.PEOPLE, role=CommitteeRole.SECRETARY, seat=3)

    new = copy_committee(committee, 2566)

    assert (new.network, new.fiscal_year) == (committee.network, 2566)
    assert (new.order_number, new.order_date, new.term_start, new.term_end) == ("", None, None, None)
    assert new.members.count() == 3
    copied = new.members.get(seat=1)
    fields = ["prefix", "first_name", "last_name", "position", "organisation", "sector", "role", "phone",
              "email", "line_user_id", "user_id"]
    assert [getattr(copied, f) for f in fields] == [getattr(chair, f) for f in fields]
    assert copied.user == user
    assert list(new.members.values_list("seat", "sector", "role")) == [
        (1, "government", "chair"), (2, "private", "member"), (3, "people", "secretary"),
    ]
    # The original committee is untouched.
    assert committee.members.count() == 3 and CommitteeMember.objects.count() == 6


def test_copying_into_a_year_the_network_already_has_is_refused_and_saves_nothing():
    committee = CommitteeFactory(fiscal_year=2565)
    CommitteeMemberFactory.create_batch(2, committee=committee)
    copy_committee(committee, 2566)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        copy_committee(committee, 2566)

    assert refused.value.messages == ["This network already has a committee for that fiscal year."]
    assert Committee.objects.count() == 2
    assert CommitteeMember.objects.count() == 4
