"""Reads from the diarium, and the rules for what the public may see of it.

Everything the public side shows of a document goes through `public_document`, which
returns a plain object holding only what may be published. Templates, feeds and the API
never see the model itself, so a masked field cannot leak through a forgotten `if`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import snowballstemmer
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from insyn.core.models import Board, Role, User
from insyn.core.selectors import user_has_role, user_is_staff_member
from insyn.registry.models import AccessRequest, Attachment, Case, Document, Series

PAGE_SIZE = 50


@dataclass(frozen=True)
class PublicAttachment:
    id: int
    name: str
    size: int


@dataclass(frozen=True)
class PublicDocument:
    """A document as the postlista shows it: secret and personal data already removed."""

    id: int
    number: str
    case_number: str
    case_title: str
    board_code: str
    board_name: str
    direction: str
    direction_label: str
    document_date: datetime.date
    registered_on: datetime.date
    description: str
    counterpart: str
    is_secret: bool
    description_masked: bool
    counterpart_masked: bool
    secrecy_reference: str
    files: tuple[PublicAttachment, ...] = field(default=())
    files_withheld: bool = False


def _secrecy_label() -> str:
    return _("Secret")


def public_document(document: Document, *, with_files: bool = False) -> PublicDocument:
    case = document.case
    board = case.series.board
    secret = document.secrecy == Document.Secrecy.SECRET
    description_masked = secret or document.mask_description
    counterpart_masked = secret or document.mask_counterpart
    if counterpart_masked:
        counterpart = _secrecy_label()
    elif document.counterpart_is_private_person:
        counterpart = _("Private person")
    else:
        counterpart = document.counterpart_name
    ground = document.secrecy_ground
    files: tuple[PublicAttachment, ...] = ()
    files_withheld = False
    if with_files:
        attachments = list(document.attachments.all())
        if document.files_are_public:
            files = tuple(PublicAttachment(a.pk, a.original_name, a.size) for a in attachments)
        else:
            files_withheld = bool(attachments)
    return PublicDocument(
        id=document.pk,
        number=document.number,
        case_number=case.number,
        case_title=case.public_title or case.title,
        board_code=board.code,
        board_name=board.name,
        direction=document.direction,
        direction_label=document.get_direction_display(),
        document_date=document.document_date,
        registered_on=document.registered_on,
        description=_secrecy_label() if description_masked else document.description,
        counterpart=counterpart,
        is_secret=secret,
        description_masked=description_masked,
        counterpart_masked=counterpart_masked,
        secrecy_reference=ground.reference if ground and document.secrecy != "public" else "",
        files=files,
        files_withheld=files_withheld,
    )


@dataclass(frozen=True)
class PostlistaFilters:
    query: str = ""
    board: str = ""
    direction: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the keyset (registered_on, id) of its last row."""

    registered_on: datetime.date
    id: int

    def encode(self) -> str:
        return f"{self.registered_on.isoformat()}_{self.id}"

    @classmethod
    def decode(cls, value: str) -> Cursor | None:
        try:
            day, ident = value.split("_", 1)
            return cls(datetime.date.fromisoformat(day), int(ident))
        except (ValueError, TypeError):
            return None


@dataclass(frozen=True)
class PostlistaPage:
    documents: list[PublicDocument]
    next_cursor: Cursor | None


_stemmer = snowballstemmer.stemmer("swedish")


_NUMBER = re.compile(r"\d{4}/\d+")


def _search_terms(query: str) -> list[str]:
    """Words of the query: letters and digits only, at most eight."""
    return re.findall(r"\w+", query.lower())[:8]


def _apply_search(qs: QuerySet[Document], query: str) -> QuerySet[Document]:
    query = query.strip()[:200]
    if _NUMBER.search(query):
        # A diarienummer such as "KS 2026/0042" is looked up as a number.
        return qs.filter(number__icontains=query)
    terms = _search_terms(query)
    if not terms:
        return qs
    if connection.vendor == "postgresql":
        # search_vector is a stored generated column with a GIN index (migration 0002):
        # to_tsvector('swedish', public_search_text). Every word must match as a prefix of
        # its Swedish stem, so "skolskjuts" finds "skolskjutsar" and "skol" finds "skolan".
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return qs.extra(
            where=["registry_document.search_vector @@ to_tsquery('swedish', %s)"],
            params=[tsquery],
        )
    # SQLite: every word must occur, compared by its Swedish stem (the text is stored in
    # lower case), which gives much the same hits as PostgreSQL.
    for term in terms:
        qs = qs.filter(public_search_text__contains=_stemmer.stemWord(term))
    return qs


