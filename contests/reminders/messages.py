"""What a reminder says, decided when it is sent (so it tells the state of things at that moment),
in the active language; None when there is nothing left to remind of."""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contests.dashboard import ProvinceState
from contests.permissions import PREPARATION_STATES, SCORING_STATES
from contests.reminders import rules
from contests.reminders.enums import Kind
from kbo.core.thaidates import format_be
from products.models import ProductStandard


@dataclass
class Message:
    subject: str
    lines: list
    link: str
    link_label: str
    items: list = field(default_factory=list)
    note: str = ""


def compose(reminder):
    if reminder.kind in rules.SCORING_KINDS:
        return _scoring(reminder)
    if reminder.kind == Kind.MEETING:
        return _meeting(reminder)
    if reminder.kind == Kind.STANDARDS:
        return _standards(reminder)
    if reminder.province_id:
        return _deadline(reminder)
    return _deadline_summary(reminder)


def _when(moment):
    return format_be(timezone.localtime(moment), "DATETIME_FORMAT")


def _site(path):
    return settings.SITE_URL + path


def _scoring(reminder):
    contest, juror = reminder.contest, reminder.juror
    if contest.state not in SCORING_STATES:
        return None
    left = rules.scorecards_left(juror)
    if not left:
        return None
    lines = [
        ngettext(
            "You still have %(count)s scorecard to submit for %(contest)s.",
            "You still have %(count)s scorecards to submit for %(contest)s.",
            left,
        ) % {"count": left, "contest": contest},
    ]
    if contest.scoring_closes_at:
        lines.append(_("Scoring closes on %(closes)s") % {"closes": _when(contest.scoring_closes_at)})
    return Message(
        subject=_("KBO: %(count)s scorecards still to submit") % {"count": left},
        lines=lines, note=reminder.note,
        link=_site(reverse("contests:score_home", args=[contest.pk])), link_label=_("Open your scorecards"),
    )


def _meeting(reminder):
    contest = reminder.contest
    if contest.state not in PREPARATION_STATES or not contest.meeting_date:
        return None
    lines = [_("The selection meeting for %(contest)s is tomorrow, %(date)s.") % {
        "contest": contest, "date": format_be(contest.meeting_date, "DATE_FORMAT"),
    }]
    if contest.venue:
        lines.append(_("Venue: %(venue)s") % {"venue": contest.venue})
    entries = contest.entries.competing().exclude(presentation_order=None).select_related("group", "product")
    items = [
        f"{entry.presentation_order}. {entry.group}" + (f" — {entry.product}" if entry.product_id else "")
        for entry in entries.order_by("presentation_order")
    ]
    if items:
        lines.append(_("The groups present in this order:"))
    return Message(
        subject=_("KBO: the selection meeting is tomorrow"), lines=lines, items=items,
        link=_site(reverse("contests:score_home", args=[contest.pk])), link_label=_("Open your scoring page"),
    )


def _row(reminder):
    return next(
        (row for row in rules.provinces_behind(reminder.contest) if row.province.code == reminder.province_id), None
    )


def _deadline(reminder):
    national, row = reminder.contest, _row(reminder)
    if row is None:
        return None
    if row.state == ProvinceState.WINNER_SELECTED:
        status = _("%(province)s has selected its winner but not yet submitted the dossier.")
    else:
        status = _("%(province)s has not yet selected its winner.")
    deadline = _when(national.submission_deadline)
    if reminder.kind == Kind.DEADLINE_MISSED:
        lines = [
            _("The deadline for %(round)s passed on %(deadline)s") % {"round": national, "deadline": deadline},
            status % {"province": row.province},
            _("CDD can still accept a late submission: submit it as soon as you can."),
        ]
        subject = _("KBO: the national deadline has passed")
    else:
        lines = [
            _("The deadline for %(round)s is %(deadline)s") % {"round": national, "deadline": deadline},
            status % {"province": row.province},
        ]
        subject = _("KBO: the national deadline is %(deadline)s") % {"deadline": deadline}
    link = row.contest.get_absolute_url() if row.contest else reverse("contests:contest_list")
    return Message(subject=subject, lines=lines, link=_site(link), link_label=_("Open the province's contest"))


def _deadline_summary(reminder):
    national = reminder.contest
    rows = rules.provinces_behind(national)
    if not rows:
        return None
    return Message(
        subject=_("KBO: %(count)s provinces missed the national deadline") % {"count": len(rows)},
        lines=[
            _("The deadline for %(round)s passed on %(deadline)s") % {
                "round": national, "deadline": _when(national.submission_deadline),
            },
            ngettext(
                "%(count)s province has not submitted:", "%(count)s provinces have not submitted:", len(rows)
            ) % {"count": len(rows)},
        ],
        items=[f"{row.province} — {row.state_label}" for row in rows],
        link=_site(reverse("contests:national_dashboard", args=[national.pk])),
        link_label=_("Open the national dashboard"),
    )


def _standards(reminder):
    today = timezone.localdate()
    standards = ProductStandard.objects.filter(
        product__group__subdistrict__province=reminder.province_id,
        expires_on__range=(today, today + rules.STANDARDS_HORIZON),
    ).select_related("product__group").order_by("expires_on", "pk")
    items = [
        _("%(group)s: %(product)s, %(standard)s, expires on %(date)s") % {
            "group": standard.product.group, "product": standard.product,
            "standard": standard.get_kind_display(), "date": format_be(standard.expires_on, "DATE_FORMAT"),
        }
        for standard in standards
    ]
    if not items:
        return None
    return Message(
        subject=_("KBO: %(count)s product standards expire within 90 days") % {"count": len(items)},
        lines=[_("These producer groups' standards expire within 90 days; help them renew in time:")],
        items=items, link=_site(reverse("products:product_list")), link_label=_("Open the products"),
    )
