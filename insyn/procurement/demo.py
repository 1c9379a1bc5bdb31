"""The demo kommun's procurements: next year's plan, those running now, one cancelled,
and the one the demo follows all the way (JOURNEY).

The journey is planned, its follow-up settled, started, evaluated, awarded, and the
contract made from the award is classified, given a contract manager, marked strategic
(contracts.demo.award_contract) and followed up (followup.demo). All through the
procurement and contract services; what they date "today" (the start of a procurement,
the appointment of a manager) is dated today.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from insyn.contracts.demo import award_contract
from insyn.contracts.models import Contract
from insyn.core.demo import Kommun, org_number, upload
from insyn.core.legal import cite
from insyn.procurement import services as procurement_services
from insyn.procurement.models import EvaluationCriterion, Procurement, Tender
from insyn.registry.models import SecrecyGround

JOURNEY = "Lokalvård i kommunens förvaltningslokaler"
PP = Procurement.Procedure


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


# Running now: two advertised, one whose tenders are being evaluated.
RUNNING = [
    Planned("VON", "Myndighetsenheten", "Träffpunkt och sysselsättning för personer med psykisk funktionsnedsättning", PP.RESERVED, 4_800_000, "85312000-9", 3,
            "Reserverad för idéburna organisationer. Träffpunkten ska vara öppen fem dagar i veckan.",
            reserved=True,
            followup="Besöksstatistik varje kvartal, deltagarenkät en gång per år och uppföljningsmöte med utföraren två gånger per år."),
    Planned("TN", "Fastighetsavdelningen", "Lokalvård – badhuset och idrottshallar", PP.OPEN, 5_400_000, "90911200-8", 3,
            "Ersätter avtalet som löper ut. Krav på städning av omklädningsrum varje dag och mätning av städkvalitet varje kvartal.",
            followup="Städkvalitet mäts enligt SS 627801 varje kvartal; synpunkter från besökare följs upp varje månad."),
]  # fmt: skip
EVALUATING = Planned("VON", "Vård- och omsorgsförvaltningen", "Tvätt av arbetskläder och textilier", PP.OPEN, 4_100_000, "98310000-9", 3,
                     "Tvätt av arbetskläder, sänglinne och handdukar för vård- och omsorgsboendena och hemtjänsten.",
                     followup="Leveransprecision och reklamationer varje kvartal, kontroll av tvättmedlens miljömärkning en gång per år.")  # fmt: skip
CANCELLED = Planned("SN", "Servicekontoret", "Digital bokningstjänst för kommunens lokaler och anläggningar", PP.SIMPLIFIED, 900_000, "48000000-8", 1,
                    "Bokning av möteslokaler, idrottshallar och samlingslokaler för förvaltningar, föreningar och allmänhet.",
                    followup="Tillgänglighet och svarstider i supporten varje månad, användarenkät en gång per år.")  # fmt: skip
JOURNEY_PLAN = Planned("SN", "Serviceförvaltningen", JOURNEY, PP.OPEN, 9_600_000, "90919200-4", 3,
                       "Lokalvård i kommunhusets annex, stadshuset, Servicehuset och förvaltningarnas kontor, cirka 14 000 kvadratmeter. Avtalstid tre år.",
                       followup="Städkvaliteten mäts enligt SS 627801 varje kvartal av kommunens lokalvårdskontrollant. "
                                "Avvikelser och klagomål redovisas varje kvartal. Kollektivavtalsenliga villkor kontrolleras genom stickprov en gång per år. "
                                "Uppföljningsmöte med leverantören två gånger per år och årlig rapport till servicenämnden.")  # fmt: skip
# The journey's tenders: (tenderer, nine digits of the org. number, received in October,
# price a year, scores per criterion). Price: the lowest price divided by the tender's,
# times ten.
JOURNEY_TENDERS = [
    ("Nordisk Lokalvård AB", "556712345", 10, 3_150_000, "9.46 9 8 8"),
    ("Fastighetsservice i Sjövik AB", "556999000", 13, 2_980_000, "10 6 6 7"),
    ("Städpartner Mälardalen AB", "559468024", 13, 3_420_000, "8.71 8 9 6"),
]
JOURNEY_COMMENTS = {
    "Pris": "Poäng efter lägsta pris delat med anbudets pris.",
    "Kvalitetssystem och egenkontroll": "Egenkontroll varje vecka och tydlig rutin för avvikelser.",
}

days = datetime.timedelta


def procurements_load(*, kommun: Kommun, year: int) -> Contract:
    """Fill the procurement module and return the journey's contract."""
    today = kommun.today
    for item in PLANNED:
        _plan(kommun, item, today.year + 1)
    for index, item in enumerate(RUNNING):
        _start(
            kommun,
            _plan(kommun, item, today.year),
            today - days(12 + 9 * index),
            today + days(18 + 7 * index),
        )
    _evaluating(kommun)
    _cancelled(kommun)
    return _journey(kommun, year)


