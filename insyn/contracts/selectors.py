"""Reads and access checks of the contract register."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from insyn.contracts.models import Contract, ContractBoard
from insyn.core.models import Board, Party, Role, Unit, User
from insyn.core.selectors import user_has_role

# --- Access -------------------------------------------------------------------------------


def _boards(contract: Contract) -> list[Board]:
    return [share.board for share in contract.boards.all()]


def user_can_register(user: User | AnonymousUser) -> bool:
    """Procurement officers and administrators register contracts."""
    return user_has_role(user, Role.PROCUREMENT_OFFICER, Role.ADMINISTRATOR)


def user_can_edit(user: User | AnonymousUser, contract: Contract) -> bool:
    """A contract manager edits their own contracts; procurement officers those of their
    boards; administrators all."""
    if user_has_role(user, Role.ADMINISTRATOR):
        return True
    if user.is_authenticated and contract.contract_manager_id == user.pk:
        return True
    return any(
        user_has_role(user, Role.PROCUREMENT_OFFICER, board=board) for board in _boards(contract)
    )


def user_can_appoint(user: User | AnonymousUser, contract: Contract) -> bool:
    """The head of an administration appoints the contract managers of its boards."""
    return any(
        user_has_role(user, Role.ADMINISTRATION_HEAD, board=board) for board in _boards(contract)
    ) or user_has_role(user, Role.ADMINISTRATOR)


def user_can_mark_strategic(user: User | AnonymousUser, board: Board) -> bool:
    """A board's strategic contracts are marked for it by its secretary or the head of its
    administration (recording the board's choice)."""
    return user_has_role(
        user, Role.BOARD_SECRETARY, Role.ADMINISTRATION_HEAD, Role.ADMINISTRATOR, board=board
    )


def contract_managers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.CONTRACT_MANAGER)
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- Staff reads ----------------------------------------------------------------------------


def _with_relations(qs: QuerySet[Contract]) -> QuerySet[Contract]:
    return qs.select_related(
        "provider_party", "provider_unit", "contract_manager", "values_secrecy_ground"
    ).prefetch_related(
        Prefetch("boards", queryset=ContractBoard.objects.select_related("board", "strategic_by"))
    )


@dataclass(frozen=True)
class ContractFilters:
    query: str = ""
    board: Board | None = None
    provider_kind: str = ""  # a Party.Kind value, or "in_house"
    kind: str = ""  # a Contract.Kind value: external, internal or IOP
    running_on: datetime.date | None = None
    strategic: bool = False
    manager: User | None = None


def contracts_find(
    *, filters: ContractFilters, limit: int | None = 500, public: bool = False
) -> list[Contract]:
    qs = Contract.objects.all()
    if filters.query:
        q = filters.query.strip()
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            # Publicly a private person's name is never searched: a hit would tell who
            # holds the contract.
            | (
                Q(provider_party__name__icontains=q)
                & ~Q(provider_party__kind__in=[Party.Kind.PRIVATE_PERSON] if public else [])
            )
            | Q(provider_unit__name__icontains=q)
            | Q(cpv_code__startswith=q)
        )
    if filters.board is not None:
        # One filter: strategic for this board, not for another board sharing it.
        if filters.strategic:
            qs = qs.filter(boards__board=filters.board, boards__strategic=True)
        else:
            qs = qs.filter(boards__board=filters.board)
    elif filters.strategic:
        qs = qs.filter(boards__strategic=True)
    if filters.provider_kind == "in_house":
        qs = qs.filter(provider_unit__isnull=False)
    elif filters.provider_kind:
        qs = qs.filter(provider_party__kind=filters.provider_kind)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.running_on is not None:
        day = filters.running_on
        qs = (
            qs.filter(start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=day))
        )
    if filters.manager is not None:
        qs = qs.filter(contract_manager=filters.manager)
    qs = _with_relations(qs.distinct()).order_by("number")
    return list(qs[:limit] if limit else qs)


def contract_get(contract_id: int) -> Contract | None:
    return (
        _with_relations(Contract.objects.filter(pk=contract_id))
        .prefetch_related("requirements")
        .first()
    )


