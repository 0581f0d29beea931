from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from kbo.core.views import media

urlpatterns = [
    path("", include("kbo.core.urls")),
    path("accounts/", include("kbo.accounts.urls")),
    path("register/", include("networks.urls")),
    path("register/", include("products.urls")),
    path("contests/", include("contests.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media, name="media"),
]

if settings.BENCHMARK:  # `make bench`: the floor pages (kbo/core/floor.py)
    urlpatterns.append(path("bench/", include("kbo.core.floor")))
