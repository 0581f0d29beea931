import factory

from products.enums import Category
from products.models import Cohort, ProducerGroup, Product


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
