"""Backup and restore of a whole installation: the database and the registered files in
one .tar.gz archive (`insyn backup`, `insyn restore`; see docs/security.md, "Backups").

The archive holds

- `data.json`: every row of every table Django manages, in Django's portable JSON
  serialisation (the same as `dumpdata`), so a backup from SQLite restores into
  PostgreSQL and the other way round. Primary keys are kept, so every reference and every
  diarium number stays as it was. Sessions are left out: a restore signs everyone out.
- `files/...`: everything in MEDIA_ROOT, under its path there.
- `manifest.json` (last): the format version, when and by which version of insyn it was
  made, the database it came from, the applied migrations, the number of rows per model
  and the size and SHA-256 checksum of data.json and of every file.

A restore checks all of that before it changes anything, refuses a database that already
holds data (unless forced) and a database at another migration state, then loads the rows
in one transaction and resets the primary-key sequences on PostgreSQL, so new
registrations continue after the restored ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "insyn-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files"
CHUNK = 1024 * 1024

# Rows a freshly migrated database already has: made by `migrate` itself (content types,
# permissions) or by a data migration (the OSL secrecy grounds). Sessions are not data.
# A database with rows only in these tables counts as empty.
MIGRATION_ROWS = {
    "contenttypes.contenttype",
    "auth.permission",
    "registry.secrecyground",
    "sessions.session",
}
NOT_BACKED_UP = {"sessions.session"}


class BackupError(Exception):
    """A backup could not be made or an archive cannot be restored; nothing was changed."""


@dataclass
class Report:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    skipped_files: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)


def _models() -> list[type[models.Model]]:
    """The models whose tables hold data: concrete, managed, migrated."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _insyn_version() -> str:
    try:
        return version("insyn")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def applied_migrations(using: str = "default") -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def row_counts(using: str = "default") -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(using).count() for model in _models()
    }


def database_is_empty(using: str = "default") -> bool:
    return not any(
        count for label, count in row_counts(using).items() if label not in MIGRATION_ROWS
    )


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under MEDIA_ROOT (symbolic links are not followed), with their path
    relative to it in POSIX form."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


# --- backup ----------------------------------------------------------------------------


def _dump(target: Path, using: str) -> dict[str, int]:
    """All rows as JSON, read in one transaction so that they are consistent with each
    other (a snapshot on PostgreSQL; SQLite holds its write lock meanwhile)."""
    connection = connections[using]
    excluded = sorted(NOT_BACKED_UP)
    # Inside someone else's transaction (a test's) the isolation level is already set.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with target.open("w", encoding="utf-8") as stream:
            serializers.serialize(
                "json", _rows(using, excluded), stream=stream, cls=_FullPrecisionEncoder
            )
        return {label: count for label, count in row_counts(using).items() if label not in excluded}


