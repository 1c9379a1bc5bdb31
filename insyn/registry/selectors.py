"""Reads from the diarium, and the rules for what the public may see of it.

Everything the public side shows of a document goes through `public_document`, which
returns a plain object holding only what may be published. Templates, feeds and the API
never see the model itself, so a masked field cannot leak through a forgotten `if`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import snowballstemmer
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from insyn.core.models import Board, Party, Role, Unit, User
from insyn.core.selectors import (
    REFERENCE_SECONDS,
    ProcessCache,
    user_has_role,
    user_roles,
)
from insyn.registry.models import AccessRequest, Attachment, Case, Document, SecrecyGround, Series

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


@dataclass(frozen=True)
class _Labels:
    """The words a public row may show in place of data, translated once per language
    rather than once per row."""

    secret: str
    private_person: str
    directions: dict[str, str]

    @classmethod
    def current(cls) -> _Labels:
        language = get_language()
        labels = _labels_by_language.get(language)
        if labels is None:
            labels = _labels_by_language[language] = cls(
                secret=_("Secret"),
                private_person=_("Private person"),
                directions={value: str(label) for value, label in Document.Direction.choices},
            )
        return labels


_labels_by_language: dict[str | None, _Labels] = {}
_SECRET = Document.Secrecy.SECRET.value
_PUBLIC = Document.Secrecy.PUBLIC.value
_PRIVATE_PERSON = Party.Kind.PRIVATE_PERSON.value
_DIRECTIONS = frozenset(Document.Direction.values)


def _public_row(
    *,
    labels: _Labels,
    id: int,
    number: str,
    case_number: str,
    case_title: str,
    case_public_title: str,
    board_code: str,
    board_name: str,
    direction: str,
    document_date: datetime.date,
    registered_on: datetime.date,
    description: str,
    counterpart_name: str,
    counterpart_is_private_person: bool,
    secrecy: str,
    mask_description: bool,
    mask_counterpart: bool,
    secrecy_reference: str,
    files: tuple[PublicAttachment, ...] = (),
    files_withheld: bool = False,
) -> PublicDocument:
    """The rules of what the public sees of a document, in one place: both the model
    (`public_document`) and the postlista's plain rows come through here."""
    secret = secrecy == _SECRET
    description_masked = secret or mask_description
    counterpart_masked = secret or mask_counterpart
    if counterpart_masked:
        counterpart = labels.secret
    elif counterpart_is_private_person:
        counterpart = labels.private_person
    else:
        counterpart = counterpart_name
    return PublicDocument(
        id=id,
        number=number,
        case_number=case_number,
        case_title=case_public_title or case_title,
        board_code=board_code,
        board_name=board_name,
        direction=direction,
        direction_label=labels.directions.get(direction, direction),
        document_date=document_date,
        registered_on=registered_on,
        description=labels.secret if description_masked else description,
        counterpart=counterpart,
        is_secret=secret,
        description_masked=description_masked,
        counterpart_masked=counterpart_masked,
        secrecy_reference=secrecy_reference if secrecy != _PUBLIC else "",
        files=files,
        files_withheld=files_withheld,
    )


def public_document(document: Document, *, with_files: bool = False) -> PublicDocument:
    case = document.case
    board = case.series.board
    ground = document.secrecy_ground
    files: tuple[PublicAttachment, ...] = ()
    files_withheld = False
    if with_files:
        attachments = list(document.attachments.all())
        if document.files_are_public:
            files = tuple(PublicAttachment(a.pk, a.original_name, a.size) for a in attachments)
        else:
            files_withheld = bool(attachments)
    return _public_row(
        labels=_Labels.current(),
        id=document.pk,
        number=document.number,
        case_number=case.number,
        case_title=case.title,
        case_public_title=case.public_title,
        board_code=board.code,
        board_name=board.name,
        direction=document.direction,
        document_date=document.document_date,
        registered_on=document.registered_on,
        description=document.description,
        counterpart_name=document.counterpart_name,
        counterpart_is_private_person=document.counterpart_is_private_person,
        secrecy=document.secrecy,
        mask_description=document.mask_description,
        mask_counterpart=document.mask_counterpart,
        secrecy_reference=ground.reference if ground else "",
        files=files,
        files_withheld=files_withheld,
    )


