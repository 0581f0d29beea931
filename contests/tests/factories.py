import datetime

import factory
from django.utils import timezone

from contests.enums import ContestState
from contests.models import Conflict, Contest, Criterion, Entry, Juror, Round, Rubric
from kbo.accounts.tests.factories import UserFactory
from networks.enums import CommitteeRole
from networks.tests.factories import CommitteeFactory, CommitteeMemberFactory, NetworkFactory
from products.tests.factories import ProductFactory


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    name = "เกณฑ์การคัดเลือกผลิตภัณฑ์ ปี 2565"
    fiscal_year = 2565


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    position = factory.Sequence(int)
    name_th = factory.Sequence(lambda n: f"เกณฑ์ที่ {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    max_points = 20
    weight = 1


class ContestFactory(factory.django.DjangoModelFactory):
    """A contest with its main round (on an empty rubric unless `rubric` is given). Tests may start
    it in any state; application code changes the state only through `workflow.advance`."""

    class Meta:
        model = Contest
        skip_postgeneration_save = True

    network = factory.LazyFunction(lambda: NetworkFactory._meta.model.objects.filter(province_id="34").first() or NetworkFactory())
    fiscal_year = 2565
    meeting_date = datetime.date(2022, 6, 15)
    venue = "ห้องประชุมศาลากลางจังหวัดอุบลราชธานี"
    scoring_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    scoring_closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))

    @factory.post_generation
    def rubric(self, create, rubric, **kwargs):
        if create:
            Round.objects.create(contest=self, number=1, rubric=rubric or RubricFactory())


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    contest = factory.SubFactory(ContestFactory)
    product = factory.SubFactory(ProductFactory)
    group = factory.LazyAttribute(lambda entry: entry.product.group)
    presentation_order = factory.Sequence(lambda n: n + 1)


class JurorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Juror

    contest = factory.SubFactory(ContestFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda juror: juror.user.get_full_name() if juror.user else "กรรมการ")
    seat = factory.Sequence(int)


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    juror = factory.SubFactory(JurorFactory)
    entry = factory.SubFactory(EntryFactory)
    grounds = "member"
    recorded_by = factory.LazyAttribute(lambda conflict: conflict.juror.user)


def contest_with_panel(*, members=3, entries=3, criteria=((20, 1),), state=ContestState.SCORING_OPEN, **fields):
    """An Ubon FY 2565 contest with a committee of `members` (the first is the chair), each on the
    panel with a login, `entries` products in presentation order and criteria of (max, weight)."""
    contest = ContestFactory(state=state, **fields)
    rubric = contest.rounds.get(number=1).rubric
    for position, (max_points, weight) in enumerate(criteria, start=1):
        CriterionFactory(rubric=rubric, position=position, max_points=max_points, weight=weight)
    committee = CommitteeFactory(network=contest.network, fiscal_year=contest.fiscal_year)
    for seat in range(1, members + 1):
        member = CommitteeMemberFactory(
            committee=committee, seat=seat, user=UserFactory(username=f"juror{seat}"),
            role=CommitteeRole.CHAIR if seat == 1 else CommitteeRole.MEMBER,
        )
        Juror.objects.create(
            contest=contest, member=member, user=member.user, name=member.full_name, role=member.role, seat=seat
        )
    for _number in range(entries):
        EntryFactory(contest=contest)
    return contest
