from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kbo.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from kbo.accounts import checks  # noqa: F401  (registers the system checks)
