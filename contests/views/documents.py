"""PLACEHOLDER: every URL of this module answers 404 until its views are written."""

from django.http import Http404
from django.urls import path


def placeholder(request, **kwargs):
    raise Http404


urlpatterns = [
    path("<int:contest_pk>/jurors/<int:juror_pk>/score-sheet.pdf", placeholder, name="score_sheet_pdf"),
    path("<int:contest_pk>/score-sheets.pdf", placeholder, name="score_sheets_pdf"),
    path("rounds/<int:round_pk>/ranking.pdf", placeholder, name="ranking_pdf"),
    path("<int:contest_pk>/record.pdf", placeholder, name="record_pdf"),
    path("<int:contest_pk>/scores.xlsx", placeholder, name="scores_xlsx"),
    path("entries/<int:entry_pk>/feedback/", placeholder, name="feedback"),
    path("entries/<int:entry_pk>/feedback.xlsx", placeholder, name="feedback_xlsx"),
]
