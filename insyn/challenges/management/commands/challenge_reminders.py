from django.core.management.base import BaseCommand

from insyn.challenges.services import overdue_remind


class Command(BaseCommand):
    help = (
        "E-mail the people responsible for each challenge step past its due date "
        "(run daily from cron or a systemd timer; a second run the same day sends nothing)."
    )

    def handle(self, *args, **options):
        count = overdue_remind()
        self.stdout.write(f"{count} overdue challenge step(s) reminded of.")
