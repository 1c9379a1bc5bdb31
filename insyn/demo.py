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

from insyn.core.calendar import working_days_in
from insyn.core.models import Board, Organisation, Party, Role, RoleAssignment, Unit, User
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
    documents = 0
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
        documents += 1

    # A few cases are finished and closed, as in any real diarium.
    for case in list(opened.values())[: cases // 3]:
        registry.case_close(case=case, closed_by=users["registrator"], note="Ärendet är avslutat.")
    return {
        "boards": len(boards),
        "units": len(units),
        "cases": len(opened),
        "documents": documents,
    }


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
