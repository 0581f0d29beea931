from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from kbo.accounts.backends import demo_accounts_allowed
from kbo.accounts.models import User


@register(Tags.security, deploy=True)
def demo_accounts_check(app_configs, **kwargs):
    """`check --deploy`: the demo and benchmark seeds' accounts have published passwords. KBO refuses
    them with DEBUG off, but they do not belong in a production database at all. A database that
    does not answer, or has no tables yet, has no such accounts to warn about."""
    if demo_accounts_allowed():
        return []
    try:
        usernames = list(User.objects.filter(is_demo=True).order_by("username").values_list("username", flat=True))
    except DatabaseError:
        return []
    if not usernames:
        return []
    return [
        Warning(
            f"The database holds {len(usernames)} demo account(s) with a published password: "
            f"{', '.join(usernames[:10])}.",
            hint="They cannot sign in while DEBUG is off; delete them (admin: Users, filter “demo account”).",
            id="accounts.W001",
        )
    ]
