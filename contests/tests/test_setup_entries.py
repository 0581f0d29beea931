"""The officer's contest set-up, continued: entries and the cohort, withdrawals, the presentation
order, the scoring panel and conflicts of interest."""

from django.urls import reverse

from contests import services
from contests.enums import ContestKind, ContestState, EventAction
from contests.models import Conflict, Contest, ContestEvent, Entry, Juror
from contests.tests.factories import EntryFactory
from contests.tests.setup_fixtures import (  # noqa: F401 — fixtures
    chair, client, cohort_group, contest, messages_of, set_state, template,
)
from networks.tests.factories import CommitteeMemberFactory
from products.tests.factories import ProducerGroupFactory, ProductFactory


# Entries

def test_entry_group_choices_list_the_years_cohort_first(client, contest, cohort_group, ubon_officer):
    outsider = ProducerGroupFactory(name="กลุ่มนอกโครงการ")
    ProducerGroupFactory(name="กลุ่มฉะเชิงเทรา", subdistrict_id="240113", postal_code="24000")
    client.force_login(ubon_officer)
    form = client.get(reverse("contests:entry_create", args=[contest.pk])).context["form"]
    groups = form.fields["group"].choices
    assert groups[1] == ("In the FY 2565 development cohort", [(cohort_group.pk, "กลุ่มในโครงการ")])
    assert groups[2][0] == "Other groups of the province"
    assert (outsider.pk, "กลุ่มนอกโครงการ") in groups[2][1]
    assert "กลุ่มฉะเชิงเทรา" not in str(groups)


def test_an_entry_from_outside_the_cohort_needs_a_reason(client, contest, cohort_group, ubon_officer):
    outsider = ProductFactory()
    inside = ProductFactory(group=cohort_group)
    url = reverse("contests:entry_create", args=[contest.pk])
    client.force_login(ubon_officer)
    response = client.post(url, {"group": outsider.group.pk, "product": outsider.pk})
    assert response.context["form"].errors == {"outside_cohort_reason": [
        f"{outsider.group.name} was not in this fiscal year's development cohort: write why it enters."
    ]}
    data = {"group": outsider.group.pk, "product": outsider.pk, "outside_cohort_reason": "ได้ 5 ดาว"}
    response = client.post(url, data)
    assert response.url == contest.get_absolute_url()
    response = client.post(url, {"group": inside.group.pk, "product": inside.pk, "presentation_order": "1"})
    assert response.url == contest.get_absolute_url()
    assert list(contest.entries.filter(group__in=[outsider.group, inside.group]).values_list(
        "product__name", "outside_cohort_reason", "presentation_order"
    ).order_by("id")) == [(outsider.name, "ได้ 5 ดาว", None), (inside.name, "", 1)]


def test_the_product_must_belong_to_the_group(client, contest, cohort_group, ubon_officer):
    stranger = ProductFactory()
    url = reverse("contests:entry_create", args=[contest.pk])
    client.force_login(ubon_officer)
    response = client.post(url, {"group": cohort_group.pk, "product": stranger.pk})
    assert response.context["form"].errors == {"product": ["The product must be one of กลุ่มในโครงการ's products."]}
    response = client.post(url, {"group": cohort_group.pk})
    assert response.context["form"].errors == {"product": ["Choose the product that competes."]}
    taken = contest.entries.first()
    response = client.post(url, {"group": taken.group.pk, "product": taken.product.pk, "outside_cohort_reason": "x",
                                 "presentation_order": ""})
    assert response.context["form"].errors == {"group": ["This group already has an entry in this contest."]}
    assert contest.entries.count() == 2


def test_a_network_contest_entry_may_be_the_group_alone(client, contest, cohort_group, ubon_officer):
    network_contest = services.create_contest(
        Contest(network=contest.network, fiscal_year=2565, kind=ContestKind.NETWORK)
    )
    EntryFactory(contest=network_contest, presentation_order=3, outside_cohort_reason="x")
    client.force_login(ubon_officer)
    url = reverse("contests:entry_create", args=[network_contest.pk])
    response = client.post(url, {"group": cohort_group.pk, "presentation_order": "3"})
    assert response.context["form"].errors == {"presentation_order": ["Another entry already presents in that place."]}
    response = client.post(url, {"group": cohort_group.pk, "presentation_order": "1"})
    assert response.url == network_contest.get_absolute_url()
    assert network_contest.entries.get(group=cohort_group).product is None


