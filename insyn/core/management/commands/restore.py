from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from insyn.core.backup import BackupError, restore_backup, verify_files


class Command(BaseCommand):
    help = (
        "Restore an archive made by `insyn backup` into an empty, migrated database and "
        "MEDIA_ROOT. Checks every checksum and the migration state first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive made by `insyn backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace everything in a database that already holds data, and files "
            "in MEDIA_ROOT that differ from the backup's.",
        )
        parser.add_argument("--database", default="default", help="Database alias.")

    def handle(self, *args, archive: str, force: bool = False, database: str = "default", **opts):
        try:
            report = restore_backup(Path(archive), force=force, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(report.rows.values())
        self.stdout.write(
            f"Restored {rows} rows and {report.files} files ({report.bytes} bytes) from "
            f"{archive} (made {report.manifest.get('created_at')})."
        )
        if report.skipped_files:
            self.stdout.write(f"{report.skipped_files} files were already in place.")
        problems = verify_files(database)
        for problem in problems:
            self.stderr.write(f"warning: file of attachment {problem}")
        if problems:
            raise CommandError(f"{len(problems)} registered files do not match their checksum.")
