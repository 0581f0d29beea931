"""One row per reminder: who is reminded of what, when, and what became of it.

The unique key (kind, recipient, object, due time) makes planning idempotent: re-planning after a
date changes moves a pending row or adds one, never a second copy. A row's state moves
pending → sending (claimed by one dispatcher) → sent, or back to pending for a retry, or to failed
after `MAX_ATTEMPTS`; cancelled when the work is done or the date no longer applies.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contests.reminders.enums import Kind, State
from kbo.accounts.scoping import scoped_queryset
from kbo.core.constraints import one_of


class ReminderQuerySet(scoped_queryset("province")):
    def due(self, now):
        return self.filter(state=State.PENDING, due_at__lte=now).filter(Q(retry_at=None) | Q(retry_at__lte=now))


class Reminder(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    # The recipient: a seat on a panel (committee member or national judge) or a user (officer, admin).
    juror = models.ForeignKey(
        "contests.Juror", models.CASCADE, null=True, blank=True, related_name="reminders", verbose_name=_("member")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="reminders",
        verbose_name=_("user"),
    )
    recipient_key = models.CharField(max_length=20, editable=False)
    name = models.CharField(_("recipient"), max_length=300)
    # What it is about.
    contest = models.ForeignKey(
        "contests.Contest", models.CASCADE, null=True, blank=True, related_name="reminders",
        verbose_name=_("contest"),
    )
    province = models.ForeignKey(
        "geography.Province", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    object_key = models.CharField(max_length=40, editable=False)
    due_at = models.DateTimeField(_("due"))
    expires_at = models.DateTimeField(
        _("no longer useful after"), null=True, blank=True,
        help_text=_("A reminder still pending at this time is cancelled rather than sent late."),
    )
    note = models.TextField(_("officer's note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("sent by hand by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Delivery.
    channels = models.JSONField(_("delivered by"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True, editable=False)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # LINE's retry key
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("cancelled by"),
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-due_at", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient_key", "object_key", "due_at"], name="reminder_once_per_recipient_and_due"
            ),
            models.CheckConstraint(
                condition=Q(juror__isnull=False) | Q(user__isnull=False), name="reminder_has_recipient"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.SENT) | Q(sent_at__isnull=False), name="reminder_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.SENDING) | Q(claim__isnull=False), name="reminder_sending_is_claimed"
            ),
            one_of("kind", Kind, "reminder_kind_choices"),
            one_of("state", State, "reminder_state_choices"),
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="reminder_due")]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.name}"
