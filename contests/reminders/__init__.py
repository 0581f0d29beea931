"""Reminders: what is due lives in the database (`Reminder` rows planned from the contest calendar
by `rules`), a Celery beat job claims what is due and hands each row to an idempotent send task
(`sending`), which delivers it by e-mail and LINE (`channels`)."""
