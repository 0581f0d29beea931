"""What the home page asks of officers and national admins about producer groups and cohorts."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kbo.core.home import HomeCard
from products.models import Cohort, ProducerGroup, Product


def home_cards(user):
    if not (user.sees_all_provinces or user.is_officer):
        return []
    cards = [
        HomeCard(
            _("Producer groups and products"),
            _("%(groups)s producer groups with %(products)s products.")
            % {
                "groups": ProducerGroup.objects.visible_to(user).count(),
                "products": Product.objects.visible_to(user).count(),
            },
            reverse("products:group_list"),
            _("Producer groups"),
        )
    ]
    cohort = Cohort.objects.visible_to(user).select_related("province").order_by("-fiscal_year").first()
    if cohort is not None:
        cards.append(
            HomeCard(
                str(cohort),
                _("%(groups)s groups enrolled; contractor: %(contractor)s.")
                % {"groups": cohort.enrollments.count(), "contractor": cohort.contractor or "-"},
                cohort.get_absolute_url(),
                _("Open the cohort"),
            )
        )
    return cards
