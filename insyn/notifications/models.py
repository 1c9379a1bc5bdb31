from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One e-mail to one recipient about one event: the outbox.

    Written in the same transaction as the event, so a message is never lost when the
    transaction commits, and never sent when it rolls back. (event, recipient) is unique,
    so the same event never mails the same person twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    event = models.CharField(_("event"), max_length=200)
    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    reply_to = models.EmailField(_("reply to"), blank=True)
    # The diarium case the message is about, so it is listed with the case.
    case = models.ForeignKey(
        "registry.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("case"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mail")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient"], name="notifications_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="notifications_pending_idx")]

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient}"

    @property
    def message_id(self) -> str:
        """The same for every attempt, so a receiving server or mail program can tell a
        retry from a new message."""
        return f"<insyn.{self.pk}.{self.created_at:%Y%m%d%H%M%S}@insyn.invalid>"


class EmailTemplate(models.Model):
    """The wording of one kind of message, editable by an administrator in the admin.

    Subject and text are Django templates; each kind's help text lists what it may use.
    A kind missing here falls back to the wording shipped with insyn."""

    key = models.SlugField(_("kind of message"), max_length=60, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    help_text = models.TextField(_("available fields"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")

    def __str__(self) -> str:
        return self.key
