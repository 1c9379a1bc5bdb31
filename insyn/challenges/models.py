"""The right to challenge (utmanarrätt): the process as data, and each challenge on its way
through it.

A process definition is a numbered version of a list of steps. New challenges start on the
active version and keep it to the end; an administrator changes the process by making a new
version, editing it as a draft and activating it. A version that a challenge has used is
never edited again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from insyn.core.models import Board, Party, Role, Unit
from insyn.procurement.models import Procurement
from insyn.registry.models import Case, Document


class Exit(models.TextChoices):
    """How a challenge leaves the process. Withdrawn, screened out and rejected end it;
    accepted hands it to procurement, and the steps after it (if the definition has any)
    follow the procurement to a signed contract."""

    WITHDRAWN = "withdrawn", _("withdrawn by the challenger")
    SCREENED_OUT = "screened_out", _("screened out")
    REJECTED = "rejected", _("rejected by the executive board")
    ACCEPTED = "accepted", _("accepted: procurement")


class ScreenOutReason(models.TextChoices):
    """The grounds on which the business guide may screen a challenge out at first contact."""

    PUBLIC_AUTHORITY = "public_authority", _("exercise of public authority (myndighetsutövning)")
    ALREADY_CONTRACTED = "already_contracted", _("the activity is already run under contract")
    TOO_SMALL = "too_small", _("the activity is too small to procure")
    TOO_LARGE = "too_large", _("the activity is too large to procure")
    DRAWBACKS = "drawbacks", _("organisational or economic drawbacks")
    OTHER = "other", _("other reason")


class Action(models.TextChoices):
    """Things insyn records itself. A checklist item tied to one is ticked when it happens
    (and can still be ticked by hand, e.g. when it happened by telephone)."""

    REGISTERED = "registered", _("the challenge is registered in the diarium")
    LEADERSHIP_NOTIFIED = "leadership_notified", _("leadership notified by e-mail")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("receipt confirmed to the challenger")
    INTERNAL_MEETING = "internal_meeting", _("an internal meeting is recorded")
    JOINT_MEETING = "joint_meeting", _("a joint meeting is recorded")
    FORMAL_CHALLENGE_REGISTERED = (
        "formal_challenge_registered",
        _("the formal challenge is registered"),
    )
    FORMAL_CHALLENGE_CONFIRMED = (
        "formal_challenge_confirmed",
        _("receipt of the formal challenge confirmed to the challenger"),
    )
    STAKEHOLDERS_INFORMED = (
        "stakeholders_informed",
        _("staff, union representatives, users and relatives informed in this step"),
    )
    IMPACT_ANALYSIS_REGISTERED = (
        "impact_analysis_registered",
        _("the impact analysis is registered"),
    )
    DECISION_RECORDED = "decision_recorded", _("the board's decision is recorded")
    DECISION_COMMUNICATED = "decision_communicated", _("the decision is sent to the challenger")
    PROCUREMENT_OPENED = "procurement_opened", _("a procurement is opened")
    TENDERS_EVALUATED = "tenders_evaluated", _("the tenders are evaluated")
    CONTRACT_SIGNED = "contract_signed", _("the contract is signed")


class ProcessDefinition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), unique=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    # The board whose series new challenges are registered in, and which decides them.
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deciding board"),
        help_text=_("Challenges are registered in its series. Empty: the executive board."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("process definition")
        verbose_name_plural = _("process definitions")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="challenges_one_active_definition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Step(models.Model):
    definition = models.ForeignKey(
        ProcessDefinition, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown to the public on the challenge page.")
    )
    responsible_role = models.CharField(
        _("responsible role"), max_length=30, choices=Role, default=Role.BUSINESS_GUIDE
    )
    expected_documents = models.TextField(
        _("documents expected"), blank=True, help_text=_("One per line.")
    )
    deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline in working days"),
        null=True,
        blank=True,
        help_text=_("Counted from the day the step is entered. Empty: no deadline."),
    )
    notify_roles = models.JSONField(
        _("notified on entry"), default=list, blank=True, help_text=_("Roles e-mailed.")
    )
    notify_challenger = models.BooleanField(_("tell the challenger on entry"), default=False)
    next_steps = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="previous_steps",
        verbose_name=_("allowed next steps"),
    )
    exits = models.JSONField(_("allowed exits"), default=list, blank=True)

    class Meta:
        ordering = ["definition", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["definition", "order"], name="challenges_step_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def expected_document_list(self) -> list[str]:
        return [line.strip() for line in self.expected_documents.splitlines() if line.strip()]


class ChecklistItem(models.Model):
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=300)
    action = models.CharField(_("ticked by insyn when"), max_length=40, choices=Action, blank=True)
    required = models.BooleanField(_("required before the next step"), default=True)

    class Meta:
        ordering = ["step", "order", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text


class Challenge(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        POST = "post", _("post")
        EMAIL = "email", _("e-mail")

    class ChallengerKind(models.TextChoices):
        PRIVATE_PERSON = Party.Kind.PRIVATE_PERSON.value, _("a private person")
        COMPANY = Party.Kind.COMPANY.value, _("a company")
        NONPROFIT = Party.Kind.NONPROFIT.value, _("a non-profit organisation (idéburen)")

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="challenge", verbose_name=_("case")
    )
    definition = models.ForeignKey(
        ProcessDefinition,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("process"),
    )
    current_step = models.ForeignKey(
        Step,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current step"),
    )
    step_entered_on = models.DateField(_("step entered"), null=True, blank=True)
    step_due_on = models.DateField(_("due"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Exit, blank=True)
    screen_out_reason = models.CharField(
        _("reason for screening out"), max_length=30, choices=ScreenOutReason, blank=True
    )
    outcome_note = models.TextField(_("motivation"), blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    channel = models.CharField(_("arrived by"), max_length=10, choices=Channel)
    received_on = models.DateField(_("received"))
    challenger_kind = models.CharField(_("challenger is"), max_length=20, choices=ChallengerKind)
    challenger_name = models.CharField(_("name"), max_length=200)
    challenger_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="challenges"
    )
    org_number = models.CharField(_("organisation number"), max_length=11, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=300, blank=True)

    activity_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
        verbose_name=_("activity challenged"),
    )
    activity_description = models.TextField(_("the activity challenged"), blank=True)
    improvement_environment = models.TextField(_("environment"), blank=True)
    improvement_quality = models.TextField(_("quality"), blank=True)
    improvement_price = models.TextField(_("price"), blank=True)
    improvement_other = models.TextField(_("other"), blank=True)

    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges_guided",
        verbose_name=_("business guide"),
    )
    procurement = models.OneToOneField(
        Procurement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenge",
        verbose_name=_("procurement"),
    )
    # The status link is this nonce and its HMAC under the SECRET_KEY (see
    # services.status_token): the link can be shown again (a second receipt, a resent
    # link), yet a copy of the database alone opens no one's status page.
    status_nonce = models.CharField(max_length=32, unique=True, editable=False)
    # The public form sends a random key with each form; a second post of the same form
    # (a double click, a reload) finds the challenge already registered under it.
    submission_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        indexes = [models.Index(fields=["closed_on", "step_due_on"], name="challenges_inbox_idx")]

    def __str__(self) -> str:
        return self.case.number

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def is_private_person(self) -> bool:
        return self.challenger_kind == self.ChallengerKind.PRIVATE_PERSON

    @property
    def activity_label(self) -> str:
        if self.activity_unit is not None:
            return self.activity_unit.name
        return (
            self.activity_description.strip().splitlines()[0][:120]
            if self.activity_description.strip()
            else ""
        )

    def improvements(self) -> list[tuple[str, str]]:
        """The improvements the challenger claims, as (area, description)."""
        areas = [
            (_("Environment"), self.improvement_environment),
            (_("Quality"), self.improvement_quality),
            (_("Price"), self.improvement_price),
            (_("Other"), self.improvement_other),
        ]
        return [(str(label), text) for label, text in areas if text.strip()]


class StepEntry(models.Model):
    """One stay of a challenge in one step: when it was entered and left, and its due date."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="step_entries")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField(_("entered"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    # Set when the daily reminder about this overdue stay last went out.
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["challenge", "id"]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.step}"


