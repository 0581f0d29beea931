"""The home page's cards: each app offers what its part of KBO asks of the user next.

An app contributes by giving its AppConfig a `home_cards(user)` method returning `HomeCard`s;
this keeps the home page in `kbo` while the knowledge of networks, products and contests stays in
their own apps (dependencies point from the apps to `kbo`, never back).
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class HomeCard:
    title: str
    text: str
    url: str = ""
    action: str = ""


def home_cards(user):
    cards = []
    for config in apps.get_app_configs():
        provider = getattr(config, "home_cards", None)
        if provider is not None:
            cards.extend(provider(user))
    return cards
