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
import ipaddress
import logging
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.core.http import client_ip

logger = logging.getLogger(__name__)

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


# --- Limits on what anyone may send (the public forms) ------------------------------------


def public_upload_refusal(request: HttpRequest, files: Sequence[UploadedFile]) -> str | None:
    """Why the files of one anonymous submission are refused, or None.

    Per submission: at most INSYN_PUBLIC_UPLOAD_MAX_FILES files of together at most
    INSYN_PUBLIC_UPLOAD_MAX_MB. Per client address and day (with the rate limits, i.e.
    when RATELIMIT_ENABLE is on): at most INSYN_PUBLIC_UPLOAD_DAILY_FILES files and
    INSYN_PUBLIC_UPLOAD_DAILY_MB, counted by public_upload_record once a submission is
    kept. Registered files are kept for good, so without these one visitor could fill the
    archive with a few hundred posts."""
    if not files:
        return None
    size = sum(f.size or 0 for f in files)
    if len(files) > settings.INSYN_PUBLIC_UPLOAD_MAX_FILES:
        return _("Send at most %(count)d files at a time.") % {
            "count": settings.INSYN_PUBLIC_UPLOAD_MAX_FILES
        }
    if size > settings.INSYN_PUBLIC_UPLOAD_MAX_MB * MB:
        return _("The files may be at most %(limit)d MB together.") % {
            "limit": settings.INSYN_PUBLIC_UPLOAD_MAX_MB
        }
    if not settings.RATELIMIT_ENABLE:
        return None
    sent = _daily_counts(request)
    if sent is not None and (
        sent[0] + len(files) > settings.INSYN_PUBLIC_UPLOAD_DAILY_FILES
        or sent[1] + size > settings.INSYN_PUBLIC_UPLOAD_DAILY_MB * MB
    ):
        return _(
            "Files from this address today have reached what we accept in a day "
            "(%(count)d files or %(limit)d MB). Nothing was saved. Send the files tomorrow, "
            "or by e-mail or post."
        ) % {
            "count": settings.INSYN_PUBLIC_UPLOAD_DAILY_FILES,
            "limit": settings.INSYN_PUBLIC_UPLOAD_DAILY_MB,
        }
    return None


def public_upload_record(request: HttpRequest, files: Sequence[UploadedFile]) -> None:
    """Count the files of a kept submission against the address's day."""
    if not files or not settings.RATELIMIT_ENABLE:
        return
    files_key, bytes_key = _daily_keys(request)
    try:
        for key, amount in ((files_key, len(files)), (bytes_key, sum(f.size or 0 for f in files))):
            cache.add(key, 0, timeout=DAY_SECONDS * 2)
            cache.incr(key, amount)
    except Exception:  # the cache is down: the files are kept all the same, and logged
        logger.exception("Public uploads could not be counted")


MB = 1024 * 1024
DAY_SECONDS = 24 * 60 * 60


def _daily_keys(request: HttpRequest) -> tuple[str, str]:
    address = ipaddress.ip_address(client_ip(request))
    if address.version == 6:  # one household or office has a whole /64
        address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    day = timezone.localdate().isoformat()
    return f"insyn:uploads:files:{address}:{day}", f"insyn:uploads:bytes:{address}:{day}"


def _daily_counts(request: HttpRequest) -> tuple[int, int] | None:
    try:
        counts = cache.get_many(_daily_keys(request))
    except Exception:  # the cache is down: let the files through, say so in the log
        logger.exception("Public uploads could not be checked; allowed")
        return None
    files_key, bytes_key = _daily_keys(request)
    return int(counts.get(files_key, 0)), int(counts.get(bytes_key, 0))
