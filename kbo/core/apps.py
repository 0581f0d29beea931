from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kbo.core"
    label = "core"
    verbose_name = _("KBO core")

    def ready(self):
        from kbo.core import audit

        audit.register()
