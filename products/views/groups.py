"""groups pages of the officers' workspace."""

urlpatterns = []
