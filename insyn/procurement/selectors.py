"""Reads and access checks of procurement: the staff's plan and procurements, and the
public procurement plan."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.access import PROCUREMENT_READERS
from insyn.core.models import Board, Party, Role, User
from insyn.core.selectors import user_has_role, users_with_role
from insyn.procurement.models import EvaluationCriterion, Procurement, Tender, TenderScore
from insyn.procurement.services import tender_total, tenders_ranked

# --- Access -------------------------------------------------------------------------------


def _boards(procurement: Procurement) -> list[Board]:
    return [procurement.board, *procurement.other_boards.all()]


def user_can_read(user: User | AnonymousUser) -> bool:
    """Who sees the staff's procurement pages: the procurement officers and the heads and
    guides who order and follow procurements."""
    return user_has_role(user, *PROCUREMENT_READERS)


def user_can_plan(user: User | AnonymousUser, board: Board | None = None) -> bool:
    """Procurement officers plan procurements (for `board`: of that board); administrators
    for every board."""
    return user_has_role(user, Role.ADMINISTRATOR) or user_has_role(
        user, Role.PROCUREMENT_OFFICER, board=board
    )


def user_can_manage(user: User | AnonymousUser, procurement: Procurement) -> bool:
    """A procurement is run by the procurement officers of its boards (the same scope as
    for the contracts, insyn/contracts/selectors.py) and its responsible officer;
    administrators may do everything. Only they see the tenders before the award."""
    if user_has_role(user, Role.ADMINISTRATOR):
        return True
    if not user_has_role(user, Role.PROCUREMENT_OFFICER):
        return False
    if user.is_authenticated and procurement.responsible_id == user.pk:
        return True
    return any(
        user_has_role(user, Role.PROCUREMENT_OFFICER, board=board) for board in _boards(procurement)
    )


def procurement_officers() -> QuerySet[User]:
    return users_with_role(Role.PROCUREMENT_OFFICER).order_by("first_name", "last_name")


# --- Staff reads ----------------------------------------------------------------------------


def _with_relations(qs: QuerySet[Procurement]) -> QuerySet[Procurement]:
    return qs.select_related(
        "board", "unit", "responsible", "case", "supplier", "followup_recorded_by"
    ).prefetch_related("other_boards")


@dataclass(frozen=True)
class ProcurementFilters:
    year: int | None = None
    status: str = ""
    board: Board | None = None
    procedure: str = ""


def _year_q(year: int) -> Q:
    # A procurement opened from a challenge has no planned year; it counts in the year it
    # was started, or else the year it was made.
    return (
        Q(plan_year=year)
        | Q(plan_year__isnull=True, opened_on__year=year)
        | Q(plan_year__isnull=True, opened_on__isnull=True, created_at__year=year)
    )


def procurements_find(*, filters: ProcurementFilters, limit: int = 500) -> list[Procurement]:
    qs = Procurement.objects.all()
    if filters.year:
        qs = qs.filter(_year_q(filters.year))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.board is not None:
        qs = qs.filter(Q(board=filters.board) | Q(other_boards=filters.board))
    if filters.procedure:
        qs = qs.filter(procedure=filters.procedure)
    qs = _with_relations(qs.distinct()).order_by("plan_year", "plan_quarter", "title", "pk")
    return list(qs[:limit])


def plan_years() -> list[int]:
    """The years of the plan, for the filters: the planned years and the current one."""
    years = {
        year
        for year in Procurement.objects.values_list("plan_year", flat=True).distinct()
        if year is not None
    }
    years.add(timezone.localdate().year)
    return sorted(years)


def procurement_get(procurement_id: int) -> Procurement | None:
    return (
        _with_relations(Procurement.objects.filter(pk=procurement_id))
        .prefetch_related("criteria")
        .first()
    )


def procurement_challenge(procurement: Procurement):
    """The challenge (utmanarrätt) the procurement came from, if any."""
    from insyn.challenges.models import Challenge

    return Challenge.objects.filter(procurement=procurement).select_related("case").first()


def procurement_contract(procurement: Procurement):
    """The contract made from the award, if any."""
    from insyn.contracts.models import Contract

    return Contract.objects.filter(procurement=procurement).order_by("pk").first()


def tender_get(procurement: Procurement, tender_id: int) -> Tender | None:
    return (
        Tender.objects.filter(procurement=procurement, pk=tender_id)
        .select_related("tenderer", "document")
        .first()
    )


@dataclass(frozen=True)
class TenderRow:
    tender: Tender
    scores: dict[int, Decimal]  # criterion id -> score
    total: Decimal
    rank: int | None  # None for a disqualified tender
    fully_scored: bool


def tender_rows(procurement: Procurement) -> list[TenderRow]:
    """The tenders with their scores, weighted total and rank: qualified ones best first,
    then the disqualified ones."""
    criteria = list(procurement.criteria.all())
    tenders = list(
        Tender.objects.filter(procurement=procurement)
        .select_related("tenderer", "document")
        .prefetch_related(
            Prefetch("scores", queryset=TenderScore.objects.select_related("criterion"))
        )
    )
    ranks = {row.tender.pk: row.rank for row in tenders_ranked(procurement)}
    rows = []
    for tender in tenders:
        scores = {s.criterion_id: s.score for s in tender.scores.all()}
        rows.append(
            TenderRow(
                tender=tender,
                scores=scores,
                total=tender_total(tender),
                rank=None if tender.disqualified else ranks.get(tender.pk),
                fully_scored=all(c.pk in scores for c in criteria),
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.tender.received_on, r.tender.pk))
    return rows


def criteria_of(procurement: Procurement) -> list[EvaluationCriterion]:
    return list(procurement.criteria.all())


# --- The public procurement plan ------------------------------------------------------------

# Awarded procurements stay on the public plan this long after the award.
AWARDED_SHOWN_DAYS = 365


@dataclass(frozen=True)
class PublicProcurement:
    id: int
    title: str
    description: str
    year: int
    quarter: int | None
    board_code: str
    board_name: str
    procedure: str
    reserved: bool
    estimated_value: Decimal | None
    cpv_code: str
    status: str
    status_label: str
    case_number: str
    awarded_on: datetime.date | None
    winner: str  # empty before the award


def _year(procurement: Procurement) -> int:
    if procurement.plan_year:
        return procurement.plan_year
    if procurement.opened_on:
        return procurement.opened_on.year
    return timezone.localtime(procurement.created_at).year


def _public_winner(procurement: Procurement) -> str:
    """The winner, once the award is decided; a private person is never named."""
    if procurement.supplier is None or procurement.status not in (
        Procurement.Status.AWARDED,
        Procurement.Status.CONTRACT_SIGNED,
    ):
        return ""
    if procurement.supplier.kind == Party.Kind.PRIVATE_PERSON:
        return _("Private person")
    return procurement.supplier.name


def public_procurement(procurement: Procurement) -> PublicProcurement:
    return PublicProcurement(
        id=procurement.pk,
        title=procurement.title,
        description=procurement.description,
        year=_year(procurement),
        quarter=procurement.plan_quarter,
        board_code=procurement.board.code,
        board_name=procurement.board.name,
        procedure=procurement.get_procedure_display(),
        reserved=procurement.reserved,
        estimated_value=procurement.estimated_value,
        cpv_code=procurement.cpv_code,
        status=procurement.status,
        status_label=procurement.get_status_display(),
        case_number=procurement.case.number if procurement.case_id else "",  # type: ignore[union-attr]
        awarded_on=procurement.awarded_on,
        winner=_public_winner(procurement),
    )


@dataclass(frozen=True)
class PublicFilters:
    year: int | None = None
    board: str = ""  # a board's code
    reserved: bool = False


def _public_qs(today: datetime.date) -> QuerySet[Procurement]:
    since = today - datetime.timedelta(days=AWARDED_SHOWN_DAYS)
    return Procurement.objects.filter(
        Q(
            status__in=[
                Procurement.Status.PLANNED,
                Procurement.Status.ADVERTISED,
                Procurement.Status.EVALUATION,
            ]
        )
        | Q(
            status__in=[Procurement.Status.AWARDED, Procurement.Status.CONTRACT_SIGNED],
            awarded_on__gte=since,
        )
    )


def public_procurements(
    *, filters: PublicFilters, today: datetime.date | None = None
) -> list[PublicProcurement]:
    """The public procurement plan: planned and running procurements and those awarded in
    the last twelve months, by year and quarter. Nothing of the tenders is read here."""
    qs = _public_qs(today or timezone.localdate())
    if filters.year:
        qs = qs.filter(_year_q(filters.year))
    if filters.board:
        qs = qs.filter(Q(board__code=filters.board) | Q(other_boards__code=filters.board))
    if filters.reserved:
        qs = qs.filter(reserved=True)
    qs = qs.distinct().select_related("board", "case", "supplier")
    rows = [public_procurement(p) for p in qs]
    rows.sort(key=lambda r: (r.year, r.quarter or 5, r.title.lower(), r.id))
    return rows


def public_procurements_recent(
    *, limit: int, today: datetime.date | None = None
) -> list[PublicProcurement]:
    """The procurements of the public plan whose latest event (awarded, started, planned)
    is newest: what the home page shows."""
    latest_event = Coalesce("awarded_on", "opened_on", TruncDate("created_at"))
    qs = (
        _public_qs(today or timezone.localdate())
        .select_related("board", "case", "supplier")
        .order_by(latest_event.desc(), "-id")
    )
    return [public_procurement(p) for p in qs[:limit]]


def public_years(today: datetime.date | None = None) -> list[int]:
    """The years the public plan has procurements in."""
    qs = _public_qs(today or timezone.localdate()).select_related(None)
    return sorted({_year(p) for p in qs.only("plan_year", "opened_on", "created_at")})


def public_boards() -> list[Board]:
    """The boards that have a procurement on the public plan."""
    shown = _public_qs(timezone.localdate())
    return list(
        Board.objects.filter(
            Q(pk__in=shown.values("board_id")) | Q(pk__in=shown.values("other_boards"))
        ).order_by("name")
    )


# --- The history of the evaluation ----------------------------------------------------------


@dataclass(frozen=True)
class EvaluationChange:
    """One change of a criterion, a score or a tender: who, when, why and what."""

    when: datetime.datetime
    who: str
    reason: str
    subject: str
    changes: list[tuple[str, str, str]]  # (field, before, after)


def _shown(field, value) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def _changes_of(rows, model, fields: list[str], subject) -> list[EvaluationChange]:
    """The changes of one record from its historical rows (oldest first): the first row
    shows the values it was made with, a "-" row its removal."""
    result: list[EvaluationChange] = []
    previous = None
    for row in rows:
        changes = []
        for name in fields:
            field = model._meta.get_field(name)
            old = getattr(previous, name) if previous is not None else None
            new = None if row.history_type == "-" else getattr(row, name)
            if previous is None and new in (None, "", False):
                continue
            if old != new:
                changes.append((str(field.verbose_name), _shown(field, old), _shown(field, new)))
        if changes or row.history_type != "~":
            result.append(
                EvaluationChange(
                    when=row.history_date,
                    who=str(row.history_user) if row.history_user else "–",
                    reason=row.history_change_reason
                    or (_("Removed") if row.history_type == "-" else ""),
                    subject=subject(row),
                    changes=changes,
                )
            )
        previous = row
    return result


def evaluation_history(procurement: Procurement) -> list[EvaluationChange]:
    """Every change of the procurement's criteria, scores and tenders, newest first, for
    the staff who run it (scores and tenderers are secret until the award)."""
    criterion_history = EvaluationCriterion.history.model  # type: ignore[attr-defined]
    score_history = TenderScore.history.model  # type: ignore[attr-defined]
    tender_history = Tender.history.model  # type: ignore[attr-defined]
    tenders = {
        t.pk: t.tenderer.name
        for t in Tender.objects.filter(procurement=procurement).select_related("tenderer")
    }
    names: dict[int, str] = {}
    by_record: dict[tuple[str, int], list] = {}
    for row in criterion_history.objects.filter(procurement_id=procurement.pk).order_by(
        "history_date", "history_id"
    ):
        names[row.id] = row.name
        by_record.setdefault(("criterion", row.id), []).append(row)
    for row in (
        score_history.objects.filter(tender_id__in=list(tenders))
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        by_record.setdefault(("score", row.id), []).append(row)
    for row in (
        tender_history.objects.filter(procurement_id=procurement.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        by_record.setdefault(("tender", row.id), []).append(row)
    entries: list[EvaluationChange] = []
    for (kind, _pk), rows in by_record.items():
        if kind == "criterion":
            entries += _changes_of(
                rows,
                EvaluationCriterion,
                ["name", "kind", "weight"],
                lambda r: _("Criterion: %(name)s") % {"name": r.name},
            )
        elif kind == "score":
            entries += _changes_of(
                rows,
                TenderScore,
                ["score", "comment"],
                lambda r: (
                    _("Score: %(tenderer)s, %(criterion)s")
                    % {
                        "tenderer": tenders.get(r.tender_id, "–"),
                        "criterion": names.get(r.criterion_id, "–"),
                    }
                ),
            )
        else:
            entries += _changes_of(
                rows,
                Tender,
                ["price", "disqualified", "disqualification_reason", "secrecy_reviewed_on"],
                lambda r: _("Tender: %(tenderer)s") % {"tenderer": tenders.get(r.id, "–")},
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
