"""Queueing and delivering e-mail through the outbox (OutgoingEmail)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone

from insyn.notifications.models import EmailTemplate, OutgoingEmail
from insyn.registry.models import Case

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10


def email_queue(
    *,
    event: str,
    to: Iterable[str],
    subject: str,
    body: str,
    reply_to: str = "",
    case: Case | None = None,
) -> list[OutgoingEmail]:
    """Put one message per recipient in the outbox, in the caller's transaction, and
    deliver them through the task queue once it commits. Queuing the same event for the
    same recipient again does nothing."""
    queued = []
    for recipient in sorted({address.strip() for address in to if address.strip()}):
        message, created = OutgoingEmail.objects.get_or_create(
            event=event[:200],
            recipient=recipient,
            defaults={
                "subject": subject[:300],
                "body": body,
                "reply_to": reply_to,
                "case": case,
            },
        )
        if created:
            queued.append(message)
    if queued:
        ids = [m.pk for m in queued]
        transaction.on_commit(lambda: _enqueue(ids))
    return queued


def _enqueue(ids: list[int]) -> None:
    from insyn.notifications.tasks import deliver_email

    for outgoing_id in ids:
        deliver_email.enqueue(outgoing_id=outgoing_id)


def email_deliver(*, outgoing_id: int) -> bool:
    """Send one waiting message. The row stays locked while it is sent, so two workers
    never send it both; it is marked sent in the same transaction. Returns True if sent."""
    with transaction.atomic():
        message = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=outgoing_id, status=OutgoingEmail.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        message.attempts += 1
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.recipient],
                reply_to=[message.reply_to] if message.reply_to else None,
                headers={"Message-ID": message.message_id},
            ).send()
        except Exception as error:  # any transport failure: keep it for a later attempt
            logger.warning("E-mail %s not sent: %s", message.pk, error)
            message.last_error = str(error)[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutgoingEmail.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            return False
        message.status = OutgoingEmail.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return True


def email_deliver_pending(*, limit: int = 1000) -> int:
    """Send what is still waiting: messages whose task was lost (a worker killed while it
    ran one) or whose server was down. Run by `insyn send_pending_email`."""
    sent = 0
    ids = list(
        OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for outgoing_id in ids:
        if email_deliver(outgoing_id=outgoing_id):
            sent += 1
    return sent


# The wording shipped with insyn for each kind of message: key -> (subject, text, fields).
# Apps add theirs at import (see insyn/challenges/emails.py); an administrator's
# EmailTemplate with the same key replaces it.
DEFAULT_TEMPLATES: dict[str, tuple[str, str, str]] = {
    # The yearly follow-up asks the provider for its view of the cooperation
    # (insyn/followup/services.py, partner_link_send). Here rather than in the follow-up
    # app so that the admin knows the key whichever app it loads first.
    "followup_partner_view": (
        "Uppföljning {{ year }} av avtal {{ number }}: er syn på samverkan",
        """Hej!

{{ organisation }} följer upp avtalet {{ number }} ({{ title }}) för {{ year }}.
Som en del av uppföljningen vill vi gärna veta hur ni som utförare ser på samverkan
med kommunen: vad som har fungerat bra och vad som kan bli bättre.

Skriv er syn via den här länken:
{{ link }}

Länken går till en sida för just den här uppföljningen. Dela den inte med andra.
Ni kan ändra texten så länge uppföljningen pågår. Nämn inte de personer som får
insatser av er.
{% if manager %}
Frågor besvaras av avtalsansvarig {{ manager }}.{% if manager_email %}
E-post: {{ manager_email }}{% endif %}
{% endif %}""",
        "organisation, number, title, year, link, manager, manager_email",
    ),
}

_engine = Engine(autoescape=False)


def _render(source: str, context: dict[str, str]) -> str:
    # Plain text: a name is written as typed ("Bygg & Städ"), never as HTML ("&amp;").
    # The Context, not the Engine, decides on escaping when a template is rendered with
    # one, so it says so itself. Nothing here is ever shown as HTML, and the subject is
    # made one line below, so nothing typed can start a header.
    return _engine.from_string(source).render(Context(context, autoescape=False))


def email_render(key: str, context: dict[str, str]) -> tuple[str, str]:
    """Subject and text of message `key`, filled in from `context` (plain strings only, so
    that an edited template can show nothing but what it is given)."""
    stored = EmailTemplate.objects.filter(key=key).first()
    if stored is not None:
        subject_source, body_source = stored.subject, stored.body
    else:
        subject_source, body_source, _fields = DEFAULT_TEMPLATES[key]
    try:
        subject = _render(subject_source, context)
        body = _render(body_source, context)
    except TemplateSyntaxError:
        # A broken edit must not stop the process; the shipped wording is used instead.
        logger.exception("The e-mail template %s cannot be used; using the default", key)
        subject_source, body_source, _fields = DEFAULT_TEMPLATES[key]
        subject = _render(subject_source, context)
        body = _render(body_source, context)
    return " ".join(subject.split())[:300], body.strip() + "\n"
