"""imports pages of the officers' workspace."""

urlpatterns = []
