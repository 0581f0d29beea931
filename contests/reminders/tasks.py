"""The reminder tasks: thin wrappers around `sending` and `rules` (see their docstrings)."""

from celery import shared_task

from contests.reminders import rules, sending


@shared_task(name="reminders.dispatch")
def dispatch():
    """Every minute (beat): claim what is due and enqueue one `send` per reminder."""
    return len(sending.dispatch(enqueue=lambda pk, claim: send.apply_async((pk, claim))))


@shared_task(name="reminders.send")
def send(reminder_id, claim):
    return sending.send(reminder_id, claim)


@shared_task(name="reminders.plan")
def plan():
    """Every few minutes (beat): re-plan the active contests and the monthly standards reminders."""
    return str(rules.sync_all())
