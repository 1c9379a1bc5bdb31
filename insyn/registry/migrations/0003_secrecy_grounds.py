"""The grounds for secrecy a Swedish kommun meets most often, so that a registrar can
choose one from the start. Administrators add others in the admin."""

from django.db import migrations

GROUNDS = [
    (18, "8", "Säkerhets- eller bevakningsåtgärd"),
    (19, "3", "Upphandling: anbud och uppgifter före tilldelningsbeslut"),
    (21, "1", "Uppgift om hälsa eller sexualliv"),
    (21, "3", "Skyddad personuppgift (t.ex. adress till förföljd person)"),
    (23, "2", "Förskola och skola: enskilds personliga förhållanden"),
    (25, "1", "Hälso- och sjukvård: enskilds hälsotillstånd"),
    (26, "1", "Socialtjänst: enskilds personliga förhållanden"),
    (31, "16", "Affärsförhållanden hos den som trätt i affärsförbindelse med myndigheten"),
    (39, "3", "Personaladministration: enskilds personliga förhållanden"),
]


def add(apps, schema_editor):
    SecrecyGround = apps.get_model("registry", "SecrecyGround")
    for chapter, section, description in GROUNDS:
        SecrecyGround.objects.get_or_create(
            chapter=chapter, section=section, defaults={"description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_postgres_swedish_search")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
