"""What the home page asks of each role about networks and committees."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from kbo.core.home import HomeCard
from kbo.geography.models import Province
from networks.models import CommitteeMember, Network


def home_cards(user):
    cards = []
    if user.sees_all_provinces:
        registered = Network.objects.count()
        cards.append(
            HomeCard(
                _("KBO networks"),
                _("%(count)s of %(total)s provinces have registered their network.")
                % {"count": registered, "total": Province.objects.count()},
                reverse("networks:network_list"),
                _("Open the register"),
            )
        )
    elif user.is_officer:
        networks = {n.province_id: n for n in Network.objects.visible_to(user).annotate(
            committees_count=Count("committees"))}
        for province in Province.objects.visible_to(user):
            network = networks.get(province.code)
            if network is None:
                cards.append(
                    HomeCard(
                        province.name,
                        _("Your province's KBO network is not registered yet."),
                        reverse("networks:network_create"),
                        _("Register the network"),
                    )
                )
            else:
                cards.append(
                    HomeCard(
                        network.name,
                        _("%(count)s committees on record.") % {"count": network.committees_count},
                        network.get_absolute_url(),
                        _("Open the network"),
                    )
                )
    for membership in CommitteeMember.objects.filter(user=user).select_related("committee__network"):
        cards.append(
            HomeCard(
                str(membership.committee),
                _("You sit on this committee as %(role)s. Scoring opens when the provincial office opens the contest.")
                % {"role": membership.get_role_display()},
            )
        )
    return cards
