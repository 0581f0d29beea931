"""The building blocks of the officers' workspace (the register in the browser).

Who may enter: provincial officers and national admins; anyone else signed in gets 403, anonymous
users go to the login page. What they see: every queryset starts from `Model.objects.visible_to(user)`,
so another province's object is a 404. Views for each register combine these mixins with Django's
generic views and stay a few lines long.
"""

from dataclasses import dataclass
from operator import attrgetter

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import generic

from kbo.core.excel import cell_value, xlsx_response


def may_keep_register(user):
    return user.is_authenticated and user.is_active and (user.sees_all_provinces or user.is_officer)


class RegisterAccessMixin(LoginRequiredMixin):
    """Officers and national admins only: 302 to login for anonymous users, 403 for other roles."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_keep_register(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedMixin(RegisterAccessMixin):
    """The model's rows this user may see; `select_related` names what every page shows."""

    model = None
    select_related = ()

    def get_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


class ScopedFormMixin:
    """Passes the user to the form, which limits its choices to the user's provinces."""

    success_message = _("Saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


class FormPageMixin(ScopedFormMixin):
    """A create or edit page (workspace/form.html): its title, and where Cancel leads — the row
    itself by default, or `cancel_url`."""

    template_name = "workspace/form.html"
    title = ""
    cancel_url = None

    def get_title(self):
        return self.title

    def get_cancel_url(self):
        return str(self.cancel_url) if self.cancel_url else self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "title": self.get_title(), "cancel_url": self.get_cancel_url()}


class ParentMixin(RegisterAccessMixin):
    """A page under a parent row named in the URL as `<parent_field>_pk`. The parent is fetched
    through `visible_to`, so another province's parent is a 404; Cancel leads back to it."""

    parent_model = None
    parent_field = ""
    parent_select_related = ()

    @cached_property
    def parent(self):
        parents = self.parent_model.objects.visible_to(self.request.user).select_related(*self.parent_select_related)
        return get_object_or_404(parents, pk=self.kwargs[f"{self.parent_field}_pk"])

    def get_cancel_url(self):
        return self.parent.get_absolute_url()


class ChildCreateView(ParentMixin, FormPageMixin, generic.CreateView):
    """Adds a row under its parent (see ParentMixin)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.model(**{self.parent_field: self.parent})}


@dataclass(frozen=True)
class Column:
    """A list column: its header and the attribute path (or callable) that gives each row's value."""

    header: str
    value: str

    def of(self, obj):
        if callable(self.value):
            return self.value(obj)
        display = f"get_{self.value}_display"
        if "." not in self.value and hasattr(obj, display):
            return getattr(obj, display)()
        return attrgetter(self.value)(obj)


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet with a free-text `q` over `search_fields` (Meta-like class attribute)."""

    search_fields = ()
    q = django_filters.CharFilter(method="search", label=_("Search"))

    def search(self, queryset, name, value):
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)


class RegisterListView(ScopedMixin, generic.ListView):
    """A register list: search and filters (`filterset_class`), pagination, and the same rows as
    .xlsx with `?format=xlsx` (all matching rows, not one page)."""

    filterset_class = None
    columns = ()
    paginate_by = 25
    title = ""
    create_url_name = ""
    import_url_name = ""
    template_name = "workspace/list.html"

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        return self.filterset.qs if self.filterset.is_bound else self.filterset.queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            rows = ([column.of(obj) for column in self.columns] for obj in self.get_queryset())
            filename = f"{self.model._meta.model_name}.xlsx"
            return xlsx_response(filename, str(self.title), [c.header for c in self.columns], rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = [(obj, [cell_value(column.of(obj)) for column in self.columns]) for obj in context["object_list"]]
        query = self.request.GET.copy()
        query.pop("page", None)
        query["format"] = "xlsx"
        return {
            **context,
            "filterset": self.filterset,
            "title": self.title,
            "headers": [column.header for column in self.columns],
            "rows": rows,
            "create_url_name": self.create_url_name,
            "import_url_name": self.import_url_name,
            "export_query": query.urlencode(),
        }


class RegisterDeleteView(ScopedMixin, generic.DeleteView):
    """Deletes after a confirmation page; refuses with a message when other rows still need it."""

    template_name = "workspace/confirm_delete.html"
    success_message = _("Deleted.")
    protected_message = _("This cannot be deleted while other records refer to it.")

    def form_valid(self, form):
        try:
            response = super().form_valid(form)
        except models.ProtectedError:
            messages.error(self.request, self.protected_message)
            return redirect(self.object.get_absolute_url())
        messages.success(self.request, self.success_message)
        return response
