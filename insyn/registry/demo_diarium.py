"""The demo kommun's diarium: two years of cases and documents over every board.

Each case follows one of TOPICS: its first document, then some of its follow-ups over the
next months, each registered on its own day through the registry's services (numbering,
masking and secrecy as for real registrations). A third of the cases are closed.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from insyn.core.calendar import working_days_in
from insyn.core.demo import PRIVATE_PERSONS, Kommun, upload
from insyn.core.models import Party
from insyn.registry import services as registry
from insyn.registry.defaults import secrecy_grounds_ensure
from insyn.registry.models import Case, Document, SecrecyGround, Series


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


# (day, case index, step): step 0 opens the case, step n registers its n-th follow-up.
Event = tuple[datetime.date, int, int]


def series_create(kommun: Kommun) -> None:
    """A numbering series per board, and the secrecy grounds the documents cite."""
    for board in kommun.boards.values():
        Series.objects.create(board=board, prefix=board.code, name=board.name)
    # Normally there from the migration; a test database emptied between tests lacks them.
    secrecy_grounds_ensure(SecrecyGround)


def diarium_load(*, kommun: Kommun, rng: random.Random, cases: int) -> None:
    """Register `cases` cases with their documents over the last two years."""
    grounds = {(g.chapter, g.section): g for g in SecrecyGround.objects.all()}
    series = {s.prefix: s for s in Series.objects.all()}
    opened: dict[int, Case] = {}
    for day, index, step in _schedule(rng=rng, cases=cases, today=kommun.today):
        topic = TOPICS[index % len(TOPICS)]
        fields = _document_fields(topic, step, day, kommun, grounds, rng)
        officer = kommun.users[rng.choice(["lots", "sektorchef", "avtalsansvarig", "upphandlare"])]
        registrar = kommun.users["registrator"]
        if step == 0:
            document = registry.case_register_with_document(
                series=series[topic.board],
                title=topic.title,
                registered_by=registrar,
                unit=kommun.units[topic.unit],
                case_officer=officer,
                public_title="Ärende enligt socialtjänstlagen"
                if topic.secret == "secret" and topic.board == "VON"
                else "",
                **fields,
            )
            opened[index] = document.case
        else:
            registry.document_register(case=opened[index], registered_by=registrar, **fields)
    # A few cases are finished and closed, as in any real diarium.
    for case in list(opened.values())[: cases // 3]:
        registry.case_close(
            case=case, closed_by=kommun.users["registrator"], note="Ärendet är avslutat."
        )


def _schedule(*, rng: random.Random, cases: int, today: datetime.date) -> list[Event]:
    """When each case opens and its follow-ups come, on working days, in date order."""
    days = working_days_in(today - datetime.timedelta(days=730), today)
    events: list[Event] = []
    for index in range(cases):
        topic = TOPICS[index % len(TOPICS)]
        start = rng.randrange(0, len(days) - 1)
        steps = 1 + rng.randint(max(0, len(topic.followups) - 2), len(topic.followups))
        offsets = sorted(rng.randint(5, 90) for _ in range(steps - 1))
        events.append((days[start], index, 0))
        for step, offset in enumerate(offsets, start=1):
            events.append((days[min(start + offset, len(days) - 1)], index, step))
    events.sort()
    return events


def _document_fields(
    topic: Topic,
    step: int,
    day: datetime.date,
    kommun: Kommun,
    grounds: dict[tuple[int, str], SecrecyGround],
    rng: random.Random,
) -> dict[str, Any]:
    """The document of a case's step, registered on the day it is dated."""
    direction, description = topic.first if step == 0 else topic.followups[step - 1]
    person = rng.choice(PRIVATE_PERSONS)
    counterpart = _counterpart(topic, direction, person, kommun.parties, rng)
    secrecy = Document.Secrecy.PUBLIC
    mask_counterpart = False
    if topic.secret == "secret":
        secrecy = Document.Secrecy.SECRET
    elif topic.secret == "partial" and direction == "incoming":
        secrecy, mask_counterpart = Document.Secrecy.PARTIAL, True
    files = []
    if rng.random() < 0.6:
        files.append(upload(f"{description[:40].replace(' ', '_')}.pdf", description))
    return {
        "direction": direction,
        "description": description,
        "document_date": day,
        "counterpart": counterpart,
        "secrecy": secrecy,
        "secrecy_ground": grounds.get(topic.ground) if topic.ground else None,
        "mask_counterpart": mask_counterpart,
        "mask_description": False,
        "registered_on": day,
        "files": files,
    }


def _counterpart(
    topic: Topic,
    direction: str,
    person: str,
    parties: dict[str, list[Party]],
    rng: random.Random,
) -> registry.Counterpart:
    if direction == "drawn_up" or topic.counterpart == "none":
        if direction == "drawn_up":
            return registry.Counterpart()
        return registry.Counterpart(name="Kommunfullmäktiges ledamot", kind=Party.Kind.PUBLIC_BODY)
    if topic.counterpart == "private_person":
        return registry.Counterpart(name=person, kind=Party.Kind.PRIVATE_PERSON)
    party = rng.choice(parties[topic.counterpart])
    return registry.Counterpart(party=party)
