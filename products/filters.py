import django_filters
from django.utils.translation import gettext_lazy as _

from kbo.core.workspace import SearchFilterSet
from kbo.geography.models import District, Province
from products.enums import Category, GroupKind
from products.models import ProducerGroup, Product

STAR_LEVELS = [(level, str(level)) for level in range(1, 6)]


def visible_districts(request):
    return District.objects.visible_to(request.user)


def visible_provinces(request):
    return Province.objects.visible_to(request.user)


class ProducerGroupFilterSet(SearchFilterSet):
    search_fields = ("name", "otop_registration_number", "leader_name")
    kind = django_filters.ChoiceFilter(choices=GroupKind.choices, label=_("kind"))
    province = django_filters.ModelChoiceFilter(
        field_name="subdistrict__province", queryset=visible_provinces, label=_("Province")
    )
    district = django_filters.ModelChoiceFilter(
        field_name="subdistrict__district", queryset=visible_districts, label=_("District")
    )

    class Meta:
        model = ProducerGroup
        fields = ["q", "kind", "province", "district"]

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not request.user.sees_all_provinces:  # an officer's own provinces are the whole list
            del self.filters["province"]


class ProductFilterSet(SearchFilterSet):
    search_fields = ("name", "group__name")
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("OTOP category"))
    star_level = django_filters.ChoiceFilter(choices=STAR_LEVELS, label=_("OTOP star level"))

    class Meta:
        model = Product
        fields = ["q", "category", "star_level"]
