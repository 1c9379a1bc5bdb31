"""Writes of the yearly follow-up. A decided plan is locked: nothing in it changes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.contracts.models import Contract, Requirement
from insyn.core import links
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, SecretLink, User
from insyn.core.selectors import organisation_for_pages
from insyn.followup import reporting
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
from insyn.notifications.models import OutgoingEmail
from insyn.notifications.services import email_queue, email_render
from insyn.registry import services as registry
from insyn.registry.models import Document, SecrecyGround, Series


def _audit(record: models.Model, *, user: User | None, reason: str) -> None:
    """Who made the change and why, for the record's history (as the diarium keeps
    its own): set before the save or delete that records it."""
    record._history_user = user  # type: ignore[attr-defined]
    record._change_reason = reason.strip()  # type: ignore[attr-defined]


def _draft(plan: FollowUpPlan) -> FollowUpPlan:
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_locked:
        raise ValidationError(_("The plan is decided and locked; it cannot change."))
    return plan


@in_organisation_language
@transaction.atomic
def plan_create(*, board: Board, year: int) -> FollowUpPlan:
    if FollowUpPlan.objects.filter(board=board, year=year).exists():
        raise ValidationError(
            {"year": _("The board already has a plan for %(year)s.") % {"year": year}}
        )
    return FollowUpPlan.objects.create(board=board, year=year)


@in_organisation_language
@transaction.atomic
def plan_item_add(
    *,
    plan: FollowUpPlan,
    contract: Contract,
    method: str,
    due_on: datetime.date,
    responsible: User | None = None,
    user: User | None = None,
) -> PlanItem:
    """Put one of the board's contracts in the plan (egen regi on the same terms).
    `user` is who did it, for the history."""
    plan = _draft(plan)
    errors = {}
    if not contract.boards.filter(board=plan.board).exists():
        errors["contract"] = _("The contract is not one of the board's.")
    elif PlanItem.objects.filter(plan=plan, contract=contract).exists():
        errors["contract"] = _("The contract is already in the plan.")
    if not method.strip():
        errors["method"] = _("Say how the contract is followed up.")
    if due_on.year != plan.year:
        errors["due_on"] = _("The date must be in the plan's year.")
    if errors:
        raise ValidationError(errors)
    item = PlanItem(
        plan=plan, contract=contract, method=method.strip(), due_on=due_on, responsible=responsible
    )
    _audit(item, user=user, reason=_("Added to the plan"))
    item.save()
    return item


@in_organisation_language
@transaction.atomic
def plan_item_remove(*, item: PlanItem, user: User | None = None) -> None:
    _draft(item.plan)
    _audit(item, user=user, reason=_("Taken out of the plan"))
    item.delete()


@in_organisation_language
@transaction.atomic
def plan_decide(
    *,
    plan: FollowUpPlan,
    decided_on: datetime.date,
    paragraph: str,
    user: User,
    registered_on: datetime.date | None = None,
) -> FollowUpPlan:
    """Record the board's decision (date and paragraph); the plan is locked from now on.
    `registered_on` (not today) is for bringing in a plan decided before insyn (and the
    demo): the registrar registered it then, on or after the day of the decision."""
    plan = _draft(plan)
    errors = {}
    if not paragraph.strip():
        errors["paragraph"] = _("Give the paragraph of the minutes, e.g. § 45.")
    elif len(paragraph.strip().lstrip("§").strip()) > 17:
        errors["paragraph"] = _("A paragraph is short, e.g. § 45.")
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("The date cannot be in the future.")
    if not plan.items.exists():
        errors["items"] = _("A plan without contracts cannot be decided.")
    series = reporting.board_series(plan.board)
    if series is None:
        errors[NON_FIELD_ERRORS] = _(
            "The board %(board)s has no open numbering series in the diarium, where the "
            "decided plan is registered."
        ) % {"board": plan.board.name}
    if errors:
        raise ValidationError(errors)
    assert series is not None
    plan.status = FollowUpPlan.Status.DECIDED
    plan.decided_on = decided_on
    plan.paragraph = (
        paragraph.strip() if paragraph.strip().startswith("§") else f"§ {paragraph.strip()}"
    )
    # The decided plan is a public document: registered in a case of the board's series,
    # as a PDF of what the board decided, in the same transaction as the decision.
    plan.decision_document = _plan_register(
        plan=plan, decided_on=decided_on, series=series, user=user, registered_on=registered_on
    )
    plan._history_user = user  # type: ignore[attr-defined]
    plan._change_reason = _("Decided %(paragraph)s") % {"paragraph": plan.paragraph}  # type: ignore[attr-defined]
    plan.save()
    return plan


def _plan_register(
    *,
    plan: FollowUpPlan,
    decided_on: datetime.date,
    series: Series,
    user: User,
    registered_on: datetime.date | None,
) -> Document:
    # The kommun's own words: the case and the document are titled in Swedish.
    title = f"Plan för uppföljning av strategiska avtal {plan.year}"
    return registry.case_register_with_document(
        series=series,
        title=title,
        registered_by=user,
        direction=Document.Direction.DRAWN_UP,
        description=f"{title} – {plan.board.name}, beslutad {decided_on.isoformat()} "
        f"{plan.paragraph}",
        document_date=decided_on,
        files=[
            SimpleUploadedFile(
                reporting.plan_filename(plan),
                reporting.plan_pdf(plan),
                content_type="application/pdf",
            )
        ],
        registered_on=registered_on,
    )


def _open_report(report: FollowUpReport) -> FollowUpReport:
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if report.status == FollowUpReport.Status.SUBMITTED:
        raise ValidationError(_("The report is submitted and can no longer change."))
    return report


@in_organisation_language
@transaction.atomic
def report_create(
    *, contract: Contract, year: int, plan_item: PlanItem | None = None, user: User | None = None
) -> FollowUpReport:
    if FollowUpReport.objects.filter(contract=contract, year=year).exists():
        raise ValidationError(
            {"year": _("The contract already has a report for %(year)s.") % {"year": year}}
        )
    if plan_item is not None and plan_item.contract_id != contract.pk:
        raise ValidationError({"plan_item": _("The plan item is for another contract.")})
    report = FollowUpReport(contract=contract, year=year, plan_item=plan_item)
    _audit(report, user=user, reason=_("Report started"))
    report.save()
    return report


@in_organisation_language
@transaction.atomic
def assessment_record(
    *,
    report: FollowUpReport,
    requirement: Requirement,
    result: str,
    comment: str = "",
    evidence: Sequence[Document] | None = None,
    user: User | None = None,
    reason: str = "",
) -> Assessment:
    """Record (or change) the assessment of one requirement. `evidence`, when given,
    replaces the evidence: documents registered in the contract's case. `user` and
    `reason` (why it changed, if the person said) go into the history; a change of the
    evidence is named there too, by the documents' numbers."""
    report = _open_report(report)
    if requirement.contract_id != report.contract_id:
        raise ValidationError({"requirement": _("The requirement belongs to another contract.")})
    if result not in Assessment.Result.values:
        raise ValidationError({"result": _("Choose met, partly met or not met.")})
    case_id = report.contract.case_id
    if evidence and any(case_id is None or d.case_id != case_id for d in evidence):
        raise ValidationError(
            {"evidence": _("Evidence is a document registered in the contract's case.")}
        )
    assessment = (
        Assessment.objects.select_for_update()
        .filter(report=report, requirement=requirement)
        .first()
    )
    created = assessment is None
    if assessment is None:
        assessment = Assessment(report=report, requirement=requirement)
    before = set() if created else set(assessment.evidence.values_list("pk", flat=True))
    after = before if evidence is None else {d.pk for d in evidence}
    why = reason.strip() or (_("Assessed") if created else _("Assessment changed"))
    if after != before:
        numbers = sorted(d.number for d in evidence or ())
        why += "; " + (
            _("evidence: %(numbers)s") % {"numbers": ", ".join(numbers)}
            if numbers
            else _("no evidence")
        )
    assessment.result = result
    assessment.comment = comment.strip()
    _audit(assessment, user=user, reason=why)
    assessment.save()
    if evidence is not None:
        assessment.evidence.set(evidence)
    return assessment


