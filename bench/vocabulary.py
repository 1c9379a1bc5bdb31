"""Swedish words for the generated diarium: case kinds per board, their documents, and the
places, services and people that fill them.

The texts vary words and their inflections (skola, skolan, skolor, skolornas ...) so that
PostgreSQL's Swedish stemming and prefix search work on something like a real postlista.
Nothing here may contain a tab, a newline or a backslash: rows are written in COPY's text
format without escaping (generate.py checks this).
"""

from __future__ import annotations

from dataclasses import dataclass

# Words that the search benchmark looks for. The common ones occur in many case kinds; the
# rare ones are put into the title of one case in every RARE_EVERY (see generate.py).
SEARCH_COMMON = ("avtal", "skolan")
SEARCH_RARE = ("hjortronmyren", "kvarnholmsbron")
RARE_EVERY = 20_000


@dataclass(frozen=True)
class Topic:
    """A kind of case: its title and the documents it usually gets, in order.

    Templates use {slots} filled once per case (see SLOTS; {ar} is the case's year and
    {person} its private person). `counterpart` is who the
    incoming and outgoing documents are from or to: company, nonprofit, public_body,
    private_person or council (a member of the council, shown by name).
    """

    board: str
    weight: float
    title: str
    documents: tuple[tuple[str, str], ...]
    counterpart: str = "company"
    # "" (public), "secret" (every document), "anbud" (tenders get the sender masked) or
    # "personal" (every document gets the description masked).
    secrecy: str = ""
    ground: tuple[int, str] | None = None
    # Shown instead of the title when the title names a private person.
    public_title: str = ""
    units: tuple[str, ...] = ()
    # How many documents such a case gets compared with others (1.0 = average).
    length: float = 1.0


IN, UP, OUT = "incoming", "drawn_up", "outgoing"

