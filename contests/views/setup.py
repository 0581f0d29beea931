"""The officer's contest set-up: the list, creating a contest from CDD's template or copying last
year's, its page (the hub of the contest), criteria, entries and their order, the scoring panel,
conflicts, and the confirmation page of each workflow step that has no page of its own.

Every contest is fetched through `Contest.objects.visible_to` (ManagerMixin): another province's
contest is a 404, a user without a register role gets 403. What a page allows in the contest's
state is a predicate of `contests.permissions`; a refused page sends the officer back to the
contest with the reason.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from contests import national, permissions, services, workflow
from contests.enums import ContestKind
from contests.enums import ContestState as S
from contests.filters import ContestFilter
from contests.forms import (
    AdvanceForm, ConflictForm, ContestForm, CriterionFormSet, EntryForm, OrderForm, ScoringEndForm, WithdrawForm,
)
from contests.models import Conflict, Contest, Entry, Round
from contests.views.base import CONTEST_RELATED, ManagerMixin, MeetingMixin, run_service
from kbo.core.thaidates import current_fiscal_year
from kbo.core.workspace import Column, FormPageMixin, RegisterAccessMixin, RegisterListView

# Workflow steps whose decision is written by a page of its own (contests.views.meeting).
DEDICATED_PAGES = {
    (S.SCORING_CLOSED, S.SHORTLISTED): "contests:shortlist",
    (S.SHORTLISTED, S.FINAL_SCORING_OPEN): "contests:final_round",
    (S.SHORTLISTED, S.WINNER_SELECTED): "contests:select_winner",
    (S.FINAL_SCORING_CLOSED, S.WINNER_SELECTED): "contests:select_winner",
    (S.SHORTLISTED, S.NO_ENTRY): "contests:no_entry",
    (S.FINAL_SCORING_CLOSED, S.NO_ENTRY): "contests:no_entry",
    (S.WINNER_SELECTED, S.SUBMITTED): "contests:dossier",  # contests.views.submissions
    (S.SUBMITTED, S.WINNER_SELECTED): "contests:submission_withdraw",  # names the submission, not the contest
}
MEETING_STATES = {
    S.ENTRIES_OPEN, S.SCORING_OPEN, S.SCORING_CLOSED, S.SHORTLISTED, S.FINAL_SCORING_OPEN, S.FINAL_SCORING_CLOSED,
}


# Access

class ContestGuardMixin:
    """Placed after the access mixins (the user is signed in and keeps the register): looks the
    contest up before anything else, so another province's contest is a 404 whatever the method;
    then, when `allowed(user, contest)` is set, opens the page only while it holds, and otherwise
    sends the officer back to the contest with `refused_message`."""

    allowed = None
    refused_message = ""

    def is_allowed(self):
        return self.allowed is None or self.allowed(self.request.user, self.contest)

    def dispatch(self, request, *args, **kwargs):
        self.contest  # noqa: B018 — 404 before any work
        if not self.is_allowed():
            messages.error(request, self.refused_message)
            return redirect(self.contest)
        return super().dispatch(request, *args, **kwargs)


class ContestPartMixin(ManagerMixin):
    """A page about a part of a contest (a round, an entry) named in the URL by `part_kwarg`,
    looked up within the contests the user may see."""

    part_model = None
    part_kwarg = ""
    part_related = ()

    @cached_property
    def part(self):
        parts = self.part_model.objects.filter(contest__in=self.contests())
        related = [*(f"contest__{name}" for name in CONTEST_RELATED), *self.part_related]
        return get_object_or_404(parts.select_related(*related), pk=self.kwargs[self.part_kwarg])

    @cached_property
    def contest(self):
        return self.part.contest


class EntryPartMixin(ContestPartMixin):
    part_model, part_kwarg, part_related = Entry, "entry_pk", ("group", "product")


class BackToContestMixin:
    """Cancel and success both lead back to the contest's page."""

    def get_cancel_url(self):
        return self.contest.get_absolute_url()

    def get_success_url(self):
        return self.get_cancel_url()


