"""Import of the contract register from a spreadsheet (xlsx or csv, the columns of
COLUMNS, as the template and the export write them).

Every row is checked before anything is saved, by the same rules as the form
(services.contract_check); every error is recorded with its spreadsheet row and column.
Only a file without errors is saved, in one transaction: new numbers are created,
existing numbers updated. A large file is read as a stream and checked in chunks, with
one query per kind of lookup and chunk, never one per row.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime
import io
import itertools
import logging
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from insyn.contracts import services
from insyn.contracts.models import Contract, ContractBoard, ContractImport, Level
from insyn.core import identifiers, uploads
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, Party, Unit, User
from insyn.registry.models import SecrecyGround

logger = logging.getLogger(__name__)

# The columns, in the template's order. The headers are the file format, not interface
# text: they stay Swedish whatever the language of the page.
NUMBER = "Avtalsnummer"
TITLE = "Titel"
DESCRIPTION = "Beskrivning"
KIND = "Typ"
PROVIDER = "Leverantör"
ORG_NUMBER = "Organisationsnummer"
UNIT = "Egen regi-enhet"
START = "Startdatum"
END = "Slutdatum"
LATEST_END = "Senaste slutdatum"
NOTICE = "Uppsägningsdatum"
EXTENSION = "Förlängning"
YEARLY_VALUE = "Årsvärde"
TOTAL_VALUE = "Totalvärde"
CONFIDENTIAL_VALUES = "Värden sekretess"
CPV = "CPV"
PROCEDURE = "Förfarande"
RESERVED = "Reserverat"
BOARDS = "Nämnder"
VALUE_LEVEL = "Värde"
IMPACT_LEVEL = "Påverkan"
COLUMNS = (
    NUMBER,
    TITLE,
    DESCRIPTION,
    KIND,
    PROVIDER,
    ORG_NUMBER,
    UNIT,
    START,
    END,
    LATEST_END,
    NOTICE,
    EXTENSION,
    YEARLY_VALUE,
    TOTAL_VALUE,
    CONFIDENTIAL_VALUES,
    CPV,
    PROCEDURE,
    RESERVED,
    BOARDS,
    VALUE_LEVEL,
    IMPACT_LEVEL,
)
SHEET_NAME = "Avtal"

# The words of the file for the register's codes.
KIND_WORDS: dict[str, str] = {
    Contract.Kind.EXTERNAL.value: "extern",
    Contract.Kind.INTERNAL.value: "intern",
    Contract.Kind.IOP.value: "iop",
}
LEVEL_WORDS: dict[str, str] = {Level.LOW.value: "låg", Level.HIGH.value: "hög"}
YES, NO = "ja", "nej"
_YES = {"ja", "j", "x", "yes", "y", "1", "sant", "true"}
_NO = {"nej", "n", "no", "0", "falskt", "false", ""}

# Which column a problem found by services.contract_check belongs to.
CHECK_COLUMNS = {
    "number": NUMBER,
    "title": TITLE,
    "kind": KIND,
    "procedure": PROCEDURE,
    "end_date": END,
    "latest_end_date": LATEST_END,
    "notice_date": NOTICE,
    "yearly_value": YEARLY_VALUE,
    "total_value": TOTAL_VALUE,
    "values_secrecy_ground": CONFIDENTIAL_VALUES,
    "cpv_code": CPV,
    "reserved": RESERVED,
    "shares": BOARDS,
}
# The model's limits, checked here so that a long cell is a row error and not a database
# error (PostgreSQL refuses a too long value; SQLite would silently keep it).
MAX_LENGTHS = {NUMBER: 40, TITLE: 300, EXTENSION: 200, PROVIDER: 200, CPV: 10}
MAX_VALUE = {YEARLY_VALUE: Decimal(10) ** 14, TOTAL_VALUE: Decimal(10) ** 15}

# Text that a spreadsheet would take for a formula; the CSV export puts an apostrophe
# before it, which the import takes off.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

MAX_ROWS = 200_000
MAX_COLUMNS = 200  # a header is looked for in this many columns, no more
CHUNK = 500  # rows checked between two progress updates, with one lookup per kind
SAVE_BATCH = 1000
# Errors kept for the status page: a file with the wrong columns in every row would
# otherwise fill the database with the same message 50,000 times.
MAX_ERRORS = 5000
# The ground of an imported secret value when the contract has none yet: the provider's
# business relations (offentlighets- och sekretesslagen 31 kap. 16 §).
DEFAULT_SECRECY = (31, "16")


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is for the user."""


