"""The drill's contests and its figures, in the drill's own database (drill/run.py imports this module
once Django is set up on that database).

Each phase has a contest of its own: a committee whose members have logins (the test factories'
`contest_with_panel`), entries, and the eight criteria of the national seed; one committee per network
and fiscal year, so each contest gets a year of its own.
"""

import datetime
from collections import Counter

from django.db import connection
from django.db.models import Count, Max, Min
from django.utils import timezone

from contests.enums import RevisionAction, ScorecardStatus
from contests.models import Contest, Juror, Scorecard, ScorecardRevision
from contests.national_seed import CRITERIA
from contests.reminders import rules
from contests.reminders.enums import State
from contests.reminders.models import Reminder
from contests.tests.factories import contest_with_panel
from kbo.accounts.models import User
from kbo.accounts.tests.factories import PASSWORD

NOTHING_DUE_FOR = datetime.timedelta(days=3)  # a new contest's scoring end, until the phase sets its own


def scoring_contest(fiscal_year, members, entries):
    """A contest open for scoring with `members` members (logins juror1 … jurorN) and `entries` entries."""
    return contest_with_panel(
        members=members, entries=entries, criteria=[(points, 1) for _name, points in CRITERIA],
        fiscal_year=fiscal_year, scoring_closes_at=timezone.now() + NOTHING_DUE_FOR,
    )


def phase_data(contest):
    """What the members' script needs to know about the contest (drill/locustfile.py)."""
    criteria = contest.rounds.get(number=1).rubric.criteria.order_by("position")
    return {
        "contest": contest.pk, "password": PASSWORD,
        "members": list(contest.jurors.order_by("seat").values_list("user__username", flat=True)),
        "entries": list(contest.entries.order_by("presentation_order").values_list("pk", flat=True)),
        "criteria": [[criterion.pk, str(criterion.max_points)] for criterion in criteria],
    }


def remind_at(contest, moment):
    """Scoring closes 48 hours after `moment`: the members still behind then are reminded at `moment`."""
    Contest.objects.filter(pk=contest.pk).update(scoring_closes_at=moment + datetime.timedelta(hours=48))
    rules.sync_contest(Contest.objects.select_related("network").get(pk=contest.pk))


def reminder_batch(fiscal_year, count):
    """A contest whose scoring closes in an hour with `count` members who have scored nothing: a
    "scoring closes in 2 hours" reminder for each falls due at once."""
    closes = timezone.now() + datetime.timedelta(hours=1)
    contest = contest_with_panel(members=1, entries=1, fiscal_year=fiscal_year, scoring_closes_at=closes)
    users = User.objects.bulk_create(
        User(username=f"drill-reminded-{number:04d}", email=f"drill-reminded-{number:04d}@example.org",
             first_name="กรรมการ", last_name=f"ทดสอบ {number}")
        for number in range(2, count + 1)
    )
    Juror.objects.bulk_create(
        Juror(contest=contest, user=user, name=user.get_full_name(), seat=seat) for seat, user in enumerate(users, start=2)
    )
    rules.sync_contest(contest)
    return contest


def reconnect():
    """Closes this process's database connection, which a restart may have cut: the next query opens a new one."""
    connection.close()


# Scorecards


def scorecard_figures(contest, confirmed):
    """(stored, lost, duplicates, stored but never confirmed) for the contest, against the
    (username, entry id) pairs whose submission the clients saw confirmed. A duplicate is a second
    scorecard, or a second submission of one, for a member and entry (nothing unlocks in the drill)."""
    cards = Scorecard.objects.filter(round__contest=contest)
    stored = set(cards.filter(status=ScorecardStatus.SUBMITTED).values_list("juror__user__username", "entry_id"))
    pairs = Counter(cards.values_list("juror_id", "entry_id"))
    submissions = (
        ScorecardRevision.objects.filter(scorecard__in=cards, action=RevisionAction.SUBMITTED)
        .values("scorecard").annotate(times=Count("id")).values_list("times", flat=True)
    )
    duplicates = sum(times - 1 for times in [*pairs.values(), *submissions] if times > 1)
    return len(stored), len(confirmed - stored), duplicates, len(stored - confirmed)


# Reminders


def reminder_states(contest):
    return Counter(Reminder.objects.filter(contest=contest).values_list("state", flat=True))


def reminders_settled(contest):
    """None of the contest's reminders is due and unsent (a claim lost with a worker or with Redis is
    taken back after the claim timeout, then sent)."""
    rows = Reminder.objects.filter(contest=contest)
    return not rows.filter(state=State.SENDING).exists() and not rows.due(timezone.now()).exists()


def reminder_figures(contest, messages):
    """The contest's reminders due by now (those the rules cancelled because the member finished
    first are not), sent, and of the messages the SMTP server received meanwhile (`messages`), how
    many, and how many addresses received more than one."""
    states = Counter(
        Reminder.objects.filter(contest=contest, due_at__lte=timezone.now()).values_list("state", flat=True)
    )
    received = Counter(address for addresses, _message in messages for address in addresses)
    return {
        "reminders_due": sum(count for state, count in states.items() if state != State.CANCELLED),
        "reminders_sent": states[State.SENT],
        "received": sum(received.values()),
        "received_twice": sum(1 for times in received.values() if times > 1),
    }


def sent_between(contest):
    """(first, last) time one of the contest's reminders was sent."""
    times = Reminder.objects.filter(contest=contest, state=State.SENT).aggregate(first=Min("sent_at"), last=Max("sent_at"))
    return times["first"], times["last"]