# Contests

class ContestListView(RegisterListView):
    model = Contest
    select_related = ("network__province",)
    filterset_class = ContestFilter
    title = gettext_lazy("Provincial contests")
    create_url_name = "contests:contest_create"
    columns = (
        Column(gettext_lazy("Province"), "network.province"),
        Column(gettext_lazy("Fiscal year"), "fiscal_year"),
        Column(gettext_lazy("Kind"), "kind"),
        Column(gettext_lazy("State"), "state"),
        Column(gettext_lazy("Meeting date"), "meeting_date"),
        Column(gettext_lazy("Entries"), "entry_count"),
    )

    def get_queryset(self):
        # A GROUP BY query ignores Meta.ordering: the latest year first, then by province.
        contests = super().get_queryset().provincial()
        contests = contests.annotate(entry_count=Count("entries", filter=Q(entries__withdrawn_at=None)))
        return contests.order_by("-fiscal_year", "network__province", "kind")


class ContestCreateView(FormPageMixin, RegisterAccessMixin, generic.CreateView):
    """A new contest in draft; its criteria start from CDD's template for the year and kind."""

    form_class = ContestForm
    template_name = "contests/setup_contest_form.html"
    title = gettext_lazy("New provincial contest")
    cancel_url = reverse_lazy("contests:contest_list")

    def starting_template(self):
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        try:
            year = int(data.get("fiscal_year") or current_fiscal_year())
        except ValueError:
            return None
        return services.published_template(year, data.get("kind") or ContestKind.PRODUCT)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "starting_template": self.starting_template()}

    def form_valid(self, form):
        self.object = services.create_contest(form.save(commit=False))
        messages.success(self.request, _("The contest is created in draft. Check its criteria, then add the entries."))
        return redirect(self.object)


class ContestUpdateView(ManagerMixin, ContestGuardMixin, FormPageMixin, generic.UpdateView):
    form_class = ContestForm
    allowed = staticmethod(permissions.can_edit_setup)
    refused_message = gettext_lazy("Dates, rules and criteria are fixed once scoring has opened.")

    def get_object(self):
        return self.contest

    def get_title(self):
        return _("Edit %(contest)s") % {"contest": self.contest}


class ScoringEndView(ManagerMixin, ContestGuardMixin, FormPageMixin, generic.FormView):
    """Moves the end of the scoring window once scoring has opened (the rest of the set-up is fixed)."""

    both_levels = True
    form_class = ScoringEndForm
    allowed = staticmethod(permissions.can_move_scoring_end)
    refused_message = gettext_lazy("The scoring window is set on the contest's edit page before scoring opens.")
    title = gettext_lazy("Move the end of the scoring window")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contest": self.contest}

    def get_cancel_url(self):
        return self.get_success_url()

    def get_success_url(self):
        return self.contest.get_absolute_url()

    def form_valid(self, form):
        services.move_scoring_end(self.contest, form.cleaned_data["scoring_closes_at"], by=self.request.user)
        return super().form_valid(form)


@dataclass(frozen=True)
class Step:
    """A workflow step offered on the contest's page: a link to its page, or (`post`) a form."""

    label: str
    url: str
    post: bool = False


def contest_steps(user, contest):
    steps = []
    for transition in workflow.available(user, contest):
        page = DEDICATED_PAGES.get((transition.source, transition.target))
        if page == "contests:submission_withdraw":
            submission = national.current_submission(contest)
            if submission is not None:
                steps.append(Step(transition.label, reverse(page, args=[submission.pk])))
        elif page:
            steps.append(Step(transition.label, reverse(page, args=[contest.pk]), post=page == "contests:final_round"))
        else:
            steps.append(Step(transition.label, reverse("contests:advance", args=[contest.pk, transition.target])))
    return steps