TOPICS: tuple[Topic, ...] = (
    # --- Kommunstyrelsen -----------------------------------------------------------------
    Topic("KS", 6, "Upphandling av {tjanst}", (
        (UP, "Behovsanalys inför upphandling av {tjanst}"),
        (UP, "Förfrågningsunderlag för {tjanst}"),
        (IN, "Fråga från leverantör om förfrågningsunderlaget för {tjanst}"),
        (IN, "Anbud avseende {tjanst}"),
        (UP, "Anbudsöppningsprotokoll för {tjanst}"),
        (UP, "Utvärdering av anbuden för {tjanst}"),
        (OUT, "Tilldelningsbeslut avseende {tjanst}"),
        (OUT, "Avtal om {tjanst} med bilagor"),
        (IN, "Undertecknat avtal om {tjanst}"),
    ), secrecy="anbud", ground=(19, "3"), units=("Upphandlingsenheten",), length=2.2),
    Topic("KS", 4, "Motion om {motion}", (
        (IN, "Motion om {motion}"),
        (UP, "Tjänsteskrivelse om {motion}"),
        (UP, "Protokollsutdrag från kommunstyrelsens arbetsutskott"),
        (OUT, "Yttrande över motionen om {motion}"),
        (UP, "Protokollsutdrag från kommunfullmäktige om motionen"),
    ), counterpart="council", units=("Kansliavdelningen",), length=1.4),
    Topic("KS", 4, "Medborgarförslag om {motion}", (
        (IN, "Medborgarförslag om {motion}"),
        (OUT, "Bekräftelse av mottaget medborgarförslag"),
        (UP, "Tjänsteskrivelse med förslag till svar på medborgarförslaget"),
        (OUT, "Svar på medborgarförslag om {motion}"),
    ), counterpart="private_person", units=("Kansliavdelningen",)),
    Topic("KS", 4, "Remiss från {myndighet} om {remiss}", (
        (IN, "Remiss om {remiss}"),
        (UP, "Tjänsteskrivelse över remissen om {remiss}"),
        (OUT, "Remissvar om {remiss}"),
    ), counterpart="public_body", units=("Kansliavdelningen", "Kommunledningsförvaltningen")),
    Topic("KS", 3, "Uppföljning av avtal om {tjanst}", (
        (UP, "Uppföljningsplan för avtalet om {tjanst}"),
        (OUT, "Begäran om underlag för uppföljning av avtalet"),
        (IN, "Leverantörens underlag för uppföljning av {tjanst}"),
        (UP, "Uppföljningsrapport för avtalet om {tjanst}"),
        (OUT, "Begäran om åtgärder enligt avtalet"),
        (IN, "Leverantörens handlingsplan med åtgärder"),
    ), units=("Upphandlingsenheten", "Ekonomiavdelningen"), length=1.5),
    Topic("KS", 3, "Utmaning enligt utmanarrätten – {tjanst}", (
        (IN, "Intresseanmälan om utmaning av {tjanst}"),
        (OUT, "Bekräftelse av mottagen utmaning"),
        (UP, "Minnesanteckningar från möte om utmaningen av {tjanst}"),
        (UP, "Konsekvensanalys av utmaningen"),
        (OUT, "Beslut om utmaningen av {tjanst}"),
    ), units=("Näringslivsenheten",), length=1.3),
    Topic("KS", 3, "Delårsrapport och budgetuppföljning {manad} {ar}", (
        (UP, "Delårsrapport per {manad} med helårsprognos"),
        (UP, "Budgetuppföljning för nämnderna per {manad}"),
        (OUT, "Delårsrapporten till revisorerna"),
    ), counterpart="public_body", units=("Ekonomiavdelningen",)),
    Topic("KS", 2, "Idéburet offentligt partnerskap med {forening}", (
        (IN, "Ansökan om idéburet offentligt partnerskap"),
        (UP, "Avsiktsförklaring om partnerskap med {forening}"),
        (OUT, "Beslut om IOP-avtal"),
        (IN, "Verksamhetsberättelse från {forening}"),
    ), counterpart="nonprofit", units=("Näringslivsenheten",)),
    Topic("KS", 1, "Personalärende vid {enhet}", (
        (UP, "Anteckningar från samtal om arbetssituationen"),
        (IN, "Läkarintyg"),
        (UP, "Plan för arbetslivsinriktad rehabilitering"),
    ), counterpart="private_person", secrecy="personal", ground=(39, "3"),
        public_title="Personalärende", units=("Kommunledningsförvaltningen",)),
    Topic("KS", 2, "Begäran om utlämnande av allmänna handlingar om {remiss}", (
        (IN, "Begäran om att få ta del av handlingar om {remiss}"),
        (OUT, "Utlämnande av begärda handlingar"),
    ), counterpart="private_person", units=("Kansliavdelningen",), length=0.6),
    # --- Vård- och omsorgsnämnden --------------------------------------------------------
    Topic("VON", 3, "Ansökan om bistånd – {person}", (
        (IN, "Ansökan om {insats}"),
        (UP, "Utredning om behov av {insats}"),
        (OUT, "Beslut om bistånd i form av {insats}"),
        (UP, "Genomförandeplan för {insats}"),
        (IN, "Begäran om omprövning av beslutet"),
        (OUT, "Beslut efter omprövning"),
    ), counterpart="private_person", secrecy="secret", ground=(26, "1"),
        public_title="Ärende enligt socialtjänstlagen", units=("Myndighetsenheten",), length=1.4),
    Topic("VON", 1, "Rapport enligt lex Sarah vid {boende}", (
        (UP, "Rapport om missförhållande vid {boende}"),
        (UP, "Utredning av rapporterat missförhållande"),
        (OUT, "Anmälan till Inspektionen för vård och omsorg"),
        (IN, "Beslut från Inspektionen för vård och omsorg"),
    ), counterpart="public_body", secrecy="secret", ground=(26, "1"),
        units=("Sektor hemtjänst", "Sektor särskilt boende")),
    Topic("VON", 3, "Uppföljning av {insats} enligt LOV", (
        (UP, "Uppföljningsplan för {insats} i valfrihetssystemet"),
        (OUT, "Begäran om underlag till uppföljningen"),
        (IN, "Underlag för årlig uppföljning från utföraren"),
        (UP, "Uppföljningsrapport med handlingsplan"),
        (OUT, "Återkoppling till utföraren om uppföljningen"),
    ), units=("Sektor hemtjänst",), length=1.4),
    Topic("VON", 2, "Tillsyn av {boende}", (
        (IN, "Beslut om tillsyn av {boende}"),
        (UP, "Underlag inför tillsynen av {boende}"),
        (OUT, "Yttrande över tillsynsbeslutet"),
    ), counterpart="public_body", units=("Sektor särskilt boende",)),
    Topic("VON", 3, "Synpunkt på {verksamhet}", (
        (IN, "Synpunkt på {verksamhet}"),
        (OUT, "Svar på synpunkten"),
    ), counterpart="private_person", units=("Sektor hemtjänst", "Sektor särskilt boende"),
        length=0.6),
    Topic("VON", 2, "Avvikelserapporter {manad} {ar}", (
        (UP, "Sammanställning av avvikelser inom hemtjänsten"),
        (UP, "Analys av avvikelser i läkemedelshanteringen"),
    ), counterpart="none", units=("Sektor hemtjänst", "Sektor särskilt boende"), length=0.7),
    # --- Tekniska nämnden ----------------------------------------------------------------
    Topic("TN", 4, "Felanmälan – {fel} på {gata}", (
        (IN, "Felanmälan om {fel} på {gata}"),
        (OUT, "Bekräftelse av felanmälan"),
        (UP, "Arbetsorder för åtgärd på {gata}"),
    ), counterpart="private_person", units=("Gata och park",), length=0.8),
    Topic("TN", 3, "Skadeståndsanspråk efter {olycka} på {gata}", (
        (IN, "Skadeståndsanspråk efter {olycka} på {gata}"),
        (UP, "Utredning av skadeståndsanspråket"),
        (OUT, "Besked om skadeståndsanspråk"),
    ), counterpart="private_person", units=("Gata och park",)),
    Topic("TN", 3, "Ombyggnad av {gata} i {plats}", (
        (UP, "Projektplan för ombyggnaden av {gata}"),
        (OUT, "Information till boende längs {gata}"),
        (IN, "Synpunkter från fastighetsägare i {plats}"),
        (UP, "Trafikanordningsplan för {gata}"),
        (OUT, "Beställning av asfaltering av {gata}"),
        (IN, "Slutbesiktningsprotokoll för {gata}"),
    ), units=("Gata och park",), length=1.6),
    Topic("TN", 2, "Samråd om vattenskyddsområde för {plats}", (
        (IN, "Remiss om vattenskyddsområde för {plats} från länsstyrelsen"),
        (UP, "Tjänsteskrivelse om skyddsföreskrifter"),
        (OUT, "Remissvar om vattenskyddsområdet"),
    ), counterpart="public_body", units=("Vatten och avlopp",)),
    Topic("TN", 2, "Ledningsarbeten för vatten och avlopp i {plats}", (
        (UP, "Förstudie om förnyelse av ledningsnätet i {plats}"),
        (OUT, "Information om avstängt vatten i {plats}"),
        (IN, "Anbud avseende schaktarbeten i {plats}"),
        (OUT, "Avtal om schaktarbeten"),
    ), units=("Vatten och avlopp",), length=1.2),
    Topic("TN", 0.5, "Säkerhetsåtgärder i {lokal}", (
        (UP, "Plan för skalskydd och passersystem i {lokal}"),
        (UP, "Riskanalys för {lokal}"),
    ), counterpart="none", secrecy="secret", ground=(18, "8"), units=("Fastighetsavdelningen",)),
    Topic("TN", 2, "Hyresavtal för {lokal}", (
        (IN, "Förfrågan om förlängning av hyresavtalet för {lokal}"),
        (UP, "Underlag om lokalbehov"),
        (OUT, "Hyresavtal för {lokal}"),
    ), units=("Fastighetsavdelningen",)),
    # --- Servicenämnden ------------------------------------------------------------------
    Topic("SN", 3, "Uppföljning av avtal om {tjanst}", (
        (UP, "Uppföljning av avtalet om {tjanst}"),
        (IN, "Leverantörens svar på avvikelser"),
        (UP, "Handlingsplan för leveransprecision"),
    ), units=("Kostenheten", "Servicekontoret")),
    Topic("SN", 2, "Tjänsteavtal om {internt} mellan servicenämnden och {namnd}", (
        (UP, "Tjänsteavtal om {internt} med servicenivåer"),
        (UP, "Prislista för {internt}"),
        (OUT, "Debiteringsunderlag för {internt}"),
    ), counterpart="none", units=("IT-enheten", "Servicekontoret", "Kostenheten")),
    Topic("SN", 2, "Utmaning av {tjanst}", (
        (IN, "Formell utmaning av {tjanst} i kommunens lokaler"),
        (OUT, "Bekräftelse av formell utmaning"),
        (UP, "Information till personal och fackliga företrädare"),
    ), units=("Lokalvården",)),
    Topic("SN", 2, "IT-incident i {system}", (
        (UP, "Incidentrapport om driftstörning i {system}"),
        (OUT, "Anmälan av personuppgiftsincident till Integritetsskyddsmyndigheten"),
        (IN, "Svar från Integritetsskyddsmyndigheten"),
    ), counterpart="public_body", units=("IT-enheten",), length=0.8),
    # --- Barn- och utbildningsnämnden ----------------------------------------------------
    Topic("BUN", 1.5, "Anmälan om kränkande behandling vid {skola}", (
        (IN, "Anmälan om kränkande behandling av elev vid {skola}"),
        (UP, "Utredning av kränkande behandling"),
        (UP, "Åtgärdsplan efter utredningen"),
        (OUT, "Information till vårdnadshavare"),
    ), counterpart="private_person", secrecy="secret", ground=(23, "2"),
        public_title="Ärende om kränkande behandling", units=("Elevhälsan", "Sjöviksskolan")),
    Topic("BUN", 4, "Ansökan om skolskjuts", (
        (IN, "Ansökan om skolskjuts till {skola}"),
        (OUT, "Beslut om skolskjuts för eleven"),
        (IN, "Överklagande av beslut om skolskjuts"),
    ), counterpart="private_person", units=("Sjöviksskolan",), length=0.8),
    Topic("BUN", 2, "Skolinspektionens tillsyn av {skola}", (
        (IN, "Beslut efter tillsyn av {skola}"),
        (UP, "Handlingsplan för skolans utvecklingsområden"),
        (OUT, "Redovisning av vidtagna åtgärder vid {skola}"),
    ), counterpart="public_body", units=("Sjöviksskolan",)),
    Topic("BUN", 2, "Bidrag till fristående förskola {forskola}", (
        (IN, "Ansökan om bidrag från {forskola}"),
        (UP, "Beräkning av bidragsbelopp"),
        (OUT, "Beslut om bidragsbelopp"),
    ), counterpart="nonprofit", units=("Förskolan Solrosen",)),
    Topic("BUN", 3, "Synpunkt på {skolfraga}", (
        (IN, "Synpunkt om {skolfraga}"),
        (OUT, "Svar på synpunkten om {skolfraga}"),
    ), counterpart="private_person", units=("Sjöviksskolan", "Förskolan Solrosen"), length=0.6),
    Topic("BUN", 1, "Elevers skolgång – {skolfraga}", (
        (UP, "Kartläggning av elevernas skolgång"),
        (UP, "Rektors beslut om anpassad studiegång"),
    ), counterpart="private_person", secrecy="personal", ground=(23, "2"),
        public_title="Elevärende", units=("Elevhälsan",)),
)  # fmt: skip

