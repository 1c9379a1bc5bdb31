"""The database as a test found it, put back after tests that empty it.

A transactional test (real commits: live_server, parallel connections) empties every table
when it ends, the rows the migrations created included (secrecy grounds, the default
challenge process, the procurement thresholds); the tests that run after it in the same
worker rely on those. `snapshot()` copies the database and `restore()` puts it back: on
SQLite a page-level copy made with the backup API (milliseconds); elsewhere all rows as
JSON, like Django's serialized rollback, but without the rows post_migrate recreates.
"""

from __future__ import annotations

import sqlite3
from io import StringIO

# Models that `flush` recreates through post_migrate: never part of a snapshot, or
# restoring it would collide with the freshly created rows.
_NOT_SNAPSHOTTED = {"contenttypes.contenttype", "auth.permission"}


def snapshot():
    """A copy of the whole database. On SQLite a page-level copy made with the backup
    API (milliseconds); elsewhere all rows as JSON, like Django's serialized rollback."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return copy
    return snapshot_json()


def snapshot_json() -> str:
    """All rows of all migrated models as JSON, but without the rows post_migrate
    recreates after each flush."""
    from django.apps import apps
    from django.core import serializers
    from django.db import connection, router
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)

    def objects():
        for app_config in apps.get_app_configs():
            if app_config.models_module is None or app_config.label not in loader.migrated_apps:
                continue
            for model in app_config.get_models():
                if model._meta.label_lower in _NOT_SNAPSHOTTED:
                    continue
                if model._meta.can_migrate(connection) and router.allow_migrate_model(
                    connection.alias, model
                ):
                    yield from (
                        model._base_manager.using(connection.alias)
                        .order_by(model._meta.pk.name)
                        .iterator()
                    )

    out = StringIO()
    serializers.serialize("json", objects(), indent=None, stream=out)
    return out.getvalue()


def restore(snapshot) -> None:
    from django.db import connection

    if isinstance(snapshot, sqlite3.Connection):
        connection.ensure_connection()
        snapshot.backup(connection.connection)
    else:
        connection.creation.deserialize_db_from_string(snapshot)


def has_rows(table: str) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
        return cursor.fetchone() is not None
