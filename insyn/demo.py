"""The demo kommun: a realistic organisation, its parties and two years of diarium.

Loaded by `make run` and `insyn demo`: boards and units, demo logins, two years of
diarium, challenges at every step, a register of about 150 contracts, the procurement
plan for next year with running, cancelled and finished procurements, and a year of
follow-up (goals, the annual cycle, decided follow-up plans, reports with deficiencies
and action plans, published summaries). One contract can be followed all the way:
JOURNEY, from its procurement to the public provider page. Everything goes through the
same services as real registrations, so the demo also exercises numbering, masking and
history.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from insyn.challenges import services as challenge_services
from insyn.challenges.defaults import default_definition_ensure
from insyn.challenges.models import Challenge, ChecklistItem, Meeting, ProcessDefinition, Step
from insyn.contracts import services as contract_services
from insyn.contracts.models import (
    Contract,
    ContractBoard,
    ProviderInformation,
    RequirementTemplate,
)
from insyn.core.calendar import working_days_in
from insyn.core.legal import cite
from insyn.core.models import Board, Organisation, Party, Role, RoleAssignment, Unit, User
from insyn.followup import goal_services, reporting
from insyn.followup import services as followup_services
from insyn.followup.models import FollowUpPlan, FollowUpReport, Goal, Measure, PlanItem
from insyn.procurement import services as procurement_services
from insyn.procurement.models import Procurement, Tender
from insyn.registry import demo as registry_demo
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
    # The challenges below concern units of these administrations; since e4cad78 the
    # process waits until a sector head over the unit has been told.
    ("sektorchef_teknik", "Tea", "Teknikdotter", Role.SECTOR_HEAD, "Tekniska förvaltningen"),
    ("sektorchef_service", "Stig", "Servicesson", Role.SECTOR_HEAD, "Serviceförvaltningen"),
    # Contract managers of the other administrations (avtalsansvarig above has VON's).
    ("avtal_tn", "Maja", "Markström", Role.CONTRACT_MANAGER, "Tekniska förvaltningen"),
    ("avtal_sn", "Kristoffer", "Kostsson", Role.CONTRACT_MANAGER, "Serviceförvaltningen"),
    ("avtal_bun", "Birgitta", "Barnström", Role.CONTRACT_MANAGER, "Barn- och utbildningsförvaltningen"),
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
def load(*, seed: int = 2026, cases: int = 95, processes: bool = True) -> dict[str, int]:
    """Create the demo kommun. Refuses to run twice on the same database.

    `processes=False` leaves out the challenges and the contract register: the benchmark
    wants the organisation only, and fills the diarium itself."""
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
    # One hash for every demo login: the password hasher (Argon2) is slow on purpose, and
    # hashing it per user was a third of the demo's load time.
    password_hash = make_password(DEMO_PASSWORD)
    for username, first, last, role, unit_name in USERS:
        user = User.objects.create(
            username=username,
            password=password_hash,
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
    if not processes:
        return {
            "boards": len(boards),
            "units": len(units),
            "cases": Case.objects.count(),
            "documents": Document.objects.count(),
            "challenges": 0,
            "contracts": 0,
            "procurements": 0,
            "plans": 0,
            "reports": 0,
        }
    challenges = _challenges(users=users, units=units, parties=parties, today=today)
    contracts = _contracts(
        users=users,
        units=units,
        boards=boards,
        ground=grounds[(31, "16")],
        today=today,
        rng=random.Random(seed + 1),  # its own, so the diarium above stays as it was
    )
    year = followup_year(today)
    journey = _procurements(users=users, units=units, boards=boards, today=today, year=year)
    _followup(users=users, boards=boards, journey=journey, today=today, year=year)
    registry_demo.load(today=today)
    return {
        "boards": len(boards),
        "units": len(units),
        "cases": Case.objects.count(),
        "documents": Document.objects.count(),
        "challenges": len(challenges),
        "contracts": contracts,
        "procurements": Procurement.objects.count(),
        "plans": FollowUpPlan.objects.count(),
        "reports": FollowUpReport.objects.count(),
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


# --- The contract register ----------------------------------------------------------------
#
# About 150 contracts over the five boards, as a kommun of this size holds: welfare run by
# companies, idéburna organisations and the kommun's own units side by side, the technical
# and service contracts, and the earlier contract period of some. Everything goes through
# the register's services, as the staff pages and the import do.

# Providers beyond the parties of the diarium: (name, nine digits of the org. number, kind).
PROVIDERS = [
    ("Vårdhem Norden AB", "556111222", Party.Kind.COMPANY),
    ("Hemtjänst Lugna Stunder AB", "559222333", Party.Kind.COMPANY),
    ("Trygg Omsorg Sjövik AB", "559333444", Party.Kind.COMPANY),
    ("Trygghetslarm Norden AB", "556121314", Party.Kind.COMPANY),
    ("Rekrytering & Bemanning Vård AB", "559600700", Party.Kind.COMPANY),
    ("Tvätteriet i Sjövik AB", "556234560", Party.Kind.COMPANY),
    ("Molntjänster Norden AB", "559500600", Party.Kind.COMPANY),
    ("Maskinuthyrning Sjövik AB", "556800900", Party.Kind.COMPANY),
    ("Vägbyggarna i Mälardalen AB", "556313233", Party.Kind.COMPANY),
    ("Trafiksäkerhet & Väg AB", "556700800", Party.Kind.COMPANY),
    ("Elinstallatören Sjövik AB", "556414243", Party.Kind.COMPANY),
    ("Avfallsservice Mälardalen AB", "556901000", Party.Kind.COMPANY),
    ("Fastighetsservice i Sjövik AB", "556999000", Party.Kind.COMPANY),
    ("Hissteknik Norden AB", "556100200", Party.Kind.COMPANY),
    ("Ventilationsteknik Mälardalen AB", "556515253", Party.Kind.COMPANY),
    ("Byggkonsult Mälardalen AB", "556888999", Party.Kind.COMPANY),
    ("Analyslaboratoriet Norden AB", "556616263", Party.Kind.COMPANY),
    ("Mejerigården Sjövik AB", "556300400", Party.Kind.COMPANY),
    ("Sjöviks Bageri AB", "556400500", Party.Kind.COMPANY),
    ("Livsmedelsgrossisten Mälardalen AB", "556200300", Party.Kind.COMPANY),
    ("Bredband & Nät Sverige AB", "556500600", Party.Kind.COMPANY),
    ("Dataleverantören Sverige AB", "556717273", Party.Kind.COMPANY),
    ("Kontorsvaror Direkt AB", "556600700", Party.Kind.COMPANY),
    ("Hälsopartner Företagshälsa AB", "556818283", Party.Kind.COMPANY),
    ("Säkerhetsbolaget Vakt AB", "556919293", Party.Kind.COMPANY),
    ("Tolkförmedlingen Väst AB", "556666777", Party.Kind.COMPANY),
    ("Språkservice Tolk & Översättning AB", "559444555", Party.Kind.COMPANY),
    ("Konsultbolaget Insikt AB", "556777888", Party.Kind.COMPANY),
    ("Sjöviks Taxi & Buss AB", "556444555", Party.Kind.COMPANY),
    ("Nordbuss Skoltrafik AB", "556555666", Party.Kind.COMPANY),
    ("Läromedelsförlaget Norden AB", "556020304", Party.Kind.COMPANY),
    ("Psykologpartner AB", "559030405", Party.Kind.COMPANY),
    ("Inredningshuset AB", "556040506", Party.Kind.COMPANY),
    ("Revisionsbyrån Granskning AB", "556012340", Party.Kind.COMPANY),
    ("Chefsrekrytering Norden AB", "559050607", Party.Kind.COMPANY),
    ("Reklambyrån Ord & Bild AB", "556060708", Party.Kind.COMPANY),
    ("Kommunförsäkring Norden AB", "516070809", Party.Kind.COMPANY),
    ("Systemhuset Ekonomi AB", "556080910", Party.Kind.COMPANY),
    ("Advokatfirman Lag & Rätt KB", "969091011", Party.Kind.COMPANY),
    ("Bilpoolen Norden AB", "556101112", Party.Kind.COMPANY),
    ("Drivmedelsbolaget Mälardalen AB", "556111213", Party.Kind.COMPANY),
    ("Kooperativet Vardagsstöd ek. för.", "769600111", Party.Kind.NONPROFIT),
    ("Kvinnojouren i Sjövik", "802789012", Party.Kind.NONPROFIT),
    ("Sjöviks Fritidsgårdsförening", "802890123", Party.Kind.NONPROFIT),
    ("Region Exempellän", "232100111", Party.Kind.PUBLIC_BODY),
]
# A sole trader (enskild firma) holds one contract: a private person, whose name the
# public pages never show.
SOLE_TRADER = "Per Sandberg"

P = Contract.Procedure
LOV = P.CHOICE_SYSTEM


@dataclass(frozen=True)
class Deal:
    """One contract of the demo register."""

    boards: str  # "VON", or shares: "KS:50,SN:50"
    title: str
    cpv: str
    procedure: str
    provider: str  # a party's name, or "@unit" for an internal agreement (egen regi)
    yearly: int  # thousand SEK a year, roughly
    years: int = 4
    service: str = ""  # the requirement templates' group of the service, if any
    citizens: bool = False  # touches citizens directly: high impact when classified
    strategic: str = ""  # the boards that mark it strategic: "TN" or "KS,SN"
    # open: until further notice; expiring: ends within six months; ended; upcoming;
    # reserved (for idéburna); secret (values under 31 kap. 16 § OSL)
    flags: str = ""
    previous: str = ""  # the provider of the previous period ("=" the same), if any


DEALS = [
    # Vård- och omsorgsnämnden: hemtjänst in a choice system (LOV), egen regi included.
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Omsorgspartner i Mälardalen AB", "85312000-9", LOV, "Omsorgspartner i Mälardalen AB", 18000, service="Hemtjänst", citizens=True, strategic="VON", flags="open"),
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Hemtjänst Lugna Stunder AB", "85312000-9", LOV, "Hemtjänst Lugna Stunder AB", 9500, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Trygg Omsorg Sjövik AB", "85312000-9", LOV, "Trygg Omsorg Sjövik AB", 7200, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Hemtjänst i valfrihetssystem (LOV) – Kooperativet Vardagsstöd", "85312000-9", LOV, "Kooperativet Vardagsstöd ek. för.", 4200, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Hemtjänst i egen regi inom valfrihetssystemet – Hemtjänst Norr", "85312000-9", P.INTERNAL, "@Hemtjänst Norr", 24000, service="Hemtjänst", citizens=True, strategic="VON", flags="open"),
    Deal("VON", "Hemtjänst i egen regi inom valfrihetssystemet – Hemtjänst Söder", "85312000-9", P.INTERNAL, "@Hemtjänst Söder", 21000, service="Hemtjänst", citizens=True, flags="open"),
    Deal("VON", "Nattpatrull i hemtjänsten", "85312000-9", P.SIMPLIFIED, "Trygg Omsorg Sjövik AB", 4600, 3, citizens=True, flags="upcoming"),
    # Särskilt boende and other welfare.
    Deal("VON", "Drift av Björkbackens vård- och omsorgsboende", "85311000-2", P.OPEN, "Vårdhem Norden AB", 36000, service="Särskilt boende", citizens=True, strategic="VON", previous="="),
    Deal("VON", "Drift av Lärkans demensboende", "85311000-2", P.OPEN, "Omsorgspartner i Mälardalen AB", 27000, service="Särskilt boende", citizens=True, flags="expiring"),
    Deal("VON", "Drift av Ekbackens vård- och omsorgsboende (egen regi)", "85311000-2", P.INTERNAL, "@Ekbackens vård- och omsorgsboende", 41000, service="Särskilt boende", citizens=True, strategic="VON", flags="open"),
    Deal("VON", "Korttidsplatser och växelvård", "85311000-2", P.SIMPLIFIED, "Vårdhem Norden AB", 8500, 3, citizens=True),
    Deal("VON", "Boendestöd och sysselsättning för personer med missbruk", "85312000-9", P.RESERVED, "Föreningen Vägen ut", 3200, 3, citizens=True, flags="reserved"),
    Deal("VON", "IOP om kvinnojour och skyddat boende", "85312000-9", P.IOP, "Kvinnojouren i Sjövik", 1800, 3, citizens=True),
    Deal("VON", "Bemanning av sjuksköterskor", "79620000-6", P.OPEN, "Rekrytering & Bemanning Vård AB", 5400, 2, flags="secret"),
    Deal("VON", "Trygghetslarm och larmmottagning", "79711000-1", P.OPEN, "Trygghetslarm Norden AB", 2900, citizens=True, previous="="),
    Deal("VON", "Digitala lås i hemtjänsten", "35121000-6", P.OPEN, "Trygghetslarm Norden AB", 1100, 4),
    Deal("VON", "Fotvård för boende i vård- och omsorgsboende", "85140000-2", P.DIRECT, SOLE_TRADER, 180, 2, citizens=True),
    Deal("VON", "Tvätt av arbetskläder och textilier", "98310000-9", P.SIMPLIFIED, "Tvätteriet i Sjövik AB", 1300, 3, flags="expiring"),
    Deal("VON", "Ledsagning och avlösarservice", "85312000-9", P.SIMPLIFIED, "Stadsmissionen i Sjövik", 1600, 3, citizens=True),
    Deal("VON", "Dagverksamhet för personer med demenssjukdom", "85312000-9", P.SIMPLIFIED, "Trygg Omsorg Sjövik AB", 3800, 3, citizens=True, previous="Omsorgspartner i Mälardalen AB"),
    Deal("VON", "Matdistribution till hemtjänstens brukare", "55521000-8", P.SIMPLIFIED, "Kostkompaniet Sverige AB", 2100, 3, citizens=True),
    Deal("VON", "Utbildning i lågaffektivt bemötande", "80500000-9", P.DIRECT, "Konsultbolaget Insikt AB", 240, 1, flags="ended"),
    Deal("VON", "Verksamhetssystem för socialtjänsten", "48000000-8", P.OPEN, "Molntjänster Norden AB", 2600, 5),
    # Tekniska nämnden: snow, parks, streets, waste, water, buildings.
    Deal("TN", "Snöröjning och halkbekämpning – centrala Sjövik", "90620000-9", P.OPEN, "Sjöviks Snöröjning & Entreprenad AB", 4800, 3, service="Snöröjning", citizens=True, strategic="TN", previous="="),
    Deal("TN", "Snöröjning och halkbekämpning – norra distriktet", "90620000-9", P.OPEN, "Sjöviks Snöröjning & Entreprenad AB", 2900, 3, service="Snöröjning", citizens=True, flags="expiring"),
    Deal("TN", "Snöröjning och halkbekämpning – södra distriktet", "90620000-9", P.OPEN, "Maskinuthyrning Sjövik AB", 2600, 3, service="Snöröjning", citizens=True, previous="Sjöviks Snöröjning & Entreprenad AB"),
    Deal("TN", "Snöröjning och halkbekämpning – västra distriktet och ytterområdena (egen regi)", "90620000-9", P.INTERNAL, "@Gata och park", 3400, service="Snöröjning", citizens=True, strategic="TN", flags="open"),
    Deal("TN:70,BUN:30", "Snöröjning av skol- och förskolegårdar", "90620000-9", P.SIMPLIFIED, "Maskinuthyrning Sjövik AB", 900, 2, citizens=True),
    Deal("TN", "Gatusopning och sandupptagning", "90612000-0", P.OPEN, "Maskinuthyrning Sjövik AB", 1300, 3, citizens=True, previous="="),
    Deal("TN", "Parkskötsel – centrala Sjövik", "77313000-7", P.OPEN, "Grönytor & Park i Sjövik AB", 3100, service="Park", citizens=True, strategic="TN", previous="="),
    Deal("TN", "Parkskötsel – Stadsparken och Strandpromenaden (egen regi)", "77313000-7", P.INTERNAL, "@Gata och park", 2700, service="Park", citizens=True, flags="open"),
    Deal("TN", "Skötsel och besiktning av lekplatser", "77313000-7", P.OPEN, "Grönytor & Park i Sjövik AB", 850, 3, citizens=True, flags="expiring"),
    Deal("TN", "Skötsel av badplatser", "77313000-7", P.SIMPLIFIED, "Grönytor & Park i Sjövik AB", 420, 2, citizens=True),
    Deal("TN", "Beläggningsarbeten (asfalt) – ramavtal", "45233222-1", P.OPEN, "Vägbyggarna i Mälardalen AB", 6200, previous="="),
    Deal("TN", "Markentreprenader – ramavtal", "45112000-5", P.OPEN, "Vägbyggarna i Mälardalen AB", 4100),
    Deal("TN", "Vägmarkering", "45233221-4", P.SIMPLIFIED, "Trafiksäkerhet & Väg AB", 700, 2, previous="="),
    Deal("TN", "Drift och underhåll av gatubelysning", "50232100-1", P.OPEN, "Elinstallatören Sjövik AB", 2300, citizens=True),
    Deal("TN", "Byte till LED-armaturer i gatubelysningen", "45316110-9", P.OPEN, "Elinstallatören Sjövik AB", 5200, 2, flags="upcoming"),
    Deal("TN", "Insamling av hushållsavfall", "90511000-2", P.OPEN, "Avfallsservice Mälardalen AB", 14500, 5, citizens=True, strategic="TN", previous="="),
    Deal("TN", "Slamtömning av enskilda avlopp", "90460000-9", P.OPEN, "Avfallsservice Mälardalen AB", 1900, citizens=True),
    Deal("TN", "Drift av vattenverk och avloppsreningsverk (egen regi)", "65100000-4", P.INTERNAL, "@Vatten och avlopp", 18000, citizens=True, flags="open"),
    Deal("TN", "Laboratorieanalyser av dricksvatten och avloppsvatten", "71900000-7", P.SIMPLIFIED, "Analyslaboratoriet Norden AB", 780, 3, flags="expiring"),
    Deal("TN", "Fastighetsskötsel – skolor och förskolor", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 7800, previous="="),
    Deal("TN", "Fastighetsskötsel – vård- och omsorgsboenden", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 4300),
    Deal("TN", "Fastighetsskötsel – kommunhuset och förvaltningsbyggnader", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 1500, 3),
    Deal("TN", "Fastighetsskötsel – idrottshallar och badhus", "70330000-3", P.OPEN, "Fastighetsservice i Sjövik AB", 1200, 3, flags="ended"),
    Deal("TN", "Service och besiktning av hissar", "50750000-7", P.OPEN, "Hissteknik Norden AB", 950),
    Deal("TN", "Ventilationsservice och OVK-besiktning", "71356100-9", P.OPEN, "Ventilationsteknik Mälardalen AB", 820, 3),
    Deal("TN", "Klotter- och skadegörelsesanering", "90690000-0", P.SIMPLIFIED, "Fastighetsservice i Sjövik AB", 380, 2, citizens=True),
    Deal("KS:50,TN:50", "Konsulttjänster – projektledning för byggprojekt", "71541000-2", P.OPEN, "Byggkonsult Mälardalen AB", 3600),
    Deal("TN", "Konsulttjänster – VA-projektering", "71320000-7", P.OPEN, "Byggkonsult Mälardalen AB", 1400, 2, flags="expiring"),
    Deal("TN", "Drift av Sjövikshallen och kommunens idrottsplatser", "92610000-0", P.RESERVED, "Sjöviks Idrottsallians", 5600, service="Idrottsanläggningar", citizens=True, strategic="TN", flags="reserved"),
    # Servicenämnden: food, cleaning, IT, the service office, and what every office buys.
    Deal("SN", "Livsmedel – mejeriprodukter", "15500000-3", P.OPEN, "Mejerigården Sjövik AB", 4200, service="Livsmedel", previous="="),
    Deal("SN", "Livsmedel – bröd och bageriprodukter", "15811000-6", P.OPEN, "Sjöviks Bageri AB", 1900, service="Livsmedel"),
    Deal("SN", "Livsmedel – kött och chark", "15100000-9", P.OPEN, "Livsmedelsgrossisten Mälardalen AB", 6800, service="Livsmedel", strategic="SN", previous="Kostkompaniet Sverige AB"),
    Deal("SN", "Livsmedel – kolonialvaror", "15800000-6", P.OPEN, "Livsmedelsgrossisten Mälardalen AB", 5900, service="Livsmedel", flags="expiring"),
    Deal("SN", "Livsmedel – fisk och skaldjur", "15200000-0", P.OPEN, "Livsmedelsgrossisten Mälardalen AB", 2100, service="Livsmedel"),
    Deal("SN", "Livsmedel – frukt och grönsaker", "15300000-1", P.OPEN, "Kostkompaniet Sverige AB", 3700, service="Livsmedel", previous="="),
    Deal("SN", "Livsmedel – frysta grönsaker och färdigrätter", "15331170-9", P.OPEN, "Kostkompaniet Sverige AB", 1600, service="Livsmedel"),
    Deal("SN", "Livsmedel – ägg", "03142500-3", P.SIMPLIFIED, "Mejerigården Sjövik AB", 520, 2),
    Deal("SN", "Specialkost och allergianpassade livsmedel", "15880000-0", P.OPEN, "Kostkompaniet Sverige AB", 900, 3),
    Deal("SN", "Kaffe, te och automattjänster", "15860000-4", P.SIMPLIFIED, "Livsmedelsgrossisten Mälardalen AB", 750, 3, flags="ended"),
    Deal("BUN", "Måltider i förskola och skola (egen regi)", "55523100-3", P.INTERNAL, "@Kostenheten", 38000, service="Måltider", citizens=True, strategic="BUN", flags="open"),
    Deal("VON", "Måltider i vård- och omsorgsboenden (egen regi)", "55520000-1", P.INTERNAL, "@Kostenheten", 14000, service="Måltider", citizens=True, flags="open"),
    Deal("KS", "Lokalvård – kommunhuset", "90919200-4", P.OPEN, "Nordisk Lokalvård AB", 2400, 3, service="Lokalvård", previous="="),
    Deal("BUN", "Lokalvård – skolor i norra Sjövik", "90911200-8", P.OPEN, "Nordisk Lokalvård AB", 5200, service="Lokalvård", citizens=True, strategic="BUN"),
    Deal("BUN", "Lokalvård – skolor i södra Sjövik (egen regi)", "90911200-8", P.INTERNAL, "@Lokalvården", 5600, service="Lokalvård", citizens=True, flags="open"),
    Deal("BUN", "Lokalvård – förskolor (egen regi)", "90911200-8", P.INTERNAL, "@Lokalvården", 3900, service="Lokalvård", citizens=True, flags="open"),
    Deal("VON", "Lokalvård – vård- och omsorgsboenden (egen regi)", "90911200-8", P.INTERNAL, "@Lokalvården", 4400, service="Lokalvård", citizens=True, flags="open"),
    Deal("TN", "Lokalvård – badhuset och idrottshallar", "90911200-8", P.OPEN, "Nordisk Lokalvård AB", 1700, 3, service="Lokalvård", citizens=True, flags="expiring"),
    Deal("SN", "Fönsterputs i kommunens lokaler", "90911300-9", P.SIMPLIFIED, "Nordisk Lokalvård AB", 560, 2),
    Deal("SN", "Städmaterial och förbrukningsartiklar", "39830000-9", P.OPEN, "Kontorsvaror Direkt AB", 1400, 3, previous="="),
    Deal("KS:50,SN:50", "IT-drift och serverhallstjänster", "72514000-1", P.OPEN, "Datadrift Norr AB", 6400, strategic="KS,SN", flags="secret"),
    Deal("SN", "Bredband och datakommunikation", "72400000-4", P.OPEN, "Bredband & Nät Sverige AB", 2800, previous="="),
    Deal("KS:40,VON:30,BUN:30", "Molntjänster och licenser för kontorsprogram", "48000000-8", P.OPEN, "Molntjänster Norden AB", 4700, 3),
    Deal("SN", "Datorer, surfplattor och tillbehör", "30200000-1", P.OPEN, "Dataleverantören Sverige AB", 5300, 3, previous="="),
    Deal("KS:40,VON:30,BUN:30", "IT-support till förvaltningarna (egen regi)", "72253000-3", P.INTERNAL, "@IT-enheten", 9200, flags="open"),
    Deal("SN", "Skrivare och utskriftstjänster", "30232110-8", P.OPEN, "Kontorsvaror Direkt AB", 1100),
    Deal("KS:50,SN:50", "Kontaktcenter och växel (egen regi)", "79512000-6", P.INTERNAL, "@Servicekontoret", 5800, citizens=True, strategic="SN", flags="open"),
    Deal("SN", "Post- och budtjänster (egen regi)", "64100000-7", P.INTERNAL, "@Servicekontoret", 1200, flags="open"),
    Deal("SN", "Fordonsleasing och bilpool", "66114000-2", P.OPEN, "Bilpoolen Norden AB", 3100),
    Deal("SN", "Drivmedel", "09100000-0", P.OPEN, "Drivmedelsbolaget Mälardalen AB", 2400, flags="expiring"),
    Deal("SN", "Kontorsmaterial", "30192000-1", P.OPEN, "Kontorsvaror Direkt AB", 880, 3, previous="="),
    Deal("KS:40,VON:30,BUN:30", "Företagshälsovård", "85147000-1", P.OPEN, "Hälsopartner Företagshälsa AB", 2700),
    Deal("SN", "Bevakning, väktare och larmcentral", "79710000-4", P.OPEN, "Säkerhetsbolaget Vakt AB", 2200),
    Deal("VON:50,BUN:50", "Tolktjänster – språktolkning", "79540000-1", P.OPEN, "Tolkförmedlingen Väst AB", 3300, citizens=True, previous="="),
    Deal("VON:50,BUN:50", "Tolktjänster – teckenspråks- och dövblindtolkning", "79540000-1", P.SIMPLIFIED, "Region Exempellän", 420, 2, citizens=True),
    Deal("SN", "Översättning av skriftlig information", "79530000-8", P.SIMPLIFIED, "Språkservice Tolk & Översättning AB", 460, 3),
    # Barn- och utbildningsnämnden.
    Deal("BUN", "Skolskjuts – norra området", "60130000-8", P.OPEN, "Sjöviks Taxi & Buss AB", 4300, service="Skolskjuts", citizens=True, strategic="BUN", previous="="),
    Deal("BUN", "Skolskjuts – södra området", "60130000-8", P.OPEN, "Nordbuss Skoltrafik AB", 3900, service="Skolskjuts", citizens=True),
    Deal("BUN", "Skolskjuts – östra området", "60130000-8", P.OPEN, "Nordbuss Skoltrafik AB", 3100, service="Skolskjuts", citizens=True, flags="expiring"),
    Deal("BUN", "Skolskjuts – västra området och skärgården", "60130000-8", P.OPEN, "Sjöviks Taxi & Buss AB", 3500, service="Skolskjuts", citizens=True, previous="Nordbuss Skoltrafik AB"),
    Deal("BUN", "Skolskjuts för elever i anpassad skola", "60130000-8", P.OPEN, "Sjöviks Taxi & Buss AB", 2200, 3, service="Skolskjuts", citizens=True),
    Deal("BUN", "Bussresor vid utflykter och studiebesök", "60172000-4", P.DIRECT, "Nordbuss Skoltrafik AB", 420, 1, previous="="),
    Deal("BUN", "Förskoleverksamhet i egen regi – Förskolan Solrosen", "80110000-8", P.INTERNAL, "@Förskolan Solrosen", 11500, citizens=True, flags="open"),
    Deal("BUN", "Grundskola i egen regi – Sjöviksskolan", "80100000-5", P.INTERNAL, "@Sjöviksskolan", 52000, citizens=True, flags="open"),
    Deal("BUN", "Digitala läromedel", "48190000-6", P.OPEN, "Läromedelsförlaget Norden AB", 2300, 3),
    Deal("BUN", "Tryckta läromedel", "22112000-8", P.OPEN, "Läromedelsförlaget Norden AB", 1800, 3, flags="ended"),
    Deal("BUN", "Skolpsykologtjänster", "85121270-6", P.SIMPLIFIED, "Psykologpartner AB", 1300, 2, citizens=True),
    Deal("BUN", "Modersmålsundervisning och studiehandledning", "80000000-4", P.SIMPLIFIED, "Språkservice Tolk & Översättning AB", 2600, 3, citizens=True, flags="expiring"),
    Deal("BUN", "Surfplattor till elever i förskoleklass till årskurs 3", "30213200-7", P.OPEN, "Dataleverantören Sverige AB", 1900, 3),
    Deal("BUN", "Simundervisning för elever i årskurs 3", "92620000-3", P.DIRECT, "Sjöviks Idrottsallians", 360, 1, citizens=True, previous="="),
    Deal("BUN", "Drift av fritidsgård i Östra Sjövik", "92000000-1", P.RESERVED, "Sjöviks Fritidsgårdsförening", 1450, 3, citizens=True, flags="reserved"),
    Deal("BUN", "Skolmöbler och inredning", "39160000-1", P.OPEN, "Inredningshuset AB", 1200),
    Deal("BUN", "Lovskola och sommaraktiviteter", "92000000-1", P.DIRECT, "Stadsmissionen i Sjövik", 280, 1, citizens=True, flags="upcoming"),
    # Kommunstyrelsen.
    Deal("KS", "IOP om stöd och mötesplatser för nyanlända", "85312000-9", P.IOP, "Stadsmissionen i Sjövik", 1200, 3, citizens=True, strategic="KS"),
    Deal("KS", "Sakkunnigt biträde till de förtroendevalda revisorerna", "79212000-3", P.OPEN, "Revisionsbyrån Granskning AB", 1100, previous="="),
    Deal("KS", "Rekrytering av chefer", "79600000-0", P.SIMPLIFIED, "Chefsrekrytering Norden AB", 650, 2),
    Deal("KS", "Konsulttjänster – organisationsutveckling", "79400000-8", P.DIRECT, "Konsultbolaget Insikt AB", 580, 1),
    Deal("KS", "Kommunikationsbyrå och annonsering", "79341000-6", P.OPEN, "Reklambyrån Ord & Bild AB", 900, 3, flags="expiring"),
    Deal("KS", "Underhåll av kommunens webbplats", "72413000-8", P.SIMPLIFIED, "Reklambyrån Ord & Bild AB", 700, 3),
    Deal("KS", "Försäkringar – egendom och ansvar", "66510000-8", P.OPEN, "Kommunförsäkring Norden AB", 3200, 3, previous="="),
    Deal("KS", "E-arkiv som tjänst", "72512000-7", P.OPEN, "Molntjänster Norden AB", 1500),
    Deal("KS", "Ekonomisystem med support", "48440000-4", P.OPEN, "Systemhuset Ekonomi AB", 2100, 5, previous="="),
    Deal("KS", "Lönesystem med support", "48450000-7", P.OPEN, "Systemhuset Ekonomi AB", 1700, 5),
    Deal("KS", "Juridisk rådgivning", "79100000-5", P.SIMPLIFIED, "Advokatfirman Lag & Rätt KB", 800, 2),
    Deal("KS", "Telefoni och mobilabonnemang", "64212000-5", P.OPEN, "Bredband & Nät Sverige AB", 1900, 3, flags="expiring"),
    Deal("KS", "Trygghetsvärdar i centrum", "79713000-5", P.SIMPLIFIED, "Säkerhetsbolaget Vakt AB", 1100, 2, citizens=True),
    Deal("KS", "Näringslivsfrukostar och företagsbesök", "79952000-2", P.DIRECT, "Konsultbolaget Insikt AB", 190, 1, flags="ended"),
]  # fmt: skip

# Requirement templates: (group, title, area, labour topic, essential, text). The general
# groups apply to every strategic contract, egen regi included; a service's own group to
# the contracts of that service.
GENERAL_GROUPS = ("Kvalitet", "Miljö", "Socialt ansvar", "Arbetsrättsliga villkor")
TEMPLATES = [
    ("Kvalitet", "Systematiskt kvalitetsarbete", "quality", "", True,
     "Utföraren ska ha ett dokumenterat ledningssystem för systematiskt kvalitetsarbete och årligen redovisa hur det har använts."),
    ("Kvalitet", "Avvikelser och klagomål", "quality", "", True,
     "Utföraren ska dokumentera avvikelser och klagomål, åtgärda dem och redovisa dem för kommunen varje kvartal."),
    ("Kvalitet", "Samverkans- och uppföljningsmöten", "quality", "", False,
     "Utföraren ska delta i samverkans- och uppföljningsmöten med kommunen minst två gånger per år."),
    ("Miljö", "Fordon och arbetsmaskiner", "environment", "", True,
     "Fordon och arbetsmaskiner i uppdraget ska uppfylla lägst miljöklass Euro 6 / steg V eller drivas med el eller förnybart bränsle."),
    ("Miljö", "Miljöledning", "environment", "", False,
     "Utföraren ska ha rutiner för miljöarbetet som motsvarar ISO 14001 eller EMAS."),
    ("Socialt ansvar", "Uppförandekod i leverantörskedjan", "social", "", True,
     "Varor och tjänster ska produceras under förhållanden som är förenliga med ILO:s kärnkonventioner och FN:s barnkonvention."),
    ("Socialt ansvar", "Praktikplatser och sysselsättning", "social", "", False,
     "Utföraren ska i samråd med kommunen erbjuda praktikplatser för personer som står långt från arbetsmarknaden."),
    ("Arbetsrättsliga villkor", "Lön", "labour", "wages", True,
     "Arbetstagare som utför arbete i uppdraget ska ha lägst den lön som följer av gällande centralt kollektivavtal för branschen."),
    ("Arbetsrättsliga villkor", "Semester", "labour", "holidays", True,
     "Arbetstagare ska ha semester enligt semesterlagen och lägst enligt gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Arbetstid", "labour", "working_hours", True,
     "Arbetstiden ska följa arbetstidslagen och lägst villkoren i gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Tjänstepension", "labour", "pension", True,
     "Arbetstagare ska ha tjänstepension lägst enligt gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Försäkringar för anställda", "labour", "insurance", True,
     "Arbetstagare ska omfattas av försäkringar vid sjukdom, arbetsskada och dödsfall lägst enligt gällande centralt kollektivavtal."),
    ("Arbetsrättsliga villkor", "Meddelarfrihet", "labour", "whistleblowing", True,
     # A contractual condition: where lag (2017:151) applies (privately run school,
     # health care and social services) the contract page adds the law; elsewhere it
     # holds through the contract alone.
     "Utföraren får inte efterforska vem som har lämnat uppgifter om verksamheten för publicering i medier och får inte vidta åtgärder mot den som har gjort det. De anställda ska informeras om detta."),
    ("Hemtjänst", "Kontinuitet för brukaren", "quality", "", True,
     "En brukare med insatser varje dag ska möta högst 12 olika medarbetare under en period om 14 dagar."),
    ("Hemtjänst", "Genomförandeplan", "quality", "", True,
     "En genomförandeplan ska upprättas tillsammans med brukaren inom 14 dagar från beslutet."),
    ("Särskilt boende", "Bemanning dygnet runt", "quality", "", True,
     "Boendet ska vara bemannat dygnet runt med personal som kan nås inom fem minuter."),
    ("Särskilt boende", "Utevistelse och aktiviteter", "quality", "", True,
     "Den boende ska erbjudas utevistelse och meningsfulla aktiviteter varje dag efter egna önskemål."),
    ("Snöröjning", "Insatstid vid snöfall", "quality", "", True,
     "Vid 5 cm snö ska plogning påbörjas inom två timmar; huvudgator, gång- och cykelvägar ska vara röjda inom sex timmar efter avslutat snöfall."),
    ("Snöröjning", "Halkbekämpning av gång- och cykelvägar", "quality", "", True,
     "Gång- och cykelvägar vid skolor och busshållplatser ska halkbekämpas före klockan 07.00."),
    ("Park", "Skötselnivå enligt skötselplan", "quality", "", True,
     "Parker och grönytor ska skötas enligt kommunens skötselplan med de nivåer som anges för varje yta."),
    ("Livsmedel", "Leveransprecision", "quality", "", True,
     "Minst 98 % av leveranserna ska komma i rätt tid och med rätt innehåll."),
    ("Livsmedel", "Djurskydd", "environment", "", True,
     "Animaliska livsmedel ska vara producerade enligt djurskyddskrav motsvarande svensk lagstiftning."),
    ("Måltider", "Näringsriktiga måltider", "quality", "", True,
     "Måltiderna ska följa Livsmedelsverkets råd för måltider i förskola, skola och äldreomsorg."),
    ("Måltider", "Minskat matsvinn", "environment", "", True,
     "Matsvinnet ska mätas varje vecka och minska med minst 10 % per år."),
    ("Lokalvård", "Städkvalitet", "quality", "", True,
     "Lokalvården ska hålla kvalitetsprofil enligt SS 627801 och kontrolleras med mätningar varje kvartal."),
    ("Lokalvård", "Miljömärkta rengöringsmedel", "environment", "", False,
     "Rengöringsmedel ska vara miljömärkta enligt Svanen, EU Ecolabel eller likvärdigt."),
    ("Skolskjuts", "Trafiksäkerhet", "quality", "", True,
     "Fordonen ska ha bälte på varje plats och förarna ska se till att eleverna använder det."),
    ("Skolskjuts", "Förarnas kompetens och bemötande", "quality", "", True,
     "Förarna ska ha utbildning i bemötande av barn och av elever med funktionsnedsättning."),
    ("Idrottsanläggningar", "Öppettider och tillgänglighet", "quality", "", True,
     "Anläggningarna ska hålla de öppettider som avtalats och vara tillgängliga för personer med funktionsnedsättning."),
    ("Idrottsanläggningar", "Städning och hygien i omklädningsrum", "quality", "", True,
     "Omklädningsrum och duschar ska städas dagligen och hålla den nivå som kommunens mätningar visar."),
]  # fmt: skip

# Information to citizens on the providers' pages: (provider, title, text, published).
INFORMATION = [
    ("Sjöviks Snöröjning & Entreprenad AB", "Snöröjning i centrala Sjövik och norra distriktet",
     "Sjöviks Snöröjning & Entreprenad AB röjer snö och halkbekämpar gator, torg, gång- och cykelvägar i centrala Sjövik och i norra distriktet på uppdrag av kommunen.\n\n"
     "Plogningen börjar när det har fallit 5 cm snö. Gång- och cykelvägar vid skolor och busshållplatser röjs först; huvudgatorna ska vara röjda inom sex timmar efter avslutat snöfall.\n\n"
     "Fel och brister anmäler du till kommunens kontaktcenter, 0123-45 00 00. Anmälan går vidare till utföraren och följs upp av tekniska förvaltningen.", True),
    ("@Gata och park", "Snöröjning i västra distriktet och ytterområdena",
     "Kommunens enhet Gata och park röjer snö och halkbekämpar i västra distriktet och i ytterområdena. Samma krav på insatstider gäller som för entreprenörerna i övriga distrikt.\n\n"
     "Fel och brister anmäler du till kommunens kontaktcenter, 0123-45 00 00.", True),
    ("Sjöviks Idrottsallians", "Sjövikshallen och idrottsplatserna",
     "Sjöviks Idrottsallians driver Sjövikshallen och kommunens idrottsplatser. Hallen har öppet måndag–fredag 07.00–22.00 och lördag–söndag 08.00–20.00.\n\n"
     "Omklädningsrummen städas varje dag. Kommunen mäter städkvaliteten varje kvartal och resultaten redovisas här när uppföljningen är klar.\n\n"
     "Bokning av tider sker hos alliansens kansli.", True),
    ("@Hemtjänst Norr", "Hemtjänst Norr – så arbetar vi",
     "Hemtjänst Norr är kommunens egen hemtjänst i norra Sjövik och ett av alternativen i valfrihetssystemet. Varje brukare har en kontaktperson och ett fast team.\n\n"
     "Vi följer samma krav och följs upp på samma sätt som de privata och idéburna utförarna.", True),
    ("Omsorgspartner i Mälardalen AB", "Hemtjänst med fasta team (utkast)",
     "Utkast som ännu inte är granskat av förvaltningen.", False),
]  # fmt: skip


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _deal_dates(deal: Deal, today: datetime.date, rng: random.Random) -> dict[str, Any]:
    """Start, end, notice and extensions, spread so that some contracts have ended, some
    end or reach their notice date within six months, and a few have not started."""
    days = datetime.timedelta
    if "open" in deal.flags:
        start = today - days(rng.randint(200, 2000))
        return {
            "start_date": start,
            "extension_terms": "Gäller tills vidare med sex månaders uppsägningstid",
        }
    if "upcoming" in deal.flags:
        start = today + days(rng.randint(20, 90))
    elif "expiring" in deal.flags:
        start = _years_later(today + days(rng.randint(15, 175)), -deal.years) + days(1)
    elif "ended" in deal.flags:
        start = _years_later(today - days(rng.randint(30, 400)), -deal.years) + days(1)
    else:
        start = today - days(rng.randint(60, deal.years * 365 - 200))
    return _period(start, deal.years, rng)


def _period(start: datetime.date, years: int, rng: random.Random) -> dict[str, Any]:
    end = _years_later(start, years) - datetime.timedelta(days=1)
    fields: dict[str, Any] = {"start_date": start, "end_date": end}
    if years >= 2 and rng.random() < 0.6:
        # The option to extend is used, or not, by the notice date six months ahead.
        notice = end - datetime.timedelta(days=182)
        fields.update(
            extension_terms="1 + 1 år",
            latest_end_date=_years_later(end, 2),
            notice_date=notice if notice > start else None,
        )
    return fields


def _contracts(
    *,
    users: dict[str, User],
    units: dict[str, Unit],
    boards: dict[str, Board],
    ground: SecrecyGround,
    today: datetime.date,
    rng: random.Random,
) -> int:
    providers: dict[str, Party] = {p.name: p for p in Party.objects.all()}
    for name, digits, party_kind in PROVIDERS:
        providers[name] = Party.objects.create(
            kind=party_kind,
            name=name,
            org_number=org_number(digits),
            nonprofit_registered=party_kind == Party.Kind.NONPROFIT,
        )
    providers[SOLE_TRADER] = Party.objects.create(kind=Party.Kind.PRIVATE_PERSON, name=SOLE_TRADER)
    templates: dict[str, list[RequirementTemplate]] = {}
    for group, title, area, topic, essential, text in TEMPLATES:
        templates.setdefault(group, []).append(
            RequirementTemplate.objects.create(
                group=group,
                title=title,
                text=text,
                area=area,
                labour_topic=topic,
                essential=essential,
            )
        )
    managers = {
        "KS": users["avtalsansvarig"],
        "VON": users["avtalsansvarig"],
        "TN": users["avtal_tn"],
        "SN": users["avtal_sn"],
        "BUN": users["avtal_bun"],
    }

    # Every period to register, the previous ones too: (deal, dates, provider, current).
    periods: list[tuple[Deal, dict[str, Any], str, bool]] = []
    for deal in DEALS:
        dates = _deal_dates(deal, today, rng)
        periods.append((deal, dates, deal.provider, True))
        if deal.previous:
            before = _years_later(dates["start_date"], -deal.years)
            provider = deal.provider if deal.previous == "=" else deal.previous
            periods.append((deal, _period(before, deal.years, rng), provider, False))
    # Numbered in the order they began, as the register would have numbered them.
    periods.sort(key=lambda p: (p[1]["start_date"], p[0].title))

    created = 0
    for deal, dates, provider, current in periods:
        shares = []
        for part in deal.boards.split(","):
            code, _sep, percent = part.partition(":")
            shares.append(contract_services.Share(boards[code], Decimal(percent or "100")))
        in_house = provider.startswith("@")
        years = deal.years if dates.get("end_date") else None
        yearly = Decimal(round(deal.yearly * rng.uniform(0.85, 1.15)) * 1000)
        if deal.procedure == P.IOP:
            kind = Contract.Kind.IOP
        elif in_house:
            kind = Contract.Kind.INTERNAL
        else:
            kind = Contract.Kind.EXTERNAL
        secret = "secret" in deal.flags
        contract = contract_services.contract_create(
            data=contract_services.ContractData(
                number=contract_services.next_contract_number(year=dates["start_date"].year),
                title=deal.title,
                procedure=deal.procedure,
                shares=shares,
                kind=kind,
                provider_party=None if in_house else providers[provider],
                provider_unit=units[provider[1:]] if in_house else None,
                yearly_value=yearly,
                total_value=yearly * years if years else None,
                values_secret=secret,
                values_secrecy_ground=ground if secret else None,
                cpv_code=deal.cpv,
                reserved="reserved" in deal.flags,
                **dates,
            ),
            user=users["upphandlare"],
        )
        created += 1
        if not current:
            continue
        strategic = [code for code in deal.strategic.split(",") if code]
        # Most contracts are classified; the strategic ones were chosen from the
        # high-value, high-impact class.
        if strategic or rng.random() < 0.85:
            contract_services.contract_classify(
                contract=contract,
                value_level="high" if strategic or deal.yearly >= 3000 else "low",
                impact_level="high" if strategic or deal.citizens else "low",
                user=users["upphandlare"],
            )
        board = deal.boards.split(":")[0].split(",")[0]
        if strategic or ("ended" not in deal.flags and rng.random() < 0.75):
            contract_services.contract_manager_appoint(
                contract=contract,
                manager=managers[board],
                appointed_by=users["forvaltningschef" if board == "VON" else "kommundirektor"],
            )
        for share in ContractBoard.objects.filter(contract=contract, board__code__in=strategic):
            contract_services.strategic_set(share=share, strategic=True)
        # The same requirements for every provider of a service: the strategic contracts
        # and the whole choice system for hemtjänst, egen regi as much as the others.
        if strategic or deal.service == "Hemtjänst":
            groups = [*GENERAL_GROUPS, deal.service] if deal.service else list(GENERAL_GROUPS)
            contract_services.requirements_apply_templates(
                contract=contract,
                templates=[t for group in groups for t in templates.get(group, [])],
            )
        if deal.title == "Snöröjning och halkbekämpning – centrala Sjövik":
            contract_services.requirement_add(
                contract=contract,
                title="Torget röjt före klockan 07.00 på torgdagar",
                text="På torgdagar ska Stora torget vara röjt och halkbekämpat före klockan 07.00.",
                area="quality",
                essential=True,
            )

    for provider, title, body, published in INFORMATION:
        in_house = provider.startswith("@")
        ProviderInformation.objects.create(
            provider_party=None if in_house else providers[provider],
            provider_unit=units[provider[1:]] if in_house else None,
            title=title,
            body=body,
            published=published,
        )
    return created


# --- Procurements -------------------------------------------------------------------------
#
# The procurement plan for next year, the procurements running now, one cancelled, and the
# one that the demo follows all the way (JOURNEY): planned, its follow-up settled, started,
# evaluated, awarded, the contract made from the award, classified, given a contract
# manager, marked strategic and followed up below. All through the procurement and
# contract services; what they date "today" (the start of a procurement, the
# appointment of a manager) is dated today.

JOURNEY = "Lokalvård i kommunens förvaltningslokaler"
PP = Procurement.Procedure


def followup_year(today: datetime.date) -> int:
    """The year the demo has followed up. The boards decide their plans in February and
    March; before April the year just ended is the one whose follow-up is on the table."""
    return today.year if today.month >= 4 else today.year - 1


@dataclass(frozen=True)
class Planned:
    """A procurement of next year's plan."""

    board: str
    unit: str
    title: str
    procedure: str
    value: int  # estimated value of the whole contract period, SEK
    cpv: str
    quarter: int
    description: str
    reserved: bool = False
    other_boards: tuple[str, ...] = ()
    followup: str = ""  # how the contract will be followed up, once settled