class ChecklistTick(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="ticks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField(_("ticked"))
    # Empty when insyn recorded the action itself.
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["challenge", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "item"], name="challenges_tick_once")
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id}: {self.item}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        INTERNAL = "internal", _("internal meeting with the sector")
        JOINT = "joint", _("joint meeting with the challenger")

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=10, choices=Kind)
    held_on = models.DateField(_("date"))
    participants = models.TextField(_("participants"))
    minutes = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    # Who recorded or corrected the meeting, when and why: a meeting shapes the decision.
    history = HistoricalRecords()

    class Meta:
        ordering = ["challenge", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class StakeholderInformation(models.Model):
    """A record that a group affected by the challenge was informed: when, how, by whom."""

    class Group(models.TextChoices):
        STAFF = "staff", _("staff")
        UNION = "union", _("union representatives (fackliga företrädare)")
        USERS = "users", _("users (brukare)")
        RELATIVES = "relatives", _("relatives (anhöriga)")

    class Method(models.TextChoices):
        MEETING = "meeting", _("meeting")
        LETTER = "letter", _("letter")
        EMAIL = "email", _("e-mail")
        INTRANET = "intranet", _("intranet or notice")
        TELEPHONE = "telephone", _("telephone")
        OTHER = "other", _("other")

    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="stakeholder_information"
    )
    step = models.ForeignKey(Step, on_delete=models.PROTECT, null=True, related_name="+")
    group = models.CharField(_("group"), max_length=10, choices=Group)
    informed_on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=10, choices=Method)
    informed_by = models.CharField(_("informed by"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["challenge", "informed_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_group_display()} {self.informed_on}"


class ImpactAnalysis(models.Model):
    """The sector's konsekvensanalys, the basis for the board's decision. Each version is
    registered as a drawn-up document in the case; the newest is the current one."""

    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="impact_analyses"
    )
    problems = models.TextField(_("problems and challenges"))
    opportunities = models.TextField(_("opportunities"))
    economy = models.TextField(_("economy"))
    quality = models.TextField(_("quality"))
    environment = models.TextField(_("environment"))
    staff = models.TextField(_("staff"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["challenge", "-id"]

    def __str__(self) -> str:
        return str(self.document)


class Decision(models.Model):
    """The deciding board's decision on a challenge, recorded by its secretary from the
    minutes (date and paragraph) and registered in the case."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("the challenge is accepted: the activity is procured")
        REJECTED = "rejected", _("the challenge is rejected")

    challenge = models.OneToOneField(Challenge, on_delete=models.PROTECT, related_name="decision")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("date of the meeting"))
    paragraph = models.CharField(_("paragraph (§)"), max_length=20)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome)
    motivation = models.TextField(_("motivation"), blank=True)
    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.decided_on} {self.paragraph}"
