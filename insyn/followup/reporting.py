"""The board's yearly report on its strategic contracts and the organisation-wide
compilation for KS/KF (seed 003: "Uppföljningen ska rapporteras i samband med
årsbokslutet"), as an HTML preview, a PDF and an Excel workbook.

What the seed asks the report to show, per board: which strategic contracts are followed
up; whether the provider meets the essential requirements; if not, which deficiencies;
how they affect the board's goal attainment; and the action plan. Only submitted reports
count: a draft is still the contract manager's working copy.

The PDF and the workbook are documents of the kommun, so their words are Swedish and
written here (not through the interface's translations, which may lag behind).
"""

from __future__ import annotations

import base64
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from markupsafe import Markup, escape

from insyn.contracts.models import Area, Contract, ContractBoard, Requirement
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, User
from insyn.core.pdf import pdf_from_template
from insyn.core.selectors import boards_active, organisation_for_pages
from insyn.followup import selectors
from insyn.followup.models import (
    Assessment,
    Deficiency,
    FollowUpPlan,
    FollowUpReport,
    Measure,
    PlanItem,
)
from insyn.registry import services as registry
from insyn.registry.models import Document, Series

# --- Swedish words of the kommun's documents ------------------------------------------

RESULT_WORDS: dict[str, str] = {
    Assessment.Result.MET: "Uppfyllt",
    Assessment.Result.PARTLY: "Delvis uppfyllt",
    Assessment.Result.NOT_MET: "Ej uppfyllt",
}
AREA_WORDS: dict[str, str] = {
    Area.QUALITY: "Kvalitet",
    Area.ENVIRONMENT: "Miljö",
    Area.SOCIAL: "Social hänsyn",
    Area.LABOUR: "Arbetsrättsliga villkor",
    # A deficiency need not be tied to one requirement.
    "": "Övrigt",
}
MEASURE_WORDS: dict[str, str] = {
    Measure.Status.PLANNED: "Planerad",
    Measure.Status.IN_PROGRESS: "Pågår",
    Measure.Status.DONE: "Klar",
}
REPORT_WORDS: dict[str, str] = {
    FollowUpReport.Status.DRAFT: "Utkast, ej inlämnad",
    FollowUpReport.Status.SUBMITTED: "Inlämnad",
}
NO_REPORT = "Ingen rapport"
YES, NO = "Ja", "Nej"

# Bar colours of the charts (fill attributes: the pages allow no inline style). Dark
# enough for the white-on-colour contrast of WCAG AA, and never the only carrier of the
# meaning: every bar has its label and number next to it.
RESULT_COLOURS: dict[str, str] = {
    Assessment.Result.MET: "#1b5e20",
    Assessment.Result.PARTLY: "#8a4b00",
    Assessment.Result.NOT_MET: "#b71c1c",
}
AREA_COLOUR = "#1a4f8b"
MEASURE_COLOURS: dict[str, str] = {
    Measure.Status.PLANNED: "#5a5a5a",
    Measure.Status.IN_PROGRESS: "#8a4b00",
    Measure.Status.DONE: "#1b5e20",
}


# --- The figures ------------------------------------------------------------------------


@dataclass
class Totals:
    """Counts that add up from contracts to a board and from boards to the organisation."""

    contracts: int = 0
    reported: int = 0
    results: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULT_WORDS, 0))
    deficiencies: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AREA_WORDS, 0))
    measures: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURE_WORDS, 0))

    def add(self, other: Totals) -> None:
        self.contracts += other.contracts
        self.reported += other.reported
        for mine, theirs in (
            (self.results, other.results),
            (self.deficiencies, other.deficiencies),
            (self.measures, other.measures),
        ):
            for key, value in theirs.items():
                mine[key] = mine.get(key, 0) + value

    @property
    def assessed(self) -> int:
        return sum(self.results.values())

    @property
    def deficiency_count(self) -> int:
        return sum(self.deficiencies.values())

    @property
    def measure_count(self) -> int:
        return sum(self.measures.values())

    @property
    def measures_open(self) -> int:
        return self.measure_count - self.measures[Measure.Status.DONE]


