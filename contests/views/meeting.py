"""PLACEHOLDER: every URL of this module answers 404 until its views are written."""

from django.http import Http404
from django.urls import path


def placeholder(request, **kwargs):
    raise Http404


urlpatterns = [
    path("<int:contest_pk>/meeting/", placeholder, name="meeting"),
    path("<int:contest_pk>/meeting/board/", placeholder, name="meeting_board"),
    path("<int:contest_pk>/meeting/present/", placeholder, name="present"),
    path("<int:contest_pk>/meeting/attendance/", placeholder, name="attendance"),
    path("scorecards/<int:scorecard_pk>/unlock/", placeholder, name="unlock"),
    path("rounds/<int:round_pk>/ranking/", placeholder, name="ranking"),
    path("<int:contest_pk>/shortlist/", placeholder, name="shortlist"),
    path("<int:contest_pk>/final-round/", placeholder, name="final_round"),
    path("<int:contest_pk>/casting-vote/", placeholder, name="casting_vote"),
    path("<int:contest_pk>/select/", placeholder, name="select_winner"),
    path("<int:contest_pk>/no-entry/", placeholder, name="no_entry"),
]
