"""The contest's documents: score sheets, the ranking sheet and the selection record (PDF), the
scores in Excel, and the feedback for a group.

Who may download, once scoring has closed (before that, and while a final round is being scored,
these answer 403 — scores stay hidden, `can_see_scores`; a round's ranking sheet follows
`can_see_ranking`, so the main round's may be printed while the final round is scored):
- the province's officers and national admins: everything;
- a member of the contest's panel: their own score sheet, the ranking sheet and the record (403 for
  the rest);
- anyone else: 404, as for any contest outside their provinces and panels.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from contests import documents, exports, permissions
from contests.models import Contest


class ScoresMixin(LoginRequiredMixin):
    """The contest the URL leads to (through `contest_lookup`), for its officers and its panel."""

    contest_lookup = "pk"
    url_kwarg = "contest_pk"
    officers_only = False

    @cached_property
    def visible_contest(self):
        user = self.request.user
        contests = Contest.objects.select_related("network__province")
        lookup = {self.contest_lookup: self.kwargs[self.url_kwarg]}
        visible = contests.visible_to(user).filter(**lookup).first()
        return visible or get_object_or_404(contests.scored_by(user), **lookup)

    def may_see(self, contest):
        return permissions.can_see_scores(self.request.user, contest)

    @cached_property
    def contest(self):
        contest = self.visible_contest
        if not self.may_see(contest) or self.officers_only and not permissions.manages(self.request.user, contest):
            raise PermissionDenied
        return contest

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.contest  # noqa: B018 — 404/403 before any work
        return super().dispatch(request, *args, **kwargs)


class ScoreSheetPdf(ScoresMixin, View):
    def get(self, request, contest_pk, juror_pk):
        juror = get_object_or_404(self.contest.jurors, pk=juror_pk)
        if not (permissions.manages(request.user, self.contest) or juror.user_id == request.user.pk):
            raise PermissionDenied
        return documents.pdf_response(documents.score_sheets(self.contest, [juror]))


class ScoreSheetsPdf(ScoresMixin, View):
    officers_only = True

    def get(self, request, contest_pk):
        return documents.pdf_response(documents.score_sheets(self.contest, documents.sheet_jurors(self.contest)))


class RankingPdf(ScoresMixin, View):
    contest_lookup, url_kwarg = "rounds__pk", "round_pk"

    @cached_property
    def round(self):
        round = self.visible_contest.rounds.select_related("rubric").get(pk=self.kwargs["round_pk"])
        round.contest = self.visible_contest
        return round

    def may_see(self, contest):
        return permissions.can_see_ranking(self.request.user, self.round)

    def get(self, request, round_pk):
        return documents.pdf_response(documents.ranking_sheet(self.round))


class RecordPdf(ScoresMixin, View):
    def get(self, request, contest_pk):
        return documents.pdf_response(documents.selection_record(self.contest))


class ScoresXlsx(ScoresMixin, View):
    officers_only = True

    def get(self, request, contest_pk):
        return exports.scores_response(self.contest)


class EntryMixin(ScoresMixin):
    contest_lookup, url_kwarg, officers_only = "entries__pk", "entry_pk", True

    @cached_property
    def entry(self):
        entry = get_object_or_404(self.contest.entries.select_related("group", "product"), pk=self.kwargs["entry_pk"])
        entry.contest = self.contest
        return entry


class FeedbackPage(EntryMixin, TemplateView):
    template_name = "contests/feedback.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "contest": self.contest, "feedback": exports.feedback(self.entry)}


class FeedbackXlsx(EntryMixin, View):
    def get(self, request, entry_pk):
        return exports.feedback_response(self.entry)


urlpatterns = [
    path("<int:contest_pk>/jurors/<int:juror_pk>/score-sheet.pdf", ScoreSheetPdf.as_view(), name="score_sheet_pdf"),
    path("<int:contest_pk>/score-sheets.pdf", ScoreSheetsPdf.as_view(), name="score_sheets_pdf"),
    path("rounds/<int:round_pk>/ranking.pdf", RankingPdf.as_view(), name="ranking_pdf"),
    path("<int:contest_pk>/record.pdf", RecordPdf.as_view(), name="record_pdf"),
    path("<int:contest_pk>/scores.xlsx", ScoresXlsx.as_view(), name="scores_xlsx"),
    path("entries/<int:entry_pk>/feedback/", FeedbackPage.as_view(), name="feedback"),
    path("entries/<int:entry_pk>/feedback.xlsx", FeedbackXlsx.as_view(), name="feedback_xlsx"),
]
