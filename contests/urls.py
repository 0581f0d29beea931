from contests.views import documents, meeting, national, results, scoring, setup, submissions

app_name = "contests"
urlpatterns = [
    *setup.urlpatterns, *meeting.urlpatterns, *scoring.urlpatterns, *documents.urlpatterns,
    *submissions.urlpatterns, *national.urlpatterns, *results.urlpatterns,
]