def strategic_count(board: Board) -> int:
    return ContractBoard.objects.filter(board=board, strategic=True).count()


def contracts_expiring(
    *, today: datetime.date, months: int, board: Board | None = None
) -> list[tuple[Contract, datetime.date, str]]:
    """Contracts that end, or reach their notice date, within `months` months of `today`:
    (contract, date, "end" or "notice"), soonest first — the forward list for planning
    new (and reserved) procurements before contracts run out."""
    horizon = _add_months(today, months)
    qs = Contract.objects.filter(terminated_on__isnull=True).filter(
        Q(end_date__range=(today, horizon)) | Q(notice_date__range=(today, horizon))
    )
    if board is not None:
        qs = qs.filter(boards__board=board)
    rows: list[tuple[Contract, datetime.date, str]] = []
    for contract in _with_relations(qs.distinct()):
        if contract.notice_date and today <= contract.notice_date <= horizon:
            rows.append((contract, contract.notice_date, "notice"))
        if contract.end_date and today <= contract.end_date <= horizon:
            rows.append((contract, contract.end_date, "end"))
    rows.sort(key=lambda row: (row[1], row[0].number))
    return rows


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


# --- Public reads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicContract:
    id: int
    number: str
    title: str
    provider: str
    provider_key: str  # "p<id>" for a party, "u<id>" for an in-house unit, "" if hidden
    provider_kind: str  # Party.Kind value or "in_house"
    boards: tuple[str, ...]
    start_date: datetime.date
    end_date: datetime.date | None
    procedure: str
    reserved: bool
    cpv_code: str
    yearly_value: Decimal | None
    total_value: Decimal | None
    values_withheld: bool
    kind: str = ""  # a Contract.Kind value: external, internal or IOP


def public_provider_label(contract: Contract) -> tuple[str, str, str]:
    """(name, key, kind) as the public sees the provider: a private person (a sole trader)
    is never named."""
    if contract.provider_unit_id:
        unit = contract.provider_unit
        return unit.name, f"u{unit.pk}", "in_house"  # type: ignore[union-attr]
    party = contract.provider_party
    assert party is not None
    if party.kind == Party.Kind.PRIVATE_PERSON:
        return _("Private person"), "", party.kind
    return party.name, f"p{party.pk}", party.kind


def public_contract(contract: Contract) -> PublicContract:
    name, key, kind = public_provider_label(contract)
    withheld = contract.values_secret
    return PublicContract(
        id=contract.pk,
        number=contract.number,
        title=contract.title,
        provider=name,
        provider_key=key,
        provider_kind=kind,
        boards=tuple(share.board.code for share in contract.boards.all()),
        start_date=contract.start_date,
        end_date=contract.end_date,
        procedure=contract.get_procedure_display(),
        reserved=contract.reserved,
        cpv_code=contract.cpv_code,
        yearly_value=None if withheld else contract.yearly_value,
        total_value=None if withheld else contract.total_value,
        values_withheld=withheld,
        kind=contract.kind,
    )


def public_contracts(*, filters: ContractFilters) -> list[PublicContract]:
    return [public_contract(c) for c in contracts_find(filters=filters, limit=None, public=True)]


def public_provider_contracts(key: str) -> tuple[str, str, list[PublicContract]] | None:
    """(name, kind, contracts) of a provider page, by key: "p12" a party, "u3" an
    in-house unit. None for an unknown key and for a private person."""
    kind, raw = key[:1], key[1:]
    if not raw.isdigit():
        return None
    if kind == "u":
        unit = Unit.objects.filter(pk=int(raw)).first()
        if unit is None:
            return None
        qs = Contract.objects.filter(provider_unit=unit)
        return unit.name, "in_house", [public_contract(c) for c in _with_relations(qs)]
    if kind == "p":
        party = Party.objects.filter(pk=int(raw)).exclude(kind=Party.Kind.PRIVATE_PERSON).first()
        if party is None:
            return None
        qs = Contract.objects.filter(provider_party=party)
        return party.name, party.kind, [public_contract(c) for c in _with_relations(qs)]
    return None
