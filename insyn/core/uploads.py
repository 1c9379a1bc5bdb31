"""Checks on uploaded files: the name is cleaned, the extension must be on the allow-list,
and the content must be what the extension says.

The browser's declared content type and the file name are the uploader's word; neither
is trusted. The content is sniffed: binary formats by their magic bytes (the `filetype`
library, plus the OLE2 and ZIP structure for office files), plain-text formats (which have
no magic) by decoding as text with no NUL bytes. A file that passes gets the content type
that belongs to its extension, never the declared one.
"""

from __future__ import annotations

import codecs
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word/Excel/PowerPoint 97-2003, Outlook .msg
ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
HEAD_BYTES = 8192  # what filetype looks at
TEXT_CHUNK = 64 * 1024
MAX_NAME = 255


@dataclass(frozen=True)
class FileKind:
    mime: str  # the content type stored and sent for this extension
    family: str  # how the content is checked: see content_matches()


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"

# The allow-list: extension -> what the content must be.
KINDS: dict[str, FileKind] = {
    ".pdf": FileKind("application/pdf", "pdf"),
    ".doc": FileKind("application/msword", "ole2"),
    ".xls": FileKind("application/vnd.ms-excel", "ole2"),
    ".ppt": FileKind("application/vnd.ms-powerpoint", "ole2"),
    ".msg": FileKind("application/vnd.ms-outlook", "ole2"),
    ".docx": FileKind(f"{_OOXML}.wordprocessingml.document", "ooxml"),
    ".xlsx": FileKind(f"{_OOXML}.spreadsheetml.sheet", "ooxml"),
    ".pptx": FileKind(f"{_OOXML}.presentationml.presentation", "ooxml"),
    ".odt": FileKind(f"{_ODF}.text", "odf"),
    ".ods": FileKind(f"{_ODF}.spreadsheet", "odf"),
    ".odp": FileKind(f"{_ODF}.presentation", "odf"),
    ".rtf": FileKind("application/rtf", "rtf"),
    ".zip": FileKind("application/zip", "zip"),
    ".jpg": FileKind("image/jpeg", "image/jpeg"),
    ".jpeg": FileKind("image/jpeg", "image/jpeg"),
    ".png": FileKind("image/png", "image/png"),
    ".gif": FileKind("image/gif", "image/gif"),
    ".tif": FileKind("image/tiff", "image/tiff"),
    ".tiff": FileKind("image/tiff", "image/tiff"),
    ".txt": FileKind("text/plain", "text"),
    ".csv": FileKind("text/csv", "text"),
    ".xml": FileKind("application/xml", "text"),
    ".eml": FileKind("message/rfc822", "text"),
}
ALLOWED_EXTENSIONS = frozenset(KINDS)


def clean_filename(name: str | None, *, fallback: str = "fil") -> str:
    """The uploader's file name made harmless for display and for Content-Disposition:
    no folders (either slash), no control or format characters (e.g. U+202E, which turns
    "gpj.exe" around), no leading or trailing dots and spaces, at most 255 characters
    with the extension kept."""
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(_name_char(ch) for ch in text)
    text = " ".join(text.split()).strip(" .")
    if not text:
        return fallback
    if len(text) > MAX_NAME:
        suffix = PurePath(text).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        text = text[: MAX_NAME - len(suffix)] + suffix
    return text


def _name_char(ch: str) -> str:
    category = unicodedata.category(ch)
    if category[0] == "Z" or ch.isspace():  # any space, tab or line break: a plain space
        return " "
    if category[0] == "C":  # other control, format, private use, unassigned
        return ""
    return ch


def extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def content_matches(file: IO[bytes], ext: str) -> bool:
    """True if the content of `file` is what extension `ext` says it is. The file is read
    from the start and left at the start."""
    kind = KINDS.get(ext)
    if kind is None:
        return False
    file.seek(0)
    try:
        head = file.read(HEAD_BYTES)
        file.seek(0)
        family = kind.family
        if family == "text":
            return _is_text(file, head)
        if family == "ole2":
            return head.startswith(OLE2_MAGIC)
        if family == "rtf":
            return head.startswith(RTF_MAGIC)
        if family == "zip":
            return head.startswith(ZIP_MAGIC) and _zip_names(file) is not None
        if family == "ooxml":
            names = _zip_names(file) if head.startswith(ZIP_MAGIC) else None
            return names is not None and "[Content_Types].xml" in names
        if family == "odf":
            return head.startswith(ZIP_MAGIC) and _odf_mimetype(file) == kind.mime
        detected = filetype.guess_mime(head)
        if family == "pdf":
            return detected == "application/pdf"
        return detected == family  # images: the exact type
    finally:
        file.seek(0)


def _zip_names(file: IO[bytes]) -> set[str] | None:
    """The member names of a ZIP archive (read from its central directory only), or None
    if it is not a readable archive."""
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)


def _odf_mimetype(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive, archive.open("mimetype") as member:
            return member.read(200).decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, RuntimeError):
        return None
    finally:
        file.seek(0)


def _is_text(file: IO[bytes], head: bytes) -> bool:
    """Plain text: no NUL byte anywhere, no binary format's magic, and the whole file
    decodes as UTF-8 (with or without BOM) or, failing that, as Windows-1252."""
    if filetype.guess(head) is not None:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        file.seek(0)
        if _decodes(file, encoding):
            return True
    return False


def _decodes(file: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        while chunk := file.read(TEXT_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
