"""Nothing unverified is shown as a known party: a public form keeps the name as
submitted and links to no party, even when its org. number is on file; the registrar
links the document to the party after checking, with the reason in its history. The
postlista keeps showing the name on the document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from insyn.challenges.models import Challenge
from insyn.core.models import Party
from insyn.registry import services
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

KNOWN = "Nordisk Lokalvård AB"
ORG_NUMBER = "556036-0793"


@pytest.fixture
def known_company(register):
    party = factories.PartyFactory(name=KNOWN, org_number=ORG_NUMBER, kind=Party.Kind.COMPANY)
    register(description="Faktura", counterpart=services.Counterpart(party=party))
    return party


def challenge(client, tn_unit, name: str) -> Document:
    response = client.post(
        "/utmana/",
        {
            "challenger_kind": "company",
            "name": name,
            "org_number": ORG_NUMBER,
            "contact_person": "",
            "email": "info@example.org",
            "phone": "",
            "postal_address": "",
            "activity_unit": str(tn_unit.pk),
            "activity_description": "",
            "improvement_quality": "Bättre städning",
            "website": "",
            "submission_key": "key-" + "b" * 40,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Challenge.objects.get().case.documents.get()


def test_a_challenge_under_a_known_org_number_keeps_the_name_submitted(
    client, known_company, tn_unit
):
    document = challenge(client, tn_unit, "Bluffbolaget AB")
    assert document.counterpart_name == "Bluffbolaget AB"
    assert document.counterpart_party is None
    assert Party.objects.count() == 1  # nothing created or changed from the form
    row = next(
        d for d in client.get("/api/v1/postlista").json()["items"] if d["number"] == document.number
    )
    assert row["counterpart"] == "Bluffbolaget AB"
    page = client.get(f"/postlista/{document.pk}/").content.decode()
    assert "Bluffbolaget AB" in page and KNOWN not in page


def test_the_registrar_links_the_document_after_checking(
    client, known_company, tn_unit, rebecka, linus
):
    document = challenge(client, tn_unit, "Nordisk Lokalvård i Testby")
    url = reverse("registry:document_link_party", args=[document.pk])
    data = {"org_number": ORG_NUMBER, "reason": "Kontrollerat mot Bolagsverket"}

    client.force_login(linus)
    assert client.post(url, data).status_code == 403
    client.force_login(rebecka)
    page = client.get(reverse("registry:document_detail", args=[document.pk])).content.decode()
    assert url in page
    assert client.post(url, {**data, "reason": ""}).status_code == 422
    assert client.post(url, {**data, "org_number": "556036-0794"}).status_code == 422
    document.refresh_from_db()
    assert document.counterpart_party is None

    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.counterpart_party == known_company
    entry = document.history.first()
    assert entry.history_user == rebecka
    assert entry.history_change_reason == "Kontrollerat mot Bolagsverket"
    staff_page = client.get(reverse("registry:document_detail", args=[document.pk]))
    assert KNOWN in staff_page.content.decode()
    # The postlista shows the name on the document, as sent.
    client.logout()
    page = client.get(f"/postlista/{document.pk}/").content.decode()
    assert "Nordisk Lokalvård i Testby" in page and KNOWN not in page


def test_a_staff_registration_keeps_the_name_typed(client, rebecka, ks_series, known_company):
    client.force_login(rebecka)
    response = client.post(
        reverse("registry:case_create"),
        {
            "series": ks_series.pk,
            "title": "Offert",
            "public_title": "",
            "direction": "incoming",
            "document_date": known_company.created_at.date().isoformat(),
            "description": "Offert på städning",
            "counterpart_kind": "company",
            "counterpart_name": "Nordisk Lokalvård Väst",
            "counterpart_org_number": ORG_NUMBER,
            "secrecy": "public",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(description="Offert på städning")
    assert document.counterpart_party == known_company
    assert document.counterpart_name == "Nordisk Lokalvård Väst"
