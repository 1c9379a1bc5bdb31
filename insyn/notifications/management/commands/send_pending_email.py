from django.core.management.base import BaseCommand

from insyn.notifications.services import email_deliver_pending


class Command(BaseCommand):
    help = "Send e-mail still waiting in the outbox (run from cron, and when a worker starts)."

    def handle(self, *args, **options):
        sent = email_deliver_pending()
        self.stdout.write(f"{sent} e-mail sent.")