def _rows(using: str, excluded: list[str]) -> Iterator[models.Model]:
    """What `dumpdata --all` would write: every row, by model, in primary-key order."""
    for model in _models():
        if model._meta.label_lower in excluded:
            continue
        queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
        yield from queryset.iterator(chunk_size=2000)


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds (as JavaScript has them); a backup
    keeps the microseconds, so history and registration times come back exactly."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class _HashingReader:
    """Reads a file for tarfile while computing its checksum, so the checksum in the
    manifest is that of the bytes in the archive."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(path.stat().st_mtime)
    info.mode = 0o640
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)  # type: ignore[arg-type]
    return {"size": info.size, "sha256": reader.digest.hexdigest()}


def create_backup(output: Path, *, using: str = "default") -> Report:
    """Write the archive to `output` (a temporary name first, renamed when complete)."""
    output = Path(output).absolute()
    media_root = Path(settings.MEDIA_ROOT).absolute()
    if output.is_relative_to(media_root):
        raise BackupError("Write the backup outside MEDIA_ROOT (it would back itself up).")
    output.parent.mkdir(parents=True, exist_ok=True)
    report = Report()
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="insyn-backup-") as scratch:
        data_path = Path(scratch) / DATA
        # The rows first: every file they name is on disk before its row is committed, so
        # the files copied afterwards include all of them.
        report.rows = _dump(data_path, using)
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data_entry = _add_file(archive, data_path, DATA)
                files = []
                for path, relative in _media_files(media_root):
                    entry = _add_file(archive, path, f"{FILES}/{relative}")
                    files.append({"path": relative, **entry})
                    report.files += 1
                    report.bytes += entry["size"]
                connection = connections[using]
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": datetime.now(UTC).isoformat(),
                    "insyn_version": _insyn_version(),
                    "database_vendor": connection.vendor,
                    "migrations": applied_migrations(using),
                    "rows": report.rows,
                    "data": {"path": DATA, **data_entry},
                    "files": files,
                }
                encoded = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(encoded)
                info.mtime = int(datetime.now(UTC).timestamp())
                info.mode = 0o640
                archive.addfile(info, _BytesReader(encoded))  # type: ignore[arg-type]
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    report.manifest = manifest
    return report


class _BytesReader:
    def __init__(self, data: bytes):
        self.data = data
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


# --- restore ---------------------------------------------------------------------------


def _safe_relative(path: str) -> PurePosixPath:
    """A path from the archive, refused if it could land outside MEDIA_ROOT."""
    relative = PurePosixPath(path)
    if (
        not path
        or relative.is_absolute()
        or any(part in {"", ".", ".."} for part in relative.parts)
        or "\\" in path
        or "\x00" in path
    ):
        raise BackupError(f"Unsafe file path in the archive: {path!r}")
    return relative


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("The archive has no manifest.json: not an insyn backup.") from None
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("manifest.json in the archive is not a file.")
    try:
        manifest = json.loads(handle.read().decode())
    except ValueError as error:
        raise BackupError(f"manifest.json cannot be read: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("The archive is not an insyn backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Backup format {manifest.get('format_version')} is not supported "
            f"(this version of insyn reads format {FORMAT_VERSION})."
        )
    return manifest


def _extract_verified(
    archive: tarfile.TarFile, name: str, target: Path, *, size: int, sha256: str
) -> None:
    """Copy one member to `target`, checking its size and checksum on the way."""
    try:
        member = archive.getmember(name)
    except KeyError:
        raise BackupError(f"{name} is listed in the manifest but not in the archive.") from None
    if not member.isfile():
        raise BackupError(f"{name} in the archive is not a regular file.")
    source = archive.extractfile(member)
    if source is None:
        raise BackupError(f"{name} in the archive cannot be read.")
    digest = hashlib.sha256()
    written = 0
    with target.open("wb") as handle:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            written += len(chunk)
            handle.write(chunk)
    if written != size or digest.hexdigest() != sha256:
        raise BackupError(f"{name} does not match its checksum: the archive is damaged.")


def _check_target(manifest: dict[str, Any], *, force: bool, using: str) -> None:
    backed_up = sorted(manifest.get("migrations", []))
    here = applied_migrations(using)
    if backed_up != here:
        missing = sorted(set(backed_up) - set(here))
        extra = sorted(set(here) - set(backed_up))
        raise BackupError(
            "The database is not at the migration state of the backup. Restore with the "
            "version of insyn that made it (migrate an empty database with it), then "
            "upgrade. "
            + (f"Not applied here: {', '.join(missing)}. " if missing else "")
            + (f"Applied here but not in the backup: {', '.join(extra)}." if extra else "")
        )
    if not force and not database_is_empty(using):
        raise BackupError(
            "The database already holds data. Restore into an empty, migrated database, "
            "or use --force to replace everything in it."
        )


def _flush_and_load(data_path: Path, *, expected_rows: dict[str, int], using: str) -> None:
    """Empty every table Django manages and load the backup, in one transaction; check
    the number of rows against the manifest; set the primary-key sequences past the
    restored rows."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    connection = connections[using]
    with transaction.atomic(using=using):
        tables = connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        statements = connection.ops.sql_flush(
            no_style(), tables, reset_sequences=True, allow_cascade=False
        )
        if connection.vendor == "postgresql":
            # PostgreSQL refuses TRUNCATE while deferred foreign-key checks of earlier
            # writes in the same transaction are pending (with --force, or in a test).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        connection.ops.execute_sql_flush(statements)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        ContentType.objects.clear_cache()
        call_command("loaddata", str(data_path), database=using, verbosity=0)
        counts = row_counts(using)
        wrong = {
            label: {"backup": count, "restored": counts.get(label)}
            for label, count in expected_rows.items()
            if counts.get(label) != count
        }
        if wrong:
            raise BackupError(f"Row counts after loading differ from the backup: {wrong}")
        reset = connection.ops.sequence_reset_sql(no_style(), _models())
        if reset:
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)
        ContentType.objects.clear_cache()
        # Content types and permissions of any model the backup had none for.
        for app_config in apps.get_app_configs():
            create_contenttypes(app_config, verbosity=0, using=using)
            create_permissions(app_config, verbosity=0, using=using)


