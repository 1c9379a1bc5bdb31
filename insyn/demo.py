"""The demo kommun: a realistic organisation, its parties and two years of diarium.

Loaded by `make run` and `insyn demo`. Everything goes through the same services as real
registrations, so the demo also exercises numbering, masking and history.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from insyn.challenges import services as challenge_services
from insyn.challenges.defaults import default_definition_ensure
from insyn.challenges.models import Challenge, ChecklistItem, Meeting, ProcessDefinition, Step
from insyn.core.calendar import working_days_in
from insyn.core.models import Board, Organisation, Party, Role, RoleAssignment, Unit, User
from insyn.procurement.models import Procurement
from insyn.registry import services as registry
from insyn.registry.defaults import secrecy_grounds_ensure
from insyn.registry.models import Case, Document, SecrecyGround, Series

# Printed at start; demo data only.
DEMO_PASSWORD = "insyn-demo"


def org_number(prefix: str) -> str:
    """A valid organisation number from nine digits (the tenth is the Luhn check digit)."""
    return f"{prefix[:6]}-{prefix[6:]}{luhn.calc_check_digit(prefix)}"


BOARDS = [
    ("KS", "Kommunstyrelsen", Board.Kind.EXECUTIVE),
    ("VON", "Vård- och omsorgsnämnden", Board.Kind.COMMITTEE),
    ("TN", "Tekniska nämnden", Board.Kind.COMMITTEE),
    ("SN", "Servicenämnden", Board.Kind.COMMITTEE),
    ("BUN", "Barn- och utbildningsnämnden", Board.Kind.COMMITTEE),
]

# board -> (administration, [(unit, in-house provider, [(sub-unit, in-house provider)])])
UNITS: dict[str, tuple[str, list[tuple[str, bool, list[tuple[str, bool]]]]]] = {
    "KS": ("Kommunledningsförvaltningen", [
        ("Kansliavdelningen", False, []),
        ("Näringslivsenheten", False, []),
        ("Ekonomiavdelningen", False, []),
        ("Upphandlingsenheten", False, []),
    ]),
    "VON": ("Vård- och omsorgsförvaltningen", [
        ("Sektor hemtjänst", False, [("Hemtjänst Norr", True), ("Hemtjänst Söder", True)]),
        ("Sektor särskilt boende", False, [("Ekbackens vård- och omsorgsboende", True)]),
        ("Myndighetsenheten", False, []),
    ]),
    "TN": ("Tekniska förvaltningen", [
        ("Gata och park", True, []),
        ("Vatten och avlopp", True, []),
        ("Fastighetsavdelningen", False, []),
    ]),
    "SN": ("Serviceförvaltningen", [
        ("Kostenheten", True, []),
        ("Lokalvården", True, []),
        ("IT-enheten", True, []),
        ("Servicekontoret", True, []),
    ]),
    "BUN": ("Barn- och utbildningsförvaltningen", [
        ("Förskolan Solrosen", True, []),
        ("Sjöviksskolan", True, []),
        ("Elevhälsan", False, []),
    ]),
}  # fmt: skip

COMPANIES = [
    ("Nordisk Lokalvård AB", "556712345", Party.Kind.COMPANY),
    ("Sjöviks Snöröjning & Entreprenad AB", "556823456", Party.Kind.COMPANY),
    ("Omsorgspartner i Mälardalen AB", "556934567", Party.Kind.COMPANY),
    ("Kostkompaniet Sverige AB", "559012345", Party.Kind.COMPANY),
    ("Datadrift Norr AB", "559123456", Party.Kind.COMPANY),
    ("Grönytor & Park i Sjövik AB", "556045678", Party.Kind.COMPANY),
    ("Stadsmissionen i Sjövik", "802456789", Party.Kind.NONPROFIT),
    ("Föreningen Vägen ut", "802567890", Party.Kind.NONPROFIT),
    ("Sjöviks Idrottsallians", "802678901", Party.Kind.NONPROFIT),
    ("Länsstyrelsen i Exempellän", "202100123", Party.Kind.PUBLIC_BODY),
    ("Inspektionen för vård och omsorg", "202100589", Party.Kind.PUBLIC_BODY),
    ("Skolinspektionen", "202100613", Party.Kind.PUBLIC_BODY),
]

PRIVATE_PERSONS = [
    "Anna Lindqvist", "Erik Johansson", "Maria Nilsson", "Lars Karlsson", "Fatima Hassan",
    "Johan Berg", "Karin Holm", "Ahmed Ali", "Sara Ekström", "Per Sandberg",
]  # fmt: skip

USERS = [
    ("registrator", "Rebecka", "Registrator", Role.REGISTRAR, None),
    ("lots", "Linus", "Lotsson", Role.BUSINESS_GUIDE, "Näringslivsenheten"),
    ("sektorchef", "Sofia", "Sektorsdotter", Role.SECTOR_HEAD, "Sektor hemtjänst"),
    ("forvaltningschef", "Fredrik", "Förvaltare", Role.ADMINISTRATION_HEAD, "Vård- och omsorgsförvaltningen"),
    ("kommundirektor", "Karin", "Direktör", Role.CHIEF_EXECUTIVE, None),
    ("namndsekreterare", "Nils", "Nämndsson", Role.BOARD_SECRETARY, "Kansliavdelningen"),
    ("upphandlare", "Ulla", "Upphandlare", Role.PROCUREMENT_OFFICER, "Upphandlingsenheten"),
    ("avtalsansvarig", "Anders", "Avtalsson", Role.CONTRACT_MANAGER, "Sektor hemtjänst"),
    ("tjansteagare", "Tove", "Tjänstedotter", Role.SERVICE_OWNER, "Serviceförvaltningen"),
    ("utforare", "Ulf", "Utförare", Role.PROVIDER, "Servicekontoret"),
    ("ekonom", "Elin", "Ekonom", Role.ECONOMIST, "Ekonomiavdelningen"),
    ("admin", "Adam", "Administratör", Role.ADMINISTRATOR, None),
]  # fmt: skip


@dataclass(frozen=True)
class Topic:
    board: str
    unit: str
    title: str
    first: tuple[str, str]  # (direction, description)
    followups: tuple[tuple[str, str], ...]
    counterpart: str = "company"  # company, nonprofit, public_body, private_person, none
    secret: str = ""  # "", "secret" or "partial"
    ground: tuple[int, str] | None = None


TOPICS = [
    Topic("KS", "Näringslivsenheten", "Utmaning enligt utmanarrätten – lokalvård i kommunhuset",
          ("incoming", "Intresseanmälan om utmaning av lokalvården i kommunhuset"),
          (("outgoing", "Bekräftelse av mottagen utmaning"),
           ("drawn_up", "Minnesanteckningar från internt möte om utmaningen"),
           ("drawn_up", "Konsekvensanalys av utmaningen"))),
    Topic("KS", "Upphandlingsenheten", "Upphandling av snöröjning och halkbekämpning",
          ("drawn_up", "Förfrågningsunderlag för snöröjning och halkbekämpning"),
          (("incoming", "Anbud avseende snöröjning"), ("drawn_up", "Anbudsöppningsprotokoll"),
           ("outgoing", "Tilldelningsbeslut snöröjning")),
          secret="partial", ground=(19, "3")),
    Topic("KS", "Kansliavdelningen", "Motion om fler laddstolpar vid kommunens anläggningar",
          ("incoming", "Motion om laddstolpar för elbilar"),
          (("drawn_up", "Tjänsteskrivelse om laddinfrastruktur"), ("drawn_up", "Protokollsutdrag KS §")),
          counterpart="none"),
    Topic("KS", "Kansliavdelningen", "Medborgarförslag om belysning längs gång- och cykelväg",
          ("incoming", "Medborgarförslag om bättre belysning på cykelvägen till skolan"),
          (("outgoing", "Svar på medborgarförslag"),), counterpart="private_person"),
    Topic("KS", "Ekonomiavdelningen", "Delårsrapport och budgetuppföljning",
          ("drawn_up", "Delårsrapport per augusti med prognos"),
          (("outgoing", "Delårsrapport till revisorerna"),), counterpart="none"),
    Topic("KS", "Näringslivsenheten", "Idéburet offentligt partnerskap om stöd till nyanlända",
          ("incoming", "Ansökan om idéburet offentligt partnerskap"),
          (("drawn_up", "Avsiktsförklaring om partnerskap"), ("outgoing", "Beslut om IOP-avtal")),
          counterpart="nonprofit"),
    Topic("VON", "Myndighetsenheten", "Ansökan om bistånd enligt socialtjänstlagen",
          ("incoming", "Ansökan om hemtjänstinsatser"),
          (("drawn_up", "Utredning om behov av insatser"), ("outgoing", "Beslut om bistånd")),
          counterpart="private_person", secret="secret", ground=(26, "1")),
    Topic("VON", "Sektor hemtjänst", "Rapport enligt lex Sarah",
          ("drawn_up", "Rapport om missförhållande i hemtjänsten"),
          (("drawn_up", "Utredning av rapporterat missförhållande"),
           ("outgoing", "Anmälan till Inspektionen för vård och omsorg")),
          counterpart="none", secret="secret", ground=(26, "1")),
    Topic("VON", "Sektor hemtjänst", "Uppföljning av avtal om hemtjänst enligt LOV",
          ("drawn_up", "Uppföljningsplan för hemtjänst i valfrihetssystem"),
          (("outgoing", "Begäran om underlag till uppföljning"), ("incoming", "Underlag för årlig uppföljning"),
           ("drawn_up", "Uppföljningsrapport med handlingsplan"))),
    Topic("VON", "Ekbackens vård- och omsorgsboende", "Tillsyn från Inspektionen för vård och omsorg",
          ("incoming", "Beslut om tillsyn av särskilt boende"),
          (("outgoing", "Yttrande över tillsynsbeslut"),), counterpart="public_body"),
    Topic("VON", "Sektor hemtjänst", "Synpunkt på hemtjänstens kvalitet",
          ("incoming", "Synpunkt på tider för hemtjänstbesök"),
          (("outgoing", "Svar på synpunkt"),), counterpart="private_person"),
    Topic("TN", "Gata och park", "Upphandling av parkskötsel",
          ("drawn_up", "Behovsanalys inför upphandling av parkskötsel"),
          (("incoming", "Anbud avseende parkskötsel"), ("outgoing", "Avtal om parkskötsel"))),
    Topic("TN", "Gata och park", "Felanmälan och skadeståndsanspråk – halka",
          ("incoming", "Skadeståndsanspråk efter halkolycka på trottoar"),
          (("outgoing", "Besked om skadeståndsanspråk"),), counterpart="private_person"),
    Topic("TN", "Vatten och avlopp", "Samråd om vattenskyddsområde",
          ("incoming", "Remiss om vattenskyddsområde från länsstyrelsen"),
          (("outgoing", "Remissvar om vattenskyddsområde"),), counterpart="public_body"),
    Topic("TN", "Fastighetsavdelningen", "Säkerhetsåtgärder i kommunhuset",
          ("drawn_up", "Plan för skalskydd och passersystem"),
          (("drawn_up", "Riskanalys för kommunhuset"),), counterpart="none",
          secret="secret", ground=(18, "8")),
    Topic("SN", "Kostenheten", "Uppföljning av livsmedelsavtal",
          ("drawn_up", "Uppföljning av avtal om livsmedel till skolkök"),
          (("incoming", "Leverantörens svar på avvikelser"), ("drawn_up", "Handlingsplan för leveransprecision"))),
    Topic("SN", "IT-enheten", "Tjänsteavtal om IT-stöd mellan servicenämnden och förvaltningarna",
          ("drawn_up", "Tjänsteavtal IT-stöd med servicenivåer"),
          (("drawn_up", "Prislista för IT-tjänster"), ("outgoing", "Debiteringsunderlag per förvaltning")),
          counterpart="none"),
    Topic("SN", "Lokalvården", "Utmaning av lokalvård i skolor",
          ("incoming", "Formell utmaning av lokalvården i kommunens skolor"),
          (("outgoing", "Bekräftelse av formell utmaning"),
           ("drawn_up", "Information till personal och fackliga företrädare"))),
    Topic("BUN", "Elevhälsan", "Anmälan om kränkande behandling",
          ("incoming", "Anmälan om kränkande behandling av elev"),
          (("drawn_up", "Utredning av kränkande behandling"),),
          counterpart="private_person", secret="secret", ground=(23, "2")),
    Topic("BUN", "Sjöviksskolan", "Skolinspektionens tillsyn",
          ("incoming", "Beslut efter tillsyn av Sjöviksskolan"),
          (("outgoing", "Redovisning av vidtagna åtgärder"),), counterpart="public_body"),
    Topic("BUN", "Förskolan Solrosen", "Köp av förskoleplatser hos fristående huvudman",
          ("incoming", "Ansökan om bidrag från fristående förskola"),
          (("outgoing", "Beslut om bidragsbelopp"),), counterpart="nonprofit"),
    Topic("BUN", "Sjöviksskolan", "Synpunkt på skolskjutsar",
          ("incoming", "Synpunkt om skolskjutsens hämtningstider"),
          (("outgoing", "Svar på synpunkt om skolskjuts"),), counterpart="private_person"),
]  # fmt: skip


def pdf_bytes(text: str) -> bytes:
    """A small, valid one-page PDF with a line of text."""
    safe = text.encode("latin-1", "replace").decode("latin-1").replace("(", "[").replace(")", "]")
    content = f"BT /F1 12 Tf 72 760 Td ({safe}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@transaction.atomic
def load(*, seed: int = 2026, cases: int = 95) -> dict[str, int]:
    """Create the demo kommun. Refuses to run twice on the same database."""
    if Organisation.objects.exists():
        raise RuntimeError("The database already holds an organisation; the demo is not loaded.")
    rng = random.Random(seed)
    organisation = Organisation.objects.create(
        name="Sjöviks kommun",
        org_number=org_number("212000999"),
        email="kommun@sjovik.example",
        phone="0123-45 00 00",
        address="Storgatan 1, 123 45 Sjövik",
    )
    boards: dict[str, Board] = {}
    units: dict[str, Unit] = {}
    for code, name, kind in BOARDS:
        boards[code] = Board.objects.create(
            organisation=organisation, code=code, name=name, kind=kind
        )
        Series.objects.create(board=boards[code], prefix=code, name=name)
        administration, children = UNITS[code]
        top = Unit.objects.create(
            board=boards[code], name=administration, kind=Unit.Kind.ADMINISTRATION
        )
        units[administration] = top
        for child, in_house, grandchildren in children:
            unit_kind = (
                Unit.Kind.SECTOR if grandchildren or child.startswith("Sektor") else Unit.Kind.UNIT
            )
            units[child] = Unit.objects.create(
                board=boards[code],
                parent=top,
                name=child,
                kind=unit_kind,
                delivers_in_house=in_house,
            )
            for grandchild, grand_in_house in grandchildren:
                units[grandchild] = Unit.objects.create(
                    board=boards[code],
                    parent=units[child],
                    name=grandchild,
                    kind=Unit.Kind.UNIT,
                    delivers_in_house=grand_in_house,
                )

    parties: dict[str, list[Party]] = {"company": [], "nonprofit": [], "public_body": []}
    for name, digits, party_kind in COMPANIES:
        party = Party.objects.create(
            kind=party_kind,
            name=name,
            org_number=org_number(digits),
            nonprofit_registered=party_kind == Party.Kind.NONPROFIT,
            email=f"info@{name.split()[0].lower()}.example",
        )
        parties[party_kind].append(party)

    users: dict[str, User] = {}
    for username, first, last, role, unit_name in USERS:
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=f"{username}@sjovik.example",
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        RoleAssignment.objects.create(user=user, role=role, unit=units.get(unit_name or ""))
        users[username] = user
    # Normally there from the migration; a test database emptied between tests lacks them.
    secrecy_grounds_ensure(SecrecyGround)
    grounds = {(g.chapter, g.section): g for g in SecrecyGround.objects.all()}
    series = {s.prefix: s for s in Series.objects.all()}

    today = timezone.localdate()
    days = working_days_in(today - datetime.timedelta(days=730), today)
    events: list[tuple[datetime.date, int, int]] = []  # (day, case index, step)
    plans = []
    for index in range(cases):
        topic = TOPICS[index % len(TOPICS)]
        start = rng.randrange(0, len(days) - 1)
        steps = 1 + rng.randint(max(0, len(topic.followups) - 2), len(topic.followups))
        offsets = sorted(rng.randint(5, 90) for _ in range(steps - 1))
        plans.append(topic)
        events.append((days[start], index, 0))
        for step, offset in enumerate(offsets, start=1):
            day = days[min(start + offset, len(days) - 1)]
            events.append((day, index, step))
    events.sort()

    opened: dict[int, Case] = {}
    for day, index, step in events:
        topic = plans[index]
        direction, description = topic.first if step == 0 else topic.followups[step - 1]
        person = rng.choice(PRIVATE_PERSONS)
        counterpart = _counterpart(topic, direction, person, parties, rng)
        secrecy = Document.Secrecy.PUBLIC
        mask_counterpart = mask_description = False
        if topic.secret == "secret":
            secrecy = Document.Secrecy.SECRET
        elif topic.secret == "partial" and direction == "incoming":
            secrecy, mask_counterpart = Document.Secrecy.PARTIAL, True
        files = []
        if rng.random() < 0.6:
            files.append(
                SimpleUploadedFile(
                    f"{description[:40].replace(' ', '_')}.pdf",
                    pdf_bytes(description),
                    content_type="application/pdf",
                )
            )
        fields: dict[str, Any] = {
            "direction": direction,
            "description": description,
            "document_date": day,
            "counterpart": counterpart,
            "secrecy": secrecy,
            "secrecy_ground": grounds.get(topic.ground) if topic.ground else None,
            "mask_counterpart": mask_counterpart,
            "mask_description": mask_description,
            "registered_on": day,
            "files": files,
        }
        officer = users[rng.choice(["lots", "sektorchef", "avtalsansvarig", "upphandlare"])]
        if step == 0:
            document = registry.case_register_with_document(
                series=series[topic.board],
                title=topic.title,
                registered_by=users["registrator"],
                unit=units[topic.unit],
                case_officer=officer,
                public_title="Ärende enligt socialtjänstlagen"
                if topic.secret == "secret" and topic.board == "VON"
                else "",
                **fields,
            )
            opened[index] = document.case
        else:
            document = registry.document_register(
                case=opened[index], registered_by=users["registrator"], **fields
            )

    # A few cases are finished and closed, as in any real diarium.
    for case in list(opened.values())[: cases // 3]:
        registry.case_close(case=case, closed_by=users["registrator"], note="Ärendet är avslutat.")
    challenges = _challenges(users=users, units=units, parties=parties, today=today)
    return {
        "boards": len(boards),
        "units": len(units),
        "cases": Case.objects.count(),
        "documents": Document.objects.count(),
        "challenges": len(challenges),
    }


# --- Challenges (utmanarrätt) ---------------------------------------------------------
#
# Made through the process's own services, as the business guide and the challengers would,
# so the demo shows the diarium entries, checklists and e-mails they produce. Every step is
# taken today (the services date what they do); only the arrival dates lie in the past.


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


def _challenges(
    *,
    users: dict[str, User],
    units: dict[str, Unit],
    parties: dict[str, list[Party]],
    today: datetime.date,
) -> list[Challenge]:
    # Normally there from the migration; a test database emptied between tests lacks it.
    default_definition_ensure(ProcessDefinition, Step, ChecklistItem)
    lots = users["lots"]
    companies = {party.name: party for party in parties["company"]}

    def submit(
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
        party = companies.get(name)
        challenger = challenge_services.Challenger(
            kind=party.kind if party else Party.Kind.PRIVATE_PERSON,
            name=name,
            org_number=party.org_number if party else "",
            contact_person="" if party is None else "Kontaktperson",
            email=party.email if party else "sara.ekstrom@example.se",
        )
        proposal = challenge_services.Proposal(
            activity_unit=units[unit],
            activity_description=description,
            quality=quality,
            price=price,
            environment=environment,
        )
        challenge, _created = challenge_services.challenge_submit(
            challenger=challenger,
            proposal=proposal,
            channel=channel,
            registered_by=None if channel == Challenge.Channel.WEB else users["registrator"],
            received_on=today - datetime.timedelta(days=days_ago),
        )
        challenge_services.challenge_assign(challenge=challenge, responsible=lots, user=lots)
        challenge.refresh_from_db()
        return challenge

    made = []

    # 1. Just arrived through the web form, from a private person: step 1.
    made.append(
        submit(
            "Sara Ekström",
            "Kostenheten",
            1,
            quality="Mer närproducerad mat och mindre matsvinn i skolköken.",
            environment="Kortare transporter.",
        )
    )

    # 2. A company at step 3, after the internal meeting with the sector.
    second = submit(
        "Nordisk Lokalvård AB",
        "Lokalvården",
        12,
        quality="Miljömärkta rengöringsmedel och kvalitetskontroller varje vecka.",
        price="Cirka 8 % lägre kostnad per kvadratmeter.",
    )
    _advance(second, lots)
    _meeting(
        second,
        Meeting.Kind.INTERNAL,
        "Linus Lotsson, enhetschef för lokalvården, Sofia Sektorsdotter",
        "Utmaningen kan ge högre kvalitet i skolornas lokalvård. Gemensamt möte bokas.",
        lots,
    )
    _advance(second, lots)
    made.append(second)

    # 3. At step 5: the formal challenge is in and staff, unions, users and relatives are
    # informed.
    third = submit(
        "Omsorgspartner i Mälardalen AB",
        "Hemtjänst Norr",
        35,
        quality="Fasta team kring varje brukare och färre personer per vecka.",
    )
    _advance(third, lots)
    _meeting(
        third,
        Meeting.Kind.INTERNAL,
        "Linus Lotsson, Sofia Sektorsdotter",
        "Utmaningen kan ge ökad kontinuitet för brukarna.",
        lots,
    )
    _advance(third, lots)
    _meeting(
        third,
        Meeting.Kind.JOINT,
        "Linus Lotsson, Sofia Sektorsdotter, Omsorgspartner i Mälardalen AB",
        "Genomgång av hur hemtjänsten i norra distriktet bedrivs och vad som kan utmanas.",
        lots,
    )
    _advance(third, lots)
    challenge_services.challenge_document_receive(
        challenge=third,
        kind=challenge_services.DocumentKind.FORMAL_CHALLENGE,
        description="Hemtjänst Norr",
        files=[
            SimpleUploadedFile(
                "formell_utmaning.pdf",
                pdf_bytes("Formell utmaning av hemtjänsten i norra distriktet"),
                content_type="application/pdf",
            )
        ],
        registered_by=None,
    )
    _inform_everyone(third, lots)
    _advance(third, lots)
    made.append(third)

    # 4. Screened out at once: the activity is already run under contract.
    fourth = submit(
        "Sjöviks Snöröjning & Entreprenad AB",
        "Gata och park",
        20,
        description="Snöröjning och halkbekämpning i centrala Sjövik",
        price="Lägre pris per utryckning.",
        channel=Challenge.Channel.EMAIL,
    )
    challenge_services.challenge_screen_out(
        challenge=fourth,
        reason="already_contracted",
        motivation=(
            "Snöröjningen i centrala Sjövik utförs redan på entreprenad efter upphandling; "
            "avtalet gäller till och med nästa säsong. Välkommen att lämna anbud när den "
            "upphandlas igen."
        ),
        user=lots,
    )
    made.append(fourth)

    # 5. Withdrawn by the challenger at the joint meeting.
    fifth = submit(
        "Datadrift Norr AB",
        "IT-enheten",
        40,
        price="Drift av kommunens servrar till lägre kostnad.",
    )
    _advance(fifth, lots)
    _meeting(fifth, Meeting.Kind.INTERNAL, "Linus Lotsson, IT-chefen", "Möjlig besparing.", lots)
    _advance(fifth, lots)
    _meeting(
        fifth,
        Meeting.Kind.JOINT,
        "Linus Lotsson, IT-chefen, Datadrift Norr AB",
        "Utmanaren fick veta hur driften bedrivs och valde att inte gå vidare.",
        lots,
    )
    challenge_services.challenge_withdraw(
        challenge=fifth,
        user=lots,
        message="Vid det gemensamma mötet meddelade utmanaren att de inte går vidare.",
    )
    made.append(fifth)

    # 6. Accepted by the executive board; the procurement has started (step 8).
    sixth = submit(
        "Grönytor & Park i Sjövik AB",
        "Gata och park",
        90,
        quality="Bättre skötsel av parker och lekplatser.",
        environment="Eldrivna maskiner.",
        price="10 % lägre kostnad.",
    )
    _advance(sixth, lots)
    _meeting(sixth, Meeting.Kind.INTERNAL, "Linus Lotsson, parkchefen", "Ökad kvalitet.", lots)
    _advance(sixth, lots)
    _meeting(
        sixth,
        Meeting.Kind.JOINT,
        "Linus Lotsson, parkchefen, Grönytor & Park i Sjövik AB",
        "Genomgång av parkskötseln och avgränsningar.",
        lots,
    )
    _advance(sixth, lots)
    challenge_services.challenge_document_receive(
        challenge=sixth,
        kind=challenge_services.DocumentKind.FORMAL_CHALLENGE,
        description="Parkskötsel",
        files=[
            SimpleUploadedFile(
                "formell_utmaning.pdf",
                pdf_bytes("Formell utmaning av parkskötseln"),
                content_type="application/pdf",
            )
        ],
        registered_by=None,
    )
    _inform_everyone(sixth, lots)
    _advance(sixth, lots)
    challenge_services.impact_analysis_register(
        challenge=sixth,
        user=lots,
        problems="Verksamheten behöver en ny organisation för uppföljning av avtalet.",
        opportunities="Högre kvalitet och lägre kostnad enligt utmanarens förslag.",
        economy="Beräknad besparing cirka 10 % per år.",
        quality="Tydliga kvalitetskrav kan ställas i upphandlingen.",
        environment="Krav på eldrivna maskiner.",
        staff="Personalen erbjuds andra tjänster inom förvaltningen (LAS).",
        recommendation="Kommunstyrelsen föreslås anta utmaningen.",
    )
    _advance(sixth, lots)
    _advance(sixth, lots)
    challenge_services.decision_record(
        challenge=sixth,
        decided_on=today,
        paragraph="112",
        outcome="accepted",
        motivation="Utmaningen är seriös och visar tydliga förbättringar av kvalitet och pris.",
        user=users["namndsekreterare"],
    )
    _inform_everyone(sixth, lots)
    challenge_services.challenge_accept(
        challenge=sixth,
        title="Skötsel av parker och grönytor",
        procedure=Procurement.Procedure.OPEN,
        responsible=users["upphandlare"],
        user=lots,
    )
    made.append(sixth)
    return made


def _counterpart(topic: Topic, direction: str, person: str, parties, rng) -> registry.Counterpart:
    if direction == "drawn_up" or topic.counterpart == "none":
        if direction == "drawn_up":
            return registry.Counterpart()
        return registry.Counterpart(name="Kommunfullmäktiges ledamot", kind=Party.Kind.PUBLIC_BODY)
    if topic.counterpart == "private_person":
        return registry.Counterpart(name=person, kind=Party.Kind.PRIVATE_PERSON)
    party = rng.choice(parties[topic.counterpart])
    return registry.Counterpart(party=party)


def logins() -> list[tuple[str, str, str]]:
    """(user name, password, role) for each demo login."""
    return [(username, DEMO_PASSWORD, str(role.label)) for username, _f, _l, role, _u in USERS]
