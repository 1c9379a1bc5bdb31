"""The grounds for secrecy a Swedish kommun meets most often (see registry/defaults.py)."""

from django.db import migrations

from insyn.registry.defaults import secrecy_grounds_ensure


def add(apps, schema_editor):
    secrecy_grounds_ensure(apps.get_model("registry", "SecrecyGround"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_postgres_swedish_search")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
