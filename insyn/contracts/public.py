"""Public reads of the contract register for the portal: the searchable list, one
contract with its essential requirements, the providers with their statistics and a
provider's page.

Built on selectors.public_contract() and public_provider_label(), so the two rules of
the public register hold here too: values kept secret under OSL are withheld, and a
private person (a sole trader) is never named, found by name or given a page.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.contracts.models import (
    Area,
    Contract,
    ContractBoard,
    ProviderInformation,
    Requirement,
)
from insyn.contracts.selectors import PublicContract, public_contract
from insyn.core.models import Board, Party, Unit

PAGE_SIZE = 100

IN_HOUSE = "in_house"
PRIVATE_PERSON = Party.Kind.PRIVATE_PERSON.value
# Every kind of provider. The pages show them in alphabetical order of their names
# (provider_kinds()): no kind of provider is favoured by its place, egen regi included,
# as the seeds ask.
PROVIDER_KINDS = (
    (IN_HOUSE, _("in-house (egen regi)")),
    (Party.Kind.COMPANY.value, _("companies")),
    (Party.Kind.NONPROFIT.value, _("non-profit organisations (idéburna)")),
    (Party.Kind.PUBLIC_BODY.value, _("other public bodies")),
    (Party.Kind.PRIVATE_PERSON.value, _("private persons (not named)")),
)
# The kinds a provider page and the provider list may show.
NAMED_PARTY_KINDS = (Party.Kind.COMPANY, Party.Kind.NONPROFIT, Party.Kind.PUBLIC_BODY)


def swedish_sort_key(text: str) -> str:
    """Alphabetical as Swedish sorts: case-insensitive, with å, ä and ö after z (and in
    that order), é as e."""
    return (
        text.casefold()
        .replace("é", "e")
        .replace("å", "{")
        .replace("ä", "|")
        .replace("ö", "}")
        .replace("æ", "|")
        .replace("ø", "}")
    )


def provider_kinds() -> list[tuple[str, str]]:
    """The kinds of provider with their names, in alphabetical order of the name in the
    current language."""
    return sorted(
        ((kind, str(label)) for kind, label in PROVIDER_KINDS),
        key=lambda item: swedish_sort_key(item[1]),
    )


# The kinds of agreement in the register. An IOP is its own kind: a partnership with an
# idéburen organisation made outside procurement law, not a procured contract.
CONTRACT_KINDS = (
    (Contract.Kind.EXTERNAL.value, _("contracts with external providers")),
    (Contract.Kind.INTERNAL.value, _("internal agreements (egen regi)")),
    (Contract.Kind.IOP.value, _("non-profit public partnerships (IOP), outside procurement law")),
)

RUNNING, ENDED, UPCOMING = "running", "ended", "upcoming"
STATUSES = (
    (RUNNING, _("running")),
    (ENDED, _("ended")),
    (UPCOMING, _("not started yet")),
)
NEWEST, NUMBER = "newest", "number"
ORDERS = ((NEWEST, _("newest start first")), (NUMBER, _("contract number")))


# One provider's kind, as a contract or a provider page names it.
KIND_NAMES = {IN_HOUSE: _("in-house (egen regi)"), **dict(Party.Kind.choices)}


def kind_label(kind: str) -> str:
    return str(KIND_NAMES.get(kind, ""))


# --- The list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFilters:
    query: str = ""
    board: str = ""  # a board's code
    provider_kind: str = ""  # IN_HOUSE or a Party.Kind value
    kind: str = ""  # a Contract.Kind value: external, internal or IOP
    reserved: bool = False
    status: str = ""  # RUNNING, ENDED or UPCOMING
    order: str = NEWEST


@dataclass(frozen=True)
class ContractRow:
    contract: PublicContract
    status: str
    terminated_on: datetime.date | None


@dataclass(frozen=True)
class ContractPage:
    rows: list[ContractRow]
    total: int
    number: int  # this page, from 1
    pages: int


def _status(contract: Contract, today: datetime.date) -> str:
    if contract.start_date > today:
        return UPCOMING
    return RUNNING if contract.is_running(today) else ENDED


def _running_q(today: datetime.date, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}start_date__lte": today})
        & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today}))
        & (
            Q(**{f"{prefix}terminated_on__isnull": True})
            | Q(**{f"{prefix}terminated_on__gte": today})
        )
    )


def _for_display(qs: QuerySet[Contract]) -> QuerySet[Contract]:
    return qs.select_related("provider_party", "provider_unit").prefetch_related(
        Prefetch("boards", queryset=ContractBoard.objects.select_related("board"))
    )


def _search(qs: QuerySet[Contract], query: str) -> QuerySet[Contract]:
    # A private person's name is not searchable: finding a contract by the name would
    # tell who holds it, which the page itself never shows.
    return qs.filter(
        Q(number__icontains=query)
        | Q(title__icontains=query)
        | Q(provider_party__name__icontains=query, provider_party__kind__in=NAMED_PARTY_KINDS)
        | Q(provider_unit__name__icontains=query)
    )


def public_contract_page(
    *, filters: PublicFilters, page: int = 1, today: datetime.date | None = None
) -> ContractPage:
    today = today or timezone.localdate()
    qs = Contract.objects.all()
    if filters.query.strip():
        qs = _search(qs, filters.query.strip())
    if filters.board:
        # Exists, not a join: a contract shared by boards is listed once.
        qs = qs.filter(
            Exists(ContractBoard.objects.filter(contract=OuterRef("pk"), board__code=filters.board))
        )
    if filters.provider_kind == IN_HOUSE:
        qs = qs.filter(provider_unit__isnull=False)
    elif filters.provider_kind:
        qs = qs.filter(provider_party__kind=filters.provider_kind)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.reserved:
        qs = qs.filter(reserved=True)
    if filters.status == RUNNING:
        qs = qs.filter(_running_q(today))
    elif filters.status == ENDED:
        qs = qs.filter(Q(end_date__lt=today) | Q(terminated_on__lt=today))
    elif filters.status == UPCOMING:
        qs = qs.filter(start_date__gt=today)
    ordering = ("number",) if filters.order == NUMBER else ("-start_date", "-number")
    qs = qs.order_by(*ordering)
    total = qs.count()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(max(page, 1), pages)
    start = (number - 1) * PAGE_SIZE
    contracts = _for_display(qs)[start : start + PAGE_SIZE]
    return ContractPage(
        rows=[_row(c, today) for c in contracts], total=total, number=number, pages=pages
    )


def _row(contract: Contract, today: datetime.date) -> ContractRow:
    return ContractRow(
        contract=public_contract(contract),
        status=_status(contract, today),
        terminated_on=contract.terminated_on,
    )


@dataclass(frozen=True)
class BoardChoice:
    code: str
    name: str


def contract_boards() -> list[BoardChoice]:
    """The boards that answer for at least one contract, to filter by."""
    boards = Board.objects.filter(contract_shares__isnull=False).distinct().order_by("code")
    return [BoardChoice(b.code, b.name) for b in boards]


# --- One contract ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardShare:
    code: str
    name: str
    share: str  # "50" or "33.33", no trailing zeros
    strategic: bool


@dataclass(frozen=True)
class RequirementArea:
    area: str
    label: str
    titles: list[str]


@dataclass(frozen=True)
class PublicContractDetail:
    contract: PublicContract
    kind: str  # Contract.Kind label: contract, internal agreement or IOP
    status: str
    terminated_on: datetime.date | None
    extension_terms: str
    latest_end_date: datetime.date | None
    secrecy_reference: str  # the OSL ground of withheld values, or ""
    shares: list[BoardShare]
    requirements: list[RequirementArea]


def _share_text(value) -> str:
    # 100.00 -> "100", 33.33 -> "33.33"
    return format(value.normalize(), "f")


def public_contract_detail(
    contract_id: int, *, today: datetime.date | None = None
) -> PublicContractDetail | None:
    today = today or timezone.localdate()
    contract = (
        _for_display(Contract.objects.filter(pk=contract_id))
        .select_related("values_secrecy_ground")
        .first()
    )
    if contract is None:
        return None
    ground = contract.values_secrecy_ground if contract.values_secret else None
    return PublicContractDetail(
        contract=public_contract(contract),
        kind=contract.get_kind_display(),
        status=_status(contract, today),
        terminated_on=contract.terminated_on,
        extension_terms=contract.extension_terms,
        latest_end_date=contract.latest_end_date,
        secrecy_reference=ground.reference if ground else "",
        shares=[
            BoardShare(s.board.code, s.board.name, _share_text(s.share), s.strategic)
            for s in contract.boards.all()
        ],
        requirements=essential_requirements(contract),
    )


def essential_requirements(contract: Contract) -> list[RequirementArea]:
    """The titles of the essential requirements, by area: what the yearly follow-up
    reports on. Only the title; the full text may quote the tender."""
    titles: dict[str, list[str]] = {}
    for area, title in (
        Requirement.objects.filter(contract=contract, essential=True)
        .order_by("order", "id")
        .values_list("area", "title")
    ):
        titles.setdefault(area, []).append(title)
    return [
        RequirementArea(area, str(label), titles[area])
        for area, label in Area.choices
        if area in titles
    ]


# --- Providers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderSummary:
    key: str
    name: str
    kind: str
    nonprofit_registered: bool
    contracts: int
    running: int


@dataclass(frozen=True)
class KindStatistics:
    kind: str
    label: str
    providers: int
    running: int
    share: float | None  # percent of the running contracts, None if there are none


# How the visitor may order the provider list; by name unless they choose otherwise.
BY_NAME, BY_KIND, BY_RUNNING = "name", "kind", "running"
PROVIDER_ORDERS = (
    (BY_NAME, _("name")),
    (BY_KIND, _("kind of provider, then name")),
    (BY_RUNNING, _("most running contracts first")),
)


def public_providers(
    *, today: datetime.date | None = None, order: str = BY_NAME
) -> list[ProviderSummary]:
    """Every provider with at least one contract, but private persons, in one list: by
    name, or as the visitor chooses. Every kind has the same place in it."""
    today = today or timezone.localdate()
    parties = (
        Party.objects.filter(kind__in=NAMED_PARTY_KINDS)
        .annotate(
            n=Count("contracts"),
            running=Count("contracts", filter=_running_q(today, "contracts__")),
        )
        .filter(n__gt=0)
    )
    units = (
        Unit.objects.annotate(
            n=Count("internal_contracts"),
            running=Count("internal_contracts", filter=_running_q(today, "internal_contracts__")),
        )
        .filter(n__gt=0)
        .order_by()
    )
    providers = [
        ProviderSummary(f"u{u.pk}", u.name, IN_HOUSE, False, u.n, u.running) for u in units
    ] + [
        ProviderSummary(f"p{p.pk}", p.name, p.kind, p.nonprofit_registered, p.n, p.running)
        for p in parties
    ]
    providers.sort(key=lambda p: (swedish_sort_key(p.name), p.key))
    if order == BY_KIND:
        position = {kind: n for n, (kind, _label) in enumerate(provider_kinds())}
        providers.sort(key=lambda p: position.get(p.kind, len(position)))
    elif order == BY_RUNNING:
        providers.sort(key=lambda p: -p.running)
    return providers


def provider_statistics(*, today: datetime.date | None = None) -> list[KindStatistics]:
    """Per kind of provider: how many providers and running contracts, and the kind's
    share of all running contracts. Private persons are counted, never named."""
    today = today or timezone.localdate()
    running = Contract.objects.filter(_running_q(today))
    counts: dict[str, tuple[int, int]] = {}
    unit_rows = running.filter(provider_unit__isnull=False).aggregate(
        providers=Count("provider_unit", distinct=True), contracts=Count("pk")
    )
    counts[IN_HOUSE] = (unit_rows["providers"], unit_rows["contracts"])
    for row in (
        running.filter(provider_party__isnull=False)
        .values("provider_party__kind")
        .annotate(providers=Count("provider_party", distinct=True), contracts=Count("pk"))
        .order_by()
    ):
        counts[row["provider_party__kind"]] = (row["providers"], row["contracts"])
    total = sum(contracts for _p, contracts in counts.values())
    rows = []
    for kind, label in provider_kinds():
        providers, contracts = counts.get(kind, (0, 0))
        if kind == Party.Kind.PRIVATE_PERSON and not contracts:
            continue
        share = round(100 * contracts / total, 1) if total else None
        rows.append(KindStatistics(kind, str(label), providers, contracts, share))
    return rows


@dataclass(frozen=True)
class Information:
    title: str
    body: str
    updated_at: datetime.datetime


@dataclass(frozen=True)
class PublicProvider:
    key: str
    name: str
    kind: str
    org_number: str
    nonprofit_registered: bool
    organisation_part: str  # for egen regi: the administration and board it belongs to
    contracts: list[ContractRow]
    information: list[Information]


def public_provider(key: str, *, today: datetime.date | None = None) -> PublicProvider | None:
    """A provider's page by key ("p12" a party, "u3" an in-house unit). None for an
    unknown key, a private person, and a party or unit that provides nothing (a
    company known only as the sender of a letter is not a provider)."""
    today = today or timezone.localdate()
    prefix, raw = key[:1], key[1:]
    if not raw.isdigit() or len(raw) > 18:
        return None
    if prefix == "u":
        unit = Unit.objects.select_related("board", "parent").filter(pk=int(raw)).first()
        if unit is None:
            return None
        contracts = Contract.objects.filter(provider_unit=unit)
        information = ProviderInformation.objects.filter(provider_unit=unit, published=True)
        part = ", ".join(
            name for name in (unit.parent.name if unit.parent else "", unit.board.name) if name
        )
        head = (unit.name, IN_HOUSE, "", False, part)
    elif prefix == "p":
        party = Party.objects.filter(pk=int(raw), kind__in=NAMED_PARTY_KINDS).first()
        if party is None:
            return None
        contracts = Contract.objects.filter(provider_party=party)
        information = ProviderInformation.objects.filter(provider_party=party, published=True)
        head = (party.name, party.kind, party.org_number, party.nonprofit_registered, "")
    else:
        return None
    rows = [_row(c, today) for c in _for_display(contracts).order_by("-start_date", "-number")]
    notes = [Information(i.title, i.body, i.updated_at) for i in information.order_by("title")]
    if not rows and not notes:
        return None
    name, kind, org_number, registered, part = head
    return PublicProvider(
        key=key,
        name=name,
        kind=kind,
        org_number=org_number,
        nonprofit_registered=registered,
        organisation_part=part,
        contracts=rows,
        information=notes,
    )
