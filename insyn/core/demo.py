"""The demo kommun's organisation: its boards and units, parties, and the demo logins.

The other apps' demo modules build on what this one makes (see insyn/demo.py, which calls
them in order). `pdf_bytes` and `upload` make the small PDFs every module attaches.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from insyn.core.models import Board, Organisation, Party, Role, RoleAssignment, Unit, User

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


def upload(name: str, text: str) -> SimpleUploadedFile:
    """A one-page PDF upload, as a staff member or a form would send it."""
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


@dataclass
class Kommun:
    """What the organisation part made, for the other apps' demo modules to use."""

    organisation: Organisation
    boards: dict[str, Board]
    units: dict[str, Unit]
    parties: dict[str, list[Party]]  # by kind: company, nonprofit, public_body
    users: dict[str, User]
    today: datetime.date


def organisation_create(*, today: datetime.date) -> Kommun:
    """The kommun, its boards and units, the parties of the diarium and the logins."""
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
        units.update(_units_create(boards[code]))
    return Kommun(
        organisation=organisation,
        boards=boards,
        units=units,
        parties=_parties_create(),
        users=_users_create(units),
        today=today,
    )


def _units_create(board: Board) -> dict[str, Unit]:
    """The board's administration and the units under it."""
    administration, children = UNITS[board.code]
    top = Unit.objects.create(board=board, name=administration, kind=Unit.Kind.ADMINISTRATION)
    units = {administration: top}
    for child, in_house, grandchildren in children:
        unit_kind = (
            Unit.Kind.SECTOR if grandchildren or child.startswith("Sektor") else Unit.Kind.UNIT
        )
        units[child] = Unit.objects.create(
            board=board, parent=top, name=child, kind=unit_kind, delivers_in_house=in_house
        )
        for grandchild, grand_in_house in grandchildren:
            units[grandchild] = Unit.objects.create(
                board=board,
                parent=units[child],
                name=grandchild,
                kind=Unit.Kind.UNIT,
                delivers_in_house=grand_in_house,
            )
    return units


def _parties_create() -> dict[str, list[Party]]:
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
    return parties


def _users_create(units: dict[str, Unit]) -> dict[str, User]:
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
    return users
