"""The legal references insyn cites, in one place.

Every page, letter, PDF and demo text that names a provision takes it from here, so a
citation is written once, checked once against the law's text, and corrected once. Use
``cite("key")`` for the citation as written in Swedish, ``cite("key", short=True)`` for
the short form with the law's abbreviation ("19 kap. 25 a § LOU"), or ``legal("key")``
for the whole reference (title, SFS number, URL). Both are template globals too:
``{{ cite("lou_reserved_ideburna") }}``. An unknown key raises ``KeyError``, and
``tests/test_legal.py`` checks that every key used in the code and templates exists.

How each reference was checked (December 2026) is said in a comment beside it. "Checked"
means against the law's text or an authority quoting it (Upphandlingsmyndigheten,
Skatteverket, Norstedts' lagar.nj.se, the bill); "not checked here" means written from
knowledge of the law without a source at hand — read the law before relying on it.
The riksdagen.se addresses follow riksdagen's pattern
``…/svensk-forfattningssamling/<slug>_sfs-<year>-<number>/``; where the slug was not
seen in use it is marked, and riksdagen resolves the address by the ``_sfs-…`` part.

Citations are Swedish whatever the interface language: they are names, not prose.
"""

from __future__ import annotations

from dataclasses import dataclass

RIKSDAGEN = "https://www.riksdagen.se/sv/dokument-och-lagar/dokument/svensk-forfattningssamling/"


@dataclass(frozen=True)
class Law:
    sfs: str  # "2016:1145"
    name: str  # as cited after a provision: "lagen (2016:1145) om offentlig upphandling"
    abbreviation: str  # "LOU", or "" where none is in common use
    slug: str  # riksdagen.se's address part before "_sfs-…"

    @property
    def url(self) -> str:
        year, number = self.sfs.split(":")
        return f"{RIKSDAGEN}{self.slug}_sfs-{year}-{number}/"


LOU = Law(
    "2016:1145",
    "lagen (2016:1145) om offentlig upphandling",
    "LOU",
    "lag-20161145-om-offentlig-upphandling",
)
# The slug was not seen in use; the law's short title makes it likely.
LOV = Law(
    "2008:962", "lagen (2008:962) om valfrihetssystem", "LOV", "lag-2008962-om-valfrihetssystem"
)
OSL = Law(
    "2009:400",
    "offentlighets- och sekretesslagen (2009:400)",
    "OSL",
    "offentlighets-och-sekretesslag-2009400",
)
KL = Law("2017:725", "kommunallagen (2017:725)", "KL", "kommunallag-2017725")
TF = Law("1949:105", "tryckfrihetsförordningen (1949:105)", "TF", "tryckfrihetsforordning-1949105")
# The law's title is "om meddelarskydd i vissa enskilda verksamheter" (checked against
# the text at lagboken.se and prop. 2016/17:31), not "enskilt bedrivna". Slug not seen.
MEDDELARSKYDD = Law(
    "2017:151",
    "lagen (2017:151) om meddelarskydd i vissa enskilda verksamheter",
    "",
    "lag-2017151-om-meddelarskydd-i-vissa-enskilda",
)
# Title checked (SFS 2022:901 cites it); slug not seen in use.
IDEBURNA_REGISTER = Law(
    "2022:900",
    "lagen (2022:900) om registrering av idéburna organisationer",
    "",
    "lag-2022900-om-registrering-av-ideburna",
)
FL = Law("2017:900", "förvaltningslagen (2017:900)", "FL", "forvaltningslag-2017900")
DOS = Law(
    "2018:1937",
    "lagen (2018:1937) om tillgänglighet till digital offentlig service",
    "",
    "lag-20181937-om-tillganglighet-till-digital",
)


@dataclass(frozen=True)
class LegalReference:
    key: str
    provision: str  # "19 kap. 25 a §", or "" when the whole law is meant
    title: str  # short Swedish title of what the provision says
    law: Law

    @property
    def citation(self) -> str:
        """As written in Swedish: "19 kap. 25 a § lagen (2016:1145) om offentlig upphandling"."""
        return f"{self.provision} {self.law.name}".strip()

    @property
    def short(self) -> str:
        """With the abbreviation where one is in common use: "19 kap. 25 a § LOU"."""
        if not self.law.abbreviation:
            return self.citation
        return f"{self.provision} {self.law.abbreviation}".strip()

    @property
    def sfs(self) -> str:
        return self.law.sfs

    @property
    def url(self) -> str:
        return self.law.url

    def __str__(self) -> str:
        return self.citation


