from django.core.management.base import BaseCommand

from kbo.geography.loading import load_geography


class Command(BaseCommand):
    help = "Load Thailand's provinces, districts and subdistricts from the geothai package (idempotent)."

    def handle(self, *args, **options):
        provinces, districts, subdistricts = load_geography()
        self.stdout.write(f"{provinces} provinces, {districts} districts, {subdistricts} subdistricts")
