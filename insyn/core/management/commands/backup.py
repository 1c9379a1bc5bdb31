from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from insyn.core.backup import BackupError, create_backup, verify_files


class Command(BaseCommand):
    help = (
        "Back up the database and the registered files (MEDIA_ROOT) into one .tar.gz "
        "archive with a manifest of checksums and the migration state (docs/security.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output",
            nargs="?",
            help="The archive to write. Default: INSYN_DATA_DIR/backups/insyn-<time>.tar.gz",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, output: str | None = None, database: str = "default", **options):
        if output:
            target = Path(output)
        else:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            target = Path(settings.DATA_DIR) / "backups" / f"insyn-{stamp}.tar.gz"
        problems = verify_files(database)
        for problem in problems:
            self.stderr.write(f"warning: file of attachment {problem}")
        try:
            report = create_backup(target, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.rows.values())
        self.stdout.write(
            f"Backed up {rows} rows and {report.files} files ({report.bytes} bytes) to {target}"
        )
