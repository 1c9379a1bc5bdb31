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

import random

from django.db import transaction
from django.utils import timezone

from insyn.challenges import demo as challenges_demo
from insyn.contracts import demo as contracts_demo
from insyn.contracts.demo import DEALS
from insyn.core import demo as core_demo
from insyn.core.demo import DEMO_PASSWORD, PRIVATE_PERSONS, USERS, org_number, pdf_bytes
from insyn.core.models import Organisation
from insyn.followup import demo as followup_demo
from insyn.followup.demo import followup_year
from insyn.followup.models import FollowUpPlan, FollowUpReport
from insyn.procurement import demo as procurement_demo
from insyn.procurement.demo import JOURNEY, PLANNED
from insyn.procurement.models import Procurement
from insyn.registry import demo as requests_demo
from insyn.registry import demo_diarium as diarium_demo
from insyn.registry.models import Case, Document

# Each app's demo module owns its part; these are what the command, the tests and the
# benchmark use.
__all__ = [
    "DEALS",
    "DEMO_PASSWORD",
    "JOURNEY",
    "PLANNED",
    "PRIVATE_PERSONS",
    "USERS",
    "followup_year",
    "load",
    "logins",
    "org_number",
    "pdf_bytes",
]


@transaction.atomic
def load(*, seed: int = 2026, cases: int = 95, processes: bool = True) -> dict[str, int]:
    """Create the demo kommun, each app's part in turn. Refuses to run twice on the same
    database.

    `processes=False` leaves out the challenges and the contract register: the benchmark
    wants the organisation only, and fills the diarium itself."""
    if Organisation.objects.exists():
        raise RuntimeError("The database already holds an organisation; the demo is not loaded.")
    rng = random.Random(seed)
    today = timezone.localdate()
    kommun = core_demo.organisation_create(today=today)
    boards, units = kommun.boards, kommun.units
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
    journey = procurement_demo.procurements_load(kommun=kommun, year=year)
    followup_demo.followup_load(kommun=kommun, journey=journey, year=year)
    requests_demo.load(today=today)
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


def logins() -> list[tuple[str, str, str]]:
    """(user name, password, role) for each demo login."""
    return [(username, DEMO_PASSWORD, str(role.label)) for username, _f, _l, role, _u in USERS]
