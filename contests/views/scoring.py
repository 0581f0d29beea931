"""A committee member scoring on a phone during the meeting.

- `my_contests`: the contests the user sits on.
- `score_home`: the meeting screen — who presents now, the member's progress (a fragment the phone
  re-reads every few seconds from `score_now`) and the entries they score, with their status.
- `score_entry`: one entry's scoring form. Every save goes through `scoring.save_scorecard`; the
  page's script saves a draft as the member types and answers in JSON, and the page works as a
  plain form without it.
- `declare_conflict`: the member declares that they must leave the room for a group.

Everyone but the contest's panel gets a 404 (`JurorMixin`); a conflicted entry is a 404 for its member.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic

from contests import permissions, scoring, services
from contests.models import Contest, Entry, Scorecard
from contests.scoring_forms import ConflictForm, plain, points_from, score_rows
from contests.views.base import CONTEST_RELATED, JurorMixin
from products.models import ProductPhoto


class MyContestsView(LoginRequiredMixin, generic.TemplateView):
    template_name = "contests/my_contests.html"

    def get_context_data(self, **kwargs):
        contests = list(Contest.objects.scored_by(self.request.user).select_related("network__province"))
        for contest in contests:
            contest.scoring_round = scoring.open_round_number(contest)
        return {**super().get_context_data(**kwargs), "contests": contests}


@dataclass
class Meeting:
    """What the member's meeting screen shows; `round` is None while scoring is not open."""

    round: object = None
    entries: list = field(default_factory=list)  # the member's entries, each with `.card_status`
    position: int | None = None  # of the entry presenting now, among all the round's entries
    presenting_count: int = 0
    now_presenting: Entry | None = None  # None when the member has a conflict with it
    now_conflicted: bool = False
    submitted: int = 0


def meeting(contest, juror):
    number = scoring.open_round_number(contest)
    if number is None:
        return Meeting()
    round = contest.rounds.get(number=number)
    order = list(Entry.objects.in_round(round).values_list("pk", flat=True))
    entries = list(Entry.objects.for_juror(juror).in_round(round).select_related("group", "product"))
    statuses = dict(Scorecard.objects.filter(round=round, juror=juror).values_list("entry_id", "status"))
    for entry in entries:
        entry.card_status = statuses.get(entry.pk, "")
    result = Meeting(round, entries, submitted=sum(entry.card_status == "submitted" for entry in entries))
    if contest.now_presenting_id in order:
        result.position, result.presenting_count = order.index(contest.now_presenting_id) + 1, len(order)
        mine = {entry.pk: entry for entry in entries}
        result.now_presenting = mine.get(contest.now_presenting_id)
        result.now_conflicted = result.now_presenting is None
    return result


class ConflictLinkMixin:
    def get_context_data(self, **kwargs):
        may = permissions.can_declare_conflict(self.juror, self.contest)
        return {**super().get_context_data(**kwargs), "can_declare_conflict": may}


class ScoreHomeView(ConflictLinkMixin, JurorMixin, generic.TemplateView):
    template_name = "contests/score_home.html"

    def get_context_data(self, **kwargs):
        status = meeting(self.contest, self.juror)
        conflict_entries = status.entries if status.round else Entry.objects.for_juror(self.juror).select_related(
            "group", "product"
        )
        return {**super().get_context_data(**kwargs), "meeting": status, "conflict_entries": conflict_entries}


class ScoreNowView(JurorMixin, generic.TemplateView):
    template_name = "contests/_now_presenting.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "meeting": meeting(self.contest, self.juror)}


