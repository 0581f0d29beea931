from contests.views import documents, meeting, national, reminders, results, scoring, setup, submissions

app_name = "contests"
urlpatterns = [
    *setup.urlpatterns, *meeting.urlpatterns, *scoring.urlpatterns, *documents.urlpatterns,
    *submissions.urlpatterns, *national.urlpatterns, *results.urlpatterns, *reminders.urlpatterns,
]
