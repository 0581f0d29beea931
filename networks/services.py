"""What a committee is made of, and carrying a committee over into the next fiscal year."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from networks.enums import CommitteeRole, Sector
from networks.models import Committee, CommitteeMember

# What a member keeps from one year's appointment to the next.
COPIED_MEMBER_FIELDS = [
    "prefix", "first_name", "last_name", "position", "organisation", "sector", "role", "seat",
    "phone", "email", "line_user_id", "user_id",
]


@dataclass(frozen=True)
class Composition:
    """Members per sector and per role (every value, zeros included, in the enums' order), and
    what the appointment still lacks."""

    sectors: list  # [(Sector, count)]
    roles: list  # [(CommitteeRole, count)]
    warnings: list  # [str]


def committee_composition(committee):
    """A committee should draw on all five sectors and have a chair and a secretary.

    Reads `committee.members.all()`, so a prefetched committee costs no query."""
    members = list(committee.members.all())
    by_sector = Counter(member.sector for member in members)
    by_role = Counter(member.role for member in members)
    warnings = [
        _("No member comes from the sector “%(sector)s”.") % {"sector": sector.label}
        for sector in Sector
        if not by_sector[sector]
    ]
    if not by_role[CommitteeRole.CHAIR]:
        warnings.append(_("The committee has no chair."))
    if not by_role[CommitteeRole.SECRETARY]:
        warnings.append(_("The committee has no secretary."))
    return Composition(
        sectors=[(sector, by_sector[sector]) for sector in Sector],
        roles=[(role, by_role[role]) for role in CommitteeRole],
        warnings=warnings,
    )


@transaction.atomic
def copy_committee(committee, fiscal_year):
    """A new committee of the same network for `fiscal_year`, with every member of `committee`
    (sector, role, seat, contact and user account). The new appointment order is not issued yet,
    so its number, date and term are left empty.

    Raises ValidationError (the model's own messages) when the network already has a committee
    for that year or the year is out of range; nothing is saved then."""
    new = Committee(network=committee.network, fiscal_year=fiscal_year)
    new.full_clean()
    new.save()
    CommitteeMember.objects.bulk_create(
        CommitteeMember(committee=new, **{field: getattr(member, field) for field in COPIED_MEMBER_FIELDS})
        for member in committee.members.all()
    )
    return new
