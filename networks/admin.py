from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kbo.core.admin import ProvinceScopedAdmin, ProvinceScopedInline, be_date_column
from networks.models import Committee, CommitteeMember, KnowledgePartner, Network


class KnowledgePartnerInline(ProvinceScopedInline):
    model = KnowledgePartner
    fields = ["name", "kind", "expertise", "contact_name", "phone", "email"]


@admin.register(Network)
class NetworkAdmin(ProvinceScopedAdmin):
    list_display = ["name", "province", be_date_column("registered_on", _("registered since")), "status"]
    list_filter = ["status"]
    list_select_related = ["province"]
    search_fields = ["name", "province__name_th", "province__name_en"]
    inlines = [KnowledgePartnerInline]


@admin.register(KnowledgePartner)
class KnowledgePartnerAdmin(ProvinceScopedAdmin):
    list_display = ["name", "kind", "network"]
    list_filter = ["kind"]
    list_select_related = ["network"]
    search_fields = ["name", "expertise", "contact_name"]


class CommitteeMemberInline(ProvinceScopedInline):
    model = CommitteeMember
    fields = ["seat", "prefix", "first_name", "last_name", "position", "organisation", "sector", "role", "phone", "email"]


@admin.register(Committee)
class CommitteeAdmin(ProvinceScopedAdmin):
    list_display = [
        "__str__", "fiscal_year", "order_number", be_date_column("order_date", _("appointment order date")),
        "member_count",
    ]
    list_filter = ["fiscal_year"]
    list_select_related = ["network"]
    search_fields = ["network__name", "order_number"]
    inlines = [CommitteeMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, committee):
        return committee.member_count


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ProvinceScopedAdmin):
    list_display = ["full_name", "committee", "role", "sector", "organisation"]
    list_filter = ["role", "sector", "committee__fiscal_year"]
    list_select_related = ["committee__network"]
    search_fields = ["first_name", "last_name", "organisation", "position"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["subdistrict"]  # a select of 7,436 subdistricts took a national admin 40 s to render

    def get_readonly_fields(self, request, obj=None):
        # Linking a member to a login account is for national admins, who manage accounts.
        return () if request.user.sees_all_provinces else ("user",)
