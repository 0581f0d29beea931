import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contests.models import Contest, Score, Scorecard
from contests.national_seed import BENCH_PASSWORD, BENCH_USERS, NationalSeed
from kbo.geography.models import Province


class Command(BaseCommand):
    help = (
        "Build national-scale benchmark data: 77 provinces, five fiscal years of fully scored contests "
        "and national rounds (idempotent; refuses when DEBUG is off). Use a database of its own."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1, help="Multiplies the groups (entries) and members.")

    def handle(self, *args, scale, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create benchmark accounts with a known password while DEBUG is off.")
        if Province.objects.count() != 77:
            raise CommandError("Load the geography first: manage.py load_geography")
        started = time.monotonic()
        NationalSeed(scale=scale, progress=self.progress).run()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"National data ready in {time.monotonic() - started:.0f} s: {Contest.objects.count()} contests, "
            f"{Scorecard.objects.count()} scorecards, {Score.objects.count()} criterion scores"
        ))
        self.stdout.write(f"Benchmark logins ({BENCH_PASSWORD}): {', '.join(BENCH_USERS)}")

    def progress(self, done, total, label, width=40):
        filled = width * done // total
        if filled == width * (done - 1) // total and done != total:
            return  # redraw only when the bar grows
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label:<12}", ending="")
        self.stdout.flush()
