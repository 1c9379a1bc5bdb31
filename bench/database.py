"""The bench database: created, dropped, migrated, and Django set up on it."""

from __future__ import annotations

import os
import secrets
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# Databases the bench must never touch, whatever it is asked to do: the test suite's.
PROTECTED = ("test", "postgres", "template0", "template1")


def database_url(server_url: str, name: str) -> str:
    """`server_url` with its database name replaced by `name`."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def conninfo(url: str) -> str:
    """A libpq connection string for psycopg (it takes postgres:// URLs as they are)."""
    return url.replace("postgres://", "postgresql://", 1)


def _check_name(name: str) -> None:
    if name in PROTECTED or name.startswith("test_"):
        raise SystemExit(f"refusing to use the database {name!r}: it is not the bench's")


def exists(url: str) -> bool:
    name = database_name(url)
    with psycopg.connect(conninfo(database_url(url, "postgres")), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def recreate(url: str) -> None:
    """Drop the bench database if it is there and create it empty."""
    name = database_name(url)
    _check_name(name)
    with psycopg.connect(conninfo(database_url(url, "postgres")), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def setup_django(url: str) -> None:
    """Django in this process, on the bench database, configured as in production (no
    DEBUG). Settings are read once, so this is called once, before anything else."""
    _check_name(database_name(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "insyn.settings"
    os.environ["DATABASE_URL"] = url
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def server_version(url: str) -> str:
    with psycopg.connect(conninfo(url), autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
