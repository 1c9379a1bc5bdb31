"""The contract register: every contract the organisation follows up, with a private
company, an idéburen organisation, another public body, or one of its own units (egen
regi, an internal agreement) — on the same terms, with the same requirements."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from insyn.core.legal import cite
from insyn.core.models import Board, Party, Unit
from insyn.procurement.models import Procurement
from insyn.registry.models import Case, SecrecyGround

# A CPV code: eight digits and, optionally, the check digit ("90911200-8").
validate_cpv = RegexValidator(
    r"^\d{8}(-\d)?$", _("A CPV code is eight digits and a check digit: NNNNNNNN-N.")
)


# The CPV divisions of the activities lag (2017:151) covers: 80 education (skolväsendet
# and other pedagogical activity), 85 health care and social work (hälso- och sjukvård,
# tandvård, socialtjänst, LSS).
MEDDELARSKYDD_CPV_DIVISIONS = ("80", "85")


class Level(models.TextChoices):
    LOW = "low", _("low")
    HIGH = "high", _("high")


class Contract(models.Model):
    """An avtal. Its documents are registered in its case in the diarium."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("contract with an external provider")
        INTERNAL = "internal", _("internal agreement with an in-house unit (egen regi)")
        IOP = "iop", _("non-profit public partnership (IOP)")

    # The procedures of the procurement module, and the agreements made without one.
    class Procedure(models.TextChoices):
        OPEN = Procurement.Procedure.OPEN.value, Procurement.Procedure.OPEN.label
        SIMPLIFIED = Procurement.Procedure.SIMPLIFIED.value, Procurement.Procedure.SIMPLIFIED.label
        RESTRICTED = Procurement.Procedure.RESTRICTED.value, Procurement.Procedure.RESTRICTED.label
        NEGOTIATED = Procurement.Procedure.NEGOTIATED.value, Procurement.Procedure.NEGOTIATED.label
        DIRECT = Procurement.Procedure.DIRECT.value, Procurement.Procedure.DIRECT.label
        RESERVED = Procurement.Procedure.RESERVED.value, Procurement.Procedure.RESERVED.label
        CHOICE_SYSTEM = (
            Procurement.Procedure.CHOICE_SYSTEM.value,
            Procurement.Procedure.CHOICE_SYSTEM.label,
        )
        IOP = "iop", _("partnership outside procurement law (IOP)")
        INTERNAL = "internal", _("internal agreement (no procurement)")

    number = models.CharField(_("contract number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.EXTERNAL)
    provider_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("provider"),
    )
    provider_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="internal_contracts",
        verbose_name=_("in-house provider"),
    )
    contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts_managed",
        verbose_name=_("contract manager"),
    )
    # Who appointed the manager (a förvaltningschef), and when.
    manager_appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appointed by"),
    )
    manager_appointed_on = models.DateField(_("appointed"), null=True, blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    extension_terms = models.CharField(
        _("extension options"),
        max_length=200,
        blank=True,
        help_text=_("For example: 2 + 1 + 1 years."),
    )
    latest_end_date = models.DateField(_("latest end with every extension"), null=True, blank=True)
    notice_date = models.DateField(
        _("notice date"),
        null=True,
        blank=True,
        help_text=_("The last day to give notice or to use an extension option."),
    )
    yearly_value = models.DecimalField(
        _("estimated yearly value (SEK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    total_value = models.DecimalField(
        _("estimated total value (SEK)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    # Prices may be business secrets of the provider (31 kap. 16 § OSL); then the values are
    # kept from every public page and export, with the ground.
    values_secret = models.BooleanField(_("values are secret"), default=False)
    values_secrecy_ground = models.ForeignKey(
        SecrecyGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secrecy ground"),
    )
    cpv_code = models.CharField(_("CPV code"), max_length=10, blank=True, validators=[validate_cpv])
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure)
    reserved = models.BooleanField(
        _("reserved for non-profit organisations"),
        default=False,
        help_text=format_lazy(
            _("Reserved for idéburna organisations under {lou} or {lov}."),
            lou=cite("lou_reserved_ideburna", short=True),
            lov=cite("lov_reserved_ideburna", short=True),
        ),
    )
    procurement = models.ForeignKey(
        Procurement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("procurement"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts",
        verbose_name=_("case"),
    )
    value_level = models.CharField(
        _("value"), max_length=4, choices=Level, blank=True, help_text=_("For classification.")
    )
    impact_level = models.CharField(
        _("impact on the activity"),
        max_length=4,
        choices=Level,
        blank=True,
        help_text=_("For classification."),
    )
    terminated_on = models.DateField(_("terminated early"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            # Exactly one provider: a party, or an in-house unit.
            models.CheckConstraint(
                condition=(Q(provider_party__isnull=False) & Q(provider_unit__isnull=True))
                | (Q(provider_party__isnull=True) & Q(provider_unit__isnull=False)),
                name="contracts_one_provider",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contracts_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["end_date"], name="contracts_end_idx"),
            models.Index(fields=["notice_date"], name="contracts_notice_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def provider_name(self) -> str:
        if self.provider_unit_id:
            return self.provider_unit.name  # type: ignore[union-attr]
        return self.provider_party.name if self.provider_party else ""

    @property
    def public_provider_name(self) -> str:
        """The provider as documents for the public name it: a sole trader is a private
        person, never named (the same rule as the public pages)."""
        party = self.provider_party if not self.provider_unit_id else None
        if party is not None and party.kind == Party.Kind.PRIVATE_PERSON:
            return str(_("Private person"))
        return self.provider_name

    @property
    def is_in_house(self) -> bool:
        return self.provider_unit_id is not None

    def is_running(self, on: datetime.date) -> bool:
        ended = self.terminated_on or self.end_date
        return self.start_date <= on and (ended is None or ended >= on)

    @property
    def meddelarskydd_applies(self) -> bool:
        """Whether lag (2017:151) gives the provider's staff meddelarskydd: only in
        privately run (a company or an idéburen organisation), publicly financed school,
        health care and social services (its 2 §). The contract's CPV code tells the
        activity: 80 education, 85 health and social work. Anywhere else (cleaning,
        laundry, snow clearing) a meddelarfrihet clause is a contractual condition, and
        egen regi and other public bodies have meddelarfrihet by the constitution."""
        if self.provider_unit_id is not None or self.provider_party is None:
            return False
        if self.provider_party.kind not in (Party.Kind.COMPANY, Party.Kind.NONPROFIT):
            return False
        return self.cpv_code[:2] in MEDDELARSKYDD_CPV_DIVISIONS

    @property
    def classification(self) -> str:
        """The seed's four classes from value × impact, or "" until both are set."""
        if not self.value_level or not self.impact_level:
            return ""
        return f"{self.value_level}_{self.impact_level}"


class ContractBoard(models.Model):
    """A board's part of a contract. A contract across boards is answered for by each
    board for its share; the shares add up to 100 %. Each board marks its own strategic
    contracts, which its follow-up plan covers."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="boards")
    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="contract_shares", verbose_name=_("board")
    )
    share = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, default=Decimal("100")
    )
    strategic = models.BooleanField(_("strategic contract"), default=False)
    # Who last marked (or unmarked) the contract strategic for the board, and when: the
    # board's choice is recorded by a person, and the page says by whom.
    strategic_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("strategic marking by"),
    )
    strategic_on = models.DateField(_("strategic marking on"), null=True, blank=True)

    class Meta:
        ordering = ["contract", "board__code"]
        verbose_name = _("board's share")
        verbose_name_plural = _("boards' shares")
        constraints = [
            models.UniqueConstraint(fields=["contract", "board"], name="contracts_board_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="contracts_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}: {self.board.code} {self.share} %"


class Area(models.TextChoices):
    QUALITY = "quality", _("quality")
    ENVIRONMENT = "environment", _("environment")
    SOCIAL = "social", _("social")
    LABOUR = "labour", _("labour conditions")


class LabourTopic(models.TextChoices):
    """The labour conditions of seed 004 (arbetsrättsliga villkor)."""

    WAGES = "wages", _("wages")
    HOLIDAYS = "holidays", _("holidays")
    WORKING_HOURS = "working_hours", _("working hours")
    PENSION = "pension", _("pension")
    INSURANCE = "insurance", _("insurance")
    WHISTLEBLOWING = "whistleblowing", _("freedom to inform (meddelarfrihet)")
    OTHER = "other", _("other")


class RequirementTemplate(models.Model):
    """A requirement written once and applied to many contracts, egen regi included, so
    that every provider of a service answers to the same requirements."""

    group = models.CharField(
        _("group"), max_length=100, help_text=_("For example: Hemtjänst, or Labour conditions.")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("requirement"))
    area = models.CharField(_("area"), max_length=12, choices=Area)
    labour_topic = models.CharField(
        _("labour condition"), max_length=20, choices=LabourTopic, blank=True
    )
    essential = models.BooleanField(_("essential"), default=False)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "title"]
        verbose_name = _("requirement template")
        verbose_name_plural = _("requirement templates")

    def __str__(self) -> str:
        return f"{self.group}: {self.title}"


class Requirement(models.Model):
    """A requirement or clause of one contract; the essential ones are reported on in the
    yearly follow-up."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="requirements")
    template = models.ForeignKey(
        RequirementTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requirements",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("requirement"), blank=True)
    area = models.CharField(_("area"), max_length=12, choices=Area)
    labour_topic = models.CharField(
        _("labour condition"), max_length=20, choices=LabourTopic, blank=True
    )
    essential = models.BooleanField(_("essential"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "order", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return self.title


class ContractImport(models.Model):
    """One import of the register from a spreadsheet. Every row is checked before
    anything is saved; the rows are then saved in one transaction, all or none. A large
    file is imported by the task worker while the page shows how far it has come."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CHECKING = "checking", _("checking the rows")
        SAVING = "saving", _("saving")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported: errors in the file")

    file = models.FileField(upload_to="imports/", max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows handled"), default=0)
    created_count = models.PositiveIntegerField(_("contracts created"), default=0)
    updated_count = models.PositiveIntegerField(_("contracts updated"), default=0)
    # [{"row": 7, "column": "Slutdatum", "message": "..."}], in Swedish, every bad row.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contract import")
        verbose_name_plural = _("contract imports")

    def __str__(self) -> str:
        return self.original_name


class ProviderInformation(models.Model):
    """Information to citizens about a provider's service (seed 003: e.g. snow clearing,
    sports facilities), published on the provider's public page."""

    provider_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information",
        verbose_name=_("provider"),
    )
    provider_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information",
        verbose_name=_("in-house provider"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("information to citizens")
        verbose_name_plural = _("information to citizens")
        constraints = [
            models.CheckConstraint(
                condition=(Q(provider_party__isnull=False) & Q(provider_unit__isnull=True))
                | (Q(provider_party__isnull=True) & Q(provider_unit__isnull=False)),
                name="contracts_information_one_provider",
            )
        ]

    def __str__(self) -> str:
        return self.title
