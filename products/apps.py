from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Producer groups and products")

    def home_cards(self, user):
        from products.home import home_cards

        return home_cards(user)