def restore_backup(source: Path, *, force: bool = False, using: str = "default") -> Report:
    media_root = Path(settings.MEDIA_ROOT)
    report = Report()
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} cannot be read as a .tar.gz archive: {error}") from None
    with archive, tempfile.TemporaryDirectory(prefix="insyn-restore-") as scratch:
        manifest = read_manifest(archive)
        report.manifest = manifest
        _check_target(manifest, force=force, using=using)

        data = manifest["data"]
        data_path = Path(scratch) / "data.json"
        _extract_verified(archive, DATA, data_path, size=data["size"], sha256=data["sha256"])

        # Every file is checked and written beside its place before anything is replaced.
        planned: list[tuple[Path, Path]] = []
        media_root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".insyn-restore-", dir=media_root))
        try:
            for number, entry in enumerate(manifest.get("files", [])):
                relative = _safe_relative(entry["path"])
                target = media_root.joinpath(*relative.parts)
                if target.exists() or target.is_symlink():
                    if target.is_file() and _sha256_file(target) == entry["sha256"]:
                        report.skipped_files += 1
                        continue
                    if not force:
                        raise BackupError(
                            f"{target} exists with other content; use --force to replace it."
                        )
                staged = staging / str(number)
                _extract_verified(
                    archive,
                    f"{FILES}/{relative.as_posix()}",
                    staged,
                    size=entry["size"],
                    sha256=entry["sha256"],
                )
                planned.append((staged, target))
                report.files += 1
                report.bytes += entry["size"]

            placed: list[Path] = []
            try:
                for staged, target in planned:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    existed = target.exists()
                    staged.replace(target)
                    if not existed:
                        placed.append(target)
                _flush_and_load(data_path, expected_rows=manifest.get("rows", {}), using=using)
            except BaseException:
                for target in placed:  # the database is unchanged: so are the files
                    target.unlink(missing_ok=True)
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    report.rows = {
        label: count for label, count in row_counts(using).items() if label not in NOT_BACKED_UP
    }
    return report


def verify_files(using: str = "default") -> list[str]:
    """Registered files whose bytes on disk do not match their stored checksum."""
    from insyn.registry.models import Attachment

    problems = []
    for attachment in Attachment.objects.using(using).order_by("pk").iterator():
        try:
            path = Path(attachment.file.path)
        except (ValueError, NotImplementedError):
            problems.append(f"{attachment.pk}: no file")
            continue
        if not path.is_file():
            problems.append(f"{attachment.pk}: {attachment.file.name} is missing")
        elif _sha256_file(path) != attachment.sha256:
            problems.append(f"{attachment.pk}: {attachment.file.name} has another checksum")
    return problems
