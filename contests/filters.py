"""Search and filters of the contest list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from contests.enums import ContestKind, ContestState
from contests.models import Contest
from kbo.core.workspace import SearchFilterSet


class ContestFilter(SearchFilterSet):
    search_fields = ("network__name", "network__province__name_th", "network__province__name_en")
    fiscal_year = django_filters.NumberFilter(label=_("Fiscal year (BE)"))
    kind = django_filters.ChoiceFilter(choices=ContestKind.choices, label=_("Kind"))
    state = django_filters.ChoiceFilter(choices=ContestState.choices, label=_("State"))

    class Meta:
        model = Contest
        fields = ["q", "fiscal_year", "kind", "state"]
