import datetime

import factory

from networks.enums import CommitteeRole, Sector
from networks.models import Committee, CommitteeMember, Network


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    province_id = "34"
    name = factory.LazyAttribute(lambda n: f"เครือข่ายองค์ความรู้ KBO จังหวัด {n.province_id}")
    registered_on = datetime.date(2006, 10, 1)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    network = factory.SubFactory(NetworkFactory)
    fiscal_year = 2565
    order_number = "123/2565"
    order_date = datetime.date(2022, 1, 10)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    prefix = "นาง"
    first_name = "สมศรี"
    last_name = factory.Sequence(lambda n: f"ใจดี{n}")
    sector = Sector.GOVERNMENT
    role = CommitteeRole.MEMBER
