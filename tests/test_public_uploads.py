"""Limits on the files anyone may send (issue 16, point 6): the challenge form and the
challenger's status page register every file for good, so the number and total size of
the files are limited per submission and per client address and day. Over a limit: the
form again with a Swedish message by the field, status 422, and nothing saved."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insyn.challenges import services
from insyn.challenges.models import Challenge
from insyn.registry.models import Attachment, Document
from tests.test_challenge_public import field_has_error, form_data, page

pytestmark = pytest.mark.django_db

FORM = reverse("portal:challenge_form")


def pdf(number: int, size: int = 100) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n%" + b"x" * size + b"\n"
    return SimpleUploadedFile(f"bilaga-{number}.pdf", content, content_type="application/pdf")


@pytest.fixture
def kommun(ks_series, tn_unit):
    return tn_unit


@pytest.fixture
def daily_limits(settings):
    """The limits per address and day count with the rate limits (off in the test suite)."""
    settings.RATELIMIT_ENABLE = True
    settings.INSYN_RATE_LIMITS = {**settings.INSYN_RATE_LIMITS, "challenge": "100/h"}
    settings.INSYN_PUBLIC_UPLOAD_DAILY_FILES = 3
    cache.clear()
    yield settings
    cache.clear()


def refused(response, text: str) -> None:
    assert response.status_code == 422
    html = response.content.decode()
    assert text in html
    assert field_has_error(page(response), "attachments")


def test_more_files_than_allowed_in_one_challenge_are_refused(client, kommun, settings):
    settings.INSYN_PUBLIC_UPLOAD_MAX_FILES = 3
    response = client.post(FORM, form_data(attachments=[pdf(n) for n in range(4)]))
    refused(response, "Skicka högst 3 filer åt gången.")
    # What was typed is kept; nothing is registered.
    assert "Skötseln av parkerna i centrum" in response.content.decode()
    assert not Challenge.objects.exists() and not Document.objects.exists()
    assert not Attachment.objects.exists()

    response = client.post(FORM, form_data(attachments=[pdf(n) for n in range(3)]))
    assert response.status_code == 302
    sent = Attachment.objects.filter(original_name__startswith="bilaga-")
    assert sent.count() == 3


def test_files_larger_together_than_allowed_are_refused(client, kommun, settings):
    settings.INSYN_PUBLIC_UPLOAD_MAX_MB = 1
    files = [pdf(n, size=600 * 1024) for n in range(2)]
    refused(client.post(FORM, form_data(attachments=files)), "högst 1 MB tillsammans")
    assert not Challenge.objects.exists() and not Attachment.objects.exists()


def test_one_address_sends_only_so_many_files_a_day(client, kommun, daily_limits):
    response = client.post(FORM, form_data(attachments=[pdf(1), pdf(2)]))
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    status_upload = reverse(
        "portal:challenge_status_upload", args=[services.status_token(challenge)]
    )
    documents = Document.objects.count()
    attachments = Attachment.objects.count()

    # Two more from the same address would make four today: refused, nothing saved.
    response = client.post(
        status_upload, {"kind": "other", "description": "Bilagor", "attachments": [pdf(3), pdf(4)]}
    )
    refused(response, "Inget har sparats")
    assert Document.objects.count() == documents
    assert Attachment.objects.count() == attachments

    # One more is within the day's three; then even one is too many.
    data = {"kind": "other", "description": "Bilaga", "attachments": [pdf(5)]}
    assert client.post(status_upload, data).status_code == 302
    data = {"kind": "other", "description": "Bilaga", "attachments": [pdf(6)]}
    refused(client.post(status_upload, data), "Inget har sparats")
    assert Attachment.objects.count() == attachments + 1

    # Another address is not affected.
    data = {"kind": "other", "description": "Bilaga", "attachments": [pdf(7)]}
    assert client.post(status_upload, data, REMOTE_ADDR="192.0.2.44").status_code == 302
    assert Attachment.objects.count() == attachments + 2
