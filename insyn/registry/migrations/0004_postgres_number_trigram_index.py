"""Looking up a diarienummer in the postlista's search box ("KS 2026/0042") on PostgreSQL:
a trigram index on the upper-cased number, so that the lookup, which matches anywhere in
the number, does not read every document (1,000,000 documents: 265 ms before, 7-20 ms
after; docs/performance.md). pg_trgm ships with PostgreSQL and is a trusted extension
(13 and later): the owner of the database may create it. Built CONCURRENTLY, so that a
large diarium keeps taking registrations meanwhile. SQLite has no such index."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS registry_document_number_trgm_idx"
    " ON registry_document USING gin (upper(number) gin_trgm_ops)",
]

BACKWARD = ["DROP INDEX CONCURRENTLY IF EXISTS registry_document_number_trgm_idx"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("registry", "0003_secrecy_grounds")]

    operations = [migrations.RunPython(forward, backward)]
