from products.views import cohorts, dashboards, groups, imports

app_name = "products"
urlpatterns = [*groups.urlpatterns, *cohorts.urlpatterns, *imports.urlpatterns, *dashboards.urlpatterns]
