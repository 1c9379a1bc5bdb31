"""Import and export of the contract register: thin views over
insyn/contracts/importing.py and insyn/contracts/exporting.py."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.access import ANY_ROLE, CONTRACT_REGISTRARS
from insyn.contracts import exporting, importing, selectors
from insyn.contracts.forms import ContractFilterForm
from insyn.contracts.models import ContractImport
from insyn.core.forms import add_service_errors
from insyn.core.models import User
from insyn.core.permissions import role_required

INVALID = 422
RUNNING = (
    ContractImport.Status.WAITING,
    ContractImport.Status.CHECKING,
    ContractImport.Status.SAVING,
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An Excel file (.xlsx) or a CSV file (.csv) in the columns of the template."),
        error_messages={"required": _("Choose the file to import.")},
    )


def _download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A generated file as a download, kept by no proxy: the export holds secret values."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(*CONTRACT_REGISTRARS)
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = importing.contract_import_start(
                upload=form.cleaned_data["file"], user=cast(User, request.user)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("contracts:import_status", import_id=record.pk)
    return render(
        request,
        "contracts/import_start.html",
        {"form": form, "imports": importing.imports_recent()},
        status=INVALID if form.is_bound else 200,
    )


@role_required(*CONTRACT_REGISTRARS)
def import_template(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "csv":
        return _download(
            exporting.template_csv(), filename="avtal-mall.csv", content_type=exporting.CSV_TYPE
        )
    return _download(
        exporting.template_xlsx(), filename="avtal-mall.xlsx", content_type=exporting.XLSX_TYPE
    )


@role_required(*CONTRACT_REGISTRARS)
def import_status(request: HttpRequest, import_id: int) -> HttpResponse:
    record = importing.import_get(import_id)
    if record is None:
        raise Http404
    return render(
        request,
        "contracts/import_status.html",
        {"record": record, "running": record.status in RUNNING},
    )


@role_required(*ANY_ROLE)
def export(request: HttpRequest) -> HttpResponse:
    """The staff list's contracts as a file, secret values included (staff only)."""
    form = ContractFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "errors/400.html", status=400)
    data = form.cleaned_data
    today = timezone.localdate()
    contracts = selectors.contracts_find(
        filters=selectors.ContractFilters(
            query=data["q"],
            board=data["board"],
            provider_kind=data["provider_kind"],
            running_on=today if data["running"] else None,
            strategic=data["strategic"],
            manager=cast(User, request.user) if data["mine"] else None,
        ),
        limit=None,
    )
    name = f"avtal-{today:%Y-%m-%d}"
    if request.GET.get("format") == "csv":
        return _download(
            exporting.contracts_csv(contracts),
            filename=f"{name}.csv",
            content_type=exporting.CSV_TYPE,
        )
    return _download(
        exporting.contracts_xlsx(contracts),
        filename=f"{name}.xlsx",
        content_type=exporting.XLSX_TYPE,
    )
