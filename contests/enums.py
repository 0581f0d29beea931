from django.db import models
from django.utils.translation import gettext_lazy as _


class ContestKind(models.TextChoices):
    PRODUCT = "product", _("Product innovation selection")
    NETWORK = "network", _("Outstanding KBO network")


class ContestLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial selection")
    NATIONAL = "national", _("National round")


class ContestState(models.TextChoices):
    """The contest's workflow; only `contests.workflow.advance` changes it."""

    DRAFT = "draft", _("Draft")
    ENTRIES_OPEN = "entries_open", _("Entries open")
    SCORING_OPEN = "scoring_open", _("Scoring open")
    SCORING_CLOSED = "scoring_closed", _("Scoring closed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    FINAL_SCORING_OPEN = "final_open", _("Final round scoring open")
    FINAL_SCORING_CLOSED = "final_closed", _("Final round scoring closed")
    WINNER_SELECTED = "winner_selected", _("Winner selected")
    NO_ENTRY = "no_entry", _("No entry this year")
    SUBMITTED = "submitted", _("Submitted to the national round")
    PUBLISHED = "published", _("Results published")


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Dossier in preparation")
    SUBMITTED = "submitted", _("Submitted")
    LATE = "late", _("Submitted late, awaiting acceptance")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Aggregate(models.TextChoices):
    MEAN = "mean", _("Mean of the members' totals")
    MEDIAN = "median", _("Median of the members' totals")


class TieBreak(models.TextChoices):
    CRITERION_THEN_CHAIR = "criterion", _("Higher average on a named criterion, then the chair's casting vote")
    CHAIR = "chair", _("The chair's casting vote")


class ConflictGrounds(models.TextChoices):
    MEMBER_OR_RELATIVE = "member", _("Member or relative of the group")
    BUSINESS = "business", _("Business relation")
    OTHER = "other", _("Other")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class RevisionAction(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNLOCKED = "unlocked", _("Unlocked for a change")


class EventAction(models.TextChoices):
    TRANSITION = "transition", _("State changed")
    ORDER_DRAWN = "order_drawn", _("Presentation order drawn")
    ORDER_SET = "order_set", _("Presentation order set by hand")
    ENTRY_WITHDRAWN = "withdrawn", _("Entry withdrawn")
    CONFLICT = "conflict", _("Conflict recorded")
    ATTENDANCE = "attendance", _("Attendance changed")
    SCORING_END = "scoring_end", _("End of the scoring window moved")
    UNLOCKED = "unlocked", _("Scorecard unlocked")
    SHORTLIST = "shortlist", _("Shortlist recorded")
    CASTING_VOTE = "casting_vote", _("Chair's casting vote recorded")
    SELECTION = "selection", _("Winner selected")
    SUBMISSION = "submission", _("National submission")
    AWARDS = "awards", _("Awards assigned")
