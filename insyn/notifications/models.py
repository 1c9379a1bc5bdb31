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
