"""The reminder rules: from the contest calendar and the work still to do, which reminders should
exist (`plan_contest`, `plan_standards`), reconciled with the rows there are (`sync_contest`,
`sync_standards`, `sync_all`).

Each rule targets only people who still have the work to do, and is checked again when the
reminder is sent (`messages.compose`), so finished work is never nagged about even between two
planning runs. Of a series (48 h, then 2 h before) only the steps still ahead are planned, plus the
latest one already due: a contest created late gets one timely reminder, not a burst.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from contests import scoring
from contests.dashboard import SENT, ProvinceState, province_rows
from contests.enums import ContestLevel, ContestState, ScorecardStatus
from contests.models import Contest, Entry, Juror, Scorecard
from contests.permissions import PREPARATION_STATES, SCORING_STATES
from contests.reminders.enums import Kind, State
from contests.reminders.models import Reminder
from kbo.accounts.models import User
from products.models import ProductStandard

SCORING_STEPS = [(Kind.SCORING_48H, datetime.timedelta(hours=48)), (Kind.SCORING_2H, datetime.timedelta(hours=2))]
JUDGING_STEPS = [(Kind.JUDGING_48H, datetime.timedelta(hours=48)), (Kind.JUDGING_2H, datetime.timedelta(hours=2))]
DEADLINE_STEPS = [(Kind.DEADLINE_7D, datetime.timedelta(days=7)), (Kind.DEADLINE_1D, datetime.timedelta(days=1))]
MISSED_AFTER = datetime.timedelta(days=1)
MISSED_FOR = datetime.timedelta(days=7)  # how long a "deadline missed" reminder may still go out
MEETING_REMINDER_TIME = datetime.time(9, 0)  # the day before the meeting
MEETING_STARTS = datetime.time(8, 0)
STANDARDS_HORIZON = datetime.timedelta(days=90)
STANDARDS_REMINDER_TIME = datetime.time(8, 0)  # on the first of each month
# National rounds remind provinces of the deadline while they are being prepared or accept dossiers.
DEADLINE_STATES = {ContestState.DRAFT, ContestState.ENTRIES_OPEN}
PLANNED_KINDS = [kind for kind in Kind if kind not in (Kind.MANUAL, Kind.STANDARDS)]
SCORING_KINDS = [Kind.SCORING_48H, Kind.SCORING_2H, Kind.JUDGING_48H, Kind.JUDGING_2H, Kind.MANUAL]
MANUAL_COOL_OFF = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Wanted:
    kind: str
    due_at: datetime.datetime
    expires_at: datetime.datetime
    name: str
    object_key: str
    juror: Juror | None = None
    user: User | None = None
    contest: Contest | None = None
    province_id: str | None = None

    @property
    def recipient_key(self):
        return f"j{self.juror.pk}" if self.juror else f"u{self.user.pk}"

    @property
    def key(self):
        return (self.kind, self.recipient_key, self.object_key, self.due_at)

    def row(self):
        return Reminder(
            kind=self.kind, due_at=self.due_at, expires_at=self.expires_at, name=self.name,
            object_key=self.object_key, recipient_key=self.recipient_key, juror=self.juror, user=self.user,
            contest=self.contest, province_id=self.province_id,
        )


def at_local(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def series(steps, deadline, now, expires_at):
    """The (kind, due) of `steps` (kind, how long before `deadline`) worth planning at `now`."""
    if expires_at <= now:
        return []
    dues = [(kind, deadline - before) for kind, before in steps]
    return [step for step in dues if step[1] > now] + [step for step in dues if step[1] <= now][-1:]


def contest_key(contest):
    return f"contest:{contest.pk}"


# Who is behind

def open_round(contest):
    number = scoring.open_round_number(contest)
    return contest.rounds.filter(number=number).first() if number else None


def jurors_behind(contest):
    """{juror: scorecards still to submit} for the present members (or judges) of the open round."""
    round = open_round(contest)
    if round is None:
        return {}
    behind = {}
    for juror, cells in scoring.progress(round).rows:
        missing = sum(cell in ("", ScorecardStatus.DRAFT) for cell in cells)
        if juror.present and missing:
            behind[juror] = missing
    return behind


def scorecards_left(juror):
    """How many scorecards `juror` still has to submit in their contest's open round."""
    contest = juror.contest
    round = open_round(contest)
    if round is None or not juror.present:
        return 0
    submitted = Scorecard.objects.filter(
        round=round, juror=juror, entry=OuterRef("pk"), status=ScorecardStatus.SUBMITTED
    )
    return Entry.objects.in_round(round).for_juror(juror).exclude(Exists(submitted)).count()


