"""The demo kommun's challenges (utmanarrätt), one at each stage of the process.

Made through the process's own services, as the business guide and the challengers would,
so the demo shows the diarium entries, checklists and e-mails they produce. Every step is
taken today (the services date what they do); only the arrival dates lie in the past.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from insyn.challenges import services as challenge_services
from insyn.challenges.defaults import default_definition_ensure
from insyn.challenges.models import Challenge, ChecklistItem, Meeting, ProcessDefinition, Step
from insyn.core.demo import Kommun, upload
from insyn.core.models import Party, User
from insyn.procurement.models import Procurement


def challenges_load(kommun: Kommun) -> list[Challenge]:
    """Six challenges: just arrived, at the joint meeting, informed, screened out,
    withdrawn, and accepted with its procurement started."""
    # Normally there from the migration; a test database emptied between tests lacks it.
    default_definition_ensure(ProcessDefinition, Step, ChecklistItem)
    return [
        _just_arrived(kommun),
        _at_the_joint_meeting(kommun),
        _formally_challenged(kommun),
        _screened_out(kommun),
        _withdrawn(kommun),
        _accepted(kommun),
    ]


def _submit(
    kommun: Kommun,
    name: str,
    unit: str,
    days_ago: int,
    *,
    quality: str = "",
    price: str = "",
    environment: str = "",
    description: str = "",
    channel: str = Challenge.Channel.WEB,
) -> Challenge:
    """A challenge as it comes in, assigned to the business guide."""
    companies = {party.name: party for party in kommun.parties["company"]}
    party = companies.get(name)
    challenger = challenge_services.Challenger(
        kind=party.kind if party else Party.Kind.PRIVATE_PERSON,
        name=name,
        org_number=party.org_number if party else "",
        contact_person="" if party is None else "Kontaktperson",
        email=party.email if party else "sara.ekstrom@example.se",
    )
    proposal = challenge_services.Proposal(
        activity_unit=kommun.units[unit],
        activity_description=description,
        quality=quality,
        price=price,
        environment=environment,
    )
    received_on = kommun.today - datetime.timedelta(days=days_ago)
    challenge, _created = challenge_services.challenge_submit(
        challenger=challenger,
        proposal=proposal,
        channel=channel,
        registered_by=None if channel == Challenge.Channel.WEB else kommun.users["registrator"],
        received_on=received_on,
        # Registered the day it came in, as the web form and the registrar do.
        registered_on=received_on,
    )
    lots = kommun.users["lots"]
    challenge_services.challenge_assign(challenge=challenge, responsible=lots, user=lots)
    challenge.refresh_from_db()
    return challenge


def _tick_by_hand(challenge: Challenge, user: User) -> None:
    """Tick what the current step leaves to people (insyn ticks the rest itself)."""
    challenge.refresh_from_db()
    done = set(challenge.ticks.values_list("item", flat=True))
    for item in challenge.current_step.checklist.all():  # type: ignore[union-attr]
        if item.pk not in done and not item.action:
            challenge_services.checklist_tick(challenge=challenge, item=item, user=user)


def _advance(challenge: Challenge, user: User) -> None:
    _tick_by_hand(challenge, user)
    following = challenge.current_step.next_steps.order_by("order").first()  # type: ignore[union-attr]
    if following is None:
        raise RuntimeError("The demo follows the default process, which has a next step here.")
    challenge_services.challenge_advance(challenge=challenge, to_step=following, user=user)
    challenge.refresh_from_db()


def _meeting(challenge: Challenge, kind: str, participants: str, notes: str, user: User) -> None:
    challenge_services.meeting_record(
        challenge=challenge,
        kind=kind,
        held_on=timezone.localdate(),
        participants=participants,
        notes=notes,
        files=[],
        user=user,
    )


def _inform_everyone(challenge: Challenge, user: User) -> None:
    challenge_services.stakeholder_information_record(
        challenge=challenge,
        groups=["staff", "union", "users", "relatives"],
        informed_on=timezone.localdate(),
        method="meeting",
        informed_by="Sofia Sektorsdotter",
        note="Informationsmöte på arbetsplatsen och brev till brukare och anhöriga.",
        user=user,
    )


def _meetings(
    challenge: Challenge, user: User, internal: tuple[str, str], joint: tuple[str, str]
) -> None:
    """Steps 1–3: the internal meeting with the sector, then the joint one."""
    _advance(challenge, user)
    _meeting(challenge, Meeting.Kind.INTERNAL, *internal, user)
    _advance(challenge, user)
    _meeting(challenge, Meeting.Kind.JOINT, *joint, user)


def _formal_challenge(challenge: Challenge, user: User, description: str, text: str) -> None:
    """Step 4: the challenger's formal challenge comes in; everyone concerned is told."""
    _advance(challenge, user)
    challenge_services.challenge_document_receive(
        challenge=challenge,
        kind=challenge_services.DocumentKind.FORMAL_CHALLENGE,
        description=description,
        files=[upload("formell_utmaning.pdf", text)],
        registered_by=None,
    )
    _inform_everyone(challenge, user)
    _advance(challenge, user)


def _just_arrived(kommun: Kommun) -> Challenge:
    """Just arrived through the web form, from a private person: step 1."""
    return _submit(
        kommun,
        "Sara Ekström",
        "Kostenheten",
        1,
        quality="Mer närproducerad mat och mindre matsvinn i skolköken.",
        environment="Kortare transporter.",
    )


