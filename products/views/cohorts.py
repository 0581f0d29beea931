"""cohorts pages of the officers' workspace."""

urlpatterns = []
