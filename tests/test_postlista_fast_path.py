"""The postlista's fast path (docs/performance.md): rows read as plain values must show
exactly what the model path shows, and a page kept for visitors must never be stale."""

import pytest
from django.utils import timezone

from insyn.core.models import Organisation, Party
from insyn.registry import selectors, services
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(register, ground_social):
    """One document of each kind the postlista masks differently."""
    company = factories.PartyFactory(name="Byggbolaget AB", org_number="556677-8899")
    documents = [
        register(description="Offentligt brev"),
        register(
            title="Ärende enligt socialtjänstlagen",
            public_title="Socialtjänstärende",
            description="Hemlig beskrivning",
            secrecy="secret",
            secrecy_ground=ground_social,
        ),
        register(
            description="Anbud med maskad avsändare",
            secrecy="partial",
            secrecy_ground=ground_social,
            mask_counterpart=True,
        ),
        register(
            description="Maskad beskrivning",
            secrecy="partial",
            secrecy_ground=ground_social,
            mask_description=True,
        ),
        register(
            description="Synpunkt från en person",
            counterpart=services.Counterpart(name="Anna Privat", kind="private_person"),
        ),
        register(description="Brev från bolaget", counterpart=services.Counterpart(party=company)),
        register(direction="drawn_up", description="Tjänsteskrivelse", counterpart=None),
    ]
    return documents, company


def model_path(documents):
    return [
        selectors.public_document(
            Document.objects.select_related(
                "case__series__board", "secrecy_ground", "counterpart_party"
            ).get(pk=d.pk)
        )
        for d in sorted(documents, key=lambda d: (d.registered_on, d.pk), reverse=True)
    ]


def test_rows_show_exactly_what_the_model_path_shows(mixed):
    documents, _company = mixed
    page = selectors.postlista_documents(filters=selectors.PostlistaFilters())
    assert page.documents == model_path(documents)


def test_a_party_found_to_be_a_private_person_masks_its_documents(mixed, client):
    documents, company = mixed
    # The party turns out to be a private person: the postlista must hide the name now.
    Party.objects.filter(pk=company.pk).update(kind=Party.Kind.PRIVATE_PERSON)
    page = selectors.postlista_documents(filters=selectors.PostlistaFilters())
    assert page.documents == model_path(documents)
    assert "Byggbolaget" not in client.get("/postlista/").content.decode()


def test_a_kept_page_follows_a_correction(client, register, rebecka):
    document = register(description="Före rättelsen")
    assert "Före rättelsen" in client.get("/postlista/").content.decode()
    services.document_correct(
        document=document, changed_by=rebecka, reason="Stavfel", description="Efter rättelsen"
    )
    html = client.get("/postlista/").content.decode()
    assert "Efter rättelsen" in html and "Före rättelsen" not in html


def test_a_kept_page_follows_renamed_boards_and_organisation(client, register, ks):
    register()
    assert "Kommunstyrelsen" in client.get("/postlista/").content.decode()
    ks.name = "Kommunstyrelsen i Testby"
    ks.save()
    organisation = Organisation.objects.get()
    organisation.name = "Nya Testby kommun"
    organisation.save()
    html = client.get("/postlista/").content.decode()
    assert "Kommunstyrelsen i Testby" in html
    assert "Nya Testby kommun" in html


def test_signed_in_staff_get_their_own_page(client, register, rebecka):
    register()
    anonymous = client.get("/postlista/").content.decode()
    client.force_login(rebecka)
    own = client.get("/postlista/").content.decode()
    assert own != anonymous
    assert "Rebecka" in own


def test_a_page_far_back_starts_right_after_its_cursor(register, rebecka):
    today = timezone.localdate()
    case = register(description="Dokument 0").case
    for i in range(1, 6):
        services.document_register(
            case=case,
            registered_by=rebecka,
            direction="drawn_up",
            description=f"Dokument {i}",
            document_date=today,
        )
    first = selectors.postlista_documents(filters=selectors.PostlistaFilters(), limit=2)
    second = selectors.postlista_documents(
        filters=selectors.PostlistaFilters(), after=first.next_cursor, limit=2
    )
    everything = selectors.postlista_documents(filters=selectors.PostlistaFilters(), limit=10)
    assert [d.id for d in first.documents + second.documents] == [
        d.id for d in everything.documents[:4]
    ]


def test_a_diarienummer_is_found_and_search_input_stays_a_value(client, register):
    wanted = register(description="Det sökta brevet")
    register(description="Ett annat brev")
    case_number = wanted.case.number  # e.g. "KS 2026/0001"
    html = client.get("/postlista/", {"q": case_number.lower()}).content.decode()
    assert "Det sökta brevet" in html and "Ett annat brev" not in html
    # A quote stays inside the value, and LIKE's wildcards are taken literally.
    for hostile in (f"{case_number}' OR '1'='1", f"{case_number[:-1]}%", f"{case_number[:-1]}_"):
        response = client.get("/postlista/", {"q": hostile})
        assert response.status_code == 200
        assert "Ett annat brev" not in response.content.decode()