@in_organisation_language
@transaction.atomic
def evidence_register(
    *,
    report: FollowUpReport,
    requirement: Requirement,
    files: Sequence[UploadedFile],
    user: User,
    secrecy: str = Document.Secrecy.PUBLIC,
    secrecy_ground: SecrecyGround | None = None,
    mask_description: bool = False,
    contains_personal_data: bool = True,
) -> Document:
    """Register uploaded evidence as a document drawn up in the contract's case, so that
    it is an allmän handling like any other and the assessment can point to it. It gets
    the secrecy and personal-data choices of any registered document; unless told
    otherwise its files count as holding personal data, so they are not published."""
    report = _open_report(report)
    case = report.contract.case
    if case is None:
        raise ValidationError(
            {
                "files": _(
                    "Evidence documents are registered in the contract's case, "
                    "and the contract has none."
                )
            }
        )
    return registry.document_register(
        case=case,
        direction=Document.Direction.DRAWN_UP,
        description=_("Evidence for the follow-up %(year)s of %(number)s: %(requirement)s")
        % {"year": report.year, "number": report.contract.number, "requirement": requirement.title},
        document_date=timezone.localdate(),
        registered_by=user,
        files=files,
        secrecy=secrecy or Document.Secrecy.PUBLIC,
        secrecy_ground=secrecy_ground,
        mask_description=mask_description,
        contains_personal_data=contains_personal_data,
    )


