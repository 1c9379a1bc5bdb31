"""Writes of procurements. The procurement module grows with the contract register; the
challenge process opens procurements here and records how they go."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, Party, Unit, User
from insyn.procurement import law
from insyn.procurement.models import EvaluationCriterion, Procurement, Tender, TenderScore
from insyn.registry.models import Case, Document

# The statuses in which tenders come in and are evaluated.
TAKES_TENDERS = (Procurement.Status.ADVERTISED, Procurement.Status.EVALUATION)


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
    if procedure not in Procurement.NEW_PROCEDURES:
        errors["procedure"] = _procedure_error(procedure)
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
        elif ("status" in changes or "contract_signed_on" in changes) and (
            procurement.standstill_ends_on is not None or procurement.review
        ):
            # An award decided here keeps its avtalsspärr and review however the status is
            # set. (A procurement run elsewhere and only recorded here, e.g. from a
            # challenge, has no standstill of record to check.)
            try:
                contract_signing_check(procurement, signed_on=procurement.contract_signed_on)
            except ValidationError as error:
                errors["contract_signed_on"] = " ".join(error.messages)
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


# --- The plan, the follow-up settled beforehand, evaluation and award ----------------------


def _procedure_error(procedure: str) -> str:
    if procedure == Procurement.Procedure.IOP:
        return _(
            "An IOP is not a procurement procedure: make the agreement in the contract "
            "register as an IOP agreement."
        )
    return _("Choose the procedure.")


def _plan_check(
    *,
    title: str,
    procedure: str,
    category: str,
    board: Board | None,
    unit: Unit | None,
    plan_quarter: int | None,
    estimated_value: Decimal | None,
    cpv_code: str,
    reserved: bool,
) -> None:
    """The rules of a planned procurement, the same when it is planned and when it is
    changed."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the procurement a title.")
    if procedure not in Procurement.NEW_PROCEDURES:
        errors["procedure"] = _procedure_error(procedure)
    if category not in Procurement.Category.values:
        errors["category"] = _("Choose what is bought.")
    if board is None:
        errors["board"] = _("Choose the board.")
    elif unit is not None and unit.board_id != board.pk:
        errors["unit"] = _("The unit belongs to another board.")
    if plan_quarter is not None and plan_quarter not in (1, 2, 3, 4):
        errors["plan_quarter"] = _("A quarter is 1, 2, 3 or 4.")
    if estimated_value is not None and estimated_value < 0:
        errors["estimated_value"] = _("A value cannot be negative.")
    if reserved and procedure not in (
        Procurement.Procedure.RESERVED,
        Procurement.Procedure.CHOICE_SYSTEM,
    ):
        errors["reserved"] = _("Only a reserved procurement or a choice system can be reserved.")
    if cpv_code.strip():
        from insyn.contracts.models import validate_cpv

        try:
            validate_cpv(cpv_code.strip())
        except ValidationError as error:
            errors["cpv_code"] = error.messages[0]
    if errors:
        raise ValidationError(errors)


@in_organisation_language
@transaction.atomic
def procurement_plan(
    *,
    title: str,
    procedure: str,
    responsible: User,
    board: Board,
    user: User,
    plan_year: int,
    plan_quarter: int | None = None,
    unit: Unit | None = None,
    description: str = "",
    estimated_value: Decimal | None = None,
    cpv_code: str = "",
    reserved: bool = False,
    other_boards: Sequence[Board] = (),
    category: str = Procurement.Category.SUPPLIES_SERVICES,
) -> Procurement:
    """Put a procurement in the procurement plan. It gets its case when it starts. A
    procedure that does not fit the estimated value is planned with a warning (the pages
    show it), and cannot start until it fits."""
    _plan_check(
        title=title,
        procedure=procedure,
        category=category,
        board=board,
        unit=unit,
        plan_quarter=plan_quarter,
        estimated_value=estimated_value,
        cpv_code=cpv_code,
        reserved=reserved,
    )
    procurement = Procurement(
        title=title.strip(),
        description=description.strip(),
        procedure=procedure,
        responsible=responsible,
        board=board,
        unit=unit,
        plan_year=plan_year,
        plan_quarter=plan_quarter,
        estimated_value=estimated_value,
        cpv_code=cpv_code.strip(),
        reserved=reserved,
        category=category,
    )
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Planned")  # type: ignore[attr-defined]
    procurement.save()
    procurement.other_boards.set([b for b in other_boards if b.pk != board.pk])
    return procurement


