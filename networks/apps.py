from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("KBO networks and committees")

    def home_cards(self, user):
        from networks.home import home_cards

        return home_cards(user)