class EntryJurorMixin(JurorMixin):
    """The panel seat comes from the entry's contest; the entry from the member's entries (in the
    open round, when one is open)."""

    @cached_property
    def contest(self):
        contests = Contest.objects.scored_by(self.request.user).select_related(*CONTEST_RELATED)
        return get_object_or_404(contests.filter(entries=self.kwargs["entry_pk"]))

    @cached_property
    def round(self):
        number = scoring.open_round_number(self.contest)
        rounds = self.contest.rounds.select_related("rubric").prefetch_related("rubric__criteria")
        return rounds.filter(number=number).first() if number else None

    @cached_property
    def entry(self):
        entries = Entry.objects.for_juror(self.juror).select_related("group", "product")
        if self.round is not None:
            entries = entries.in_round(self.round)
        return get_object_or_404(entries, pk=self.kwargs["entry_pk"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry  # noqa: B018 — 404 before any work
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "entry": self.entry}


class ScoreEntryView(ConflictLinkMixin, EntryJurorMixin, generic.TemplateView):
    template_name = "contests/score_entry.html"

    def get_context_data(self, posted=None, errors=None, message="", **kwargs):
        context = super().get_context_data(**kwargs)
        if self.entry.product_id:
            context["photo"] = ProductPhoto.objects.filter(product_id=self.entry.product_id).first()
        if self.round is None:
            return context
        criteria = list(self.round.rubric.criteria.all())
        scorecard = (
            Scorecard.objects.filter(round=self.round, entry=self.entry, juror=self.juror)
            .prefetch_related("scores").first()
        )
        return {
            **context,
            "round": self.round,
            "scorecard": scorecard,
            "rows": score_rows(criteria, scorecard, posted, errors),
            "total": plain(scorecard.total) if scorecard else "0",
            "max_total": plain(self.round.rubric.max_total),
            "advice": posted["advice"] if posted else (scorecard.advice if scorecard else ""),
            "message": message,
        }

    def post(self, request, entry_pk):
        points, advice = points_from(request.POST), request.POST.get("advice")
        submit = request.POST.get("action") == "submit"
        as_json = request.get_preferred_type(["text/html", "application/json"]) == "application/json"
        try:
            scorecard = scoring.save_scorecard(request.user, self.entry.pk, points, advice, submit=submit)
        except scoring.ScoringError as error:
            return self.refused(error, points, advice, as_json)
        if as_json:
            return JsonResponse({
                "status": scorecard.status, "total": str(scorecard.total), "saved_at": scorecard.updated_at.isoformat(),
            })
        if scorecard.submitted:
            messages.success(request, _("Your scores for %(entry)s are submitted.") % {"entry": self.entry})
            return redirect("contests:score_home", self.contest.pk)
        messages.success(request, _("Draft saved."))
        return redirect("contests:score_entry", self.entry.pk)

    def refused(self, error, points, advice, as_json):
        """400 for input the member can correct, 409 for a refusal no retry can fix."""
        if hasattr(error, "error_dict"):
            errors = {name: texts[0] for name, texts in error.message_dict.items()}
            message, status = _("Check the marked scores."), 400
        else:
            errors, message = {}, error.messages[0]
            status = 400 if error.code in scoring.ScoringError.FIXABLE else 409
        if as_json:
            body = {"errors": errors, "message": message} if status == 400 else {"message": message}
            return JsonResponse(body, status=status)
        context = self.get_context_data(posted={**points, "advice": advice or ""}, errors=errors, message=message)
        return self.render_to_response(context, status=status)


class DeclareConflictView(EntryJurorMixin, generic.FormView):
    template_name = "contests/declare_conflict.html"
    form_class = ConflictForm

    @cached_property
    def round(self):
        return None  # a conflict may be declared for any of the member's entries

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_declare_conflict(self.juror, self.contest):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        services.record_conflict(
            self.juror, self.entry, data["grounds"], data["note"], by=self.request.user, by_member=True
        )
        messages.success(self.request, _(
            "Your conflict with %(entry)s is recorded: you will leave the room while this group presents, "
            "and it is no longer on your list."
        ) % {"entry": self.entry})
        return redirect("contests:score_home", self.contest.pk)


urlpatterns = [
    path("score/", MyContestsView.as_view(), name="my_contests"),
    path("score/<int:contest_pk>/", ScoreHomeView.as_view(), name="score_home"),
    path("score/<int:contest_pk>/now/", ScoreNowView.as_view(), name="score_now"),
    path("score/entries/<int:entry_pk>/", ScoreEntryView.as_view(), name="score_entry"),
    path("score/entries/<int:entry_pk>/conflict/", DeclareConflictView.as_view(), name="declare_conflict"),
]
