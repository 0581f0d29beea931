"""The province dashboard (officers and national admins) and the national dashboard (national
admins): figures come from `products.dashboard`, the views only pick the province and the order."""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import generic

from kbo.core.excel import xlsx_response
from kbo.core.workspace import RegisterAccessMixin
from kbo.geography.models import Province
from products import dashboard


class DashboardView(RegisterAccessMixin, generic.TemplateView):
    """One province: an officer's own (`?province=` picks among several), any for a national
    admin, who without `?province=` goes to the national dashboard."""

    template_name = "products/dashboard.html"

    def get(self, request, *args, **kwargs):
        code = request.GET.get("province")
        if not code and request.user.sees_all_provinces:
            return redirect("products:national_dashboard")
        self.provinces = Province.objects.visible_to(request.user)
        self.province = get_object_or_404(self.provinces, code=code) if code else self.provinces.first()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        code = self.province.code
        categories = dashboard.products_by_category(code)
        return {
            **super().get_context_data(**kwargs),
            "province": self.province,
            "province_choices": self.provinces if len(self.provinces) > 1 else [],
            "show_national_link": self.request.user.sees_all_provinces,
            "categories": categories,
            "category_chart": {
                "label": _("Products"),
                "labels": [str(label) for label, _count in categories],
                "counts": [count for _label, count in categories],
            },
            "star_levels": dashboard.products_by_star_level(code),
            "districts": dashboard.groups_by_district(code),
            "cohort": dashboard.latest_cohort_progress(code),
            "committee": dashboard.latest_committee_composition(code),
            "standards": dashboard.expiring_standards(code),
        }


class NationalDashboardView(UserPassesTestMixin, generic.TemplateView):
    """All 77 provinces, sorted by any column (`?sort=key&dir=desc`), or as .xlsx (`?format=xlsx`)."""

    template_name = "products/dashboard_national.html"

    def test_func(self):
        return self.request.user.is_authenticated and self.request.user.sees_all_provinces

    def get(self, request, *args, **kwargs):
        sort = request.GET.get("sort")
        descending = request.GET.get("dir") == "desc"
        rows = dashboard.national_rows()
        if sort in dashboard.NATIONAL_SORT_KEYS:
            rows = dashboard.sort_rows(rows, sort, descending)
        cells = [[column.value(row) for column in dashboard.NATIONAL_COLUMNS] for row in rows]
        totals = dashboard.national_totals(rows)
        if request.GET.get("format") == "xlsx":
            headers = [column.header for column in dashboard.NATIONAL_COLUMNS]
            return xlsx_response("kbo-national-dashboard.xlsx", _("National dashboard"), headers, [*cells, totals])
        context = self.get_context_data(
            headers=sort_headers(sort, descending),
            rows=[(row.province.code, row_cells) for row, row_cells in zip(rows, cells)],
            totals=totals,
        )
        return self.render_to_response(context)


def sort_headers(sort, descending):
    """Each column's header with the query that sorts by it: ascending first, then descending."""
    headers = []
    for column in dashboard.NATIONAL_COLUMNS:
        current = column.key == sort
        query = QueryDict(mutable=True)
        query["sort"] = column.key
        if current and not descending:
            query["dir"] = "desc"
        order = ("descending" if descending else "ascending") if current else ""
        headers.append({"label": column.header, "key": column.key, "query": query.urlencode(), "order": order})
    return headers


urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("dashboard/national/", NationalDashboardView.as_view(), name="national_dashboard"),
]
