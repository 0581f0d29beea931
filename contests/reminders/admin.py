"""Reminders in the Django admin: national admins see every reminder, officers their provinces';
filter by state, kind and province; resend or cancel. Beat's schedules are shown to national admins."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask
from kombu.exceptions import OperationalError

from contests.admin import NationalOnlyMixin, ReadOnlyMixin
from contests.reminders import sending
from contests.reminders.models import Reminder
from kbo.core.admin import ProvinceScopedAdmin


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyMixin, ProvinceScopedAdmin):
    list_display = ["name", "kind", "state", "due_at", "sent_at", "channels", "attempts", "contest", "province",
                    "last_error"]
    list_filter = ["state", "kind", "province"]
    list_select_related = ["contest__network__province", "province"]
    search_fields = ["name"]
    date_hierarchy = "due_at"
    actions = ["resend", "cancel"]

    @admin.action(description=_("Send again"))
    def resend(self, request, queryset):
        count = sending.resend(queryset, request.user)
        self.message_user(request, ngettext(
            "%(count)s reminder will be sent again within a minute.",
            "%(count)s reminders will be sent again within a minute.", count,
        ) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Cancel"))
    def cancel(self, request, queryset):
        count = sending.cancel(queryset, request.user)
        self.message_user(request, ngettext(
            "%(count)s reminder cancelled.", "%(count)s reminders cancelled.", count,
        ) % {"count": count}, messages.SUCCESS)


admin.site.unregister(PeriodicTask)


@admin.register(PeriodicTask)
class ScheduleAdmin(NationalOnlyMixin, PeriodicTaskAdmin):
    """Beat's schedules: visible to national admins, changed only by superusers."""

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_actions(self, request):
        """django-celery-beat's actions (enable, disable, toggle, run) ask for no permission of their own."""
        return super().get_actions(request) if request.user.is_superuser else {}

    @admin.action(description=_("Run selected tasks"))
    def run_tasks(self, request, queryset):
        """django-celery-beat's action, except that a Redis that is down or does not answer within
        REDIS_TIMEOUT_SECONDS is a message, not a server error. Whether the tasks were queued is then
        unknown (a hung Redis may still take them when it wakes); every scheduled task is safe to run twice."""
        try:
            super().run_tasks(request, queryset)
        except OperationalError:
            self.message_user(request, _(
                "Redis did not answer, so the tasks may not have started. Beat runs them on schedule once Redis is back."
            ), messages.ERROR)
