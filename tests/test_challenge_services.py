"""The challenge process at the service layer: the default definition from arrival to a
signed contract, with what lands in the diarium and the outbox at each step."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from insyn.challenges import services
from insyn.challenges.models import Action, Decision, Exit, Meeting, ProcessDefinition
from insyn.core.models import Party, Role
from insyn.notifications.models import OutgoingEmail
from insyn.procurement.models import Procurement
from insyn.registry.models import Document
from tests import factories


@pytest.fixture
def people(ks, ks_unit, tn_unit):
    def person(username, role, **scope):
        user = factories.UserFactory(username=username, first_name=username.title())
        return factories.assign(user, role, **scope)

    return {
        "lots": person("lisa", Role.BUSINESS_GUIDE, unit=ks_unit),
        "ceo": person("karin", Role.CHIEF_EXECUTIVE),
        "secretary": person("sam", Role.BOARD_SECRETARY, board=ks),
        "sector": person("sven", Role.SECTOR_HEAD, unit=tn_unit),
        "buyer": person("ulla", Role.PROCUREMENT_OFFICER),
    }


def submit(tn_unit, **overrides):
    challenger = services.Challenger(
        kind=overrides.pop("kind", Party.Kind.COMPANY),
        name=overrides.pop("name", "Grönytor i Testby AB"),
        org_number=overrides.pop("org_number", "556045-6781"),
        email=overrides.pop("email", "info@gronytor.example"),
        phone=overrides.pop("phone", ""),
    )
    proposal = services.Proposal(
        activity_unit=tn_unit, quality="Bättre skötsel av parkerna", price="10 % lägre"
    )
    return services.challenge_submit(challenger=challenger, proposal=proposal, **overrides)


def tick_all(challenge, user):
    challenge.refresh_from_db()
    done = set(challenge.ticks.values_list("item", flat=True))
    for item in challenge.current_step.checklist.all():
        if item.pk not in done and not item.action:
            services.checklist_tick(challenge=challenge, item=item, user=user)


def inform_everyone(challenge, user):
    services.stakeholder_information_record(
        challenge=challenge,
        groups=["staff", "union", "users", "relatives"],
        informed_on=datetime.date.today(),
        method="meeting",
        informed_by="Sven",
        note="",
        user=user,
    )


@pytest.mark.django_db(transaction=False)
def test_the_default_path_from_notification_to_contract(ks_series, tn_unit, people):
    lots, secretary, buyer = people["lots"], people["secretary"], people["buyer"]
    challenge, created = submit(tn_unit, submission_key="k1")
    assert created
    first = challenge.case.documents.get()
    assert first.direction == Document.Direction.INCOMING
    assert first.attachments.count() == 1  # the form as a PDF
    assert first.attachments.get().file.read(5) == b"%PDF-"
    assert challenge.current_step.order == 1
    # Registered, leadership told and receipt confirmed are recorded by insyn itself.
    actions = set(challenge.ticks.values_list("item__action", flat=True))
    assert {Action.REGISTERED, Action.LEADERSHIP_NOTIFIED, Action.RECEIPT_CONFIRMED} <= actions
    recipients = set(OutgoingEmail.objects.values_list("recipient", flat=True))
    assert {"karin@testby.example", "sam@testby.example", "sven@testby.example"} <= recipients
    assert "info@gronytor.example" in recipients
    assert (
        OutgoingEmail.objects.filter(case=challenge.case).count() == OutgoingEmail.objects.count()
    )

    # Same form again: nothing new.
    again, created = submit(tn_unit, submission_key="k1")
    assert (again.pk, created) == (challenge.pk, False)

    steps = {s.order: s for s in challenge.definition.steps.all()}
    tick_all(challenge, lots)
    services.challenge_advance(challenge=challenge, to_step=steps[2], user=lots)
    with pytest.raises(ValidationError):
        services.challenge_advance(challenge=challenge, to_step=steps[3], user=lots)
    tick_all(challenge, lots)
    services.meeting_record(
        challenge=challenge,
        kind=Meeting.Kind.INTERNAL,
        held_on=datetime.date.today(),
        participants="Lisa, Sven",
        notes="Möjlig kvalitetshöjning",
        files=[],
        user=lots,
    )
    services.challenge_advance(challenge=challenge, to_step=steps[3], user=lots)
    services.meeting_record(
        challenge=challenge,
        kind=Meeting.Kind.JOINT,
        held_on=datetime.date.today(),
        participants="Lisa, Sven, utmanaren",
        notes="Genomgång",
        files=[],
        user=lots,
    )
    tick_all(challenge, lots)
    services.challenge_advance(challenge=challenge, to_step=steps[4], user=lots)
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.challenge_document_receive(
        challenge=challenge,
        kind=services.DocumentKind.FORMAL_CHALLENGE,
        description="",
        files=[SimpleUploadedFile("formell.pdf", b"%PDF-1.4\n", content_type="application/pdf")],
        registered_by=None,
    )
    inform_everyone(challenge, lots)
    tick_all(challenge, lots)
    services.challenge_advance(challenge=challenge, to_step=steps[5], user=lots)
    services.impact_analysis_register(
        challenge=challenge,
        user=lots,
        problems="p",
        opportunities="o",
        economy="e",
        quality="q",
        environment="m",
        staff="s",
    )
    tick_all(challenge, lots)
    services.challenge_advance(challenge=challenge, to_step=steps[6], user=lots)
    tick_all(challenge, lots)
    services.challenge_advance(challenge=challenge, to_step=steps[7], user=lots)
    with pytest.raises(ValidationError):
        services.challenge_advance(challenge=challenge, to_step=steps[8], user=lots)
    services.decision_record(
        challenge=challenge,
        decided_on=datetime.date.today(),
        paragraph="45",
        outcome=Decision.Outcome.ACCEPTED,
        motivation="",
        user=secretary,
    )
    inform_everyone(challenge, lots)
    procurement = services.challenge_accept(
        challenge=challenge,
        title="Skötsel av parker",
        procedure=Procurement.Procedure.OPEN,
        responsible=buyer,
        user=lots,
    )
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.ACCEPTED
    assert challenge.current_step.order == 8
    assert procurement.case == challenge.case
    supplier = Party.objects.create(kind=Party.Kind.COMPANY, name="Vinnaren AB")
    today = datetime.date.today()
    services.challenge_procurement_update(
        challenge=challenge,
        user=buyer,
        status=Procurement.Status.CONTRACT_SIGNED,
        evaluated_on=today,
        awarded_on=today,
        contract_signed_on=today,
        supplier=supplier,
    )
    inform_everyone(challenge, lots)
    services.challenge_complete(challenge=challenge, user=lots)
    challenge.refresh_from_db()
    assert not challenge.is_open
    assert not challenge.case.is_open
    descriptions = list(challenge.case.documents.values_list("description", flat=True))
    assert len(descriptions) == 6, descriptions


@pytest.mark.django_db
def test_withdrawal_and_screening_out(ks_series, tn_unit, people):
    lots = people["lots"]
    challenge, _ = submit(tn_unit)
    services.challenge_withdraw(challenge=challenge, user=None, message="Vi avstår")
    challenge.refresh_from_db()
    assert challenge.outcome == Exit.WITHDRAWN and not challenge.is_open
    withdrawal = challenge.case.documents.order_by("sequence").last()
    assert challenge.case.documents.count() == 2
    assert withdrawal.direction == Document.Direction.INCOMING
    assert withdrawal.attachments.get().file.read(5) == b"%PDF-"

    other, _ = submit(tn_unit, email="", phone="070-123 45 67")
    services.challenge_screen_out(
        challenge=other, reason="public_authority", motivation="Myndighetsutövning", user=lots
    )
    other.refresh_from_db()
    assert other.outcome == Exit.SCREENED_OUT
    assert other.case.documents.filter(direction=Document.Direction.OUTGOING).count() == 1


@pytest.mark.django_db
def test_running_challenge_keeps_its_definition(ks_series, tn_unit, people):
    challenge, _ = submit(tn_unit)
    old = ProcessDefinition.objects.get(status="active")
    old.status = "retired"
    old.save()
    ProcessDefinition.objects.create(name="Ny", version=2, status="active")
    challenge.refresh_from_db()
    assert challenge.definition == old


@pytest.mark.django_db
def test_what_is_recorded_is_swedish_whatever_the_visitors_language(client, ks_series, tn_unit):
    """A visitor whose browser asks for English still gets a Swedish diarium: titles,
    descriptions and e-mail are the kommun's records, not the page's language."""
    from django.urls import reverse
    from django.utils import translation

    from insyn.challenges.public_forms import new_submission_key

    response = client.post(
        reverse("portal:challenge_form"),
        {
            "challenger_kind": "company",
            "name": "Parkbolaget AB",
            "org_number": "556045-6781",
            "email": "info@parkbolaget.example",
            "activity_unit": tn_unit.pk,
            "improvement_quality": "Bättre skötsel",
            "submission_key": new_submission_key(),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    document = Document.objects.get()
    with translation.override("sv"):
        swedish = translation.gettext("Notification of a challenge (intresseanmälan)")
    assert swedish != "Notification of a challenge (intresseanmälan)"
    assert document.description == swedish
    assert document.case.title.startswith("Utmaning")
    receipt = OutgoingEmail.objects.get(recipient="info@parkbolaget.example")
    assert "Vi har tagit emot din utmaning" in receipt.subject

    access = client.post(
        reverse("portal:access_request"),
        {"requested": "Protokollet", "delivery": "email", "email": "a@example.se"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert access.status_code == 302
    request_document = Document.objects.exclude(pk=document.pk).get()
    assert request_document.description.startswith("Begäran")
