"""The selection meeting and the committee's decisions.

The meeting page runs on the officer's laptop and the projector: who presents now, who is present,
and a live board of who has submitted which scorecard, never a score. Once a round's scoring has
closed, its ranking is shown to the officers and the panel, with the decisions taken on it: the
shortlist, the final round, the chair's casting vote, the winners, or no entry this year. The rules
are in `contests.services`, `contests.scoring` and `contests.workflow`; these views only call them.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from contests import permissions, scoring, services, workflow
from contests.decision_forms import (
    AttendanceForm, CastingVoteForm, FinalRoundForm, NoEntryForm, PresentForm, ShortlistForm, UnlockForm, WinnerForm,
)
from contests.enums import ContestState as S
from contests.models import Contest, Entry, Round, Scorecard
from contests.views.base import ManagerMixin, MeetingMixin, run_service
from kbo.core.links import link_maker


def errors_as_messages(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# The meeting

@dataclass(frozen=True)
class Presenting:
    """Where the meeting is in the presentation order: “group 7 of 20”, and the entries either side."""

    entry: Entry | None
    number: int | None
    count: int
    previous: Entry | None
    next: Entry | None


def presenting(entries, current):
    if current not in entries:
        return Presenting(None, None, len(entries), None, entries[0] if entries else None)
    index = entries.index(current)
    before = entries[index - 1] if index else None
    after = entries[index + 1] if index + 1 < len(entries) else None
    return Presenting(current, index + 1, len(entries), before, after)


def board_context(contest):
    """The progress board of the contest's latest round: for each member and entry the status of the
    scorecard (and its id, to unlock it while the round is open), never its points."""
    round = services.deciding_round(contest)
    board = scoring.progress(round)
    can_unlock = scoring.open_round_number(contest) == round.number
    unlock = link_maker("contests:unlock")
    rows = [
        (juror, [
            (entry, status, unlock(board.scorecard_ids[juror.pk, entry.pk]) if can_unlock and status == "submitted" else "")
            for entry, status in zip(board.entries, cells, strict=True)
        ])
        for juror, cells in board.rows
    ]
    return {"round": round, "board": board, "board_rows": rows, "can_unlock": can_unlock}


class MeetingView(MeetingMixin, generic.TemplateView):
    template_name = "contests/meeting.html"

    def get_context_data(self, **kwargs):
        contest, user = self.contest, self.request.user
        context = {**super().get_context_data(**kwargs), **board_context(contest)}
        return {
            **context,
            "presenting": presenting(context["board"].entries, contest.now_presenting),
            "can_mark_attendance": permissions.can_mark_attendance(user, contest),
            "transitions": workflow.available(user, contest),
            "rankings": [round for round in contest.rounds.all() if permissions.can_see_ranking(user, round)],
        }


class BoardView(MeetingMixin, generic.TemplateView):
    """The board alone, for the meeting page to poll."""

    template_name = "contests/_board.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **board_context(self.contest)}


class MeetingActionView(MeetingMixin, generic.View):
    """POST only: one button of the meeting page, then back to it (htmx swaps the page in place)."""

    http_method_names = ["post"]
    form_class = None

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, contest=self.contest)
        if form.is_valid():
            self.act(form)
        else:
            errors_as_messages(request, form)
        return redirect("contests:meeting", self.contest.pk)


class PresentView(MeetingActionView):
    form_class = PresentForm

    def act(self, form):
        services.set_now_presenting(self.contest, form.cleaned_data["entry"])


class AttendanceView(MeetingActionView):
    form_class = AttendanceForm

    def act(self, form):
        run_service(
            self.request, services.set_presence, form.cleaned_data["juror"], form.cleaned_data["present"],
            by=self.request.user,
        )


class UnlockView(MeetingMixin, generic.FormView):
    """The chair or an officer reopens a submitted scorecard for a change, with the reason."""

    form_class = UnlockForm
    template_name = "contests/unlock_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # MeetingMixin checks access to the scorecard's contest (none: 404).
        self.kwargs[self.contest_kwarg] = (
            Scorecard.objects.filter(pk=kwargs["scorecard_pk"]).values_list("entry__contest_id", flat=True).first()
        )

    @cached_property
    def scorecard(self):
        scorecards = Scorecard.objects.select_related("juror", "round", "entry__group", "entry__product")
        return get_object_or_404(scorecards, pk=self.kwargs["scorecard_pk"], entry__contest=self.contest)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "scorecard": self.scorecard}

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        if run_service(self.request, scoring.unlock, self.scorecard.pk, by=self.request.user, reason=reason):
            messages.success(self.request, _("Unlocked: %(member)s can now change the scorecard for %(entry)s.") % {
                "member": self.scorecard.juror, "entry": self.scorecard.entry,
            })
        return redirect("contests:meeting", self.contest.pk)


# The ranking

def scores_hidden(request, round):
    """403: the page exists, but a round's scores stay hidden until its scoring has closed."""
    context = {"contest": round.contest, "round": round, "hidden": True}
    return TemplateResponse(request, "contests/ranking.html", context, status=403)


