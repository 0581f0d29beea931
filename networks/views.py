"""The network register in the officers' workspace: networks, knowledge partners, committees and
their members. Every row is fetched through `visible_to`; the rules live in forms and services."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from kbo.core.audit import recent_changes
from kbo.core.excel import cell_value, xlsx_response
from kbo.core.workspace import (
    ChildCreateView, Column, FormPageMixin, RegisterAccessMixin, RegisterDeleteView, RegisterListView, ScopedMixin,
)
from networks.filters import CommitteeFilter, NetworkFilter, PartnerFilter
from networks.forms import CommitteeForm, CopyCommitteeForm, MemberForm, NetworkForm, PartnerForm
from networks.models import Committee, CommitteeMember, KnowledgePartner, Network
from networks.services import committee_composition, copy_committee


MEMBER_COLUMNS = (
    Column(gettext_lazy("No."), "seat"),
    Column(gettext_lazy("Name"), "full_name"),
    Column(gettext_lazy("Position"), "position"),
    Column(gettext_lazy("Organisation"), "organisation"),
    Column(gettext_lazy("Sector"), "sector"),
    Column(gettext_lazy("Role"), "role"),
    Column(gettext_lazy("Phone"), "phone"),
)


# Networks

class NetworkListView(RegisterListView):
    model = Network
    select_related = ("province",)
    filterset_class = NetworkFilter
    title = gettext_lazy("KBO networks")
    create_url_name = "networks:network_create"
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Province"), "province"),
        Column(gettext_lazy("Registered since"), "registered_on"),
        Column(gettext_lazy("Status"), "status"),
        Column(gettext_lazy("Contact person"), "contact_name"),
        Column(gettext_lazy("Phone"), "phone"),
    )


class NetworkDetailView(ScopedMixin, generic.DetailView):
    model = Network
    select_related = ("province",)
    template_name = "networks/network_detail.html"

    def get_context_data(self, **kwargs):
        network = self.object
        return {
            **super().get_context_data(**kwargs),
            "partners": network.partners.all(),
            "committees": network.committees.annotate(member_count=Count("members")).order_by("-fiscal_year"),
            "changes": recent_changes(network),
        }


class NetworkCreateView(FormPageMixin, RegisterAccessMixin, generic.CreateView):
    model = Network
    form_class = NetworkForm
    title = gettext_lazy("Register a KBO network")

    def get_cancel_url(self):
        return reverse("networks:network_list")


class NetworkUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = Network
    form_class = NetworkForm
    title = gettext_lazy("Edit the KBO network")


# Knowledge partners

class PartnerListView(RegisterListView):
    model = KnowledgePartner
    select_related = ("network",)
    filterset_class = PartnerFilter
    title = gettext_lazy("Knowledge partners")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("KBO network"), "network"),
        Column(gettext_lazy("Knowledge offered"), "expertise"),
        Column(gettext_lazy("Contact person"), "contact_name"),
        Column(gettext_lazy("Phone"), "phone"),
    )


class PartnerCreateView(ChildCreateView):
    model = KnowledgePartner
    form_class = PartnerForm
    parent_model = Network
    parent_field = "network"
    title = gettext_lazy("Add a knowledge partner")


class PartnerUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = KnowledgePartner
    form_class = PartnerForm
    title = gettext_lazy("Edit the knowledge partner")


class PartnerDeleteView(RegisterDeleteView):
    model = KnowledgePartner

    def get_success_url(self):
        return self.object.network.get_absolute_url()


# Committees

class CommitteeListView(RegisterListView):
    model = Committee
    select_related = ("network",)
    filterset_class = CommitteeFilter
    title = gettext_lazy("Provincial KBO committees")
    create_url_name = "networks:committee_create"
    columns = (
        Column(gettext_lazy("Fiscal year"), "fiscal_year"),
        Column(gettext_lazy("KBO network"), "network"),
        Column(gettext_lazy("Appointment order"), "order_number"),
        Column(gettext_lazy("Order date"), "order_date"),
        Column(gettext_lazy("Members"), "member_count"),
    )

    def get_queryset(self):
        # A GROUP BY query ignores Meta.ordering: the latest year first, then by province.
        committees = super().get_queryset().annotate(member_count=Count("members"))
        return committees.order_by("-fiscal_year", "network__province")


class CommitteeDetailView(ScopedMixin, generic.DetailView):
    """The members in seat order, what the committee is made of, and copying it to a new year."""

    model = Committee
    select_related = ("network",)
    template_name = "networks/committee_detail.html"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("members")

    def get_context_data(self, copy_form=None, **kwargs):
        committee = self.object
        return {
            **super().get_context_data(**kwargs),
            "composition": committee_composition(committee),
            "member_headers": [column.header for column in MEMBER_COLUMNS],
            "member_rows": [(m, [cell_value(column.of(m)) for column in MEMBER_COLUMNS]) for m in committee.members.all()],
            "copy_form": copy_form or CopyCommitteeForm(initial={"fiscal_year": committee.fiscal_year + 1}),
        }


class CommitteeCopyView(CommitteeDetailView):
    """POST only: a new committee for the chosen fiscal year with the same members."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = CopyCommitteeForm(request.POST)
        if form.is_valid():
            try:
                committee = copy_committee(self.object, form.cleaned_data["fiscal_year"])
            except ValidationError as error:
                form.add_error("fiscal_year", error.messages)
            else:
                messages.success(request, _("Copied to fiscal year %(year)s.") % {"year": committee.fiscal_year})
                return redirect(committee)
        return self.render_to_response(self.get_context_data(copy_form=form))


class CommitteeMembersXlsxView(ScopedMixin, generic.detail.SingleObjectMixin, generic.View):
    model = Committee

    def get(self, request, *args, **kwargs):
        committee = self.get_object()
        rows = ([column.of(m) for column in MEMBER_COLUMNS] for m in committee.members.all())
        headers = [column.header for column in MEMBER_COLUMNS]
        filename = f"committee-{committee.network.province_id}-{committee.fiscal_year}.xlsx"
        return xlsx_response(filename, _("Committee members"), headers, rows)


class CommitteeCreateView(FormPageMixin, RegisterAccessMixin, generic.CreateView):
    model = Committee
    form_class = CommitteeForm
    title = gettext_lazy("Add a provincial KBO committee")

    def get_initial(self):
        return {"network": self.request.GET.get("network")}

    def get_cancel_url(self):
        return reverse("networks:committee_list")


class CommitteeUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = Committee
    form_class = CommitteeForm
    title = gettext_lazy("Edit the committee")


# Committee members

class MemberCreateView(ChildCreateView):
    model = CommitteeMember
    form_class = MemberForm
    parent_model = Committee
    parent_field = "committee"
    title = gettext_lazy("Add a committee member")


class MemberUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = CommitteeMember
    form_class = MemberForm
    title = gettext_lazy("Edit the committee member")


class MemberDeleteView(RegisterDeleteView):
    model = CommitteeMember

    def get_success_url(self):
        return self.object.committee.get_absolute_url()
