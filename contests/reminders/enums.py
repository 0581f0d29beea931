"""What a reminder is about, where it stands, and how it reached its recipient."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SCORING_48H = "scoring_48h", _("Scoring closes in 48 hours")
    SCORING_2H = "scoring_2h", _("Scoring closes in 2 hours")
    MEETING = "meeting", _("The meeting is tomorrow")
    DEADLINE_7D = "deadline_7d", _("National deadline in 7 days")
    DEADLINE_1D = "deadline_1d", _("National deadline tomorrow")
    DEADLINE_MISSED = "deadline_missed", _("National deadline missed")
    STANDARDS = "standards", _("Standards expiring within 90 days")
    JUDGING_48H = "judging_48h", _("National judging closes in 48 hours")
    JUDGING_2H = "judging_2h", _("National judging closes in 2 hours")
    MANUAL = "manual", _("Sent by an officer")


class State(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LINE = "line", _("LINE")