def decisions(user, contest, round, ranking):
    """Which decisions this user may take now on this round's ranking (the services check again)."""
    moves = {(transition.source, transition.target) for transition in workflow.available(user, contest)}
    deciding = round == services.deciding_round(contest)
    can_cast_vote = (
        deciding and contest.state in services.CASTING_VOTE_STATES and permissions.runs_meeting(user, contest)
        and any(result.tied for result in ranking.results)
    )
    if contest.is_national:  # awards instead of a shortlist and a winner
        return {"can_cast_vote": can_cast_vote, "can_assign_awards": (S.SCORING_CLOSED, S.PUBLISHED) in moves}
    return {
        "can_shortlist": (S.SCORING_CLOSED, S.SHORTLISTED) in moves,
        "final_round_form": FinalRoundForm() if (S.SHORTLISTED, S.FINAL_SCORING_OPEN) in moves else None,
        "can_cast_vote": can_cast_vote,
        "can_select": deciding and (contest.state, S.WINNER_SELECTED) in moves,
        "can_send_no_entry": (contest.state, S.NO_ENTRY) in moves,
    }


class RankingView(LoginRequiredMixin, generic.TemplateView):
    """A round's ranking, for the officers and the panel once its scoring has closed."""

    template_name = "contests/ranking.html"

    @cached_property
    def round(self):
        user = self.request.user
        rounds = Round.objects.filter(
            Q(contest__in=Contest.objects.visible_to(user)) | Q(contest__in=Contest.objects.scored_by(user))
        )
        return get_object_or_404(rounds.select_related("contest__network__province", "rubric"), pk=self.kwargs["round_pk"])

    def get(self, request, *args, **kwargs):
        if not permissions.can_see_ranking(request.user, self.round):
            return scores_hidden(request, self.round)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        round, user = self.round, self.request.user
        contest, ranking = round.contest, scoring.ranking(round)
        return {
            **super().get_context_data(**kwargs),
            "contest": contest,
            "round": round,
            "ranking": ranking,
            "rows": [(result, [result.criteria.get(c.pk) for c in ranking.criteria]) for result in ranking.results],
            "rounds": contest.rounds.all(),
            "runs_meeting": permissions.runs_meeting(user, contest),
            **decisions(user, contest, round, ranking),
        }


# The decisions

class DecisionMixin:
    """A decision page (decision_form.html) after the access mixin in the bases: the form hands its
    data to `decide`; a refusal is shown as a message over the form, success leads to the ranking."""

    template_name = "contests/decision_form.html"
    title = intro = submit_label = success_message = ""

    @cached_property
    def round(self):
        return services.deciding_round(self.contest)

    def decide(self, form):
        raise NotImplementedError

    def get_success_url(self):
        return reverse("contests:ranking", args=[self.round.pk])

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": self.title, "intro": self.intro, "submit_label": self.submit_label,
            "cancel_url": self.get_success_url(),
        }

    def form_valid(self, form):
        if run_service(self.request, self.decide, form) is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return super().form_valid(form)


class RankedDecisionMixin(DecisionMixin):
    """A decision taken on the round's ranking: 403 while the round's scores are hidden."""

    @cached_property
    def ranking(self):
        return scoring.ranking(self.round)

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_see_ranking(request.user, self.round):
            return scores_hidden(request, self.round)
        return super().dispatch(request, *args, **kwargs)


class ShortlistView(ManagerMixin, RankedDecisionMixin, generic.FormView):
    form_class = ShortlistForm
    title = gettext_lazy("Record the shortlist")
    intro = gettext_lazy(
        "The top of the main round's ranking is ticked. Choosing other entries needs the committee's reason."
    )
    submit_label = gettext_lazy("Record the shortlist")
    success_message = gettext_lazy("The shortlist is recorded.")

    @cached_property
    def round(self):
        return self.contest.rounds.get(number=1)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ranking": self.ranking, "initial_count": self.contest.shortlist_size}

    def decide(self, form):
        entries, reason = form.cleaned_data["entries"], form.cleaned_data["reason"]
        return services.record_shortlist(self.contest, entries, reason, by=self.request.user)