@in_organisation_language
@transaction.atomic
def report_describe(
    *,
    report: FollowUpReport,
    goal_effect: str,
    goals: Sequence[Goal],
    partner_view: str,
    summary: str = "",
    user: User | None = None,
) -> FollowUpReport:
    """The report's texts: how deficiencies affect the board's goal attainment (and which
    goals of the contract's boards for the year), and the provider's view."""
    report = _open_report(report)
    board_ids = set(report.contract.boards.values_list("board_id", flat=True))
    if any(goal.board_id not in board_ids or goal.year != report.year for goal in goals):
        raise ValidationError({"goals": _("Choose goals of the contract's boards for the year.")})
    report.goal_effect = goal_effect.strip()
    if partner_view.strip() != report.partner_view:
        # Staff rewrote it: it is no longer the provider's own words.
        report.partner_view_received_on = None
    report.partner_view = partner_view.strip()
    report.summary = summary.strip()
    _audit(report, user=user, reason=_("Texts saved"))
    report.save()
    report.goals.set(goals)
    return report


@in_organisation_language
@transaction.atomic
def deficiency_add(
    *,
    report: FollowUpReport,
    description: str,
    requirement: Requirement | None = None,
    user: User | None = None,
) -> Deficiency:
    report = _open_report(report)
    if not description.strip():
        raise ValidationError({"description": _("Describe the deficiency.")})
    if requirement is not None and requirement.contract_id != report.contract_id:
        raise ValidationError({"requirement": _("The requirement belongs to another contract.")})
    deficiency = Deficiency(report=report, requirement=requirement, description=description.strip())
    _audit(deficiency, user=user, reason=_("Deficiency recorded"))
    deficiency.save()
    return deficiency


@in_organisation_language
@transaction.atomic
def measure_add(
    *,
    report: FollowUpReport,
    description: str,
    responsible: str,
    due_on: datetime.date,
    deficiency: Deficiency | None = None,
    user: User | None = None,
) -> Measure:
    report = _open_report(report)
    errors = {}
    if not description.strip():
        errors["description"] = _("Describe the measure.")
    if not responsible.strip():
        errors["responsible"] = _("Say who is responsible.")
    if deficiency is not None and deficiency.report_id != report.pk:
        errors["deficiency"] = _("The deficiency belongs to another report.")
    if errors:
        raise ValidationError(errors)
    measure = Measure(
        report=report,
        deficiency=deficiency,
        description=description.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
    )
    _audit(measure, user=user, reason=_("Added to the action plan"))
    measure.save()
    return measure


@in_organisation_language
@transaction.atomic
def measure_set_status(*, measure: Measure, status: str, user: User | None = None) -> Measure:
    """Action plans go on after the report is submitted: their status may always change."""
    if status not in Measure.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    measure.status = status
    measure.done_on = timezone.localdate() if status == Measure.Status.DONE else None
    _audit(measure, user=user, reason=_("Status changed"))
    measure.save()
    return measure


@in_organisation_language
@transaction.atomic
def report_submit(*, report: FollowUpReport, user: User) -> FollowUpReport:
    """Submit the report: every essential requirement must be assessed, and a requirement
    not fully met needs a deficiency with at least one measure."""
    report = _open_report(report)
    essential = report.contract.requirements.filter(essential=True)
    assessed = {a.requirement_id: a for a in report.assessments.all()}
    missing = [r.title for r in essential if r.pk not in assessed]
    errors = []
    if missing:
        errors.append(
            _("Assess every essential requirement first: %(titles)s")
            % {"titles": "; ".join(missing)}
        )
    lacking = [
        a.requirement.title
        for a in assessed.values()
        if a.result != Assessment.Result.MET
        and not report.deficiencies.filter(
            requirement=a.requirement, measures__isnull=False
        ).exists()
    ]
    if lacking:
        errors.append(
            _("A requirement not fully met needs a deficiency and an action plan: %(titles)s")
            % {"titles": "; ".join(lacking)}
        )
    if errors:
        raise ValidationError(errors)
    report.status = FollowUpReport.Status.SUBMITTED
    report.submitted_on = timezone.localdate()
    report.submitted_by = user
    report._history_user = user  # type: ignore[attr-defined]
    report._change_reason = _("Submitted")  # type: ignore[attr-defined]
    report.save()
    return report


