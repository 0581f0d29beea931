"""Importing producer groups from Excel: upload, preview with every problem, then save all or none.

The rules live in `products.importing`; these views only guard, hand the upload over and respond.
"""


from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import generic

from kbo.core.excel import workbook_response
from kbo.core.forms import CrispyFormMixin
from kbo.core.workspace import RegisterAccessMixin
from products import importing


class ImportForm(CrispyFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("At most 5 MB, in the layout of the template."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        importing.read_rows(file)  # a ValidationError shows under the field
        return file


class ImportGroupsView(RegisterAccessMixin, generic.FormView):
    template_name = "products/import_form.html"
    form_class = ImportForm

    def form_valid(self, form):
        token = importing.store_upload(form.cleaned_data["file"], self.request.user)
        return redirect("products:import_preview", token=token)


class ImportTemplateView(RegisterAccessMixin, generic.View):
    def get(self, request):
        return workbook_response("kbo-producer-groups.xlsx", importing.build_template())


def checked_upload(user, token):
    """The user's stored upload, read and validated again; 404 when it is not theirs or is gone."""
    try:
        with importing.open_upload(user, token) as file:
            return importing.validate_rows(importing.read_rows(file), user)
    except FileNotFoundError:
        raise Http404 from None


class ImportPreviewView(RegisterAccessMixin, generic.TemplateView):
    template_name = "products/import_preview.html"

    def get_context_data(self, **kwargs):
        rows = checked_upload(self.request.user, kwargs["token"])
        bad = sum(1 for row in rows if row.problems)
        return {
            **super().get_context_data(**kwargs),
            "headers": importing.HEADERS,
            "rows": rows,
            "good_count": len(rows) - bad,
            "bad_count": bad,
            "can_save": not bad,
        }


class ImportCommitView(RegisterAccessMixin, generic.View):
    def post(self, request, token):
        rows = checked_upload(request.user, token)
        if any(row.problems for row in rows):
            messages.error(request, _("Nothing was saved: correct the problems in the file and upload it again."))
            return redirect("products:import_preview", token=token)
        count = importing.save_rows(rows)
        importing.discard_upload(request.user, token)
        messages.success(
            request, ngettext("%(count)s group imported.", "%(count)s groups imported.", count) % {"count": count}
        )
        return redirect("products:group_list")


urlpatterns = [
    path("imports/groups/", ImportGroupsView.as_view(), name="import_groups"),
    path("imports/groups/template/", ImportTemplateView.as_view(), name="import_template"),
    path("imports/groups/<str:token>/", ImportPreviewView.as_view(), name="import_preview"),
    path("imports/groups/<str:token>/save/", ImportCommitView.as_view(), name="import_commit"),
]