class FinalRoundView(ManagerMixin, generic.View):
    """POST only, from the ranking page: the shortlist is scored again, on the same criteria or a copy."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = FinalRoundForm(request.POST)
        if not form.is_valid():
            errors_as_messages(request, form)
        else:
            contest = run_service(
                request, services.open_final_round, self.contest, by=request.user, own_criteria=form.own_criteria
            )
            if contest is not None and contest.state == S.SHORTLISTED:
                messages.success(request, _("Write the final round's criteria, then open the final round again."))
                return redirect("contests:round_criteria", contest.rounds.get(number=2).pk)
            if contest is not None:
                messages.success(request, _("The final round is open: the members score the shortlist."))
                return redirect("contests:meeting", self.contest.pk)
        return redirect("contests:ranking", self.contest.rounds.get(number=1).pk)


class CastingVoteView(MeetingMixin, RankedDecisionMixin, generic.FormView):
    form_class = CastingVoteForm
    title = gettext_lazy("The chair's casting vote")
    intro = gettext_lazy("These entries are still level after the tie-break rule. Give each its place in its group.")
    submit_label = gettext_lazy("Record the casting vote")
    success_message = gettext_lazy("The chair's casting vote is recorded.")

    @cached_property
    def tied(self):
        return [result for result in self.ranking.results if result.tied]

    def nothing_level(self):
        if self.tied:
            return None
        messages.info(self.request, _("No entries are level: there is nothing to decide by a casting vote."))
        return redirect(self.get_success_url())

    def get(self, request, *args, **kwargs):
        return self.nothing_level() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.nothing_level() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "tied": self.tied}

    def decide(self, form):
        return services.record_casting_vote(self.contest, form.cleaned_data["order"], by=self.request.user)


class SelectWinnerView(ManagerMixin, RankedDecisionMixin, generic.FormView):
    form_class = WinnerForm
    title = gettext_lazy("Select the winner")
    intro = gettext_lazy(
        "The top of the deciding round's ranking is chosen. Choosing another entry needs the committee's reason; "
        "a winner needs a quorum of members present without a conflict."
    )
    submit_label = gettext_lazy("Record the selection")
    success_message = gettext_lazy("The selection is recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ranking": self.ranking, "quota": self.contest.winners_quota}

    def decide(self, form):
        entries, reason = form.cleaned_data["entries"], form.cleaned_data["reason"]
        return services.select_winners(self.contest, entries, reason, by=self.request.user)


class NoEntryView(ManagerMixin, DecisionMixin, generic.FormView):
    form_class = NoEntryForm
    title = gettext_lazy("Send no entry this year")
    intro = gettext_lazy("The province sends no product to the national round. Record the committee's reason.")
    submit_label = gettext_lazy("Send no entry")
    success_message = gettext_lazy("Recorded: the province sends no entry this year.")

    def decide(self, form):
        return services.send_no_entry(self.contest, form.cleaned_data["reason"], by=self.request.user)


urlpatterns = [
    path("<int:contest_pk>/meeting/", MeetingView.as_view(), name="meeting"),
    path("<int:contest_pk>/meeting/board/", BoardView.as_view(), name="meeting_board"),
    path("<int:contest_pk>/meeting/present/", PresentView.as_view(), name="present"),
    path("<int:contest_pk>/meeting/attendance/", AttendanceView.as_view(), name="attendance"),
    path("scorecards/<int:scorecard_pk>/unlock/", UnlockView.as_view(), name="unlock"),
    path("rounds/<int:round_pk>/ranking/", RankingView.as_view(), name="ranking"),
    path("<int:contest_pk>/shortlist/", ShortlistView.as_view(), name="shortlist"),
    path("<int:contest_pk>/final-round/", FinalRoundView.as_view(), name="final_round"),
    path("<int:contest_pk>/casting-vote/", CastingVoteView.as_view(), name="casting_vote"),
    path("<int:contest_pk>/select/", SelectWinnerView.as_view(), name="select_winner"),
    path("<int:contest_pk>/no-entry/", NoEntryView.as_view(), name="no_entry"),
]
