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

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from contests import documents, exports, permissions
from contests.views.base import PanelContestMixin


class ScoresMixin(PanelContestMixin):
    """For the contest's officers and its panel, once its scores may be seen."""

    officers_only = False

    def allows(self, user, contest):
        return self.may_see(contest) and (permissions.manages(user, contest) or not self.officers_only)

    def may_see(self, contest):
        return permissions.can_see_scores(self.request.user, contest)


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
    contest_lookup, contest_kwarg = "rounds__pk", "round_pk"

    def may_see(self, contest):
        self.round = contest.rounds.select_related("rubric").get(pk=self.kwargs["round_pk"])
        self.round.contest = contest
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
    contest_lookup, contest_kwarg, officers_only = "entries__pk", "entry_pk", True

    @cached_property
    def entry(self):
        entry = get_object_or_404(self.contest.entries.select_related("group", "product"), pk=self.kwargs["entry_pk"])
        entry.contest = self.contest
        return entry


class FeedbackPage(EntryMixin, TemplateView):
    template_name = "contests/feedback.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "feedback": exports.feedback(self.entry)}


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
