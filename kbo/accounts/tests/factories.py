import factory

from kbo.accounts.models import User

PASSWORD = "a-good-test-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "สมชาย"
    last_name = factory.Sequence(lambda n: f"ทดสอบ{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def officer_provinces(self, create, codes, **kwargs):
        if create and codes:
            self.officer_provinces.set(codes)
