from django.contrib import admin

from kbo.geography.models import District, Province, Subdistrict


class ReadOnlyAreaAdmin(admin.ModelAdmin):
    """Geography is reference data from `load_geography`: every staff user may look, nobody edits."""

    search_fields = ["code", "name_th", "name_en"]

    def get_queryset(self, request):
        # Officers pick addresses (autocomplete, choices) only in their own provinces.
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff_member

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAreaAdmin):
    list_display = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(ReadOnlyAreaAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ReadOnlyAreaAdmin):
    list_display = ["code", "name_th", "name_en", "district", "province", "postal_codes"]
    list_filter = ["province"]
    list_select_related = ["district", "province"]

    def get_queryset(self, request):
        # Each row's name shows its district and province (names repeat across provinces).
        return super().get_queryset(request).select_related("district", "province")
