"""The e-mail outbox: written with the event, sent once per recipient, retried when the
mail server is away."""

import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from insyn.notifications.models import OutgoingEmail
from insyn.notifications.services import email_queue

pytestmark = pytest.mark.django_db


def queue(**overrides):
    fields = {
        "event": "test:1",
        "to": ["a@testby.example", "b@testby.example"],
        "subject": "Ämne",
        "body": "Text",
    }
    fields.update(overrides)
    return email_queue(**fields)


def test_messages_go_out_after_commit_once_per_recipient(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue()  # the same event again: nothing new
    assert sorted(m.to[0] for m in mail.outbox) == ["a@testby.example", "b@testby.example"]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
    # Each message carries its outbox row's stable Message-ID.
    sent_ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert sent_ids == {m.message_id for m in OutgoingEmail.objects.all()}


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the registration failed")
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_message_waits_while_the_mail_server_is_down_and_goes_later(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", unused_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        queue(to=["a@testby.example"])
    message = OutgoingEmail.objects.get()
    assert message.status == "pending"
    assert message.attempts == 1
    assert "refused" in message.last_error.lower() or message.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_email")
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(mail.outbox) == 1
    call_command("send_pending_email")  # nothing left: nothing sent twice
    assert len(mail.outbox) == 1