PLANNED = [
    Planned("VON", "Sektor hemtjänst", "Hemtjänst i valfrihetssystem (LOV) – ny förfrågan om ansökan", PP.CHOICE_SYSTEM, 62_000_000, "85312000-9", 1,
            "Nytt förfrågningsunderlag för valfrihetssystemet i hemtjänsten med skärpta krav på kontinuitet. Kommunens egen hemtjänst ingår på samma villkor.",
            followup="Kontinuitetsmätning varje månad, brukarundersökning en gång per år, stickprov av genomförandeplaner och uppföljningsmöte med varje utförare två gånger per år."),
    Planned("VON", "Myndighetsenheten", "Daglig verksamhet enligt LSS – reserverad för idéburna organisationer", PP.RESERVED, 7_200_000, "85312000-9", 2,
            "Daglig verksamhet med inriktning på trädgård och odling. Reserverad för idéburna organisationer enligt " + cite("lou_reserved_ideburna", short=True) + ".",
            reserved=True),
    Planned("KS", "Näringslivsenheten", "Mötesplats och språkstöd för nyanlända – reserverad för idéburna organisationer", PP.RESERVED, 2_400_000, "85320000-8", 2,
            "Mötesplats med språkcafé och samhällsinformation. Reserverad för idéburna organisationer; ersätter IOP-avtalet när det löper ut.",
            reserved=True),
    Planned("TN", "Gata och park", "Snöröjning och halkbekämpning – norra distriktet", PP.OPEN, 11_800_000, "90620000-9", 1,
            "Nuvarande avtal löper ut. Samma krav på insatstider som i övriga distrikt och krav på fossilfria arbetsmaskiner.",
            followup="Kontroll av insatstider mot GPS-loggar efter varje snöfall, stickprov av fordonens miljöklass och uppföljningsmöte efter säsongen."),
    Planned("TN", "Gata och park", "Nya lekredskap till kommunens lekplatser", PP.OPEN, 3_500_000, "37535200-9", 2,
            "Utbyte av uttjänta lekredskap på sex lekplatser, med krav på tillgänglighet för barn med funktionsnedsättning."),
    Planned("SN", "Kostenheten", "Livsmedel – kolonialvaror", PP.OPEN, 24_500_000, "15800000-6", 1,
            "Ramavtal för kostenhetens kök i förskolor, skolor och vård- och omsorgsboenden.",
            other_boards=("BUN", "VON"),
            followup="Leveransprecision varje månad, stickprov av produkternas ursprung och djurskydd, avstämningsmöte med leverantören varje kvartal."),
    Planned("KS", "Kansliavdelningen", "Telefoni och mobilabonnemang", PP.OPEN, 5_700_000, "64212000-5", 2,
            "Mobil- och fast telefoni för hela kommunen, med tillhörande växelfunktioner.",
            other_boards=("VON", "TN", "SN", "BUN")),
    Planned("BUN", "Barn- och utbildningsförvaltningen", "Skolskjuts – östra området", PP.OPEN, 12_600_000, "60130000-8", 3,
            "Skolskjuts för grundskolans elever i östra området, med krav på bälte, vinterdäck och förare utbildade i bemötande av barn."),
    Planned("BUN", "Elevhälsan", "Handledning i lågaffektivt bemötande för elevhälsan", PP.DIRECT, 380_000, "80500000-9", 3,
            "Direktupphandling under gränsvärdet; tre leverantörer tillfrågas."),
]  # fmt: skip


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def _procurements(
    *,
    users: dict[str, User],
    units: dict[str, Unit],
    boards: dict[str, Board],
    today: datetime.date,
    year: int,
) -> Contract:
    """Fill the procurement module and return the journey's contract."""
    officer = users["upphandlare"]
    days = datetime.timedelta

    def plan(item: Planned, plan_year: int) -> Procurement:
        procurement = procurement_services.procurement_plan(
            title=item.title,
            procedure=item.procedure,
            responsible=officer,
            board=boards[item.board],
            unit=units[item.unit],
            user=officer,
            plan_year=plan_year,
            plan_quarter=item.quarter,
            description=item.description,
            estimated_value=Decimal(item.value),
            cpv_code=item.cpv,
            reserved=item.reserved,
            other_boards=[boards[code] for code in item.other_boards],
        )
        if item.followup:
            procurement_services.procurement_followup_record(
                procurement=procurement, approach=item.followup, user=officer
            )
        return procurement

    def start(procurement: Procurement, advertised: datetime.date, deadline: datetime.date):
        # The advertisement's dates first: starting keeps an advertisement date given.
        procurement_services.procurement_update(
            procurement=procurement,
            user=officer,
            advertised_on=advertised,
            tender_deadline=deadline,
        )
        return procurement_services.procurement_start(procurement=procurement, user=officer)

    def tender(
        procurement: Procurement, name: str, digits: str, received: datetime.date, price: int
    ) -> Tender:
        return procurement_services.tender_register(
            procurement=procurement,
            tenderer_name=name,
            tenderer_org_number=org_number(digits),
            received_on=received,
            files=[_upload(f"anbud_{digits}.pdf", f"Anbud från {name}: {procurement.title}")],
            user=users["registrator"],
            price=Decimal(price),
        )

    def criteria(procurement: Procurement, *quality: tuple[str, int]) -> dict[str, Any]:
        procurement_services.criteria_set(
            procurement=procurement,
            user=officer,
            criteria=[
                procurement_services.Criterion("Pris", "price", Decimal(40)),
                *(procurement_services.Criterion(n, "quality", Decimal(w)) for n, w in quality),
            ],
        )
        return {c.name: c for c in procurement.criteria.all()}

    # Next year's plan.
    for item in PLANNED:
        plan(item, today.year + 1)

    # Running now: two advertised, one whose tenders are being evaluated.
    running = [
        Planned("VON", "Myndighetsenheten", "Träffpunkt och sysselsättning för personer med psykisk funktionsnedsättning", PP.RESERVED, 4_800_000, "85312000-9", 3,
                "Reserverad för idéburna organisationer. Träffpunkten ska vara öppen fem dagar i veckan.",
                reserved=True,
                followup="Besöksstatistik varje kvartal, deltagarenkät en gång per år och uppföljningsmöte med utföraren två gånger per år."),
        Planned("TN", "Fastighetsavdelningen", "Lokalvård – badhuset och idrottshallar", PP.OPEN, 5_400_000, "90911200-8", 3,
                "Ersätter avtalet som löper ut. Krav på städning av omklädningsrum varje dag och mätning av städkvalitet varje kvartal.",
                followup="Städkvalitet mäts enligt SS 627801 varje kvartal; synpunkter från besökare följs upp varje månad."),
        Planned("VON", "Vård- och omsorgsförvaltningen", "Tvätt av arbetskläder och textilier", PP.OPEN, 4_100_000, "98310000-9", 3,
                "Tvätt av arbetskläder, sänglinne och handdukar för vård- och omsorgsboendena och hemtjänsten.",
                followup="Leveransprecision och reklamationer varje kvartal, kontroll av tvättmedlens miljömärkning en gång per år."),
    ]  # fmt: skip
    for index, item in enumerate(running[:2]):
        start(plan(item, today.year), today - days(12 + 9 * index), today + days(18 + 7 * index))
    laundry = start(plan(running[2], today.year), today - days(55), today - days(20))
    scale = criteria(
        laundry, ("Leveranssäkerhet och reservrutiner", 35), ("Miljö och transporter", 25)
    )
    tenders = [
        tender(laundry, "Tvätteriet i Sjövik AB", "556234560", today - days(21), 1_310_000),
        tender(laundry, "Textilvård Norden AB", "556357913", today - days(20), 1_180_000),
        tender(
            laundry, "Kooperativet Vardagsstöd ek. för.", "769600111", today - days(20), 1_420_000
        ),
    ]
    procurement_services.procurement_update(
        procurement=laundry, user=officer, status=Procurement.Status.EVALUATION, tenders_received=3
    )
    # Half-way through the evaluation: two of the three tenders scored so far.
    for offer, marks in zip(tenders[:2], ("9.01 8 7", "10 6 6"), strict=True):
        procurement_services.tender_score(
            tender=offer,
            scores=dict(zip(scale.values(), map(Decimal, marks.split()), strict=True)),
            user=officer,
        )

    # Cancelled: one tender only, far over the budget.
    booking = plan(
        Planned("SN", "Servicekontoret", "Digital bokningstjänst för kommunens lokaler och anläggningar", PP.SIMPLIFIED, 900_000, "48000000-8", 1,
                "Bokning av möteslokaler, idrottshallar och samlingslokaler för förvaltningar, föreningar och allmänhet.",
                followup="Tillgänglighet och svarstider i supporten varje månad, användarenkät en gång per år."),
        today.year,
    )  # fmt: skip
    booking = start(booking, today - days(120), today - days(90))
    tender(booking, "Dataleverantören Sverige AB", "556717273", today - days(91), 1_440_000)
    procurement_services.procurement_cancel(
        procurement=booking,
        reason="Ett anbud inkom och det översteg budgeten med 60 %. Behovet ses över och "
        "upphandlingen görs om nästa år.",
        user=officer,
    )

    # The journey: procured last autumn, awarded in November, and after the standstill
    # period the contract runs from 1 January of the year followed up, so it is in the
    # plan the board decided in February.
    before = year - 1
    procurement = plan(
        Planned("SN", "Serviceförvaltningen", JOURNEY, PP.OPEN, 9_600_000, "90919200-4", 3,
                "Lokalvård i kommunhusets annex, stadshuset, Servicehuset och förvaltningarnas kontor, cirka 14 000 kvadratmeter. Avtalstid tre år.",
                followup="Städkvaliteten mäts enligt SS 627801 varje kvartal av kommunens lokalvårdskontrollant. "
                         "Avvikelser och klagomål redovisas varje kvartal. Kollektivavtalsenliga villkor kontrolleras genom stickprov en gång per år. "
                         "Uppföljningsmöte med leverantören två gånger per år och årlig rapport till servicenämnden."),
        before,
    )  # fmt: skip
    scale = criteria(
        procurement,
        ("Kvalitetssystem och egenkontroll", 25),
        ("Arbetsmiljö och kompetens hos städpersonalen", 20),
        ("Miljö: kemikalier och transporter", 15),
    )
    procurement = start(procurement, datetime.date(before, 9, 8), datetime.date(before, 10, 13))
    offers = [
        tender(procurement, "Nordisk Lokalvård AB", "556712345", datetime.date(before, 10, 10), 3_150_000),
        tender(procurement, "Fastighetsservice i Sjövik AB", "556999000", datetime.date(before, 10, 13), 2_980_000),
        tender(procurement, "Städpartner Mälardalen AB", "559468024", datetime.date(before, 10, 13), 3_420_000),
    ]  # fmt: skip
    procurement_services.procurement_update(
        procurement=procurement,
        user=officer,
        status=Procurement.Status.EVALUATION,
        tenders_received=len(offers),
    )
    comments = {
        "Pris": "Poäng efter lägsta pris delat med anbudets pris.",
        "Kvalitetssystem och egenkontroll": "Egenkontroll varje vecka och tydlig rutin för avvikelser.",
    }
    # Price: the lowest price divided by the tender's, times ten.
    for offer, marks in zip(offers, ("9.46 9 8 8", "10 6 6 7", "8.71 8 9 6"), strict=True):
        procurement_services.tender_score(
            tender=offer,
            scores=dict(zip(scale.values(), map(Decimal, marks.split()), strict=True)),
            comments={c: comments.get(name, "") for name, c in scale.items()},
            user=officer,
        )
    # The notice went out by e-mail the day of the decision: ten days' avtalsspärr.
    procurement_services.procurement_award(
        procurement=procurement,
        tender=offers[0],
        decided_on=datetime.date(before, 11, 27),
        notice_sent_on=datetime.date(before, 11, 27),
        notice_electronic=True,
        user=officer,
    )
    # The award ended the tenders' secrecy (OSL 19 kap. 3 §): the officer released two and
    # kept the third secret for its business secrets (OSL 31 kap. 16 §).
    business_secrets = SecrecyGround.objects.get(chapter=31, section="16")
    for offer in offers[:2]:
        procurement_services.tender_secrecy_review(
            tender=offer,
            secrecy="public",
            reason="Tilldelningsbeslutet är fattat; anbudet innehåller inga affärshemligheter.",
            user=officer,
            reviewed_on=datetime.date(before, 11, 28),
        )
    procurement_services.tender_secrecy_review(
        tender=offers[2],
        secrecy="secret",
        secrecy_ground=business_secrets,
        reason="Anbudet består av kalkyler och personalplanering som är affärshemligheter; "
        "en maskerad kopia lämnas ut på begäran.",
        user=officer,
        reviewed_on=datetime.date(before, 11, 28),
    )
    procurement.refresh_from_db()
    contract = contract_services.contract_from_award(
        procurement=procurement,
        number=contract_services.next_contract_number(year=before),
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year + 2, 12, 31),
        shares=[contract_services.Share(boards["SN"], Decimal(100))],
        user=officer,
        yearly_value=Decimal(3_150_000),
        total_value=Decimal(9_450_000),
    )
    contract_services.contract_classify(
        contract=contract, value_level="high", impact_level="high", user=officer
    )
    contract_services.contract_manager_appoint(
        contract=contract, manager=users["avtal_sn"], appointed_by=users["kommundirektor"]
    )
    for share in ContractBoard.objects.filter(contract=contract, board=boards["SN"]):
        contract_services.strategic_set(share=share, strategic=True)
    contract_services.requirements_apply_templates(
        contract=contract,
        templates=list(
            RequirementTemplate.objects.filter(group__in=[*GENERAL_GROUPS, "Lokalvård"]).order_by(
                "pk"
            )
        ),
    )
    return contract


