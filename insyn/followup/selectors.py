"""Reads and access checks of the yearly follow-up.

Who may do what (the URL table in insyn/access.py lets the roles in; these narrow to the
object): a board's plan is drafted by the head of its administration or its secretary and
decided by its secretary; a contract's report is written by the contract's own manager or
the head of an administration of one of its boards. Administrators may do everything.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from insyn.contracts.models import Area, Contract, ContractBoard, Requirement
from insyn.core import links
from insyn.core.models import Board, Party, Role, SecretLink, User
from insyn.core.selectors import user_has_role
from insyn.followup.models import (
    Assessment,
    CycleEvent,
    Deficiency,
    FollowUpPlan,
    FollowUpReport,
    Goal,
    Measure,
    PlanItem,
)
from insyn.registry.models import Document
from insyn.registry.selectors import (
    HistoryEntry,
    public_document,
    record_history,
    user_can_view_secret,
)

# --- Access ---------------------------------------------------------------------------


def user_can_plan(user: User | AnonymousUser, board: Board) -> bool:
    """The board's plan is drafted by the head of its administration or its secretary."""
    return user_has_role(
        user, Role.ADMINISTRATION_HEAD, Role.BOARD_SECRETARY, Role.ADMINISTRATOR, board=board
    )


def user_can_decide(user: User | AnonymousUser, board: Board) -> bool:
    """The board decides its plan; its secretary records the decision."""
    return user_has_role(user, Role.BOARD_SECRETARY, Role.ADMINISTRATOR, board=board)


def user_can_report(user: User | AnonymousUser, contract: Contract) -> bool:
    """The contract's own manager, or the head of an administration of one of its boards
    (the förvaltningschef answers for the contracts of the administration)."""
    if user_has_role(user, Role.ADMINISTRATOR):
        return True
    if user.is_authenticated and contract.contract_manager_id == user.pk:
        return True
    return any(
        user_has_role(user, Role.ADMINISTRATION_HEAD, board=share.board)
        for share in contract.boards.all()
    )


def planner_boards(user: User | AnonymousUser) -> list[Board]:
    """The boards whose plan the user may draft (to choose from when making one)."""
    boards = Board.objects.filter(active=True).order_by("name")
    return [board for board in boards if user_can_plan(user, board)]


def reportable_contracts(user: User | AnonymousUser) -> QuerySet[Contract]:
    """The contracts the user may write a report for."""
    qs = Contract.objects.select_related("provider_party", "provider_unit").order_by("number")
    if user_has_role(user, Role.ADMINISTRATOR):
        return qs
    if not user.is_authenticated:
        return qs.none()
    head_of = [
        board.pk
        for board in Board.objects.filter(active=True)
        if user_has_role(user, Role.ADMINISTRATION_HEAD, board=board)
    ]
    return qs.filter(Q(contract_manager=user) | Q(boards__board_id__in=head_of)).distinct()


# --- Plans ------------------------------------------------------------------------------


def plan_get(plan_id: int) -> FollowUpPlan | None:
    return FollowUpPlan.objects.select_related("board").filter(pk=plan_id).first()


def plan_items(plan: FollowUpPlan) -> list[PlanItem]:
    """The plan's items, each with `report` set: its contract's report of the plan's year,
    or None."""
    items = list(
        plan.items.select_related(
            "contract__provider_party", "contract__provider_unit", "responsible"
        )
        .prefetch_related(
            Prefetch("contract__boards", queryset=ContractBoard.objects.select_related("board"))
        )
        .order_by("due_on", "contract__number")
    )
    reports = {
        r.contract_id: r
        for r in FollowUpReport.objects.filter(
            year=plan.year, contract_id__in=[i.contract_id for i in items]
        )
    }
    strategic = set(
        ContractBoard.objects.filter(
            board_id=plan.board_id, strategic=True, contract_id__in=[i.contract_id for i in items]
        ).values_list("contract_id", flat=True)
    )
    for item in items:
        item.report = reports.get(item.contract_id)  # type: ignore[attr-defined]
        item.strategic = item.contract_id in strategic  # type: ignore[attr-defined]
    return items


def _running_in(qs: QuerySet[Contract], year: int) -> QuerySet[Contract]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        qs.filter(start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=first))
    )


def board_contracts(board: Board, year: int) -> QuerySet[Contract]:
    """The board's contracts running some time in the year, the strategic ones first;
    egen regi (internal agreements) among them on the same terms."""
    strategic = ContractBoard.objects.filter(contract=OuterRef("pk"), board=board, strategic=True)
    return (
        _running_in(Contract.objects.filter(boards__board=board), year)
        .annotate(is_strategic=Exists(strategic))
        .select_related("provider_party", "provider_unit")
        .order_by("-is_strategic", "number")
        .distinct()
    )


