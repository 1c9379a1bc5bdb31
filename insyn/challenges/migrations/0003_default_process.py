"""The default process definition: Lerum's eight steps (see challenges/defaults.py)."""

from django.db import migrations

from insyn.challenges.defaults import default_definition_ensure


def add(apps, schema_editor):
    default_definition_ensure(
        apps.get_model("challenges", "ProcessDefinition"),
        apps.get_model("challenges", "Step"),
        apps.get_model("challenges", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("challenges", "0002_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