@dataclass(frozen=True)
class BoardChoice:
    code: str
    name: str


@dataclass(frozen=True)
class _References:
    """The small tables a postlista page refers to on every request. Equal by content, so
    that a page made from the same rows and references can be known as the same."""

    boards: tuple[BoardChoice, ...]  # boards with a series, by name: the search form
    series_boards: tuple[tuple[int, BoardChoice], ...]  # series id -> its board
    grounds: tuple[tuple[int, str], ...]  # secrecy ground id -> "OSL 26 kap. 1 §"

    @cached_property
    def board_of_series(self) -> dict[int, BoardChoice]:
        return dict(self.series_boards)

    @cached_property
    def ground_references(self) -> dict[int, str]:
        return dict(self.grounds)


def _load_references() -> _References:
    return _References(
        boards=tuple(
            BoardChoice(b.code, b.name)
            for b in Board.objects.filter(series__isnull=False).distinct().order_by("name")
        ),
        series_boards=tuple(
            (s.pk, BoardChoice(s.board.code, s.board.name))
            for s in Series.objects.select_related("board").order_by("pk")
        ),
        grounds=tuple((g.pk, g.reference) for g in SecrecyGround.objects.order_by("pk")),
    )


_references = ProcessCache(
    _load_references, seconds=REFERENCE_SECONDS, depends_on=[Board, Series, SecrecyGround]
)


def public_boards() -> tuple[BoardChoice, ...]:
    """The boards the public may filter the postlista by (kept for a minute)."""
    return _references.get().boards


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
        """The cursor written by `encode`, or None for anything else: an id must fit the
        database's 64-bit id column (a longer one made the query fail)."""
        day, _sep, ident = value.partition("_")
        if len(value) > 40 or not ident.isascii() or not ident.isdigit():
            return None
        try:
            cursor = cls(datetime.date.fromisoformat(day), int(ident))
        except ValueError:
            return None
        return cursor if cursor.id < 2**63 else None


class PostlistaPage:
    """One page of the postlista: its rows as read, where the next page starts, and its
    documents as the public sees them, made from the rows when first asked for.

    `key` holds everything the documents are made of (the rows, the boards and secrecy
    grounds they refer to, the language of the labels), so that a page rendered before
    can be recognised without making them (portal.views.PageMemo).
    """

    def __init__(
        self,
        rows: list[tuple],
        next_cursor: Cursor | None,
        references: _References | None = None,
    ):
        self.rows = rows
        self.next_cursor = next_cursor
        self._references = references

    @cached_property
    def key(self) -> tuple:
        return (get_language(), self._references, tuple(self.rows))

    @cached_property
    def documents(self) -> list[PublicDocument]:
        if not self.rows or self._references is None:
            return []
        return _public_rows(self.rows, self._references)


_stemmer = snowballstemmer.stemmer("swedish")


_NUMBER = re.compile(r"\d{4}/\d+")


def _search_terms(query: str) -> list[str]:
    """Words of the query: letters and digits only, at most eight."""
    return re.findall(r"\w+", query.lower())[:8]


