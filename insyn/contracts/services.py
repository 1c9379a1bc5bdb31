"""Writes of the contract register. A contract and its boards' shares are saved together
and checked together: exactly one provider, an end after the start, shares that add up to
100 %. Imports go through the same function, so a row is accepted exactly when the form
would accept it."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.contracts.models import (
    Contract,
    ContractBoard,
    Requirement,
    RequirementTemplate,
    validate_cpv,
)
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, Party, Unit, User
from insyn.procurement.models import Procurement
from insyn.registry.models import Case, SecrecyGround

HUNDRED = Decimal("100")
# The seed: "från ett enskilt avtal till upp mot 10 avtal/nämnd".
STRATEGIC_WARNING_ABOVE = 10


@dataclass(frozen=True)
class Share:
    board: Board
    share: Decimal


@dataclass(frozen=True)
class ContractData:
    """Everything a contract holds but its requirements, as a form or an import row
    gives it."""

    number: str
    title: str
    procedure: str
    start_date: datetime.date
    shares: Sequence[Share]
    kind: str = Contract.Kind.EXTERNAL
    description: str = ""
    provider_party: Party | None = None
    provider_unit: Unit | None = None
    end_date: datetime.date | None = None
    extension_terms: str = ""
    latest_end_date: datetime.date | None = None
    notice_date: datetime.date | None = None
    yearly_value: Decimal | None = None
    total_value: Decimal | None = None
    values_secret: bool = False
    values_secrecy_ground: SecrecyGround | None = None
    cpv_code: str = ""
    reserved: bool = False
    procurement: Procurement | None = None
    case: Case | None = None
    value_level: str = ""
    impact_level: str = ""


def contract_check(data: ContractData, *, instance: Contract | None = None) -> None:
    """Raise a ValidationError with every problem of `data`, by field name."""
    errors: dict[str, str] = {}
    number = data.number.strip()
    if not number:
        errors["number"] = _("Give the contract a number.")
    else:
        taken = Contract.objects.filter(number=number)
        if instance is not None:
            taken = taken.exclude(pk=instance.pk)
        if taken.exists():
            errors["number"] = _("Contract number %(number)s is already used.") % {"number": number}
    if not data.title.strip():
        errors["title"] = _("Give the contract a title.")
    if data.kind not in Contract.Kind.values:
        errors["kind"] = _("Choose the kind of contract.")
    if data.procedure not in Contract.Procedure.values:
        errors["procedure"] = _("Choose the procedure.")
    if (data.provider_party is None) == (data.provider_unit is None):
        errors["provider"] = _("Give the provider: a party, or one of the organisation's units.")
    elif data.kind == Contract.Kind.INTERNAL and data.provider_unit is None:
        errors["provider"] = _("An internal agreement is with one of the organisation's units.")
    elif data.kind != Contract.Kind.INTERNAL and data.provider_unit is not None:
        errors["kind"] = _("A contract with an in-house unit is an internal agreement.")
    # An IOP is a partnership with an idéburen organisation made outside procurement law:
    # its own kind of agreement, never a procurement procedure, and the reverse.
    if data.kind == Contract.Kind.IOP and data.procedure != Contract.Procedure.IOP:
        errors["procedure"] = _(
            "An IOP is made outside procurement law: choose IOP as the form of agreement."
        )
    elif data.procedure == Contract.Procedure.IOP and data.kind != Contract.Kind.IOP:
        errors["kind"] = _("A partnership outside procurement law (IOP) is of the kind IOP.")
    if (
        data.kind == Contract.Kind.IOP
        and data.provider_party is not None
        and data.provider_party.kind != Party.Kind.NONPROFIT
    ):
        errors["provider"] = _("An IOP is made with an idéburen (non-profit) organisation.")
    if data.end_date and data.end_date < data.start_date:
        errors["end_date"] = _("The contract cannot end before it starts.")
    if data.latest_end_date and data.end_date and data.latest_end_date < data.end_date:
        errors["latest_end_date"] = _("The latest end cannot be before the end.")
    if data.notice_date and data.notice_date < data.start_date:
        errors["notice_date"] = _("The notice date cannot be before the start.")
    for name in ("yearly_value", "total_value"):
        value = getattr(data, name)
        if value is not None and value < 0:
            errors[name] = _("A value cannot be negative.")
    if data.values_secret and data.values_secrecy_ground is None:
        errors["values_secrecy_ground"] = _("Give the legal ground for keeping the values secret.")
    if data.cpv_code:
        try:
            validate_cpv(data.cpv_code.strip())
        except ValidationError as error:
            errors["cpv_code"] = error.messages[0]
    if data.reserved and data.procedure not in (
        Contract.Procedure.RESERVED,
        Contract.Procedure.CHOICE_SYSTEM,
    ):
        errors["reserved"] = _("Only a reserved procurement or a choice system can be reserved.")
    share_error = _shares_problem(data.shares)
    if share_error:
        errors["shares"] = share_error
    if errors:
        raise ValidationError(errors)


def _shares_problem(shares: Sequence[Share]) -> str:
    if not shares:
        return _("Give at least one board.")
    boards = [s.board.pk for s in shares]
    if len(set(boards)) != len(boards):
        return _("Each board may be given once.")
    if any(s.share <= 0 or s.share > HUNDRED for s in shares):
        return _("A share is more than 0 and at most 100 %.")
    total = sum((s.share for s in shares), Decimal(0))
    if total != HUNDRED:
        return _("The boards' shares add up to %(total)s %%, not 100 %%.") % {"total": total}
    return ""


_FIELDS = (
    "title",
    "description",
    "kind",
    "provider_party",
    "provider_unit",
    "start_date",
    "end_date",
    "extension_terms",
    "latest_end_date",
    "notice_date",
    "yearly_value",
    "total_value",
    "values_secret",
    "values_secrecy_ground",
    "cpv_code",
    "procedure",
    "reserved",
    "procurement",
    "case",
    "value_level",
    "impact_level",
)


def _apply(contract: Contract, data: ContractData) -> None:
    contract.number = data.number.strip()
    for name in _FIELDS:
        value = getattr(data, name)
        setattr(contract, name, value.strip() if isinstance(value, str) else value)
    if not contract.values_secret:
        contract.values_secrecy_ground = None


def _save_shares(contract: Contract, shares: Sequence[Share]) -> None:
    # A board that keeps its part keeps its strategic mark, and who made it and when.
    marks = {
        board_id: (strategic, by_id, on)
        for board_id, strategic, by_id, on in ContractBoard.objects.filter(
            contract=contract
        ).values_list("board_id", "strategic", "strategic_by_id", "strategic_on")
    }
    ContractBoard.objects.filter(contract=contract).delete()
    rows = []
    for s in shares:
        strategic, by_id, on = marks.get(s.board.pk, (False, None, None))
        rows.append(
            ContractBoard(
                contract=contract,
                board=s.board,
                share=s.share,
                strategic=strategic,
                strategic_by_id=by_id,
                strategic_on=on,
            )
        )
    ContractBoard.objects.bulk_create(rows)


@in_organisation_language
@transaction.atomic
def contract_create(*, data: ContractData, user: User | None) -> Contract:
    contract_check(data)
    contract = Contract()
    _apply(contract, data)
    contract._history_user = user  # type: ignore[attr-defined]
    contract._change_reason = _("Registered")  # type: ignore[attr-defined]
    contract.save()
    _save_shares(contract, data.shares)
    return contract


@in_organisation_language
@transaction.atomic
def contract_update(
    *, contract: Contract, data: ContractData, user: User | None, reason: str = ""
) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    contract_check(data, instance=contract)
    _apply(contract, data)
    contract._history_user = user  # type: ignore[attr-defined]
    contract._change_reason = reason.strip() or _("Changed")  # type: ignore[attr-defined]
    contract.save()
    _save_shares(contract, data.shares)
    return contract


def next_contract_number(*, year: int | None = None) -> str:
    """A free number in the organisation's default form, AVT-2026-0001."""
    year = year or timezone.localdate().year
    prefix = f"AVT-{year}-"
    last = (
        Contract.objects.filter(number__startswith=prefix).aggregate(last=Max("number")).get("last")
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{sequence:04d}"


@in_organisation_language
@transaction.atomic
def contract_manager_appoint(
    *, contract: Contract, manager: User | None, appointed_by: User
) -> Contract:
    """A förvaltningschef appoints the contract manager; who and when are kept."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    contract.contract_manager = manager
    contract.manager_appointed_by = appointed_by
    contract.manager_appointed_on = timezone.localdate()
    contract._history_user = appointed_by  # type: ignore[attr-defined]
    contract._change_reason = _("Contract manager appointed")  # type: ignore[attr-defined]
    contract.save()
    return contract


@in_organisation_language
@transaction.atomic
def contract_classify(
    *, contract: Contract, value_level: str, impact_level: str, user: User
) -> Contract:
    from insyn.contracts.models import Level

    errors = {}
    if value_level not in Level.values:
        errors["value_level"] = _("Choose low or high.")
    if impact_level not in Level.values:
        errors["impact_level"] = _("Choose low or high.")
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    contract.value_level = value_level
    contract.impact_level = impact_level
    contract._history_user = user  # type: ignore[attr-defined]
    contract._change_reason = _("Classified")  # type: ignore[attr-defined]
    contract.save()
    return contract


@transaction.atomic
def strategic_set(*, share: ContractBoard, strategic: bool, user: User | None = None) -> int:
    """Mark (or unmark) the contract strategic for the share's board, recording who did it
    and when. Returns how many strategic contracts the board has now; above
    STRATEGIC_WARNING_ABOVE the pages warn, as the seed expects at most about ten per board."""
    # Sending the same choice twice keeps the first marking's who and when.
    ContractBoard.objects.filter(pk=share.pk).exclude(strategic=strategic).update(
        strategic=strategic, strategic_by=user, strategic_on=timezone.localdate()
    )
    return ContractBoard.objects.filter(board=share.board, strategic=True).count()


# The history's reason is at most this long (django-simple-history's column).
REASON_MAX = 100


@in_organisation_language
@transaction.atomic
def contract_terminate(
    *, contract: Contract, terminated_on: datetime.date, reason: str, user: User
) -> Contract:
    """End the contract early: `terminated_on` is its last day. From the day after, the
    public register shows it as ended and the expiry watch no longer lists it. The reason
    is kept in the contract's history."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    errors: dict[str, str] = {}
    if terminated_on < contract.start_date:
        errors["terminated_on"] = _("The contract cannot end before it starts (%(date)s).") % {
            "date": contract.start_date.isoformat()
        }
    elif contract.end_date is not None and terminated_on > contract.end_date:
        errors["terminated_on"] = _(
            "An early end cannot be after the contract's end date (%(date)s)."
        ) % {"date": contract.end_date.isoformat()}
    if not reason.strip():
        errors["reason"] = _("Give the reason for ending the contract early.")
    elif len(reason.strip()) > REASON_MAX:
        errors["reason"] = _("Keep the reason to at most %(count)s characters.") % {
            "count": REASON_MAX
        }
    if errors:
        raise ValidationError(errors)
    contract.terminated_on = terminated_on
    contract._history_user = user  # type: ignore[attr-defined]
    contract._change_reason = reason.strip()  # type: ignore[attr-defined]
    contract.save()
    return contract


@in_organisation_language
@transaction.atomic
def requirement_add(
    *,
    contract: Contract,
    title: str,
    text: str,
    area: str,
    essential: bool,
    labour_topic: str = "",
    template: RequirementTemplate | None = None,
) -> Requirement:
    from insyn.contracts.models import Area, LabourTopic

    errors = {}
    if not title.strip():
        errors["title"] = _("Give the requirement a title.")
    if area not in Area.values:
        errors["area"] = _("Choose the area.")
    if labour_topic and labour_topic not in LabourTopic.values:
        errors["labour_topic"] = _("Choose the labour condition.")
    if labour_topic and area != Area.LABOUR:
        errors["labour_topic"] = _("Only a labour condition has a labour topic.")
    if errors:
        raise ValidationError(errors)
    order = (contract.requirements.aggregate(last=Max("order")).get("last") or 0) + 1
    return Requirement.objects.create(
        contract=contract,
        template=template,
        title=title.strip(),
        text=text.strip(),
        area=area,
        labour_topic=labour_topic,
        essential=essential,
        order=order,
    )


@transaction.atomic
def requirements_apply_templates(
    *, contract: Contract, templates: Sequence[RequirementTemplate]
) -> list[Requirement]:
    """Copy templates into the contract's requirements; one already applied is skipped,
    so applying a group twice adds nothing."""
    applied = set(contract.requirements.values_list("template_id", flat=True))
    return [
        requirement_add(
            contract=contract,
            title=template.title,
            text=template.text,
            area=template.area,
            essential=template.essential,
            labour_topic=template.labour_topic,
            template=template,
        )
        for template in templates
        if template.pk not in applied
    ]


@in_organisation_language
@transaction.atomic
def contract_from_award(
    *,
    procurement: Procurement,
    number: str,
    start_date: datetime.date,
    end_date: datetime.date | None,
    shares: Sequence[Share],
    user: User,
    yearly_value: Decimal | None = None,
    total_value: Decimal | None = None,
) -> Contract:
    """The contract that an awarded procurement results in: the winner as provider, and
    the procurement's title, procedure, CPV code, reservation and case carried over."""
    # Locked and read again: two submissions of the form make one contract, not two.
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != Procurement.Status.AWARDED or procurement.supplier is None:
        raise ValidationError(_("Only an awarded procurement gives a contract."))
    if procurement.awarded_on and start_date < procurement.awarded_on:
        raise ValidationError(
            {"start_date": _("The contract cannot start before the award decision.")}
        )
    # The avtalsspärr and a pending request for review (LOU 20 kap.) hold the signing.
    from insyn.procurement.services import contract_signing_check

    contract_signing_check(procurement, signed_on=min(start_date, timezone.localdate()))
    # A procurement gives a contract with an external provider; an IOP is never the
    # result of a procurement (it is made outside procurement law).
    procedure = (
        procurement.procedure
        if procurement.procedure in Contract.Procedure.values
        and procurement.procedure not in (Contract.Procedure.IOP, Contract.Procedure.INTERNAL)
        else Contract.Procedure.OPEN
    )
    contract = contract_create(
        data=ContractData(
            number=number,
            title=procurement.title,
            description=procurement.description,
            kind=Contract.Kind.EXTERNAL,
            provider_party=procurement.supplier,
            procedure=procedure,
            reserved=procurement.reserved,
            cpv_code=procurement.cpv_code,
            start_date=start_date,
            end_date=end_date,
            yearly_value=yearly_value,
            total_value=total_value,
            procurement=procurement,
            case=procurement.case,
            shares=shares,
        ),
        user=user,
    )
    from insyn.procurement.services import procurement_update

    procurement_update(
        procurement=procurement,
        user=user,
        status=Procurement.Status.CONTRACT_SIGNED,
        contract_signed_on=min(start_date, timezone.localdate()),
    )
    return contract
