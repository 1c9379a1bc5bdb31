"""The demo kommun's year of follow-up of its strategic contracts.

Each board's goals and the annual cycle, a decided follow-up plan of every board's
strategic contracts (egen regi on the same terms), and the reports: every essential
requirement assessed, deficiencies with their action plans, the effect on the board's
goals, the provider's own view, submitted and published. Responsible for a measure is a
role, never a named person, and the public summaries name no one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from insyn.contracts.models import Contract, ContractBoard, Requirement
from insyn.core.demo import Kommun, upload
from insyn.core.models import Board
from insyn.followup import goal_services, reporting
from insyn.followup import services as followup_services
from insyn.followup.models import FollowUpReport, Goal, Measure, PlanItem
from insyn.procurement.demo import JOURNEY


def followup_year(today: datetime.date) -> int:
    """The year the demo has followed up. The boards decide their plans in February and
    March; before April the year just ended is the one whose follow-up is on the table."""
    return today.year if today.month >= 4 else today.year - 1


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


def followup_load(*, kommun: Kommun, journey: Contract, year: int) -> None:
    """The year `year` followed up; `journey` is the contract followed from its
    procurement, whose report has evidence attached."""
    goals = _goals_create(kommun, year)
    _cycle_create(kommun, year)
    # A contract strategic for two boards is in both plans and reported on once.
    items: dict[int, PlanItem] = {}
    for board in kommun.boards.values():
        for item in _plan_decide(kommun, board, year):
            items.setdefault(item.contract_id, item)
    _next_year_plan(kommun, kommun.boards["SN"], year)
    for item in items.values():
        scenario = FOLLOWUPS.get(item.contract.title)
        if scenario is None or not scenario.report:
            continue
        _report(kommun, item, scenario, goals, year, journey=item.contract_id == journey.pk)
    # The journey's board has registered its report on the year in the diarium.
    reporting.board_report_register(
        board=kommun.boards["SN"], year=year, user=kommun.users["namndsekreterare"]
    )


def _goals_create(kommun: Kommun, year: int) -> dict[str, Goal]:
    goals: dict[str, Goal] = {}
    for code, entries in GOALS.items():
        for key, title, description in entries:
            goals[key] = goal_services.goal_create(
                board=kommun.boards[code], year=year, title=title, description=description
            )
    return goals


def _cycle_create(kommun: Kommun, year: int) -> None:
    """The annual cycle of this year and the next."""
    for cycle_year in (year, year + 1):
        for kind, title, start, end, code, description in CYCLE:
            followup_services.cycle_event_create(
                year=cycle_year,
                kind=kind,
                title=title,
                starts_on=datetime.date(cycle_year, *start),
                ends_on=datetime.date(cycle_year, *end),
                board=kommun.boards[code] if code else None,
                description=description,
                user=kommun.users["admin"],
            )


def _plan_items_add(kommun: Kommun, board: Board, year: int) -> list[PlanItem]:
    """A draft plan of the board's strategic contracts for `year`, those still running
    then; its items, in the order of the contract numbers."""
    shares = ContractBoard.objects.filter(board=board, strategic=True).select_related(
        "contract__contract_manager"
    )
    contracts = [
        share.contract
        for share in shares.order_by("contract__number")
        if share.contract.end_date is None or share.contract.end_date.year >= year
    ]
    if not contracts:
        return []
    plan = followup_services.plan_create(board=board, year=year)
    items = []
    for index, contract in enumerate(contracts):
        scenario = FOLLOWUPS.get(contract.title)
        item = followup_services.plan_item_add(
            plan=plan,
            contract=contract,
            method=scenario.method if scenario else DEFAULT_METHOD,
            due_on=datetime.date(year, 8 + index % 3, 20),
            responsible=contract.contract_manager,
            user=kommun.users["namndsekreterare"],
        )
        items.append(item)
    return items


def _plan_decide(kommun: Kommun, board: Board, year: int) -> list[PlanItem]:
    """The board's plan of its strategic contracts, decided in February or March."""
    items = _plan_items_add(kommun, board, year)
    if not items:
        return []
    (month, day), paragraph = PLAN_DECISIONS[board.code]
    decided_on = min(datetime.date(year, month, day), kommun.today)
    followup_services.plan_decide(
        plan=items[0].plan,
        decided_on=decided_on,
        paragraph=paragraph,
        user=kommun.users["namndsekreterare"],
        # The registrar registered the decided plan in the postlista that day, not on
        # the day the demo was loaded.
        registered_on=decided_on,
    )
    return items


def _next_year_plan(kommun: Kommun, board: Board, year: int) -> None:
    """Next year's plan of the journey's board, still a draft."""
    _plan_items_add(kommun, board, year + 1)


def _report(
    kommun: Kommun,
    item: PlanItem,
    scenario: Followup,
    goals: dict[str, Goal],
    year: int,
    *,
    journey: bool,
) -> None:
    """The contract manager's report on `item`: assessed, described, and unless a draft
    submitted and published."""
    contract = item.contract
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
        _assess(
            report, requirement, finding, evidence=journey and requirement.title == "Städkvalitet"
        )
        if finding is not None:
            _action_plan(kommun, report, requirement, finding)
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


def _assess(
    report: FollowUpReport, requirement: Requirement, finding: Finding | None, *, evidence: bool
) -> None:
    """One requirement assessed: met, unless a finding says otherwise."""
    manager = report.contract.contract_manager
    assert manager is not None
    documents = None
    if evidence:
        documents = [
            followup_services.evidence_register(
                report=report,
                requirement=requirement,
                files=[upload("kvalitetsmatningar.pdf", "Kvalitetsmätningar SS 627801")],
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
        evidence=documents,
        user=manager,
    )


def _action_plan(
    kommun: Kommun, report: FollowUpReport, requirement: Requirement, finding: Finding
) -> None:
    """The finding's deficiency and its measures, each at its stage."""
    manager = report.contract.contract_manager
    assert manager is not None
    deficiency = followup_services.deficiency_add(
        report=report, description=finding.deficiency, requirement=requirement, user=manager
    )
    for description, responsible, due, status in finding.measures:
        measure = followup_services.measure_add(
            report=report,
            description=description,
            responsible=responsible,
            due_on=kommun.today + datetime.timedelta(days=due),
            deficiency=deficiency,
            user=manager,
        )
        if status != Measure.Status.PLANNED:
            followup_services.measure_set_status(measure=measure, status=status, user=manager)
