"""Sending what is due, once.

`dispatch` (the beat job, every minute) cancels reminders past their use, reclaims rows whose
worker died mid-send, then claims due rows with one conditional UPDATE (pending → sending, stamped
with a fresh claim id: two dispatchers at once claim disjoint rows) and, after commit, hands each
to the send task. `send` does the work only while the row still carries that claim, records each
channel as soon as it has delivered (a retry never repeats a channel that worked), and ends in
sent, cancelled (nothing left to remind of), pending again with a backoff (a transient error), or
failed (a permanent error, or `REMINDER_MAX_ATTEMPTS` reached).
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from contests.reminders import channels, messages
from contests.reminders.enums import Channel, State
from contests.reminders.models import Reminder

log = logging.getLogger(__name__)
BATCH = 500


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    line_user_id: str
    language: str


def recipient_of(reminder):
    """The reminder's addressee with their current contact details and language."""
    user, member = reminder.user, None
    if reminder.juror_id:
        user, member = reminder.juror.user, reminder.juror.member
    email = (user.email if user else "") or (member.email if member else "")
    line_user_id = (user.line_user_id if user else "") or (member.line_user_id if member else "")
    language = user.language if user else settings.LANGUAGE_CODE
    return Recipient(reminder.name, email, line_user_id, language)


def expire(now):
    return Reminder.objects.filter(state=State.PENDING, expires_at__lte=now).update(state=State.CANCELLED)


def reclaim(now):
    """Rows claimed longer ago than `REMINDER_CLAIM_TIMEOUT` belong to a worker that died."""
    stale = now - datetime.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    return Reminder.objects.filter(state=State.SENDING, claimed_at__lt=stale).update(
        state=State.PENDING, claim=None, claimed_at=None
    )


def claim_due(now, limit=BATCH):
    """Claims up to `limit` due reminders; returns the claim id and the claimed rows' ids."""
    claim = uuid.uuid4()
    ids = list(Reminder.objects.due(now).order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
    if ids:
        Reminder.objects.due(now).filter(pk__in=ids).update(state=State.SENDING, claim=claim, claimed_at=now)
    return claim, list(Reminder.objects.filter(claim=claim, state=State.SENDING).values_list("pk", flat=True))


def release(claim):
    """Puts back rows whose send task could not be enqueued."""
    Reminder.objects.filter(claim=claim, state=State.SENDING).update(state=State.PENDING, claim=None, claimed_at=None)


def dispatch(enqueue, now=None):
    """Claims what is due and enqueues `enqueue(reminder_id, claim)` for each after commit."""
    now = now or timezone.now()
    expire(now)
    reclaim(now)
    with transaction.atomic():
        claim, ids = claim_due(now)
        transaction.on_commit(lambda: _enqueue_all(enqueue, claim, ids))
    return ids


def _enqueue_all(enqueue, claim, ids):
    try:
        for pk in ids:
            enqueue(pk, str(claim))
    except Exception:
        log.exception("Could not enqueue reminders; they go back to pending")
        release(claim)


def send(reminder_id, claim, now=None):
    """Delivers one claimed reminder; safe to run twice (the second run finds no claim and returns)."""
    reminder = (
        Reminder.objects.select_related("juror__user", "juror__member", "juror__contest", "user", "contest")
        .filter(pk=reminder_id, state=State.SENDING, claim=claim)
        .first()
    )
    if reminder is None:
        return None
    mine = Reminder.objects.filter(pk=reminder.pk, state=State.SENDING, claim=claim)
    recipient = recipient_of(reminder)
    with translation.override(recipient.language):
        message = messages.compose(reminder)
    if message is None:
        mine.update(state=State.CANCELLED, claim=None)
        return State.CANCELLED
    routes = _routes(reminder, recipient, message)
    if not routes:  # the error is for the admins: in the site's language, not the recipient's
        return _fail(mine, reminder, gettext("No e-mail address or LINE user id."), permanent=True, now=now)
    delivered = list(reminder.channels)
    for channel, deliver in routes:
        if channel in delivered:
            continue
        try:
            with translation.override(recipient.language):
                deliver()
        except channels.Transient as error:
            return _fail(mine, reminder, str(error), permanent=False, now=now)
        except channels.Permanent as error:
            return _fail(mine, reminder, str(error), permanent=True, now=now)
        delivered.append(channel)
        mine.update(channels=delivered)
    mine.update(state=State.SENT, sent_at=now or timezone.now(), last_error="", retry_at=None)
    return State.SENT


def _routes(reminder, recipient, message):
    routes = []
    if recipient.email:
        routes.append((Channel.EMAIL, lambda: channels.send_email(recipient.email, message, recipient.name)))
    if recipient.line_user_id and channels.line_enabled():
        routes.append((
            Channel.LINE,
            lambda: channels.send_line(recipient.line_user_id, message, recipient.name, reminder.key),
        ))
    return routes


def backoff(attempts):
    """1, 2, 4, 8 … minutes, at most an hour."""
    return datetime.timedelta(seconds=min(60 * 2 ** (attempts - 1), 3600))


def _fail(mine, reminder, error, *, permanent, now):
    now = now or timezone.now()
    attempts = reminder.attempts + 1
    if permanent or attempts >= settings.REMINDER_MAX_ATTEMPTS:
        mine.update(state=State.FAILED, attempts=attempts, last_error=error, claim=None)
        log.warning("Reminder %s failed: %s", reminder.pk, error)
        return State.FAILED
    mine.update(state=State.PENDING, attempts=attempts, last_error=error, claim=None, claimed_at=None,
                retry_at=now + backoff(attempts))
    return State.PENDING


def resend(queryset, by):
    """Admin: send these again at the next dispatch, from scratch (failed, cancelled or sent ones; not
    those being sent). Marked as the admin's, so re-planning leaves them alone."""
    return queryset.exclude(state=State.SENDING).update(
        state=State.PENDING, attempts=0, last_error="", retry_at=None, channels=[], sent_at=None,
        cancelled_by=None, expires_at=None, created_by=by,
    )


def cancel(queryset, by):
    """Admin: cancel pending and failed reminders; a cancelled reminder is not revived by the rules."""
    return queryset.filter(state__in=[State.PENDING, State.FAILED]).update(
        state=State.CANCELLED, cancelled_by=by, retry_at=None
    )
