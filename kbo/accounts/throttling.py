"""Sign-in throttling with django-axes (settings: the sign-in block), in words people understand.

Axes counts failed sign-ins per username and address together and, at the limit, refuses that
username from that address until the cool-off has passed. The refusal reads like the sign-in page's
other errors (`LoginForm`), and the same for a username that does not exist, so the lock tells
nobody whether an account exists.
"""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.utils.translation import ngettext


def client_ip(request):
    """The address failures are counted against (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT proxies, each appends the address it saw to X-Forwarded-For, so the
    client is that many entries from the right; entries further left come from the client itself
    and may be forged.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_message(request):
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return ngettext(
        "Too many failed attempts to log in with this username from your network. "
        "Wait %(minutes)d minute, then try again.",
        "Too many failed attempts to log in with this username from your network. "
        "Wait %(minutes)d minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(request, response, credentials):
    """AXES_LOCKOUT_CALLABLE: the sign-in page `LoginForm` rendered with the lockout message, as
    429 Too Many Requests, instead of axes' bare text page."""
    response.status_code = 429
    return response
