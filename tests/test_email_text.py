"""E-mails are plain text: names are written as typed, never as HTML entities (&amp;), and
nothing typed can add a header (issue 16, point 6)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from insyn.core.models import Role
from tests import factories
from tests.test_access_request import valid
from tests.test_challenge_public import form_data

pytestmark = pytest.mark.django_db

COMPANY = "Bygg & Städ <Norr> AB"


def _no_entities(text: str) -> None:
    for entity in ("&amp;", "&lt;", "&gt;", "&#x27;", "&quot;", "&#39;"):
        assert entity not in text, (entity, text)


def test_challenge_mails_write_names_as_typed_and_keep_their_headers(
    client, ks_series, tn_unit, django_capture_on_commit_callbacks
):
    # A unit whose name has what HTML escapes, and a line break that must not start a header.
    tn_unit.name = "Park & <mark>\nBcc: spion@example.com"
    tn_unit.save()
    head = factories.UserFactory(username="sektorchefen", email="chef@testby.example")
    factories.assign(head, Role.SECTOR_HEAD, unit=tn_unit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:challenge_form"),
            form_data(
                challenger_kind="company",
                name=COMPANY,
                org_number="556045-6781",
                contact_person="Åsa",
                email="info@bygg.example",
                activity_unit=str(tn_unit.pk),
                activity_description="",
            ),
        )
    assert response.status_code == 302
    staff = next(m for m in mail.outbox if m.to == ["chef@testby.example"])
    receipt = next(m for m in mail.outbox if m.to == ["info@bygg.example"])
    assert f"Utmanare: {COMPANY}" in staff.body
    assert "Park & <mark>" in staff.subject and "Park & <mark>" in receipt.body
    for message in (staff, receipt):
        _no_entities(message.subject + message.body)
        # The subject is one line; the line break in the name added no header.
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.bcc == []
        assert message.message()["Bcc"] is None
        # Plain text only: no HTML part that could carry the name unescaped.
        assert not getattr(message, "alternatives", [])


def test_the_access_request_mail_writes_the_requesters_words_as_typed(
    client, ks_series, rebecka, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:access_request"),
            valid(name="Anna & Bo <AB>", requested="Avtal med Bygg & Städ <Norr> AB"),
        )
    assert response.status_code == 302
    message = mail.outbox[0]
    assert "Anna & Bo <AB>" in message.body
    assert "Avtal med Bygg & Städ <Norr> AB" in message.body
    _no_entities(message.body)