def contest_offers(user, contest):
    """What the contest's page offers in the contest's state: ready booleans for the template."""
    return {
        "can_edit": permissions.can_edit_setup(user, contest),
        "can_move_scoring_end": permissions.can_move_scoring_end(user, contest),
        "can_prepare": permissions.can_prepare_meeting(user, contest),
        "can_amend": permissions.can_amend_entries(user, contest),
        "show_meeting": contest.state in MEETING_STATES,
        "show_casting_vote": contest.state in services.CASTING_VOTE_STATES,
        "show_scores": permissions.can_see_scores(user, contest),
        "show_record": contest.state in permissions.DECIDED_STATES,
    }


def entries_with_warnings(contest):
    """The competing entries in presentation order, each with its eligibility warnings; and the
    withdrawn ones."""
    warnings = {}
    for warning in services.eligibility_warnings(contest):
        warnings.setdefault(warning.entry.pk, []).append(warning.message)
    entries = list(contest.entries.select_related("group", "product"))
    return [(e, warnings.get(e.pk, [])) for e in entries if not e.withdrawn], [e for e in entries if e.withdrawn]


def conflict_suggestions(contest):
    """Each conflict the register suggests, with the link that records it."""
    url = reverse("contests:conflict_create", args=[contest.pk])
    return [
        (suggestion, f"{url}?{urlencode({'juror': suggestion.juror.pk, 'entry': suggestion.entry.pk})}")
        for suggestion in services.suggested_conflicts(contest)
    ]


class ContestDetailView(ManagerMixin, ContestGuardMixin, generic.TemplateView):
    """The officer's hub: state, dates and rules, the next steps, entries, panel, conflicts, history."""

    template_name = "contests/contest_detail.html"

    def get_context_data(self, **kwargs):
        user, contest = self.request.user, self.contest
        competing, withdrawn = entries_with_warnings(contest)
        rounds = list(contest.rounds.select_related("rubric"))
        return {
            **super().get_context_data(**kwargs),
            **contest_offers(user, contest),
            "steps": contest_steps(user, contest),
            "entries": competing,
            "withdrawn": withdrawn,
            "rounds": [
                (round, permissions.can_edit_criteria(user, round), permissions.can_see_ranking(user, round))
                for round in rounds
            ],
            "criteria": rounds[0].rubric.criteria.all(),
            "jurors": contest.jurors.all(),
            "conflicts": Conflict.objects.filter(entry__contest=contest).select_related(
                "juror", "entry__group", "entry__product", "recorded_by"
            ),
            "suggestions": conflict_suggestions(contest),
            "events": contest.events.select_related("by"),
        }


class ContestCopyView(ManagerMixin, ContestGuardMixin, generic.View):
    """POST only: next fiscal year's contest with the same rules and criteria, in draft."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        contest, year = self.contest, self.contest.fiscal_year + 1
        existing = Contest.objects.visible_to(request.user).filter(
            network=contest.network_id, kind=contest.kind, fiscal_year=year
        ).first()
        if existing is not None:
            messages.info(request, _("Fiscal year %(year)s already has this contest: here it is.") % {"year": year})
            return redirect(existing)
        copy = services.copy_contest(contest, year)
        messages.success(request, _("Copied to fiscal year %(year)s: set its dates.") % {"year": year})
        return redirect(copy)


class RoundCriteriaView(ContestPartMixin, ContestGuardMixin, generic.FormView):
    """The round's criteria as rows to change, add and delete, until the round opens."""

    part_model, part_kwarg, part_related = Round, "round_pk", ("rubric",)
    both_levels = True
    form_class = CriterionFormSet
    template_name = "contests/criteria_form.html"
    refused_message = gettext_lazy("The criteria of a round are fixed once its scoring has opened.")

    def is_allowed(self):
        return permissions.can_edit_criteria(self.request.user, self.part)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.part.rubric, "prefix": "criteria"}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest, "round": self.part}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The criteria are saved."))
        return redirect(self.request.path if "add_row" in self.request.POST else self.contest.get_absolute_url())


# Entries

class EntryFormMixin(ContestGuardMixin, BackToContestMixin, FormPageMixin):
    form_class = EntryForm
    allowed = staticmethod(permissions.can_edit_setup)
    refused_message = gettext_lazy("Entries are added and changed only before scoring opens.")


