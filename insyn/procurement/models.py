from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from insyn.core.models import Board, Party, Unit
from insyn.registry.models import Case


class Procurement(models.Model):
    """An upphandling: what is bought, under which procedure, by whom, and how far it has
    come. Its documents (advertisement, tenders, evaluation, award, contract) are
    registered in its case in the diarium."""

    class Procedure(models.TextChoices):
        OPEN = "open", _("open procedure (LOU)")
        SIMPLIFIED = "simplified", _("simplified procedure (LOU)")
        RESTRICTED = "restricted", _("restricted procedure (LOU)")
        NEGOTIATED = "negotiated", _("negotiated procedure (LOU)")
        DIRECT = "direct", _("direct award (direktupphandling)")
        RESERVED = "reserved", _("reserved for non-profit organisations")
        CHOICE_SYSTEM = "choice_system", _("choice system (LOV)")
        # Legacy: an IOP is a partnership outside procurement law, made in the contract
        # register as its own kind of agreement. Kept so that old rows stay readable; a
        # procurement can no longer be planned or started with it (NEW_PROCEDURES).
        IOP = "iop", _("IOP (not a procurement procedure; old entry)")

    class Category(models.TextChoices):
        """What is bought, for the EU threshold that applies (LOU 5 kap. 1 §)."""

        SUPPLIES_SERVICES = "supplies_services", _("supplies and services")
        WORKS = "works", _("works")
        SOCIAL = "social", _("social and other specific services")

    class Review(models.TextChoices):
        """A request for review (överprövning) of the award, and what the court decided."""

        PENDING = "pending", _("request for review pending at the court")
        REJECTED = "rejected", _("request rejected by the court")
        CORRECTION = "correction", _("upheld: the evaluation is corrected (rättelse)")
        REDO = "redo", _("upheld: the procurement is redone")

    # What a procurement may be planned and started with.
    NEW_PROCEDURES = [
        Procedure.OPEN,
        Procedure.SIMPLIFIED,
        Procedure.RESTRICTED,
        Procedure.NEGOTIATED,
        Procedure.DIRECT,
        Procedure.RESERVED,
        Procedure.CHOICE_SYSTEM,
    ]
    # No avtalsspärr: a direct award (LOU 20 kap. 3 §), a choice system under LOV (no
    # award decision between tenderers), and the old IOP entries.
    WITHOUT_STANDSTILL = [Procedure.DIRECT, Procedure.CHOICE_SYSTEM, Procedure.IOP]

    class Status(models.TextChoices):
        PLANNED = "planned", _("being prepared")
        ADVERTISED = "advertised", _("advertised, open for tenders")
        EVALUATION = "evaluation", _("tenders being evaluated")
        AWARDED = "awarded", _("award decided")
        CONTRACT_SIGNED = "contract_signed", _("contract signed")
        CANCELLED = "cancelled", _("cancelled")

    # The order a procurement normally moves through; cancelling is possible from any.
    STATUS_ORDER = [
        Status.PLANNED,
        Status.ADVERTISED,
        Status.EVALUATION,
        Status.AWARDED,
        Status.CONTRACT_SIGNED,
    ]

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure)
    reserved = models.BooleanField(
        _("reserved for non-profit organisations"),
        default=False,
        help_text=_("Reserved under LOU or LOV 1 kap. 2 a §."),
    )
    estimated_value = models.DecimalField(
        _("estimated value (SEK)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_(
            "The total over the contract's whole length, options and extensions included, "
            "excluding VAT."
        ),
    )
    category = models.CharField(
        _("what is bought"),
        max_length=20,
        choices=Category,
        default=Category.SUPPLIES_SERVICES,
        help_text=_("Decides which EU threshold applies."),
    )
    cpv_code = models.CharField(_("CPV code"), max_length=10, blank=True)
    # The procurement plan: the year (and quarter) a procurement is to start.
    plan_year = models.PositiveSmallIntegerField(_("planned year"), null=True, blank=True)
    plan_quarter = models.PositiveSmallIntegerField(
        _("planned quarter"), null=True, blank=True, choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    other_boards = models.ManyToManyField(
        Board, blank=True, related_name="+", verbose_name=_("other boards")
    )
    # Seed 004: how the contract will be followed up is settled before the procurement
    # starts; a procurement cannot be advertised without it.
    followup_approach = models.TextField(_("how the contract will be followed up"), blank=True)
    followup_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    followup_recorded_on = models.DateField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PLANNED)
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="procurements", verbose_name=_("board")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements",
        verbose_name=_("unit"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="procurements",
        verbose_name=_("responsible procurement officer"),
    )
    # Empty while the procurement is only planned; its documents go in this case.
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements",
        verbose_name=_("case"),
    )
    opened_on = models.DateField(_("started"), null=True, blank=True)
    advertised_on = models.DateField(_("advertised"), null=True, blank=True)
    tender_deadline = models.DateField(_("last day for tenders"), null=True, blank=True)
    tenders_received = models.PositiveSmallIntegerField(
        _("tenders received"), null=True, blank=True
    )
    evaluated_on = models.DateField(_("tenders evaluated"), null=True, blank=True)
    awarded_on = models.DateField(_("award decided"), null=True, blank=True)
    supplier = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements_won",
        verbose_name=_("supplier"),
    )
    # The notice of the award decision to the tenderers: how and when it was sent decides
    # the avtalsspärr (LOU 20 kap. 1 §); the last day of the standstill is kept.
    award_notice_sent_on = models.DateField(_("award notice sent"), null=True, blank=True)
    award_notice_electronic = models.BooleanField(
        _("award notice sent electronically"), null=True, blank=True
    )
    standstill_ends_on = models.DateField(_("standstill period ends"), null=True, blank=True)
    # A request for review (överprövning) stops the signing until the court decides.
    review = models.CharField(_("review"), max_length=20, choices=Review, blank=True)
    review_court = models.CharField(_("court"), max_length=200, blank=True)
    review_case_number = models.CharField(_("the court's case number"), max_length=50, blank=True)
    review_filed_on = models.DateField(_("request for review filed"), null=True, blank=True)
    review_decided_on = models.DateField(_("court decided"), null=True, blank=True)
    # Förlängd avtalsspärr after a rejected request that came in during the standstill.
    review_standstill_ends_on = models.DateField(
        _("extended standstill period ends"), null=True, blank=True
    )
    contract_signed_on = models.DateField(_("contract signed"), null=True, blank=True)
    # Why a procurement was cancelled is part of the public record of the plan.
    cancelled_on = models.DateField(_("cancelled"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")

    def __str__(self) -> str:
        return self.title

    @property
    def has_standstill(self) -> bool:
        return self.procedure not in self.WITHOUT_STANDSTILL

    def contract_allowed_from(self) -> datetime.date | None:
        """The first day the contract may be signed after the award, or None while a
        request for review is pending (or before the award)."""
        if self.awarded_on is None or self.review == self.Review.PENDING:
            return None
        if self.review in (self.Review.CORRECTION, self.Review.REDO):
            return None
        first = self.awarded_on
        for last_day in (self.standstill_ends_on, self.review_standstill_ends_on):
            if last_day is not None:
                first = max(first, last_day + datetime.timedelta(days=1))
        return first


class ProcurementThreshold(models.Model):
    """A threshold of procurement law, valid from a date: the direct-award limit and the EU
    thresholds for a kommun. They change every other year; an administrator adds the new
    values with the date they apply from, and older procurements keep theirs."""

    class Kind(models.TextChoices):
        DIRECT_AWARD = "direct_award", _("direct-award limit (direktupphandlingsgräns)")
        SUPPLIES_SERVICES = "supplies_services", _("EU threshold: supplies and services")
        WORKS = "works", _("EU threshold: works")
        SOCIAL = "social", _("EU threshold: social and other specific services")

    kind = models.CharField(_("threshold"), max_length=20, choices=Kind)
    amount = models.DecimalField(_("amount (SEK, excl. VAT)"), max_digits=15, decimal_places=0)
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-valid_from"]
        verbose_name = _("procurement threshold")
        verbose_name_plural = _("procurement thresholds")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "valid_from"], name="procurement_threshold_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} ({self.valid_from})"


class EvaluationCriterion(models.Model):
    """A criterion tenders are evaluated on, with its weight; the weights add up to 100."""

    class Kind(models.TextChoices):
        PRICE = "price", _("price")
        QUALITY = "quality", _("quality")

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "order", "id"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class Tender(models.Model):
    """A tender received in a procurement, registered in the diarium (secret until the
    award decision, OSL 19 kap. 3 §), and its evaluation."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="tenders")
    tenderer = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="tenders", verbose_name=_("tenderer")
    )
    received_on = models.DateField(_("received"))
    price = models.DecimalField(
        _("tendered price (SEK)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    document = models.ForeignKey(
        "registry.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered as"),
    )
    disqualified = models.BooleanField(_("disqualified"), default=False)
    disqualification_reason = models.CharField(_("reason"), max_length=300, blank=True)
    awarded = models.BooleanField(_("awarded"), default=False)
    # OSL 19 kap. 3 § ends at the award: the officer then decides what stays secret.
    secrecy_reviewed_on = models.DateField(_("secrecy reviewed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["procurement", "received_on", "id"]
        verbose_name = _("tender")
        verbose_name_plural = _("tenders")
        constraints = [
            models.UniqueConstraint(
                fields=["procurement", "tenderer"], name="procurement_one_tender_per_tenderer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.procurement}: {self.tenderer}"


class TenderScore(models.Model):
    """A tender's score on one criterion, 0–10; weighted by the criterion's weight."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.DecimalField(_("score (0–10)"), max_digits=4, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["tender", "criterion"], name="procurement_score_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=10),
                name="procurement_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tender}: {self.criterion.name} {self.score}"
