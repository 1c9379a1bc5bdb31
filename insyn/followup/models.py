"""The yearly follow-up of every provider, egen regi on the same terms (seed 003): each
board's follow-up plan of its strategic contracts, the annual cycle, the report per
contract and period, its deficiencies and action plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from insyn.contracts.models import Contract, Requirement
from insyn.core.models import Board
from insyn.registry.models import Document


class Goal(models.Model):
    """One of a board's goals for a year (from its verksamhetsplan), which deficiencies
    may affect."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="goals")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["board", "year", "title"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class FollowUpPlan(models.Model):
    """A board's plan for the year: which strategic contracts are followed up, how and
    when. Decided by the board (date and paragraph), then locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        DECIDED = "decided", _("decided")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="followup_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    paragraph = models.CharField(_("paragraph (§)"), max_length=20, blank=True)
    decision_document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "board__code"]
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")
        constraints = [
            models.UniqueConstraint(fields=["board", "year"], name="followup_plan_per_board_year")
        ]

    def __str__(self) -> str:
        return f"{self.board.code} {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.DECIDED


class PlanItem(models.Model):
    """One contract in a plan: how and when it is followed up, and by whom."""

    plan = models.ForeignKey(FollowUpPlan, on_delete=models.CASCADE, related_name="items")
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="plan_items")
    method = models.TextField(
        _("how"), help_text=_("For example: meeting with the provider, visit, survey, data.")
    )
    due_on = models.DateField(_("when"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "contract"], name="followup_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.contract.number}"


class CycleEvent(models.Model):
    """A dated step of the annual cycle (årshjul), for the whole organisation or a board."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("budget")
        BUSINESS_PLAN = "business_plan", _("business plan (verksamhetsplan)")
        PROCUREMENT_NEEDS = "procurement_needs", _("procurement needs")
        FOLLOW_UP = "follow_up", _("follow-up")
        REPORTING = "reporting", _("reporting with the annual accounts")
        OTHER = "other", _("other")

    year = models.PositiveSmallIntegerField(_("year"))
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycle_events",
        verbose_name=_("board"),
        help_text=_("Empty: the whole organisation."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("annual cycle step")
        verbose_name_plural = _("annual cycle")

    def __str__(self) -> str:
        return self.title


class FollowUpReport(models.Model):
    """The follow-up of one contract for one period (usually a year)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="followup_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan_item = models.ForeignKey(
        PlanItem, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    goal_effect = models.TextField(_("effect on the board's goal attainment"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="reports")
    partner_view = models.TextField(_("the provider's view of the cooperation"), blank=True)
    # Set when the provider wrote its view itself, through the link it was sent.
    partner_view_received_on = models.DateField(
        _("the provider's view received"), null=True, blank=True
    )
    # The summary per provider on the public site shows only published reports, with the
    # text written for the public (the report itself may name staff or users).
    published = models.BooleanField(_("published"), default=False)
    public_summary = models.TextField(_("summary for the public"), blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "contract__number"]
        verbose_name = _("follow-up report")
        verbose_name_plural = _("follow-up reports")
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="followup_report_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} {self.year}"


class Assessment(models.Model):
    """How one essential requirement was met in the period, with the evidence."""

    class Result(models.TextChoices):
        MET = "met", _("met")
        PARTLY = "partly", _("partly met")
        NOT_MET = "not_met", _("not met")

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="assessments")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=10, choices=Result)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.ManyToManyField(Document, blank=True, related_name="+")

    # The evidence (many-to-many) is named in the change reason when it changes.
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "requirement__order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "requirement"], name="followup_assess_once")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.requirement}"


class Deficiency(models.Model):
    report = models.ForeignKey(
        FollowUpReport, on_delete=models.CASCADE, related_name="deficiencies"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(_("deficiency"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("deficiency")
        verbose_name_plural = _("deficiencies")

    def __str__(self) -> str:
        return self.description[:60]


class Measure(models.Model):
    """One measure of the action plan: what, who, by when, and how far it has come."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    report = models.ForeignKey(FollowUpReport, on_delete=models.CASCADE, related_name="measures")
    deficiency = models.ForeignKey(
        Deficiency, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    description = models.TextField(_("measure"))
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PLANNED)
    done_on = models.DateField(_("done"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "due_on", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("action plan")

    def __str__(self) -> str:
        return self.description[:60]
