"""KBO's admin site and the base every registry admin uses.

Who may enter: Django staff, national admins and provincial officers (`User.is_staff_member`), with
a session verified by a two-step code when they have a device or ADMIN_REQUIRE_2FA is on
(kbo/accounts/twofactor.py).
What they see: `ProvinceScopedAdmin` starts every changelist and every foreign-key choice from
`visible_to(user)`, so an officer never sees, picks or saves another province's rows.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.utils.translation import gettext_lazy as _

from kbo.core.forms import ThaiDateField, ThaiDateInput
from kbo.core.thaidates import format_be


class KboAdminSite(admin.AdminSite):
    site_header = _("KBO administration")
    site_title = _("KBO")
    index_title = _("KBO register")

    def has_permission(self, request):
        from kbo.accounts.twofactor import may_enter_admin  # this module loads before the models

        return request.user.is_active and request.user.is_staff_member and may_enter_admin(request)

    def login(self, request, extra_context=None):
        """The site's one sign-in page, throttled and with the two-step code, serves the admin too."""
        from kbo.accounts.views import admin_login

        return admin_login(request)


class KboAdminConfig(AdminConfig):
    default_site = "kbo.core.admin.KboAdminSite"


def _limit_to_visible(formfield, user):
    queryset = getattr(formfield, "queryset", None)
    if queryset is not None and hasattr(queryset, "visible_to"):
        formfield.queryset = queryset.visible_to(user)
    return formfield


class ScopedRegisterMixin:
    """Permissions and choices shared by registry admins and their inlines."""

    formfield_overrides = {models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateInput}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _limit_to_visible(super().formfield_for_foreignkey(db_field, request, **kwargs), request.user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _limit_to_visible(super().formfield_for_manytomany(db_field, request, **kwargs), request.user)

    def _may_keep_register(self, request):
        user = request.user
        return user.is_active and (user.sees_all_provinces or user.is_officer)

    def has_view_permission(self, request, obj=None):
        return self._may_keep_register(request)

    def has_add_permission(self, request, *args):
        return self._may_keep_register(request)

    def has_change_permission(self, request, obj=None):
        return self._may_keep_register(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_keep_register(request)


class ProvinceScopedAdmin(ScopedRegisterMixin, admin.ModelAdmin):
    """Registry admin for national admins (every province) and officers (their provinces)."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return self._may_keep_register(request)


class ProvinceScopedInline(ScopedRegisterMixin, admin.TabularInline):
    extra = 0


def be_date_column(field_name, description):
    """A changelist column showing a date field with its Buddhist Era year."""

    @admin.display(description=description, ordering=field_name)
    def column(obj):
        value = getattr(obj, field_name)
        return format_be(value, "SHORT_DATE_FORMAT") if value else "-"

    return column
