"""The public site. No logic of its own: it shows what the selectors allow."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from insyn.core.http import download_response
from insyn.registry import selectors as registry
from insyn.registry import services as registry_services
from insyn.registry.forms import AccessRequestForm, PostlistaSearchForm

INVALID = 422


def home(request: HttpRequest) -> HttpResponse:
    page = registry.postlista_documents(filters=registry.PostlistaFilters(), limit=5)
    return render(request, "portal/home.html", {"latest": page.documents})


@require_GET
def postlista(request: HttpRequest) -> HttpResponse:
    form = PostlistaSearchForm(request.GET or None, boards=registry.boards_with_series())
    page = registry.PostlistaPage([], None)
    valid = not form.is_bound or form.is_valid()
    filters = registry.PostlistaFilters()
    if form.is_bound and valid:
        data = form.cleaned_data
        filters = registry.PostlistaFilters(
            query=data["q"],
            board=data["board"],
            direction=data["direction"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    after = (
        registry.Cursor.decode(request.GET.get("efter", "")) if request.GET.get("efter") else None
    )
    if valid:
        page = registry.postlista_documents(filters=filters, after=after)
    params = {k: v for k, v in request.GET.items() if k in form.fields}
    return render(
        request,
        "portal/postlista.html",
        {
            "form": form,
            "page": page,
            "params": params,
            "filters": filters,
            "is_first_page": after is None,
        },
        status=200 if valid else INVALID,
    )


def postlista_document(request: HttpRequest, document_id: int) -> HttpResponse:
    document = registry.public_document_get(document_id)
    if document is None:
        raise Http404
    return render(request, "portal/postlista_document.html", {"document": document})


def postlista_file(request: HttpRequest, document_id: int, attachment_id: int) -> HttpResponseBase:
    attachment = registry.public_attachment_get(
        document_id=document_id, attachment_id=attachment_id
    )
    if attachment is None:
        raise Http404
    return download_response(attachment.file, filename=attachment.original_name)


def access_request(request: HttpRequest) -> HttpResponse:
    form = AccessRequestForm(
        request.POST or None, initial={"reference": request.GET.get("handling", "")[:60]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["website"]:
            # The honeypot was filled in: answer as if all went well, register nothing.
            return redirect("portal:access_request_receipt")
        try:
            created = registry_services.access_request_register(
                requested=data["requested"],
                reference=data["reference"],
                delivery=data["delivery"],
                name=data["name"],
                email=data["email"],
                postal_address=data["postal_address"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["access_request_number"] = created.document.number
            return redirect("portal:access_request_receipt")
    return render(
        request,
        "portal/access_request.html",
        {"form": form},
        status=INVALID if form.is_bound else 200,
    )


def access_request_receipt(request: HttpRequest) -> HttpResponse:
    number = request.session.get("access_request_number", "")
    return render(request, "portal/access_request_receipt.html", {"number": number})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
