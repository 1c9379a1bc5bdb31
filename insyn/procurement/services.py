"""Writes of procurements. The procurement module grows with the contract register; the
challenge process opens procurements here and records how they go."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, Party, Unit, User
from insyn.procurement.models import Procurement
from insyn.registry.models import Case


def status_reached(procurement: Procurement, status: str) -> bool:
    """True if the procurement has come at least as far as `status` (not cancelled)."""
    order = [str(s) for s in Procurement.STATUS_ORDER]
    if procurement.status == Procurement.Status.CANCELLED:
        return False
    return order.index(procurement.status) >= order.index(status)


@in_organisation_language
@transaction.atomic
def procurement_open(
    *,
    title: str,
    procedure: str,
    responsible: User,
    board: Board,
    case: Case,
    user: User,
    unit: Unit | None = None,
) -> Procurement:
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the procurement a title.")
    if procedure not in Procurement.Procedure.values:
        errors["procedure"] = _("Choose the procedure.")
    if responsible is None:
        errors["responsible"] = _("Choose the responsible procurement officer.")
    if errors:
        raise ValidationError(errors)
    procurement = Procurement(
        title=title.strip(),
        procedure=procedure,
        responsible=responsible,
        board=board,
        unit=unit,
        case=case,
        opened_on=timezone.localdate(),
    )
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Procurement started")  # type: ignore[attr-defined]
    procurement.save()
    return procurement


# What may be recorded on a procurement as it goes, and the status each date implies.
UPDATABLE = {
    "status",
    "advertised_on",
    "tender_deadline",
    "tenders_received",
    "evaluated_on",
    "awarded_on",
    "supplier",
    "contract_signed_on",
}


@in_organisation_language
@transaction.atomic
def procurement_update(*, procurement: Procurement, user: User, **changes) -> Procurement:
    unknown = set(changes) - UPDATABLE
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    for name, value in changes.items():
        setattr(procurement, name, value)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    for name in ("advertised_on", "evaluated_on", "awarded_on", "contract_signed_on"):
        day: datetime.date | None = getattr(procurement, name)
        if day is not None and day > today:
            errors[name] = _("The date cannot be in the future.")
    if procurement.status not in Procurement.Status.values:
        errors["status"] = _("Choose a status.")
    if procurement.status == Procurement.Status.CONTRACT_SIGNED:
        if procurement.contract_signed_on is None:
            errors["contract_signed_on"] = _("Give the date the contract was signed.")
        if procurement.supplier is None:
            errors["supplier"] = _("Give the supplier the contract is signed with.")
    if procurement.supplier is not None and not isinstance(procurement.supplier, Party):
        errors["supplier"] = _("Choose the supplier.")
    if errors:
        raise ValidationError(errors)
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Procurement updated")  # type: ignore[attr-defined]
    procurement.save()
    return procurement
