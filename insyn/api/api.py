"""The public REST API (django-ninja). It shows exactly what the public pages show: every
document passes through registry.selectors.public_document, which removes secret and
personal data before anything is serialised."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError

from insyn.challenges import selectors as challenges
from insyn.registry import selectors as registry

api = NinjaAPI(
    title="insyn API",
    version="1",
    description=(
        "Open data from the municipality's diarium and its challenges (utmanarrätt). "
        "Secret information and the identity of private persons are never included."
    ),
    urls_namespace="api",
)


class FileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class DocumentOut(Schema):
    id: int
    number: str
    case_number: str
    case_title: str
    board: str
    direction: str
    document_date: datetime.date
    registered_on: datetime.date
    description: str
    counterpart: str
    secret: bool
    secrecy_reference: str
    url: str


class DocumentDetailOut(DocumentOut):
    files: list[FileOut]
    files_withheld: bool


class PostlistaOut(Schema):
    items: list[DocumentOut]
    next: str | None


class PostlistaQuery(Schema):
    q: str = ""
    board: str = ""
    direction: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    efter: str = ""
    limit: int = 50


def _document_out(document: registry.PublicDocument) -> dict:
    return {
        "id": document.id,
        "number": document.number,
        "case_number": document.case_number,
        "case_title": document.case_title,
        "board": document.board_code,
        "direction": document.direction,
        "document_date": document.document_date,
        "registered_on": document.registered_on,
        "description": document.description,
        "counterpart": document.counterpart,
        "secret": document.is_secret,
        "secrecy_reference": document.secrecy_reference,
        "url": f"/postlista/{document.id}/",
    }


@api.get("/postlista", response=PostlistaOut, summary="The postlista, newest first")
def postlista(request: HttpRequest, params: Query[PostlistaQuery]) -> dict:
    if not 1 <= params.limit <= 100:
        raise HttpError(422, _("limit must be between 1 and 100."))
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise HttpError(422, _("date_to is before date_from."))
    after = registry.Cursor.decode(params.efter) if params.efter else None
    if params.efter and after is None:
        raise HttpError(422, _("efter is not a cursor from this API (the field next)."))
    page = registry.postlista_documents(
        filters=registry.PostlistaFilters(
            query=params.q,
            board=params.board,
            direction=params.direction,
            date_from=params.date_from,
            date_to=params.date_to,
        ),
        after=after,
        limit=params.limit,
    )
    return {
        "items": [_document_out(d) for d in page.documents],
        "next": page.next_cursor.encode() if page.next_cursor else None,
    }


@api.get(
    "/postlista/{document_id}", response=DocumentDetailOut, summary="One document of the postlista"
)
def postlista_document(request: HttpRequest, document_id: int) -> dict:
    document = registry.public_document_get(document_id)
    if document is None:
        raise HttpError(404, _("There is no such document."))
    return {
        **_document_out(document),
        "files": [
            {
                "id": f.id,
                "name": f.name,
                "size": f.size,
                "url": f"/postlista/{document.id}/fil/{f.id}/",
            }
            for f in document.files
        ],
        "files_withheld": document.files_withheld,
    }


class ChallengeOut(Schema):
    number: str
    activity: str
    received_on: datetime.date
    open: bool
    step_number: int | None
    step: str
    outcome: str
    outcome_label: str
    documents_url: str


@api.get(
    "/utmaningar",
    response=list[ChallengeOut],
    url_name="challenges",
    summary="Every challenge (utmanarrätt), newest first",
    description=(
        "What /utmaningar/ shows: number, activity, date received, current step and "
        "outcome (withdrawn, screened_out, rejected, accepted, or empty while open). "
        "Never the challenger's name or contact details."
    ),
)
def challenge_list(request: HttpRequest) -> list[dict]:
    return [
        {
            "number": c.number,
            "activity": c.activity,
            "received_on": c.received_on,
            "open": c.is_open,
            "step_number": c.step_number,
            "step": c.step,
            "outcome": c.outcome_code,
            "outcome_label": c.outcome,
            "documents_url": "/postlista/?" + urlencode({"q": c.case_number}),
        }
        for c in challenges.public_challenges()
    ]