@dataclass
class Sheet:
    headers: dict[str, int]  # column -> position in a row
    rows: Iterator[tuple[int, Sequence[Any]]]  # (spreadsheet row number, values)
    estimate: int  # rows expected, for the progress before the end is known


# --- Reading the file ---------------------------------------------------------------------


def file_kind(name: str) -> str:
    ext = uploads.extension(name)
    if ext not in (".xlsx", ".csv"):
        raise ImportFileError(
            _("Choose an Excel file (.xlsx) or a CSV file (.csv), as the template.")
        )
    return ext


@contextlib.contextmanager
def open_sheet(file: IO[bytes], ext: str) -> Iterator[Sheet]:
    """The rows of the contract sheet, streamed. Raises ImportFileError for a file that
    is not what its name says, has no header row, or misses columns."""
    if ext == ".xlsx":
        with _xlsx_sheet(file) as sheet:
            yield sheet
    else:
        yield _csv_sheet(file)


@contextlib.contextmanager
def _xlsx_sheet(file: IO[bytes]) -> Iterator[Sheet]:
    # python-calamine (Rust) reads a workbook several times faster than openpyxl, which
    # parses the sheet's XML in Python; the 50,000-row target of `make bench` needs it
    # (docs/adr/0003-documents-and-files.md). openpyxl still writes the files.
    import python_calamine

    file.seek(0)
    if not zipfile.is_zipfile(file):
        raise ImportFileError(_not_readable())
    file.seek(0)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(file)
        names = workbook.sheet_names
        if not names:
            raise ImportFileError(_not_readable())
        worksheet = workbook.get_sheet_by_name(SHEET_NAME if SHEET_NAME in names else names[0])
    except ImportFileError:
        raise
    except Exception as exc:
        # A damaged or foreign archive raises CalamineError, ZipError, XmlError …: all of
        # them mean "not a workbook".
        raise ImportFileError(_not_readable()) from exc
    # The sheet's range starts at its first used cell: rows and columns before it are
    # put back, so that row numbers and columns are those the spreadsheet shows.
    first_row, first_column = worksheet.start or (0, 0)
    padding: list[Any] = [None] * first_column
    rows: Iterator[list[Any]] = itertools.chain(
        ([None] * MAX_COLUMNS for _ in range(first_row)),
        (padding + row for row in worksheet.iter_rows()),
    )
    try:
        first = next(rows, [])
    except Exception as exc:
        raise ImportFileError(_not_readable()) from exc
    headers = _headers(first[:MAX_COLUMNS])
    width = max(headers.values()) + 1
    estimate = max(0, worksheet.height + first_row - 1)
    yield Sheet(
        headers, _numbered((r[:width] for r in rows), start=2, broken=_not_readable()), estimate
    )


def _csv_sheet(file: IO[bytes]) -> Sheet:
    file.seek(0)
    raw = file.read()
    if not uploads.content_matches(io.BytesIO(raw), ".csv"):
        raise ImportFileError(
            _("The file is not a CSV file: save the sheet as CSV (UTF-8) and try again.")
        )
    # Excel in Swedish saves "CSV UTF-8" with a BOM, and plain "CSV" in Windows-1252.
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    del raw
    first_line = text.split("\n", 1)[0]
    # Swedish Excel separates with semicolons (the comma is the decimal sign); a file
    # from elsewhere may use commas or tabs.
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        first = next(reader, [])
    except csv.Error as exc:
        raise ImportFileError(_not_readable_csv()) from exc
    headers = _headers(first)
    return Sheet(
        headers,
        _numbered(reader, start=2, broken=_not_readable_csv()),
        max(0, text.count("\n") - 1),
    )


def _not_readable() -> str:
    return _(
        "The file could not be read as an Excel workbook. Save it as .xlsx (Excel "
        "workbook) and try again, or start from the template."
    )


