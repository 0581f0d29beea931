from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
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