@dataclass
class RequirementRow:
    requirement: Requirement
    assessment: Assessment | None

    @property
    def result_word(self) -> str:
        return RESULT_WORDS[self.assessment.result] if self.assessment else "Ej bedömt"  # type: ignore[index]


@dataclass
class ContractRow:
    """One contract of the board's report, with its submitted report if there is one."""

    contract: Contract
    share: ContractBoard
    plan_item: PlanItem | None
    report: FollowUpReport | None
    requirements: list[RequirementRow]
    deficiencies: list[Deficiency]
    measures: list[Measure]
    totals: Totals

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status == FollowUpReport.Status.SUBMITTED

    @property
    def report_word(self) -> str:
        return REPORT_WORDS[self.report.status] if self.report else NO_REPORT  # type: ignore[index]


@dataclass
class BoardReport:
    board: Board
    year: int
    plan: FollowUpPlan | None
    rows: list[ContractRow]
    totals: Totals

    @property
    def plan_decided(self) -> bool:
        return self.plan is not None and self.plan.is_locked

    @property
    def title(self) -> str:
        return f"Uppföljning av strategiska avtal {self.year}"

    @property
    def charts(self) -> dict[str, Chart]:
        return charts(self.totals)


@dataclass
class Compilation:
    year: int
    boards: list[BoardReport]
    totals: Totals

    @property
    def title(self) -> str:
        return f"Sammanställning: uppföljning av strategiska avtal {self.year}"

    @property
    def charts(self) -> dict[str, Chart]:
        return charts(self.totals)


def _running_in(year: int) -> Q:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Q(contract__start_date__lte=end)
        & (Q(contract__end_date__isnull=True) | Q(contract__end_date__gte=start))
        & (Q(contract__terminated_on__isnull=True) | Q(contract__terminated_on__gte=start))
    )


def board_report(*, board: Board, year: int) -> BoardReport:
    """The board's strategic contracts for the year: those in its follow-up plan, and
    those it has marked strategic that ran during the year (a board without a decided
    plan still answers for them)."""
    plan = FollowUpPlan.objects.filter(board=board, year=year).first()
    items: dict[int, PlanItem] = {}
    if plan is not None:
        items = {i.contract_id: i for i in plan.items.select_related("responsible")}
    shares = list(
        ContractBoard.objects.filter(board=board)
        .filter(Q(contract_id__in=list(items)) | (Q(strategic=True) & _running_in(year)))
        .select_related(
            "contract__provider_party", "contract__provider_unit", "contract__contract_manager"
        )
        .prefetch_related(
            Prefetch(
                "contract__requirements",
                queryset=Requirement.objects.filter(essential=True),
                to_attr="essential_requirements",
            )
        )
        .order_by("contract__number")
    )
    reports = {
        r.contract_id: r
        for r in FollowUpReport.objects.filter(
            contract_id__in=[s.contract_id for s in shares], year=year
        ).prefetch_related(
            Prefetch("assessments", queryset=Assessment.objects.select_related("requirement")),
            Prefetch("deficiencies", queryset=Deficiency.objects.select_related("requirement")),
            Prefetch("measures", queryset=Measure.objects.select_related("deficiency")),
            "goals",
        )
    }
    rows = [
        _row(share, items.get(share.contract_id), reports.get(share.contract_id))
        for share in shares
    ]
    totals = Totals()
    for row in rows:
        totals.add(row.totals)
    return BoardReport(board=board, year=year, plan=plan, rows=rows, totals=totals)


