"""/begar-handling/: a public request to see documents is registered and mailed."""

import re

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

    # One message per registrar, so that each is delivered (and retried) on its own, and
    # the receipt to the requester.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "jenny@tidningen.example",
        "rebecka@testby.example",
        "registrator@testby.example",
    ]
    message = next(m for m in mail.outbox if m.to == ["rebecka@testby.example"])
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


# --- the series of the board that holds the document (issue 16) --------------------------


@pytest.fixture
def tn_case(register, tn_series):
    return register(series=tn_series, title="Upphandling av parkskötsel").case


def registered_in(client, **overrides) -> str:
    response = client.post(reverse("portal:access_request"), valid(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return AccessRequest.objects.latest("received_at").document.case.series.prefix


def test_a_request_for_a_case_number_is_registered_with_the_board_that_holds_it(
    client, setup, tn_case, tom, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert registered_in(client, reference=tn_case.number) == "TN"
    # Tekniska nämnden's registrar is told, as the request is theirs to handle.
    assert "tom@testby.example" in {m.to[0] for m in mail.outbox}
    # A document number, in any case, finds its case too.
    document_number = tn_case.documents.get().number
    assert registered_in(client, reference=document_number.lower()) == "TN"


def test_a_diarienummer_not_on_file_is_registered_in_the_series_it_names(client, setup, tn_series):
    assert registered_in(client, reference="TN 2019/0042") == "TN"


def test_the_board_chosen_on_the_form_holds_the_request(client, setup, tn_series):
    form = client.get(reverse("portal:access_request")).content.decode()
    assert "Tekniska nämnden" in form
    assert registered_in(client, reference="", board="TN") == "TN"
    # Nothing given: the organisation's central series, as before.
    assert registered_in(client, reference="", board="") == "KS"
    assert registered_in(client, reference="avtalet om snö", board="") == "KS"


def test_an_unknown_board_is_refused(client, setup):
    response = client.post(reverse("portal:access_request"), valid(board="XYZ"))
    assert response.status_code == 422
    assert AccessRequest.objects.count() == 0


# --- what the postlista says of a request (issue 16) ---------------------------------------


def test_the_requesters_words_reach_the_postlista_only_once_a_registrar_checked_them(
    client, setup, rebecka, linus
):
    words = "min granne Sven"
    client.post(reverse("portal:access_request"), valid(reference=words))
    request = AccessRequest.objects.get()
    assert request.reference == words
    for url in ("/postlista/", f"/postlista/{request.document.pk}/"):
        html = client.get(url).content.decode()
        assert words not in html
        assert "Begäran om allmän handling" in html
    item = client.get(f"/api/v1/postlista/{request.document.pk}").json()
    assert item["description"] == "Begäran om allmän handling"

    url = reverse("registry:access_request_description", args=[request.pk])
    client.force_login(linus)
    assert client.post(url, {"description": "x"}).status_code == 403
    client.force_login(rebecka)
    assert url in client.get(reverse("registry:case_list")).content.decode()
    form = client.get(url).content.decode()
    assert words in form  # proposed, to check
    assert client.post(url, {"description": ""}).status_code == 422
    response = client.post(url, {"description": "Begäran om allmän handling (grannärende)"})
    assert response.status_code == 302
    client.logout()
    html = client.get(f"/postlista/{request.document.pk}/").content.decode()
    assert "grannärende" in html and words not in html
    entry = request.document.history.first()
    assert entry.history_user == rebecka and entry.history_change_reason


def test_a_request_sent_twice_is_registered_once(client, setup):
    form = client.get(reverse("portal:access_request")).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', form).group(1)
    first = client.post(reverse("portal:access_request"), valid(submission_key=key))
    second = client.post(reverse("portal:access_request"), valid(submission_key=key))
    assert first.status_code == second.status_code == 302
    assert AccessRequest.objects.count() == 1
    assert Document.objects.count() == 1
    receipt = client.get(second["Location"]).content.decode()
    assert AccessRequest.objects.get().document.number in receipt
    # A post without a key (or a forged one) gets its own, and registers.
    assert client.post(reverse("portal:access_request"), valid()).status_code == 302
    assert AccessRequest.objects.count() == 2
