from contests.views import documents, meeting, scoring, setup

app_name = "contests"
urlpatterns = [*setup.urlpatterns, *meeting.urlpatterns, *scoring.urlpatterns, *documents.urlpatterns]