def _row(share: ContractBoard, item: PlanItem | None, report: FollowUpReport | None) -> ContractRow:
    contract = share.contract
    essential: list[Requirement] = contract.essential_requirements  # type: ignore[attr-defined]
    totals = Totals(contracts=1)
    if report is None or report.status != FollowUpReport.Status.SUBMITTED:
        return ContractRow(
            contract=contract,
            share=share,
            plan_item=item,
            report=report,
            requirements=[RequirementRow(r, None) for r in essential],
            deficiencies=[],
            measures=[],
            totals=totals,
        )
    assessments = {a.requirement_id: a for a in report.assessments.all()}
    requirements = [RequirementRow(r, assessments.pop(r.pk, None)) for r in essential]
    # A requirement that is not marked essential may have been assessed all the same.
    requirements += [RequirementRow(a.requirement, a) for a in assessments.values()]
    deficiencies = list(report.deficiencies.all())
    measures = list(report.measures.all())
    totals.reported = 1
    for r in requirements:
        if r.assessment is not None:
            totals.results[r.assessment.result] += 1
    for d in deficiencies:
        totals.deficiencies[d.requirement.area if d.requirement else ""] += 1
    for m in measures:
        totals.measures[m.status] += 1
    return ContractRow(
        contract=contract,
        share=share,
        plan_item=item,
        report=report,
        requirements=requirements,
        deficiencies=deficiencies,
        measures=measures,
        totals=totals,
    )


def compilation(*, year: int) -> Compilation:
    """Every active board's report for the year, with the totals over all of them; a
    board without plan or strategic contracts is listed too, so KS sees it is missing."""
    reports = [board_report(board=board, year=year) for board in boards_active().order_by("code")]
    totals = Totals()
    for report in reports:
        totals.add(report.totals)
    return Compilation(year=year, boards=reports, totals=totals)


# --- Charts: small server-side SVG, which both the pages and WeasyPrint draw ------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    colour: str


@dataclass(frozen=True)
class Chart:
    """A chart as inline SVG (`{{ chart }}` on a page, where its role and label carry the
    text alternative) or, in a PDF, as an image with that text as its alt text
    (`{{ chart.as_image() }}`): WeasyPrint tags an image, not inline SVG, as a figure with
    alternative text (PDF/UA)."""

    svg: Markup
    alt: str

    def __html__(self) -> str:
        return str(self.svg)

    def as_image(self) -> Markup:
        data = base64.b64encode(str(self.svg).encode("utf-8")).decode("ascii")
        return Markup(  # noqa: S704  # the alt text is escaped; the data is base64
            f'<img class="chart" alt="{escape(self.alt)}" src="data:image/svg+xml;base64,{data}">'
        )


def svg_bars(title: str, bars: Sequence[Bar]) -> Chart:
    """A horizontal bar chart. The bars are scaled to the largest value; each bar has its
    label and its number written out, so the chart reads without colour and the text
    survives in the PDF's text layer. Its text alternative names every bar and number."""
    label_width, bar_width, row, top = 170, 250, 22, 22
    height = top + row * len(bars) + 6
    largest = max([b.value for b in bars] + [1])
    alt = f"{title}: " + ", ".join(f"{b.label} {b.value}" for b in bars) if bars else title
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-label="{escape(alt)}" viewBox="0 0 480 {height}" width="480" height="{height}">',
        f'<text x="0" y="14" font-size="12" font-weight="bold" fill="#111">{escape(title)}</text>',
    ]
    for position, bar in enumerate(bars):
        y = top + position * row
        width = round(bar_width * bar.value / largest)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="11" fill="#111">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width}" height="14" '
            f'fill="{escape(bar.colour)}"/>'
            f'<text x="{label_width + width + 6}" y="{y + 14}" font-size="11" fill="#111">'
            f"{bar.value}</text>"
        )
    parts.append("</svg>")
    return Chart(svg=Markup("".join(parts)), alt=alt)  # noqa: S704  # every text escaped


def charts(totals: Totals) -> dict[str, Chart]:
    return {
        "results": svg_bars(
            "Väsentliga krav",
            [Bar(RESULT_WORDS[k], v, RESULT_COLOURS[k]) for k, v in totals.results.items()],
        ),
        "deficiencies": svg_bars(
            "Brister per område",
            [Bar(AREA_WORDS[k], v, AREA_COLOUR) for k, v in totals.deficiencies.items()],
        ),
        "measures": svg_bars(
            "Åtgärder per status",
            [Bar(MEASURE_WORDS[k], v, MEASURE_COLOURS[k]) for k, v in totals.measures.items()],
        ),
    }


# --- PDF ----------------------------------------------------------------------------------


