"""The contract register as a spreadsheet (xlsx or csv), in the columns of the import,
so that an exported file imports again unchanged; and the empty import template.

This is the STAFF export: it holds every value, secret ones included (a provider's
prices kept under OSL 31:16), and must only be offered behind a staff login. The public
site shows contracts through insyn.contracts.selectors.public_contract, which withholds
them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from insyn.contracts import importing as im
from insyn.contracts.models import Contract
from insyn.core.i18n import in_organisation_language
from insyn.core.legal import cite
from insyn.core.models import Board

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_START = im.FORMULA_START
TEXT_COLUMNS = frozenset({im.NUMBER, im.TITLE, im.DESCRIPTION, im.PROVIDER, im.EXTENSION})
INSTRUCTIONS_SHEET = "Instruktioner"  # the file format's name, like the headers
WIDTHS = {im.TITLE: 40, im.DESCRIPTION: 40, im.PROVIDER: 30, im.UNIT: 25, im.BOARDS: 18}


def _share(share: Decimal) -> str:
    # "60", "33,5": the Swedish decimal comma; the boards are separated by semicolons.
    text = format(share.normalize(), "f")
    return text.replace(".", ",")


def contract_row(contract: Contract, procedures: dict[str, str]) -> list[Any]:
    """A contract's cells in the order of importing.COLUMNS."""
    party = contract.provider_party
    unit = contract.provider_unit
    return [
        contract.number,
        contract.title,
        contract.description,
        im.KIND_WORDS.get(contract.kind, contract.kind),
        unit.name if unit else (party.name if party else ""),
        party.org_number if party and not unit else "",
        unit.name if unit else "",
        contract.start_date,
        contract.end_date,
        contract.latest_end_date,
        contract.notice_date,
        contract.extension_terms,
        contract.yearly_value,
        contract.total_value,
        im.YES if contract.values_secret else im.NO,
        contract.cpv_code,
        procedures.get(contract.procedure, contract.procedure),
        im.YES if contract.reserved else im.NO,
        "; ".join(f"{s.board.code} {_share(s.share)}" for s in contract.boards.all()),
        im.LEVEL_WORDS.get(contract.value_level, ""),
        im.LEVEL_WORDS.get(contract.impact_level, ""),
    ]


def _procedure_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Contract.Procedure.choices}


# --- xlsx -----------------------------------------------------------------------------------


def _workbook():
    import openpyxl

    # write_only streams the rows to the file: the whole register fits in little memory.
    return openpyxl.Workbook(write_only=True)