def test_entries_change_only_before_scoring_opens(client, contest, cohort_group, ubon_officer, messages_of):
    entry = contest.entries.first()
    set_state(contest, ContestState.SCORING_OPEN)
    client.force_login(ubon_officer)
    for url in (reverse("contests:entry_create", args=[contest.pk]), reverse("contests:entry_update", args=[entry.pk])):
        response = client.post(url, {"group": cohort_group.pk, "product": ""})
        assert response.url == contest.get_absolute_url()
        assert messages_of(response) == ["Entries are added and changed only before scoring opens."]
    assert contest.entries.count() == 2 and contest.entries.filter(group=cohort_group).count() == 0


def test_entry_page_shows_warnings_conflicts_and_feedback_once_scoring_closed(client, contest, ubon_officer):
    entry = contest.entries.first()
    juror = contest.jurors.get(seat=1)
    services.record_conflict(juror, entry, "business", "คู่ค้า", by=ubon_officer)
    client.force_login(ubon_officer)
    response = client.get(entry.get_absolute_url())
    assert response.context["warnings"] == [
        "Not in this year's development cohort: กลุ่มใหม่", "The product holds no current product standard.",
    ]
    assert [(c.juror, c.grounds) for c in response.context["conflicts"]] == [(juror, "business")]
    feedback = reverse("contests:feedback", args=[entry.pk])
    assert feedback not in response.content.decode()
    set_state(contest, ContestState.SCORING_CLOSED)
    assert feedback in client.get(entry.get_absolute_url()).content.decode()


def test_withdraw_an_entry_with_a_reason(client, contest, ubon_officer, messages_of):
    entry = contest.entries.first()
    url = reverse("contests:entry_withdraw", args=[entry.pk])
    client.force_login(ubon_officer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "  "})
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    response = client.post(url, {"reason": "กลุ่มไม่พร้อมนำเสนอ"})
    assert response.url == contest.get_absolute_url()
    entry.refresh_from_db()
    assert entry.withdrawn and entry.withdrawal_reason == "กลุ่มไม่พร้อมนำเสนอ"
    assert ContestEvent.objects.filter(action=EventAction.ENTRY_WITHDRAWN, note="กลุ่มไม่พร้อมนำเสนอ").count() == 1
    page = client.get(contest.get_absolute_url())
    assert [e.pk for e in page.context["withdrawn"]] == [entry.pk]
    assert entry.pk not in [e.pk for e, _warnings in page.context["entries"]]
    # Once withdrawn, or once the winner is selected, no more withdrawals.
    assert messages_of(client.post(url, {"reason": "อีกครั้ง"})) == ["This entry can no longer be withdrawn."]
    other = contest.entries.competing().get()
    set_state(contest, ContestState.WINNER_SELECTED)
    response = client.post(reverse("contests:entry_withdraw", args=[other.pk]), {"reason": "สาย"})
    assert response.url == contest.get_absolute_url()
    assert not Entry.objects.get(pk=other.pk).withdrawn


# Presentation order