@in_organisation_language
@transaction.atomic
def procurement_edit(
    *,
    procurement: Procurement,
    user: User,
    title: str,
    procedure: str,
    responsible: User,
    board: Board,
    plan_year: int,
    plan_quarter: int | None = None,
    unit: Unit | None = None,
    description: str = "",
    estimated_value: Decimal | None = None,
    cpv_code: str = "",
    reserved: bool = False,
    other_boards: Sequence[Board] = (),
    category: str = Procurement.Category.SUPPLIES_SERVICES,
) -> Procurement:
    """Change a procurement of the plan. Only while it is planned: once started, what was
    announced is recorded in its case and its history."""
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != Procurement.Status.PLANNED:
        raise ValidationError(_("Only a planned procurement can be changed."))
    _plan_check(
        title=title,
        procedure=procedure,
        category=category,
        board=board,
        unit=unit,
        plan_quarter=plan_quarter,
        estimated_value=estimated_value,
        cpv_code=cpv_code,
        reserved=reserved,
    )
    procurement.category = category
    procurement.title = title.strip()
    procurement.description = description.strip()
    procurement.procedure = procedure
    procurement.responsible = responsible
    procurement.board = board
    procurement.unit = unit
    procurement.plan_year = plan_year
    procurement.plan_quarter = plan_quarter
    procurement.estimated_value = estimated_value
    procurement.cpv_code = cpv_code.strip()
    procurement.reserved = reserved
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Plan changed")  # type: ignore[attr-defined]
    procurement.save()
    procurement.other_boards.set([b for b in other_boards if b.pk != board.pk])
    return procurement


@in_organisation_language
@transaction.atomic
def procurement_followup_record(
    *, procurement: Procurement, approach: str, user: User
) -> Procurement:
    """Record how the coming contract will be followed up (seed 004: settled before the
    procurement starts)."""
    if not approach.strip():
        raise ValidationError({"approach": _("Describe how the contract will be followed up.")})
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != Procurement.Status.PLANNED:
        raise ValidationError(_("The follow-up is settled before the procurement starts."))
    procurement.followup_approach = approach.strip()
    procurement.followup_recorded_by = user
    procurement.followup_recorded_on = timezone.localdate()
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Follow-up settled")  # type: ignore[attr-defined]
    procurement.save()
    return procurement


@in_organisation_language
@transaction.atomic
def procurement_start(*, procurement: Procurement, user: User) -> Procurement:
    """Start a planned procurement: it needs its follow-up settled first, and gets a case
    in its board's series for its documents."""
    from insyn.registry import services as registry
    from insyn.registry.models import Series

    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != Procurement.Status.PLANNED:
        raise ValidationError(_("The procurement has already started."))
    if not procurement.followup_approach:
        raise ValidationError(
            _("Record how the contract will be followed up before the procurement starts.")
        )
    # A procedure that the value does not allow is refused, not only warned about: the
    # contract would be voidable and the kommun liable to an upphandlingsskadeavgift, and
    # while the procurement is planned the officer can still correct the value or the
    # procedure. (Planning it is allowed, with a warning: the plan is a draft.)
    from insyn.procurement.thresholds import procedure_problems

    problems = procedure_problems(
        procedure=procurement.procedure,
        category=procurement.category,
        value=procurement.estimated_value,
    )
    if problems:
        raise ValidationError(problems)
    if procurement.case_id is None:
        series = Series.objects.filter(board=procurement.board, active=True).first()
        if series is None:
            raise ValidationError(_("The board has no open numbering series."))
        procurement.case = registry.case_register(
            series=series,
            title=_("Procurement: %(title)s") % {"title": procurement.title},
            registered_by=user,
            unit=procurement.unit,
            case_officer=procurement.responsible,
        )
    procurement.opened_on = timezone.localdate()
    procurement.status = Procurement.Status.ADVERTISED
    procurement.advertised_on = procurement.advertised_on or timezone.localdate()
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Procurement started")  # type: ignore[attr-defined]
    procurement.save()
    # The case's first document says why it exists: the decision to procure, with the
    # procedure, the value and how the contract will be followed up.
    registry.document_register(
        case=procurement.case,  # type: ignore[arg-type]
        direction=Document.Direction.DRAWN_UP,
        description=_("Decision to procure: %(title)s") % {"title": procurement.title},
        document_date=procurement.opened_on,
        registered_by=user,
        files=[_start_pdf(procurement=procurement)],
    )
    return procurement


