"""The expiry watch's e-mail: a contract that ends, or reaches its notice date, soon.

The wording is Swedish, written here, as it is a message of the kommun to its own staff;
an administrator may replace it under "E-mail templates" in the admin (key
"contract_expiry", the same fields). insyn/contracts/admin.py imports this module so that
the admin knows the key.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from insyn.contracts import selectors
from insyn.contracts.models import Contract
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Role
from insyn.core.selectors import users_with_role
from insyn.notifications.services import DEFAULT_TEMPLATES, email_queue, email_render

KEY = "contract_expiry"

DEFAULT_TEMPLATES[KEY] = (
    "Avtal {{ number }} {{ what }} {{ date }}",
    """Avtalet {{ number }} ({{ title }}) med {{ provider }} {{ what }} {{ date }}.

Nämnd och andel: {{ boards }}
Avtalsansvarig: {{ manager }}
Slutdatum: {{ end_date }}
Förlängningsoptioner: {{ extension_terms }}
Senaste slutdatum med alla förlängningar: {{ latest_end_date }}
{% if reserved %}
Avtalet är reserverat för idéburna organisationer.
{% endif %}
Ta ställning i god tid till om avtalet ska förlängas eller sägas upp, och om en ny
upphandling behöver planeras.

Öppna avtalet: {{ staff_link }}
""",
    "number, title, provider, what, date, boards, manager, end_date, extension_terms, "
    "latest_end_date, reserved, staff_link",
)


def _date(day: datetime.date | None) -> str:
    return date_format(day, "j F Y") if day else "–"


def _recipients(contract: Contract) -> list[str]:
    """The contract's manager and the procurement officers of each of its boards."""
    addresses = []
    if contract.contract_manager and contract.contract_manager.is_active:
        addresses.append(contract.contract_manager.email)
    for share in contract.boards.all():
        addresses += [
            user.email for user in users_with_role(Role.PROCUREMENT_OFFICER, board=share.board)
        ]
    return sorted({address for address in addresses if address})


def _context(contract: Contract, day: datetime.date, kind: str) -> dict[str, str]:
    manager = contract.contract_manager
    return {
        "number": contract.number,
        "title": contract.title,
        "provider": contract.provider_name,
        "what": "har sista dag för uppsägning eller förlängning"
        if kind == "notice"
        else "löper ut",
        "date": _date(day),
        "boards": ", ".join(
            f"{share.board.name} ({float(share.share):g} %)".replace(".", ",")
            for share in contract.boards.all()
        ),
        "manager": (manager.get_full_name() or manager.username) if manager else "ingen utsedd",
        "end_date": _date(contract.end_date),
        "extension_terms": contract.extension_terms or "–",
        "latest_end_date": _date(contract.latest_end_date),
        "reserved": "ja" if contract.reserved else "",
        "staff_link": settings.INSYN_BASE_URL
        + reverse("contracts:detail", kwargs={"contract_id": contract.pk}),
    }


@in_organisation_language
def expiry_notify(*, months: int = 6, today: datetime.date | None = None) -> int:
    """Queue a message about each contract that ends, or reaches its notice date, within
    `months` months. The event key is the contract, the kind of date and the date, and
    the outbox keeps one message per event and recipient: run daily, each person hears
    about each date once (and again only if the date is moved). Returns how many
    messages were queued."""
    today = today or timezone.localdate()
    queued = 0
    for contract, day, kind in selectors.contracts_expiring(today=today, months=months):
        to = _recipients(contract)
        if not to:
            continue
        subject, body = email_render(KEY, _context(contract, day, kind))
        with transaction.atomic():
            queued += len(
                email_queue(
                    event=f"contract:{contract.pk}:{kind}:{day.isoformat()}",
                    to=to,
                    subject=subject,
                    body=body,
                    case=contract.case,
                )
            )
    return queued
