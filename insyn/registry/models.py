from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from insyn.core.models import Board, Party, Unit

DEFAULT_CASE_FORMAT = "{prefix} {year}/{number:04d}"
DEFAULT_DOCUMENT_FORMAT = "{case}-{number}"


class Series(models.Model):
    """A numbering series, one per board (e.g. KS), with a sequence per year."""

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="series", verbose_name=_("board")
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    case_format = models.CharField(
        _("case number format"),
        max_length=60,
        default=DEFAULT_CASE_FORMAT,
        help_text=_("Fields: {prefix}, {year}, {number}. Default: {prefix} {year}/{number:04d}"),
    )
    document_format = models.CharField(
        _("document number format"),
        max_length=60,
        default=DEFAULT_DOCUMENT_FORMAT,
        help_text=_("Fields: {case}, {number}. Default: {case}-{number}"),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["prefix"]
        verbose_name = _("numbering series")
        verbose_name_plural = _("numbering series")

    def __str__(self) -> str:
        return f"{self.prefix} – {self.name}"

    def format_case_number(self, *, year: int, number: int) -> str:
        return self.case_format.format(prefix=self.prefix, year=year, number=number)

    def format_document_number(self, *, case_number: str, number: int) -> str:
        return self.document_format.format(case=case_number, number=number)


class SeriesYear(models.Model):
    """The last number handed out in a series for one year. Locked while a number is
    taken, in the same transaction as the case that gets it: no duplicates, no gaps."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="registry_seriesyear_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series.prefix} {self.year}: {self.last_number}"


class SecrecyGround(models.Model):
    """A legal ground for secrecy in offentlighets- och sekretesslagen (2009:400)."""

    chapter = models.PositiveSmallIntegerField(_("chapter"))
    section = models.CharField(_("section"), max_length=10)
    description = models.CharField(_("description"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["chapter", "section"]
        verbose_name = _("secrecy ground")
        verbose_name_plural = _("secrecy grounds")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "section"], name="registry_ground_unique")
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.description}"

    @property
    def reference(self) -> str:
        return f"OSL {self.chapter} kap. {self.section} §"


class Case(models.Model):
    """An ärende with its diarienummer. Never deleted; closed and reopened."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="cases", verbose_name=_("series")
    )
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    number = models.CharField(_("case number"), max_length=40, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=500)
    # Shown instead of the title when the title itself holds secret or personal data.
    public_title = models.CharField(
        _("public title"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty when the title may be shown publicly."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("unit"),
    )
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_handled",
        verbose_name=_("case officer"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    last_document_number = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="registry_case_unique_sequence"
            )
        ]
        indexes = [models.Index(fields=["-opened_on", "-id"], name="registry_case_opened_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def board(self) -> Board:
        return self.series.board

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Document(models.Model):
    """A handling registered in a case. Never deleted or renumbered; corrections keep who,
    when and why in its history."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        DRAWN_UP = "drawn_up", _("drawn up")
        OUTGOING = "outgoing", _("outgoing")

    class Secrecy(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTIAL = "partial", _("partly secret (fields masked)")
        SECRET = "secret", _("secret")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="documents", verbose_name=_("case")
    )
    sequence = models.PositiveIntegerField(editable=False)
    number = models.CharField(_("document number"), max_length=50, unique=True, editable=False)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction)
    document_date = models.DateField(
        _("date"), help_text=_("The date the document was received, drawn up or sent.")
    )
    registered_on = models.DateField(_("registered"), editable=False)
    registered_at = models.DateTimeField(default=timezone.now, editable=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    description = models.CharField(_("description"), max_length=500)
    counterpart_name = models.CharField(_("sender or recipient"), max_length=200, blank=True)
    counterpart_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("party"),
    )
    counterpart_kind = models.CharField(
        _("kind of sender or recipient"), max_length=20, choices=Party.Kind, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("unit"),
    )
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents_handled",
        verbose_name=_("case officer"),
    )
    secrecy = models.CharField(_("secrecy"), max_length=10, choices=Secrecy, default=Secrecy.PUBLIC)
    secrecy_ground = models.ForeignKey(
        SecrecyGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secrecy ground"),
    )
    mask_counterpart = models.BooleanField(_("mask sender or recipient"), default=False)
    mask_description = models.BooleanField(_("mask description"), default=False)
    contains_personal_data = models.BooleanField(
        _("contains personal data"),
        default=False,
        help_text=_("Files are then not published for download."),
    )
    # What the public may search: built by the service from the unmasked fields only.
    public_search_text = models.TextField(default="", editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "sequence"], name="registry_document_unique_sequence"
            )
        ]
        indexes = [
            models.Index(fields=["-registered_on", "-id"], name="registry_doc_postlista_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def counterpart_is_private_person(self) -> bool:
        """The protective answer: a private person if either the document's own kind (as
        registered or corrected) or its linked party says so. A registrar's correction to
        "private person" thus masks the name even when the party is a company, and a party
        later found to be a private person masks every document linked to it. (The
        postlista's SQL rows in registry.selectors follow the same rule.)"""
        if self.counterpart_kind == Party.Kind.PRIVATE_PERSON:
            return True
        party = self.counterpart_party
        return party is not None and party.kind == Party.Kind.PRIVATE_PERSON

    @property
    def files_are_public(self) -> bool:
        return (
            self.secrecy == self.Secrecy.PUBLIC
            and not self.contains_personal_data
            and not self.counterpart_is_private_person
        )


def attachment_path(instance: Attachment, filename: str) -> str:
    # The uploader's file name is never trusted as a path; only its extension is kept.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"registry/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file of a registered document, with its checksum."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("document")
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.original_name


class AccessRequest(models.Model):
    """A request to see a public document (begäran om allmän handling), registered as
    an incoming document. The requester may stay anonymous."""

    class Delivery(models.TextChoices):
        EMAIL = "email", _("a copy by e-mail")
        POST = "post", _("a copy by post")
        VISIT = "visit", _("to read it at the office")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        HANDLED = "handled", _("handled")

    class Outcome(models.TextChoices):
        RELEASED = "released", _("released in full")
        PARTLY_RELEASED = "partly_released", _("released with parts masked")
        REFUSED = "refused", _("refused")

    # A refusal or a partial release is the authority's written decision, which the
    # requester may appeal (OSL 6 kap. 3 §, 7 §).
    DECISION_OUTCOMES = (Outcome.PARTLY_RELEASED, Outcome.REFUSED)

    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="access_request"
    )
    requested = models.TextField(_("documents requested"))
    reference = models.CharField(_("case or document number"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    # TF 2 kap. 15–16 §§: promptly. The working day by which it is to be answered
    # (INSYN_ACCESS_REQUEST_DUE_DAYS after the day it came in).
    due_on = models.DateField(_("due date"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests_assigned",
        verbose_name=_("handler"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    masked_parts = models.TextField(_("parts masked"), blank=True)
    secrecy_ground = models.ForeignKey(
        SecrecyGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secrecy ground"),
    )
    decision_reason = models.TextField(_("reasons"), blank=True)
    pages = models.PositiveIntegerField(_("pages copied"), null=True, blank=True)
    # Fixed when the request is answered, by the avgiftstaxa then in force.
    fee = models.PositiveIntegerField(_("fee (kr)"), null=True, blank=True)
    handled_on = models.DateField(_("answered on"), null=True, blank=True)
    decision_document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_request_decision",
        verbose_name=_("decision"),
    )
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    # The public form sends a random key with each form (as /utmana/ does); a second post
    # of the same form (a double click, a reload) finds the request already registered.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    # The day of the last reminder is bookkeeping, not a change anyone made.
    history = HistoricalRecords(excluded_fields=["reminded_on"])

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")

    def __str__(self) -> str:
        return self.document.number
