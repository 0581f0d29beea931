"""Province scoping: the one place that decides which rows a user may see.

Every registry model's manager is built from `ProvinceScopedQuerySet`, naming the lookup that
leads from the row to its province; lists, form choices and admin changelists start from
`Model.objects.visible_to(user)`. A row outside the user's provinces is simply not there (404).
"""

from django.db import models


class ProvinceScopedQuerySet(models.QuerySet):
    province_lookup = "province"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_provinces:
            return self
        return self.filter(**{f"{self.province_lookup}__in": user.officer_province_codes})


def scoped_queryset(lookup):
    """A `ProvinceScopedQuerySet` subclass whose rows reach their province through `lookup`."""
    return type("ProvinceScopedQuerySet", (ProvinceScopedQuerySet,), {"province_lookup": lookup})