# --- Publishing, the provider's own view, the annual cycle ------------------------------


def _paragraphs(text: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; the pages split paragraphs on
    blank lines, so the text is kept with plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


@in_organisation_language
@transaction.atomic
def report_publish(*, report: FollowUpReport, public_summary: str, user: User) -> FollowUpReport:
    """Publish a submitted report's summary on the provider's public page. The public
    sees the counts (requirements met, deficiencies by area, measures by status) and
    `public_summary`, a text written for the public: the report's own texts may name
    staff, users or relatives, so they are never shown."""
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    if report.status != FollowUpReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be published."))
    if not public_summary.strip():
        raise ValidationError(
            {"public_summary": _("Write a short summary for the public to publish with it.")}
        )
    report.published = True
    report.public_summary = _paragraphs(public_summary)
    report.published_on = timezone.localdate()
    report.published_by = user
    report._history_user = user  # type: ignore[attr-defined]
    report._change_reason = _("Published")  # type: ignore[attr-defined]
    report.save()
    return report


@in_organisation_language
@transaction.atomic
def report_unpublish(*, report: FollowUpReport, user: User) -> FollowUpReport:
    """Take the summary off the public site (the history keeps that it was published)."""
    report = FollowUpReport.objects.select_for_update().get(pk=report.pk)
    report.published = False
    report._history_user = user  # type: ignore[attr-defined]
    report._change_reason = _("Publication withdrawn")  # type: ignore[attr-defined]
    report.save()
    return report


@in_organisation_language
@transaction.atomic
def partner_view_record(*, report: FollowUpReport, text: str) -> FollowUpReport:
    """The provider's view of the cooperation, written by the provider itself through
    the link it was sent; possible until the report is submitted."""
    report = _open_report(report)
    if not text.strip():
        raise ValidationError({"text": _("Write your view of the cooperation.")})
    text = _paragraphs(text)
    if report.partner_view and report.partner_view_received_on is None:
        # The manager had written the provider's view down (from a meeting, say); keep it
        # after the provider's own words rather than lose it.
        text += "\n\n" + _("Noted earlier by the kommun:") + "\n" + report.partner_view
    report.partner_view = text
    report.partner_view_received_on = timezone.localdate()
    report._change_reason = _("The provider's view received")  # type: ignore[attr-defined]
    report.save()
    return report


PARTNER_VIEW_EMAIL = "followup_partner_view"


@transaction.atomic
def partner_link_issue(*, report: FollowUpReport, user: User | None, to: str = "") -> SecretLink:
    """A new secret link to the provider's page for its view of the report (to give the
    provider another way than by e-mail, when `to` is empty)."""
    report = _open_report(report)
    return links.link_issue(
        kind=SecretLink.Kind.PARTNER_VIEW, object_id=report.pk, issued_by=user, issued_to=to
    )


@transaction.atomic
def partner_link_revoke(*, link: SecretLink, user: User) -> SecretLink:
    """Revoke one link to the provider's page; any other link sent keeps working."""
    return links.link_revoke(link=link, user=user)


@in_organisation_language
@transaction.atomic
def partner_link_send(
    *, report: FollowUpReport, to: str, user: User | None = None
) -> list[OutgoingEmail]:
    """Queue the e-mail with a new link to the provider's page for its view to `to`; it
    goes out once the transaction commits. Each sending is a link of its own, which can
    be revoked on its own. Sent again to the same address the same day, nothing new is
    queued nor issued (a double click mails the provider once); the returned list is
    then empty."""
    link = partner_link_issue(report=report, user=user, to=to)
    contract = report.contract
    manager = contract.contract_manager
    organisation = organisation_for_pages()
    subject, body = email_render(
        PARTNER_VIEW_EMAIL,
        {
            "organisation": organisation.name if organisation else settings.INSYN_SITE_NAME,
            "number": contract.number,
            "title": contract.title,
            "year": str(report.year),
            "link": links.link_url(link),
            "manager": (manager.get_full_name() or manager.username) if manager else "",
            "manager_email": manager.email if manager else "",
        },
    )
    queued = email_queue(
        event=f"followup:partner-link:{report.pk}:{timezone.localdate().isoformat()}",
        to=[to],
        subject=subject,
        body=body,
        reply_to=manager.email if manager and manager.email else "",
        case=contract.case,
    )
    if not queued:
        # Not sent: the link would open the page for no one.
        link.delete()
    return queued


@transaction.atomic
def calendar_feed_issue(*, user: User) -> SecretLink:
    """A new link to the person's own calendar feed."""
    return links.link_issue(kind=SecretLink.Kind.CALENDAR_FEED, object_id=user.pk, issued_by=user)


@transaction.atomic
def calendar_feed_revoke(*, link: SecretLink, user: User) -> SecretLink:
    """Revoke one of the person's own calendar feed links."""
    if link.kind != SecretLink.Kind.CALENDAR_FEED or link.object_id != user.pk:
        raise ValidationError(_("Only your own calendar feed can be revoked here."))
    return links.link_revoke(link=link, user=user)


def _cycle_event_check(
    *, year: int, kind: str, title: str, starts_on: datetime.date, ends_on: datetime.date
) -> None:
    errors: dict[str, str] = {}
    if kind not in CycleEvent.Kind.values:
        errors["kind"] = _("Choose the kind of step.")
    if not title.strip():
        errors["title"] = _("Give the step a title.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The step cannot end before it starts.")
    if starts_on.year != year and ends_on.year != year:
        errors["starts_on"] = _("The step must fall in the year %(year)s.") % {"year": year}
    if errors:
        raise ValidationError(errors)


@in_organisation_language
@transaction.atomic
def cycle_event_create(
    *,
    year: int,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    board: Board | None = None,
    description: str = "",
    user: User | None = None,
    reason: str = "",
) -> CycleEvent:
    """A dated step of the annual cycle; `board` None for the whole organisation."""
    _cycle_event_check(year=year, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on)
    event = CycleEvent(
        year=year,
        board=board,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _audit(event, user=user, reason=reason or _("Step added"))
    event.save()
    return event


@in_organisation_language
@transaction.atomic
def cycle_event_update(
    *,
    event: CycleEvent,
    kind: str,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    user: User | None = None,
    reason: str = "",
) -> CycleEvent:
    """Change a step; `reason`, if the person gave one, is kept in its history."""
    _cycle_event_check(
        year=event.year, kind=kind, title=title, starts_on=starts_on, ends_on=ends_on
    )
    event.kind = kind
    event.title = title.strip()
    event.description = description.strip()
    event.starts_on = starts_on
    event.ends_on = ends_on
    _audit(event, user=user, reason=reason or _("Step changed"))
    event.save()
    return event


@in_organisation_language
@transaction.atomic
def cycle_event_delete(*, event: CycleEvent, user: User | None = None) -> None:
    _audit(event, user=user, reason=_("Step removed"))
    event.delete()


def _same_day(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a year without one
        return day.replace(year=day.year + years, day=28)


@in_organisation_language
@transaction.atomic
def cycle_copy_year(
    *, from_year: int, to_year: int, board: Board | None, user: User | None = None
) -> list[CycleEvent]:
    """Copy the board's steps (`board` None: those of the whole organisation) of one year
    into another, on the same day and month, so each December's planning starts from last
    year's cycle. A step already there (the same kind and title) is skipped, so copying
    twice adds nothing. Returns the new steps."""
    if from_year == to_year:
        raise ValidationError({"year": _("Copy the steps from another year.")})
    years = to_year - from_year
    there = set(CycleEvent.objects.filter(year=to_year, board=board).values_list("kind", "title"))
    copies = []
    for event in CycleEvent.objects.filter(year=from_year, board=board).order_by("starts_on", "id"):
        if (event.kind, event.title) in there:
            continue
        copies.append(
            cycle_event_create(
                year=to_year,
                board=board,
                kind=event.kind,
                title=event.title,
                description=event.description,
                starts_on=_same_day(event.starts_on, years),
                ends_on=_same_day(event.ends_on, years),
                user=user,
                reason=_("Copied from %(year)s") % {"year": from_year},
            )
        )
        there.add((event.kind, event.title))
    return copies
