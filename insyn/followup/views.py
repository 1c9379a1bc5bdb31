"""Staff pages of the yearly follow-up: the overview per board and year, a board's plan
(drafted, decided, then locked) and the report per contract and year, with one small form
per action.

Who may open each URL is the table in insyn/access.py (the decorators read it); the views
then narrow to the board or the contract with the selectors' user_can_* checks. As on the
challenge and contract pages, someone who may use a URL but not on this plan or report
(a secretary of another board, the manager of another contract) is answered 403 with a
page that says why and leads back; a change the plan or report is not open for sends one
back to the page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.core.forms import add_service_errors
from insyn.core.models import User
from insyn.core.permissions import Refused, access_required
from insyn.followup import forms as followup_forms
from insyn.followup import selectors, services
from insyn.followup.models import FollowUpPlan, FollowUpReport
from insyn.registry.models import Document

INVALID = 422  # a form with errors is re-rendered with what was typed, and this status


def _for(name: str):
    return access_required(f"followup:{name}")


def _staff(request: HttpRequest) -> User:
    """The signed-in user; only called behind role_required."""
    return cast(User, request.user)


def _anchored(response: HttpResponse, anchor: str) -> HttpResponse:
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    if followup_forms.MIN_YEAR <= year <= followup_forms.MAX_YEAR:
        return year
    return timezone.localdate().year


# --- The overview ---------------------------------------------------------------------


@_for("overview")
def overview(request: HttpRequest) -> HttpResponse:
    form = followup_forms.OverviewFilterForm(request.GET or None)
    year, board = timezone.localdate().year, None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        board = form.cleaned_data["board"]
    rows = selectors.overview(year=year, board=board)
    user = request.user
    return render(
        request,
        "followup/overview.html",
        {
            "form": form,
            "year": year,
            "rows": rows,
            "can_plan": {row.board.pk: selectors.user_can_plan(user, row.board) for row in rows},
            "can_report": bool(selectors.reportable_contracts(user).exists()),
        },
        status=INVALID if form.is_bound and not form.is_valid() else 200,
    )


# --- Plans ----------------------------------------------------------------------------


def _plan(plan_id: int) -> FollowUpPlan:
    plan = selectors.plan_get(plan_id)
    if plan is None:
        raise Http404
    return plan


def _back_to_plan(plan: FollowUpPlan, anchor: str = "") -> HttpResponse:
    return _anchored(redirect("followup:plan_detail", plan_id=plan.pk), anchor)


def _refuse_plan(request: HttpRequest, plan: FollowUpPlan, text: str) -> HttpResponse:
    messages.error(request, text)
    return _back_to_plan(plan)


def _forbid_plan(request: HttpRequest, plan: FollowUpPlan, text: str) -> NoReturn:
    """A refusal for lack of rights: 403 with the reason (not a redirect and a message)."""
    raise Refused(text, back_url=_back_to_plan(plan)["Location"])


def _locked(request: HttpRequest, plan: FollowUpPlan) -> HttpResponse:
    return _refuse_plan(request, plan, _("The plan is decided and locked; it cannot change."))


@_for("plan_create")
def plan_create(request: HttpRequest) -> HttpResponse:
    boards = selectors.planner_boards(request.user)
    posted = request.method == "POST"
    initial = {}
    if not posted:
        # From the overview's link: the board and year to make a plan for.
        initial = {k: request.GET[k] for k in ("board", "year") if request.GET.get(k)}
    form = followup_forms.PlanCreateForm(
        request.POST if posted else None, boards=boards, initial=initial
    )
    if posted and form.is_valid():
        try:
            plan = services.plan_create(
                board=form.cleaned_data["board"], year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan is made. Add the contracts to follow up."))
            return _back_to_plan(plan)
    return render(
        request,
        "followup/plan_create.html",
        {"form": form, "boards": boards},
        status=INVALID if form.is_bound else 200,
    )


def _render_plan(
    request: HttpRequest,
    plan: FollowUpPlan,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    draft = not plan.is_locked
    can = {
        "edit": draft and selectors.user_can_plan(user, plan.board),
        "decide": draft and selectors.user_can_decide(user, plan.board),
    }
    page_forms: dict[str, forms.Form] = {
        "item": followup_forms.PlanItemForm(plan=plan, auto_id="item-%s"),
        "decide": followup_forms.PlanDecideForm(
            initial={"decided_on": timezone.localdate()}, auto_id="decide-%s"
        ),
    }
    if bound:
        page_forms.update(bound)
    items = selectors.plan_items(plan)
    for item in items:
        item.can_report = selectors.user_can_report(user, item.contract)  # type: ignore[attr-defined]
    return render(
        request,
        "followup/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "missing_strategic": selectors.strategic_not_in_plan(plan.board, plan),
            "can": can,
            "action_forms": page_forms,
            "histories": selectors.plan_history(plan),
        },
        status=status,
    )


@_for("plan_detail")
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _render_plan(request, _plan(plan_id))


@require_POST
@_for("plan_item_add")
def plan_item_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    if not selectors.user_can_plan(_staff(request), plan.board):
        return _forbid_plan(
            request,
            plan,
            _("Only the board's secretary or head of administration drafts its plan."),
        )
    if plan.is_locked:
        return _locked(request, plan)
    form = followup_forms.PlanItemForm(request.POST, plan=plan, auto_id="item-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_item_add(
                plan=plan,
                contract=data["contract"],
                method=data["method"],
                due_on=data["due_on"],
                responsible=data["responsible"],
                user=_staff(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contract is in the plan."))
            return _back_to_plan(plan, "items")
    return _render_plan(request, _plan(plan_id), bound={"item": form}, status=INVALID)


@require_POST
@_for("plan_item_remove")
def plan_item_remove(request: HttpRequest, plan_id: int, plan_item_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    item = plan.items.filter(pk=plan_item_id).first()
    if item is None:
        raise Http404
    if not selectors.user_can_plan(_staff(request), plan.board):
        return _forbid_plan(
            request,
            plan,
            _("Only the board's secretary or head of administration drafts its plan."),
        )
    if plan.is_locked:
        return _locked(request, plan)
    if item.reports.exists():
        # The report points at the item (PROTECT); the plan says what was followed up.
        return _refuse_plan(
            request, plan, _("A report is written for this contract; it stays in the plan.")
        )
    try:
        services.plan_item_remove(item=item, user=_staff(request))
    except ValidationError as error:
        return _refuse_plan(request, plan, " ".join(error.messages))
    messages.success(request, _("The contract is taken out of the plan."))
    return _back_to_plan(plan, "items")


@require_POST
@_for("plan_decide")
def plan_decide(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    if not selectors.user_can_decide(_staff(request), plan.board):
        return _forbid_plan(request, plan, _("Only the board's secretary records its decision."))
    if plan.is_locked:
        return _locked(request, plan)
    form = followup_forms.PlanDecideForm(request.POST, auto_id="decide-%s")
    if form.is_valid():
        try:
            services.plan_decide(
                plan=plan,
                decided_on=form.cleaned_data["decided_on"],
                paragraph=form.cleaned_data["paragraph"],
                user=_staff(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded; the plan is locked."))
            return _back_to_plan(plan)
    return _render_plan(request, _plan(plan_id), bound={"decide": form}, status=INVALID)


# --- Reports --------------------------------------------------------------------------


def _report(report_id: int) -> FollowUpReport:
    report = selectors.report_get(report_id)
    if report is None:
        raise Http404
    return report


def _back_to_report(report: FollowUpReport, anchor: str = "") -> HttpResponse:
    return _anchored(redirect("followup:report_detail", report_id=report.pk), anchor)


def _refuse_report(request: HttpRequest, report: FollowUpReport, text: str) -> HttpResponse:
    messages.error(request, text)
    return _back_to_report(report)


def _not_yours(request: HttpRequest, report: FollowUpReport) -> NoReturn:
    """A refusal for lack of rights: 403 with the reason (not a redirect and a message)."""
    raise Refused(
        back_url=_back_to_report(report)["Location"],
        message=_(
            "Only the contract's manager or the head of its administration writes its report."
        ),
    )


def _submitted(request: HttpRequest, report: FollowUpReport) -> HttpResponse:
    return _refuse_report(
        request, report, _("The report is submitted; only the action plan's status changes now.")
    )


@_for("report_create")
def report_create(request: HttpRequest) -> HttpResponse:
    contracts = selectors.reportable_contracts(request.user)
    posted = request.method == "POST"
    initial = {}
    if not posted:
        # From a plan item or the overview: the contract and year to report on.
        initial = {k: request.GET[k] for k in ("contract", "year") if request.GET.get(k)}
    form = followup_forms.ReportCreateForm(
        request.POST if posted else None, contracts=contracts, initial=initial
    )
    if posted and form.is_valid():
        contract, year = form.cleaned_data["contract"], form.cleaned_data["year"]
        try:
            report = services.report_create(
                contract=contract,
                year=year,
                plan_item=selectors.plan_item_for(contract, year),
                user=_staff(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The report is started."))
            return _back_to_report(report)
    return render(
        request,
        "followup/report_create.html",
        {"form": form, "has_contracts": contracts.exists()},
        status=INVALID if form.is_bound else 200,
    )


def _render_report(
    request: HttpRequest,
    report: FollowUpReport,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_draft = report.status == FollowUpReport.Status.DRAFT
    reporter = selectors.user_can_report(user, report.contract)
    can = {
        "write": is_draft and reporter,
        "status": reporter,
        "publish": reporter and report.status == FollowUpReport.Status.SUBMITTED,
    }
    bound = bound or {}
    rows = []
    for requirement, assessment in selectors.report_assessments(report):
        form = bound.get("assessment", {}).get(requirement.pk)
        if form is None and can["write"]:
            initial: dict[str, Any] = {"requirement": requirement.pk}
            if assessment is not None:
                initial |= {
                    "result": assessment.result,
                    "comment": assessment.comment,
                    "evidence": [d.pk for d in assessment.evidence.all()],
                }
            form = followup_forms.AssessmentForm(
                report=report,
                user=user,
                changing=assessment is not None,
                initial=initial,
                auto_id=f"assessment-{requirement.pk}-%s",
            )
        evidence = (
            [selectors.evidence_as_seen_by(user, d) for d in assessment.evidence.all()]
            if assessment is not None
            else []
        )
        rows.append(
            {
                "requirement": requirement,
                "assessment": assessment,
                "form": form,
                "evidence": evidence,
            }
        )
    measures = selectors.report_measures(report)
    status_forms = bound.get("status", {})
    page_forms: dict[str, forms.Form] = {
        "deficiency": followup_forms.DeficiencyForm(report=report, auto_id="deficiency-%s"),
        "measure": followup_forms.MeasureForm(
            report=report,
            auto_id="measure-%s",
            initial={"responsible": _name(report.contract.contract_manager)},
        ),
        "texts": followup_forms.ReportTextForm(
            report=report,
            auto_id="texts-%s",
            initial={
                "goal_effect": report.goal_effect,
                "goals": [g.pk for g in report.goals.all()],
                "partner_view": report.partner_view,
                "summary": report.summary,
            },
        ),
    }
    if can["publish"]:
        page_forms["publish"] = followup_forms.PublishForm(
            auto_id="publish-%s", initial={"public_summary": report.public_summary}
        )
    elif can["write"]:
        party = report.contract.provider_party
        page_forms["partner_link"] = followup_forms.PartnerLinkForm(
            auto_id="partner-%s", initial={"email": party.email if party else ""}
        )
    page_forms.update({k: v for k, v in bound.items() if k not in ("assessment", "status")})
    return render(
        request,
        "followup/report_detail.html",
        {
            "report": report,
            "contract": report.contract,
            "rows": rows,
            "deficiencies": selectors.report_deficiencies(report),
            "measures": [
                (
                    m,
                    status_forms.get(m.pk)
                    or followup_forms.MeasureStatusForm(
                        initial={"status": m.status}, auto_id=f"status-{m.pk}-%s"
                    ),
                )
                for m in measures
            ],
            "goals": list(report.goals.select_related("board")),
            "can": can,
            "action_forms": page_forms,
            "submit_errors": bound.get("submit_errors", []),
            # What the public sees next to the summary (the counts), published or not yet.
            "public": selectors.report_public_summary(report),
            # The links issued to the provider's page: whom to, their use, to revoke them
            # (and a valid one to give again another way).
            "partner_links": selectors.partner_links(report) if reporter else [],
            "today": timezone.localdate(),
            "histories": selectors.report_history(report),
        },
        status=status,
    )


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


@_for("report_detail")
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _render_report(request, _report(report_id))


def _report_action(
    request: HttpRequest,
    report_id: int,
    *,
    key: str,
    make_form: Callable[..., forms.Form],
    act: Callable[[FollowUpReport, dict, User], object],
    success: str,
) -> HttpResponse:
    """The shape of the forms on a draft report: check who and whether it is still a
    draft, parse, call the service, back to the page with a message; or the page again
    with the form's errors (422)."""
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours(request, report)
    if report.status != FollowUpReport.Status.DRAFT:
        return _submitted(request, report)
    form = make_form(request.POST, request.FILES, report=report, auto_id=f"{key}-%s")
    if form.is_valid():
        try:
            act(report, form.cleaned_data, user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return _back_to_report(report, key)
    return _render_report(request, _report(report_id), bound={key: form}, status=INVALID)


@require_POST
@_for("assessment")
def assessment(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours(request, report)
    if report.status != FollowUpReport.Status.DRAFT:
        return _submitted(request, report)
    raw = request.POST.get("requirement", "")
    requirement = (
        selectors.essential_requirements(report.contract).filter(pk=int(raw)).first()
        if raw.isdigit()
        else None
    )
    if requirement is None:
        # Not one of this contract's essential requirements (a stale page or a forged id).
        messages.error(request, _("Choose one of the contract's essential requirements."))
        return _render_report(request, report, status=INVALID)
    form = followup_forms.AssessmentForm(
        request.POST,
        request.FILES,
        report=report,
        user=user,
        changing=report.assessments.filter(requirement=requirement).exists(),
        auto_id=f"assessment-{requirement.pk}-%s",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            # Both or neither: a refused assessment leaves no registered document behind
            # (registered documents are never deleted).
            with transaction.atomic():
                evidence = list(data.get("evidence") or [])
                if data.get("upload"):
                    evidence.append(
                        services.evidence_register(
                            report=report,
                            requirement=requirement,
                            files=data["upload"],
                            user=user,
                            secrecy=data.get("secrecy") or Document.Secrecy.PUBLIC,
                            secrecy_ground=data.get("secrecy_ground"),
                            mask_description=bool(data.get("mask_description")),
                            contains_personal_data=not data.get("files_public"),
                        )
                    )
                services.assessment_record(
                    report=report,
                    requirement=requirement,
                    result=data["result"],
                    comment=data["comment"],
                    evidence=evidence if form.has_case else None,
                    user=user,
                    reason=data.get("reason") or "",
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The assessment is recorded."))
            return _back_to_report(report, f"requirement-{requirement.pk}")
    return _render_report(
        request,
        _report(report_id),
        bound={"assessment": {requirement.pk: form}},
        status=INVALID,
    )


@require_POST
@_for("deficiency")
def deficiency(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_action(
        request,
        report_id,
        key="deficiency",
        make_form=followup_forms.DeficiencyForm,
        act=lambda r, d, u: services.deficiency_add(
            report=r, description=d["description"], requirement=d["requirement"], user=u
        ),
        success=_("The deficiency is recorded."),
    )


@require_POST
@_for("measure")
def measure(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_action(
        request,
        report_id,
        key="measure",
        make_form=followup_forms.MeasureForm,
        act=lambda r, d, u: services.measure_add(
            report=r,
            description=d["description"],
            responsible=d["responsible"],
            due_on=d["due_on"],
            deficiency=d["deficiency"],
            user=u,
        ),
        success=_("The measure is in the action plan."),
    )


def _describe(report: FollowUpReport, data: dict, user: User) -> None:
    services.report_describe(
        user=user,
        report=report,
        goal_effect=data["goal_effect"],
        goals=list(data.get("goals") or []),
        partner_view=data["partner_view"],
        summary=data["summary"],
    )


@require_POST
@_for("report_submit")
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report's texts, saved ("save") or saved and the report submitted ("submit")."""
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours(request, report)
    if report.status != FollowUpReport.Status.DRAFT:
        return _submitted(request, report)
    action = request.POST.get("action")
    if action not in ("save", "submit"):
        return _refuse_report(request, report, _("Save the texts or submit the report."))
    form = followup_forms.ReportTextForm(request.POST, report=report, auto_id="texts-%s")
    if form.is_valid():
        try:
            # The texts are kept even when the report cannot be submitted yet: nothing
            # typed is lost, and the page says what is missing.
            _describe(report, form.cleaned_data, user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if action == "save":
                messages.success(request, _("The texts are saved."))
                return _back_to_report(report, "texts")
            try:
                services.report_submit(report=report, user=user)
            except ValidationError as error:
                return _render_report(
                    request,
                    _report(report_id),
                    bound={"texts": form, "submit_errors": error.messages},
                    status=INVALID,
                )
            messages.success(request, _("The report is submitted."))
            return _back_to_report(report)
    return _render_report(request, _report(report_id), bound={"texts": form}, status=INVALID)


@require_POST
@_for("measure_status")
def measure_status(request: HttpRequest, measure_id: int) -> HttpResponse:
    """The action plan goes on after the report is submitted: its status always changes."""
    found = selectors.measure_get(measure_id)
    if found is None:
        raise Http404
    report = _report(found.report_id)
    if not selectors.user_can_report(_staff(request), report.contract):
        return _not_yours(request, report)
    form = followup_forms.MeasureStatusForm(request.POST, auto_id=f"status-{found.pk}-%s")
    if form.is_valid():
        try:
            services.measure_set_status(
                measure=found, status=form.cleaned_data["status"], user=_staff(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The measure's status is changed."))
            return _back_to_report(report, "measures")
    return _render_report(request, report, bound={"status": {found.pk: form}}, status=INVALID)


# --- Publishing and the provider's own view --------------------------------------------


def _not_yours_to_publish(request: HttpRequest, report: FollowUpReport) -> NoReturn:
    raise Refused(
        back_url=_back_to_report(report)["Location"],
        message=_(
            "Only the contract's manager or the head of its administration publishes its follow-up."
        ),
    )


@require_POST
@_for("report_publish")
def report_publish(request: HttpRequest, report_id: int) -> HttpResponse:
    """Publish (or publish again, with a new text) the report's summary on the provider's
    public page."""
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours_to_publish(request, report)
    if report.status != FollowUpReport.Status.SUBMITTED:
        return _refuse_report(request, report, _("Only a submitted report can be published."))
    form = followup_forms.PublishForm(request.POST, auto_id="publish-%s")
    if form.is_valid():
        try:
            services.report_publish(
                report=report, public_summary=form.cleaned_data["public_summary"], user=user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The summary is published on the provider's page."))
            return _back_to_report(report, "publication")
    return _render_report(request, _report(report_id), bound={"publish": form}, status=INVALID)


@require_POST
@_for("report_unpublish")
def report_unpublish(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours_to_publish(request, report)
    if not report.published:
        return _refuse_report(request, report, _("The summary is not published."))
    services.report_unpublish(report=report, user=user)
    messages.success(request, _("The publication is withdrawn; the public no longer sees it."))
    return _back_to_report(report, "publication")


@require_POST
@_for("partner_link")
def partner_link(request: HttpRequest, report_id: int) -> HttpResponse:
    """E-mail the provider the secret link to its page for its view of the cooperation."""
    report = _report(report_id)
    if not selectors.user_can_report(_staff(request), report.contract):
        return _not_yours(request, report)
    if report.status != FollowUpReport.Status.DRAFT:
        return _submitted(request, report)
    form = followup_forms.PartnerLinkForm(request.POST, auto_id="partner-%s")
    if form.is_valid():
        email = form.cleaned_data["email"]
        if services.partner_link_send(report=report, to=email, user=_staff(request)):
            messages.success(request, _("The link is sent to %(email)s.") % {"email": email})
        else:
            messages.info(
                request,
                _("The link was already sent to %(email)s today; it is not sent again.")
                % {"email": email},
            )
        return _back_to_report(report, "partner")
    return _render_report(request, _report(report_id), bound={"partner_link": form}, status=INVALID)


@require_POST
@_for("partner_link_create")
def partner_link_create(request: HttpRequest, report_id: int) -> HttpResponse:
    """A new link to the provider's page, to give it another way than by e-mail."""
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours(request, report)
    if report.status != FollowUpReport.Status.DRAFT:
        return _submitted(request, report)
    services.partner_link_issue(report=report, user=user)
    messages.success(request, _("A new link is made; copy it below and give it to the provider."))
    return _back_to_report(report, "partner-links")


@require_POST
@_for("partner_link_revoke")
def partner_link_revoke(request: HttpRequest, report_id: int, link_id: int) -> HttpResponse:
    """Revoke one link to the provider's page (the report's own manager or head)."""
    report = _report(report_id)
    user = _staff(request)
    if not selectors.user_can_report(user, report.contract):
        return _not_yours(request, report)
    link = selectors.partner_link_get(report, link_id)
    if link is None:
        raise Http404
    services.partner_link_revoke(link=link, user=user)
    messages.success(request, _("The link is revoked: it no longer opens the provider's page."))
    return _back_to_report(report, "partner-links")
