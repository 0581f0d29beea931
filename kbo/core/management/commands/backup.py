from django.core.management.base import BaseCommand, CommandError

from kbo.core import backup


class Command(BaseCommand):
    help = ("Back up the database and the media files into one archive (default: a timestamped name in "
            "BACKUP_DIR, var/backups/), with a manifest of each table's row count and checksum.")

    def add_arguments(self, parser):
        parser.add_argument("--file", help="the archive to write (must not exist yet)")

    def handle(self, *args, **options):
        try:
            written = backup.create(options["file"])
        except backup.BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(self.style.SUCCESS(f"Wrote {written.path} ({backup.size(written.path.stat().st_size)})"))
        self.stdout.write("\n".join(backup.summary(written.manifest)))
