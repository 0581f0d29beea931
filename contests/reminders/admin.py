"""Reminders in the Django admin: national admins see every reminder, officers their provinces';
filter by state, kind and province; resend or cancel. Beat's schedules are shown to national admins."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.admin import PeriodicTaskAdmin
from django_celery_beat.models import PeriodicTask

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