# --- A year of follow-up ----------------------------------------------------------------
#
# Each board's goals and the annual cycle, a decided follow-up plan of every board's
# strategic contracts (egen regi on the same terms), and the reports: every essential
# requirement assessed, deficiencies with their action plans, the effect on the board's
# goals, the provider's own view, submitted and published. Responsible for a measure is a
# role, never a named person, and the public summaries name no one.

# board -> [(key, goal, description)] for the year followed up.
GOALS = {
    "KS": [
        ("KS.likvardig", "Välfärden ska hålla samma höga kvalitet oavsett utförare",
         "Egen regi, privata och idéburna utförare följs upp med samma krav och på samma sätt."),
        ("KS.ideburna", "Andelen välfärd som utförs av idéburna organisationer ska öka",
         "Fler reserverade upphandlingar och partnerskap med civilsamhället."),
    ],
    "VON": [
        ("VON.kontinuitet", "Brukarna i hemtjänsten ska möta få olika medarbetare",
         "Högst 12 olika medarbetare under 14 dagar för den som har insatser varje dag."),
        ("VON.trygghet", "Äldre ska känna sig trygga och delaktiga i sin vardag",
         "Mäts i brukarundersökningen i hemtjänsten och i särskilt boende."),
        ("VON.villkor", "Medarbetare hos alla utförare ska ha goda och schysta arbetsvillkor", ""),
    ],
    "TN": [
        ("TN.framkomlighet", "Gator, gång- och cykelvägar ska vara framkomliga och säkra året runt", ""),
        ("TN.skotsel", "Parker, lekplatser och idrottsanläggningar ska vara välskötta och tillgängliga", ""),
        ("TN.klimat", "Utsläppen från fordon och arbetsmaskiner i kommunens uppdrag ska minska",
         "Minst hälften av arbetsmaskinerna ska vara eldrivna eller drivas med förnybart bränsle."),
    ],
    "SN": [
        ("SN.lokaler", "Kommunens lokaler ska vara rena, trygga och hälsosamma att vistas i", ""),
        ("SN.service", "Servicen till förvaltningarna och invånarna ska hålla avtalad nivå",
         "Servicenivåerna i tjänsteavtalen och upphandlade avtal uppfylls."),
        ("SN.hallbarhet", "Kommunens inköp ska vara hållbara och följa avtalen", ""),
    ],
    "BUN": [
        ("BUN.skolvag", "Alla elever ska ha en säker och trygg skolväg", ""),
        ("BUN.maltider", "Barn och elever ska få näringsriktiga måltider med litet svinn", ""),
        ("BUN.larmiljo", "Skolans lokaler ska ge en god och hälsosam lärmiljö", ""),
    ],
}  # fmt: skip