def _plan(kommun: Kommun, item: Planned, plan_year: int) -> Procurement:
    officer = kommun.users["upphandlare"]
    procurement = procurement_services.procurement_plan(
        title=item.title,
        procedure=item.procedure,
        responsible=officer,
        board=kommun.boards[item.board],
        unit=kommun.units[item.unit],
        user=officer,
        plan_year=plan_year,
        plan_quarter=item.quarter,
        description=item.description,
        estimated_value=Decimal(item.value),
        cpv_code=item.cpv,
        reserved=item.reserved,
        other_boards=[kommun.boards[code] for code in item.other_boards],
    )
    if item.followup:
        procurement_services.procurement_followup_record(
            procurement=procurement, approach=item.followup, user=officer
        )
    return procurement


def _start(
    kommun: Kommun, procurement: Procurement, advertised: datetime.date, deadline: datetime.date
) -> Procurement:
    officer = kommun.users["upphandlare"]
    # The advertisement's dates first: starting keeps an advertisement date given.
    procurement_services.procurement_update(
        procurement=procurement,
        user=officer,
        advertised_on=advertised,
        tender_deadline=deadline,
    )
    # Its case opened the day it was advertised, before the tenders came in.
    return procurement_services.procurement_start(
        procurement=procurement, user=officer, registered_on=advertised
    )


def _tender(
    kommun: Kommun,
    procurement: Procurement,
    name: str,
    digits: str,
    received: datetime.date,
    price: int,
) -> Tender:
    return procurement_services.tender_register(
        procurement=procurement,
        tenderer_name=name,
        tenderer_org_number=org_number(digits),
        received_on=received,
        files=[upload(f"anbud_{digits}.pdf", f"Anbud från {name}: {procurement.title}")],
        user=kommun.users["registrator"],
        price=Decimal(price),
        # Registered the day it came in.
        registered_on=received,
    )


def _criteria(
    kommun: Kommun, procurement: Procurement, *quality: tuple[str, int]
) -> dict[str, EvaluationCriterion]:
    """Price at 40 % and the quality criteria given; by name."""
    procurement_services.criteria_set(
        procurement=procurement,
        user=kommun.users["upphandlare"],
        criteria=[
            procurement_services.Criterion("Pris", "price", Decimal(40)),
            *(procurement_services.Criterion(n, "quality", Decimal(w)) for n, w in quality),
        ],
    )
    return {c.name: c for c in procurement.criteria.all()}


def _evaluate(kommun: Kommun, procurement: Procurement, tenders: int) -> None:
    procurement_services.procurement_update(
        procurement=procurement,
        user=kommun.users["upphandlare"],
        status=Procurement.Status.EVALUATION,
        tenders_received=tenders,
    )


def _score(
    kommun: Kommun,
    offer: Tender,
    scale: dict[str, EvaluationCriterion],
    marks: str,
    **comments: Any,
) -> None:
    """Score a tender: `marks` in the order of the criteria, separated by spaces."""
    procurement_services.tender_score(
        tender=offer,
        scores=dict(zip(scale.values(), map(Decimal, marks.split()), strict=True)),
        user=kommun.users["upphandlare"],
        **comments,
    )