class EntryCreateView(ManagerMixin, EntryFormMixin, generic.CreateView):
    title = gettext_lazy("Add an entry")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Entry(contest=self.contest)}


class EntryUpdateView(EntryPartMixin, EntryFormMixin, generic.UpdateView):
    def get_object(self):
        return self.part

    def get_title(self):
        return _("Edit the entry %(entry)s") % {"entry": self.part}


class EntryDetailView(EntryPartMixin, ContestGuardMixin, generic.TemplateView):
    template_name = "contests/entry_detail.html"

    def get_context_data(self, **kwargs):
        user, entry = self.request.user, self.part
        return {
            **super().get_context_data(**kwargs),
            "entry": entry,
            "warnings": [w.message for w in services.eligibility_warnings(self.contest) if w.entry.pk == entry.pk],
            "conflicts": entry.conflicts.select_related("juror", "recorded_by"),
            "can_edit": permissions.can_edit_setup(user, self.contest),
            "can_withdraw": permissions.can_withdraw(user, entry),
            "show_feedback": permissions.can_see_scores(user, self.contest),
        }


class EntryWithdrawView(EntryPartMixin, ContestGuardMixin, BackToContestMixin, FormPageMixin, generic.FormView):
    form_class = WithdrawForm
    refused_message = gettext_lazy("This entry can no longer be withdrawn.")
    success_message = gettext_lazy("The entry is withdrawn.")

    def is_allowed(self):
        return permissions.can_withdraw(self.request.user, self.part)

    def get_title(self):
        return _("Withdraw %(entry)s") % {"entry": self.part}

    def form_valid(self, form):
        services.withdraw(self.part, form.cleaned_data["reason"], by=self.request.user)
        return super().form_valid(form)


class DrawOrderView(ManagerMixin, ContestGuardMixin, generic.View):
    """POST only: a random presentation order, recorded in the contest's history."""

    http_method_names = ["post"]
    allowed = staticmethod(permissions.can_prepare_meeting)
    refused_message = gettext_lazy("The presentation order is fixed once scoring has closed.")

    def post(self, request, *args, **kwargs):
        entries = services.draw_order(self.contest, by=request.user)
        order = ", ".join(f"{place}. {entry}" for place, entry in enumerate(entries, start=1))
        messages.success(request, _("Presentation order drawn: %(order)s") % {"order": order})
        return redirect(self.contest)


class SetOrderView(ManagerMixin, ContestGuardMixin, BackToContestMixin, FormPageMixin, generic.FormView):
    form_class = OrderForm
    template_name = "contests/order_form.html"
    allowed = staticmethod(permissions.can_prepare_meeting)
    refused_message = DrawOrderView.refused_message
    title = gettext_lazy("Presentation order")
    success_message = gettext_lazy("The presentation order is saved.")

    def get_form_kwargs(self):
        entries = self.contest.entries.competing().select_related("group", "product")
        return {**super().get_form_kwargs(), "entries": entries}

    def form_valid(self, form):
        services.set_order(self.contest, form.ordered_entries(), by=self.request.user)
        return super().form_valid(form)


# The scoring panel and conflicts

class PanelSyncView(ManagerMixin, ContestGuardMixin, generic.View):
    """POST only: the panel follows the fiscal year's committee again."""

    http_method_names = ["post"]
    allowed = staticmethod(permissions.can_prepare_meeting)
    refused_message = gettext_lazy("The scoring panel is fixed once scoring has closed.")

    def post(self, request, *args, **kwargs):
        contest = self.contest
        year = contest.fiscal_year
        if services.committee_of(contest) is None:
            message = _("There is no committee for fiscal year %(year)s yet: add it in the register.")
            messages.error(request, message % {"year": year})
        else:
            services.sync_jurors(contest)
            message = _("The scoring panel follows the committee of fiscal year %(year)s: %(count)s members.")
            messages.success(request, message % {"year": year, "count": contest.jurors.count()})
        return redirect(contest.get_absolute_url() + "#panel")