# The annual cycle: (kind, title, (month, day), (month, day), board or "", description).
CYCLE = [
    ("reporting", "Uppföljningen av strategiska avtal redovisas med årsbokslutet", (2, 1), (3, 31), "",
     "Nämndernas rapporter och den samlade redovisningen går till kommunstyrelsen och kommunfullmäktige."),
    ("follow_up", "Nämnderna beslutar om årets uppföljningsplaner", (2, 1), (3, 31), "",
     "Vilka strategiska avtal som följs upp, hur och när."),
    ("budget", "Budget och mål- och resursplan för nästa år", (4, 1), (6, 30), "",
     "Ramar och mål för nästa år beslutas av kommunfullmäktige i juni."),
    ("follow_up", "Uppföljning av strategiska avtal", (8, 15), (10, 31), "",
     "Avtalsansvariga följer upp sina avtal enligt nämndens plan och skriver rapporten med handlingsplan."),
    ("procurement_needs", "Inventering av upphandlingsbehov inför nästa år", (9, 1), (9, 30), "",
     "Förvaltningarna anmäler behov till upphandlingsenheten; behoven blir nästa års upphandlingsplan."),
    ("business_plan", "Verksamhetsplaner för nästa år", (10, 1), (11, 30), "",
     "Nämnderna beslutar verksamhetsplan med mål som uppföljningen av avtalen redovisas mot."),
    ("follow_up", "Brukarundersökning i hemtjänst och särskilt boende", (3, 1), (4, 15), "VON",
     "Resultaten per utförare, egen regi inräknad, används i uppföljningen av avtalen."),
    ("other", "Servicenämnden går igenom avtalsrapporterna", (11, 10), (11, 20), "SN",
     "Avtalsansvariga föredrar rapporterna och handlingsplanerna för nämnden."),
]  # fmt: skip