def _start_pdf(*, procurement: Procurement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from insyn.core.pdf import pdf_from_template
    from insyn.core.selectors import organisation_for_pages

    content = pdf_from_template(
        "procurement/pdf/start_decision.html",
        {
            "organisation": organisation_for_pages(),
            "procurement": procurement,
            "started_on": procurement.opened_on,
        },
    )
    return SimpleUploadedFile("beslut-att-upphandla.pdf", content, content_type="application/pdf")


@dataclass(frozen=True)
class Criterion:
    name: str
    kind: str
    weight: Decimal


@transaction.atomic
def criteria_set(
    *,
    procurement: Procurement,
    criteria: Sequence[Criterion],
    user: User | None = None,
    reason: str = "",
) -> None:
    """Set the evaluation criteria; the weights must add up to 100 %. Not once a tender
    has come in: the tenderers wrote their tenders against the announced criteria.

    The rows are changed in place (row n stays row n), so each criterion's history shows
    what its name, kind or weight was before, by whom and why."""
    if procurement.status not in TAKES_TENDERS and procurement.status != Procurement.Status.PLANNED:
        raise ValidationError(_("The criteria can no longer be changed."))
    if Tender.objects.filter(procurement=procurement).exists():
        raise ValidationError(
            _("Tenders have come in on these criteria; they can no longer be changed.")
        )
    errors = []
    if not criteria:
        errors.append(_("Give at least one criterion."))
    for criterion in criteria:
        if not criterion.name.strip() or criterion.kind not in EvaluationCriterion.Kind.values:
            errors.append(_("Each criterion needs a name and a kind (price or quality)."))
            break
        if criterion.weight <= 0:
            errors.append(_("A weight is more than 0 %."))
            break
    total = sum((c.weight for c in criteria), Decimal(0))
    if criteria and total != 100:
        errors.append(_("The weights add up to %(total)s %%, not 100 %%.") % {"total": total})
    if errors:
        raise ValidationError({"criteria": errors})
    why = reason.strip() or _("Evaluation criteria set")
    existing = list(
        EvaluationCriterion.objects.filter(procurement=procurement).order_by("order", "id")
    )
    for order, wanted in enumerate(criteria, start=1):
        row = existing[order - 1] if order <= len(existing) else None
        if row is None:
            row = EvaluationCriterion(procurement=procurement)
        values = {"name": wanted.name.strip(), "kind": wanted.kind, "weight": wanted.weight}
        if row.pk and all(getattr(row, k) == v for k, v in values.items()) and row.order == order:
            continue
        for key, value in values.items():
            setattr(row, key, value)
        row.order = order
        row._history_user = user  # type: ignore[attr-defined]
        row._change_reason = why  # type: ignore[attr-defined]
        row.save()
    for row in existing[len(criteria) :]:
        row._history_user = user  # type: ignore[attr-defined]
        row._change_reason = why  # type: ignore[attr-defined]
        row.delete()


def tender_total(tender: Tender) -> Decimal:
    """The weighted score, 0–10: each criterion's score times its weight."""
    total = Decimal(0)
    for score in tender.scores.select_related("criterion"):
        total += score.score * score.criterion.weight / 100
    return total.quantize(Decimal("0.01"))


@transaction.atomic
def tender_score(
    *,
    tender: Tender,
    scores: dict[EvaluationCriterion, Decimal],
    comments: dict | None = None,
    user: User | None = None,
    reason: str = "",
) -> Tender:
    """Score a tender per criterion, 0–10. The first score puts the procurement in
    evaluation."""
    procurement = Procurement.objects.select_for_update().get(pk=tender.procurement_id)
    if procurement.status not in TAKES_TENDERS:
        raise ValidationError(_("The tenders can no longer be evaluated."))
    if tender.disqualified:
        raise ValidationError(_("A disqualified tender is not scored."))
    errors = {}
    for criterion, score in scores.items():
        if criterion.procurement_id != tender.procurement_id:
            errors["scores"] = _("A criterion of another procurement was given.")
        elif not 0 <= score <= 10:
            errors["scores"] = _("A score is from 0 to 10.")
    if errors:
        raise ValidationError(errors)
    # Each score is saved with who and why: a changed score keeps its earlier value in
    # its history (the procurement page shows it).
    why = reason.strip() or _("Tender scored")
    for criterion, score in scores.items():
        comment = (comments or {}).get(criterion, "")
        row = TenderScore.objects.filter(tender=tender, criterion=criterion).first()
        if row is None:
            row = TenderScore(tender=tender, criterion=criterion)
        elif row.score == score and row.comment == comment:
            continue
        row.score = score
        row.comment = comment
        row._history_user = user  # type: ignore[attr-defined]
        row._change_reason = why  # type: ignore[attr-defined]
        row.save()
    if scores and procurement.status == Procurement.Status.ADVERTISED:
        procurement.status = Procurement.Status.EVALUATION
        procurement._history_user = user  # type: ignore[attr-defined]
        procurement._change_reason = _("Evaluation started")  # type: ignore[attr-defined]
        procurement.save()
    return tender


@in_organisation_language
@transaction.atomic
def tender_disqualify(*, tender: Tender, reason: str, user: User) -> Tender:
    """Set a tender aside (e.g. a requirement not met); it keeps its place in the case but
    cannot win."""
    procurement = Procurement.objects.select_for_update().get(pk=tender.procurement_id)
    if procurement.status not in TAKES_TENDERS:
        raise ValidationError(_("The tenders can no longer be evaluated."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for disqualifying the tender.")})
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    tender.disqualified = True
    tender.disqualification_reason = reason.strip()[:300]
    tender._history_user = user  # type: ignore[attr-defined]
    tender._change_reason = _("Disqualified")  # type: ignore[attr-defined]
    tender.save()
    return tender


def _is_sole_trader(number: str) -> bool:
    """An organisation number whose "month" is 01–12 is a personnummer: a legal entity's
    number has 20 or more in the third and fourth digits (Skatteverket)."""
    digits = "".join(ch for ch in number if ch.isdigit())[-10:]
    return len(digits) == 10 and 1 <= int(digits[2:4]) <= 12


@in_organisation_language
@transaction.atomic
def tender_register(
    *,
    procurement: Procurement,
    tenderer_name: str,
    tenderer_org_number: str,
    received_on: datetime.date,
    files: Sequence,
    user: User,
    price: Decimal | None = None,
    tenderer_kind: str = Party.Kind.COMPANY,
) -> Tender:
    """Register a tender in the procurement's case, secret until the award decision
    (OSL 19 kap. 3 §), and keep it for evaluation.

    A sole trader's organisation number is the owner's personnummer: such a tenderer is
    kept as a private person, so that the award decision, the procurement plan and the
    contract register never name them or show the number."""
    from insyn.core.services import party_resolve
    from insyn.registry import services as registry
    from insyn.registry.models import Document, SecrecyGround

    # Locked, so a double submission finds the first tender instead of a unique-key error.
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.case_id is None or procurement.status == Procurement.Status.PLANNED:
        raise ValidationError(_("Start the procurement before tenders are registered."))
    if procurement.status not in TAKES_TENDERS:
        raise ValidationError(_("The procurement no longer takes tenders."))
    errors = {}
    if not tenderer_org_number.strip():
        errors["tenderer_org_number"] = _("Give the tenderer's organisation number.")
    if not files:
        errors["attachments"] = _("Attach the tender.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    if tenderer_kind not in (Party.Kind.COMPANY, Party.Kind.NONPROFIT):
        raise ValidationError(
            {"tenderer_kind": _("Choose a company or a non-profit organisation.")}
        )
    number = tenderer_org_number.strip()
    if _is_sole_trader(number):
        tenderer = party_resolve(
            kind=Party.Kind.PRIVATE_PERSON, name=tenderer_name, personal_identity_number=number
        )
    else:
        tenderer = party_resolve(kind=tenderer_kind, name=tenderer_name, org_number=number)
    assert tenderer is not None
    if Tender.objects.filter(procurement=procurement, tenderer=tenderer).exists():
        raise ValidationError({"tenderer_org_number": _("This tenderer has already tendered.")})
    ground = SecrecyGround.objects.filter(chapter=19, section="3").first()
    if ground is None:
        raise ValidationError(_("The secrecy ground OSL 19:3 is missing; ask an administrator."))
    document = registry.document_register(
        case=procurement.case,  # type: ignore[arg-type]
        direction=Document.Direction.INCOMING,
        description=_("Tender in %(procurement)s") % {"procurement": procurement.title},
        document_date=received_on,
        registered_by=user,
        counterpart=registry.Counterpart(party=tenderer),
        secrecy=Document.Secrecy.SECRET,
        secrecy_ground=ground,
        files=files,
    )
    tender = Tender(
        procurement=procurement,
        tenderer=tenderer,
        received_on=received_on,
        price=price,
        document=document,
    )
    tender._history_user = user  # type: ignore[attr-defined]
    tender._change_reason = _("Tender registered")  # type: ignore[attr-defined]
    tender.save()
    return tender


@dataclass(frozen=True)
class RankedTender:
    tender: Tender
    total: Decimal
    rank: int


def tenders_ranked(procurement: Procurement) -> list[RankedTender]:
    """The qualified tenders, best weighted total first; equal totals share a rank."""
    tenders = [
        t
        for t in Tender.objects.filter(procurement=procurement, disqualified=False).select_related(
            "tenderer"
        )
    ]
    totals = sorted(
        ((t, tender_total(t)) for t in tenders), key=lambda row: (-row[1], row[0].received_on)
    )
    ranked: list[RankedTender] = []
    for position, (tender, total) in enumerate(totals, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].total == total else position
        ranked.append(RankedTender(tender=tender, total=total, rank=rank))
    return ranked


def standstill_last_day(sent_on: datetime.date, *, electronic: bool) -> datetime.date:
    """The last day of the avtalsspärr (LOU 20 kap. 1 §): 10 days after the notice was
    sent electronically, 15 days otherwise. A period that ends on a Saturday, Sunday or
    public holiday runs to the next working day (lag (1930:173) om beräkning av lagstadgad
    tid)."""
    from insyn.core.calendar import next_working_day

    days = law.STANDSTILL_DAYS_ELECTRONIC if electronic else law.STANDSTILL_DAYS_OTHERWISE
    return next_working_day(sent_on + datetime.timedelta(days=days), include_today=True)


def _award_pdf(*, procurement: Procurement, winner: Tender, decided_on: datetime.date, user: User):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from insyn.core.pdf import pdf_from_template
    from insyn.core.selectors import organisation_for_pages

    content = pdf_from_template(
        "procurement/pdf/award_decision.html",
        {
            "organisation": organisation_for_pages(),
            "procurement": procurement,
            "winner": winner,
            "ranking": tenders_ranked(procurement),
            "winner_total": tender_total(winner),
            "disqualified": list(
                Tender.objects.filter(procurement=procurement, disqualified=True)
                .select_related("tenderer")
                .order_by("received_on", "pk")
            ),
            "criteria": list(procurement.criteria.all()),
            "decided_on": decided_on,
            "decided_by": user,
            "law": law,
        },
    )
    return SimpleUploadedFile("tilldelningsbeslut.pdf", content, content_type="application/pdf")


@in_organisation_language
@transaction.atomic
def procurement_award(
    *,
    procurement: Procurement,
    tender: Tender,
    decided_on: datetime.date,
    user: User,
    notice_sent_on: datetime.date | None = None,
    notice_electronic: bool = True,
):
    """Record the award decision: the tender wins, the decision (a PDF naming the winner,
    its reasons, the ranking of the qualified tenders, the criteria, the standstill period
    and how to request review) is registered in the case as a public document, and the
    procurement is awarded.

    How and when the notice of the decision went to the tenderers (by default: by e-mail,
    the day of the decision) decides the avtalsspärr (LOU 20 kap. 1 §); the contract cannot
    be made from the award before it ends."""
    from insyn.registry import services as registry
    from insyn.registry.models import Document

    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if tender.procurement_id != procurement.pk:
        raise ValidationError({"tender": _("The tender belongs to another procurement.")})
    tender = Tender.objects.select_related("tenderer").get(pk=tender.pk)
    if tender.disqualified:
        raise ValidationError({"tender": _("A disqualified tender cannot win.")})
    if procurement.status not in TAKES_TENDERS or procurement.case_id is None:
        raise ValidationError(_("The procurement cannot be awarded now."))
    today = timezone.localdate()
    if decided_on > today:
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    notice_sent_on = notice_sent_on or decided_on
    if notice_sent_on < decided_on:
        raise ValidationError(
            {"notice_sent_on": _("The notice cannot be sent before the decision is made.")}
        )
    if notice_sent_on > today:
        raise ValidationError({"notice_sent_on": _("The date cannot be in the future.")})
    last_received = Tender.objects.filter(procurement=procurement).aggregate(
        last=Max("received_on")
    )["last"]
    if last_received and decided_on < last_received:
        raise ValidationError(
            {"decided_on": _("The decision cannot be dated before the last tender came in.")}
        )
    # The decision follows the evaluation the procurement announced: every qualified
    # tender scored on every criterion, and the winner the best of them (LOU 16 kap.).
    criteria = procurement.criteria.count()
    if not criteria:
        raise ValidationError(_("Set the evaluation criteria and score the tenders first."))
    unscored = (
        Tender.objects.filter(procurement=procurement, disqualified=False)
        .annotate(scored=Count("scores"))
        .filter(scored__lt=criteria)
    )
    if unscored.exists():
        raise ValidationError(_("Score every qualified tender on every criterion first."))
    ranking = tenders_ranked(procurement)
    if not any(r.tender.pk == tender.pk and r.rank == 1 for r in ranking):
        raise ValidationError(
            {"tender": _("The tender ranked first in the evaluation wins the award.")}
        )
    Tender.objects.filter(procurement=procurement).update(awarded=False)
    Tender.objects.filter(pk=tender.pk).update(awarded=True)
    procurement.awarded_on = decided_on
    procurement.award_notice_sent_on = notice_sent_on
    procurement.award_notice_electronic = notice_electronic
    procurement.standstill_ends_on = (
        standstill_last_day(notice_sent_on, electronic=notice_electronic)
        if procurement.has_standstill
        else None
    )
    # A new award (after the court ordered a correction) starts without a review.
    procurement.review = ""
    procurement.review_court = ""
    procurement.review_case_number = ""
    procurement.review_filed_on = None
    procurement.review_decided_on = None
    procurement.review_standstill_ends_on = None
    winner_is_person = tender.tenderer.kind == Party.Kind.PRIVATE_PERSON
    # The decision names every qualified tenderer: if one is a private person, its file
    # is kept off the public web (it can still be asked for as a public document).
    names_a_person = Tender.objects.filter(
        procurement=procurement, tenderer__kind=Party.Kind.PRIVATE_PERSON
    ).exists()
    document = registry.document_register(
        case=procurement.case,  # type: ignore[arg-type]
        direction=Document.Direction.DRAWN_UP,
        description=_("Award decision")
        if winner_is_person
        else _("Award decision: %(tenderer)s") % {"tenderer": tender.tenderer.name},
        document_date=decided_on,
        registered_by=user,
        contains_personal_data=names_a_person,
        files=[
            _award_pdf(procurement=procurement, winner=tender, decided_on=decided_on, user=user)
        ],
    )
    procurement.status = Procurement.Status.AWARDED
    procurement.evaluated_on = procurement.evaluated_on or decided_on
    procurement.supplier = tender.tenderer
    procurement.tenders_received = Tender.objects.filter(procurement=procurement).count()
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Award decided")  # type: ignore[attr-defined]
    procurement.save()
    return document


def contract_signing_check(procurement: Procurement, *, signed_on: datetime.date) -> None:
    """Refuse a contract signed during the avtalsspärr or while a request for review is
    pending (LOU 20 kap. 1 and 9 §§), with a message that says until when."""
    from django.utils.formats import date_format

    if procurement.review == Procurement.Review.PENDING:
        raise ValidationError(
            _(
                "A request for review is pending at %(court)s: the contract cannot be signed "
                "until the court has decided."
            )
            % {"court": procurement.review_court}
        )
    if procurement.review in (Procurement.Review.CORRECTION, Procurement.Review.REDO):
        raise ValidationError(
            _("The court upheld the request for review: the award cannot be signed.")
        )
    first = procurement.contract_allowed_from()
    if first is None:  # no award date recorded: nothing to count from
        return
    if max(signed_on, timezone.localdate()) < first:
        raise ValidationError(
            _(
                "The standstill period (avtalsspärr, %(law)s) runs until %(last)s: the "
                "contract can be signed from %(first)s."
            )
            % {
                "law": law.LOU_EXTENDED_STANDSTILL
                if procurement.review_standstill_ends_on
                else law.LOU_STANDSTILL,
                "last": date_format(first - datetime.timedelta(days=1)),
                "first": date_format(first),
            }
        )
    if signed_on < first:
        raise ValidationError(
            {
                "start_date": _(
                    "The contract cannot be signed before the standstill period ends; it can "
                    "be signed from %(first)s."
                )
                % {"first": date_format(first)}
            }
        )


@in_organisation_language
@transaction.atomic
def procurement_review_register(
    *,
    procurement: Procurement,
    court: str,
    filed_on: datetime.date,
    user: User,
    case_number: str = "",
) -> Procurement:
    """Record that a tenderer has requested review (överprövning) of the award at the
    förvaltningsrätt: the contract cannot be signed until the court decides. The court's
    notice is registered in the case. Not once the contract is signed: the court can no
    longer try the request then (LOU 20 kap. 10 §)."""
    from insyn.registry import services as registry
    from insyn.registry.models import Document

    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != Procurement.Status.AWARDED:
        raise ValidationError(
            _("A request for review is recorded after the award and before the contract.")
        )
    if procurement.review == Procurement.Review.PENDING:
        raise ValidationError(_("A request for review is already pending."))
    errors: dict[str, str] = {}
    if not court.strip():
        errors["court"] = _("Give the court, e.g. Förvaltningsrätten i Stockholm.")
    if filed_on > timezone.localdate():
        errors["filed_on"] = _("The date cannot be in the future.")
    elif procurement.awarded_on and filed_on < procurement.awarded_on:
        errors["filed_on"] = _("A request for review comes after the award decision.")
    if errors:
        raise ValidationError(errors)
    procurement.review = Procurement.Review.PENDING
    procurement.review_court = court.strip()
    procurement.review_case_number = case_number.strip()
    procurement.review_filed_on = filed_on
    procurement.review_decided_on = None
    procurement.review_standstill_ends_on = None
    registry.document_register(
        case=procurement.case,  # type: ignore[arg-type]
        direction=Document.Direction.INCOMING,
        counterpart=registry.Counterpart(
            name=procurement.review_court, kind=Party.Kind.PUBLIC_BODY
        ),
        description=_("Request for review of the award (%(court)s %(number)s)")
        % {"court": procurement.review_court, "number": procurement.review_case_number},
        document_date=filed_on,
        registered_by=user,
    )
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Request for review registered")  # type: ignore[attr-defined]
    procurement.save()
    return procurement


@in_organisation_language
@transaction.atomic
def procurement_review_decide(
    *, procurement: Procurement, outcome: str, decided_on: datetime.date, user: User
) -> Procurement:
    """Record the court's decision on the request for review.

    Rejected: the contract may be signed, after the förlängd avtalsspärr if the request
    came in during the standstill (ten days from the decision, LOU 20 kap. 9 §). Upheld
    with rättelse: the procurement is evaluated again and a new award decided. Upheld with
    the procurement to be redone: it is cancelled (LOU 20 kap. 6 §)."""
    from insyn.registry import services as registry
    from insyn.registry.models import Document

    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.review != Procurement.Review.PENDING:
        raise ValidationError(_("No request for review is pending."))
    outcomes = (
        Procurement.Review.REJECTED,
        Procurement.Review.CORRECTION,
        Procurement.Review.REDO,
    )
    if outcome not in outcomes:
        raise ValidationError({"outcome": _("Choose what the court decided.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    if procurement.review_filed_on and decided_on < procurement.review_filed_on:
        raise ValidationError({"decided_on": _("The court decides after the request was filed.")})
    procurement.review = outcome
    procurement.review_decided_on = decided_on
    filed_in_standstill = (
        procurement.standstill_ends_on is not None
        and procurement.review_filed_on is not None
        and procurement.review_filed_on <= procurement.standstill_ends_on
    )
    if outcome == Procurement.Review.REJECTED and filed_in_standstill:
        from insyn.core.calendar import next_working_day

        procurement.review_standstill_ends_on = next_working_day(
            decided_on + datetime.timedelta(days=law.EXTENDED_STANDSTILL_DAYS),
            include_today=True,
        )
    registry.document_register(
        case=procurement.case,  # type: ignore[arg-type]
        direction=Document.Direction.INCOMING,
        counterpart=registry.Counterpart(
            name=procurement.review_court, kind=Party.Kind.PUBLIC_BODY
        ),
        description=_("Court's decision on the request for review: %(outcome)s")
        % {"outcome": procurement.get_review_display()},
        document_date=decided_on,
        registered_by=user,
    )
    if outcome == Procurement.Review.CORRECTION:
        # Rättelse: the evaluation is done again and a new award decided.
        Tender.objects.filter(procurement=procurement).update(awarded=False)
        procurement.status = Procurement.Status.EVALUATION
        procurement.supplier = None
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Court decided on the request for review")  # type: ignore[attr-defined]
    procurement.save()
    if outcome == Procurement.Review.REDO:
        procurement = procurement_cancel(
            procurement=procurement,
            reason=_(
                "The court decided that the procurement is to be redone (%(court)s %(number)s)."
            )
            % {"court": procurement.review_court, "number": procurement.review_case_number},
            user=user,
        )
    return procurement


@in_organisation_language
@transaction.atomic
def tender_secrecy_review(
    *,
    tender: Tender,
    secrecy: str,
    user: User,
    reason: str,
    secrecy_ground=None,
    mask_counterpart: bool = False,
    mask_description: bool = False,
    reviewed_on: datetime.date | None = None,
) -> Tender:
    """Decide what of a tender stays secret once the award is decided (on `reviewed_on`,
    by default today).

    The absolute secrecy for tenders (OSL 19 kap. 3 § second paragraph) ends with the award
    decision; after it, only what another ground covers stays secret, e.g. a tenderer's
    business secrets (OSL 31 kap. 16 §). The tender's registered document is corrected
    through the diarium (who, when and why kept in its history), so the postlista, the
    search and the files follow."""
    from insyn.registry import services as registry
    from insyn.registry.models import Document

    # Only the tender's row is locked (its document may be missing: an outer join).
    tender = (
        Tender.objects.select_for_update(of=("self",))
        .select_related("procurement", "document")
        .get(pk=tender.pk)
    )
    procurement = tender.procurement
    # The secrecy ends with the award decision, or when the case is otherwise finished
    # (a cancelled procurement).
    ended_on = (
        procurement.cancelled_on
        if procurement.status == Procurement.Status.CANCELLED
        else procurement.awarded_on
    )
    if ended_on is None:
        raise ValidationError(
            _("The tenders stay secret until the award decision (%(law)s).")
            % {"law": law.OSL_TENDERS}
        )
    if tender.document is None:
        raise ValidationError(_("The tender has no registered document."))
    reviewed_on = reviewed_on or timezone.localdate()
    if reviewed_on > timezone.localdate() or reviewed_on < ended_on:
        raise ValidationError(
            _("The tenders stay secret until the award decision (%(law)s).")
            % {"law": law.OSL_TENDERS}
        )
    if secrecy not in Document.Secrecy.values:
        raise ValidationError({"secrecy": _("Choose public, partly secret or secret.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, e.g. which business secrets stay secret.")})
    if secrecy == Document.Secrecy.PUBLIC:
        secrecy_ground = None
        mask_counterpart = mask_description = False
    else:
        if secrecy_ground is None:
            raise ValidationError(
                {"secrecy_ground": _("Give the legal ground for what stays secret.")}
            )
        if (secrecy_ground.chapter, secrecy_ground.section) == law.OSL_TENDERS_GROUND:
            raise ValidationError(
                {
                    "secrecy_ground": _(
                        "The secrecy for tenders (%(law)s) ended with the award decision: "
                        "give another ground, e.g. %(other)s."
                    )
                    % {"law": law.OSL_TENDERS, "other": law.OSL_BUSINESS_SECRETS}
                }
            )
        if secrecy == Document.Secrecy.SECRET:
            mask_counterpart = mask_description = False
    registry.document_correct(
        document=tender.document,
        changed_by=user,
        reason=reason.strip(),
        secrecy=secrecy,
        secrecy_ground=secrecy_ground,
        mask_counterpart=mask_counterpart,
        mask_description=mask_description,
    )
    tender.secrecy_reviewed_on = reviewed_on
    tender._history_user = user  # type: ignore[attr-defined]
    tender._change_reason = _("Secrecy reviewed after the award")  # type: ignore[attr-defined]
    tender.save()
    return tender


@in_organisation_language
@transaction.atomic
def procurement_cancel(*, procurement: Procurement, reason: str, user: User) -> Procurement:
    """Cancel a procurement, with the reason; a started one has the decision registered
    in its case. Not once the contract is signed: then the contract is what ends."""
    from insyn.registry import services as registry
    from insyn.registry.models import Document

    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status == Procurement.Status.CONTRACT_SIGNED:
        raise ValidationError(_("The contract is signed; the procurement cannot be cancelled."))
    if procurement.status == Procurement.Status.CANCELLED:
        raise ValidationError(_("The procurement is already cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling the procurement.")})
    today = timezone.localdate()
    if procurement.case_id is not None and procurement.status != Procurement.Status.PLANNED:
        registry.document_register(
            case=procurement.case,  # type: ignore[arg-type]
            direction=Document.Direction.DRAWN_UP,
            description=_("Decision to cancel the procurement"),
            document_date=today,
            registered_by=user,
        )
    # A cancelled procurement awards nothing, even if an award was decided before.
    Tender.objects.filter(procurement=procurement).update(awarded=False)
    procurement.supplier = None
    procurement.status = Procurement.Status.CANCELLED
    procurement.cancelled_on = today
    procurement.cancellation_reason = reason.strip()
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Cancelled")  # type: ignore[attr-defined]
    procurement.save()
    return procurement
