from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kbo.core.health import health
from kbo.core.home import home_cards
from kbo.core.thaidates import current_fiscal_year


@login_required
def home(request):
    return render(
        request,
        "home.html",
        {"cards": home_cards(request.user), "roles": request.user.role_names(), "fiscal_year": current_fiscal_year()},
    )


def about(request):
    return render(request, "about.html")


@never_cache
@require_GET
def healthz(request):
    ok, state = health()
    return JsonResponse({"status": "ok" if ok else "error", **state}, status=200 if ok else 503)


# What KBO itself stores under MEDIA_ROOT: photos it re-encoded (products/images.py).
MEDIA_SUFFIXES = {".jpg", ".png"}


@require_GET
def media(request, path):
    """An uploaded photo. Served by KBO in every mode (a proxy in front may serve MEDIA_ROOT itself
    with the same headers): only the image types KBO writes, never a listing, and with a policy under
    which a file posing as a photo could run nothing even if a browser sniffed it (nosniff is set for
    every response by SecurityMiddleware)."""
    if PurePosixPath(path).suffix.lower() not in MEDIA_SUFFIXES:
        raise Http404(path)
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response
