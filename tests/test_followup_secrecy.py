"""Secrecy inside the kommun in the follow-up (OSL 8 kap. 2 §), through HTTP:

- anna: manager of the KS cleaning contract, no right to the secret documents of its case
- rebecka: registrar for the whole organisation (conftest), sees secret documents
- hedda: head of the KS administration, reports on KS contracts

A secret evidence document shows its number and "Sekretess" with the ground to those the
diarium does not let see it, and uploaded evidence gets the secrecy and personal-data
choices of any registered document, its files unpublished unless the uploader says so.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from insyn.core.models import Role
from insyn.followup import services
from insyn.followup.models import Assessment
from insyn.registry.models import Document
from tests import factories
from tests.test_followup_staff import YEAR, _contract

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Anmälan om Johan Berg, kränkande behandling"


@pytest.fixture
def anna(organisation):
    user = factories.UserFactory(username="anna", first_name="Anna", last_name="Avtal")
    return factories.assign(user, Role.CONTRACT_MANAGER)


@pytest.fixture
def cleaning(ks, anna, register):
    from insyn.contracts import services as contracts

    case = register(title="Avtal lokalvård").case
    contract = _contract("AVT-1", ks, manager=anna, case=case, strategic=True)
    contracts.requirement_add(
        contract=contract, title="Städfrekvens", text="", area="quality", essential=True
    )
    return contract


@pytest.fixture
def report(cleaning):
    return services.report_create(contract=cleaning, year=YEAR)


@pytest.fixture
def secret_document(cleaning, rebecka, ground_social):
    from insyn.registry import services as registry

    return registry.document_register(
        case=cleaning.case,
        direction=Document.Direction.INCOMING,
        description=SECRET_TEXT,
        document_date=cleaning.start_date,
        registered_by=rebecka,
        counterpart=registry.Counterpart(name="Maria Nilsson", kind="private_person"),
        secrecy=Document.Secrecy.SECRET,
        secrecy_ground=ground_social,
    )


def _detail(report) -> str:
    return reverse("followup:report_detail", kwargs={"report_id": report.pk})


def _assess(client, report, requirement, **extra):
    return client.post(
        reverse("followup:assessment", kwargs={"report_id": report.pk}),
        {"requirement": requirement.pk, "result": "met", "comment": "Kontrollerat", **extra},
    )


def test_secret_evidence_shows_only_its_number_and_ground_to_those_without_the_right(
    client, report, cleaning, secret_document, anna, rebecka
):
    requirement = cleaning.requirements.get()
    services.assessment_record(
        report=report, requirement=requirement, result="met", evidence=[secret_document]
    )

    client.force_login(anna)
    body = client.get(_detail(report)).content.decode()
    assert secret_document.number in body
    # Neither in the list of evidence nor among the choices of the assessment form.
    assert SECRET_TEXT not in body and "Johan Berg" not in body
    assert "Sekretess" in body
    assert "OSL 26 kap. 1 §" in body

    # The registrar of the board may see it, and does.
    client.force_login(rebecka)
    body = client.get(_detail(report)).content.decode()
    assert SECRET_TEXT in body


def test_uploaded_evidence_is_registered_with_its_files_unpublished_by_default(
    client, report, cleaning, anna, pdf_file
):
    requirement = cleaning.requirements.get()
    client.force_login(anna)
    response = _assess(client, report, requirement, upload=[pdf_file("personakt.pdf")])
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Assessment.objects.get().evidence.get()
    assert document.contains_personal_data and not document.files_are_public
    attachment = document.attachments.get()

    client.logout()
    public = reverse(
        "portal:postlista_file",
        kwargs={"document_id": document.pk, "attachment_id": attachment.pk},
    )
    assert client.get(public).status_code == 404


def test_uploaded_evidence_files_are_published_only_when_the_uploader_says_so(
    client, report, cleaning, anna, pdf_file
):
    requirement = cleaning.requirements.get()
    client.force_login(anna)
    response = _assess(
        client, report, requirement, upload=[pdf_file("matning.pdf")], files_public="on"
    )
    assert response.status_code == 302
    document = Assessment.objects.get().evidence.get()
    attachment = document.attachments.get()
    client.logout()
    public = reverse(
        "portal:postlista_file",
        kwargs={"document_id": document.pk, "attachment_id": attachment.pk},
    )
    assert client.get(public).status_code == 200


def test_uploaded_evidence_can_be_secret_with_its_ground(
    client, report, cleaning, anna, pdf_file, ground_social
):
    requirement = cleaning.requirements.get()
    client.force_login(anna)
    documents = Document.objects.count()
    # Secret without a ground: refused beside the field, nothing registered or assessed.
    response = _assess(
        client, report, requirement, upload=[pdf_file("utredning.pdf")], secrecy="secret"
    )
    assert response.status_code == 422
    assert "Ange rättslig grund för sekretessen" in response.content.decode()
    assert Document.objects.count() == documents
    assert not Assessment.objects.exists()

    response = _assess(
        client,
        report,
        requirement,
        upload=[pdf_file("utredning.pdf")],
        secrecy="secret",
        secrecy_ground=ground_social.pk,
    )
    assert response.status_code == 302
    document = Assessment.objects.get().evidence.get()
    assert document.secrecy == Document.Secrecy.SECRET
    assert document.secrecy_ground == ground_social

    # In the postlista it is "Sekretess", and its file is not public.
    client.logout()
    body = client.get(
        reverse("portal:postlista_document", kwargs={"document_id": document.pk})
    ).content.decode()
    assert "Sekretess" in body and "Städfrekvens" not in body
