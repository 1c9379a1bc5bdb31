from django.core.management.base import BaseCommand

from insyn.registry.services import access_requests_remind


class Command(BaseCommand):
    help = (
        "E-mail the handler (or the registrars) of each request to see public documents "
        "that is due today or overdue (run daily from cron or a systemd timer; a second "
        "run the same day sends nothing)."
    )

    def handle(self, *args, **options):
        count = access_requests_remind()
        self.stdout.write(f"{count} access request(s) reminded of.")