def _sheet_with_header(workbook):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(im.SHEET_NAME)
    for position, column in enumerate(im.COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = WIDTHS.get(column, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in im.COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    return sheet


def _cells(sheet, values: Sequence[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for value in values:
        if isinstance(value, str) and value:
            # Text stays text: "=…" in a title is not run as a formula, and an org.
            # number or CPV code is not turned into a number.
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            cells.append(cell)
        elif isinstance(value, Decimal):
            cells.append(int(value))
        else:
            cells.append(value)
    return cells


def _save(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@in_organisation_language
def contracts_xlsx(contracts: Iterable[Contract]) -> bytes:
    """STAFF ONLY: secret values are included."""
    workbook = _workbook()
    sheet = _sheet_with_header(workbook)
    procedures = _procedure_labels()
    for contract in contracts:
        sheet.append(_cells(sheet, contract_row(contract, procedures)))
    return _save(workbook)


# --- csv ------------------------------------------------------------------------------------


def _csv_value(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    if column in TEXT_COLUMNS and text.startswith(FORMULA_START):
        # Excel runs a cell starting with "=" as a formula; the apostrophe makes it text
        # there, and the import takes it off again.
        return "'" + text
    return text


def _csv(rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    # Swedish Excel opens a UTF-8 file with BOM and semicolons in columns by itself.
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(im.COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(column, v) for column, v in zip(im.COLUMNS, row, strict=True)])
    return out.getvalue().encode("utf-8")


@in_organisation_language
def contracts_csv(contracts: Iterable[Contract]) -> bytes:
    """STAFF ONLY: secret values are included."""
    procedures = _procedure_labels()
    return _csv(contract_row(contract, procedures) for contract in contracts)


# --- The template ---------------------------------------------------------------------------


def _instructions() -> list[tuple[str, str]]:
    return [
        (
            im.NUMBER,
            _(
                "Required. The contract's number; a number already in the register "
                "updates that contract, a new number registers a new one."
            ),
        ),
        (im.TITLE, _("Required. What the contract is about.")),
        (im.DESCRIPTION, _("Optional.")),
        (
            im.KIND,
            _(
                "Required: extern (a provider outside the organisation), intern (an "
                "internal agreement with one of the organisation's own units) or iop "
                "(a partnership with a non-profit organisation)."
            ),
        ),
        (
            im.PROVIDER,
            _(
                "The provider's name. Needed for a provider new to the register; "
                "a provider found by its organisation number keeps its name."
            ),
        ),
        (
            im.ORG_NUMBER,
            _(
                "The provider's organisation number, NNNNNN-NNNN. A new number "
                "adds the provider to the register. Leave it empty for an "
                "internal agreement."
            ),
        ),
        (
            im.UNIT,
            _(
                "For an internal agreement only: the name of the organisation's unit "
                "that provides the service, exactly as in insyn. Give either this or "
                "an organisation number."
            ),
        ),
        (im.START, _("Required. A date, or text as YYYY-MM-DD.")),
        (im.END, _("The end of the current term; not before the start.")),
        (im.LATEST_END, _("The latest end if every extension is used.")),
        (im.NOTICE, _("The last day to give notice or to use an extension option.")),
        (im.EXTENSION, _("The extension options as text, for example 2 + 1 + 1 år.")),
        (im.YEARLY_VALUE, _("Estimated yearly value in whole kronor, for example 1 200 000.")),
        (im.TOTAL_VALUE, _("Estimated total value in whole kronor.")),
        (
            im.CONFIDENTIAL_VALUES,
            _(
                "ja if the values are secret (the provider's business relations, "
                "%(law)s); otherwise nej or empty."
            )
            % {"law": cite("osl_business", short=True)},
        ),
        (im.CPV, _("The CPV code, for example 90911200-8.")),
        (im.PROCEDURE, _("Required: one of the procedures below, as written there.")),
        (
            im.RESERVED,
            _(
                "ja if reserved for non-profit organisations (only a reserved "
                "procurement or a choice system: %(lou)s or %(lov)s); otherwise nej or "
                "empty."
            )
            % {
                "lou": cite("lou_reserved_ideburna", short=True),
                "lov": cite("lov_reserved_ideburna", short=True),
            },
        ),
        (
            im.BOARDS,
            _(
                "Required: the boards' codes with their shares in per cent, separated "
                "by semicolons, adding up to 100, for example KS 60; TN 40. One board "
                "alone takes all: KS."
            ),
        ),
        (im.VALUE_LEVEL, _("For the classification: låg or hög, or empty.")),
        (im.IMPACT_LEVEL, _("For the classification: låg or hög, or empty.")),
    ]


def _instructions_sheet(workbook, boards: Sequence[Board]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def heading(text: str) -> None:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        sheet.append([cell])

    def line(first: str, second: str) -> None:
        a = WriteOnlyCell(sheet, value=first)
        b = WriteOnlyCell(sheet, value=second)
        a.data_type = b.data_type = "s"
        b.alignment = wrap
        sheet.append([a, b])

    heading(_("Import of contracts"))
    sheet.append(
        [
            _(
                "One contract a row on the sheet Avtal, below the header row. Every row is "
                "checked before anything is saved: if a row has an error, nothing is imported "
                "and every error is listed with its row and column."
            )
        ]
    )
    sheet.append([])
    heading(_("Columns"))
    for column, text in _instructions():
        line(column, text)
    sheet.append([])
    heading(_("Boards"))
    for board in boards:
        line(board.code, board.name + ("" if board.active else f" ({_('inactive')})"))
    sheet.append([])
    heading(_("Procedures"))
    for value, label in Contract.Procedure.choices:
        line(str(label), value)


@in_organisation_language
def template_xlsx() -> bytes:
    workbook = _workbook()
    _sheet_with_header(workbook)
    _instructions_sheet(workbook, list(Board.objects.order_by("-active", "code")))
    return _save(workbook)


@in_organisation_language
def template_csv() -> bytes:
    return _csv([])