def _not_readable_csv() -> str:
    return _("The CSV file could not be read. Save the sheet as CSV (UTF-8) and try again.")


def _headers(first: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    wanted = {column.casefold(): column for column in COLUMNS}
    for position, value in enumerate(first[:MAX_COLUMNS]):
        column = wanted.get(_text(value).casefold())
        if column and column not in found:
            found[column] = position
    if not found:
        raise ImportFileError(
            _(
                "The first row of the file must hold the column headers of the template "
                "(Avtalsnummer, Titel, …). Start from the template."
            )
        )
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise ImportFileError(
            _("These columns are missing: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )
    return found


def _numbered(
    rows: Iterator[Sequence[Any]], *, start: int, broken: str
) -> Iterator[tuple[int, Sequence[Any]]]:
    """The non-empty rows with their row numbers as the spreadsheet shows them. A row
    that only has empty cells (formatting far below the data) is skipped."""
    number = start - 1
    try:
        for values in rows:
            number += 1
            if any(v is not None and str(v).strip() for v in values):
                yield number, values
    except Exception as exc:
        # Whatever a damaged sheet raises halfway (ParseError, BadZipFile, csv.Error, …).
        raise ImportFileError(broken) from exc


# --- Checking the upload (in the request) --------------------------------------------------


@in_organisation_language
def upload_check(upload: UploadedFile) -> str:
    """Check an upload before it is stored: size, kind, content, the header row and at
    least one row. Returns the cleaned file name; raises ValidationError with a message
    for the user."""
    name = uploads.clean_filename(upload.name)
    try:
        if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
            raise ImportFileError(
                _("The file is too large: a file may be at most %(limit)d MB.")
                % {"limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if not upload.size:
            raise ImportFileError(_("The file is empty."))
        ext = file_kind(name)
        if ext == ".xlsx" and not uploads.content_matches(upload, ext):
            raise ImportFileError(_not_readable())
        with open_sheet(upload, ext) as sheet:
            if next(sheet.rows, None) is None:
                raise ImportFileError(_("The file has the column headers but no contracts."))
    except ImportFileError as error:
        raise ValidationError(str(error), code="import_file") from error
    finally:
        upload.seek(0)
    return name


@transaction.atomic
def contract_import_start(*, upload: UploadedFile, user: User) -> ContractImport:
    """Store a checked upload and hand it to the task worker once committed."""
    name = upload_check(upload)
    upload.name = name
    record = ContractImport.objects.create(file=upload, original_name=name, created_by=user)
    transaction.on_commit(lambda: _enqueue(record.pk))
    return record


def _enqueue(import_id: int) -> None:
    from insyn.contracts.tasks import import_contracts

    import_contracts.enqueue(import_id=import_id)


# --- Reading one row ----------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SHARE = re.compile(r"^(?P<code>[^\s\d][^\s]*)(?:\s+(?P<share>\d+(?:[.,]\d+)?)\s*%?)?$")


def _date(value: Any) -> datetime.date | None:
    """A real Excel date, or YYYY-MM-DD text. Raises ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not _ISO_DATE.match(text):
        raise ValueError(text)
    return datetime.date.fromisoformat(text)


def _amount(value: Any) -> Decimal | None:
    """Whole kronor: a number cell, or text with or without spaces ("1 200 000")."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(value)
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = "".join(str(value).split()).replace("\u202f", "")
        text = re.sub(r"(?i)(kr|sek|:-)$", "", text)
        if not text:
            return None
        # A decimal comma with only zeros after it is still whole kronor ("1 200,00").
        text = re.sub(r"[.,]0+$", "", text)
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(value) from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(value)
    return number.quantize(Decimal(1))


def _yes_no(value: Any) -> bool:
    text = _text(value).casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(value)


@dataclass
class _Lookups:
    """What rows refer to, read once (boards, units, grounds) or once per chunk
    (parties, contracts)."""

    boards: dict[str, Board]
    units: dict[str, list[Unit]]
    grounds: dict[int, SecrecyGround]
    default_ground: SecrecyGround | None
    procedures: dict[str, str]
    # Per chunk: org number -> party; contract number -> what the row needs of it.
    parties: dict[str, Party] = field(default_factory=dict)
    existing: dict[str, _Existing] = field(default_factory=dict)
    # Providers new to the register, created when the file is saved; shared by the rows.
    new_parties: dict[str, Party] = field(default_factory=dict)

    @classmethod
    def load(cls) -> _Lookups:
        units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.all():
            units.setdefault(unit.name.strip().casefold(), []).append(unit)
        grounds = {ground.pk: ground for ground in SecrecyGround.objects.all()}
        chapter, section = DEFAULT_SECRECY
        default = next(
            (g for g in grounds.values() if (g.chapter, g.section) == (chapter, section)), None
        )
        return cls(
            boards={board.code.upper(): board for board in Board.objects.all()},
            units=units,
            grounds=grounds,
            default_ground=default,
            procedures=procedure_words(),
        )

    def load_chunk(self, numbers: set[str], org_numbers: set[str]) -> None:
        self.parties = {p.org_number: p for p in Party.objects.filter(org_number__in=org_numbers)}
        self.existing = {
            row[0]: _Existing(*row[1:])
            for row in Contract.objects.filter(number__in=numbers).values_list(
                "number",
                "pk",
                "values_secrecy_ground_id",
                "provider_party__org_number",
                "provider_party__name",
                "provider_party_id",
            )
        }


@dataclass(frozen=True)
class _Existing:
    pk: int
    ground_id: int | None
    party_org_number: str | None
    party_name: str | None
    party_id: int | None


def procedure_words() -> dict[str, str]:
    """Every accepted way of writing a procedure -> its value: the value itself and the
    label in Swedish and in English, in any case."""
    from django.utils import translation

    words: dict[str, str] = {}
    for value, label in Contract.Procedure.choices:
        words[value.casefold()] = value
        for language in ("en", settings.LANGUAGE_CODE):
            with translation.override(language):
                words[str(label).strip().casefold()] = value
    return words


@dataclass
class _Row:
    number: int
    data: services.ContractData
    existing_pk: int | None


class _RowReader:
    def __init__(self, headers: dict[str, int], lookups: _Lookups):
        self.headers = headers
        self.lookups = lookups
        self.errors: list[tuple[str, str]] = []

    def cell(self, values: Sequence[Any], column: str) -> Any:
        position = self.headers[column]
        value = values[position] if position < len(values) else None
        return value.strip() if isinstance(value, str) else value

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def text(self, values: Sequence[Any], column: str) -> str:
        text = _text(self.cell(values, column))
        if text[:1] == "'" and text[1:2] in FORMULA_START:
            text = text[1:]  # the export's guard against formulas (exporting._csv_value)
        limit = MAX_LENGTHS.get(column)
        if limit and len(text) > limit:
            self.error(
                column,
                _("%(column)s may be at most %(limit)d characters.")
                % {"column": column, "limit": limit},
            )
        return text

    def date(self, values: Sequence[Any], column: str) -> datetime.date | None:
        value = self.cell(values, column)
        try:
            return _date(value)
        except ValueError:
            self.error(
                column,
                _("%(value)s is not a date: write it as YYYY-MM-DD (for example 2026-01-31).")
                % {"value": _text(value)},
            )
            return None

    def amount(self, values: Sequence[Any], column: str) -> Decimal | None:
        value = self.cell(values, column)
        try:
            amount = _amount(value)
        except ValueError:
            self.error(
                column,
                _("%(value)s is not an amount in whole kronor (for example 1 200 000).")
                % {"value": _text(value)},
            )
            return None
        if amount is not None and abs(amount) >= MAX_VALUE[column]:
            self.error(column, _("%(value)s is too large.") % {"value": _text(value)})
            return None
        return amount

    def yes_no(self, values: Sequence[Any], column: str) -> bool:
        value = self.cell(values, column)
        try:
            return _yes_no(value)
        except ValueError:
            self.error(column, _("Write ja or nej."))
            return False

    def level(self, values: Sequence[Any], column: str) -> str:
        text = _text(self.cell(values, column)).casefold()
        for level, word in LEVEL_WORDS.items():
            if text in (word, level):
                return level
        if text:
            self.error(column, _("Write låg or hög, or leave the cell empty."))
        return ""

    def kind(self, values: Sequence[Any]) -> str:
        text = _text(self.cell(values, KIND)).casefold()
        for kind, word in KIND_WORDS.items():
            if text in (word, kind):
                return kind
        self.error(KIND, _("Write extern, intern or iop."))
        return text

    def procedure(self, values: Sequence[Any]) -> str:
        text = _text(self.cell(values, PROCEDURE))
        value = self.lookups.procedures.get(text.casefold())
        if value is None:
            self.error(
                PROCEDURE,
                _(
                    "%(value)s is not a procedure; the sheet Instruktioner of the template "
                    "lists them."
                )
                % {"value": text},
            )
            return text
        return value

    def shares(self, values: Sequence[Any]) -> list[services.Share] | None:
        """ "KS 60; TN 40", or one board alone for all of it."""
        text = _text(self.cell(values, BOARDS))
        parts = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
        if not parts:
            self.error(BOARDS, _("Give at least one board."))
            return None
        parsed: list[tuple[str, str | None]] = []
        for part in parts:
            match = _SHARE.match(part)
            if not match:
                self.error(
                    BOARDS,
                    _('Write the boards as codes with shares, for example "KS 60; TN 40".'),
                )
                return None
            parsed.append((match["code"], match["share"]))
        if len(parsed) > 1 and any(share is None for _code, share in parsed):
            self.error(BOARDS, _("Give each board's share when there is more than one board."))
            return None
        shares = []
        unknown = []
        for code, share in parsed:
            board = self.lookups.boards.get(code.upper())
            if board is None:
                unknown.append(code)
                continue
            amount = Decimal(share.replace(",", ".")) if share else services.HUNDRED
            if amount != amount.quantize(Decimal("0.01")):
                self.error(BOARDS, _("A share has at most two decimals."))
                return None
            shares.append(services.Share(board, amount))
        if unknown:
            self.error(
                BOARDS,
                _("There is no board with the code %(codes)s.") % {"codes": ", ".join(unknown)},
            )
            return None
        return shares

    def provider(
        self, values: Sequence[Any], kind: str, existing: _Existing | None
    ) -> tuple[Party | None, Unit | None, bool]:
        """(party, unit, problem already reported)."""
        org_number = _text(self.cell(values, ORG_NUMBER))
        unit_name = _text(self.cell(values, UNIT))
        name = self.text(values, PROVIDER)
        if org_number and unit_name:
            self.error(
                ORG_NUMBER,
                _("Give either an organisation number or an in-house unit, not both."),
            )
            return None, None, True
        if unit_name:
            units = self.lookups.units.get(unit_name.casefold(), [])
            if len(units) == 1:
                return None, units[0], False
            if not units:
                self.error(UNIT, _("There is no unit called %(name)s.") % {"name": unit_name})
            else:
                self.error(
                    UNIT,
                    _("Several units are called %(name)s; rename one of them first.")
                    % {"name": unit_name},
                )
            return None, None, True
        if not org_number:
            # A provider registered without a number (a private person, say) stays the
            # contract's provider while the row names it as before: an export of the
            # register imports again unchanged.
            if (
                existing
                and existing.party_id
                and not existing.party_org_number
                and name == (existing.party_name or "").strip()
            ):
                return Party(pk=existing.party_id, name=name), None, False
            return None, None, False
        try:
            identifiers.validate_org_number(org_number)
        except ValidationError as error:
            self.error(ORG_NUMBER, error.messages[0])
            return None, None, True
        formatted = identifiers.format_org_number(org_number)
        party = self.lookups.parties.get(formatted) or self.lookups.new_parties.get(formatted)
        if party is None:
            if not name:
                self.error(PROVIDER, _("Give the name of the new provider."))
                return None, None, True
            party = Party(
                # An IOP is made with an idéburen organisation; anything else new is a
                # company until someone says otherwise on the party's page.
                kind=Party.Kind.NONPROFIT if kind == Contract.Kind.IOP else Party.Kind.COMPANY,
                name=name,
                org_number=formatted,
            )
            self.lookups.new_parties[formatted] = party
        return party, None, False

    def read(self, number: int, values: Sequence[Any]) -> _Row | None:
        """The row as ContractData, or None with self.errors filled."""
        self.errors = []
        contract_number = self.text(values, NUMBER)
        existing = self.lookups.existing.get(contract_number)
        kind = self.kind(values)
        party, unit, provider_reported = self.provider(values, kind, existing)
        start = self.date(values, START)
        if start is None and not any(c == START for c, _m in self.errors):
            self.error(START, _("Give the start date."))
        shares = self.shares(values)
        values_secret = self.yes_no(values, CONFIDENTIAL_VALUES)
        ground = None
        if values_secret:
            ground = (
                self.lookups.grounds.get(existing.ground_id)
                if existing and existing.ground_id
                else None
            ) or self.lookups.default_ground
        data = services.ContractData(
            number=contract_number,
            title=self.text(values, TITLE),
            description=self.text(values, DESCRIPTION),
            kind=kind,
            provider_party=party,
            provider_unit=unit,
            # A date that could not be read is reported already; the earliest possible
            # start keeps the date rules from reporting it again as "before the start".
            start_date=start or datetime.date.min,
            end_date=self.date(values, END),
            latest_end_date=self.date(values, LATEST_END),
            notice_date=self.date(values, NOTICE),
            extension_terms=self.text(values, EXTENSION),
            yearly_value=self.amount(values, YEARLY_VALUE),
            total_value=self.amount(values, TOTAL_VALUE),
            values_secret=values_secret,
            values_secrecy_ground=ground,
            cpv_code=self.text(values, CPV),
            procedure=self.procedure(values),
            reserved=self.yes_no(values, RESERVED),
            value_level=self.level(values, VALUE_LEVEL),
            impact_level=self.level(values, IMPACT_LEVEL),
            shares=shares or [],
        )
        if not contract_number:
            self.error(NUMBER, _("Give the contract a number."))
        self._check(
            data, kind=kind, shares_read=shares is not None, provider_reported=provider_reported
        )
        if self.errors:
            return None
        return _Row(number, data, existing.pk if existing else None)

    def _check(
        self, data: services.ContractData, *, kind: str, shares_read: bool, provider_reported: bool
    ) -> None:
        """The form's rules, from services.contract_check. The number is left out of it:
        its uniqueness query would run once per row, and an existing number is an update
        here, not an error; the file's own duplicates are found by the caller."""
        probe = dataclasses.replace(
            data,
            number="",
            # A cell already reported is not reported again in other words.
            shares=data.shares if shares_read else [services.Share(Board(), services.HUNDRED)],
        )
        try:
            services.contract_check(probe)
        except ValidationError as error:
            reported = {column for column, _message in self.errors}
            for name, messages in error.message_dict.items():
                if name == "number":
                    continue
                if name == "provider":
                    if provider_reported:
                        continue
                    column = UNIT if kind == Contract.Kind.INTERNAL else ORG_NUMBER
                else:
                    column = CHECK_COLUMNS.get(name, name)
                if column in reported:
                    continue
                for message in messages:
                    self.error(column, message)


# --- The import ---------------------------------------------------------------------------


@in_organisation_language
def contract_import_run(*, import_id: int) -> ContractImport:
    """Check every row of the import's file; save them all if none has an error. Run by
    the task worker; an import that is not waiting (already run) is left alone."""
    claimed = ContractImport.objects.filter(
        pk=import_id, status=ContractImport.Status.WAITING
    ).update(status=ContractImport.Status.CHECKING)
    record = ContractImport.objects.select_related("created_by").get(pk=import_id)
    if not claimed:
        return record
    try:
        rows, errors = _check_file(record)
        if errors:
            _finish(record, status=ContractImport.Status.FAILED, errors=errors)
            return record
        ContractImport.objects.filter(pk=record.pk).update(status=ContractImport.Status.SAVING)
        try:
            created, updated = _save(
                rows,
                user=record.created_by,
                reason=_("Imported from %(name)s") % {"name": record.original_name},
            )
        except IntegrityError:
            # Someone registered one of the file's numbers, or a provider, between the
            # check and the save; nothing of the file was saved.
            logger.warning("contract import %s: conflict while saving", record.pk, exc_info=True)
            _finish(
                record,
                status=ContractImport.Status.FAILED,
                errors=[_file_error(_("The register changed during the import. Import again."))],
            )
            return record
        _finish(record, status=ContractImport.Status.DONE, created=created, updated=updated)
    except ImportFileError as error:
        _finish(record, status=ContractImport.Status.FAILED, errors=[_file_error(str(error))])
    except Exception:
        logger.exception("contract import %s failed", record.pk)
        _finish(
            record,
            status=ContractImport.Status.FAILED,
            errors=[_file_error(_("The import failed unexpectedly; nothing was saved."))],
        )
        raise
    return record


def _file_error(message: str) -> dict:
    return {"row": None, "column": "", "message": message}


def _finish(
    record: ContractImport,
    *,
    status: str,
    errors: list[dict] | None = None,
    created: int = 0,
    updated: int = 0,
) -> None:
    record.status = status
    record.errors = errors or []
    record.created_count = created
    record.updated_count = updated
    record.finished_at = timezone.now()
    record.save(update_fields=["status", "errors", "created_count", "updated_count", "finished_at"])


def _chunks(rows: Iterator[tuple[int, Sequence[Any]]], size: int) -> Iterator[list]:
    chunk: list[tuple[int, Sequence[Any]]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_file(record: ContractImport) -> tuple[list[_Row], list[dict]]:
    """Every row read and checked; (rows, errors). Progress is written after each chunk
    (outside any transaction, so the status page sees it)."""
    lookups = _Lookups.load()
    rows: list[_Row] = []
    errors: list[dict] = []
    seen: dict[str, int] = {}  # contract number -> first row
    processed = 0
    ext = file_kind(record.original_name)
    with record.file.open("rb") as file, open_sheet(file, ext) as sheet:
        reader = _RowReader(sheet.headers, lookups)
        estimate = sheet.estimate
        ContractImport.objects.filter(pk=record.pk).update(total_rows=estimate)
        for chunk in _chunks(sheet.rows, CHUNK):
            if processed + len(chunk) > MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(max)d rows; split it into smaller files.")
                    % {"max": MAX_ROWS}
                )
            numbers = {_text(reader.cell(v, NUMBER)) for _n, v in chunk}
            org_numbers = set()
            for _n, values in chunk:
                org = _text(reader.cell(values, ORG_NUMBER))
                with contextlib.suppress(Exception):
                    org_numbers.add(identifiers.format_org_number(org))
            lookups.load_chunk(numbers, org_numbers)
            for number, values in chunk:
                row = reader.read(number, values)
                contract_number = _text(reader.cell(values, NUMBER))
                if contract_number in seen:
                    reader.error(
                        NUMBER,
                        _("Contract number %(number)s is also on row %(row)d.")
                        % {"number": contract_number, "row": seen[contract_number]},
                    )
                    row = None
                elif contract_number:
                    seen[contract_number] = number
                if row is not None:
                    rows.append(row)
                elif len(errors) < MAX_ERRORS:
                    errors.extend(
                        {"row": number, "column": column, "message": message}
                        for column, message in reader.errors
                    )
            processed += len(chunk)
            ContractImport.objects.filter(pk=record.pk).update(
                processed_rows=processed, total_rows=max(estimate, processed)
            )
    ContractImport.objects.filter(pk=record.pk).update(
        processed_rows=processed, total_rows=processed
    )
    record.processed_rows = record.total_rows = processed
    if len(errors) >= MAX_ERRORS:
        errors = errors[:MAX_ERRORS]
        errors.append(
            _file_error(_("Only the first %(count)d errors are shown.") % {"count": MAX_ERRORS})
        )
    if not processed:
        raise ImportFileError(_("The file has the column headers but no contracts."))
    # The rows are kept only if they will be saved.
    return (rows if not errors else []), errors


# The contract's fields an import writes: the form's (services._FIELDS) but the links to a
# procurement and a case, which the file does not hold and an import must not undo.
_KEPT = ("procurement", "case")
_WRITTEN = tuple(name for name in services._FIELDS if name not in _KEPT)


_ATTNAMES = tuple(f.attname for f in Contract._meta.concrete_fields if f.name in _WRITTEN)


def _state(contract: Contract) -> tuple:
    return tuple(getattr(contract, attname) for attname in _ATTNAMES)


@transaction.atomic
def _save(rows: list[_Row], *, user: User, reason: str) -> tuple[int, int]:
    """All rows in one transaction: (created, updated). An existing contract whose row
    holds what it already has counts as updated but is not written, so that importing an
    export again adds nothing to the contracts' history."""
    new_parties: dict[str, Party] = {}
    for row in rows:
        party = row.data.provider_party
        if party is not None and party.pk is None:
            new_parties[party.org_number] = party
    if new_parties:
        bulk_create_with_history(
            list(new_parties.values()),
            Party,
            batch_size=SAVE_BATCH,
            default_user=user,
            default_change_reason=reason,
        )
    creates = [row for row in rows if row.existing_pk is None]
    updates = [row for row in rows if row.existing_pk is not None]
    for start in range(0, len(creates), SAVE_BATCH):
        batch = creates[start : start + SAVE_BATCH]
        contracts = []
        for row in batch:
            contract = Contract()
            services._apply(contract, row.data)
            contracts.append(contract)
        bulk_create_with_history(
            contracts,
            Contract,
            batch_size=SAVE_BATCH,
            default_user=user,
            default_change_reason=reason,
        )
        ContractBoard.objects.bulk_create(
            [
                ContractBoard(contract_id=contract.pk, board=share.board, share=share.share)
                for contract, row in zip(contracts, batch, strict=True)
                for share in row.data.shares
            ],
            batch_size=SAVE_BATCH,
        )
    for start in range(0, len(updates), SAVE_BATCH):
        _save_updates(updates[start : start + SAVE_BATCH], user=user, reason=reason)
    return len(creates), len(updates)


def _save_updates(batch: list[_Row], *, user: User, reason: str) -> None:
    contracts = Contract.objects.select_for_update().in_bulk([row.existing_pk for row in batch])
    current: dict[int, dict[int, tuple[Decimal, bool]]] = {}
    for contract_id, board_id, share, strategic in ContractBoard.objects.filter(
        contract_id__in=contracts
    ).values_list("contract_id", "board_id", "share", "strategic"):
        current.setdefault(contract_id, {})[board_id] = (share, strategic)
    changed: list[Contract] = []
    replace: list[int] = []
    shares: list[ContractBoard] = []
    for row in batch:
        contract = contracts[row.existing_pk]  # type: ignore[index]
        before = _state(contract)
        kept = {name: getattr(contract, f"{name}_id") for name in _KEPT}
        services._apply(contract, row.data)
        for name, value in kept.items():
            setattr(contract, f"{name}_id", value)
        if _state(contract) != before:
            changed.append(contract)
        had = current.get(contract.pk, {})
        wanted = {share.board.pk: share.share for share in row.data.shares}
        if wanted != {board_id: share for board_id, (share, _s) in had.items()}:
            replace.append(contract.pk)
            # A board keeps its strategic mark when it keeps its part of the contract.
            shares.extend(
                ContractBoard(
                    contract_id=contract.pk,
                    board=share.board,
                    share=share.share,
                    strategic=had.get(share.board.pk, (None, False))[1],
                )
                for share in row.data.shares
            )
    if changed:
        bulk_update_with_history(
            changed,
            Contract,
            fields=list(_WRITTEN),
            batch_size=SAVE_BATCH,
            default_user=user,
            default_change_reason=reason,
        )
    if replace:
        ContractBoard.objects.filter(contract_id__in=replace).delete()
        ContractBoard.objects.bulk_create(shares, batch_size=SAVE_BATCH)


# --- Reads for the pages ------------------------------------------------------------------


def imports_recent(*, limit: int = 20) -> list[ContractImport]:
    return list(ContractImport.objects.select_related("created_by").order_by("-created_at")[:limit])


def import_get(import_id: int) -> ContractImport | None:
    return ContractImport.objects.select_related("created_by").filter(pk=import_id).first()
