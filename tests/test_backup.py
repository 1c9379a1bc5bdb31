"""`insyn backup` and `insyn restore`: the database and the files in one archive, restored
into an emptied database and folder exactly as they were (on SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from insyn.core import backup
from insyn.registry import services
from insyn.registry.models import AccessRequest, Attachment, Case, Document

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
BINARY = bytes(range(256)) * 40  # every byte value, so nothing is text-mangled


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """`flush` recreates the content types under new ids inside the test's transaction;
    the cache must not keep them for the tests after this one."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def diarium(register, rebecka, ground_social, ks_unit):
    """Documents with files, a secret one, a corrected entry, a closed case and a public
    access request: rows in every kind of table, history included."""
    first = register(
        files=[
            SimpleUploadedFile("brev.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("bilaga.zip", BINARY, content_type="application/zip"),
        ]
    )
    secret = register(
        title="Ett sekretessärende",
        secrecy=Document.Secrecy.SECRET,
        secrecy_ground=ground_social,
        unit=ks_unit,
        files=[
            SimpleUploadedFile("utredning.pdf", PDF + b"hemlig", content_type="application/pdf")
        ],
    )
    services.document_correct(
        document=first,
        changed_by=rebecka,
        reason="Fel beskrivning",
        **{
            field: getattr(first, field)
            for field in services.CORRECTABLE_FIELDS
            if field != "description"
        },
        description="Ett brev om snöröjning",
    )
    services.case_close(case=secret.case, closed_by=rebecka, note="Klart")
    services.access_request_register(
        requested="Avtalet om snöröjning", delivery="email", email="jenny@example.se"
    )
    return first


def flush() -> None:
    """`insyn flush`, as an operator would lose the database. Inside the test's transaction
    PostgreSQL first needs the pending deferred foreign-key checks done."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def snapshot() -> dict[str, list[dict]]:
    """Every row of every backed-up table, by model, in primary-key order."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in backup._models()
        if model._meta.label_lower not in backup.NOT_BACKED_UP
    }


def file_bytes() -> dict[int, bytes]:
    return {a.pk: Path(a.file.path).read_bytes() for a in Attachment.objects.order_by("pk")}


def test_backup_then_restore_into_an_emptied_database_gives_back_everything(
    diarium, settings, tmp_path, register
):
    archive = tmp_path / "backups" / "insyn.tar.gz"
    before_rows = snapshot()
    before_files = file_bytes()
    assert Attachment.objects.count() == 3
    assert Document.history.count() >= 4  # registrations and the correction
    assert Case.history.count() >= 3
    assert before_rows["registry.historicaldocument"]

    call_command("backup", str(archive), stdout=io.StringIO())
    assert archive.is_file()

    # Into a database that already holds data: refused, and nothing changes.
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before_rows

    # Lose everything: the database is emptied and the files are deleted.
    flush()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert Document.objects.count() == 0 and Attachment.objects.count() == 0
    assert backup.database_is_empty()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored" in out.getvalue()

    after_rows = snapshot()
    for label, rows in before_rows.items():
        assert after_rows[label] == rows, label
    assert file_bytes() == before_files
    for attachment in Attachment.objects.all():
        content = Path(attachment.file.path).read_bytes()
        assert hashlib.sha256(content).hexdigest() == attachment.sha256
    assert backup.verify_files() == []
    assert AccessRequest.objects.count() == 1

    # New registrations continue the numbering (and, on PostgreSQL, the id sequences).
    highest = max(Document.objects.values_list("pk", flat=True))
    numbers = set(Case.objects.values_list("number", flat=True))
    document = register(files=[SimpleUploadedFile("ny.pdf", PDF)])
    assert document.pk > highest
    assert document.case.number not in numbers
    assert (
        document.case.sequence
        == max(c.sequence for c in Case.objects.exclude(pk=document.case_id)) + 1
    )
    assert document.attachments.get().pk > max(before_files)


