"""What the home page asks of officers and panel members about the contests."""

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contests.models import Contest, Juror
from contests.permissions import DECIDED_STATES
from contests.reminders.enums import State
from contests.reminders.models import Reminder
from kbo.core.home import HomeCard
from kbo.core.thaidates import format_be


def home_cards(user):
    cards = []
    if user.sees_all_provinces or user.is_officer:
        cards += _contest_cards(user) + _failed_reminders(user)
    seats = Juror.objects.filter(user=user).exclude(contest__state__in=DECIDED_STATES)
    for juror in seats.select_related("contest__network__province"):
        contest = juror.contest
        cards.append(
            HomeCard(
                _("Scoring: %(contest)s") % {"contest": contest},
                _("State: %(state)s.") % {"state": contest.get_state_display()},
                reverse("contests:score_home", args=[contest.pk]),
                _("Open the scoring page"),
            )
        )
    return cards


def _contest_cards(user):
    """National admins: how many provinces have set up the latest year's contests. Officers: each
    contest of their provinces in the latest fiscal year."""
    contests = Contest.objects.visible_to(user).provincial().select_related("network__province")
    latest = contests.aggregate(year=Max("fiscal_year"))["year"]
    if latest is None:
        return []
    contests = contests.filter(fiscal_year=latest)
    if user.sees_all_provinces:
        provinces = contests.order_by().values("network").distinct().count()
        text = ngettext(
            "%(count)s province has set up a contest.", "%(count)s provinces have set up a contest.", provinces
        )
        return [
            HomeCard(
                _("Provincial contests, FY %(year)s") % {"year": latest},
                text % {"count": provinces},
                reverse("contests:contest_list") + f"?fiscal_year={latest}",
                _("Open the contests"),
            )
        ]
    cards = []
    for contest in contests:
        text = _("State: %(state)s.") % {"state": contest.get_state_display()}
        if contest.meeting_date:
            text += " " + _("Meeting on %(date)s.") % {"date": format_be(contest.meeting_date)}
        cards.append(HomeCard(str(contest), text, contest.get_absolute_url(), _("Open the contest")))
    return cards


def _failed_reminders(user):
    """Reminders that could not be sent (no address, refused, or out of retries), for the people
    who can fix the address and send them again."""
    failed = Reminder.objects.visible_to(user).filter(state=State.FAILED).count()
    if not failed:
        return []
    return [
        HomeCard(
            _("Reminders not sent"),
            ngettext(
                "%(count)s reminder could not be sent.", "%(count)s reminders could not be sent.", failed
            ) % {"count": failed},
            reverse("admin:reminders_reminder_changelist") + f"?state__exact={State.FAILED}",
            _("Open the reminders"),
        )
    ]
