"""Writes to the diarium. Every function runs in one transaction; a number is taken in
the same transaction as the row that carries it, so a failure leaves neither."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.core import links
from insyn.core.calendar import add_working_days
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Party, Unit, User
from insyn.core.services import party_resolve
from insyn.registry.models import (
    AccessRequest,
    Attachment,
    Case,
    Document,
    SecrecyGround,
    Series,
    SeriesYear,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Counterpart:
    """Who sent or received a document, as the registrar gives it."""

    name: str = ""
    kind: str = ""
    party: Party | None = None
    # With a number, the party is found or created in the same transaction.
    org_number: str = ""
    personal_identity_number: str = ""


def _today() -> date:
    return timezone.localdate()


def _registration_day(registered_on: date | None) -> date:
    if registered_on is None:
        return _today()
    if registered_on > _today():
        raise ValidationError(_("A registration date cannot be in the future."))
    return registered_on


def _registration_time(registered_on: date | None) -> datetime:
    now = timezone.now()
    if registered_on is None or registered_on == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(registered_on, time(9, 0)))


def _take_case_number(*, series: Series, year: int) -> int:
    # Create the year's counter if it is missing without failing when another
    # transaction creates it at the same moment, then lock it until commit.
    SeriesYear.objects.bulk_create(
        [SeriesYear(series=series, year=year, last_number=0)], ignore_conflicts=True
    )
    counter = SeriesYear.objects.select_for_update().get(series=series, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _take_document_number(case: Case) -> tuple[Case, int]:
    locked = Case.objects.select_for_update(of=("self",)).select_related("series").get(pk=case.pk)
    # Checked under the lock, so a case closed a moment ago gets nothing more.
    if locked.status != Case.Status.OPEN:
        raise ValidationError(_("The case is closed. Reopen it to register documents."))
    locked.last_document_number += 1
    locked.save(update_fields=["last_document_number"])
    return locked, locked.last_document_number


@in_organisation_language
@transaction.atomic
def case_register(
    *,
    series: Series,
    title: str,
    registered_by: User | None,
    unit: Unit | None = None,
    case_officer: User | None = None,
    public_title: str = "",
    registered_on: date | None = None,
) -> Case:
    """Open a case under the next number of the series for the year of registration.

    `registered_on` is for bringing in an existing diarium (and the demo); it must not
    lie in the future, and a past year continues that year's own sequence.
    """
    if not series.active:
        raise ValidationError(
            _("The numbering series %(prefix)s is closed.") % {"prefix": series.prefix}
        )
    if not title.strip():
        raise ValidationError({"title": _("A case needs a title.")})
    day = _registration_day(registered_on)
    year = day.year
    sequence = _take_case_number(series=series, year=year)
    case = Case(
        series=series,
        year=year,
        sequence=sequence,
        number=series.format_case_number(year=year, number=sequence),
        title=title.strip(),
        public_title=public_title.strip(),
        unit=unit,
        case_officer=case_officer,
        opened_on=day,
        created_by=registered_by,
    )
    case._change_reason = _("Registered")  # type: ignore[attr-defined]
    case.save()
    return case


def _public_search_text(document: Document) -> str:
    """Only what the postlista shows may be searched, so a search cannot reveal a
    masked word by whether it finds the document."""
    parts = [document.number]
    parts.append(document.case.public_title or document.case.title)
    if document.secrecy != Document.Secrecy.SECRET:
        if not document.mask_description:
            parts.append(document.description)
        if not document.mask_counterpart and not document.counterpart_is_private_person:
            parts.append(document.counterpart_name)
    return " ".join(p for p in parts if p).lower()


def _refresh_derived(document: Document) -> None:
    """Bring what is derived from a document's fields up to date on the instance (it is
    saved by the caller, in the caller's transaction): whether its files may hold
    personal data, and the text the public may search (PostgreSQL's search_vector is
    generated from it). Every write that can change what the public sees of a document
    (registration, a correction, a party linked or changed, the case's title) calls
    this, so no copy is left behind; the rendered postlista pages are keyed by the rows
    they show (portal.views.PageMemo) and need nothing."""
    if document.counterpart_is_private_person:
        # A private person's identity is personal data: never published with the files.
        document.contains_personal_data = True
    document.public_search_text = _public_search_text(document)


def _check_secrecy(document: Document) -> None:
    errors: dict[str, str] = {}
    masked = document.mask_counterpart or document.mask_description
    if document.secrecy == Document.Secrecy.PUBLIC and masked:
        errors["secrecy"] = _("Masked fields make the document partly secret.")
    if document.secrecy == Document.Secrecy.PARTIAL and not masked:
        errors["secrecy"] = _("Choose which fields are masked.")
    if document.secrecy != Document.Secrecy.PUBLIC and document.secrecy_ground_id is None:
        errors["secrecy_ground"] = _("Give the legal ground for secrecy (OSL chapter and section).")
    if errors:
        raise ValidationError(errors)


@in_organisation_language
def document_register(
    *,
    case: Case,
    direction: str,
    description: str,
    document_date: date,
    registered_by: User | None,
    counterpart: Counterpart | None = None,
    unit: Unit | None = None,
    case_officer: User | None = None,
    secrecy: str = Document.Secrecy.PUBLIC,
    secrecy_ground: SecrecyGround | None = None,
    mask_counterpart: bool = False,
    mask_description: bool = False,
    contains_personal_data: bool = False,
    files: Sequence[UploadedFile] = (),
    registered_on: date | None = None,
) -> Document:
    """Register a document in an open case, with its files, under the next number."""
    with _files_removed_on_failure() as stored, transaction.atomic():
        counterpart = counterpart or Counterpart()
        errors: dict[str, str] = {}
        if not description.strip():
            errors["description"] = _("Describe the document briefly.")
        if direction not in Document.Direction.values:
            errors["direction"] = _("Choose incoming, drawn up or outgoing.")
        elif direction != Document.Direction.DRAWN_UP and not (
            counterpart.name.strip() or counterpart.party
        ):
            errors["counterpart_name"] = _("Give the sender or recipient.")
        if document_date > _today():
            errors["document_date"] = _("The date cannot be in the future.")
        elif document_date > _registration_day(registered_on):
            errors["document_date"] = _("The date cannot be after the registration date.")
        if errors:
            raise ValidationError(errors)

        party = counterpart.party or party_resolve(
            kind=counterpart.kind,
            name=counterpart.name,
            org_number=counterpart.org_number,
            personal_identity_number=counterpart.personal_identity_number,
        )
        case, sequence = _take_document_number(case)
        document = Document(
            case=case,
            sequence=sequence,
            number=case.series.format_document_number(case_number=case.number, number=sequence),
            direction=direction,
            document_date=document_date,
            registered_on=_registration_day(registered_on),
            registered_at=_registration_time(registered_on),
            registered_by=registered_by,
            description=description.strip(),
            # The name as given, not the linked party's: a document records who it says it
            # is from, and an unverified sender must not take a known party's name.
            counterpart_name=(counterpart.name.strip() or (party.name if party else "")).strip(),
            counterpart_party=party,
            counterpart_kind=counterpart.kind or (party.kind if party else ""),
            unit=unit or case.unit,
            case_officer=case_officer or case.case_officer,
            secrecy=secrecy,
            secrecy_ground=secrecy_ground if secrecy != Document.Secrecy.PUBLIC else None,
            mask_counterpart=mask_counterpart,
            mask_description=mask_description,
            contains_personal_data=contains_personal_data,
        )
        _refresh_derived(document)
        _check_secrecy(document)
        document._change_reason = _("Registered")  # type: ignore[attr-defined]
        document.save()
        for upload in files:
            _attachment_create(
                document=document, upload=upload, uploaded_by=registered_by, stored=stored
            )
        return document


@in_organisation_language
def case_register_with_document(
    *,
    series: Series,
    title: str,
    registered_by: User | None,
    unit: Unit | None = None,
    case_officer: User | None = None,
    public_title: str = "",
    registered_on: date | None = None,
    **document_fields,
) -> Document:
    """Open a new case and register its first document, both or neither."""
    with transaction.atomic():
        case = case_register(
            series=series,
            title=title,
            registered_by=registered_by,
            unit=unit,
            case_officer=case_officer,
            public_title=public_title,
            registered_on=registered_on,
        )
        return document_register(
            case=case,
            registered_by=registered_by,
            unit=unit,
            case_officer=case_officer,
            registered_on=registered_on,
            **document_fields,
        )


# Fields a registrar may correct, and what the public text depends on.
CORRECTABLE_FIELDS = (
    "direction",
    "document_date",
    "description",
    "counterpart_name",
    "counterpart_kind",
    "unit",
    "case_officer",
    "secrecy",
    "secrecy_ground",
    "mask_counterpart",
    "mask_description",
    "contains_personal_data",
)


@in_organisation_language
@transaction.atomic
def document_correct(*, document: Document, changed_by: User, reason: str, **changes) -> Document:
    """Correct a registered document. Its number stays; who, when and why are kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is corrected.")})
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be corrected: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    document = Document.objects.select_for_update().get(pk=document.pk)
    changed = False
    for field, value in changes.items():
        if getattr(document, field) != value:
            setattr(document, field, value)
            changed = True
    if not changed:
        return document
    if document.secrecy == Document.Secrecy.PUBLIC:
        document.secrecy_ground = None
    if not document.description.strip():
        raise ValidationError({"description": _("Describe the document briefly.")})
    if document.document_date > _today():
        raise ValidationError({"document_date": _("The date cannot be in the future.")})
    _check_secrecy(document)
    _refresh_derived(document)
    document._history_user = changed_by  # type: ignore[attr-defined]
    document._change_reason = reason.strip()  # type: ignore[attr-defined]
    document.save()
    return document


def _case_set_status(*, case: Case, user: User, status: str, reason: str) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == status:
        return case
    case.status = status
    case.closed_on = _today() if status == Case.Status.CLOSED else None
    case._history_user = user  # type: ignore[attr-defined]
    case._change_reason = reason  # type: ignore[attr-defined]
    case.save()
    return case


@in_organisation_language
@transaction.atomic
def case_close(*, case: Case, closed_by: User, note: str = "") -> Case:
    return _case_set_status(
        case=case, user=closed_by, status=Case.Status.CLOSED, reason=note.strip() or _("Closed")
    )


@in_organisation_language
@transaction.atomic
def case_reopen(*, case: Case, reopened_by: User, reason: str) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    return _case_set_status(
        case=case, user=reopened_by, status=Case.Status.OPEN, reason=reason.strip()
    )


@in_organisation_language
@transaction.atomic
def case_correct(*, case: Case, changed_by: User, reason: str, **changes) -> Case:
    """Correct a case's title, public title, unit or case officer; the number stays."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is corrected.")})
    allowed = {"title", "public_title", "unit", "case_officer"}
    if set(changes) - allowed:
        raise ValidationError(_("These fields cannot be corrected."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    for field, value in changes.items():
        setattr(case, field, value.strip() if isinstance(value, str) else value)
    if not case.title:
        raise ValidationError({"title": _("A case needs a title.")})
    case._history_user = changed_by  # type: ignore[attr-defined]
    case._change_reason = reason.strip()  # type: ignore[attr-defined]
    case.save()
    # The public search text of its documents includes the case title.
    for document in case.documents.select_related("counterpart_party"):
        document.case = case
        text = _public_search_text(document)
        if text != document.public_search_text:
            Document.objects.filter(pk=document.pk).update(public_search_text=text)
    return case


@in_organisation_language
@transaction.atomic
def document_link_party(
    *,
    document: Document,
    linked_by: User,
    reason: str,
    org_number: str = "",
    personal_identity_number: str = "",
) -> Document:
    """Link a document to the party it is from, once the registrar has checked who sent
    it: the party with this number, created (under the document's name and kind) if new.
    Public forms never link by themselves, since anyone can type a known company's
    org. number. The document keeps the name it was registered under; the link is
    recorded in its history with the reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say how the sender was checked.")})
    if not (org_number.strip() or personal_identity_number.strip()):
        raise ValidationError(
            {"org_number": _("Give an organisation number or a personal identity number.")}
        )
    document = Document.objects.select_for_update().get(pk=document.pk)
    kind = document.counterpart_kind or Party.Kind.COMPANY
    if personal_identity_number.strip():
        kind = Party.Kind.PRIVATE_PERSON
    elif kind == Party.Kind.PRIVATE_PERSON:
        raise ValidationError(
            {"org_number": _("The sender is a private person: give a personal identity number.")}
        )
    if not document.counterpart_name.strip():
        raise ValidationError(_("The document has no sender or recipient to link."))
    party = party_resolve(
        kind=kind,
        name=document.counterpart_name,
        org_number=org_number.strip(),
        personal_identity_number=personal_identity_number.strip(),
    )
    if party is None or party.pk == document.counterpart_party_id:
        return document
    document.counterpart_party = party
    _refresh_derived(document)
    document._history_user = linked_by  # type: ignore[attr-defined]
    document._change_reason = reason.strip()  # type: ignore[attr-defined]
    document.save()
    return document


def documents_follow_party(*, party: Party, changed_by: User | None, reason: str) -> int:
    """After a party is changed (its kind, say, found to be a private person): bring the
    derived copies of every document linked to it up to date, in the caller's
    transaction. Connected to core.services.party_changed; returns how many changed."""
    changed = 0
    documents = Document.objects.select_for_update().select_related("case", "counterpart_party")
    for document in documents.filter(counterpart_party=party).order_by("pk"):
        document.counterpart_party = party
        before = (document.contains_personal_data, document.public_search_text)
        _refresh_derived(document)
        if (document.contains_personal_data, document.public_search_text) == before:
            continue
        document._history_user = changed_by  # type: ignore[attr-defined]
        document._change_reason = reason  # type: ignore[attr-defined]
        document.save(update_fields=["contains_personal_data", "public_search_text"])
        changed += 1
    return changed


@in_organisation_language
def attachment_add(
    *, document: Document, upload: UploadedFile, uploaded_by: User | None
) -> Attachment:
    """Store a file with its checksum and register it on the document."""
    with _files_removed_on_failure() as stored, transaction.atomic():
        return _attachment_create(
            document=document, upload=upload, uploaded_by=uploaded_by, stored=stored
        )


def _attachment_create(
    *, document: Document, upload: UploadedFile, uploaded_by: User | None, stored: list
) -> Attachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        document=document,
        original_name=(upload.name or "fil")[-255:],
        content_type=(upload.content_type or "application/octet-stream")[:120],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
    )
    attachment.file.save(upload.name or "fil", upload, save=False)
    stored.append((attachment.file.storage, attachment.file.name))
    attachment._change_reason = _("File added")  # type: ignore[attr-defined]
    attachment.save()
    return attachment


@contextmanager
def _files_removed_on_failure() -> Iterator[list]:
    """Files written during a registration that then fails are deleted again, so storage
    holds no file without its register entry."""
    stored: list = []
    try:
        yield stored
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("Could not remove the file %s of a failed registration", name)
        raise


# A diarienummer begins with its series' prefix, then the year (e.g. "TN 2026/0042-3").
_SERIES_PREFIX_END = r"[\s\-/:.]*\d"


def access_request_series(*, reference: str = "", board_code: str = "") -> Series:
    """The series a request is registered in: that of the board holding the document.
    A diarienummer given as the reference names it (the case's own series, or the
    series whose prefix it begins with); otherwise the board the requester chose;
    otherwise the organisation's central series (INSYN_ACCESS_REQUEST_SERIES)."""
    reference = reference.strip()
    active = Series.objects.filter(active=True).select_related("board")
    if reference:
        case = (
            Case.objects.filter(
                Q(number__iexact=reference)
                | Q(pk__in=Document.objects.filter(number__iexact=reference).values("case_id"))
            )
            .select_related("series")
            .first()
        )
        if case is not None and case.series.active:
            return case.series
        by_prefix = [
            s
            for s in active
            if re.match(rf"{re.escape(s.prefix)}{_SERIES_PREFIX_END}", reference, re.IGNORECASE)
        ]
        if by_prefix:
            return max(by_prefix, key=lambda s: len(s.prefix))
    if board_code:
        series = active.filter(board__code=board_code).order_by("pk").first()
        if series is not None:
            return series
    series = active.filter(prefix=settings.INSYN_ACCESS_REQUEST_SERIES).first()
    if series is None:
        series = active.order_by("pk").first()
    if series is None:
        raise ValidationError(_("The registry has no open numbering series."))
    return series


@in_organisation_language
def access_request_register(
    *,
    requested: str,
    delivery: str,
    reference: str = "",
    board_code: str = "",
    name: str = "",
    email: str = "",
    postal_address: str = "",
    submission_key: str = "",
    received_on: date | None = None,
) -> AccessRequest:
    """Register a public request to see documents as an incoming document in a case of its
    own, in the series of the board that holds the document (`access_request_series`),
    and tell that board's registrars (the mail goes out after commit). The requester may
    be anonymous, and is always shown publicly as a private person. The same form sent
    twice (`submission_key`) gives the first request."""
    if submission_key:
        existing = AccessRequest.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    try:
        return _access_request_register(
            requested=requested,
            delivery=delivery,
            series=access_request_series(reference=reference, board_code=board_code),
            reference=reference,
            name=name,
            email=email,
            postal_address=postal_address,
            submission_key=submission_key,
            received_on=received_on,
        )
    except IntegrityError:
        # The same form arrived twice at the same moment; the other request registered it.
        existing = (
            AccessRequest.objects.filter(submission_key=submission_key).first()
            if submission_key
            else None
        )
        if existing is None:
            raise
        return existing


@transaction.atomic
def _access_request_register(
    *,
    requested: str,
    delivery: str,
    series: Series,
    reference: str,
    name: str,
    email: str,
    postal_address: str,
    submission_key: str,
    received_on: date | None = None,
) -> AccessRequest:
    from insyn.registry.notifications import (
        notify_registrars_of_access_request,
        notify_requester_of_receipt,
    )

    received = _registration_day(received_on)

    document = case_register_with_document(
        series=series,
        title=_("Request to see public documents"),
        registered_by=None,
        direction=Document.Direction.INCOMING,
        # Generic: the requester's own words (the reference) reach the postlista only
        # once a registrar has checked them (access_request_confirm_description).
        description=_("Request to see public documents"),
        document_date=received,
        registered_on=received_on,
        counterpart=Counterpart(
            name=name.strip() or _("Anonymous requester"), kind=Party.Kind.PRIVATE_PERSON
        ),
    )
    access_request = AccessRequest.objects.create(
        document=document,
        requested=requested.strip(),
        reference=reference.strip()[:60],
        name=name.strip(),
        email=email.strip(),
        postal_address=postal_address.strip(),
        delivery=delivery,
        submission_key=submission_key or None,
        received_at=_registration_time(received_on),
        due_on=access_request_due_on(received),
    )
    # The requester's private status page: the link is the only credential.
    links.link_issue(
        kind=links.Kind.ACCESS_REQUEST,
        object_id=access_request.pk,
        issued_by=None,
        issued_to=access_request.email,
    )
    # In the same transaction: the outbox rows commit with the request, or not at all.
    notify_registrars_of_access_request(access_request.pk)
    notify_requester_of_receipt(access_request.pk)
    return access_request


def access_request_status_path(access_request: AccessRequest) -> str:
    """The path of the requester's status page (the secret link issued at registration)."""
    from django.urls import reverse

    link = links.link_current(links.Kind.ACCESS_REQUEST, access_request.pk)
    if link is None:
        return ""
    return reverse("portal:access_request_status", kwargs={"token": links.link_token(link)})


def access_request_due_on(received: date) -> date:
    """The working day by which a request is to be answered: "skyndsamt" (TF 2 kap. 15–16
    §§), as the kommun's routine sets it in working days (a holiday never counts)."""
    return add_working_days(received, settings.INSYN_ACCESS_REQUEST_DUE_DAYS)


def copy_fee(pages: int | None) -> int:
    """The fee for paper copies by the avgiftstaxa: nine pages are free; page ten costs
    INSYN_COPY_FEE_FIRST for the ten together, each page after INSYN_COPY_FEE_PER_PAGE."""
    if not pages or pages < 10:
        return 0
    return settings.INSYN_COPY_FEE_FIRST + (pages - 10) * settings.INSYN_COPY_FEE_PER_PAGE


def access_request_proposed_description(access_request: AccessRequest) -> str:
    """What the registrar is offered to publish: the generic words with the reference."""
    description = _("Request to see public documents")
    if access_request.reference:
        description = f"{description} ({access_request.reference})"
    return description


@in_organisation_language
@transaction.atomic
def access_request_confirm_description(
    *, access_request: AccessRequest, confirmed_by: User, description: str
) -> Document:
    """The registrar has read what the requester wrote and publishes the description
    (as proposed, or corrected) in the postlista; recorded in the document's history."""
    return document_correct(
        document=access_request.document,
        changed_by=confirmed_by,
        reason=_("Public description checked by the registrar"),
        description=description,
    )


@in_organisation_language
@transaction.atomic
def access_request_mark_handled(
    *, access_request: AccessRequest, handled_by: User, note: str = ""
) -> AccessRequest:
    """Record that a request has been answered; who, when and how stay in its history."""
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if access_request.status == AccessRequest.Status.HANDLED:
        return access_request
    access_request.status = AccessRequest.Status.HANDLED
    access_request.handled_on = _today()
    access_request._history_user = handled_by  # type: ignore[attr-defined]
    access_request._change_reason = note.strip() or _("Handled")  # type: ignore[attr-defined]
    access_request.save()
    return access_request


@in_organisation_language
@transaction.atomic
def access_request_assign(
    *, access_request: AccessRequest, handler: User | None, assigned_by: User
) -> AccessRequest:
    """Give the request to a handler (or take it back); each change stays in its history."""
    access_request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if handler is not None and not handler.is_active:
        raise ValidationError({"handler": _("Choose an active member of staff.")})
    if access_request.handler_id == (handler.pk if handler else None):
        return access_request
    access_request.handler = handler
    access_request._history_user = assigned_by  # type: ignore[attr-defined]
    reason = (
        _("Handler assigned: %(name)s") % {"name": handler.get_full_name() or handler.username}
        if handler
        else _("Handler removed")
    )
    access_request._change_reason = reason  # type: ignore[attr-defined]
    access_request.save()
    return access_request


def _decision_errors(
    *,
    access_request: AccessRequest,
    outcome: str,
    masked_parts: str,
    secrecy_ground: SecrecyGround | None,
    reason: str,
    pages: int | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome not in AccessRequest.Outcome.values:
        errors["outcome"] = _("Choose whether the documents are released, partly or not at all.")
        return errors
    if outcome in AccessRequest.DECISION_OUTCOMES:
        if secrecy_ground is None:
            errors["secrecy_ground"] = _(
                "Give the legal ground (OSL chapter and section) for what is withheld."
            )
        if not reason.strip():
            errors["reason"] = _("Give the reasons for the decision.")
    if outcome == AccessRequest.Outcome.PARTLY_RELEASED and not masked_parts.strip():
        errors["masked_parts"] = _("Say which parts are masked.")
    if (
        outcome != AccessRequest.Outcome.REFUSED
        and access_request.delivery == AccessRequest.Delivery.POST
        and pages is None
    ):
        errors["pages"] = _("Give the number of pages copied, for the fee.")
    return errors


@in_organisation_language
def access_request_decide(
    *,
    access_request: AccessRequest,
    decided_by: User,
    outcome: str,
    masked_parts: str = "",
    secrecy_ground: SecrecyGround | None = None,
    reason: str = "",
    pages: int | None = None,
    decided_on: date | None = None,
) -> AccessRequest:
    """Answer a request. A refusal, or a release with parts masked, is the authority's
    written decision (OSL 6 kap. 3 §): drawn up as a PDF with its ground and how to appeal
    to the kammarrätt, registered in the request's case as an outgoing document, and sent
    to the requester (by e-mail if they gave an address; otherwise it is noted for post,
    and it is always on their status page). Who answered, when and how stay in the
    history."""
    with _files_removed_on_failure() as stored, transaction.atomic():
        access_request = (
            AccessRequest.objects.select_for_update(of=("self",))
            .select_related("document__case__series__board")
            .get(pk=access_request.pk)
        )
        if access_request.status == AccessRequest.Status.HANDLED:
            raise ValidationError(_("The request has already been answered."))
        errors = _decision_errors(
            access_request=access_request,
            outcome=outcome,
            masked_parts=masked_parts,
            secrecy_ground=secrecy_ground,
            reason=reason,
            pages=pages,
        )
        if errors:
            raise ValidationError(errors)
        day = _registration_day(decided_on)
        access_request.outcome = outcome
        access_request.masked_parts = masked_parts.strip()
        access_request.secrecy_ground = (
            secrecy_ground if outcome in AccessRequest.DECISION_OUTCOMES else None
        )
        access_request.decision_reason = reason.strip()
        released = outcome != AccessRequest.Outcome.REFUSED
        access_request.pages = pages if released else None
        access_request.fee = (
            copy_fee(pages)
            if released and access_request.delivery == AccessRequest.Delivery.POST
            else None
        )
        access_request.handled_on = day
        access_request.status = AccessRequest.Status.HANDLED
        if access_request.handler is None:
            access_request.handler = decided_by
        if outcome in AccessRequest.DECISION_OUTCOMES:
            access_request.decision_document = _decision_register(
                access_request=access_request, decided_by=decided_by, day=day, stored=stored
            )
        reason_text = _("Answered: %(outcome)s") % {"outcome": access_request.get_outcome_display()}
        if access_request.decision_document is not None and not access_request.email:
            # No e-mail address: the registrar sends the decision by post, or hands it
            # over when an anonymous requester asks; the history says which.
            reason_text += " · " + (
                _("the decision is to be sent by post")
                if access_request.postal_address
                else _("the decision is handed over when the requester asks")
            )
        access_request._history_user = decided_by  # type: ignore[attr-defined]
        access_request._change_reason = reason_text  # type: ignore[attr-defined]
        access_request.save()
        from insyn.registry.notifications import notify_requester_of_answer

        notify_requester_of_answer(access_request.pk)
        return access_request


def _decision_register(
    *, access_request: AccessRequest, decided_by: User, day: date, stored: list
) -> Document:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from insyn.core.pdf import pdf_from_template
    from insyn.core.selectors import organisation_for_pages

    case = access_request.document.case
    refused = access_request.outcome == AccessRequest.Outcome.REFUSED
    description = (
        _("Decision to refuse a request to see public documents")
        if refused
        else _("Decision to release public documents with parts masked")
    )
    content = pdf_from_template(
        "registry/pdf/access_request_decision.html",
        {
            "organisation": organisation_for_pages(),
            "access_request": access_request,
            "board": case.series.board,
            "request_number": access_request.document.number,
            "case_number": case.number,
            "refused": refused,
            "title": description,
            "day": day,
            "decided_by": decided_by.get_full_name() or decided_by.username,
        },
    )
    upload = SimpleUploadedFile(
        "beslut-avslag.pdf" if refused else "beslut-delvis-utlamnande.pdf",
        content,
        content_type="application/pdf",
    )
    case, sequence = _take_document_number(case)
    document = Document(
        case=case,
        sequence=sequence,
        number=case.series.format_document_number(case_number=case.number, number=sequence),
        direction=Document.Direction.OUTGOING,
        document_date=day,
        registered_on=day,
        registered_at=_registration_time(day),
        registered_by=decided_by,
        description=description,
        # The requester is a private person: named for staff, "Privatperson" in public.
        counterpart_name=access_request.name or _("Anonymous requester"),
        counterpart_kind=Party.Kind.PRIVATE_PERSON,
        unit=case.unit,
        case_officer=access_request.handler or decided_by,
        contains_personal_data=True,
    )
    _refresh_derived(document)
    document._change_reason = _("Registered")  # type: ignore[attr-defined]
    document.save()
    _attachment_create(document=document, upload=upload, uploaded_by=decided_by, stored=stored)
    return document


@in_organisation_language
def access_requests_remind(*, today: date | None = None) -> int:
    """E-mail the handler (or, with none, the board's registrars) about each open request
    due today or overdue, once a day. Run daily by `insyn access_request_reminders`.
    Returns how many requests were reminded of."""
    from insyn.registry.notifications import remind_of_access_request

    today = today or _today()
    count = 0
    due = AccessRequest.objects.filter(
        status=AccessRequest.Status.RECEIVED, due_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            access_request = AccessRequest.objects.select_for_update().get(pk=pk)
            if access_request.reminded_on == today:
                continue
            if remind_of_access_request(access_request.pk, today=today):
                count += 1
            # Not a change anyone made: kept out of the request's history.
            AccessRequest.objects.filter(pk=pk).update(reminded_on=today)
    return count
