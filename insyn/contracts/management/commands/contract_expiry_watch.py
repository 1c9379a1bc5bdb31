"""`insyn contract_expiry_watch --months 6`: e-mail the contract manager and the boards'
procurement officers about every contract that ends, or whose notice date comes, within
the period. Meant to run daily (cron or a systemd timer): each person is told about each
contract and date once, however often it runs."""

from django.core.management.base import BaseCommand, CommandError

from insyn.contracts.notifications import expiry_notify


class Command(BaseCommand):
    help = (
        "E-mail contract managers and procurement officers about contracts that end or "
        "reach their notice date within --months months (run daily; repeats send nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months", type=int, default=6, help="How far ahead to look (1–36, default 6)."
        )

    def handle(self, *args, **options):
        months = options["months"]
        if not 1 <= months <= 36:
            raise CommandError("--months must be between 1 and 36.")
        count = expiry_notify(months=months)
        self.stdout.write(f"{count} e-mail(s) queued about contracts ending soon.")
