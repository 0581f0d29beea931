from django.core.management.base import BaseCommand

from kbo.accounts.models import User
from networks.models import CommitteeMember, Network
from products.demo import seed_demo
from products.models import Cohort, ProducerGroup, Product, Trainee


class Command(BaseCommand):
    help = "Create or update the demo data and demo logins (idempotent; refuses when DEBUG is off)."

    def handle(self, *args, **options):
        logins = seed_demo(require_debug=True)
        counts = [
            (Network, "KBO networks"),
            (CommitteeMember, "committee members"),
            (ProducerGroup, "producer groups"),
            (Product, "products"),
            (Cohort, "cohorts"),
            (Trainee, "trainees"),
            (User, "users"),
        ]
        self.stdout.write(
            self.style.SUCCESS("Demo data ready: ")
            + ", ".join(f"{model.objects.count()} {label}" for model, label in counts)
        )
        width = max(len(role) for role, _, _ in logins)
        self.stdout.write(f"\n{'Role':<{width}}  {'Username':<12}  Password")
        for role, username, password in logins:
            self.stdout.write(f"{role:<{width}}  {username:<12}  {password}")