def test_the_archive_holds_a_manifest_with_checksums_and_the_migration_state(diarium, tmp_path):
    archive = tmp_path / "insyn.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        assert names[-1] == "manifest.json"
        assert "data.json" in names
        for entry in manifest["files"]:
            content = tar.extractfile(f"files/{entry['path']}").read()  # type: ignore[union-attr]
            assert hashlib.sha256(content).hexdigest() == entry["sha256"]
            assert len(content) == entry["size"]
        data = tar.extractfile("data.json").read()  # type: ignore[union-attr]
    assert hashlib.sha256(data).hexdigest() == manifest["data"]["sha256"]
    assert manifest["format"] == "insyn-backup"
    assert manifest["database_vendor"] == connection.vendor
    assert "registry.0001_initial" in manifest["migrations"]
    assert manifest["rows"]["registry.document"] == Document.objects.count()
    assert "sessions.session" not in manifest["rows"]
    stored = {a.file.name for a in Attachment.objects.all()}
    assert {entry["path"] for entry in manifest["files"]} >= stored


def _rewrite(archive: Path, target: Path, *, manifest=None, replace: dict | None = None):
    """A copy of `archive` with a changed manifest or changed members."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            content = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "manifest.json" and manifest is not None:
                content = json.dumps(manifest(json.loads(content))).encode()
            if replace and member.name in replace:
                content = replace[member.name]
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))


@pytest.fixture
def emptied(diarium, settings, tmp_path):
    """A backup of the diarium, then an emptied database and files folder."""
    archive = tmp_path / "insyn.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    flush()
    shutil.rmtree(settings.MEDIA_ROOT)
    return archive


def assert_nothing_restored(settings) -> None:
    assert Document.objects.count() == 0
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_a_damaged_file_in_the_archive_restores_nothing(emptied, tmp_path, settings):
    with tarfile.open(emptied) as tar:
        name = next(n for n in tar.getnames() if n.startswith("files/"))
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(emptied, damaged, replace={name: b"not what was backed up"})
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert_nothing_restored(settings)


def test_damaged_data_restores_nothing(emptied, tmp_path, settings):
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite(emptied, damaged, replace={"data.json": b"[]"})
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert_nothing_restored(settings)


def test_another_migration_state_is_refused(emptied, tmp_path, settings):
    other = tmp_path / "other.tar.gz"

    def newer(manifest):
        manifest["migrations"].append("registry.9999_from_the_future")
        return manifest

    _rewrite(emptied, other, manifest=newer)
    with pytest.raises(CommandError, match="migration state"):
        call_command("restore", str(other), stdout=io.StringIO())
    assert_nothing_restored(settings)


def test_a_path_outside_the_files_folder_is_refused(emptied, tmp_path, settings):
    evil = tmp_path / "evil.tar.gz"

    def escape(manifest):
        manifest["files"][0]["path"] = "../../utanfor.txt"
        return manifest

    _rewrite(emptied, evil, manifest=escape)
    with pytest.raises(CommandError, match="Unsafe file path"):
        call_command("restore", str(evil), stdout=io.StringIO())
    assert not (tmp_path / "utanfor.txt").exists()
    assert_nothing_restored(settings)


def test_something_that_is_not_a_backup_is_refused(tmp_path, db):
    not_a_backup = tmp_path / "x.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as tar:
        info = tarfile.TarInfo("hej.txt")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(CommandError, match="not an insyn backup"):
        call_command("restore", str(not_a_backup), stdout=io.StringIO())
    (tmp_path / "y.tar.gz").write_bytes(b"garbage")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore", str(tmp_path / "y.tar.gz"), stdout=io.StringIO())


def test_force_replaces_a_database_that_holds_data(diarium, tmp_path, register):
    archive = tmp_path / "insyn.tar.gz"
    before = snapshot()
    call_command("backup", str(archive), stdout=io.StringIO())
    register(title="Registrerat efter säkerhetskopian")
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert snapshot() == before


def test_a_backup_is_never_written_into_the_files_folder(settings, db):
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        call_command("backup", str(Path(settings.MEDIA_ROOT) / "b.tar.gz"), stdout=io.StringIO())