class ConflictCreateView(ManagerMixin, ContestGuardMixin, BackToContestMixin, FormPageMixin, generic.FormView):
    form_class = ConflictForm
    allowed = staticmethod(permissions.can_amend_entries)
    refused_message = gettext_lazy("Conflicts are recorded only until the committee decides.")
    title = gettext_lazy("Record a conflict of interest")
    success_message = gettext_lazy("The conflict is recorded: the member neither sees nor scores this entry.")

    def get_initial(self):
        return {"juror": self.request.GET.get("juror"), "entry": self.request.GET.get("entry")}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contest": self.contest}

    def form_valid(self, form):
        data = form.cleaned_data
        services.record_conflict(
            data["juror"], data["entry"], data["grounds"], data["note"], by=self.request.user, by_member=False
        )
        return super().form_valid(form)


# Workflow steps without a page of their own

class AdvanceView(MeetingMixin, generic.FormView):
    """Confirms one workflow step (with a note for the record) and takes it with `workflow.advance`.
    The committee's chair may take the meeting's steps (closing and reopening scoring)."""

    form_class = AdvanceForm
    template_name = "contests/advance_confirm.html"

    @cached_property
    def transition(self):
        if self.kwargs["state"] not in S.values:
            raise Http404
        return workflow.transition(self.contest, self.kwargs["state"])

    @cached_property
    def back_url(self):
        if permissions.manages(self.request.user, self.contest):
            return self.contest.get_absolute_url()
        return reverse("contests:meeting", args=[self.contest.pk])

    def refusal(self):
        transition = self.transition
        if transition is None or (transition.source, transition.target) in DEDICATED_PAGES:
            message = _("This step is not open here: the contest is “%(state)s”.")
            messages.error(self.request, message % {"state": self.contest.get_state_display()})
            return redirect(self.back_url)
        if not workflow.may_trigger(self.request.user, self.contest, transition):
            raise PermissionDenied
        return None

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "note_required": self.transition.note_required}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "transition": self.transition, "back_url": self.back_url}

    def form_valid(self, form):
        moved = run_service(
            self.request, workflow.advance, self.contest, self.transition.target,
            by=self.request.user, note=form.cleaned_data["note"],
        )
        if moved is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Done: %(step)s. The contest is now “%(state)s”.") % {
            "step": self.transition.label, "state": moved.get_state_display(),
        })
        return redirect(self.back_url)


urlpatterns = [
    path("", ContestListView.as_view(), name="contest_list"),
    path("add/", ContestCreateView.as_view(), name="contest_create"),
    path("<int:contest_pk>/", ContestDetailView.as_view(), name="contest_detail"),
    path("<int:contest_pk>/edit/", ContestUpdateView.as_view(), name="contest_update"),
    path("<int:contest_pk>/copy/", ContestCopyView.as_view(), name="contest_copy"),
    path("<int:contest_pk>/scoring-window/", ScoringEndView.as_view(), name="scoring_end"),
    path("rounds/<int:round_pk>/criteria/", RoundCriteriaView.as_view(), name="round_criteria"),
    path("<int:contest_pk>/entries/add/", EntryCreateView.as_view(), name="entry_create"),
    path("entries/<int:entry_pk>/", EntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:entry_pk>/edit/", EntryUpdateView.as_view(), name="entry_update"),
    path("entries/<int:entry_pk>/withdraw/", EntryWithdrawView.as_view(), name="entry_withdraw"),
    path("<int:contest_pk>/draw/", DrawOrderView.as_view(), name="draw_order"),
    path("<int:contest_pk>/order/", SetOrderView.as_view(), name="set_order"),
    path("<int:contest_pk>/panel/sync/", PanelSyncView.as_view(), name="panel_sync"),
    path("<int:contest_pk>/conflicts/add/", ConflictCreateView.as_view(), name="conflict_create"),
    path("<int:contest_pk>/advance/<str:state>/", AdvanceView.as_view(), name="advance"),
]