# The board's decision on its plan: board -> ((month, day), paragraph).
PLAN_DECISIONS = {
    "KS": ((2, 24), "34"),
    "VON": ((2, 17), "12"),
    "TN": ((3, 10), "21"),
    "SN": ((2, 26), "9"),
    "BUN": ((3, 17), "27"),
}

# An assessment's comment when the requirement was met, by area (or by title).
MET_COMMENTS = {
    "quality": "Redovisat vid uppföljningsmötet och i utförarens kvalitetsberättelse; inga avvikelser.",
    "environment": "Fordonsförteckning och miljöintyg granskade utan anmärkning.",
    "social": "Uppförandekod och leverantörsled granskade utan anmärkning.",
    "labour": "Kontrollerat mot gällande kollektivavtal genom stickprov; inga avvikelser.",
    "Meddelarfrihet": "Personalen har informerats om meddelarfriheten; informationen finns i personalhandboken.",
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """A requirement not fully met, its deficiency and action plan."""

    requirement: str  # the essential requirement's title
    result: str  # "partly" or "not_met"
    comment: str
    deficiency: str
    # (measure, responsible role, due in days from today, status)
    measures: tuple[tuple[str, str, int, str], ...]


@dataclass(frozen=True)
class Followup:
    """How one strategic contract is followed up this year, and what the report says."""

    method: str
    findings: tuple[Finding, ...] = ()
    goals: tuple[str, ...] = ()  # keys of GOALS
    goal_effect: str = ""
    summary: str = ""
    partner_view: str = ""  # written by the provider through its link
    public_summary: str = ""  # published with this text; empty: not published
    draft: bool = False  # half-way: some requirements assessed, not submitted
    report: bool = True  # False: the report is not begun


DONE, ONGOING, PLANNED_STATUS = "done", "in_progress", "planned"

FOLLOWUPS = {
    "Hemtjänst i valfrihetssystem (LOV) – Omsorgspartner i Mälardalen AB": Followup(
        "Kontinuitetsmätning, stickprov av tio genomförandeplaner, brukarundersökning och uppföljningsmöte med utföraren.",
        findings=(Finding("Kontinuitet för brukaren", "partly",
                          "I genomsnitt 15 olika medarbetare på 14 dagar för brukare med insatser varje dag under våren; 11 under hösten.",
                          "Kontinuiteten för brukare med omfattande insatser nådde inte kravet under första halvåret.",
                          (("Fasta team med högst åtta medarbetare per brukargrupp", "Verksamhetschef hos utföraren", -75, DONE),
                           ("Kontinuitetsmätning redovisas till förvaltningen varje månad", "Avtalsansvarig, vård- och omsorgsförvaltningen", 40, ONGOING))),),
        goals=("VON.kontinuitet",),
        goal_effect="Bristen i kontinuitet under våren påverkade målet om få medarbetare per brukare; efter införandet av fasta team nås kravet.",
        partner_view="Samarbetet med förvaltningen fungerar väl. Vi vill gärna ha tätare dialog om planeringen när biståndsbesluten ändras.",
        public_summary="Utföraren uppfyller de flesta väsentliga kraven. Kontinuiteten för brukare med insatser varje dag var för låg under våren; utföraren har infört fasta team och redovisar kontinuiteten varje månad.",
    ),
    "Hemtjänst i egen regi inom valfrihetssystemet – Hemtjänst Norr": Followup(
        "Samma uppföljning som för de privata utförarna: kontinuitetsmätning, stickprov av genomförandeplaner, brukarundersökning och uppföljningsmöte.",
        findings=(Finding("Genomförandeplan", "partly",
                          "Sju av tio granskade genomförandeplaner var upprättade inom 14 dagar.",
                          "Genomförandeplaner upprättas inte alltid inom 14 dagar från beslutet.",
                          (("Rutin att boka tid för genomförandeplan vid första besöket", "Enhetschef, Hemtjänst Norr", -20, ONGOING),
                           ("Ny granskning av tio genomförandeplaner", "Kvalitetsutvecklare, vård- och omsorgsförvaltningen", 60, PLANNED_STATUS))),),
        goals=("VON.trygghet", "VON.kontinuitet"),
        goal_effect="Sena genomförandeplaner gör brukarens delaktighet mindre under de första veckorna, vilket påverkar målet om trygghet och delaktighet.",
        partner_view="Enheten delar bilden och arbetar med att boka genomförandeplanen redan vid första besöket.",
        public_summary="Kommunens egen hemtjänst i norra Sjövik följs upp på samma sätt som de privata utförarna. De flesta krav är uppfyllda; genomförandeplanerna ska upprättas snabbare och en ny granskning görs.",
    ),
    "Drift av Björkbackens vård- och omsorgsboende": Followup(
        "Verksamhetsbesök, granskning av avvikelser, brukarundersökning och uppföljningsmöte med utföraren.",
        findings=(Finding("Utevistelse och aktiviteter", "partly",
                          "Aktiviteter erbjuds varje dag, men utevistelse erbjöds inte dagligen under vintern enligt de boendes dokumentation.",
                          "Daglig utevistelse erbjuds inte alla boende under vinterhalvåret.",
                          (("Schema för utevistelse med ansvarig medarbetare varje dag", "Verksamhetschef hos utföraren", -40, DONE),
                           ("Uppföljning av utevistelse i de boendes dokumentation", "Avtalsansvarig, vård- och omsorgsförvaltningen", 90, PLANNED_STATUS))),),
        goals=("VON.trygghet",),
        goal_effect="Påverkar de boendes delaktighet och välbefinnande; åtgärden bedöms räcka för att målet nås nästa år.",
        partner_view="Vi uppskattar verksamhetsbesöken och har tagit till oss synpunkterna om utevistelse.",
        public_summary="Boendet uppfyller kraven på bemanning, kvalitetsarbete och arbetsvillkor. Utevistelse erbjöds inte varje dag under vintern; ett schema för utevistelse har införts.",
    ),
    "Drift av Ekbackens vård- och omsorgsboende (egen regi)": Followup(
        "Verksamhetsbesök, granskning av avvikelser, brukarundersökning och uppföljningsmöte, som för de privata boendena.",
        draft=True,
    ),
    "Snöröjning och halkbekämpning – centrala Sjövik": Followup(
        "Kontroll av insatstider mot GPS-loggar efter varje snöfall, stickprov av fordon och möte med entreprenören efter säsongen.",
        findings=(Finding("Insatstid vid snöfall", "not_met",
                          "Vid två av nio snöfall påbörjades plogningen mer än två timmar efter 5 cm snö.",
                          "Plogningen påbörjades för sent vid två snöfall i januari.",
                          (("Förstärkt beredskap med ytterligare ett fordon nattetid", "Entreprenörens driftchef", -200, DONE),
                           ("Larmrutin från kommunens väderstation direkt till entreprenörens jour", "Enhetschef, Gata och park", -120, DONE))),
                  Finding("Fordon och arbetsmaskiner", "partly",
                          "Två av elva traktorer uppfyller endast steg IV.",
                          "Två arbetsmaskiner uppfyller inte miljökravet.",
                          (("Byte av två traktorer till maskiner som uppfyller steg V", "Entreprenörens driftchef", 120, ONGOING),))),
        goals=("TN.framkomlighet", "TN.klimat"),
        goal_effect="De sena insatserna i januari påverkade framkomligheten i centrum under några timmar; de äldre maskinerna fördröjer målet om minskade utsläpp.",
        public_summary="Entreprenören uppfyller de flesta krav. Vid två snöfall började plogningen för sent; beredskapen är förstärkt. Två äldre arbetsmaskiner byts ut under året.",
    ),
    "Snöröjning och halkbekämpning – västra distriktet och ytterområdena (egen regi)": Followup(
        "Samma kontroll av insatstider och fordon som för entreprenörerna.",
        goals=("TN.framkomlighet",),
        goal_effect="Inga brister; uppdraget bidrar till målet om framkomlighet.",
        public_summary="Kommunens egen snöröjning i västra distriktet följs upp på samma sätt som entreprenörerna. Alla väsentliga krav är uppfyllda.",
    ),
    "Parkskötsel – centrala Sjövik": Followup(
        "Besiktning av ytorna mot skötselplanen tre gånger per säsong och uppföljningsmöte med entreprenören.",
        findings=(Finding("Skötselnivå enligt skötselplan", "partly",
                          "Gräsytorna i Stadsparken höll inte skötselnivån vid besiktningen i juni.",
                          "Gräsklippningen i Stadsparken låg efter skötselplanen under försommaren.",
                          (("Extra klippning varannan vecka i maj–juni", "Entreprenörens arbetsledare", -100, DONE),)),),
        goals=("TN.skotsel",),
        goal_effect="Påverkade upplevelsen av Stadsparken under försommaren; i övrigt bidrar avtalet till målet om välskötta parker.",
        partner_view="Bra samarbete. En gemensam besiktning i början av säsongen skulle hjälpa oss att prioritera rätt.",
        public_summary="Parkskötseln uppfyller kraven med ett undantag: gräset i Stadsparken klipptes för sällan under försommaren. Extra klippning har införts.",
    ),
    "Insamling av hushållsavfall": Followup(
        "Stickprov av tömningar, kundklagomål, kontroll av arbetstider och fordon, uppföljningsmöte.",
        findings=(Finding("Arbetstid", "not_met",
                          "Stickprov visar att dygnsvilan inte hölls för fyra chaufförer under sommaren.",
                          "Dygnsvilan enligt arbetstidslagen och kollektivavtalet hölls inte under semesterperioden.",
                          (("Ny bemanningsplan för semesterperioden", "Entreprenörens platschef", 150, ONGOING),
                           ("Nytt stickprov av arbetstider efter sommaren", "Avtalsansvarig, tekniska förvaltningen", 240, PLANNED_STATUS))),),
        goal_effect="Bristen gäller arbetsvillkor och påverkar inte nämndens mål direkt, men är ett väsentligt avtalsbrott som följs upp särskilt.",
    ),
    "Drift av Sjövikshallen och kommunens idrottsplatser": Followup(
        "Verksamhetsbesök, mätning av städkvalitet i omklädningsrum och genomgång av öppettider med föreningen.",
        draft=True,
    ),
    "Livsmedel – kött och chark": Followup(
        "Leveransprecision varje månad, stickprov av ursprung och djurskydd, avstämning med leverantören varje kvartal.",
        findings=(Finding("Leveransprecision", "partly",
                          "96 % av leveranserna kom i rätt tid och med rätt innehåll; kravet är 98 %.",
                          "Leveransprecisionen låg under kravet under våren.",
                          (("Leverantören byter till fasta leveransdagar per kök", "Leverantörens kundansvarige", -60, DONE),
                           ("Månadsvis redovisning av leveransprecisionen", "Kostchef, serviceförvaltningen", 30, ONGOING))),),
        goals=("SN.service",),
        goal_effect="Sena leveranser gav köken merarbete men påverkade inte måltiderna.",
        partner_view="Vi har ändrat körscheman och ser bättre resultat sedan i maj.",
        public_summary="Leverantören uppfyller kraven på djurskydd och arbetsvillkor. Leveransprecisionen var 96 % mot kravet 98 %; fasta leveransdagar har införts.",
    ),
    "IT-drift och serverhallstjänster": Followup(
        "Månadsrapporter om tillgänglighet och incidenter, säkerhetsgranskning och avstämningsmöte varje kvartal.",
        report=False,
    ),
    "Kontaktcenter och växel (egen regi)": Followup(
        "Mätning av svarstider, genomgång av klagomål och uppföljningsmöte med Servicekontoret.",
        findings=(Finding("Avvikelser och klagomål", "partly",
                          "Klagomålen dokumenteras men redovisades inte till beställarna under två kvartal.",
                          "Klagomål redovisades inte varje kvartal.",
                          (("Kvartalsrapport om klagomål till beställande förvaltningar", "Enhetschef, Servicekontoret", -30, DONE),)),),
        goals=("SN.service",),
        goal_effect="Utan redovisningen kunde förvaltningarna inte åtgärda återkommande frågor i tid.",
        public_summary="Kommunens kontaktcenter följs upp på samma villkor som externa utförare. Svarstiderna håller avtalad nivå; redovisningen av klagomål sker nu varje kvartal.",
    ),
    JOURNEY: Followup(
        "Kvalitetsmätning enligt SS 627801 varje kvartal, granskning av avvikelserapporter, stickprov av arbetsvillkor och uppföljningsmöte med leverantören.",
        findings=(Finding("Städkvalitet", "partly",
                          "Två av fyra kvartalsmätningar låg under kvalitetsprofilen, främst i trapphus och mötesrum i stadshuset.",
                          "Städkvaliteten nådde inte kvalitetsprofilen i två av fyra mätningar.",
                          (("Extra städning av trapphus och mötesrum två gånger per vecka", "Leverantörens områdeschef", -45, DONE),
                           ("Gemensam kvalitetsrond varje månad med kommunens lokalvårdskontrollant", "Enhetschef, Lokalvården", 75, ONGOING))),
                  Finding("Avvikelser och klagomål", "not_met",
                          "Avvikelser och klagomål redovisades inte för första och andra kvartalet.",
                          "Leverantören redovisade inte avvikelser och klagomål varje kvartal under första halvåret.",
                          (("Kvartalsrapport enligt kommunens mall", "Leverantörens områdeschef", -15, DONE),))),
        goals=("SN.lokaler", "SN.service"),
        goal_effect="Den lägre städkvaliteten i stadshuset under första halvåret påverkade målet om rena och hälsosamma lokaler. Efter åtgärderna har de två senaste mätningarna nått kvalitetsprofilen.",
        summary="Första avtalsåret. Uppstarten tog längre tid än planerat i stadshuset; i övriga lokaler har kraven uppfyllts.",
        partner_view="Uppstarten i stadshuset var svårare än vi räknat med. Den gemensamma kvalitetsronden har gjort det tydligt vad som förväntas, och vi ser fram emot fortsatt samarbete.",
        public_summary="Första året av avtalet. Leverantören uppfyller kraven på arbetsvillkor och miljö. Städkvaliteten nådde inte kvalitetsprofilen i två av fyra mätningar och avvikelser redovisades för sent under första halvåret; extra städning, en månatlig kvalitetsrond och kvartalsrapporter har införts.",
    ),
    "Måltider i förskola och skola (egen regi)": Followup(
        "Mätning av matsvinn varje vecka, granskning av matsedlar mot Livsmedelsverkets råd och matråd med elever.",
        findings=(Finding("Minskat matsvinn", "partly",
                          "Matsvinnet minskade med 6 %; kravet är 10 % per år.",
                          "Matsvinnet minskade mindre än avtalat.",
                          (("Tallrikssvinnet mäts och visas för eleverna i matsalen", "Kostchef, serviceförvaltningen", 100, ONGOING),)),),
        goals=("BUN.maltider",),
        goal_effect="Målet om litet svinn nås inte fullt ut; måltidernas kvalitet håller kraven.",
        partner_view="Kostenheten arbetar vidare med svinnet tillsammans med skolorna.",
        public_summary="Kommunens egen kostenhet följs upp som en extern utförare. Måltiderna följer Livsmedelsverkets råd; matsvinnet minskade med 6 % mot målet 10 %.",
    ),
    "Lokalvård – skolor i norra Sjövik": Followup(
        "Kvalitetsmätning enligt SS 627801 varje kvartal och skyddsronder med skolorna.",
        findings=(Finding("Städkvalitet", "not_met",
                          "Vid två skolor låg alla fyra mätningarna under kvalitetsprofilen.",
                          "Städkvaliteten vid två skolor nådde inte kvalitetsprofilen under året.",
                          (("Bemanningen vid de två skolorna ökas med en städare", "Leverantörens områdeschef", -10, DONE),
                           ("Ny mätning vid båda skolorna", "Rektor i samråd med avtalsansvarig", 45, PLANNED_STATUS))),),
        goals=("BUN.larmiljo",),
        goal_effect="Bristande städning vid två skolor påverkar målet om en god och hälsosam lärmiljö.",
        partner_view="Vi har förstärkt bemanningen och vill gärna gå igenom mätmetoden tillsammans med kommunen.",
        public_summary="Städningen vid två av skolorna nådde inte avtalad kvalitet. Leverantören har förstärkt bemanningen och nya mätningar görs. Övriga krav är uppfyllda.",
    ),
    "Skolskjuts – norra området": Followup(
        "Stickprov av fordon och bälten, synpunkter från vårdnadshavare och skolor, uppföljningsmöte med trafikföretaget.",
        findings=(Finding("Förarnas kompetens och bemötande", "partly",
                          "Tre av tolv förare saknade utbildning i bemötande av elever med funktionsnedsättning.",
                          "Alla förare har inte genomgått utbildning i bemötande.",
                          (("Utbildning för de tre förarna", "Trafikföretagets trafikchef", -50, DONE),)),),
        goals=("BUN.skolvag",),
        goal_effect="Bristen kan påverka tryggheten för elever med funktionsnedsättning; den är åtgärdad.",
        public_summary="Fordonen och trafiksäkerheten uppfyller kraven. Några förare saknade utbildning i bemötande; utbildningen är genomförd.",
    ),
    "IOP om stöd och mötesplatser för nyanlända": Followup(
        "Gemensam dialog om partnerskapets mål, besöksstatistik och verksamhetsberättelse.",
        goals=("KS.ideburna",),
        goal_effect="Partnerskapet bidrar till målet om fler idéburna utförare.",
        partner_view="Partnerskapet ger oss möjlighet att planera långsiktigt. Vi önskar en gemensam dag för erfarenhetsutbyte.",
        public_summary="Partnerskapet med en idéburen organisation följs upp i dialog. Mötesplatsen har haft öppet enligt överenskommelsen och alla väsentliga villkor är uppfyllda.",
    ),
}  # fmt: skip

DEFAULT_METHOD = "Uppföljningsmöte med utföraren och granskning av redovisade underlag."


def _followup(
    *,
    users: dict[str, User],
    boards: dict[str, Board],
    journey: Contract,
    today: datetime.date,
    year: int,
) -> None:
    secretary = users["namndsekreterare"]

    goals: dict[str, Goal] = {}
    for code, entries in GOALS.items():
        for key, title, description in entries:
            goals[key] = goal_services.goal_create(
                board=boards[code], year=year, title=title, description=description
            )

    for cycle_year in (year, year + 1):
        for kind, title, start, end, code, description in CYCLE:
            followup_services.cycle_event_create(
                year=cycle_year,
                kind=kind,
                title=title,
                starts_on=datetime.date(cycle_year, *start),
                ends_on=datetime.date(cycle_year, *end),
                board=boards[code] if code else None,
                description=description,
                user=users["admin"],
            )

    # Each board's plan of its strategic contracts, decided in February or March. A
    # contract strategic for two boards is in both plans and reported on once.
    items: dict[int, PlanItem] = {}
    for code, board in boards.items():
        shares = ContractBoard.objects.filter(board=board, strategic=True).select_related(
            "contract__contract_manager"
        )
        shares = shares.order_by("contract__number")
        if not shares:
            continue
        plan = followup_services.plan_create(board=board, year=year)
        for index, share in enumerate(shares):
            contract = share.contract
            scenario = FOLLOWUPS.get(contract.title)
            item = followup_services.plan_item_add(
                plan=plan,
                contract=contract,
                method=scenario.method if scenario else DEFAULT_METHOD,
                due_on=datetime.date(year, 8 + index % 3, 20),
                responsible=contract.contract_manager,
                user=secretary,
            )
            items.setdefault(contract.pk, item)
        (month, day), paragraph = PLAN_DECISIONS[code]
        followup_services.plan_decide(
            plan=plan,
            decided_on=min(datetime.date(year, month, day), today),
            paragraph=paragraph,
            user=secretary,
        )

    # Next year's plan of the journey's board, still a draft.
    board = boards["SN"]
    plan = followup_services.plan_create(board=board, year=year + 1)
    shares = ContractBoard.objects.filter(board=board, strategic=True).select_related("contract")
    for index, share in enumerate(shares.order_by("contract__number")):
        contract = share.contract
        if contract.end_date is None or contract.end_date.year > year:
            scenario = FOLLOWUPS.get(contract.title)
            followup_services.plan_item_add(
                plan=plan,
                contract=contract,
                method=scenario.method if scenario else DEFAULT_METHOD,
                due_on=datetime.date(year + 1, 8 + index % 3, 20),
                responsible=contract.contract_manager,
                user=secretary,
            )

    for item in items.values():
        contract = item.contract
        scenario = FOLLOWUPS.get(contract.title)
        if scenario is None or not scenario.report:
            continue
        _report(contract, item, scenario, goals, today, year, journey=contract.pk == journey.pk)

    # The journey's board has registered its report on the year in the diarium.
    reporting.board_report_register(board=boards["SN"], year=year, user=secretary)


def _report(
    contract: Contract,
    item: PlanItem,
    scenario: Followup,
    goals: dict[str, Goal],
    today: datetime.date,
    year: int,
    *,
    journey: bool,
) -> None:
    manager = contract.contract_manager
    assert manager is not None  # every strategic contract has one
    report = followup_services.report_create(
        contract=contract, year=year, plan_item=item, user=manager
    )
    findings = {finding.requirement: finding for finding in scenario.findings}
    essential = list(contract.requirements.filter(essential=True).order_by("order"))
    if scenario.draft:
        essential = essential[: len(essential) // 2]
    for requirement in essential:
        finding = findings.get(requirement.title)
        evidence = None
        if journey and requirement.title == "Städkvalitet":
            evidence = [
                followup_services.evidence_register(
                    report=report,
                    requirement=requirement,
                    files=[_upload("kvalitetsmatningar.pdf", "Kvalitetsmätningar SS 627801")],
                    user=manager,
                )
            ]
        followup_services.assessment_record(
            report=report,
            requirement=requirement,
            result=finding.result if finding else "met",
            comment=finding.comment
            if finding
            else MET_COMMENTS.get(requirement.title, MET_COMMENTS[requirement.area]),
            evidence=evidence,
            user=manager,
        )
        if finding is None:
            continue
        deficiency = followup_services.deficiency_add(
            report=report, description=finding.deficiency, requirement=requirement, user=manager
        )
        for description, responsible, due, status in finding.measures:
            measure = followup_services.measure_add(
                report=report,
                description=description,
                responsible=responsible,
                due_on=today + datetime.timedelta(days=due),
                deficiency=deficiency,
                user=manager,
            )
            if status != Measure.Status.PLANNED:
                followup_services.measure_set_status(measure=measure, status=status, user=manager)
    followup_services.report_describe(
        report=report,
        goal_effect=scenario.goal_effect,
        goals=[goals[key] for key in scenario.goals],
        partner_view="",
        summary=scenario.summary,
        user=manager,
    )
    if scenario.partner_view:
        followup_services.partner_view_record(report=report, text=scenario.partner_view)
    if scenario.draft:
        return
    followup_services.report_submit(report=report, user=manager)
    if scenario.public_summary:
        followup_services.report_publish(
            report=report, public_summary=scenario.public_summary, user=manager
        )


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
