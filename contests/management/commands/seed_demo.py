from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contests import demo as contests_demo
from contests import demo_national
from contests.models import Contest, Entry, Scorecard
from contests.reminders import rules
from contests.reminders.enums import State
from contests.reminders.models import Reminder
from kbo.accounts.models import User
from kbo.core.thaidates import format_be
from networks.models import CommitteeMember, Network
from products import demo as products_demo
from products.models import Cohort, ProducerGroup, Product, Trainee


class Command(BaseCommand):
    help = "Create or update the demo data and demo logins (idempotent; refuses when DEBUG is off)."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = products_demo.seed_demo(require_debug=True)
            finished, open_contest = contests_demo.seed_demo()
            national_round = demo_national.seed_demo(finished)
            finished.refresh_from_db()  # its winner is now submitted to the national round
            calendar = demo_national.seed_calendar(open_contest)
        rules.sync_all()  # what the periodic planning run would find (the monthly standards reminders)
        counts = [
            (Network, "KBO networks"),
            (CommitteeMember, "committee members"),
            (ProducerGroup, "producer groups"),
            (Product, "products"),
            (Cohort, "cohorts"),
            (Trainee, "trainees"),
            (Contest, "contests"),
            (Entry, "contest entries"),
            (Scorecard, "scorecards"),
            (User, "users"),
        ]
        self.stdout.write(
            self.style.SUCCESS("Demo data ready: ")
            + ", ".join(f"{model.objects.count()} {label}" for model, label in counts)
        )
        self.stdout.write(f"Finished: {finished} ({finished.get_state_display()})")
        self.stdout.write(f"{national_round} ({national_round.get_state_display()})")
        closes = timezone.localtime(open_contest.scoring_closes_at)
        self.stdout.write(f"Open for scoring until {format_be(closes, 'DATETIME_FORMAT')}: {open_contest}")
        deadline = timezone.localtime(calendar.submission_deadline)
        self.stdout.write(f"{calendar}: dossiers due by {format_be(deadline, 'DATETIME_FORMAT')}")
        pending = Reminder.objects.filter(state=State.PENDING).count()
        self.stdout.write(f"Reminders planned: {pending} pending (sent by the Celery worker when due)")
        width = max(len(role) for role, _, _ in logins)
        self.stdout.write(f"\n{'Role':<{width}}  {'Username':<12}  Password")
        for role, username, password in logins:
            self.stdout.write(f"{role:<{width}}  {username:<12}  {password}")
