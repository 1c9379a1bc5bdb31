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
from insyn.procurement.models import EvaluationCriterion, Procurement, Tender, TenderScore
from insyn.registry.models import Case

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


# --- The plan, the follow-up settled beforehand, evaluation and award ----------------------


def _plan_check(
    *,
    title: str,
    procedure: str,
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
    if procedure not in Procurement.Procedure.values:
        errors["procedure"] = _("Choose the procedure.")
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
) -> Procurement:
    """Put a procurement in the procurement plan. It gets its case when it starts."""
    _plan_check(
        title=title,
        procedure=procedure,
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
) -> Procurement:
    """Change a procurement of the plan. Only while it is planned: once started, what was
    announced is recorded in its case and its history."""
    procurement = Procurement.objects.select_for_update().get(pk=procurement.pk)
    if procurement.status != Procurement.Status.PLANNED:
        raise ValidationError(_("Only a planned procurement can be changed."))
    _plan_check(
        title=title,
        procedure=procedure,
        board=board,
        unit=unit,
        plan_quarter=plan_quarter,
        estimated_value=estimated_value,
        cpv_code=cpv_code,
        reserved=reserved,
    )
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
    return procurement


@dataclass(frozen=True)
class Criterion:
    name: str
    kind: str
    weight: Decimal


@transaction.atomic
def criteria_set(*, procurement: Procurement, criteria: Sequence[Criterion]) -> None:
    """Replace the evaluation criteria; the weights must add up to 100 %. Not once a
    tender has come in: the tenderers wrote their tenders against the announced criteria."""
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
    EvaluationCriterion.objects.filter(procurement=procurement).delete()
    EvaluationCriterion.objects.bulk_create(
        [
            EvaluationCriterion(
                procurement=procurement,
                name=c.name.strip(),
                kind=c.kind,
                weight=c.weight,
                order=i,
            )
            for i, c in enumerate(criteria, start=1)
        ]
    )


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
    for criterion, score in scores.items():
        TenderScore.objects.update_or_create(
            tender=tender,
            criterion=criterion,
            defaults={"score": score, "comment": (comments or {}).get(criterion, "")},
        )
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
    return Tender.objects.create(
        procurement=procurement,
        tenderer=tenderer,
        received_on=received_on,
        price=price,
        document=document,
    )


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
            "criteria": list(procurement.criteria.all()),
            "decided_on": decided_on,
            "decided_by": user,
        },
    )
    return SimpleUploadedFile("tilldelningsbeslut.pdf", content, content_type="application/pdf")


@in_organisation_language
@transaction.atomic
def procurement_award(
    *, procurement: Procurement, tender: Tender, decided_on: datetime.date, user: User
):
    """Record the award decision: the tender wins, the decision (a PDF naming the winner,
    the ranking of the qualified tenders and the criteria) is registered in the case as a
    public document, and the procurement is awarded."""
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
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
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
    winner_is_person = tender.tenderer.kind == Party.Kind.PRIVATE_PERSON
    # The decision names every qualified tenderer: if one is a private person, its file
    # is kept off the public web (it can still be asked for as a public document).
    names_a_person = Tender.objects.filter(
        procurement=procurement, disqualified=False, tenderer__kind=Party.Kind.PRIVATE_PERSON
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
    procurement.awarded_on = decided_on
    procurement.evaluated_on = procurement.evaluated_on or decided_on
    procurement.supplier = tender.tenderer
    procurement.tenders_received = Tender.objects.filter(procurement=procurement).count()
    procurement._history_user = user  # type: ignore[attr-defined]
    procurement._change_reason = _("Award decided")  # type: ignore[attr-defined]
    procurement.save()
    return document


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