def _pdf_context(**context: Any) -> dict[str, Any]:
    return {
        "organisation": organisation_for_pages(),
        "today": timezone.localdate(),
        "RESULT_WORDS": RESULT_WORDS,
        "AREA_WORDS": AREA_WORDS,
        "MEASURE_WORDS": MEASURE_WORDS,
        **context,
    }


@in_organisation_language
def board_report_pdf(report: BoardReport) -> bytes:
    return pdf_from_template("followup/pdf/board_report.html", _pdf_context(report=report))


@in_organisation_language
def compilation_pdf(report: Compilation) -> bytes:
    return pdf_from_template("followup/pdf/compilation.html", _pdf_context(compilation=report))


@in_organisation_language
def plan_pdf(plan: FollowUpPlan) -> bytes:
    """The board's follow-up plan as decided: which contracts, how, when and by whom."""
    return pdf_from_template(
        "followup/pdf/plan.html", _pdf_context(plan=plan, items=selectors.plan_items(plan))
    )


def plan_filename(plan: FollowUpPlan) -> str:
    return f"uppfoljningsplan-{plan.board.code.lower()}-{plan.year}.pdf"


# --- Excel ------------------------------------------------------------------------------------

CONTRACT_COLUMNS = (
    "Nämnd",
    "Avtalsnummer",
    "Avtal",
    "Utförare",
    "Egen regi",
    "Nämndens andel (%)",
    "Strategiskt",
    "I uppföljningsplanen",
    "Uppföljning senast",
    "Rapport",
    "Inlämnad",
    "Uppfyllda krav",
    "Delvis uppfyllda krav",
    "Ej uppfyllda krav",
    "Brister",
    "Åtgärder",
    "Åtgärder ej klara",
    "Påverkan på måluppfyllelse",
    "Berörda mål",
)
REQUIREMENT_COLUMNS = ("Nämnd", "Avtalsnummer", "Krav", "Område", "Resultat", "Kommentar")
DEFICIENCY_COLUMNS = ("Nämnd", "Avtalsnummer", "Krav", "Område", "Brist")
MEASURE_COLUMNS = (
    "Nämnd",
    "Avtalsnummer",
    "Åtgärd",
    "Avser brist",
    "Ansvarig",
    "Klart senast",
    "Status",
    "Klar",
)
TOTAL_COLUMNS = (
    "Nämnd",
    "Uppföljningsplan beslutad",
    "Paragraf",
    "Avtal",
    "Rapporterade",
    "Uppfyllda krav",
    "Delvis uppfyllda krav",
    "Ej uppfyllda krav",
    "Brister",
    "Åtgärder",
    "Åtgärder ej klara",
)


