"""Setting up a national round: the round itself, its awards, its judging teams and judges.

A national round is a `Contest` of level national (no network) for one fiscal year and kind; its
criteria, entries, scorecards and ranking are those of any contest. Its judges are `Juror` rows of
national judges (users with `is_national_judge`), each in a judging team that may be limited to
some regions. What may change in which state is a small predicate here; state changes themselves
go through `contests.workflow.advance`.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from contests import permissions, services
from contests.enums import ContestLevel, ContestState
from contests.models import Juror
from kbo.accounts.models import User
from kbo.geography.models import Region

# (position, Thai name, English name, how many): what the awards page offers for a new round.
DEFAULT_AWARDS = [
    (1, "เหรียญทอง", "Gold", 1),
    (2, "เหรียญเงิน", "Silver", 1),
    (3, "เหรียญทองแดง", "Bronze", 1),
    (4, "รางวัลชมเชย", "Honourable mention", 3),
]
TEAM_STATES = {ContestState.DRAFT, ContestState.ENTRIES_OPEN, ContestState.SCORING_OPEN}


# What may change, and when

def can_edit_round(user, contest):
    """Dates and options, like a provincial contest's set-up, until judging opens."""
    return contest.is_national and permissions.can_edit_setup(user, contest)


def can_change_year_and_kind(contest):
    """Once submissions are open, provinces submit to this round: its year and kind stay."""
    return contest.state == ContestState.DRAFT


def can_edit_awards(user, contest):
    """The awards may change until the results are published."""
    return contest.is_national and permissions.manages(user, contest) and contest.state != ContestState.PUBLISHED


def can_change_teams(user, contest):
    """Teams and judges may change until judging closes (a judge may join while judging is open)."""
    return contest.is_national and permissions.manages(user, contest) and contest.state in TEAM_STATES


# The round

@transaction.atomic
def create_national_round(contest):
    """Saves a new national round (built by the form) with its main round, whose criteria start from
    a copy of CDD's published template for the year and kind, or empty. It has no committee, so no
    panel: national judges are added team by team (`add_judge`)."""
    contest.level, contest.network = ContestLevel.NATIONAL, None
    return services.create_contest(contest)


# Teams and judges

def region_labels(team):
    """The names of the team's regions (none: the team judges every region)."""
    return [Region(region).label for region in team.regions]


def candidate_judges(contest):
    """National judges who are not yet on this round."""
    return User.objects.filter(is_national_judge=True, is_active=True).exclude(jurors__contest=contest).order_by(
        "first_name", "last_name", "username"
    )


@transaction.atomic
def add_judge(contest, user, team):
    """Seats a national judge on the round, in `team`."""
    if not user.is_national_judge:
        raise ValidationError(_("%(user)s is not a national judge.") % {"user": user.get_username()})
    if team.contest_id != contest.pk:
        raise ValidationError(_("Choose one of this round's teams."))
    seat = (contest.jurors.aggregate(last=Max("seat"))["last"] or 0) + 1
    try:
        with transaction.atomic():  # a second click, or two admins at once, meets the unique seat per user
            return Juror.objects.create(
                contest=contest, user=user, name=user.get_full_name() or user.get_username(), seat=seat, team=team
            )
    except IntegrityError:
        raise ValidationError(_("%(user)s already judges in this round.") % {"user": user.get_username()}) from None


def move_judge(juror, team):
    if team.contest_id != juror.contest_id:
        raise ValidationError(_("Choose one of this round's teams."))
    Juror.objects.filter(pk=juror.pk).update(team=team)
    juror.team = team
    return juror


@transaction.atomic
def remove_judge(juror):
    """Takes a judge off the round, unless they have already scored: their scorecards stay on record."""
    if juror.scorecards.exists():
        raise ValidationError(_("%(judge)s has already scored: a judge with scorecards stays on the round.") % {
            "judge": juror
        })
    juror.delete()