def _at_the_joint_meeting(kommun: Kommun) -> Challenge:
    """A company at step 3, after the internal meeting with the sector."""
    lots = kommun.users["lots"]
    challenge = _submit(
        kommun,
        "Nordisk Lokalvård AB",
        "Lokalvården",
        12,
        quality="Miljömärkta rengöringsmedel och kvalitetskontroller varje vecka.",
        price="Cirka 8 % lägre kostnad per kvadratmeter.",
    )
    _advance(challenge, lots)
    _meeting(
        challenge,
        Meeting.Kind.INTERNAL,
        "Linus Lotsson, enhetschef för lokalvården, Sofia Sektorsdotter",
        "Utmaningen kan ge högre kvalitet i skolornas lokalvård. Gemensamt möte bokas.",
        lots,
    )
    _advance(challenge, lots)
    return challenge


def _formally_challenged(kommun: Kommun) -> Challenge:
    """At step 5: the formal challenge is in and staff, unions, users and relatives are
    informed."""
    lots = kommun.users["lots"]
    challenge = _submit(
        kommun,
        "Omsorgspartner i Mälardalen AB",
        "Hemtjänst Norr",
        35,
        quality="Fasta team kring varje brukare och färre personer per vecka.",
    )
    _meetings(
        challenge,
        lots,
        ("Linus Lotsson, Sofia Sektorsdotter", "Utmaningen kan ge ökad kontinuitet för brukarna."),
        (
            "Linus Lotsson, Sofia Sektorsdotter, Omsorgspartner i Mälardalen AB",
            "Genomgång av hur hemtjänsten i norra distriktet bedrivs och vad som kan utmanas.",
        ),
    )
    _formal_challenge(
        challenge, lots, "Hemtjänst Norr", "Formell utmaning av hemtjänsten i norra distriktet"
    )
    return challenge


def _screened_out(kommun: Kommun) -> Challenge:
    """Screened out at once: the activity is already run under contract."""
    challenge = _submit(
        kommun,
        "Sjöviks Snöröjning & Entreprenad AB",
        "Gata och park",
        20,
        description="Snöröjning och halkbekämpning i centrala Sjövik",
        price="Lägre pris per utryckning.",
        channel=Challenge.Channel.EMAIL,
    )
    challenge_services.challenge_screen_out(
        challenge=challenge,
        reason="already_contracted",
        motivation=(
            "Snöröjningen i centrala Sjövik utförs redan på entreprenad efter upphandling; "
            "avtalet gäller till och med nästa säsong. Välkommen att lämna anbud när den "
            "upphandlas igen."
        ),
        user=kommun.users["lots"],
    )
    return challenge


def _withdrawn(kommun: Kommun) -> Challenge:
    """Withdrawn by the challenger at the joint meeting."""
    lots = kommun.users["lots"]
    challenge = _submit(
        kommun,
        "Datadrift Norr AB",
        "IT-enheten",
        40,
        price="Drift av kommunens servrar till lägre kostnad.",
    )
    _meetings(
        challenge,
        lots,
        ("Linus Lotsson, IT-chefen", "Möjlig besparing."),
        (
            "Linus Lotsson, IT-chefen, Datadrift Norr AB",
            "Utmanaren fick veta hur driften bedrivs och valde att inte gå vidare.",
        ),
    )
    challenge_services.challenge_withdraw(
        challenge=challenge,
        user=lots,
        message="Vid det gemensamma mötet meddelade utmanaren att de inte går vidare.",
    )
    return challenge


def _accepted(kommun: Kommun) -> Challenge:
    """Accepted by the executive board; the procurement has started (step 8)."""
    lots = kommun.users["lots"]
    challenge = _submit(
        kommun,
        "Grönytor & Park i Sjövik AB",
        "Gata och park",
        90,
        quality="Bättre skötsel av parker och lekplatser.",
        environment="Eldrivna maskiner.",
        price="10 % lägre kostnad.",
    )
    _meetings(
        challenge,
        lots,
        ("Linus Lotsson, parkchefen", "Ökad kvalitet."),
        (
            "Linus Lotsson, parkchefen, Grönytor & Park i Sjövik AB",
            "Genomgång av parkskötseln och avgränsningar.",
        ),
    )
    _formal_challenge(challenge, lots, "Parkskötsel", "Formell utmaning av parkskötseln")
    _impact_analysis(challenge, lots)
    _advance(challenge, lots)
    _advance(challenge, lots)
    challenge_services.decision_record(
        challenge=challenge,
        decided_on=kommun.today,
        paragraph="112",
        outcome="accepted",
        motivation="Utmaningen är seriös och visar tydliga förbättringar av kvalitet och pris.",
        user=kommun.users["namndsekreterare"],
    )
    _inform_everyone(challenge, lots)
    challenge_services.challenge_accept(
        challenge=challenge,
        title="Skötsel av parker och grönytor",
        procedure=Procurement.Procedure.OPEN,
        responsible=kommun.users["upphandlare"],
        user=lots,
    )
    return challenge


def _impact_analysis(challenge: Challenge, user: User) -> None:
    challenge_services.impact_analysis_register(
        challenge=challenge,
        user=user,
        problems="Verksamheten behöver en ny organisation för uppföljning av avtalet.",
        opportunities="Högre kvalitet och lägre kostnad enligt utmanarens förslag.",
        economy="Beräknad besparing cirka 10 % per år.",
        quality="Tydliga kvalitetskrav kan ställas i upphandlingen.",
        environment="Krav på eldrivna maskiner.",
        staff="Personalen erbjuds andra tjänster inom förvaltningen (LAS).",
        recommendation="Kommunstyrelsen föreslås anta utmaningen.",
    )
