"""`insyn followup_reminders`: e-mail contract managers about the follow-up work that is
coming due — measures of an action plan due within 14 days or overdue and not done, and
contracts in a decided plan due within 30 days without a submitted report.

Meant to run daily (cron or a systemd timer). The event key of each message is the
measure or plan item and the day, and the outbox keeps one message per event and
recipient: however often it runs in a day, each manager hears about each once that day.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from insyn.core.i18n import in_organisation_language
from insyn.followup import selectors
from insyn.followup.models import FollowUpReport, Measure, PlanItem
from insyn.notifications.services import email_queue


def _date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def _link(name: str, **kwargs) -> str:
    return settings.INSYN_BASE_URL + reverse(name, kwargs=kwargs)


def _measure_message(measure: Measure, today: datetime.date) -> tuple[str, str]:
    report = measure.report
    contract = report.contract
    values = {
        "number": contract.number,
        "title": contract.title,
        "year": report.year,
        "measure": measure.description,
        "responsible": measure.responsible,
        "due": _date(measure.due_on),
        "status": measure.get_status_display(),
        "link": _link("followup:report_detail", report_id=report.pk),
    }
    if measure.due_on < today:
        subject = _("Overdue measure in the action plan for %(number)s") % values
        lead = _("A measure in the action plan for %(number)s %(title)s was due %(due)s.") % values
    else:
        subject = _("Measure due %(due)s in the action plan for %(number)s") % values
        lead = _("A measure in the action plan for %(number)s %(title)s is due %(due)s.") % values
    body = "\n\n".join(
        [
            lead,
            _("Measure: %(measure)s\nResponsible: %(responsible)s\nStatus: %(status)s") % values,
            _("Record its status in the follow-up report %(year)s: %(link)s") % values,
        ]
    )
    return subject, body + "\n"


def _plan_item_message(item: PlanItem, today: datetime.date) -> tuple[str, str]:
    contract = item.contract
    values = {
        "number": contract.number,
        "title": contract.title,
        "board": item.plan.board.name,
        "year": item.plan.year,
        "method": item.method,
        "due": _date(item.due_on),
        "link": _link("followup:report_create") + f"?contract={contract.pk}&year={item.plan.year}",
    }
    report = FollowUpReport.objects.filter(contract=contract, year=item.plan.year).first()
    if report is not None:
        values["link"] = _link("followup:report_detail", report_id=report.pk)
    if item.due_on < today:
        subject = _("The follow-up of %(number)s was due %(due)s") % values
    else:
        subject = _("The follow-up of %(number)s is due %(due)s") % values
    body = "\n\n".join(
        [
            _(
                "%(board)s's follow-up plan %(year)s says that %(number)s %(title)s is "
                "followed up by %(due)s, and its report is not submitted yet."
            )
            % values,
            _("How: %(method)s") % values,
            _("Write and submit the report: %(link)s") % values,
        ]
    )
    return subject, body + "\n"


@in_organisation_language
def reminders_send(*, today: datetime.date) -> int:
    """Queue the day's reminders, in the organisation's language (they are the kommun's
    messages to its staff, not a reply to a browser). Returns how many were queued."""
    queued = 0
    with transaction.atomic():
        measures = selectors.measures_to_remind(today)
        for measure in measures:
            manager = measure.report.contract.contract_manager
            if manager is None or not manager.is_active or not manager.email:
                continue
            subject, body = _measure_message(measure, today)
            queued += len(
                email_queue(
                    event=f"followup:measure:{measure.pk}:{today.isoformat()}",
                    to=[manager.email],
                    subject=subject,
                    body=body,
                    case=measure.report.contract.case,
                )
            )
        # Kept on the measure so the page (and the admin) can tell when it was last sent.
        Measure.objects.filter(pk__in=[m.pk for m in measures]).update(reminded_on=today)
        for item in selectors.plan_items_to_remind(today):
            manager = item.contract.contract_manager or item.responsible
            if manager is None or not manager.is_active or not manager.email:
                continue
            subject, body = _plan_item_message(item, today)
            queued += len(
                email_queue(
                    event=f"followup:plan-item:{item.pk}:{today.isoformat()}",
                    to=[manager.email],
                    subject=subject,
                    body=body,
                    case=item.contract.case,
                )
            )
    return queued


class Command(BaseCommand):
    help = (
        "E-mail contract managers about measures due within 14 days or overdue, and "
        "contracts in a decided follow-up plan due within 30 days without a submitted "
        "report (run daily; a second run the same day sends nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="The day to send for, YYYY-MM-DD (default: today).", default=""
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD.") from error
        count = reminders_send(today=today)
        self.stdout.write(f"{count} follow-up reminder(s) queued.")
