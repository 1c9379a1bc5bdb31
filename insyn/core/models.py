from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from insyn.core import identifiers


class Organisation(models.Model):
    """The deploying kommun or region. There is exactly one per installation."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=11, validators=[identifiers.validate_org_number]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.pk and Organisation.objects.exists():
            raise ValidationError(_("There can only be one organisation per installation."))
        self.org_number = identifiers.format_org_number(self.org_number)
        super().save(*args, **kwargs)


class Board(models.Model):
    """A nämnd or styrelse: a political committee (KS = kommunstyrelsen)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council (fullmäktige)")
        EXECUTIVE = "executive", _("executive board (styrelse)")
        COMMITTEE = "committee", _("committee (nämnd)")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="boards",
        verbose_name=_("organisation"),
    )
    code = models.CharField(
        _("abbreviation"), max_length=12, unique=True, help_text=_("For example KS.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMITTEE)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An administrative unit in a tree under a board: förvaltning, sektor, enhet."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("administration (förvaltning)")
        SECTOR = "sector", _("sector")
        UNIT = "unit", _("unit (enhet)")

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="units", verbose_name=_("board")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.UNIT)
    delivers_in_house = models.BooleanField(
        _("delivers services in-house (egen regi)"),
        default=False,
        help_text=_("The unit can be a provider of services, followed up like any other."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board__name", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent
        if parent is not None:
            if parent.board_id != self.board_id:
                raise ValidationError({"parent": _("The parent unit belongs to another board.")})
            if self.pk and self.pk in {u.pk for u in parent.ancestors(include_self=True)}:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})

    def ancestors(self, *, include_self: bool = False) -> list[Unit]:
        """This unit's chain up to the top of its board, nearest first."""
        chain: list[Unit] = [self] if include_self else []
        node = self.parent
        seen = {self.pk}
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class Party(models.Model):
    """An external actor: a company, an idéburen organisation, a private person or
    another public body."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("company")
        NONPROFIT = "nonprofit", _("non-profit organisation (idéburen)")
        PRIVATE_PERSON = "private_person", _("private person")
        PUBLIC_BODY = "public_body", _("other public body")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        blank=True,
        validators=[identifiers.validate_org_number],
    )
    # Staff-only: never rendered on a public page, feed, export or API response.
    personal_identity_number = models.CharField(
        _("personal identity number"),
        max_length=13,
        blank=True,
        validators=[identifiers.validate_personal_identity_number],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("postal address"), max_length=300, blank=True)
    nonprofit_registered = models.BooleanField(
        _("registered as idéburen organisation with Kammarkollegiet"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["org_number"],
                condition=~models.Q(org_number=""),
                name="core_party_unique_org_number",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.org_number:
            self.org_number = identifiers.format_org_number(self.org_number)
        if self.personal_identity_number:
            self.personal_identity_number = identifiers.format_personal_identity_number(
                self.personal_identity_number
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind == self.Kind.PRIVATE_PERSON:
            if self.org_number:
                raise ValidationError(
                    {"org_number": _("A private person has no organisation number.")}
                )
        elif self.personal_identity_number:
            raise ValidationError(
                {
                    "personal_identity_number": _(
                        "Only a private person has a personal identity number."
                    )
                }
            )

    @property
    def is_private_person(self) -> bool:
        return self.kind == self.Kind.PRIVATE_PERSON


class User(AbstractUser):
    """A member of staff. Citizens never need an account."""

    title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("registrar (registrator)")
    BUSINESS_GUIDE = "business_guide", _("business guide (lots)")
    SECTOR_HEAD = "sector_head", _("head of sector (sektorchef)")
    ADMINISTRATION_HEAD = "administration_head", _("head of administration (förvaltningschef)")
    CHIEF_EXECUTIVE = "chief_executive", _("chief executive (kommundirektör)")
    BOARD_SECRETARY = "board_secretary", _("board secretary (nämndsekreterare)")
    PROCUREMENT_OFFICER = "procurement_officer", _("procurement officer (upphandlare)")
    CONTRACT_MANAGER = "contract_manager", _("contract manager (avtalsansvarig)")
    SERVICE_OWNER = "service_owner", _("service owner (tjänsteägare)")
    PROVIDER = "provider", _("provider (utförare)")
    ECONOMIST = "economist", _("economist (ekonom)")
    ADMINISTRATOR = "administrator", _("administrator")


class RoleAssignment(models.Model):
    """A role held by a user, scoped to a unit and everything under it; with no unit,
    the role holds for the whole organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("Empty: the whole organisation."),
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("board"),
        help_text=_("Set automatically from the unit; a role may also cover a whole board."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit", "board"],
                name="core_roleassignment_unique",
            )
        ]

    def __str__(self) -> str:
        scope = self.unit or self.board or _("whole organisation")
        return f"{self.user} – {self.get_role_display()} ({scope})"

    def save(self, *args, **kwargs):
        if self.unit is not None:
            self.board_id = self.unit.board_id
        super().save(*args, **kwargs)


class SecretLink(models.Model):
    """A secret link handed out: the only credential of a page or feed opened without
    signing in (a provider's page for its view of a follow-up, a person's calendar feed).

    The link holds a random nonce and its HMAC under the SECRET_KEY (insyn.core.tokens), so
    the database alone opens nothing; this row makes each link expire, lets it be revoked
    on its own, and records its use (when last and how often, never the link itself)."""

    class Kind(models.TextChoices):
        PARTNER_VIEW = "partner_view", _("the provider's page for its view")
        CALENDAR_FEED = "calendar_feed", _("personal calendar feed")
        ACCESS_REQUEST = "access_request", _("the requester's page for a request")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    # What it opens: the follow-up report (partner_view) or the user (calendar_feed).
    object_id = models.PositiveBigIntegerField()
    nonce = models.CharField(max_length=32, unique=True, editable=False)
    issued_to = models.CharField(_("sent to"), max_length=254, blank=True)
    issued_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued"))
    expires_at = models.DateTimeField(_("valid until"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("times used"), default=0)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("secret link")
        verbose_name_plural = _("secret links")
        indexes = [models.Index(fields=["kind", "object_id"], name="core_secretlink_target")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} ({self.issued_at:%Y-%m-%d})"
