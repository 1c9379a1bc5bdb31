"""The demo kommun's requests to see public documents: one open and overdue, one released
in full, one released on paper with parts masked, one refused with its decision PDF.

Made through the registry's services, as the public form and the registrar would: each
request comes in on a working day in the past and is answered on the day its handler did
it, so the inbox, the requester's page and the statistics show a true story.
"""

from __future__ import annotations

import datetime

from insyn.core.calendar import add_working_days
from insyn.core.models import User
from insyn.registry import services
from insyn.registry.models import AccessRequest, SecrecyGround


def _received(today: datetime.date, working_days_ago: int, **fields) -> AccessRequest:
    return services.access_request_register(
        received_on=add_working_days(today, -working_days_ago), **fields
    )


def _overdue(today: datetime.date, handler: User) -> AccessRequest:
    """Anonymous, to read at the office; given to the business guide and not yet answered."""
    request = _received(
        today,
        4,
        requested="Kommunens avtal med Sjövik Städ AB om städning av skolorna, med bilagor.",
        board_code="TN",
        delivery=AccessRequest.Delivery.VISIT,
    )
    registrar = User.objects.get(username="registrator")
    return services.access_request_assign(
        access_request=request, handler=handler, assigned_by=registrar
    )


def _released(today: datetime.date, registrar: User) -> AccessRequest:
    request = _received(
        today,
        30,
        requested="Protokollen från kommunstyrelsens sammanträden i september.",
        board_code="KS",
        delivery=AccessRequest.Delivery.EMAIL,
        name="Karin Lind",
        email="karin.lind@example.org",
    )
    return services.access_request_decide(
        access_request=request,
        decided_by=registrar,
        outcome=AccessRequest.Outcome.RELEASED,
        decided_on=request.due_on,
    )


def _partly_released(today: datetime.date, registrar: User) -> AccessRequest:
    """On paper, 14 pages (50 kr for ten, 2 kr for each of the four after), one day late."""
    request = _received(
        today,
        20,
        requested="Anbuden i upphandlingen av skolskjuts och utvärderingen av dem.",
        board_code="TN",
        delivery=AccessRequest.Delivery.POST,
        name="Per Persson",
        postal_address="Storgatan 12, 123 45 Sjövik",
    )
    return services.access_request_decide(
        access_request=request,
        decided_by=registrar,
        outcome=AccessRequest.Outcome.PARTLY_RELEASED,
        masked_parts="Anbudsgivarnas prisbilagor och kalkyler (bilaga 3 i varje anbud).",
        secrecy_ground=SecrecyGround.objects.get(chapter=31, section="16"),
        reason=(
            "Prisbilagorna visar anbudsgivarnas kalkyler. Det kan antas att de lider skada "
            "om uppgifterna röjs, eftersom avtalet ska upphandlas på nytt om två år."
        ),
        pages=14,
        decided_on=add_working_days(request.due_on or today, 1),
    )


def _refused(today: datetime.date, registrar: User) -> AccessRequest:
    request = _received(
        today,
        10,
        requested="Utredningen om hemtjänstinsatser för en namngiven brukare i Sjövik.",
        board_code="VON",
        delivery=AccessRequest.Delivery.EMAIL,
        name="Lena Larsson",
        email="lena.larsson@tidningen.example",
    )
    return services.access_request_decide(
        access_request=request,
        decided_by=registrar,
        outcome=AccessRequest.Outcome.REFUSED,
        secrecy_ground=SecrecyGround.objects.get(chapter=26, section="1"),
        reason=(
            "Utredningen innehåller uppgifter om en enskild persons hälsa och personliga "
            "förhållanden inom socialtjänsten. Det kan inte stå klart att uppgifterna kan "
            "röjas utan att den enskilde lider men."
        ),
        decided_on=request.due_on,
    )


def load(*, today: datetime.date) -> list[AccessRequest]:
    registrar = User.objects.get(username="registrator")
    guide = User.objects.get(username="lots")
    return [
        _released(today, registrar),
        _partly_released(today, registrar),
        _refused(today, registrar),
        _overdue(today, guide),
    ]
