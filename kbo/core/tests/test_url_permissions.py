"""Every URL of the officers' workspace, requested as every persona.

The URLs are discovered from the `networks` and `products` namespaces, not listed by hand: a new
URL that is missing from `URLS` below fails `test_every_workspace_url_is_declared`. What each
persona should get follows from the URL's kind:

- everyone signed out is sent to the login page (302);
- a committee member, or a user without a role, is refused (403);
- a URL about an object (a row of Ubon Ratchathani here) is a 404 for Chachoengsao's officer;
- POST-only URLs answer 405 to a GET from anyone allowed in;
- the national dashboard is for national admins only (403 for officers).
"""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from PIL import Image

from kbo.accounts.tests.factories import UserFactory
from networks.models import KnowledgePartner
from networks.tests.factories import CommitteeMemberFactory
from products import importing
from products.models import ProductPhoto
from products.tests.factories import (
    CohortFactory,
    EnrollmentFactory,
    ProductFactory,
    TraineeFactory,
    TrainingSessionFactory,
)
from products.tests.test_importing import group_row, workbook_bytes

pytestmark = pytest.mark.permissions

PAGE, OBJECT, POST_ONLY, NATIONAL, MINE = "page", "object", "post-only", "national", "mine"

# url name: (kind, the object its URL arguments name, or None)
URLS = {
    "networks:network_list": (PAGE, None),
    "networks:network_create": (PAGE, None),
    "networks:network_detail": (OBJECT, "network"),
    "networks:network_update": (OBJECT, "network"),
    "networks:partner_create": (OBJECT, "network"),
    "networks:partner_list": (PAGE, None),
    "networks:partner_update": (OBJECT, "partner"),
    "networks:partner_delete": (OBJECT, "partner"),
    "networks:committee_list": (PAGE, None),
    "networks:committee_create": (PAGE, None),
    "networks:committee_detail": (OBJECT, "committee"),
    "networks:committee_update": (OBJECT, "committee"),
    "networks:committee_copy": (POST_ONLY, "committee"),
    "networks:committee_members_xlsx": (OBJECT, "committee"),
    "networks:member_create": (OBJECT, "committee"),
    "networks:member_update": (OBJECT, "member"),
    "networks:member_delete": (OBJECT, "member"),
    "products:group_list": (PAGE, None),
    "products:group_create": (PAGE, None),
    "products:group_detail": (OBJECT, "group"),
    "products:group_update": (OBJECT, "group"),
    "products:group_delete": (OBJECT, "group"),
    "products:product_create": (OBJECT, "group"),
    "products:product_list": (PAGE, None),
    "products:product_detail": (OBJECT, "product"),
    "products:product_update": (OBJECT, "product"),
    "products:product_delete": (OBJECT, "product"),
    "products:product_photo_add": (POST_ONLY, "product"),
    "products:product_photo_delete": (POST_ONLY, "photo"),
    "products:address_districts": (PAGE, None),
    "products:address_subdistricts": (PAGE, None),
    "products:address_postal_codes": (PAGE, None),
    "products:cohort_list": (PAGE, None),
    "products:cohort_create": (PAGE, None),
    "products:cohort_detail": (OBJECT, "cohort"),
    "products:cohort_update": (OBJECT, "cohort"),
    "products:enrollment_create": (OBJECT, "cohort"),
    "products:enrollment_delete": (OBJECT, "enrollment"),
    "products:trainee_create": (OBJECT, "enrollment"),
    "products:trainee_update": (OBJECT, "trainee"),
    "products:trainee_delete": (OBJECT, "trainee"),
    "products:session_create": (OBJECT, "cohort"),
    "products:session_attendance": (OBJECT, "session"),
    "products:import_groups": (PAGE, None),
    "products:import_template": (PAGE, None),
    "products:import_preview": (MINE, "upload"),
    "products:import_commit": (POST_ONLY, "upload"),
    "products:dashboard": (PAGE, None),
    "products:national_dashboard": (NATIONAL, None),
}

PERSONAS = ["anonymous", "plain_user", "committee_member", "chachoengsao_officer", "ubon_officer", "national_admin"]


def discovered_urls():
    """(name, argument names) of every URL in the workspace's namespaces."""
    resolver = get_resolver()
    return [
        (f"{namespace}:{pattern.name}", list(pattern.pattern.converters))
        for namespace in ("networks", "products")
        for pattern in resolver.namespace_dict[namespace][1].url_patterns
    ]


def expected_status(kind, persona):
    if persona == "anonymous":
        return 302
    if persona in {"plain_user", "committee_member"}:
        return 403
    if kind == POST_ONLY:
        return 405
    if kind == NATIONAL:
        return 200 if persona == "national_admin" else 403
    if kind == MINE:  # an import waiting for the Ubon officer who uploaded it
        return 200 if persona == "ubon_officer" else 404
    if kind == OBJECT and persona == "chachoengsao_officer":
        return 404
    return 200


@pytest.fixture
def ubon_rows(ubon_committee, ubon_officer):
    """One row of every kind a workspace URL names, all in Ubon Ratchathani."""
    network = ubon_committee.network
    member = CommitteeMemberFactory(committee=ubon_committee)
    product = ProductFactory()
    image = BytesIO()
    Image.new("RGB", (8, 8), "green").save(image, "JPEG")
    trainee = TraineeFactory(enrollment=EnrollmentFactory(cohort=CohortFactory(), group=product.group))
    return {
        "network": network,
        "partner": KnowledgePartner.objects.create(network=network, name="มหาวิทยาลัยราชภัฏอุบลราชธานี", kind="education"),
        "committee": member.committee,
        "member": member,
        "group": product.group,
        "product": product,
        "photo": ProductPhoto.objects.create(product=product, image=ContentFile(image.getvalue(), "photo.jpg")),
        "cohort": trainee.enrollment.cohort,
        "enrollment": trainee.enrollment,
        "trainee": trainee,
        "session": TrainingSessionFactory(cohort=trainee.enrollment.cohort),
        "upload": importing.store_upload(SimpleUploadedFile("groups.xlsx", workbook_bytes([group_row()])), ubon_officer),
    }


def test_every_workspace_url_is_declared():
    assert sorted(name for name, _ in discovered_urls()) == sorted(URLS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_workspace_url_answers_each_persona_as_declared(client, request, persona, ubon_rows, national_admin):
    if persona == "plain_user":
        client.force_login(UserFactory(username="nobody"))
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    answers = {}
    for name, arguments in discovered_urls():
        kind, row = URLS[name]
        value = ubon_rows[row] if row else None
        kwargs = {argument: value if isinstance(value, str) else value.pk for argument in arguments}
        answers[name] = client.get(reverse(name, kwargs=kwargs)).status_code
    expected = {name: expected_status(URLS[name][0], persona) for name in answers}
    if persona == "national_admin":
        expected["products:dashboard"] = 302  # national admins land on the national dashboard
    assert answers == expected
