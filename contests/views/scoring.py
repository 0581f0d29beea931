"""PLACEHOLDER: every URL of this module answers 404 until its views are written."""

from django.http import Http404
from django.urls import path


def placeholder(request, **kwargs):
    raise Http404


urlpatterns = [
    path("score/", placeholder, name="my_contests"),
    path("score/<int:contest_pk>/", placeholder, name="score_home"),
    path("score/<int:contest_pk>/now/", placeholder, name="score_now"),
    path("score/entries/<int:entry_pk>/", placeholder, name="score_entry"),
    path("score/entries/<int:entry_pk>/conflict/", placeholder, name="declare_conflict"),
]