def postlista_documents(
    *, filters: PostlistaFilters, after: Cursor | None = None, limit: int = PAGE_SIZE
) -> PostlistaPage:
    """One page of the public postlista, newest first, with keyset pagination."""
    qs = Document.objects.select_related(
        "case__series__board", "secrecy_ground", "counterpart_party"
    )
    if filters.board:
        qs = qs.filter(case__series__board__code=filters.board)
    if filters.direction in Document.Direction.values:
        qs = qs.filter(direction=filters.direction)
    if filters.date_from:
        qs = qs.filter(registered_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(registered_on__lte=filters.date_to)
    qs = _apply_search(qs, filters.query)
    if after is not None:
        qs = qs.filter(
            Q(registered_on__lt=after.registered_on)
            | Q(registered_on=after.registered_on, id__lt=after.id)
        )
    rows = list(qs.order_by("-registered_on", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = Cursor(last.registered_on, last.pk)
    return PostlistaPage([public_document(d) for d in rows], next_cursor)


def public_document_get(document_id: int) -> PublicDocument | None:
    document = (
        Document.objects.select_related(
            "case__series__board", "secrecy_ground", "counterpart_party"
        )
        .prefetch_related("attachments")
        .filter(pk=document_id)
        .first()
    )
    return public_document(document, with_files=True) if document else None


def public_attachment_get(*, document_id: int, attachment_id: int) -> Attachment | None:
    """The file if, and only if, the public may download it."""
    attachment = (
        Attachment.objects.select_related("document__counterpart_party")
        .filter(pk=attachment_id, document_id=document_id)
        .first()
    )
    if attachment is None or not attachment.document.files_are_public:
        return None
    return attachment


def boards_with_series() -> QuerySet[Board]:
    return Board.objects.filter(series__isnull=False).distinct().order_by("name")


# --- staff side -------------------------------------------------------------------------


def user_can_view_registry(user: User | AnonymousUser) -> bool:
    return user_is_staff_member(user)


def user_can_register(user: User | AnonymousUser, *, board: Board | None = None) -> bool:
    return user_has_role(user, Role.REGISTRAR, board=board)


def user_can_view_secret(user: User | AnonymousUser, document: Document) -> bool:
    """Secret content is for the registrar of the board, the case officer, and those who
    hold a role in the document's unit."""
    if not user.is_authenticated:
        return False
    if user_has_role(user, Role.REGISTRAR, board=document.case.series.board):
        return True
    if user.pk in (document.case_officer_id, document.case.case_officer_id):
        return True
    if document.unit is not None:
        return user_has_role(user, *Role.values, unit=document.unit)
    return False


def series_for_registration(user: User | AnonymousUser) -> list[Series]:
    return [
        s
        for s in Series.objects.filter(active=True).select_related("board")
        if user_can_register(user, board=s.board)
    ]


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    board: str = ""
    status: str = ""
    year: int | None = None


def cases_find(*, filters: CaseFilters, limit: int = 100) -> list[Case]:
    qs = Case.objects.select_related("series__board", "unit", "case_officer")
    query = filters.query.strip()
    if query:
        # A diarienummer finds its case directly; otherwise search titles.
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(title__icontains=query)
            | Q(documents__number__iexact=query)
            | Q(documents__counterpart_name__icontains=query)
        ).distinct()
    if filters.board:
        qs = qs.filter(series__board__code=filters.board)
    if filters.status in Case.Status.values:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return list(qs.order_by("-year", "-sequence")[:limit])


def case_get(case_id: int) -> Case | None:
    return (
        Case.objects.select_related("series__board", "unit", "case_officer", "created_by")
        .filter(pk=case_id)
        .first()
    )


def case_documents(case: Case) -> list[Document]:
    return list(
        case.documents.select_related(
            "secrecy_ground", "counterpart_party", "unit", "case_officer", "registered_by"
        )
        .prefetch_related("attachments")
        .order_by("sequence")
    )


def document_get(document_id: int) -> Document | None:
    return (
        Document.objects.select_related(
            "case__series__board",
            "secrecy_ground",
            "counterpart_party",
            "unit",
            "case_officer",
            "registered_by",
        )
        .prefetch_related("attachments")
        .filter(pk=document_id)
        .first()
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    reason: str
    changes: list[tuple[str, str, str]]


def _history_entries(record) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    history = list(record.history.select_related("history_user").order_by("history_date"))
    previous = None
    for item in history:
        changes: list[tuple[str, str, str]] = []
        if previous is not None:
            delta = item.diff_against(previous)
            for change in delta.changes:
                if change.field in ("public_search_text", "last_document_number"):
                    continue
                field = record._meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _display(field, change.old),
                        _display(field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=item.history_date,
                who=str(item.history_user) if item.history_user else _("the public web form"),
                reason=item.history_change_reason or "",
                changes=changes,
            )
        )
        previous = item
    return entries


def _display(field, value) -> str:
    """A history value as people read it: names for related rows, labels for choices."""
    if value is None or value == "":
        return "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def document_history(document: Document) -> list[HistoryEntry]:
    return _history_entries(document)


def case_history(case: Case) -> list[HistoryEntry]:
    return _history_entries(case)


def access_requests_open(user: User | AnonymousUser) -> list[AccessRequest]:
    """Requests not yet answered, in the series the user registers for, oldest first:
    a request must be handled promptly."""
    boards = {s.board_id for s in series_for_registration(user)}
    return list(
        AccessRequest.objects.filter(
            status=AccessRequest.Status.RECEIVED, document__case__series__board__in=boards
        )
        .select_related("document__case")
        .order_by("received_at")
    )


def access_request_get(access_request_id: int) -> AccessRequest | None:
    return (
        AccessRequest.objects.select_related("document__case__series__board")
        .filter(pk=access_request_id)
        .first()
    )
