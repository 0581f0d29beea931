from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kbo.core import backup


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the configured database and media folder, "
            "then check every table's row count and checksum against the backup's manifest. Stop the web "
            "app and the Celery worker first.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        try:
            manifest = backup.read_manifest(options["file"])
            if not options["yes"]:
                self.confirm(options["file"], manifest)
            manifest = backup.restore(options["file"])
        except backup.BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(self.style.SUCCESS(
            f"Restored {options['file']}: every table's row count and checksum and the media files match the backup."
        ))
        self.stdout.write("\n".join(backup.summary(manifest)))

    def confirm(self, path, manifest):
        database = settings.DATABASES["default"]["NAME"]
        question = (f"This replaces everything in the {backup.engine()} database {database} and under "
                    f"{settings.MEDIA_ROOT} with the backup {path} of {manifest['created']}. Type 'yes' to go on: ")
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
