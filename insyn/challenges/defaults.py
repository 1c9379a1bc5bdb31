"""The default process: Lerums kommun's eight steps for a challenge ("Utmaning – hur går det
till?"), every point of each step as a checklist item, those insyn sees happen tied to the
action that ticks them. The text is the kommun's own content, so it is data in Swedish, not
an interface string; an administrator changes it by making a new version."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

# Role and action values are written out (not imported from models) so that the data
# migration that loads this keeps working whatever the models later become.
BG, SECTOR, CEO, SECRETARY, PROCUREMENT = (
    "business_guide",
    "sector_head",
    "chief_executive",
    "board_secretary",
    "procurement_officer",
)

NAME = "Utmanarrätt (Lerums modell, åtta steg)"
DESCRIPTION = (
    "Den som tror sig kunna utföra kommunens tjänster bättre än kommunen själv kan utmana. "
    "Om utmaningen är seriös och ger tydliga besked om förbättringar när det gäller "
    "miljöhänsyn, kvalitet, pris eller annat, upphandlar kommunen verksamheten enligt LOU. "
    "Alla, inte bara utmanaren, är då välkomna att lämna anbud."
)

STEPS: list[dict[str, Any]] = [
    {
        "name": "Intresseanmälan tas emot",
        "description": (
            "Utmaningen diarieförs så snart den kommit in och blir allmän handling. Lotsen "
            "informerar kommunstyrelsen, kommundirektören och berörd sektorchef, bekräftar "
            "mottagandet, klarlägger förutsättningarna inom området och kontrollerar att "
            "kommunen har förstått utmaningen rätt. Utmaningar som gäller myndighetsutövning, "
            "verksamhet som redan drivs på entreprenad eller verksamhet som inte lämpar sig "
            "för upphandling sorteras bort redan här."
        ),
        "responsible_role": BG,
        "deadline_working_days": 5,
        "notify_roles": [BG],
        "notify_challenger": False,
        "expected_documents": "Intresseanmälan (inkommen)",
        "exits": ["withdrawn", "screened_out"],
        "checklist": [
            ("Utmaningen är diarieförd och därmed allmän handling", "registered", True),
            (
                "Kommunstyrelsen, kommundirektören och berörd sektorchef har fått information "
                "om utmaningen",
                "leadership_notified",
                True,
            ),
            ("Mottagandet är bekräftat till utmanaren", "receipt_confirmed", True),
            ("Förutsättningarna för utmaning inom området är klarlagda för utmanaren", "", True),
            ("Lotsen har verifierat att kommunen har förstått utmaningen rätt", "", True),
        ],
    },
    {
        "name": "Internt möte med berörd sektor",
        "description": (
            "Lotsen kallar tjänstemän i berörd sektor till ett internt möte för att se om "
            "utmaningen ger möjlighet till ökad effektivitet eller höjd kvalitet."
        ),
        "responsible_role": BG,
        "deadline_working_days": 10,
        "notify_roles": [BG, SECTOR],
        "notify_challenger": False,
        "expected_documents": "Minnesanteckningar från internt möte (upprättad)",
        "exits": ["withdrawn", "screened_out"],
        "checklist": [
            ("Tjänstemän i berörd sektor är kallade till internt möte", "", True),
            (
                "Internt möte är hållet: ger utmaningen möjlighet till ökad effektivitet eller "
                "höjd kvalitet?",
                "internal_meeting",
                True,
            ),
        ],
    },
    {
        "name": "Gemensamt möte med utmanaren",
        "description": (
            "Lotsen kallar verksamhetsansvarig och utmanaren till ett gemensamt möte. "
            "Utmanaren får veta hur verksamheten bedrivs och vad som är möjligt att utmana; "
            "tjänstemännen tar del av vad som utmanas och eventuella organisatoriska "
            "avgränsningar. Om utmanaren då väljer att inte utmana diarieförs det."
        ),
        "responsible_role": BG,
        "deadline_working_days": 15,
        "notify_roles": [BG, SECTOR],
        "notify_challenger": True,
        "expected_documents": (
            "Minnesanteckningar från gemensamt möte (upprättad)\n"
            "Återkallelse, om utmanaren väljer att inte utmana (inkommen)"
        ),
        "exits": ["withdrawn", "screened_out"],
        "checklist": [
            ("Verksamhetsansvarig och utmanaren är kallade till gemensamt möte", "", True),
            ("Gemensamt möte är hållet", "joint_meeting", True),
            (
                "Utmanaren har fått veta hur verksamheten bedrivs och vad som är möjligt att "
                "utmana",
                "",
                True,
            ),
            (
                "Tjänstemännen har tagit del av vad som utmanas och eventuella organisatoriska "
                "avgränsningar",
                "",
                True,
            ),
        ],
    },
    {
        "name": "Formell utmaning",
        "description": (
            "Utmanaren skriver en formell utmaning där det framgår vad som utmanas och "
            "eventuella avgränsningar. Lotsen handlägger den, bekräftar mottagandet och "
            "diarieför den och skickar den till berörd sektor, som omgående informerar "
            "personal, fackliga företrädare, brukare och anhöriga. Kommundirektören "
            "informerar kommunstyrelsen muntligt."
        ),
        "responsible_role": BG,
        "deadline_working_days": 20,
        "notify_roles": [BG, SECTOR, CEO],
        "notify_challenger": True,
        "expected_documents": (
            "Formell utmaning (inkommen)\nBekräftelse till utmanaren (utgående)"
        ),
        "exits": ["withdrawn", "screened_out"],
        "checklist": [
            (
                "Den formella utmaningen har kommit in och är diarieförd",
                "formal_challenge_registered",
                True,
            ),
            (
                "Mottagandet av den formella utmaningen är bekräftat till utmanaren",
                "formal_challenge_confirmed",
                True,
            ),
            ("Utmaningen är skickad till berörd sektor", "", True),
            (
                "Berörd sektor har informerat personal, fackliga företrädare, brukare och anhöriga",
                "stakeholders_informed",
                True,
            ),
            ("Kommundirektören har informerat kommunstyrelsen muntligt", "", True),
        ],
    },
    {
        "name": "Prövning och konsekvensanalys",
        "description": (
            "Under ledning av lotsen prövar berörd sektor utmaningen och gör en "
            "konsekvensanalys där utmaningar, problem och möjligheter redovisas."
        ),
        "responsible_role": SECTOR,
        "deadline_working_days": 30,
        "notify_roles": [SECTOR, BG],
        "notify_challenger": True,
        "expected_documents": "Konsekvensanalys (upprättad)",
        "exits": ["withdrawn"],
        "checklist": [
            ("Berörd sektor har prövat utmaningen under ledning av lotsen", "", True),
            (
                "Konsekvensanalysen (utmaningar/problem, möjligheter, ekonomi, kvalitet, miljö, "
                "personal) är upprättad och diarieförd",
                "impact_analysis_registered",
                True,
            ),
        ],
    },
    {
        "name": "Beslutsunderlag till kommunstyrelsen",
        "description": (
            "Konsekvensanalysen går till kommunstyrelsen som underlag för beslut om "
            "utmaningen ska antas eller inte. Lotsen informerar utmanaren."
        ),
        "responsible_role": BG,
        "deadline_working_days": 20,
        "notify_roles": [BG, SECRETARY, CEO],
        "notify_challenger": True,
        "expected_documents": "Tjänsteskrivelse till kommunstyrelsen (upprättad)",
        "exits": ["withdrawn"],
        "checklist": [
            ("Konsekvensanalysen är överlämnad till kommunstyrelsen som beslutsunderlag", "", True),
            ("Lotsen har informerat utmanaren om att ärendet går till kommunstyrelsen", "", True),
        ],
    },
    {
        "name": "Kommunstyrelsens beslut",
        "description": (
            "Efter kommunstyrelsens beslut informerar lotsen utmanaren om beslutet. Om "
            "kommunstyrelsen antar utmaningen upphandlas verksamheten enligt LOU; sektorns "
            "eller kommunens upphandlingsfunktion ansvarar. Oavsett beslut informerar berörd "
            "sektor personal, fackliga företrädare, brukare och anhöriga."
        ),
        "responsible_role": SECRETARY,
        "deadline_working_days": 30,
        "notify_roles": [SECRETARY, BG, PROCUREMENT],
        "notify_challenger": False,
        "expected_documents": (
            "Protokollsutdrag med kommunstyrelsens beslut (upprättad)\n"
            "Beslutsmeddelande till utmanaren (utgående)"
        ),
        "exits": ["accepted", "rejected"],
        "checklist": [
            (
                "Kommunstyrelsens beslut är protokollfört med datum och paragraf",
                "decision_recorded",
                True,
            ),
            ("Lotsen har informerat utmanaren om beslutet", "decision_communicated", True),
            (
                "Om utmaningen antas: upphandling enligt LOU är påbörjad av upphandlingsfunktionen",
                "procurement_opened",
                False,
            ),
            (
                "Berörd sektor har informerat personal, fackliga företrädare, brukare och "
                "anhöriga om beslutet",
                "stakeholders_informed",
                True,
            ),
        ],
    },
    {
        "name": "Upphandling och avtal",
        "description": (
            "Inkomna anbud värderas och avtal skrivs. Berörd sektor håller personal, fackliga "
            "företrädare, brukare och anhöriga kontinuerligt informerade under den fortsatta "
            "processen."
        ),
        "responsible_role": PROCUREMENT,
        "deadline_working_days": None,
        "notify_roles": [PROCUREMENT, SECTOR],
        "notify_challenger": True,
        "expected_documents": "Anbud (inkomna)\nUtvärdering och tilldelningsbeslut\nAvtal",
        "exits": [],
        "checklist": [
            ("Inkomna anbud är värderade", "tenders_evaluated", True),
            ("Avtal är tecknat", "contract_signed", True),
            (
                "Personal, fackliga företrädare, brukare och anhöriga hålls informerade under "
                "den fortsatta processen",
                "stakeholders_informed",
                True,
            ),
        ],
    },
]


def default_definition_ensure(definition_model, step_model, item_model) -> Any:
    """Create the default definition as version 1, active, unless any definition exists.
    Takes the models (the historical ones inside a migration)."""
    if definition_model.objects.exists():
        return None
    definition = definition_model.objects.create(
        name=NAME, version=1, description=DESCRIPTION, status="active"
    )
    steps = []
    for order, data in enumerate(STEPS, start=1):
        step = step_model.objects.create(
            definition=definition,
            order=order,
            name=data["name"],
            description=data["description"],
            responsible_role=data["responsible_role"],
            deadline_working_days=data["deadline_working_days"],
            notify_roles=data["notify_roles"],
            notify_challenger=data["notify_challenger"],
            expected_documents=data["expected_documents"],
            exits=data["exits"],
        )
        for position, (text, action, required) in enumerate(data["checklist"], start=1):
            item_model.objects.create(
                step=step, order=position, text=text, action=action, required=required
            )
        steps.append(step)
    for current, following in pairwise(steps):
        current.next_steps.add(following)
    return definition
