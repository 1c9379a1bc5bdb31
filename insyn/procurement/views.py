"""Staff pages of procurement: the plan, a procurement from start to contract.
(Placeholders while the pages are built.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from insyn.core.permissions import access_required


def _for(name: str):
    return access_required(f"procurement:{name}")


@_for("list")
def procurement_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@_for("create")
def procurement_create(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@_for("detail")
def procurement_detail(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("edit")
def procurement_edit(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("followup")
def followup_record(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("start")
def procurement_start(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("criteria")
def criteria(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("tender_add")
def tender_add(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("tender")
def tender_evaluate(request: HttpRequest, procurement_id: int, tender_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("award")
def award(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("contract")
def contract_create(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("cancel")
def procurement_cancel(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return HttpResponse("")