def _sheet(workbook, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(14, len(column) + 4)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        cells: list[Any] = []
        for value in values:
            if isinstance(value, str) and value:
                # Text stays text: a title starting with "=" is not run as a formula.
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            elif isinstance(value, Decimal):
                cells.append(float(value))
            else:
                cells.append(value)
        sheet.append(cells)


def _provider(contract: Contract) -> str:
    return contract.provider_name


def _contract_rows(reports: Sequence[BoardReport]) -> Iterable[list[Any]]:
    for report in reports:
        for row in report.rows:
            c, t = row.contract, row.totals
            yield [
                report.board.name,
                c.number,
                c.title,
                _provider(c),
                YES if c.is_in_house else NO,
                row.share.share,
                YES if row.share.strategic else NO,
                YES if row.plan_item else NO,
                row.plan_item.due_on if row.plan_item else None,
                row.report_word,
                row.report.submitted_on if row.submitted else None,  # type: ignore[union-attr]
                t.results[Assessment.Result.MET],
                t.results[Assessment.Result.PARTLY],
                t.results[Assessment.Result.NOT_MET],
                t.deficiency_count,
                t.measure_count,
                t.measures_open,
                row.report.goal_effect if row.submitted else "",  # type: ignore[union-attr]
                "; ".join(g.title for g in row.report.goals.all()) if row.submitted else "",  # type: ignore[union-attr]
            ]


def _requirement_rows(reports: Sequence[BoardReport]) -> Iterable[list[Any]]:
    for report in reports:
        for row in report.rows:
            for r in row.requirements:
                yield [
                    report.board.name,
                    row.contract.number,
                    r.requirement.title,
                    AREA_WORDS[r.requirement.area],  # type: ignore[index]
                    r.result_word,
                    r.assessment.comment if r.assessment else "",
                ]


def _deficiency_rows(reports: Sequence[BoardReport]) -> Iterable[list[Any]]:
    for report in reports:
        for row in report.rows:
            for d in row.deficiencies:
                area = d.requirement.area if d.requirement else ""
                yield [
                    report.board.name,
                    row.contract.number,
                    d.requirement.title if d.requirement else "",
                    AREA_WORDS[area],  # type: ignore[index]
                    d.description,
                ]


def _measure_rows(reports: Sequence[BoardReport]) -> Iterable[list[Any]]:
    for report in reports:
        for row in report.rows:
            for m in row.measures:
                yield [
                    report.board.name,
                    row.contract.number,
                    m.description,
                    m.deficiency.description if m.deficiency else "",
                    m.responsible,
                    m.due_on,
                    MEASURE_WORDS[m.status],  # type: ignore[index]
                    m.done_on,
                ]


def _total_row(name: str, plan: FollowUpPlan | None, t: Totals) -> list[Any]:
    decided = plan is not None and plan.is_locked
    return [
        name,
        plan.decided_on if decided else None,  # type: ignore[union-attr]
        plan.paragraph if decided else "",  # type: ignore[union-attr]
        t.contracts,
        t.reported,
        t.results[Assessment.Result.MET],
        t.results[Assessment.Result.PARTLY],
        t.results[Assessment.Result.NOT_MET],
        t.deficiency_count,
        t.measure_count,
        t.measures_open,
    ]


def _workbook_bytes(reports: Sequence[BoardReport], totals: Totals | None = None) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    if totals is not None:
        rows = [_total_row(r.board.name, r.plan, r.totals) for r in reports]
        rows.append(_total_row("Totalt", None, totals))
        _sheet(workbook, "Sammanställning", TOTAL_COLUMNS, rows)
    _sheet(workbook, "Avtal", CONTRACT_COLUMNS, _contract_rows(reports))
    _sheet(workbook, "Krav", REQUIREMENT_COLUMNS, _requirement_rows(reports))
    _sheet(workbook, "Brister", DEFICIENCY_COLUMNS, _deficiency_rows(reports))
    _sheet(workbook, "Åtgärder", MEASURE_COLUMNS, _measure_rows(reports))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@in_organisation_language
def board_report_xlsx(report: BoardReport) -> bytes:
    return _workbook_bytes([report])


@in_organisation_language
def compilation_xlsx(report: Compilation) -> bytes:
    return _workbook_bytes(report.boards, report.totals)


def board_report_filename(report: BoardReport, extension: str) -> str:
    return f"uppfoljning-strategiska-avtal-{report.board.code.lower()}-{report.year}.{extension}"


def compilation_filename(report: Compilation, extension: str) -> str:
    return f"sammanstallning-strategiska-avtal-{report.year}.{extension}"


# --- Registering the board's report in the diarium -------------------------------------


def board_series(board: Board) -> Series | None:
    return Series.objects.filter(board=board, active=True).order_by("prefix").first()


@in_organisation_language
@transaction.atomic
def board_report_register(*, board: Board, year: int, user: User) -> Document:
    """Register the board's report as a drawn-up document in a new case of the board's
    series. Every call registers a new document: the report is a snapshot of the day it
    was made, and a later version is a document of its own."""
    series = board_series(board)
    if series is None:
        raise ValidationError(
            _("The board %(board)s has no open numbering series in the diarium.")
            % {"board": board.name}
        )
    report = board_report(board=board, year=year)
    content = board_report_pdf(report)
    title = f"Uppföljning av strategiska avtal {year}"
    return registry.case_register_with_document(
        series=series,
        title=title,
        registered_by=user,
        direction=Document.Direction.DRAWN_UP,
        description=f"{title} – {board.name}",
        document_date=timezone.localdate(),
        files=[
            SimpleUploadedFile(
                board_report_filename(report, "pdf"), content, content_type="application/pdf"
            )
        ],
    )
