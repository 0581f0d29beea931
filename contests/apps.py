from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Contests")

    def home_cards(self, user):
        from contests.home import home_cards

        return home_cards(user)
