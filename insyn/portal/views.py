"""The public site. No logic of its own: it shows what the selectors allow."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from insyn.challenges import selectors as challenge_selectors
from insyn.challenges.public_forms import new_submission_key, with_submission_key
from insyn.contracts import public as contract_public
from insyn.core import ratelimits
from insyn.core.http import download_response, no_store, secret_link, secret_url
from insyn.core.models import SecretLink
from insyn.core.selectors import organisation_for_pages
from insyn.core.views import bad_request
from insyn.followup import selectors as followup_selectors
from insyn.portal import accessibility as accessibility_statement
from insyn.procurement import selectors as procurement_selectors
from insyn.registry import selectors as registry
from insyn.registry import services as registry_services
from insyn.registry.forms import AccessRequestForm, PostlistaSearchForm

INVALID = 422
# How many of the latest events of each public part the home page shows.
HOME_EVENTS = 3


class PageMemo:
    """Rendered pages kept under everything they are rendered from.

    Rendering a postlista page (fifty rows, the search form, the header and footer) costs
    several times what the database needs to find its rows, and the same pages (the newest
    documents, common searches) are asked for again and again. A page is kept under a key
    holding every value it shows, so it is never stale: a new or corrected document, a
    renamed board or organisation gives another key. The database is still asked on every
    request; only the rendering is saved. The oldest page is dropped first.
    """

    def __init__(self, size: int = 256):
        self._size = size
        self._lock = threading.Lock()
        self._pages: dict[Hashable, bytes] = {}

    def get(self, key: Hashable | None, render: Callable[[], str]) -> bytes:
        """The page under `key`, rendered (and encoded) if it is not kept yet."""
        if key is None:
            return render().encode(settings.DEFAULT_CHARSET)
        page = self._pages.get(key)
        if page is None:
            page = render().encode(settings.DEFAULT_CHARSET)
            with self._lock:
                self._pages[key] = page
                while len(self._pages) > self._size:
                    self._pages.pop(next(iter(self._pages)))
        return page


_postlista_pages = PageMemo()


def _visitor_page_key(request: HttpRequest, *parts: Hashable) -> tuple | None:
    """The key of a page that shows nothing of the visitor's own, or None.

    Only for visitors without a session or a message waiting: they see the page as
    everybody does (no login, no CSRF token, no message). Beside `parts` (what the view
    shows), the key holds what the surrounding page (base.html and the context
    processor) may show: the language, the site's name and the organisation.
    """
    if (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or request.user.is_authenticated
    ):
        return None
    organisation = organisation_for_pages()
    return (
        translation.get_language(),
        get_script_prefix(),
        settings.INSYN_SITE_NAME,
        tuple(getattr(organisation, f.attname) for f in organisation._meta.concrete_fields)
        if organisation
        else None,
        *parts,
    )


def home(request: HttpRequest) -> HttpResponse:
    """The entry to every public part, each with its latest events."""
    page = registry.postlista_documents(filters=registry.PostlistaFilters(), limit=5)
    return render(
        request,
        "portal/home.html",
        {
            "latest": page.documents,
            "challenges": challenge_selectors.public_challenges(limit=HOME_EVENTS),
            "procurements": procurement_selectors.public_procurements_recent(limit=HOME_EVENTS),
            "contracts": contract_public.public_contracts_newest(limit=HOME_EVENTS),
            "followups": followup_selectors.published_summaries_latest(limit=HOME_EVENTS),
        },
    )


@require_GET
def postlista(request: HttpRequest) -> HttpResponse:
    boards = registry.public_boards()
    params = {k: v for k, v in request.GET.items() if k in PostlistaSearchForm.base_fields}
    # With no search or filter given (the first page, or a page further back) there is
    # nothing to check, as every field may be left empty; the form is then made only if
    # the page has to be rendered.
    form = PostlistaSearchForm(request.GET, boards=boards) if params else None
    page = registry.PostlistaPage([], None)
    valid = form is None or form.is_valid()
    filters = registry.PostlistaFilters()
    if form is not None and valid:
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
    if request.GET.get("efter") and after is None:
        # A link to a later page that was cut short or made up: say so, rather than show
        # the first page as if it were the one asked for.
        message = _(
            "The link to a later page of the public diary is not valid. "
            "Start again from the first page."
        )
        return bad_request(request, message=message, back_url=request.path)
    if valid:
        page = registry.postlista_documents(filters=filters, after=after)

    def render_page() -> str:
        context = {
            "form": form or PostlistaSearchForm(None, boards=boards),
            "page": page,
            "params": params,
            "filters": filters,
            "is_first_page": after is None,
        }
        return render_to_string("portal/postlista.html", context, request)

    key = None
    if valid:
        # The form, the filters and the pager links follow from the boards and the
        # parameters (in their order); the rows from the documents.
        key = _visitor_page_key(
            request,
            boards,
            form is not None,
            tuple(params.items()),
            after is None,
            page.next_cursor,
            page.key,
        )
    page_html = _postlista_pages.get(key, render_page)
    return HttpResponse(page_html, status=200 if valid else INVALID)


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


@ratelimits.limit_posts(ratelimits.ACCESS_REQUEST)
def access_request(request: HttpRequest) -> HttpResponse:
    boards = registry.public_boards()
    if request.method == "POST":
        form = AccessRequestForm(with_submission_key(request.POST), boards=boards)
    else:
        form = AccessRequestForm(
            boards=boards,
            initial={
                "reference": request.GET.get("handling", "")[:60],
                "submission_key": new_submission_key(),
            },
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
                board_code=data["board"],
                delivery=data["delivery"],
                name=data["name"],
                email=data["email"],
                postal_address=data["postal_address"],
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session["access_request_number"] = created.document.number
            request.session["access_request_status"] = registry_services.access_request_status_path(
                created
            )
            return redirect("portal:access_request_receipt")
    return render(
        request,
        "portal/access_request.html",
        {
            "form": form,
            "copy_fee_first": settings.INSYN_COPY_FEE_FIRST,
            "copy_fee_per_page": settings.INSYN_COPY_FEE_PER_PAGE,
        },
        status=INVALID if form.is_bound else 200,
    )


@no_store
def access_request_receipt(request: HttpRequest) -> HttpResponse:
    number = request.session.get("access_request_number", "")
    status_path = request.session.get("access_request_status", "")
    return render(
        request,
        "portal/access_request_receipt.html",
        {
            "number": number,
            "status_url": request.build_absolute_uri(status_path) if status_path else "",
        },
    )


@secret_url
@secret_link(SecretLink.Kind.ACCESS_REQUEST)
def access_request_status(request: HttpRequest, token: str, link: SecretLink) -> HttpResponse:
    """The requester's own page: the status, the due date and the decision."""
    view = registry.access_request_for_requester(link.object_id)
    if view is None:
        raise Http404
    return render(request, "portal/access_request_status.html", {"r": view, "token": token})


@secret_url
@secret_link(SecretLink.Kind.ACCESS_REQUEST)
def access_request_decision(request: HttpRequest, token: str, link: SecretLink) -> HttpResponseBase:
    """The decision PDF, for the requester only: it names them, so it is never public."""
    attachment = registry.access_request_decision_file(link.object_id)
    if attachment is None:
        raise Http404
    return download_response(attachment.file, filename=attachment.original_name)


def access_request_statistics(request: HttpRequest) -> HttpResponse:
    months, total = registry.access_request_statistics()
    return render(
        request,
        "portal/access_request_statistics.html",
        {"months": months, "total": total},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/accessibility.html",
        {
            "statement": accessibility_statement.STATEMENT,
            "digg_report_url": accessibility_statement.DIGG_REPORT_URL,
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