def provinces_behind(national):
    """The province rows of a national round that have neither sent a dossier nor declined."""
    return [row for row in province_rows(national) if row.state not in SENT and row.state != ProvinceState.NO_ENTRY]


# Planning

def plan_contest(contest, now):
    """The reminders `contest` calls for at `now`, planned from the contest as given (callers pass
    it fresh from the database)."""
    province_id = contest.network.province_id if contest.network_id else None
    wanted = []
    if contest.state in SCORING_STATES and contest.scoring_closes_at:
        steps = series(
            JUDGING_STEPS if contest.is_national else SCORING_STEPS,
            contest.scoring_closes_at, now, contest.scoring_closes_at,
        )
        if steps:
            for juror in jurors_behind(contest):
                wanted += [
                    Wanted(kind, due, contest.scoring_closes_at, juror.name, contest_key(contest),
                           juror=juror, contest=contest, province_id=province_id)
                    for kind, due in steps
                ]
    if contest.meeting_date and contest.state in PREPARATION_STATES:
        starts = at_local(contest.meeting_date, MEETING_STARTS)
        day_before = at_local(contest.meeting_date - datetime.timedelta(days=1), MEETING_REMINDER_TIME)
        steps = series([(Kind.MEETING, datetime.timedelta(0))], day_before, now, starts)
        for juror in contest.jurors.all() if steps else []:
            wanted += [
                Wanted(kind, due, starts, juror.name, contest_key(contest),
                       juror=juror, contest=contest, province_id=province_id)
                for kind, due in steps
            ]
    if contest.is_national and contest.state in DEADLINE_STATES and contest.submission_deadline:
        wanted += plan_deadline(contest, now)
    return wanted


def plan_deadline(national, now):
    """7 days and 1 day before the national deadline, and the day after it was missed, to the
    officers of each province still behind; the missed deadline also to every national admin."""
    deadline = national.submission_deadline
    before = series(DEADLINE_STEPS, deadline, now, deadline)
    missed = series([(Kind.DEADLINE_MISSED, -MISSED_AFTER)], deadline, now, deadline + MISSED_AFTER + MISSED_FOR)
    if not (before or missed):
        return []
    behind = {row.province.code for row in provinces_behind(national)}
    if not behind:
        return []
    steps = [(kind, due, deadline) for kind, due in before] + [(kind, due, due + MISSED_FOR) for kind, due in missed]
    wanted = []
    officers = User.officer_provinces.through.objects.filter(province__in=behind, user__is_active=True)
    for link in officers.select_related("user").order_by("province", "user"):
        key = f"{contest_key(national)}/province:{link.province_id}"
        wanted += [
            Wanted(kind, due, expires, _name(link.user), key, user=link.user, contest=national,
                   province_id=link.province_id)
            for kind, due, expires in steps
        ]
    for admin in User.objects.filter(is_active=True, is_national_admin=True).order_by("pk") if missed else []:
        wanted += [
            Wanted(kind, due, due + MISSED_FOR, _name(admin), contest_key(national), user=admin, contest=national)
            for kind, due in missed
        ]
    return wanted


def plan_standards(now):
    """On the first of each month, to the officers of each province with a standard expiring within
    90 days."""
    first = timezone.localdate(now).replace(day=1)
    due = at_local(first, STANDARDS_REMINDER_TIME)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    expires = at_local(next_month, datetime.time(0, 0))
    if expires <= now:
        return []
    provinces = ProductStandard.objects.filter(expires_on__range=(first, first + STANDARDS_HORIZON)).values(
        "product__group__subdistrict__province"
    )
    officers = User.officer_provinces.through.objects.filter(province__in=provinces, user__is_active=True)
    return [
        Wanted(Kind.STANDARDS, due, expires, _name(link.user), f"province:{link.province_id}",
               user=link.user, province_id=link.province_id)
        for link in officers.select_related("user").order_by("province", "user")
    ]


def _name(user):
    return user.get_full_name() or user.get_username()


# Reconciling

@dataclass
class Changes:
    created: int = 0
    moved: int = 0
    revived: int = 0
    cancelled: int = 0

    def __add__(self, other):
        return Changes(*(a + b for a, b in zip(vars(self).values(), vars(other).values())))


