"""dashboards pages of the officers' workspace."""

urlpatterns = []
