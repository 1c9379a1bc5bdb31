"""Uploads: the content must be what the extension says (real file bytes here), the file
name is cleaned, and files go out as downloads with safe headers."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from insyn.core import uploads
from insyn.demo import pdf_bytes
from insyn.registry.models import Attachment, Case, Document

pytestmark = pytest.mark.django_db


# --- real files, made here --------------------------------------------------------------


def minimal_pdf() -> bytes:
    """A complete one-page PDF with a correct cross-reference table (the demo's own)."""
    return pdf_bytes("Brev")


def minimal_png() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def windows_executable() -> bytes:
    """The start of a Windows PE executable: MZ header, DOS stub, PE signature."""
    dos_header = bytearray(64)
    dos_header[0:2] = b"MZ"
    dos_header[60:64] = struct.pack("<I", 128)  # e_lfanew: where the PE header starts
    stub = b"This program cannot be run in DOS mode.\r\r\n$".ljust(64, b"\x00")
    pe = b"PE\x00\x00" + struct.pack("<HH", 0x8664, 1) + bytes(16)
    return bytes(dos_header) + stub + pe + bytes(512)


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def minimal_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bilaga.txt", "hej")
    return buffer.getvalue()


OLE2_DOC = uploads.OLE2_MAGIC + bytes(504)


# --- through the registration form ------------------------------------------------------


def case_form(series, upload) -> dict:
    return {
        "series": series.pk,
        "title": "Ärende med bilaga",
        "public_title": "",
        "direction": "incoming",
        "document_date": timezone.localdate().isoformat(),
        "description": "Brev med bilaga",
        "counterpart_kind": "company",
        "counterpart_name": "Företaget AB",
        "counterpart_org_number": "",
        "counterpart_personal_identity_number": "",
        "unit": "",
        "case_officer": "",
        "secrecy": "public",
        "secrecy_ground": "",
        "attachments": [upload],
    }


def post(client, rebecka, ks_series, name: str, content: bytes, content_type: str):
    client.force_login(rebecka)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(reverse("registry:case_create"), case_form(ks_series, upload))


def assert_refused(response, name: str) -> None:
    assert response.status_code == 422
    html = response.content.decode()
    assert f"{name}: innehållet är inte en" in html, html
    assert Case.objects.count() == 0
    assert Document.objects.count() == 0
    assert Attachment.objects.count() == 0


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_real_pdf_is_accepted_with_the_type_we_checked(client, rebecka, ks_series, settings):
    content = minimal_pdf()
    response = post(client, rebecka, ks_series, "brev.pdf", content, "application/x-whatever")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "brev.pdf"
    # The browser's claim is not kept; the type of the checked extension is.
    assert attachment.content_type == "application/pdf"
    assert attachment.file.read() == content


def test_a_png_renamed_to_pdf_is_refused_and_nothing_is_saved(client, rebecka, ks_series, settings):
    response = post(client, rebecka, ks_series, "faktura.pdf", minimal_png(), "application/pdf")
    assert_refused(response, "faktura.pdf")
    assert "Kontrollera att du valt rätt fil" in response.content.decode()
    assert stored_files(settings) == []


def test_an_executable_renamed_to_docx_is_refused_and_nothing_is_saved(
    client, rebecka, ks_series, settings
):
    response = post(
        client,
        rebecka,
        ks_series,
        "avtal.docx",
        windows_executable(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert_refused(response, "avtal.docx")
    assert stored_files(settings) == []


def test_a_text_file_with_nul_bytes_is_refused_and_nothing_is_saved(
    client, rebecka, ks_series, settings
):
    content = b"Hej!\nDet h\xc3\xa4r ser ut som text\x00\x00\x01men \xc3\xa4r det inte.\n"
    response = post(client, rebecka, ks_series, "anteckning.txt", content, "text/plain")
    assert_refused(response, "anteckning.txt")
    assert stored_files(settings) == []


def test_one_bad_file_among_good_ones_saves_nothing(client, rebecka, ks_series, settings):
    client.force_login(rebecka)
    data = case_form(ks_series, SimpleUploadedFile("ok.pdf", minimal_pdf()))
    data["attachments"] = [
        SimpleUploadedFile("ok.pdf", minimal_pdf()),
        SimpleUploadedFile("bild.png", windows_executable()),
    ]
    response = client.post(reverse("registry:case_create"), data)
    assert_refused(response, "bild.png")
    assert stored_files(settings) == []


# --- the content check itself -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("brev.pdf", minimal_pdf()),
        ("bild.png", minimal_png()),
        ("avtal.docx", minimal_docx()),
        ("protokoll.odt", minimal_odt()),
        ("bilagor.zip", plain_zip()),
        ("bilagor.zip", minimal_docx()),  # an office file is a ZIP archive too
        ("gammalt.doc", OLE2_DOC),
        ("mejl.msg", OLE2_DOC),
        ("brev.rtf", b"{\\rtf1\\ansi Hej}"),
        ("lista.csv", "namn;belopp\nÅsa;12\n".encode()),
        ("lista.csv", "namn;belopp\nÅsa;12\n".encode("cp1252")),  # Excel's Swedish CSV
        ("anteckning.txt", "\ufeffMed BOM och åäö\n".encode()),
        ("data.xml", b'<?xml version="1.0"?><a>1</a>'),
        ("tom.txt", b""),
        ("mejl.eml", b"From: a@example.se\r\nSubject: Hej\r\n\r\nText\r\n"),
    ],
)
def test_real_files_of_each_family_are_accepted(name, content):
    assert uploads.content_matches(io.BytesIO(content), uploads.extension(name))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("brev.pdf", minimal_png()),
        ("brev.pdf", b"Inte en PDF"),
        ("bild.png", minimal_pdf()),
        ("bild.jpg", minimal_png()),
        ("avtal.docx", windows_executable()),
        ("avtal.docx", plain_zip()),  # a ZIP, but not an Office document
        ("protokoll.odt", minimal_docx()),
        ("bilagor.zip", windows_executable()),
        ("bilagor.zip", b"PK\x03\x04 trasig"),
        ("gammalt.doc", windows_executable()),
        ("brev.rtf", minimal_pdf()),
        ("anteckning.txt", windows_executable()),
        ("anteckning.txt", minimal_png()),
        ("anteckning.txt", b"text\x00med NUL"),
        ("lista.csv", b"\x81\x8d\x8f\x90\x9d"),  # neither UTF-8 nor Windows-1252
        ("anteckning.txt", "UTF-16 har NUL".encode("utf-16")),
        ("data.xml", minimal_pdf()),
        ("program.exe", windows_executable()),  # not on the allow-list at all
    ],
)
def test_content_that_is_not_what_the_extension_says_is_refused(name, content):
    assert not uploads.content_matches(io.BytesIO(content), uploads.extension(name))


