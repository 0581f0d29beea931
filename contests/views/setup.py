"""PLACEHOLDER: every URL of this module answers 404 until its views are written."""

from django.http import Http404
from django.urls import path


def placeholder(request, **kwargs):
    raise Http404


urlpatterns = [
    path("", placeholder, name="contest_list"),
    path("add/", placeholder, name="contest_create"),
    path("<int:contest_pk>/", placeholder, name="contest_detail"),
    path("<int:contest_pk>/edit/", placeholder, name="contest_update"),
    path("<int:contest_pk>/copy/", placeholder, name="contest_copy"),
    path("rounds/<int:round_pk>/criteria/", placeholder, name="round_criteria"),
    path("<int:contest_pk>/entries/add/", placeholder, name="entry_create"),
    path("entries/<int:entry_pk>/", placeholder, name="entry_detail"),
    path("entries/<int:entry_pk>/edit/", placeholder, name="entry_update"),
    path("entries/<int:entry_pk>/withdraw/", placeholder, name="entry_withdraw"),
    path("<int:contest_pk>/draw/", placeholder, name="draw_order"),
    path("<int:contest_pk>/order/", placeholder, name="set_order"),
    path("<int:contest_pk>/panel/sync/", placeholder, name="panel_sync"),
    path("<int:contest_pk>/conflicts/add/", placeholder, name="conflict_create"),
    path("<int:contest_pk>/advance/<str:state>/", placeholder, name="advance"),
]