def reconcile(wanted, rows):
    """Makes `rows` (the existing reminders of one scope) match `wanted`: creates what is missing,
    moves a pending reminder whose date changed, revives one the rules had cancelled when the work
    is back, and cancels pending ones no longer wanted. Sent, failed and claimed rows stay as they are;
    so do rows an admin cancelled or resent."""
    rows = list(rows)
    exact = {(row.kind, row.recipient_key, row.object_key, row.due_at): row for row in rows}
    rows = [row for row in rows if row.created_by_id is None]
    pending = defaultdict(list)
    for row in rows:
        if row.state == State.PENDING:
            pending[(row.kind, row.recipient_key, row.object_key)].append(row)
    kept, create, move, revive = set(), [], [], []
    for want in {want.key: want for want in wanted}.values():
        row = exact.get(want.key)
        if row is not None:
            kept.add(row.pk)
            if row.state == State.CANCELLED and row.cancelled_by_id is None and row.created_by_id is None:
                revive.append(row.pk)
            continue
        movable = [row for row in pending[want.key[:3]] if row.pk not in kept]
        if movable:
            row = movable[0]
            row.due_at, row.expires_at = want.due_at, want.expires_at
            kept.add(row.pk)
            move.append(row)
        else:
            create.append(want.row())
    cancel = [row.pk for row in rows if row.state == State.PENDING and row.pk not in kept]
    with transaction.atomic():
        Reminder.objects.bulk_update(move, ["due_at", "expires_at"])
        Reminder.objects.bulk_create(create, ignore_conflicts=True)
        revived = Reminder.objects.filter(pk__in=revive, state=State.CANCELLED, cancelled_by=None).update(
            state=State.PENDING, attempts=0, last_error="", retry_at=None
        )
        cancelled = Reminder.objects.filter(pk__in=cancel, state=State.PENDING).update(state=State.CANCELLED)
    return Changes(len(create), len(move), revived, cancelled)


def sync_contest(contest, now=None):
    """Re-plans one contest's reminders (scoring, meeting, and for a national round the deadline)."""
    now = now or timezone.now()
    rows = Reminder.objects.filter(contest=contest, kind__in=PLANNED_KINDS)
    return reconcile(plan_contest(contest, now), rows)


def sync_standards(now=None):
    now = now or timezone.now()
    return reconcile(plan_standards(now), Reminder.objects.filter(kind=Kind.STANDARDS))


def sync_juror(juror, now=None):
    """After a member submits (or has a scorecard unlocked): done members' scoring reminders are
    cancelled at once; otherwise the contest is re-planned."""
    if scorecards_left(juror):
        return sync_contest(juror.contest, now)
    cancelled = Reminder.objects.filter(juror=juror, kind__in=SCORING_KINDS, state=State.PENDING).update(
        state=State.CANCELLED
    )
    return Changes(cancelled=cancelled)


def active_contests():
    """Contests whose calendar may still call for a reminder, and any with one pending."""
    return Contest.objects.filter(
        Q(state__in=[*SCORING_STATES, *PREPARATION_STATES])
        | Q(level=ContestLevel.NATIONAL, state__in=DEADLINE_STATES)
        | Exists(Reminder.objects.filter(contest=OuterRef("pk"), state=State.PENDING))
    ).select_related("network").order_by("pk")


def sync_all(now=None):
    """The periodic planning run: every active contest, and the monthly standards reminders."""
    now = now or timezone.now()
    changes = Changes()
    for contest in active_contests():
        changes += sync_contest(contest, now)
    return changes + sync_standards(now)


# By hand

def remind_behind(contest, *, by, note="", now=None):
    """An officer's reminder, now, to the members (or judges) still behind in the open round; a
    member reminded by hand in the last ten minutes is not reminded again. Returns how many."""
    now = now or timezone.now()
    recent = Reminder.objects.filter(
        contest=contest, kind=Kind.MANUAL, created_at__gte=now - MANUAL_COOL_OFF
    ).exclude(state=State.CANCELLED).values_list("juror_id", flat=True)
    behind = [juror for juror in jurors_behind(contest) if juror.pk not in set(recent)]
    province_id = contest.network.province_id if contest.network_id else None
    expires = max(contest.scoring_closes_at or now, now) + datetime.timedelta(hours=1)
    due = now.replace(second=0, microsecond=0)
    rows = [
        Wanted(Kind.MANUAL, due, expires, juror.name, contest_key(contest), juror=juror, contest=contest,
               province_id=province_id).row()
        for juror in behind
    ]
    for row in rows:
        row.note, row.created_by = note, by
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
