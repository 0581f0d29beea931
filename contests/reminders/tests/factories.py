"""Shared set-ups for the reminder tests: a provincial contest whose scoring closes at a known
moment, a national round with a deadline, and scoring a member's entries."""

import datetime

from django.utils import timezone

from contests import scoring
from contests.enums import ContestKind, ContestLevel, ContestState
from contests.reminders.models import Reminder
from contests.tests.factories import ContestFactory, contest_with_panel

CLOSES = timezone.make_aware(datetime.datetime(2026, 12, 10, 17, 0))
NOW = CLOSES - datetime.timedelta(days=5)


def scoring_contest(members=3, entries=2, **fields):
    """Ubon's FY 2565 contest open for scoring until CLOSES (17:00 on 10 Dec 2026, Bangkok)."""
    fields.setdefault("scoring_closes_at", CLOSES)
    return contest_with_panel(members=members, entries=entries, **fields)


def submit_all(juror):
    """Submits full marks on every entry the juror scores."""
    contest = juror.contest
    criteria = list(contest.rounds.get(number=1).rubric.criteria.all())
    for entry in contest.entries.for_juror(juror):
        points = {str(criterion.pk): str(criterion.max_points) for criterion in criteria}
        scoring.save_scorecard(juror.user, entry.pk, points, submit=True)


def national_round(deadline, state=ContestState.ENTRIES_OPEN, **fields):
    return ContestFactory(
        level=ContestLevel.NATIONAL, network=None, kind=ContestKind.PRODUCT, state=state,
        submission_deadline=deadline, meeting_date=None, **fields,
    )


def kinds_of(contest=None, **filters):
    rows = Reminder.objects.filter(**filters)
    if contest is not None:
        rows = rows.filter(contest=contest)
    return sorted((row.kind, row.name, row.state) for row in rows)


def due(kind, **filters):
    return Reminder.objects.get(kind=kind, **filters).due_at

