"""Does a procedure fit the estimated value? The thresholds of procurement law are dated
settings (ProcurementThreshold, kept by an administrator); a procurement is judged by the
values in force on its date.

Read by the plan and procurement pages (a warning) and by procurement_start (which
refuses: see docs/procurement.md for why)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.procurement import law
from insyn.procurement.models import Procurement, ProcurementThreshold

Kind = ProcurementThreshold.Kind
Procedure = Procurement.Procedure
Category = Procurement.Category

# The national procedures that are lawful only below a limit.
VALUE_LIMITED = (Procedure.DIRECT, Procedure.SIMPLIFIED)


def thresholds_on(day: datetime.date | None = None) -> dict[str, Decimal]:
    """Each threshold's amount in force on `day` (today by default): the newest row valid
    from that day or earlier."""
    day = day or timezone.localdate()
    amounts: dict[str, Decimal] = {}
    for row in ProcurementThreshold.objects.filter(valid_from__lte=day).order_by(
        "kind", "-valid_from"
    ):
        amounts.setdefault(row.kind, row.amount)
    return amounts


def _sek(amount: Decimal) -> str:
    return f"{int(amount):,}".replace(",", "\u00a0") + " kr"


def procedure_problems(
    *,
    procedure: str,
    category: str,
    value: Decimal | None,
    day: datetime.date | None = None,
) -> list[str]:
    """Why the procedure does not fit the value, in words for the officer; empty if it
    fits (or nothing limits it)."""
    if procedure == Procedure.IOP:
        return [
            _(
                "An IOP (non-profit public partnership) is not a procurement procedure: make "
                "the agreement in the contract register as an IOP agreement."
            )
        ]
    if procedure not in VALUE_LIMITED:
        return []
    if value is None:
        return [
            _(
                "Give the estimated value of the whole contract period, options included "
                "(%(law)s): a direct award or a simplified procedure is lawful only below "
                "the thresholds."
            )
            % {"law": law.LOU_VALUE}
        ]
    amounts = thresholds_on(day)
    social = category == Category.SOCIAL
    if procedure == Procedure.DIRECT:
        kind = Kind.SOCIAL if social else Kind.DIRECT_AWARD
        limit = amounts.get(kind)
        if limit is not None and value >= limit:
            return [
                _(
                    "A direct award is lawful only below %(limit)s (%(law)s); the estimated "
                    "value is %(value)s. Choose an advertised procedure."
                )
                % {"limit": _sek(limit), "law": law.LOU_DIRECT_AWARD, "value": _sek(value)}
            ]
        return []
    # Förenklat förfarande: LOU 19 kap. covers social and other specific services whatever
    # their value, everything else only below the EU threshold.
    if social:
        return []
    kind = Kind.WORKS if category == Category.WORKS else Kind.SUPPLIES_SERVICES
    limit = amounts.get(kind)
    if limit is not None and value >= limit:
        return [
            _(
                "A simplified procedure is lawful only below the EU threshold of %(limit)s "
                "(%(law)s); the estimated value is %(value)s. Choose the open or the "
                "restricted procedure."
            )
            % {"limit": _sek(limit), "law": law.LOU_BELOW_THRESHOLDS, "value": _sek(value)}
        ]
    return []


def procurement_problems(procurement: Procurement) -> list[str]:
    """As procedure_problems, for a procurement: judged on the day it started, or today."""
    return procedure_problems(
        procedure=procurement.procedure,
        category=procurement.category,
        value=procurement.estimated_value,
        day=procurement.opened_on if procurement.status != Procurement.Status.PLANNED else None,
    )
