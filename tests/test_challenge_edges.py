"""The challenge process at its edges: a private person's own words kept off public PDFs,
a challenge tied to its unit afterwards, letters sent early, a cancelled procurement, the
procurement's own documents, and a closed challenge that no longer changes."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from insyn.challenges import services
from insyn.challenges.models import Action, Decision, Exit
from insyn.core.models import Party, Role
from insyn.notifications.models import OutgoingEmail
from insyn.procurement.models import Procurement
from insyn.registry.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Zelda Hemligssons snöröjning vid Björkvägen"


@pytest.fixture
def staff(ks, tn_unit):
    def person(username, role, **scope):
        user = factories.UserFactory(username=username)
        return factories.assign(user, role, **scope)

    return {
        "lots": person("lotta", Role.BUSINESS_GUIDE),
        "sector": person("sigge", Role.SECTOR_HEAD, unit=tn_unit),
        "secretary": person("sara", Role.BOARD_SECRETARY, board=ks),
        "buyer": person("ulf", Role.PROCUREMENT_OFFICER),
    }


def private_challenge(**proposal):
    challenge, _ = services.challenge_submit(
        challenger=services.Challenger(
            kind=Party.Kind.PRIVATE_PERSON, name="Zelda Hemligsson", phone="070-1"
        ),
        proposal=services.Proposal(
            activity_description=SECRET_WORDS, price="Billigare", **proposal
        ),
    )
    return challenge


def pdf_text(document: Document) -> str:
    data = document.attachments.first().file.read()
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_public_pdfs_never_hold_a_private_persons_description(ks_series, staff):
    challenge = private_challenge()
    analysis = services.impact_analysis_register(
        challenge=challenge,
        user=staff["lots"],
        problems="p",
        opportunities="o",
        economy="e",
        quality="q",
        environment="m",
        staff="s",
    )
    assert analysis.document.files_are_public
    text = pdf_text(analysis.document)
    assert "Konsekvensanalys" in text
    assert "Zelda" not in text and "Björkvägen" not in text


def test_a_described_activity_reaches_its_sector_once_tied_to_a_unit(
    client, ks_series, tn_unit, staff
):
    challenge = private_challenge()
    # No unit: no sector head is told, so the checklist item waits.
    assert "sigge@testby.example" not in OutgoingEmail.objects.values_list("recipient", flat=True)
    assert not challenge.ticks.filter(item__action=Action.LEADERSHIP_NOTIFIED).exists()
    client.force_login(staff["sector"])
    assert client.get(f"/utmanarratt/{challenge.pk}/").status_code == 403

    client.force_login(staff["lots"])
    response = client.post(f"/utmanarratt/{challenge.pk}/verksamhet/", {"set_unit-unit": ""})
    assert response.status_code == 422
    response = client.post(f"/utmanarratt/{challenge.pk}/verksamhet/", {"unit": tn_unit.pk})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.activity_unit == tn_unit
    assert challenge.case.unit == tn_unit
    assert OutgoingEmail.objects.filter(recipient="sigge@testby.example").exists()
    assert challenge.ticks.filter(item__action=Action.LEADERSHIP_NOTIFIED).exists()
    client.force_login(staff["sector"])
    assert client.get(f"/utmanarratt/{challenge.pk}/").status_code == 200
    # The public now sees the unit, still never the challenger's own words.
    public = client.get("/utmaningar/").content.decode()
    assert tn_unit.name in public and "Zelda" not in public and "Björkvägen" not in public


def test_a_letter_ticks_only_its_own_step(ks_series, tn_unit, staff):
    challenge = private_challenge(activity_unit=tn_unit)
    with pytest.raises(ValidationError):
        services.letter_send(
            challenge=challenge,
            purpose="decision",
            subject="Beslut",
            body="...",
            user=staff["lots"],
        )
    services.letter_send(
        challenge=challenge,
        purpose="formal_challenge",
        subject="Tack",
        body="Vi har tagit emot den formella utmaningen.",
        user=staff["lots"],
    )
    # Step 4's item is not ticked by a letter sent in step 1.
    assert not challenge.ticks.filter(item__action=Action.FORMAL_CHALLENGE_CONFIRMED).exists()


def _to_step_8(challenge, staff):
    """Straight to the procurement: the board accepted the challenge."""
    steps = {s.order: s for s in challenge.definition.steps.all()}
    challenge.current_step = steps[7]
    challenge.save()
    services.decision_record(
        challenge=challenge,
        decided_on=datetime.date.today(),
        paragraph="12",
        outcome=Decision.Outcome.ACCEPTED,
        motivation="",
        user=staff["secretary"],
    )
    services.challenge_accept(
        challenge=challenge,
        title="Snöröjning",
        procedure=Procurement.Procedure.OPEN,
        responsible=staff["buyer"],
        user=staff["lots"],
    )
    challenge.refresh_from_db()
    challenge.current_step = steps[8]
    challenge.save()
    return challenge


def test_a_cancelled_procurement_ends_the_process(ks_series, tn_unit, staff):
    challenge = _to_step_8(private_challenge(activity_unit=tn_unit), staff)
    with pytest.raises(ValidationError):
        services.challenge_complete(challenge=challenge, user=staff["lots"])
    services.challenge_procurement_update(
        challenge=challenge, user=staff["buyer"], status=Procurement.Status.CANCELLED
    )
    services.challenge_complete(challenge=challenge, user=staff["lots"])
    challenge.refresh_from_db()
    assert not challenge.is_open and challenge.outcome == Exit.ACCEPTED
    # Closed: the procurement no longer changes through the challenge.
    with pytest.raises(ValidationError):
        services.challenge_procurement_update(
            challenge=challenge, user=staff["buyer"], status=Procurement.Status.PLANNED
        )


def test_procurement_documents_are_registered_tenders_secret(client, ks_series, tn_unit, staff):
    challenge = _to_step_8(private_challenge(activity_unit=tn_unit), staff)
    client.force_login(staff["buyer"])

    def pdf(name):
        return SimpleUploadedFile(name, b"%PDF-1.4\n%x\n", content_type="application/pdf")

    url = f"/utmanarratt/{challenge.pk}/upphandling/handling/"
    response = client.post(url, {"kind": "tender", "attachments": pdf("anbud.pdf")})
    assert response.status_code == 422  # the tenderer is missing
    response = client.post(
        url,
        {
            "kind": "tender",
            "counterpart_name": "Plogbolaget AB",
            "counterpart_org_number": "556045-6781",
            "attachments": pdf("anbud.pdf"),
        },
    )
    assert response.status_code == 302
    tender = challenge.case.documents.order_by("-sequence").first()
    assert tender.secrecy == Document.Secrecy.SECRET
    assert tender.secrecy_ground.chapter == 19
    postlista = client.get("/postlista/").content.decode()
    assert "Plogbolaget" not in postlista

    # A supplier that is new to insyn, given on the procurement form.
    response = client.post(
        f"/utmanarratt/{challenge.pk}/upphandling/status/",
        {
            "status": Procurement.Status.CONTRACT_SIGNED,
            "evaluated_on": datetime.date.today().isoformat(),
            "contract_signed_on": datetime.date.today().isoformat(),
            "supplier_name": "Plogbolaget AB",
            "supplier_org_number": "556045-6781",
        },
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.procurement.supplier.org_number == "556045-6781"
    assert challenge.ticks.filter(item__action=Action.CONTRACT_SIGNED).exists()