# Documents added beyond a topic's own list, in a long case.
EXTRA_DOCUMENTS: tuple[tuple[str, str], ...] = (
    (IN, "Komplettering i ärendet"),
    (OUT, "Begäran om komplettering"),
    (UP, "Tjänsteanteckning"),
    (IN, "Skrivelse i ärendet"),
    (OUT, "Skrivelse med besked i ärendet"),
    (UP, "Protokollsutdrag"),
)

# Slot values. Several are inflected forms of the same words, as people write them.
SLOTS: dict[str, tuple[str, ...]] = {
    "tjanst": (
        "snöröjning och halkbekämpning", "lokalvård i kommunhuset", "lokalvård i skolorna",
        "skolskjutsar", "skolskjutsarna till landsbygdsskolorna", "parkskötsel",
        "livsmedel till skolköken", "livsmedel till äldreboendena", "IT-drift",
        "hemtjänst i Norrby", "matdistribution till äldre", "vinterväghållning",
        "fönsterputs", "avfallshantering", "kontorsmaterial", "tolktjänster", "färdtjänst",
        "bredbandsutbyggnad", "konsulttjänster inom bygg", "städning av förskolorna",
        "gatubelysning", "asfaltering", "trygghetslarm", "läromedel till skolan",
        "mobiltelefoni", "fastighetsskötsel", "måleriarbeten", "ventilationsservice",
        "elinstallationer", "skolmåltider", "arbetskläder", "revisionstjänster",
    ),
    "motion": (
        "laddstolpar vid kommunens anläggningar", "fler papperskorgar i centrum",
        "gratis busskort för pensionärer", "solceller på kommunens tak",
        "bättre belysning på gång- och cykelvägar", "en ny simhall",
        "lägre taxa i förskolan", "fler förskoleplatser i Norrby", "trygghetsvandringar",
        "en hundrastgård i Ekbacken", "mer ekologisk mat i skolorna",
        "kameraövervakning vid resecentrum", "sommarjobb för ungdomar",
        "utbyggnad av cykelvägarna", "en fritidsgård i Sjövik", "säkrare skolvägar",
        "fler bänkar längs strandpromenaden", "en lekplats vid skolan i Västanby",
        "avgiftsfri parkering för elbilar", "bättre skolskjutsar",
    ),
    "myndighet": (
        "Länsstyrelsen", "Trafikverket", "Socialstyrelsen", "Skolverket", "Boverket",
        "Naturvårdsverket", "Regionen", "Finansdepartementet", "Socialdepartementet",
        "Utbildningsdepartementet", "Infrastrukturdepartementet",
    ),
    "remiss": (
        "regional transportplan", "en ny skollag", "ändrade regler för bostadsanpassning",
        "länets klimatstrategi", "förslag till ny äldreomsorgslag", "avfallsplan",
        "översiktsplan för grannkommunen", "nationell strategi för psykisk hälsa",
        "förslag om skolans finansiering", "trafiksäkerhetsprogram",
        "detaljplan för kvarteret Eken", "detaljplan för kvarteret Lärkan",
        "strandskydd vid Lillsjön", "ändringar i plan- och bygglagen",
    ),
    "manad": ("april", "augusti", "oktober"),
    "forening": (
        "Stadsmissionen i Sjövik", "Föreningen Vägen ut", "Sjöviks Idrottsallians",
        "Röda Korsets krets i Sjövik", "Hyresgästföreningen", "Sjöviks Scoutkår",
        "Föreningen Läxhjälpen", "Kvinnojouren i Sjövik",
    ),
    "enhet": (
        "ekonomiavdelningen", "kansliavdelningen", "näringslivsenheten",
        "upphandlingsenheten", "kommunledningsförvaltningen",
    ),
    "insats": (
        "hemtjänst", "hemtjänstinsatser", "särskilt boende", "korttidsboende",
        "trygghetslarm", "ledsagarservice", "dagverksamhet", "avlösning i hemmet",
        "matdistribution", "boendestöd",
    ),
    "boende": (
        "Ekbackens vård- och omsorgsboende", "Solgårdens äldreboende",
        "Björkdalens gruppboende", "Strandängens korttidsboende", "hemtjänsten i Norrby",
        "hemtjänsten i Söderby",
    ),
    "verksamhet": (
        "hemtjänstens tider", "maten på äldreboendet", "hemtjänsten i Norrby",
        "bemötandet vid Ekbackens vård- och omsorgsboende", "trygghetslarmen",
        "färdtjänstens resor", "städningen hos äldre",
    ),
    "fel": (
        "trasig gatubelysning", "potthål", "nedfallet träd", "igensatt dagvattenbrunn",
        "klotter", "skadad skylt", "ishalka", "översvämning",
    ),
    "olycka": ("halkolycka", "cykelolycka", "fall i potthål", "vattenskada"),
    "plats": (
        "Sjövik", "Norrby", "Söderby", "Ekbacken", "Björkdalen", "Strandängen",
        "Kvarnbacken", "Lillsjö", "Västanby", "Östra hamnen", "Granlunda", "Tallåsen",
    ),
    "gata": (
        "Storgatan", "Kyrkvägen", "Björkvägen", "Skolgatan", "Stationsvägen", "Ringvägen",
        "Hamngatan", "Tallvägen", "Granvägen", "Lärkvägen", "Ekbacksvägen", "Kvarngatan",
        "Strandvägen", "Industrivägen", "Norra vägen", "Södra Långgatan", "Tingsgatan",
        "Parkvägen", "Bruksgatan", "Sjövägen",
    ),
    "lokal": (
        "kommunhuset", "stadshuset", "Sjöviksskolan", "simhallen", "bibliotekets lokaler",
        "kulturhuset", "förrådet i Norrby",
    ),
    "internt": (
        "IT-stöd", "lokalvård", "måltider", "växeltjänst", "löneadministration",
        "fordonsförvaltning",
    ),
    "namnd": (
        "kommunstyrelsen", "vård- och omsorgsnämnden", "tekniska nämnden",
        "barn- och utbildningsnämnden",
    ),
    "system": (
        "verksamhetssystemet för hemtjänsten", "skolans lärplattform", "ekonomisystemet",
        "e-postsystemet", "ärendehanteringssystemet", "kommunens växel",
    ),
    "skola": (
        "Sjöviksskolan", "Norrbyskolan", "Västanbyskolan", "Ekbackens skola",
        "Granlundaskolan", "Tallåsens skola", "Kvarnbackens förskola",
    ),
    "forskola": (
        "Förskolan Ekorren", "Montessoriförskolan Lärkan", "Föräldrakooperativet Myran",
        "Förskolan Fjärilen",
    ),
    "skolfraga": (
        "skolmaten", "skolskjutsens hämtningstider", "skolans lokaler", "läxhjälpen",
        "rastvakterna på skolgården", "skolornas lov", "elevernas arbetsmiljö",
        "förskolans öppettider", "skolskjutsarna",
    ),
}  # fmt: skip