def _like_contains(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, its wildcards taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_conditions(query: str) -> tuple[list[str], list[Any]]:
    """SQL conditions for the search box, and their parameters."""
    query = query.strip()[:200]
    if _NUMBER.search(query):
        # A diarienummer such as "KS 2026/0042" is looked up as a number (on PostgreSQL
        # through the trigram index of migration 0004).
        return _literal_on_postgresql(
            ["UPPER(d.number) LIKE UPPER(%s) ESCAPE '\\'"], [_like_contains(query)]
        )
    terms = _search_terms(query)
    if not terms:
        return [], []
    if connection.vendor == "postgresql":
        # search_vector is a stored generated column with a GIN index (migration 0002):
        # to_tsvector('swedish', public_search_text). Every word must match as a prefix of
        # its Swedish stem, so "skolskjuts" finds "skolskjutsar" and "skol" finds "skolan".
        tsquery = " & ".join(f"{term}:*" for term in terms)
        return _literal_on_postgresql(["d.search_vector @@ to_tsquery('swedish', %s)"], [tsquery])
    # SQLite: every word must occur, compared by its Swedish stem (the text is stored in
    # lower case), which gives much the same hits as PostgreSQL.
    return (
        ["d.public_search_text LIKE %s ESCAPE '\\'"] * len(terms),
        [_like_contains(_stemmer.stemWord(term)) for term in terms],
    )


def _literal_on_postgresql(conditions: list[str], params: list[Any]) -> tuple[list[str], list[Any]]:
    """On PostgreSQL, the searched values written into the SQL (quoted by the driver) rather
    than passed as parameters: which plan is fast depends on them (a rare word is found
    through the GIN index, a common one by reading the newest documents), so each search
    must be planned for its own words. As parameters of a prepared statement, PostgreSQL
    may settle on one generic plan for every search, and a rare word would then read the
    whole postlista. The % signs are doubled: the statement takes other parameters."""
    if connection.vendor != "postgresql":
        return conditions, params
    return [
        # compose_sql is the PostgreSQL backend's own (the stubs know only the base class).
        connection.ops.compose_sql(condition, [value]).replace(  # type: ignore[attr-defined]
            "%", "%%"
        )
        for condition, value in zip(conditions, params, strict=True)
    ], []


# One postlista row: the document with its case number and titles, and its party's kind
# (whether it is a private person). Boards and secrecy grounds come from `_references`.
# The party's kind is a subquery rather than a third joined table: PostgreSQL plans
# the statement (every time, unless prepared) about 10 % faster so.
_POSTLISTA_SQL = """
SELECT d.id, d.number, d.direction, d.document_date, d.registered_on, d.description,
       d.counterpart_name, d.counterpart_kind, d.counterpart_party_id,
       (SELECT p.kind FROM core_party p WHERE p.id = d.counterpart_party_id),
       d.secrecy, d.secrecy_ground_id, d.mask_counterpart, d.mask_description,
       c.number, c.title, c.public_title, c.series_id
FROM registry_document d
JOIN registry_case c ON c.id = d.case_id
{where}
ORDER BY d.registered_on DESC, d.id DESC
LIMIT {limit:d}
"""
# Positions in the SELECT above.
_REGISTERED_ON, _GROUND, _SERIES = 4, 11, 17


def postlista_documents(
    *, filters: PostlistaFilters, after: Cursor | None = None, limit: int = PAGE_SIZE
) -> PostlistaPage:
    """One page of the public postlista, newest first, with keyset pagination.

    Plain SQL on purpose: this is the public site's busiest query, and composing it as a
    queryset and reading it into model instances cost several times what the database
    needs to answer it (docs/performance.md). What the public may see is still decided
    by `_public_row` alone.
    """
    conditions: list[str] = []
    params: list[Any] = []
    if filters.board:
        conditions.append(
            "c.series_id IN (SELECT s.id FROM registry_series s"
            " JOIN core_board b ON b.id = s.board_id WHERE b.code = %s)"
        )
        params.append(filters.board)
    if filters.direction in _DIRECTIONS:
        conditions.append("d.direction = %s")
        params.append(filters.direction)
    if filters.date_from:
        conditions.append("d.registered_on >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append("d.registered_on <= %s")
        params.append(filters.date_to)
    search, search_params = _search_conditions(filters.query)
    conditions += search
    params += search_params
    if after is not None:
        # A row comparison, not "date < x OR (date = x AND id < y)": PostgreSQL starts the
        # index scan right at the cursor with it, while with the OR it read and dropped
        # every newer row first, so that a page far back cost as much as all before it
        # (1,000 pages back: 30 ms instead of 0.1 ms; docs/performance.md).
        conditions.append("(d.registered_on, d.id) < (%s, %s)")
        params += [after.registered_on, after.id]
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    # The limit is written into the SQL, not passed as a parameter: were the statement
    # prepared (server-side binding), PostgreSQL could then keep one plan for it.
    sql = _POSTLISTA_SQL.format(where=where, limit=int(limit) + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = Cursor(rows[-1][_REGISTERED_ON], rows[-1][0])
    references = _references.get()
    if any(
        row[_SERIES] not in references.board_of_series
        or (row[_GROUND] is not None and row[_GROUND] not in references.ground_references)
        for row in rows
    ):
        # A series or ground added since the references were read (in another process).
        _references.clear()
        references = _references.get()
    return PostlistaPage(rows, next_cursor, references)


def _public_rows(rows: list[tuple], references: _References) -> list[PublicDocument]:
    """The postlista's rows (as `_POSTLISTA_SQL` reads them) as the public sees them."""
    labels = _Labels.current()
    unknown_board = BoardChoice("", "")
    documents = []
    for (
        pk,
        number,
        direction,
        document_date,
        registered_on,
        description,
        counterpart_name,
        counterpart_kind,
        _party_id,
        party_kind,
        secrecy,
        ground_id,
        mask_counterpart,
        mask_description,
        case_number,
        case_title,
        case_public_title,
        series_id,
    ) in rows:
        board = references.board_of_series.get(series_id, unknown_board)
        documents.append(
            _public_row(
                labels=labels,
                id=pk,
                number=number,
                case_number=case_number,
                case_title=case_title,
                case_public_title=case_public_title,
                board_code=board.code,
                board_name=board.name,
                direction=direction,
                document_date=document_date,
                registered_on=registered_on,
                description=description,
                counterpart_name=counterpart_name,
                # As Document.counterpart_is_private_person: private if either says so.
                counterpart_is_private_person=(
                    counterpart_kind == _PRIVATE_PERSON or party_kind == _PRIVATE_PERSON
                ),
                secrecy=secrecy,
                mask_description=bool(mask_description),
                mask_counterpart=bool(mask_counterpart),
                secrecy_reference=references.ground_references.get(ground_id, "")
                if ground_id is not None
                else "",
            )
        )
    return documents


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


# --- staff side -------------------------------------------------------------------------


def user_can_register(user: User | AnonymousUser, *, board: Board | None = None) -> bool:
    return user_has_role(user, Role.REGISTRAR, board=board)


@dataclass(frozen=True)
class SecretScope:
    """Where a user may see secret content (OSL 8 kap. 2 §: secrecy holds between staff
    too): the registrar of the board, the case officer, and those who hold a role in the
    unit (or above it). As data, so that the check of one document
    (`user_can_view_secret`) and the condition of a search (`q`) are made from the same
    facts and cannot disagree."""

    user_id: int | None = None
    everywhere: bool = False  # a superuser, or a registrar for the whole organisation
    registrar_boards: frozenset[int] = frozenset()
    any_unit: bool = False  # a role for the whole organisation: every unit
    unit_boards: frozenset[int] = frozenset()  # a role for a whole board: its units
    units: frozenset[int] = frozenset()  # units with a role and every unit beneath them

    def allows(
        self, *, board_id: int, unit: Unit | None, officer_ids: tuple[int | None, ...]
    ) -> bool:
        if self.everywhere:
            return True
        if self.user_id is None:
            return False
        if board_id in self.registrar_boards or self.user_id in officer_ids:
            return True
        if unit is None:
            return False
        return self.any_unit or unit.board_id in self.unit_boards or unit.pk in self.units

    def q(self, *, board: str, unit: str, officers: tuple[str, ...]) -> Q:
        """The same rule as `allows`, as a condition on a queryset; the arguments name
        the board id, unit and case officer fields from the queried model."""
        if self.everywhere:
            return Q(pk__isnull=False)
        if self.user_id is None:
            return Q(pk__in=[])
        condition = Q(**{f"{board}__in": self.registrar_boards})
        for officer in officers:
            condition |= Q(**{officer: self.user_id})
        if self.any_unit:
            condition |= Q(**{f"{unit}__isnull": False})
        if self.unit_boards:
            condition |= Q(**{f"{unit}__board_id__in": self.unit_boards})
        if self.units:
            condition |= Q(**{f"{unit}__in": self.units})
        return condition


def _units_beneath(roots: set[int]) -> frozenset[int]:
    if not roots:
        return frozenset()
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(roots), list(roots)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def secret_scope(user: User | AnonymousUser) -> SecretScope:
    """The user's SecretScope, worked out once per request (kept on the user object, as
    core.selectors keeps the roles)."""
    if not user.is_authenticated or not user.is_active:
        return SecretScope()
    cached = user.__dict__.get("_insyn_secret_scope")
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = SecretScope(user_id=user.pk, everywhere=True)
    else:
        assignments = user_roles(user)
        registrar = [a for a in assignments if a.role == Role.REGISTRAR]
        # An assignment to a unit has its board set too (RoleAssignment.save): a
        # registrar of a förvaltning registers, and sees, in its board's series.
        scope = SecretScope(
            user_id=user.pk,
            everywhere=any(a.unit_id is None and a.board_id is None for a in registrar),
            registrar_boards=frozenset(a.board_id for a in registrar if a.board_id),
            any_unit=any(a.unit_id is None and a.board_id is None for a in assignments),
            unit_boards=frozenset(
                a.board_id for a in assignments if a.unit_id is None and a.board_id
            ),
            units=_units_beneath({a.unit_id for a in assignments if a.unit_id}),
        )
    user.__dict__["_insyn_secret_scope"] = scope
    return scope


def user_can_view_secret(user: User | AnonymousUser, document: Document) -> bool:
    """Secret content is for the registrar of the board, the case officer, and those who
    hold a role in the document's unit."""
    return secret_scope(user).allows(
        board_id=document.case.series.board_id,
        unit=document.unit,
        officer_ids=(document.case_officer_id, document.case.case_officer_id),
    )


def user_can_view_case_title(user: User | AnonymousUser, case: Case) -> bool:
    """The title of a case that has a public title may hold secret or personal data: it
    is for the registrar of the board, the case officer and those with a role in the
    case's unit; everyone else sees the public title."""
    return not case.public_title or secret_scope(user).allows(
        board_id=case.series.board_id, unit=case.unit, officer_ids=(case.case_officer_id,)
    )


def _documents_visible_q(scope: SecretScope) -> Q:
    return scope.q(
        board="case__series__board_id",
        unit="unit",
        officers=("case_officer_id", "case__case_officer_id"),
    )


_NOT_PRIVATE = [k for k in Party.Kind.values if k != _PRIVATE_PERSON]
# What anyone on the staff may see of a document, as the public does (`_public_row`).
_COUNTERPART_SHOWN = (
    Q(secrecy__in=[Document.Secrecy.PUBLIC, Document.Secrecy.PARTIAL], mask_counterpart=False)
    & Q(counterpart_kind__in=["", *_NOT_PRIVATE])
    & (Q(counterpart_party__isnull=True) | Q(counterpart_party__kind__in=_NOT_PRIVATE))
)
_DESCRIPTION_SHOWN = Q(
    secrecy__in=[Document.Secrecy.PUBLIC, Document.Secrecy.PARTIAL], mask_description=False
)


@dataclass(frozen=True)
class StaffDocument:
    """A document as one member of staff may see it: everything, for those with the
    right to it (`user_can_view_secret`); otherwise what the public sees (secret and
    masked fields as "Secret", a private person as "Private person"). The case list, the
    case page and the document page all show a document through this, so they agree."""

    document: Document
    full: bool
    counterpart: str
    description: str
    case_title: str
    # Files of a public document are open to all staff: it may be handed to anyone who
    # asks (the public download still withholds personal data).
    files_open: bool


def staff_document(user: User | AnonymousUser, document: Document) -> StaffDocument:
    full = user_can_view_secret(user, document)
    case = document.case
    case_title = case.title if user_can_view_case_title(user, case) else case.public_title
    if full:
        counterpart, description = document.counterpart_name, document.description
    else:
        public = public_document(document)
        counterpart, description = public.counterpart, public.description
    return StaffDocument(
        document=document,
        full=full,
        counterpart=counterpart,
        description=description,
        case_title=case_title,
        files_open=full or document.secrecy == Document.Secrecy.PUBLIC,
    )


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


@dataclass(frozen=True)
class CaseRow:
    """A case as the case list shows it to one user: its title as they may see it, and
    the documents a search found it by, as they may see them."""

    case: Case
    title: str
    matches: tuple[StaffDocument, ...] = ()


def cases_find(
    *, filters: CaseFilters, user: User | AnonymousUser, limit: int = 100
) -> list[CaseRow]:
    """Cases for the staff case list. A search matches a secret or masked field (a
    secret or masked sender or description, a private person's name, the title of a
    case with a public title) only for a user who may see it, so that whether a case is
    found reveals nothing to anyone else."""
    scope = secret_scope(user)
    case_visible = scope.q(board="series__board_id", unit="unit", officers=("case_officer_id",))
    qs = Case.objects.select_related("series__board", "unit", "case_officer")
    query = filters.query.strip()
    matching: Any = None
    if query:
        # A diarienummer finds its case directly; otherwise titles, senders and
        # descriptions, each only where the user may see it.
        document_visible = _documents_visible_q(scope)
        matching = Document.objects.filter(
            Q(counterpart_name__icontains=query) & (_COUNTERPART_SHOWN | document_visible)
            | Q(description__icontains=query) & (_DESCRIPTION_SHOWN | document_visible)
        )
        qs = qs.filter(
            Q(number__icontains=query)
            | Q(public_title__icontains=query)
            | Q(title__icontains=query) & (Q(public_title="") | case_visible)
            | Q(pk__in=Document.objects.filter(number__iexact=query).values("case_id"))
            | Q(pk__in=matching.values("case_id"))
        )
    if filters.board:
        qs = qs.filter(series__board__code=filters.board)
    if filters.status in Case.Status.values:
        qs = qs.filter(status=filters.status)
    if filters.year:
        qs = qs.filter(year=filters.year)
    cases = list(qs.order_by("-year", "-sequence")[:limit])
    found: dict[int, list[StaffDocument]] = {}
    if matching is not None and cases:
        for document in matching.filter(case__in=cases).select_related(
            "case__series__board", "case__unit", "counterpart_party", "unit", "secrecy_ground"
        ):
            found.setdefault(document.case_id, []).append(staff_document(user, document))
    return [
        CaseRow(
            case=case,
            title=case.title if user_can_view_case_title(user, case) else case.public_title,
            matches=tuple(sorted(found.get(case.pk, ()), key=lambda d: d.document.sequence)),
        )
        for case in cases
    ]


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


def _history_entries(record, *, hidden: tuple[str, ...] = ()) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    history = list(record.history.select_related("history_user").order_by("history_date"))
    previous = None
    for item in history:
        changes: list[tuple[str, str, str]] = []
        if previous is not None:
            delta = item.diff_against(previous)
            for change in delta.changes:
                if change.field in ("public_search_text", "last_document_number", *hidden):
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


def case_history(case: Case, *, with_title: bool = True) -> list[HistoryEntry]:
    """The case's history; without the title's changes for those who may not see it."""
    return _history_entries(case, hidden=() if with_title else ("title",))


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
        AccessRequest.objects.select_related(
            "document__case__series__board", "handler", "secrecy_ground", "decision_document"
        )
        .filter(pk=access_request_id)
        .first()
    )


def user_can_handle_access_request(
    user: User | AnonymousUser, access_request: AccessRequest
) -> bool:
    """The registrars of the board that holds the request, and its handler. The request
    names the requester: nobody else on the staff sees it (OSL 8 kap. 2 §)."""
    if user.is_authenticated and access_request.handler_id == user.pk:
        return True
    return user_can_register(user, board=access_request.document.case.series.board)


@dataclass(frozen=True)
class InboxRow:
    access_request: AccessRequest
    overdue: bool
    due_today: bool


def access_requests_inbox(
    user: User | AnonymousUser, *, today: datetime.date | None = None
) -> list[InboxRow]:
    """Open requests the user handles: those of the boards they register for, and those
    given to them, oldest due date first."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    boards = {s.board_id for s in series_for_registration(user)}
    requests = (
        AccessRequest.objects.filter(status=AccessRequest.Status.RECEIVED)
        .filter(Q(document__case__series__board__in=boards) | Q(handler=user))
        .select_related("document__case", "handler")
        .order_by("due_on", "received_at")
    )
    return [
        InboxRow(
            access_request=r,
            overdue=r.due_on is not None and r.due_on < today,
            due_today=r.due_on == today,
        )
        for r in requests
    ]


def access_request_history(access_request: AccessRequest) -> list[HistoryEntry]:
    return _history_entries(access_request)


@dataclass(frozen=True)
class RequesterView:
    """What the requester's own status page shows: their request and its answer, never
    anything of the case beyond it."""

    number: str
    received_on: datetime.date
    due_on: datetime.date | None
    requested: str
    delivery: str
    answered: bool
    overdue: bool
    outcome: str
    outcome_label: str
    handled_on: datetime.date | None
    masked_parts: str
    ground: str
    fee: int | None
    pages: int | None
    decision_number: str
    has_decision_file: bool


def access_request_for_requester(access_request_id: int) -> RequesterView | None:
    r = access_request_get(access_request_id)
    if r is None:
        return None
    decision = r.decision_document
    answered = r.status == AccessRequest.Status.HANDLED
    return RequesterView(
        number=r.document.number,
        received_on=timezone.localtime(r.received_at).date(),
        due_on=r.due_on,
        requested=r.requested,
        delivery=r.get_delivery_display(),
        answered=answered,
        overdue=not answered and r.due_on is not None and r.due_on < timezone.localdate(),
        outcome=r.outcome,
        outcome_label=r.get_outcome_display() if r.outcome else "",
        handled_on=r.handled_on,
        masked_parts=r.masked_parts,
        ground=str(r.secrecy_ground) if r.secrecy_ground else "",
        fee=r.fee,
        pages=r.pages,
        decision_number=decision.number if decision else "",
        has_decision_file=bool(decision and decision.attachments.exists()),
    )


def access_request_decision_file(access_request_id: int) -> Attachment | None:
    """The decision PDF for the requester's own link (it names them: never public)."""
    r = access_request_get(access_request_id)
    if r is None or r.decision_document is None:
        return None
    return r.decision_document.attachments.order_by("id").first()


@dataclass(frozen=True)
class MonthStatistics:
    month: datetime.date  # the first day of the month
    received: int
    answered: int
    answered_in_time: int
    # Still open after the due date: late already, so counted against the share.
    overdue_open: int
    median_days: float | None  # working days from the day received to the answer

    @property
    def share_in_time(self) -> int | None:
        """Per cent of the requests answered by their due date, of those answered or
        already overdue (requests still within their time are not counted yet)."""
        judged = self.answered + self.overdue_open
        if not judged:
            return None
        return round(100 * self.answered_in_time / judged)


def access_request_statistics(*, months: int = 12, today: datetime.date | None = None):
    """Requests per month (by the month received), the share answered by the due date and
    the median handling time in working days. Counts only: nothing of who asked or what.
    Returns the months newest first and the whole period's figures."""
    from statistics import median

    from insyn.core.calendar import working_days_between

    today = today or timezone.localdate()
    first = datetime.date(today.year, today.month, 1)
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = AccessRequest.objects.filter(received_at__gte=start).values_list(
        "received_at", "due_on", "handled_on"
    )
    by_month: dict[datetime.date, list[tuple]] = {}
    for received_at, due_on, handled_on in rows:
        received = timezone.localtime(received_at).date()
        by_month.setdefault(received.replace(day=1), []).append((received, due_on, handled_on))

    def figures(month: datetime.date, items: list[tuple]) -> MonthStatistics:
        answered = [(r, d, h) for r, d, h in items if h is not None]
        days = [max(0, working_days_between(r, h)) for r, _d, h in answered]
        return MonthStatistics(
            month=month,
            received=len(items),
            answered=len(answered),
            answered_in_time=sum(1 for _r, d, h in answered if d is None or h <= d),
            overdue_open=sum(1 for _r, d, h in items if h is None and d is not None and d < today),
            median_days=median(days) if days else None,
        )

    result = []
    month = datetime.date(today.year, today.month, 1)
    while month >= first:
        result.append(figures(month, by_month.get(month, [])))
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    everything = [item for items in by_month.values() for item in items]
    return result, figures(first, everything)


def record_history(record) -> list[HistoryEntry]:
    """The history of any record kept with django-simple-history, read as the diarium's
    own: other apps' staff pages show their records' history through this."""
    return _history_entries(record)
