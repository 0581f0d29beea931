"""Search and filters of the network register's lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kbo.core.workspace import SearchFilterSet
from networks.enums import NetworkStatus, PartnerKind
from networks.models import Committee, KnowledgePartner, Network


class NetworkFilter(SearchFilterSet):
    search_fields = ("name", "province__name_th", "province__name_en", "contact_name")
    status = django_filters.ChoiceFilter(choices=NetworkStatus.choices, label=_("Status"))

    class Meta:
        model = Network
        fields = ["q", "status"]


class PartnerFilter(SearchFilterSet):
    search_fields = ("name", "expertise", "contact_name")
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices, label=_("Kind"))

    class Meta:
        model = KnowledgePartner
        fields = ["q", "kind"]


class CommitteeFilter(SearchFilterSet):
    """By fiscal year; national admins, who see every province, also pick the network."""

    search_fields = ("network__name", "order_number")
    fiscal_year = django_filters.NumberFilter(label=_("Fiscal year (BE)"))
    network = django_filters.ModelChoiceFilter(
        queryset=lambda request: Network.objects.visible_to(request.user), label=_("KBO network")
    )

    class Meta:
        model = Committee
        fields = ["q", "fiscal_year", "network"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not request.user.sees_all_provinces:
            del self.filters["network"]
