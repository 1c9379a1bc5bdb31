"""The thresholds that apply from 1 January 2024, for a kommun ("övriga upphandlande
myndigheter"), excluding VAT, as Upphandlingsmyndigheten lists them:
https://www.upphandlingsmyndigheten.se/regler-och-lagstiftning/troskelvarden-och-direktupphandlingsgranser

The EU thresholds are revised every other year (the next from 1 January 2026); an
administrator adds the new values in the admin with the date they apply from.
"""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Upphandlingsmyndigheten, Tröskelvärden och direktupphandlingsgränser "
    "(https://www.upphandlingsmyndigheten.se/regler-och-lagstiftning/"
    "troskelvarden-och-direktupphandlingsgranser), värden från 1 januari 2024"
)
FROM = datetime.date(2024, 1, 1)
VALUES = {
    # 19 a kap. LOU: a fixed amount since 1 February 2022, not a share of a threshold.
    "direct_award": Decimal(700_000),
    "supplies_services": Decimal(2_389_585),
    "works": Decimal(59_880_179),
    "social": Decimal(8_109_450),
}


def add(apps, schema_editor):
    threshold = apps.get_model("procurement", "ProcurementThreshold")
    for kind, amount in VALUES.items():
        threshold.objects.get_or_create(
            kind=kind, valid_from=FROM, defaults={"amount": amount, "source": SOURCE}
        )


def remove(apps, schema_editor):
    apps.get_model("procurement", "ProcurementThreshold").objects.filter(valid_from=FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0004_thresholds_standstill_review_history")]

    operations = [migrations.RunPython(add, remove)]