def strategic_not_in_plan(board: Board, plan: FollowUpPlan | None) -> list[Contract]:
    qs = Contract.objects.filter(boards__board=board, boards__strategic=True).select_related(
        "provider_party", "provider_unit"
    )
    if plan is not None:
        qs = qs.exclude(plan_items__plan=plan)
    return list(qs.order_by("number").distinct())


def staff_users() -> QuerySet[User]:
    """People who can be responsible for a follow-up: active users holding some role."""
    return (
        User.objects.filter(is_active=True, role_assignments__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --- Reports ----------------------------------------------------------------------------


def report_get(report_id: int) -> FollowUpReport | None:
    return (
        FollowUpReport.objects.select_related(
            "contract__provider_party",
            "contract__provider_unit",
            "contract__contract_manager",
            "contract__case",
            "plan_item__plan__board",
            "submitted_by",
            "published_by",
        )
        .prefetch_related(
            Prefetch("contract__boards", queryset=ContractBoard.objects.select_related("board"))
        )
        .filter(pk=report_id)
        .first()
    )


def measure_get(measure_id: int) -> Measure | None:
    return Measure.objects.select_related("report").filter(pk=measure_id).first()


def plan_item_for(contract: Contract, year: int) -> PlanItem | None:
    """The contract's item in a plan of the year, a decided plan's first: the report of a
    contract in a plan is that item's."""
    return (
        PlanItem.objects.filter(contract=contract, plan__year=year)
        .select_related("plan")
        .order_by("plan__status", "plan__board__code")  # "decided" sorts before "draft"
        .first()
    )


def essential_requirements(contract: Contract) -> QuerySet[Requirement]:
    return contract.requirements.filter(essential=True).order_by("order", "id")


# What it takes to tell who may see a document's secret content, and what the others see.
_EVIDENCE_RELATED = ("case__series__board", "secrecy_ground", "counterpart_party", "unit")


def report_assessments(report: FollowUpReport) -> list[tuple[Requirement, Assessment | None]]:
    """Every essential requirement of the contract with its assessment, if any."""
    assessments = {
        a.requirement_id: a
        for a in report.assessments.prefetch_related(
            Prefetch(
                "evidence",
                queryset=Document.objects.select_related(*_EVIDENCE_RELATED).order_by("sequence"),
            )
        )
    }
    return [(r, assessments.get(r.pk)) for r in essential_requirements(report.contract)]


@dataclass(frozen=True)
class Evidence:
    """An evidence document as one member of staff may see it (OSL 8 kap. 2 §: secrecy
    holds between colleagues too): the description of a secret or masked document only
    for those the diarium lets see it, the others see "Secret" and the legal ground."""

    id: int
    number: str
    description: str
    withheld: bool
    secrecy_reference: str


def evidence_as_seen_by(user: User | AnonymousUser, document: Document) -> Evidence:
    if user_can_view_secret(user, document):
        ground = document.secrecy_ground
        return Evidence(
            id=document.pk,
            number=document.number,
            description=document.description,
            withheld=False,
            secrecy_reference=ground.reference if ground else "",
        )
    # Everyone else sees what the public sees, through the diarium's own rule.
    public = public_document(document)
    return Evidence(
        id=document.pk,
        number=document.number,
        description=public.description,
        withheld=public.description_masked,
        secrecy_reference=public.secrecy_reference,
    )


def report_deficiencies(report: FollowUpReport) -> list[Deficiency]:
    return list(report.deficiencies.select_related("requirement").order_by("id"))


def report_measures(report: FollowUpReport) -> list[Measure]:
    return list(report.measures.select_related("deficiency").order_by("due_on", "id"))


def report_goal_choices(report: FollowUpReport) -> QuerySet[Goal]:
    """The goals of the contract's boards for the report's year."""
    board_ids = [share.board_id for share in report.contract.boards.all()]
    return (
        Goal.objects.filter(board_id__in=board_ids, year=report.year)
        .select_related("board")
        .order_by("board__code", "title")
    )


def case_documents(contract: Contract) -> QuerySet[Document]:
    """Documents of the contract's case, which can be evidence for its follow-up."""
    if contract.case_id is None:
        return Document.objects.none()
    return (
        Document.objects.filter(case_id=contract.case_id)
        .select_related(*_EVIDENCE_RELATED)
        .order_by("sequence")
    )


# --- The public summary -----------------------------------------------------------------
#
# What the public sees of a published report: the counts and the text written for the
# public, nothing else. The report's other texts (assessment comments, deficiencies,
# measures, who is responsible, the provider's view) may name staff, users or relatives,
# and evidence may be secret, so none of it is read here.

# A deficiency need not be tied to a requirement, and then has no area.
NO_AREA = ""
_AREA_LABELS: dict[str, Promise] = {
    **dict(Area.choices),
    NO_AREA: _("not tied to a requirement"),
}


@dataclass(frozen=True)
class Tally:
    label: str | Promise
    count: int


@dataclass(frozen=True)
class PublicSummary:
    report_id: int
    contract_id: int
    contract_number: str
    contract_title: str
    year: int
    results: list[Tally]  # met, partly met, not met: always all three
    deficiencies: list[Tally]  # by area, only the areas with any
    measures: list[Tally]  # by status, all three when there are any measures
    published: bool
    published_on: datetime.date | None
    # Empty when withheld: the provider is a private person (a sole trader), whom a free
    # text could identify; the counts identify no one.
    public_summary: str
    summary_withheld: bool

    @property
    def deficiency_total(self) -> int:
        return sum(t.count for t in self.deficiencies)

    @property
    def measure_total(self) -> int:
        return sum(t.count for t in self.measures)


def _counts(qs: QuerySet, key: str) -> dict[int, dict[str, int]]:
    """{report id: {value of `key`: count}} in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in qs.values("report_id", key).annotate(n=Count("pk")).order_by():
        value = row[key] or ""
        counts[row["report_id"]][value] = counts[row["report_id"]].get(value, 0) + row["n"]
    return counts


def _public_summaries(reports: list[FollowUpReport]) -> list[PublicSummary]:
    """The summaries of `reports` in three queries, however many there are."""
    ids = [r.pk for r in reports]
    results = _counts(Assessment.objects.filter(report_id__in=ids), "result")
    areas = _counts(Deficiency.objects.filter(report_id__in=ids), "requirement__area")
    statuses = _counts(Measure.objects.filter(report_id__in=ids), "status")
    summaries = []
    for report in reports:
        contract = report.contract
        party = contract.provider_party
        withheld = party is not None and party.kind == Party.Kind.PRIVATE_PERSON
        by_result, by_area = results.get(report.pk, {}), areas.get(report.pk, {})
        by_status = statuses.get(report.pk, {})
        summaries.append(
            PublicSummary(
                report_id=report.pk,
                contract_id=contract.pk,
                contract_number=contract.number,
                contract_title=contract.title,
                year=report.year,
                results=[
                    Tally(label, by_result.get(key, 0)) for key, label in Assessment.Result.choices
                ],
                deficiencies=[
                    Tally(label, by_area[key])
                    for key, label in _AREA_LABELS.items()
                    if key in by_area
                ],
                measures=[
                    Tally(label, by_status.get(key, 0)) for key, label in Measure.Status.choices
                ]
                if by_status
                else [],
                published=report.published,
                published_on=report.published_on,
                public_summary="" if withheld else report.public_summary,
                summary_withheld=withheld,
            )
        )
    return summaries


def published_summaries(contract_ids: Iterable[int]) -> list[PublicSummary]:
    """The published follow-ups of the contracts, newest year first: what the provider's
    and the contract's public pages show. Only a submitted report can be published; the
    status is checked here as well, so that a draft never reaches a public page."""
    reports = list(
        FollowUpReport.objects.filter(
            contract_id__in=list(contract_ids),
            published=True,
            status=FollowUpReport.Status.SUBMITTED,
        )
        .select_related("contract__provider_party")
        .order_by("-year", "contract__number")
    )
    return _public_summaries(reports)


def published_summaries_latest(*, limit: int) -> list[PublicSummary]:
    """The follow-ups published last, for the home page; the same rules as above."""
    reports = list(
        FollowUpReport.objects.filter(published=True, status=FollowUpReport.Status.SUBMITTED)
        .select_related("contract__provider_party")
        .order_by("-published_on", "-pk")[:limit]
    )
    return _public_summaries(reports)


def report_public_summary(report: FollowUpReport) -> PublicSummary:
    """What the public sees, or would see once it is published, of this report: the
    staff page shows it next to the publishing form."""
    return _public_summaries([report])[0]


# --- The provider's own view, by a secret link ------------------------------------------
#
# The links are insyn.core.links's: each issued on its own (sent by e-mail, or made to give
# another way), expiring, revocable one at a time, its use recorded.


def partner_links(report: FollowUpReport) -> list[SecretLink]:
    """Every link issued for the report's provider page, newest first, each with `url`
    set while it is valid (the manager may give it again) and `valid`."""
    found = list(links.links_for(SecretLink.Kind.PARTNER_VIEW, report.pk))
    for link in found:
        link.valid = links.link_is_valid(link)  # type: ignore[attr-defined]
        link.url = links.link_url(link) if link.valid else ""  # type: ignore[attr-defined]
    return found


def partner_link_get(report: FollowUpReport, link_id: int) -> SecretLink | None:
    return links.links_for(SecretLink.Kind.PARTNER_VIEW, report.pk).filter(pk=link_id).first()


def report_for_partner_link(link: SecretLink) -> FollowUpReport | None:
    """The report a valid provider link opens."""
    if link.kind != SecretLink.Kind.PARTNER_VIEW:
        return None
    return (
        FollowUpReport.objects.select_related("contract__provider_party", "contract__provider_unit")
        .filter(pk=link.object_id)
        .first()
    )


# --- The overview -----------------------------------------------------------------------


@dataclass
class ReportRow:
    report: FollowUpReport
    met: int
    partly: int
    not_met: int
    open_measures: int


@dataclass
class BoardYear:
    board: Board
    plan: FollowUpPlan | None
    item_count: int
    missing_strategic: list[Contract] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)


def overview(*, year: int, board: Board | None = None) -> list[BoardYear]:
    """Per board, for the year: its plan, its strategic contracts not in the plan, and the
    reports of its contracts with their results. A fixed number of queries, however many
    boards and contracts."""
    boards = list(Board.objects.filter(pk=board.pk) if board else Board.objects.filter(active=True))
    board_ids = [b.pk for b in boards]
    plans = {
        p.board_id: p
        for p in FollowUpPlan.objects.filter(year=year, board_id__in=board_ids).annotate(
            item_count=Count("items")
        )
    }
    planned = set(
        PlanItem.objects.filter(plan__in=list(plans.values())).values_list(
            "plan__board_id", "contract_id"
        )
    )
    shares = list(
        ContractBoard.objects.filter(board_id__in=board_ids).select_related(
            "contract__provider_party", "contract__provider_unit"
        )
    )
    contracts_of: dict[int, set[int]] = defaultdict(set)
    for share in shares:
        contracts_of[share.board_id].add(share.contract_id)
    open_statuses = [Measure.Status.PLANNED, Measure.Status.IN_PROGRESS]
    reports = list(
        FollowUpReport.objects.filter(
            year=year, contract_id__in={c for ids in contracts_of.values() for c in ids}
        )
        .select_related("contract__provider_party", "contract__provider_unit")
        .annotate(
            met=Count(
                "assessments",
                filter=Q(assessments__result=Assessment.Result.MET),
                distinct=True,
            ),
            partly=Count(
                "assessments",
                filter=Q(assessments__result=Assessment.Result.PARTLY),
                distinct=True,
            ),
            not_met=Count(
                "assessments",
                filter=Q(assessments__result=Assessment.Result.NOT_MET),
                distinct=True,
            ),
            open_measures=Count(
                "measures", filter=Q(measures__status__in=open_statuses), distinct=True
            ),
        )
        .order_by("contract__number")
    )
    rows = []
    for b in boards:
        plan = plans.get(b.pk)
        missing = [
            s.contract
            for s in shares
            if s.board_id == b.pk and s.strategic and (b.pk, s.contract_id) not in planned
        ]
        missing.sort(key=lambda c: c.number)
        rows.append(
            BoardYear(
                board=b,
                plan=plan,
                item_count=plan.item_count if plan else 0,  # type: ignore[attr-defined]
                missing_strategic=missing,
                reports=[
                    ReportRow(r, r.met, r.partly, r.not_met, r.open_measures)  # type: ignore[attr-defined]
                    for r in reports
                    if r.contract_id in contracts_of[b.pk]
                ],
            )
        )
    return rows


# --- Reminders --------------------------------------------------------------------------

MEASURE_DAYS = 14
PLAN_ITEM_DAYS = 30


def measures_to_remind(today: datetime.date) -> list[Measure]:
    """Measures not done, due within two weeks or overdue, of contracts with a manager."""
    return list(
        Measure.objects.exclude(status=Measure.Status.DONE)
        .filter(
            due_on__lte=today + datetime.timedelta(days=MEASURE_DAYS),
            report__contract__contract_manager__isnull=False,
        )
        .select_related("report__contract__contract_manager")
        .order_by("due_on", "id")
    )


def plan_items_to_remind(today: datetime.date) -> list[PlanItem]:
    """Items of decided plans due within 30 days (or past due) whose contract has no
    submitted report for the plan's year. Only this year's and last year's plans: last
    year's reports are written early in the year with the annual accounts, older ones
    are a matter for the board, not a daily e-mail."""
    submitted = FollowUpReport.objects.filter(
        contract=OuterRef("contract"),
        year=OuterRef("plan__year"),
        status=FollowUpReport.Status.SUBMITTED,
    )
    return list(
        PlanItem.objects.filter(
            plan__status=FollowUpPlan.Status.DECIDED,
            plan__year__gte=today.year - 1,
            due_on__lte=today + datetime.timedelta(days=PLAN_ITEM_DAYS),
        )
        .exclude(Exists(submitted))
        .select_related("plan__board", "contract__contract_manager", "responsible")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class ContractFollowUp:
    """A contract's follow-up, for its page in the register: the plans it is in and its
    reports, newest year first."""

    plan_items: list[PlanItem]
    reports: list[FollowUpReport]
    can_report: bool


def contract_followup(contract: Contract, user: User | AnonymousUser) -> ContractFollowUp:
    items = list(
        PlanItem.objects.filter(contract=contract)
        .select_related("plan__board", "responsible")
        .order_by("-plan__year", "plan__board__code")
    )
    reports = list(FollowUpReport.objects.filter(contract=contract).order_by("-year"))
    return ContractFollowUp(
        plan_items=items, reports=reports, can_report=user_can_report(user, contract)
    )


# --- History ------------------------------------------------------------------------------
#
# Every record that shapes a decision keeps who changed what, when and why (issue 16), as
# the diarium does; the staff pages show it where the record is shown, read by the
# diarium's own reader (registry.selectors.record_history).


@dataclass(frozen=True)
class RecordHistory:
    """One record's history under a label saying which record it is."""

    label: str
    entries: list[HistoryEntry]


def _histories(records: Iterable[tuple[str, Model]]) -> list[RecordHistory]:
    return [RecordHistory(label, record_history(record)) for label, record in records]


def report_history(report: FollowUpReport) -> list[RecordHistory]:
    """The report's own history, then its assessments', deficiencies' and measures'."""
    records: list[tuple[str, Model]] = [(str(_("The report")), report)]
    records += [
        (f"{_('Assessment')}: {a.requirement.title}", a)
        for a in report.assessments.select_related("requirement").order_by(
            "requirement__order", "id"
        )
    ]
    records += [
        (f"{_('Deficiency')}: {_short(d.description)}", d)
        for d in report.deficiencies.order_by("id")
    ]
    records += [
        (f"{_('Measure')}: {_short(m.description)}", m) for m in report.measures.order_by("id")
    ]
    return _histories(records)


def plan_history(plan: FollowUpPlan) -> list[RecordHistory]:
    """The plan's own history and that of every contract ever in it, including those
    taken out again (their history ends with who took them out, and when)."""
    records: list[tuple[str, Model]] = [(str(_("The plan")), plan)]
    latest: dict[int, PlanItem] = {}
    for historical in PlanItem.history.filter(plan_id=plan.pk).order_by("history_date"):
        latest[historical.id] = historical.instance
    contracts = {
        c.pk: c for c in Contract.objects.filter(pk__in=[i.contract_id for i in latest.values()])
    }
    for item in latest.values():
        contract = contracts.get(item.contract_id)
        records.append((f"{_('Contract')}: {contract.number if contract else '–'}", item))
    return _histories(records)


def cycle_event_history(event: CycleEvent) -> list[HistoryEntry]:
    return record_history(event)


@dataclass(frozen=True)
class RemovedStep:
    title: str
    starts_on: datetime.date
    board: str
    when: datetime.datetime
    who: str
    reason: str


def cycle_removed_steps(*, year: int, board: Board | None = None) -> list[RemovedStep]:
    """Steps of the year taken out of the cycle: who removed them, when and why."""
    removed = CycleEvent.history.filter(year=year, history_type="-").select_related("history_user")
    if board is not None:
        removed = removed.filter(Q(board_id__isnull=True) | Q(board_id=board.pk))
    boards = {b.pk: b.code for b in Board.objects.all()}
    return [
        RemovedStep(
            title=h.title,
            starts_on=h.starts_on,
            board=boards.get(h.board_id, "") if h.board_id else "",
            when=h.history_date,
            who=str(h.history_user) if h.history_user else "–",
            reason=h.history_change_reason or "",
        )
        for h in removed.order_by("history_date")
    ]


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"
