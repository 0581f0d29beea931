from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kbo.core.admin import ProvinceScopedAdmin, ProvinceScopedInline, be_date_column
from products.forms import ProducerGroupForm
from products.models import (
    Attendance,
    Cohort,
    Enrollment,
    ProducerGroup,
    Product,
    ProductPhoto,
    ProductStandard,
    Trainee,
    TrainingSession,
)


class ProductInline(ProvinceScopedInline):
    model = Product
    fields = ["name", "category", "price", "star_level", "star_year"]
    show_change_link = True


@admin.register(ProducerGroup)
class ProducerGroupAdmin(ProvinceScopedAdmin):
    form = ProducerGroupForm
    fieldsets = [
        (None, {"fields": ["name", "kind", "otop_registration_number", "leader_name", "member_count"]}),
        (_("Address"), {"fields": ["village_no", "district", "subdistrict", "postal_code"]}),
        (_("Contact"), {"fields": ["phone", "email"]}),
    ]
    list_display = ["name", "kind", "otop_registration_number", "subdistrict"]
    list_filter = ["kind", "subdistrict__province"]
    list_select_related = ["subdistrict__district", "subdistrict__province"]
    search_fields = ["name", "otop_registration_number", "leader_name"]
    autocomplete_fields = ["subdistrict"]
    inlines = [ProductInline]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})


class ProductStandardInline(ProvinceScopedInline):
    model = ProductStandard
    fields = ["kind", "number", "issued_on", "expires_on"]


class ProductPhotoInline(ProvinceScopedInline):
    model = ProductPhoto
    fields = ["image", "caption", "position"]


@admin.register(Product)
class ProductAdmin(ProvinceScopedAdmin):
    list_display = ["name", "group", "category", "star_level", "price"]
    list_filter = ["category", "star_level"]
    list_select_related = ["group"]
    search_fields = ["name", "group__name"]
    autocomplete_fields = ["group"]
    inlines = [ProductStandardInline, ProductPhotoInline]


@admin.register(ProductStandard)
class ProductStandardAdmin(ProvinceScopedAdmin):
    list_display = ["product", "kind", "number", be_date_column("expires_on", _("expires on"))]
    list_filter = ["kind"]
    list_select_related = ["product"]
    search_fields = ["number", "product__name"]
    autocomplete_fields = ["product"]


class EnrollmentInline(ProvinceScopedInline):
    model = Enrollment
    fields = ["group", "product"]
    autocomplete_fields = ["group", "product"]
    show_change_link = True


@admin.register(Cohort)
class CohortAdmin(ProvinceScopedAdmin):
    list_display = ["__str__", "fiscal_year", "contractor", "procurement_method", "budget"]
    list_filter = ["fiscal_year", "procurement_method"]
    list_select_related = ["province"]
    search_fields = ["title", "contractor", "contract_number"]
    inlines = [EnrollmentInline]


class TraineeInline(ProvinceScopedInline):
    model = Trainee
    fields = ["name", "position", "phone"]


@admin.register(Enrollment)
class EnrollmentAdmin(ProvinceScopedAdmin):
    list_display = ["group", "cohort", "product"]
    list_filter = ["cohort__fiscal_year"]
    list_select_related = ["group", "cohort__province", "product"]
    search_fields = ["group__name"]
    autocomplete_fields = ["group", "product"]
    inlines = [TraineeInline]


class AttendanceInline(ProvinceScopedInline):
    model = Attendance
    fields = ["trainee", "present"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ProvinceScopedAdmin):
    list_display = ["topic", be_date_column("date", _("date")), "cohort"]
    list_filter = ["cohort__fiscal_year"]
    list_select_related = ["cohort__province"]
    search_fields = ["topic"]
    autocomplete_fields = ["cohort"]
    inlines = [AttendanceInline]

