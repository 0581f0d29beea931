"""The national round's pages, for national admins only (403 for anyone else signed in, the login
page for anonymous users): the list of rounds, creating and editing one, its page (the hub of the
round), its awards, its judging teams and judges, and the 77-province dashboard.

The criteria are edited on the contests' own criteria page, the workflow steps on the contests'
confirmation page (`contests:advance`), and the end of the judging window on the contests' own
page for it. What may change in which state is a predicate of `contests.national_setup`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from contests import dashboard, national_setup, permissions
from contests.enums import ContestLevel, ContestState, SubmissionState
from contests.models import Contest
from contests.national_forms import (
    AddJudgeForm, DashboardFilterForm, MoveJudgeForm, NationalRoundForm, RemoveJudgeForm, TeamFormSet, award_formset,
)
from contests.views.base import run_service
from contests.views.setup import ContestCreateView, ContestGuardMixin, contest_steps
from kbo.core.excel import xlsx_response
from kbo.core.links import link_maker
from kbo.core.workspace import FormPageMixin

SENT = [SubmissionState.SUBMITTED, SubmissionState.LATE]


class NationalAdminMixin(LoginRequiredMixin):
    """National admins only: 403 for anyone else signed in, the login page for anonymous users."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.sees_all_provinces:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class NationalRoundMixin(NationalAdminMixin):
    """The national round named by the URL's `contest_pk` (a provincial contest's number is a 404)."""

    @cached_property
    def contest(self):
        return get_object_or_404(Contest.objects.national(), pk=self.kwargs["contest_pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest}


class NationalListView(NationalAdminMixin, generic.ListView):
    template_name = "contests/national_list.html"
    context_object_name = "rounds"

    def get_queryset(self):
        sent = Count("submissions", filter=Q(submissions__state__in=SENT))
        rounds = Contest.objects.national().annotate(submission_count=sent)
        return rounds.order_by("-fiscal_year", "kind")


class NationalCreateView(NationalAdminMixin, ContestCreateView):
    """A new national round in draft; its criteria start from CDD's template for the year and kind."""

    form_class = NationalRoundForm
    title = gettext_lazy("New national round")
    cancel_url = reverse_lazy("contests:national_list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Contest(level=ContestLevel.NATIONAL)}

    def form_valid(self, form):
        self.object = national_setup.create_national_round(form.save(commit=False))
        messages.success(self.request, _("The national round is created in draft. Check its criteria and awards."))
        return redirect(self.object)


class NationalUpdateView(NationalRoundMixin, ContestGuardMixin, FormPageMixin, generic.UpdateView):
    form_class = NationalRoundForm
    allowed = staticmethod(national_setup.can_edit_round)
    refused_message = gettext_lazy(
        "The round's dates and options are fixed once judging has opened; the end of the judging window can still move."
    )

    def get_object(self):
        return self.contest

    def get_title(self):
        return _("Edit %(contest)s") % {"contest": self.contest}


def round_offers(user, contest, main_round):
    """What the round's page offers in the round's state: ready booleans for the template."""
    return {
        "can_edit": national_setup.can_edit_round(user, contest),
        "can_edit_criteria": permissions.can_edit_criteria(user, main_round),
        "can_edit_awards": national_setup.can_edit_awards(user, contest),
        "can_change_teams": national_setup.can_change_teams(user, contest),
        "can_move_scoring_end": permissions.can_move_scoring_end(user, contest),
        "can_rank": permissions.can_see_ranking(user, main_round),
        "can_assign_awards": contest.state == ContestState.SCORING_CLOSED,
        "published": contest.state == ContestState.PUBLISHED,
    }


class NationalDetailView(NationalRoundMixin, generic.TemplateView):
    """The round's hub: state, dates, next steps, criteria, awards, teams and judges, submissions."""

    template_name = "contests/national_detail.html"

    def get_context_data(self, **kwargs):
        user, contest = self.request.user, self.contest
        main_round = contest.rounds.select_related("rubric").get(number=1)
        return {
            **super().get_context_data(**kwargs),
            **round_offers(user, contest, main_round),
            "steps": contest_steps(user, contest),
            "main_round": main_round,
            "criteria": main_round.rubric.criteria.all(),
            "awards": contest.awards.all(),
            "teams": [(team, national_setup.region_labels(team)) for team in contest.teams.prefetch_related("judges")],
            "judges_without_team": contest.jurors.filter(team=None),
            "submissions": contest.submissions.select_related("province", "entry__product", "entry__group"),
            "events": contest.events.select_related("by"),
        }


class NationalAwardsView(NationalRoundMixin, ContestGuardMixin, generic.FormView):
    template_name = "contests/national_awards.html"
    allowed = staticmethod(national_setup.can_edit_awards)
    refused_message = gettext_lazy("The awards are fixed once the results are published.")

    def get_form(self, form_class=None):
        return award_formset(self.contest, self.request.POST if self.request.method == "POST" else None)

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("The awards are saved."))
        return redirect(self.contest.get_absolute_url() + "#awards")


class NationalTeamsView(NationalRoundMixin, ContestGuardMixin, generic.TemplateView):
    """The judging teams (a formset) and the judges: add one to a team, move one, remove one. Each
    form posts its `action`; the page comes back with that form's errors, or with a message."""

    template_name = "contests/national_teams.html"
    allowed = staticmethod(national_setup.can_change_teams)
    refused_message = gettext_lazy("Teams and judges are fixed once judging has closed.")

    def page_forms(self, action=None, data=None):
        def bound(name):
            return data if name == action else None

        contest = self.contest
        return {
            "teams": TeamFormSet(bound("teams"), instance=contest, prefix="teams"),
            "add": AddJudgeForm(bound("add"), contest=contest, prefix="add"),
            "move": MoveJudgeForm(bound("move"), contest=contest),
            "remove": RemoveJudgeForm(bound("remove"), contest=contest),
        }

    def get_context_data(self, **kwargs):
        forms = kwargs.pop("forms", None) or self.page_forms()
        judges = (  # a GROUP BY query ignores Meta.ordering
            self.contest.jurors.select_related("user", "team").annotate(scorecard_count=Count("scorecards"))
            .order_by("seat", "id")
        )
        return {**super().get_context_data(**kwargs), **forms, "judges": judges, "teams_list": self.contest.teams.all()}

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        forms = self.page_forms(action, request.POST)
        form = forms.get(action)
        if form is not None and form.is_valid():
            done = run_service(request, self.apply, action, form)
            if done:
                messages.success(request, done)
            return redirect(request.path)
        if action in ("teams", "add"):
            return self.render_to_response(self.get_context_data(forms=forms))
        messages.error(request, _("Choose a judge and a team of this round."))  # the judges' rows show no errors
        return redirect(request.path)

    def apply(self, action, form):
        """Does what the form asked; returns the message for the user."""
        if action == "teams":
            form.save()
            return _("The teams are saved.")
        data = form.cleaned_data
        if action == "add":
            juror = national_setup.add_judge(self.contest, data["user"], data["team"])
            return _("%(judge)s judges in %(team)s.") % {"judge": juror, "team": juror.team}
        if action == "move":
            juror = national_setup.move_judge(data["juror"], data["team"])
            return _("%(judge)s now judges in %(team)s.") % {"judge": juror, "team": juror.team}
        national_setup.remove_judge(data["juror"])
        return _("%(judge)s is no longer on this round.") % {"judge": data["juror"]}


class NationalDashboardView(NationalRoundMixin, generic.TemplateView):
    """Every province's state for the round's fiscal year and kind, filtered by region and state;
    `?format=xlsx` gives the same rows as .xlsx."""

    template_name = "contests/national_dashboard.html"

    def get(self, request, *args, **kwargs):
        filters = DashboardFilterForm(request.GET)
        chosen = filters.cleaned_data if filters.is_valid() else {}
        every_row = dashboard.province_rows(self.contest)
        rows = dashboard.filter_rows(every_row, chosen.get("region"), chosen.get("state"))
        if request.GET.get("format") == "xlsx":
            headers = [column.header for column in dashboard.COLUMNS]
            title = _("National round FY %(year)s") % {"year": self.contest.fiscal_year}
            filename = f"kbo-national-{self.contest.fiscal_year}-{self.contest.kind}.xlsx"
            return xlsx_response(filename, title, headers, dashboard.cells(rows))
        categories, regions = dashboard.submitted_by_region_and_category(every_row)
        contest_link, submission_link = link_maker("contests:contest_detail"), link_maker("contests:submission_detail")
        table = [
            (row, contest_link(row.contest.pk) if row.contest else "", submission_link(row.submission.pk) if row.sent else "")
            for row in rows
        ]
        return self.render_to_response(self.get_context_data(
            filters=filters, rows=rows, table=table, headers=[column.header for column in dashboard.COLUMNS],
            categories=categories, regions=regions, chart=dashboard.chart_data(categories, regions),
        ))


urlpatterns = [
    path("national/", NationalListView.as_view(), name="national_list"),
    path("national/add/", NationalCreateView.as_view(), name="national_create"),
    path("national/<int:contest_pk>/", NationalDetailView.as_view(), name="national_detail"),
    path("national/<int:contest_pk>/edit/", NationalUpdateView.as_view(), name="national_update"),
    path("national/<int:contest_pk>/awards/", NationalAwardsView.as_view(), name="national_awards"),
    path("national/<int:contest_pk>/teams/", NationalTeamsView.as_view(), name="national_teams"),
    path("national/<int:contest_pk>/dashboard/", NationalDashboardView.as_view(), name="national_dashboard"),
]
