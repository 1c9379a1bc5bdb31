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

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from insyn.challenges import demo as challenges_demo
from insyn.contracts import demo as contracts_demo
from insyn.contracts import services as contract_services
from insyn.contracts.demo import DEALS, GENERAL_GROUPS  # noqa: F401 (the tests import DEALS from here)
from insyn.contracts.models import (
    Contract,
    ContractBoard,
    RequirementTemplate,
)
from insyn.core import demo as core_demo
from insyn.core.demo import (
    DEMO_PASSWORD,
    USERS,
    org_number,
    pdf_bytes,
)
from insyn.core.legal import cite
from insyn.core.models import Board, Organisation, Unit, User
from insyn.followup import goal_services, reporting
from insyn.followup import services as followup_services
from insyn.followup.models import FollowUpPlan, FollowUpReport, Goal, Measure, PlanItem
from insyn.procurement import services as procurement_services
from insyn.procurement.models import Procurement, Tender
from insyn.registry import demo_diarium as diarium_demo
from insyn.registry.models import Case, Document, SecrecyGround


@transaction.atomic
def load(*, seed: int = 2026, cases: int = 95, processes: bool = True) -> dict[str, int]:
    """Create the demo kommun. Refuses to run twice on the same database.

    `processes=False` leaves out the challenges and the contract register: the benchmark
    wants the organisation only, and fills the diarium itself."""
    if Organisation.objects.exists():
        raise RuntimeError("The database already holds an organisation; the demo is not loaded.")
    rng = random.Random(seed)
    today = timezone.localdate()
    kommun = core_demo.organisation_create(today=today)
    boards, units, users = kommun.boards, kommun.units, kommun.users
    diarium_demo.series_create(kommun)
    diarium_demo.diarium_load(kommun=kommun, rng=rng, cases=cases)
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
    challenges = challenges_demo.challenges_load(kommun)
    # Its own random, so the diarium above stays as it was.
    contracts = contracts_demo.contracts_load(kommun=kommun, rng=random.Random(seed + 1))
    year = followup_year(today)
    journey = _procurements(users=users, units=units, boards=boards, today=today, year=year)
    _followup(users=users, boards=boards, journey=journey, today=today, year=year)
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


def logins() -> list[tuple[str, str, str]]:
    """(user name, password, role) for each demo login."""
    return [(username, DEMO_PASSWORD, str(role.label)) for username, _f, _l, role, _u in USERS]
