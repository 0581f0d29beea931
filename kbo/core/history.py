"""The change-history page of the workspace (ประวัติการแก้ไข): the register's audit trail, newest
first, of the provinces the user keeps (kbo/core/audit.py)."""

import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import generic

from kbo.core import audit
from kbo.core.workspace import RegisterAccessMixin, SearchFilterSet
from kbo.geography.models import Province


def kind_choices():
    return [(model._meta.label_lower, capfirst(model._meta.verbose_name_plural)) for model in audit.audited_models()]


class HistoryFilter(SearchFilterSet):
    """By kind of row, action and name; users who keep several provinces also pick the province."""

    search_fields = ("object_repr",)
    province = django_filters.ModelChoiceFilter(
        queryset=lambda request: Province.objects.visible_to(request.user), method="in_province", label=_("Province")
    )
    kind = django_filters.ChoiceFilter(choices=kind_choices, method="of_kind", label=_("Kind of record"))
    action = django_filters.ChoiceFilter(choices=list(audit.ACTIONS.items()), label=_("Action"))

    class Meta:
        model = LogEntry
        fields = ["q", "province", "kind", "action"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        if not user.sees_all_provinces and len(user.officer_province_codes) < 2:
            del self.filters["province"]

    def in_province(self, queryset, name, province):
        return queryset.filter(additional_data__province=province.code)

    def of_kind(self, queryset, name, label):
        model = next(model for model in audit.audited_models() if model._meta.label_lower == label)
        return queryset.filter(content_type=ContentType.objects.get_for_model(model))


class HistoryView(RegisterAccessMixin, generic.ListView):
    template_name = "workspace/history.html"
    paginate_by = 25

    def get_queryset(self):
        entries = audit.visible_entries(self.request.user).select_related("actor", "content_type")
        self.filterset = HistoryFilter(self.request.GET or None, queryset=entries, request=self.request)
        entries = self.filterset.qs if self.filterset.is_bound else self.filterset.queryset
        return entries.order_by("-timestamp", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        changes = audit.describe(context["object_list"], user=self.request.user)
        return {**context, "filterset": self.filterset, "changes": changes}