def test_the_content_check_leaves_the_file_at_its_start():
    file = io.BytesIO(minimal_pdf())
    file.seek(17)
    assert uploads.content_matches(file, ".pdf")
    assert file.tell() == 0


# --- file names are never trusted -------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\reg\\Skrivbord\\brev.pdf", "brev.pdf"),
        ("rapport\u202etxt.exe", "rapporttxt.exe"),  # right-to-left override removed
        ("brev\r\nX-Injected: ja.pdf", "brev X-Injected: ja.pdf"),
        ("tab\tnamn\x00\x07.pdf", "tab namn.pdf"),
        ("\u00a0 Protokoll\u00a02024.pdf ", "Protokoll 2024.pdf"),
        ("...", "fil"),
        ("", "fil"),
        (".htaccess", "htaccess"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
        ("Ärende åäö.pdf", "Ärende åäö.pdf"),
    ],
)
def test_file_names_are_cleaned(given, kept):
    assert uploads.clean_filename(given) == kept


def test_the_stored_name_is_clean_and_the_stored_path_is_ours(client, rebecka, ks_series):
    name = "..\\..\\hemlig\u202e\x1bfdp.pdf"
    response = post(client, rebecka, ks_series, name, minimal_pdf(), "application/pdf")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "hemligfdp.pdf"
    assert attachment.file.name.startswith("registry/")
    assert "hemlig" not in attachment.file.name


def test_files_are_sent_as_downloads_with_safe_headers(client, rebecka, ks_series):
    name = 'brev "citat";.pdf'
    post(client, rebecka, ks_series, name, minimal_pdf(), "application/pdf")
    attachment = Attachment.objects.get()
    document = attachment.document
    for url in (
        reverse("portal:postlista_file", args=[document.pk, attachment.pk]),
        reverse("registry:attachment_download", args=[document.pk, attachment.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == minimal_pdf()
