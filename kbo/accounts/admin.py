from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kbo.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are managed by national admins; only a superuser grants superuser or Django permissions."""

    fieldsets = (
        *DjangoUserAdmin.fieldsets[:2],
        (_("KBO roles"), {"fields": ("is_national_admin", "is_national_judge", "officer_provinces", "language", "line_user_id")}),
        *DjangoUserAdmin.fieldsets[2:],
    )
    list_display = ["username", "first_name", "last_name", "email", "is_national_admin", "is_active"]
    list_filter = ["is_national_admin", "is_active", "is_demo", "officer_provinces"]
    filter_horizontal = ["officer_provinces", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "is_staff", "groups", "user_permissions")

    def _may_manage_accounts(self, request):
        return request.user.is_active and request.user.sees_all_provinces

    def has_module_permission(self, request):
        return self._may_manage_accounts(request)

    def has_view_permission(self, request, obj=None):
        return self._may_manage_accounts(request)

    def has_add_permission(self, request):
        return self._may_manage_accounts(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return self._may_manage_accounts(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)
