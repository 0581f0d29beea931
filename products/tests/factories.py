import datetime

import factory

from products.enums import Category
from products.models import Cohort, Enrollment, ProducerGroup, Product, Trainee, TrainingSession


class ProducerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProducerGroup

    name = factory.Sequence(lambda n: f"กลุ่มทอผ้าไหมบ้านทดสอบ {n}")
    subdistrict_id = "340101"  # Nai Mueang, Mueang Ubon Ratchathani
    postal_code = "34000"
    village_no = 3
    member_count = 25


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    group = factory.SubFactory(ProducerGroupFactory)
    name = factory.Sequence(lambda n: f"ผ้าไหมลายทดสอบ {n}")
    category = Category.TEXTILE
    price = "1250.00"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    province_id = "34"
    fiscal_year = 2565


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    group = factory.SubFactory(ProducerGroupFactory)


class TraineeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainee

    enrollment = factory.SubFactory(EnrollmentFactory)
    name = factory.Sequence(lambda n: f"นางสาวผู้อบรม ทดสอบ{n}")
    position = "สมาชิก"


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    cohort = factory.SubFactory(CohortFactory)
    date = datetime.date(2022, 3, 15)
    topic = factory.Sequence(lambda n: f"การพัฒนาบรรจุภัณฑ์ ครั้งที่ {n}")
