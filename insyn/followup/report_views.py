"""The board's report on its strategic contracts and the organisation-wide compilation:
an HTML preview, the PDF and the Excel workbook (?format=pdf|xlsx), and registering the
board's report in the diarium.

Every staff member may read them: they go to KS/KF and are public documents once
registered. Registering is narrowed to the board's own registrars and secretaries; anyone
else who may use the URL is sent back to the preview with a message, not a 403.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.access import URL_ACCESS
from insyn.core.models import Board, User
from insyn.core.permissions import Refused, access_required
from insyn.core.selectors import user_has_role
from insyn.followup import reporting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Years a report can be asked for: wide enough for any real follow-up, narrow enough that
# a typo in the URL is a 404 rather than an empty report for the year 20266.
YEARS = range(2000, 2101)


def _for(name: str):
    return access_required(f"followup:{name}")


def _board(board_id: int) -> Board:
    return get_object_or_404(Board, pk=board_id)


def _year(year: int) -> int:
    if year not in YEARS:
        raise Http404
    return year


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _can_register(user, board: Board) -> bool:
    return user_has_role(user, *URL_ACCESS["followup:board_report_register"], board=board)


@_for("board_report")
def board_report(request: HttpRequest, board_id: int, year: int) -> HttpResponse:
    board = _board(board_id)
    report = reporting.board_report(board=board, year=_year(year))
    kind = request.GET.get("format", "")
    if kind == "pdf":
        return _download(
            reporting.board_report_pdf(report),
            "application/pdf",
            reporting.board_report_filename(report, "pdf"),
        )
    if kind == "xlsx":
        return _download(
            reporting.board_report_xlsx(report),
            XLSX,
            reporting.board_report_filename(report, "xlsx"),
        )
    return render(
        request,
        "followup/board_report.html",
        {
            "report": report,
            "can_register": _can_register(request.user, board),
            "has_series": reporting.board_series(board) is not None,
        },
    )


@_for("compilation")
def compilation(request: HttpRequest, year: int) -> HttpResponse:
    report = reporting.compilation(year=_year(year))
    kind = request.GET.get("format", "")
    if kind == "pdf":
        return _download(
            reporting.compilation_pdf(report),
            "application/pdf",
            reporting.compilation_filename(report, "pdf"),
        )
    if kind == "xlsx":
        return _download(
            reporting.compilation_xlsx(report), XLSX, reporting.compilation_filename(report, "xlsx")
        )
    return render(request, "followup/compilation.html", {"compilation": report})


@require_POST
@_for("board_report_register")
def board_report_register(request: HttpRequest, board_id: int, year: int) -> HttpResponse:
    board = _board(board_id)
    year = _year(year)
    if not _can_register(request.user, board):
        raise Refused(
            _("You cannot register reports for this board."),
            back_url=redirect("followup:board_report", board_id=board.pk, year=year)["Location"],
        )
    try:
        document = reporting.board_report_register(
            board=board, year=year, user=cast(User, request.user)
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("followup:board_report", board_id=board.pk, year=year)
    messages.success(
        request,
        _("The report is registered as %(number)s.") % {"number": document.number},
    )
    return redirect("registry:document_detail", document_id=document.pk)