def _evaluating(kommun: Kommun) -> None:
    """The laundry: tenders in, half-way through the evaluation (two of three scored)."""
    today = kommun.today
    laundry = _start(
        kommun, _plan(kommun, EVALUATING, today.year), today - days(55), today - days(20)
    )
    scale = _criteria(
        kommun, laundry, ("Leveranssäkerhet och reservrutiner", 35), ("Miljö och transporter", 25)
    )
    tenders = [
        _tender(kommun, laundry, "Tvätteriet i Sjövik AB", "556234560", today - days(21), 1_310_000),
        _tender(kommun, laundry, "Textilvård Norden AB", "556357913", today - days(20), 1_180_000),
        _tender(kommun, laundry, "Kooperativet Vardagsstöd ek. för.", "769600111", today - days(20), 1_420_000),
    ]  # fmt: skip
    _evaluate(kommun, laundry, 3)
    for offer, marks in zip(tenders[:2], ("9.01 8 7", "10 6 6"), strict=True):
        _score(kommun, offer, scale, marks)


def _cancelled(kommun: Kommun) -> None:
    """Cancelled: one tender only, far over the budget."""
    today = kommun.today
    booking = _plan(kommun, CANCELLED, today.year)
    booking = _start(kommun, booking, today - days(120), today - days(90))
    _tender(
        kommun, booking, "Dataleverantören Sverige AB", "556717273", today - days(91), 1_440_000
    )
    procurement_services.procurement_cancel(
        procurement=booking,
        reason="Ett anbud inkom och det översteg budgeten med 60 %. Behovet ses över och "
        "upphandlingen görs om nästa år.",
        user=kommun.users["upphandlare"],
    )


def _journey(kommun: Kommun, year: int) -> Contract:
    """Procured last autumn, awarded in November, and after the standstill period the
    contract runs from 1 January of the year followed up, so it is in the plan the board
    decided in February."""
    before = year - 1
    procurement = _plan(kommun, JOURNEY_PLAN, before)
    scale = _criteria(
        kommun,
        procurement,
        ("Kvalitetssystem och egenkontroll", 25),
        ("Arbetsmiljö och kompetens hos städpersonalen", 20),
        ("Miljö: kemikalier och transporter", 15),
    )
    procurement = _start(
        kommun, procurement, datetime.date(before, 9, 8), datetime.date(before, 10, 13)
    )
    offers = [
        _tender(kommun, procurement, name, digits, datetime.date(before, 10, day), price)
        for name, digits, day, price, _marks in JOURNEY_TENDERS
    ]
    _evaluate(kommun, procurement, len(offers))
    comments = {c: JOURNEY_COMMENTS.get(name, "") for name, c in scale.items()}
    for offer, (*_tender_data, marks) in zip(offers, JOURNEY_TENDERS, strict=True):
        _score(kommun, offer, scale, marks, comments=comments)
    _award(kommun, procurement, offers, datetime.date(before, 11, 27))
    procurement.refresh_from_db()
    return award_contract(
        kommun=kommun, procurement=procurement, year=year, yearly=3_150_000, board="SN"
    )


def _award(
    kommun: Kommun, procurement: Procurement, offers: list[Tender], decided_on: datetime.date
) -> None:
    """The award to the first tender, and the tenders' secrecy reviewed the day after."""
    officer = kommun.users["upphandlare"]
    # The notice went out by e-mail the day of the decision: ten days' avtalsspärr.
    procurement_services.procurement_award(
        procurement=procurement,
        tender=offers[0],
        decided_on=decided_on,
        notice_sent_on=decided_on,
        notice_electronic=True,
        user=officer,
        registered_on=decided_on,
    )
    # The award ended the tenders' secrecy (OSL 19 kap. 3 §): the officer released two and
    # kept the third secret for its business secrets (OSL 31 kap. 16 §).
    reviewed_on = decided_on + days(1)
    for offer in offers[:2]:
        procurement_services.tender_secrecy_review(
            tender=offer,
            secrecy="public",
            reason="Tilldelningsbeslutet är fattat; anbudet innehåller inga affärshemligheter.",
            user=officer,
            reviewed_on=reviewed_on,
        )
    procurement_services.tender_secrecy_review(
        tender=offers[2],
        secrecy="secret",
        secrecy_ground=SecrecyGround.objects.get(chapter=31, section="16"),
        # The document's history keeps 100 characters of a reason.
        reason="Kalkyler och personalplanering är affärshemligheter; "
        "en maskerad kopia lämnas ut på begäran.",
        user=officer,
        reviewed_on=reviewed_on,
    )
