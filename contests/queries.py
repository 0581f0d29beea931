"""What each user may see of the contests.

- Officers and national admins: the contests of their provinces (`visible_to`), as in the register.
- A committee member: the contests they sit on as a juror, and of those only the entries they have
  no conflict with (`for_juror`). A conflicted entry is not there at all (404).
"""

from django.db.models import Exists, OuterRef

from contests.enums import ContestLevel
from kbo.accounts.scoping import scoped_queryset


class ContestQuerySet(scoped_queryset("network__province")):
    def provincial(self):
        return self.filter(level=ContestLevel.PROVINCIAL)

    def national(self):
        return self.filter(level=ContestLevel.NATIONAL)

    def scored_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(jurors__user=user)


class EntryQuerySet(scoped_queryset("contest__network__province")):
    def competing(self):
        return self.filter(withdrawn_at__isnull=True)

    def in_round(self, round):
        entries = self.filter(contest_id=round.contest_id).competing()
        return entries.filter(shortlisted=True) if round.number > 1 else entries

    def for_juror(self, juror):
        """The entries this juror scores: competing, in their contest, without a conflict, and for a
        national judge in a regional team, from the team's regions."""
        from contests.models import Conflict

        conflicted = Conflict.objects.filter(juror=juror, entry=OuterRef("pk"))
        entries = self.filter(contest_id=juror.contest_id).competing().exclude(Exists(conflicted))
        regions = juror.team.regions if juror.team_id else []
        return entries.filter(group__subdistrict__province__region__in=regions) if regions else entries
