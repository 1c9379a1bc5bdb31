"""Requests registered before due dates existed get theirs, counted as new ones are
(INSYN_ACCESS_REQUEST_DUE_DAYS working days after the day each came in), so that the
inbox marks an old open request overdue too."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def fill_due_dates(apps, schema_editor):
    from insyn.core.calendar import add_working_days

    AccessRequest = apps.get_model("registry", "AccessRequest")
    for request in AccessRequest.objects.filter(due_on__isnull=True).only("pk", "received_at"):
        received = timezone.localtime(request.received_at).date()
        AccessRequest.objects.filter(pk=request.pk).update(
            due_on=add_working_days(received, settings.INSYN_ACCESS_REQUEST_DUE_DAYS)
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_access_request_due_date_handler_and_decision")]

    operations = [migrations.RunPython(fill_due_dates, migrations.RunPython.noop)]