_REFERENCES = (
    # Checked: Upphandlingsmyndigheten's pages on reserved procurement (2023) name
    # 19 kap. 25 a § LOU for idéburna organisations and 19 kap. 25 § LOU for
    # organisations meeting certain conditions. "19 kap. 6 a §" was the older numbering.
    LegalReference(
        "lou_reserved_ideburna",
        "19 kap. 25 a §",
        "Reserverad upphandling för idéburna organisationer",
        LOU,
    ),
    LegalReference(
        "lou_reserved_conditions",
        "19 kap. 25 §",
        "Reserverad upphandling för organisationer som uppfyller vissa villkor",
        LOU,
    ),
    # Checked: SFS 2022:901 inserted 1 kap. 2 a § in LOV (text at lagar.nj.se).
    LegalReference(
        "lov_reserved_ideburna",
        "1 kap. 2 a §",
        "Reserverat valfrihetssystem för idéburna organisationer",
        LOV,
    ),
    # Checked: the chapter list of LOU (rkrattsbaser): 5 kap. tröskelvärden, 16 kap.
    # utvärdering och tilldelning, 19 kap. upphandlingar under tröskelvärdena, 19 a kap.
    # direktupphandling, 20 kap. avtalsspärr, överprövning och skadestånd.
    LegalReference("lou_thresholds", "5 kap.", "Tröskelvärden", LOU),
    LegalReference(
        "lou_evaluation", "16 kap.", "Utvärdering av anbud och tilldelning av kontrakt", LOU
    ),
    LegalReference(
        "lou_below_threshold",
        "19 kap.",
        "Upphandlingar under tröskelvärdena och av tjänster enligt bilaga 2",
        LOU,
    ),
    LegalReference("lou_direct_award", "19 a kap.", "Direktupphandling", LOU),
    # 20 kap. 1 §: the standstill period after the notice of the award decision, 10 days
    # when sent electronically, otherwise 15. The chapter is checked; the section text
    # was not at hand here.
    LegalReference("lou_standstill", "20 kap. 1 §", "Avtalsspärr", LOU),
    LegalReference("lou_review", "20 kap.", "Överprövning av upphandling", LOU),
    # Not checked here: 12 kap. 12 § is the notice of the award decision with its reasons.
    LegalReference("lou_award_notice", "12 kap. 12 §", "Underrättelse om tilldelningsbeslut", LOU),
    # Checked (Upphandlingsmyndigheten, RÅ 1996:85 on the predecessor): the second
    # paragraph is absolute secrecy for tenders until all are made public or the decision
    # on supplier and tender is made, or the case is finished before that.
    LegalReference(
        "osl_tenders",
        "19 kap. 3 § andra stycket",
        "Anbudssekretess fram till tilldelningsbeslutet",
        OSL,
    ),
    LegalReference(
        "osl_procurement",
        "19 kap. 3 § första stycket",
        "Sekretess i upphandling till skydd för det allmännas ekonomiska intresse",
        OSL,
    ),
    # Checked: quoted by Upphandlingsmyndigheten's question portal (2019).
    LegalReference(
        "osl_business",
        "31 kap. 16 §",
        "Enskildas affärs- eller driftförhållanden vid affärsförbindelse med myndighet",
        OSL,
    ),
    # Checked: Skatteverket's rättslig vägledning and CVE: secrecy holds between
    # independent branches of one authority, e.g. between nämnder of a kommun.
    LegalReference(
        "osl_within_authority",
        "8 kap. 2 §",
        "Sekretess mellan självständiga verksamhetsgrenar inom en myndighet",
        OSL,
    ),
    # Not checked here: 5 kap. 2 § lists what a registration shows.
    LegalReference(
        "osl_registration", "5 kap. 2 §", "Vad registreringen av en handling ska visa", OSL
    ),
    # Checked: Skatteverket (6 kap. 7 § OSL, the applicant may appeal a refusal) and
    # st.org (6 kap. 8 §, to the kammarrätt).
    LegalReference(
        "osl_appeal_refusal",
        "6 kap. 7 och 8 §§",
        "Överklagande av avslag på begäran om allmän handling (till kammarrätten)",
        OSL,
    ),
    # Checked: 2 kap. 1 § TF, everyone's right to see public documents (processratt.se);
    # 2 kap. 15 §, a document shall be provided "genast eller så snart det är möjligt"
    # (the former 2 kap. 12 §, renumbered by SFS 2018:1801; fojo.se cites 15 §).
    LegalReference(
        "tf_public_access", "2 kap. 1 §", "Rätten att ta del av allmänna handlingar", TF
    ),
    LegalReference(
        "tf_promptly",
        "2 kap. 15 §",
        "Allmän handling lämnas ut genast eller så snart det är möjligt",
        TF,
    ),
    # Checked: the first paragraph of 2 kap. 16 § TF as quoted in prop. 2019/20:179 (a copy
    # for a fixed fee, to the extent the document may be released); that a request for a
    # copy is handled "skyndsamt" is the same section (allmanhandling.se, JO 2008/09 s. 538).
    LegalReference(
        "tf_copies",
        "2 kap. 16 §",
        "Kopia mot fastställd avgift; begäran behandlas skyndsamt",
        TF,
    ),
    # Not checked here: 2 kap. 18 § TF (the former 2 kap. 14 § tredje stycket) forbids
    # asking who the requester is or why, beyond what the examination needs.
    LegalReference(
        "tf_anonymity",
        "2 kap. 18 §",
        "Myndigheten får inte efterforska vem som begär en handling eller varför",
        TF,
    ),
    # Checked: the text of 6 kap. 3 § OSL as quoted by Utgivarna and Lawline: the
    # authority examines the request if the official refuses (or releases with a
    # reservation) and the requester asks for it; the requester is told so, and that a
    # written decision by the authority is needed for an appeal.
    LegalReference(
        "osl_decision_by_authority",
        "6 kap. 3 §",
        "Myndighetens prövning och skriftligt beslut som kan överklagas",
        OSL,
    ),
    # Not checked here against the text; written from knowledge of förvaltningslagen:
    # 43 § an appeal is made in writing and given to the authority that decided, 44 §
    # within three weeks from the day the appellant received the decision.
    LegalReference("fl_appeal_how", "43 §", "Hur ett beslut överklagas", FL),
    LegalReference("fl_appeal_time", "44 §", "Tid för överklagande: tre veckor", FL),
    # Checked against the text of 13 kap. as posted by kommuner (Kalix, Region
    # Västernorrland) and prop. 2016/17:171: 1 § every member of the kommun may appeal to
    # the förvaltningsrätt, 4 § in writing, 5 § within three weeks of the day it was
    # posted on the anslagstavla that the minutes were adjusted. The four grounds for
    # quashing a decision (lawfulness, not merits; the court can only quash it) are
    # checked (Storfors, Vadstena); that they are 8 § was not seen in a source here.
    LegalReference("kl_legality_review", "13 kap.", "Laglighetsprövning", KL),
    LegalReference("kl_appeal_time", "13 kap. 5 §", "Tiden för överklagande", KL),
    LegalReference("kl_review_grounds", "13 kap. 8 §", "Grunder för att upphäva ett beslut", KL),
    # Checked: 2 § of the law (lagboken.se): privately run, partly publicly financed
    # school (skollagen), health care and dental care, and social services (SoL, LVM,
    # LVU, LSS, personal assistance). Not cleaning, laundry or other services.
    LegalReference(
        "meddelarskydd",
        "",
        "Meddelarskydd i privat drivna skolor, vård och omsorg",
        MEDDELARSKYDD,
    ),
    # Procurement's own (branch i16-procurement). Not checked here against the text of
    # 20 kap.; written from knowledge of the law: 4 § who may request review, 6 § what the
    # court decides (rättelse or the procurement redone), 9 § förlängd avtalsspärr (ten days
    # after the förvaltningsrätt's decision when the request came in during the
    # standstill), 10 § no review once the contract is signed. 5 kap. 3 §: the value
    # includes options and extensions. Read the law before relying on the sections.
    LegalReference(
        "lou_value_options",
        "5 kap. 3 §",
        "Kontraktets värde omfattar options och förlängningar",
        LOU,
    ),
    LegalReference("lou_review_who", "20 kap. 4 §", "Ansökan om överprövning", LOU),
    LegalReference(
        "lou_review_outcome", "20 kap. 6 §", "Rättelse eller att upphandlingen görs om", LOU
    ),
    LegalReference("lou_extended_standstill", "20 kap. 9 §", "Förlängd avtalsspärr", LOU),
    LegalReference(
        "lou_review_too_late",
        "20 kap. 10 §",
        "Ingen överprövning sedan avtal har slutits",
        LOU,
    ),
    LegalReference(
        "ideburna_register", "", "Registrering av idéburna organisationer", IDEBURNA_REGISTER
    ),
    LegalReference(
        "digital_accessibility", "", "Tillgänglighet till digital offentlig service", DOS
    ),
)

REFERENCES: dict[str, LegalReference] = {ref.key: ref for ref in _REFERENCES}


def legal(key: str) -> LegalReference:
    """The reference with this key; KeyError for a key that does not exist."""
    return REFERENCES[key]


def cite(key: str, *, short: bool = False) -> str:
    """The citation as written in Swedish, or its short form with the abbreviation."""
    reference = REFERENCES[key]
    return reference.short if short else reference.citation
