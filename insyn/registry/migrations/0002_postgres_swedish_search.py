"""Full-text search for the postlista on PostgreSQL: a stored tsvector with Swedish
stemming, kept by the database itself, and a GIN index on it. SQLite has neither; the
selector falls back to stem matching there (see registry/selectors.py)."""

from django.db import migrations

FORWARD = """
ALTER TABLE registry_document
  ADD COLUMN search_vector tsvector
  GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, public_search_text)) STORED;
CREATE INDEX registry_document_search_idx ON registry_document USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS registry_document_search_idx;
ALTER TABLE registry_document DROP COLUMN IF EXISTS search_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
