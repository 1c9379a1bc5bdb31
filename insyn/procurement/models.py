from __future__ import annotations

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
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure)
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
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="procurements",
        verbose_name=_("case"),
    )
    opened_on = models.DateField(_("started"))
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
    contract_signed_on = models.DateField(_("contract signed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("procurement")
        verbose_name_plural = _("procurements")

    def __str__(self) -> str:
        return self.title