def test_draw_order_is_recorded_in_the_history(client, contest, ubon_officer, messages_of):
    client.force_login(ubon_officer)
    url = reverse("contests:draw_order", args=[contest.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.url == contest.get_absolute_url()
    entries = list(contest.entries.order_by("presentation_order"))
    assert [entry.presentation_order for entry in entries] == [1, 2]
    event = ContestEvent.objects.get(action=EventAction.ORDER_DRAWN)
    assert (event.contest, event.by, event.data) == (contest, ubon_officer, {"order": [str(e) for e in entries]})
    assert messages_of(response) == [f"Presentation order drawn: 1. {entries[0]}, 2. {entries[1]}"]
    set_state(contest, ContestState.SCORING_CLOSED)
    response = client.post(url)
    assert messages_of(response) == ["The presentation order is fixed once scoring has closed."]
    assert ContestEvent.objects.filter(action=EventAction.ORDER_DRAWN).count() == 1


def test_set_order_by_hand_refuses_a_place_given_twice(client, contest, ubon_officer):
    first, second = contest.entries.order_by("id")
    client.force_login(ubon_officer)
    url = reverse("contests:set_order", args=[contest.pk])
    assert list(client.get(url).context["form"].fields) == [f"entry_{first.pk}", f"entry_{second.pk}"]
    response = client.post(url, {f"entry_{first.pk}": "1", f"entry_{second.pk}": "1"})
    assert response.context["form"].errors == {f"entry_{second.pk}": [f"Place 1 is also given to {first}."]}
    response = client.post(url, {f"entry_{first.pk}": "2", f"entry_{second.pk}": "1"})
    assert response.url == contest.get_absolute_url()
    assert list(contest.entries.values_list("pk", "presentation_order")) == [(second.pk, 1), (first.pk, 2)]
    assert ContestEvent.objects.get(action=EventAction.ORDER_SET).data == {"order": [str(second), str(first)]}


# The panel and conflicts

def test_panel_sync_follows_the_committee(client, contest, ubon_committee, ubon_officer, messages_of):
    CommitteeMemberFactory(committee=ubon_committee, seat=5, first_name="มาลี", last_name="ใหม่")
    client.force_login(ubon_officer)
    url = reverse("contests:panel_sync", args=[contest.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.url == contest.get_absolute_url() + "#panel"
    assert messages_of(response) == ["The scoring panel follows the committee of fiscal year 2565: 3 members."]
    assert contest.jurors.get(seat=5).name == "นางมาลี ใหม่" and contest.jurors.get(seat=5).user is None
    copy = services.copy_contest(contest, 2566)
    response = client.post(reverse("contests:panel_sync", args=[copy.pk]))
    assert messages_of(response) == ["There is no committee for fiscal year 2566 yet: add it in the register."]


def test_officer_records_a_conflict_from_a_suggestion(client, contest, chair, ubon_officer):
    entry = contest.entries.first()
    entry.group.leader_name = "นาย ประเสริฐ ประธาน"
    entry.group.save()
    juror = contest.jurors.get(member=chair)
    client.force_login(ubon_officer)
    page = client.get(contest.get_absolute_url())
    [(suggestion, record_url)] = page.context["suggestions"]
    assert (suggestion.juror, suggestion.entry, suggestion.reason) == (juror, entry, "The member belongs to the group.")
    form = client.get(record_url).context["form"]
    assert (form["juror"].value(), form["entry"].value()) == (str(juror.pk), str(entry.pk))
    url = reverse("contests:conflict_create", args=[contest.pk])
    response = client.post(url, {"juror": juror.pk, "entry": entry.pk, "grounds": "member", "note": "ประธานกลุ่ม"})
    assert response.url == contest.get_absolute_url()
    conflict = Conflict.objects.get()
    assert (conflict.juror, conflict.entry, conflict.declared_by_member, conflict.recorded_by, conflict.note) == (
        juror, entry, False, ubon_officer, "ประธานกลุ่ม"
    )
    assert ContestEvent.objects.filter(action=EventAction.CONFLICT).count() == 1
    assert client.get(contest.get_absolute_url()).context["suggestions"] == []
    response = client.post(url, {"juror": juror.pk, "entry": entry.pk, "grounds": "other"})
    assert response.context["form"].non_field_errors() == ["This conflict is already recorded."]
    other_juror = Juror.objects.create(contest=services.copy_contest(contest, 2566), name="คนอื่น")
    response = client.post(url, {"juror": other_juror.pk, "entry": entry.pk, "grounds": "other"})
    assert list(response.context["form"].errors) == ["juror"]
    assert Conflict.objects.count() == 1


