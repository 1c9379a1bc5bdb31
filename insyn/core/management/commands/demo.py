from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext as _

from insyn import demo
from insyn.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Load the demo kommun (boards, units, parties, two years of diarium, challenges, "
        "contracts, procurements, a year of follow-up, demo logins)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if an organisation already exists (used by make run).",
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if Organisation.objects.exists():
            if not if_empty:
                self.stderr.write(
                    _("The database already holds an organisation; the demo is not loaded.")
                )
                raise SystemExit(1)
        else:
            counts = demo.load()
            self.stdout.write(
                "Demo kommun loaded: {boards} boards, {units} units, {cases} cases, "
                "{documents} documents, {challenges} challenges, {contracts} contracts, "
                "{procurements} procurements, {plans} follow-up plans, "
                "{reports} follow-up reports.".format(**counts)
            )
        self.stdout.write("")
        login_url = settings.INSYN_BASE_URL + reverse("login")
        self.stdout.write(f"Demo logins ({login_url}):")
        for username, password, role in demo.logins():
            self.stdout.write(f"  {username:<18} {password:<12} {role}")