FIRST_NAMES = (
    "Anna", "Erik", "Maria", "Lars", "Fatima", "Johan", "Karin", "Ahmed", "Sara", "Per",
    "Eva", "Mohammed", "Elin", "Nils", "Ingrid", "Ali", "Emma", "Olof", "Kerstin", "Hassan",
    "Linnea", "Mikael", "Birgitta", "Oskar", "Amina", "Gustav", "Margareta", "Ibrahim",
    "Astrid", "Anders", "Sofia", "Björn", "Leila", "Henrik", "Agneta", "Jonas", "Zeynep",
    "Viktor", "Helena", "Yusuf",
)  # fmt: skip
LAST_NAMES = (
    "Lindqvist", "Johansson", "Nilsson", "Karlsson", "Hassan", "Berg", "Holm", "Ali",
    "Ekström", "Sandberg", "Andersson", "Pettersson", "Lundgren", "Svensson", "Öberg",
    "Mohammed", "Larsson", "Gustafsson", "Eriksson", "Persson", "Jönsson", "Håkansson",
    "Axelsson", "Bergström", "Åberg", "Lindberg", "Nyström", "Yilmaz", "Sjöberg", "Hussein",
)  # fmt: skip

# Parties with organisation numbers: "{a} {b}" names, a few hundred of them.
COMPANY_FIRST = (
    "Nordisk", "Sjöviks", "Mälardalens", "Svensk", "Bergs", "Lindholms", "Norrby",
    "Ekbackens", "Grön", "Stads", "Kust", "Läns", "Mitt", "Öst", "Väst", "Sydsvensk",
    "Hälsinge", "Roslags",
)  # fmt: skip
COMPANY_SECOND = (
    "Bygg AB", "Lokalvård AB", "Entreprenad AB", "IT-konsult AB", "Omsorg AB",
    "Transport AB", "Fastighetsservice AB", "El & Energi AB", "Måleri AB", "Trafik AB",
    "Catering AB", "Juridik AB", "Park & Trädgård AB", "Asfalt AB", "Larm AB",
    "Tolkförmedling AB", "Vårdbemanning AB", "Data AB", "Ventilation AB", "Miljö AB",
)  # fmt: skip
NONPROFITS = (
    "Stadsmissionen i Sjövik", "Föreningen Vägen ut", "Sjöviks Idrottsallians",
    "Röda Korsets krets i Sjövik", "Hyresgästföreningen Sjövik", "Sjöviks Scoutkår",
    "Föreningen Läxhjälpen", "Kvinnojouren i Sjövik", "Förskolan Ekorren ekonomisk förening",
    "Föräldrakooperativet Myran", "Montessoriförskolan Lärkan ideell förening",
    "Pensionärernas riksorganisation Sjövik", "Sjöviks Fotbollsklubb",
    "Naturskyddsföreningen Sjövik",
)  # fmt: skip
PUBLIC_BODIES = (
    "Länsstyrelsen i Exempellän", "Inspektionen för vård och omsorg", "Skolinspektionen",
    "Skatteverket", "Trafikverket", "Försäkringskassan", "Region Exempellän",
    "Polismyndigheten", "Arbetsmiljöverket", "Naturvårdsverket", "Boverket",
    "Lantmäteriet", "Migrationsverket", "Kammarkollegiet", "Upphandlingsmyndigheten",
    "Integritetsskyddsmyndigheten", "Norrviks kommun", "Ekeby kommun", "Socialstyrelsen",
    "Skolverket",
)  # fmt: skip
COUNCIL_MEMBERS = tuple(
    f"{first} {last} ({party}), kommunfullmäktiges ledamot"
    for first, last, party in (
        ("Gunnel", "Ek", "S"), ("Patrik", "Ström", "M"), ("Hanna", "Lund", "C"),
        ("Rolf", "Dahl", "SD"), ("Mira", "Sund", "V"), ("Kent", "Björk", "KD"),
        ("Lena", "Falk", "L"), ("Jamal", "Nasser", "MP"),
    )
)  # fmt: skip
