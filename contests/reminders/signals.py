"""Re-planning when the calendar or the work changes, after the change is committed.

A contest saved (its dates), a workflow step (including a province's selection and submission, which
change who is behind for the national deadline), and a scorecard submitted or unlocked. The
periodic planning run (`tasks.plan`) catches everything else (panel changes, new standards) within
`REMINDER_PLAN_SECONDS`. Planning runs in the web process and needs no broker; a failure is logged
and never breaks the request that caused it.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from contests.models import Contest, ContestEvent, Juror, ScorecardRevision
from contests.reminders import rules


def _after_commit(function, *args):
    def replan():
        function(*args)

    transaction.on_commit(replan, robust=True)


def _sync_contest(contest_pk):
    contest = Contest.objects.select_related("network").filter(pk=contest_pk).first()
    if contest is not None:
        rules.sync_contest(contest)
        if not contest.is_national:
            for national in Contest.objects.national().filter(
                fiscal_year=contest.fiscal_year, kind=contest.kind, state__in=rules.DEADLINE_STATES
            ):
                rules.sync_contest(national)


def _sync_juror(scorecard_pk):
    juror = Juror.objects.select_related("contest").filter(scorecards=scorecard_pk).first()
    if juror is not None:
        rules.sync_juror(juror)


@receiver(post_save, sender=Contest, dispatch_uid="reminders_contest_saved")
def contest_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _after_commit(_sync_contest, instance.pk)


@receiver(post_save, sender=ContestEvent, dispatch_uid="reminders_contest_event")
def contest_moved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(_sync_contest, instance.contest_id)


@receiver(post_save, sender=ScorecardRevision, dispatch_uid="reminders_scorecard_revision")
def scorecard_changed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(_sync_juror, instance.scorecard_id)
