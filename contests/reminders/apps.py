from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "contests.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from contests.reminders import signals  # noqa: F401  (connects the re-planning receivers)
