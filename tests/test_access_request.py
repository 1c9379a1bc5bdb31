"""/begar-handling/: a public request to see documents is registered and mailed."""

import pytest
from django.core import mail
from django.urls import reverse

from insyn.registry.models import AccessRequest, Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(ks_series, rebecka):
    return ks_series


def valid(**overrides):
    data = {
        "requested": "Avtalet om snöröjning med bilagor",
        "reference": "KS 2026/0001",
        "delivery": "email",
        "name": "Jenny Journalist",
        "email": "jenny@tidningen.example",
        "postal_address": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_request_is_registered_and_the_registrar_is_mailed(
    client, setup, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:access_request"), valid())
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    document = request.document
    assert document.direction == Document.Direction.INCOMING
    assert document.case.number.startswith("KS ")

    receipt = client.get(response["Location"]).content.decode()
    assert document.number in receipt

    # One message per registrar, so that each is delivered (and retried) on its own.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "rebecka@testby.example",
        "registrator@testby.example",
    ]
    message = mail.outbox[0]
    assert document.number in message.subject
    assert "Avtalet om snöröjning" in message.body
    assert message.reply_to == ["jenny@tidningen.example"]

    # In the postlista the requester is a private person.
    html = client.get("/postlista/").content.decode()
    assert document.number in html
    assert "Jenny Journalist" not in html
    assert "Privatperson" in html


def test_a_request_may_be_anonymous(client, setup):
    response = client.post(
        reverse("portal:access_request"), valid(name="", delivery="visit", email="")
    )
    assert response.status_code == 302
    assert AccessRequest.objects.get().name == ""


def test_bad_input_keeps_what_was_typed_and_saves_nothing(client, setup):
    response = client.post(
        reverse("portal:access_request"), valid(requested="", email="inte-en-adress")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Detta fält måste fyllas i." in html
    assert "Fyll i en giltig e-postadress." in html
    assert "Jenny Journalist" in html
    assert AccessRequest.objects.count() == 0
    assert Document.objects.count() == 0


def test_email_delivery_needs_an_address(client, setup):
    response = client.post(reverse("portal:access_request"), valid(email=""))
    assert response.status_code == 422
    assert AccessRequest.objects.count() == 0


def test_the_honeypot_turns_robots_away_silently(client, setup):
    response = client.post(reverse("portal:access_request"), valid(website="http://spam.example"))
    assert response.status_code == 302
    assert AccessRequest.objects.count() == 0
    assert len(mail.outbox) == 0


def test_the_form_links_from_a_document_page(client, register):
    document = register()
    page = client.get(f"/postlista/{document.pk}/").content.decode()
    assert "/begar-handling/?handling=" + document.number.replace(" ", "%20") in page
    form = client.get("/begar-handling/", {"handling": document.number}).content.decode()
    assert document.number in form


def test_the_registrar_sees_open_requests_and_marks_them_handled(client, setup, rebecka, linus):
    client.post(reverse("portal:access_request"), valid())
    request = AccessRequest.objects.get()
    client.force_login(rebecka)
    page = client.get(reverse("registry:case_list")).content.decode()
    assert request.document.number in page
    assert "Avtalet om snöröjning med bilagor" in page

    client.force_login(linus)
    url = reverse("registry:access_request_handled", args=[request.pk])
    assert client.post(url).status_code == 403
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.RECEIVED

    client.force_login(rebecka)
    assert client.post(url, {"note": "Kopia skickad per e-post"}).status_code == 302
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.HANDLED
    assert request.history.first().history_change_reason == "Kopia skickad per e-post"
    client.get(reverse("registry:case_list"))  # shows the confirmation once
    assert request.document.number not in client.get(reverse("registry:case_list")).content.decode()
    assert client.post(reverse("registry:access_request_handled", args=[9999])).status_code == 404
