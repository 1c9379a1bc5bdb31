"""Staff pages of procurement: the procurement plan, and a procurement from its plan to
its contract, one small form per step on the procurement's page.

Who may open each URL is the table in insyn/access.py (the decorators read it); the views
then narrow every change to those who run the procurement (selectors.user_can_manage:
the procurement officers of its boards, its responsible officer, administrators). As on
the contract pages, someone who may use a URL but not on this procurement is answered
403 with a page that says why and leads back to the procurement; a step the procurement
is not ready for sends one back to its page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.contracts import forms as contract_forms
from insyn.contracts import services as contract_services
from insyn.core.forms import add_service_errors
from insyn.core.models import User
from insyn.core.permissions import Refused, access_required
from insyn.procurement import forms as procurement_forms
from insyn.procurement import selectors, services, thresholds
from insyn.procurement.models import Procurement, Tender
from insyn.registry import selectors as registry_selectors

INVALID = 422  # a form with errors is re-rendered with what was typed, and this status
Status = Procurement.Status


def _for(name: str):
    return access_required(f"procurement:{name}")


def _staff(request: HttpRequest) -> User:
    """The signed-in user; only called behind role_required."""
    return cast(User, request.user)


def _procurement(procurement_id: int) -> Procurement:
    procurement = selectors.procurement_get(procurement_id)
    if procurement is None:
        raise Http404
    return procurement


def _tender(procurement: Procurement, tender_id: int) -> Tender:
    tender = selectors.tender_get(procurement, tender_id)
    if tender is None:
        raise Http404
    return tender


def _back(procurement: Procurement, anchor: str = "") -> HttpResponse:
    response = redirect("procurement:detail", procurement_id=procurement.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _refuse(request: HttpRequest, procurement: Procurement, text: str) -> HttpResponse:
    messages.error(request, text)
    return _back(procurement)


def _not_yours(request: HttpRequest, procurement: Procurement) -> NoReturn:
    raise Refused(
        _("Only the procurement officers of the procurement's boards can do this."),
        back_url=_back(procurement)["Location"],
    )


def _text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The plan -----------------------------------------------------------------------------


@_for("list")
def procurement_list(request: HttpRequest) -> HttpResponse:
    form = procurement_forms.ProcurementFilterForm(request.GET or None)
    filters = selectors.ProcurementFilters()
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        data = form.cleaned_data
        filters = selectors.ProcurementFilters(
            year=data["year"],
            status=data["status"],
            board=data["board"],
            procedure=data["procedure"],
        )
    procurements = selectors.procurements_find(filters=filters) if valid else []
    return render(
        request,
        "procurement/list.html",
        {
            "form": form,
            "procurements": procurements,
            "can_plan": selectors.user_can_plan(request.user),
        },
        status=200 if valid else INVALID,
    )


def _save_plan(
    form: procurement_forms.ProcurementForm, save: Callable[[dict[str, Any]], Procurement]
) -> Procurement | None:
    """Save, or put the service's errors on the form. (The form offers only the boards the
    user plans for.)"""
    try:
        return save(form.service_data())
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def _render_form(
    request: HttpRequest,
    form: procurement_forms.ProcurementForm,
    procurement: Procurement | None = None,
) -> HttpResponse:
    return render(
        request,
        "procurement/form.html",
        {
            "form": form,
            "procurement": procurement,
            # What the saved plan's procedure and value do not fit (a warning here; the
            # procurement cannot start until it is fixed).
            "problems": thresholds.procurement_problems(procurement) if procurement else [],
            "thresholds": thresholds.thresholds_on(),
        },
        status=INVALID if form.is_bound else 200,
    )


def _warn_if_unlawful(request: HttpRequest, procurement: Procurement) -> None:
    for problem in thresholds.procurement_problems(procurement):
        messages.warning(request, problem)


@_for("create")
def procurement_create(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    posted = request.method == "POST"
    initial: dict[str, Any] = {"plan_year": timezone.localdate().year + 1}
    if selectors.procurement_officers().filter(pk=user.pk).exists():
        initial["responsible"] = user.pk
    form = procurement_forms.ProcurementForm(
        request.POST if posted else None, initial=initial, user=user
    )
    if posted and form.is_valid():
        procurement = _save_plan(form, lambda data: services.procurement_plan(user=user, **data))
        if procurement is not None:
            messages.success(
                request,
                _("%(title)s is in the procurement plan.") % {"title": procurement.title},
            )
            _warn_if_unlawful(request, procurement)
            return _back(procurement)
    return _render_form(request, form)


def _initial(procurement: Procurement) -> dict[str, Any]:
    return {
        "title": procurement.title,
        "description": procurement.description,
        "procedure": procurement.procedure,
        "category": procurement.category,
        "reserved": procurement.reserved,
        "estimated_value": procurement.estimated_value,
        "cpv_code": procurement.cpv_code,
        "board": procurement.board_id,
        "other_boards": [b.pk for b in procurement.other_boards.all()],
        "unit": procurement.unit_id,
        "responsible": procurement.responsible_id,
        "plan_year": procurement.plan_year,
        "plan_quarter": procurement.plan_quarter,
    }


@_for("edit")
def procurement_edit(request: HttpRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(procurement_id)
    user = _staff(request)
    if not selectors.user_can_manage(user, procurement):
        return _not_yours(request, procurement)
    if procurement.status != Status.PLANNED:
        return _refuse(request, procurement, _("Only a planned procurement can be changed."))
    posted = request.method == "POST"
    form = procurement_forms.ProcurementForm(
        request.POST if posted else None,
        initial=_initial(procurement),
        user=user,
        procurement=procurement,
    )
    if posted and form.is_valid():
        saved = _save_plan(
            form,
            lambda data: services.procurement_edit(procurement=procurement, user=user, **data),
        )
        if saved is not None:
            messages.success(request, _("The procurement is changed."))
            _warn_if_unlawful(request, saved)
            return _back(saved)
    return _render_form(request, form, procurement)


# --- The procurement's page -----------------------------------------------------------------


def _permissions(user: User, procurement: Procurement, has_tenders: bool) -> dict[str, bool]:
    manage = selectors.user_can_manage(user, procurement)
    status = procurement.status
    running = status in services.TAKES_TENDERS
    return {
        "manage": manage,
        "edit": manage and status == Status.PLANNED,
        "followup": manage and status == Status.PLANNED,
        "start": manage and status == Status.PLANNED,
        # As services.criteria_set: the tenderers wrote against the announced criteria.
        "criteria": manage and (running or status == Status.PLANNED) and not has_tenders,
        "tender": manage and running,
        "award": manage and running,
        "contract": manage and status == Status.AWARDED and _may_sign_now(procurement),
        "review": manage
        and status == Status.AWARDED
        and procurement.review != Procurement.Review.PENDING,
        "review_decide": manage and procurement.review == Procurement.Review.PENDING,
        # OSL 19 kap. 3 § ends with the award, or when a procurement is cancelled.
        "secrecy": manage
        and (
            (procurement.awarded_on is not None and status != Status.CANCELLED)
            or (status == Status.CANCELLED and procurement.cancelled_on is not None)
        ),
        "cancel": manage and status not in (Status.CONTRACT_SIGNED, Status.CANCELLED),
    }


def _may_sign_now(procurement: Procurement) -> bool:
    try:
        services.contract_signing_check(procurement, signed_on=timezone.localdate())
    except ValidationError:
        return False
    return True


def _signing_refusal(procurement: Procurement) -> str:
    """Why the contract cannot be signed today, or ""."""
    if procurement.status != Status.AWARDED:
        return ""
    try:
        services.contract_signing_check(procurement, signed_on=timezone.localdate())
    except ValidationError as error:
        return _text(error)
    return ""


def _criteria_initial(procurement: Procurement) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "kind": c.kind, "weight": c.weight}
        for c in selectors.criteria_of(procurement)
    ]


def _empty_forms(procurement: Procurement) -> dict[str, Any]:
    return {
        "followup": procurement_forms.FollowupForm(
            initial={"approach": procurement.followup_approach}, auto_id="followup-%s"
        ),
        "criteria": procurement_forms.criteria_formset(initial=_criteria_initial(procurement)),
        "tender": procurement_forms.TenderForm(
            initial={"received_on": timezone.localdate()}, auto_id="tender-%s"
        ),
        "award": procurement_forms.AwardForm(procurement=procurement, auto_id="award-%s"),
        "review": procurement_forms.ReviewForm(
            initial={"filed_on": timezone.localdate()}, auto_id="review-%s"
        ),
        "review_decide": procurement_forms.ReviewDecisionForm(
            initial={"decided_on": timezone.localdate()}, auto_id="decision-%s"
        ),
        "cancel": procurement_forms.CancelForm(auto_id="cancel-%s"),
    }


def _render_detail(
    request: HttpRequest,
    procurement: Procurement,
    *,
    bound: dict[str, Any] | None = None,
    criteria_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _staff(request)
    rows = selectors.tender_rows(procurement)
    can = _permissions(user, procurement, has_tenders=bool(rows))
    page_forms = _empty_forms(procurement)
    if bound:
        page_forms.update(bound)
    documents = []
    if procurement.case_id is not None:
        # Who sent a secret document (a tender) is shown only to those who run the
        # procurement, as the tenders are.
        documents = [
            (d, d.secrecy == "public" or can["manage"])
            for d in registry_selectors.case_documents(procurement.case)  # type: ignore[arg-type]
        ]
    criteria_formset = page_forms["criteria"]
    return render(
        request,
        "procurement/detail.html",
        {
            "p": procurement,
            "can": can,
            "challenge": selectors.procurement_challenge(procurement),
            "contract": selectors.procurement_contract(procurement),
            "documents": documents,
            "criteria": selectors.criteria_of(procurement),
            # Tenderers, prices and scores are secret until the award (OSL 19:3): only
            # those who run the procurement see them; others see how many there are.
            "tender_rows": rows if can["manage"] else [],
            "tender_count": len(rows),
            "qualified_count": sum(1 for row in rows if not row.tender.disqualified),
            "action_forms": page_forms,
            "criteria_errors": [
                *(criteria_formset.non_form_errors() if criteria_formset.is_bound else []),
                *(criteria_errors or []),
            ],
            "today": timezone.localdate(),
            "problems": thresholds.procurement_problems(procurement)
            if procurement.status in (Status.PLANNED, Status.ADVERTISED, Status.EVALUATION)
            else [],
            "signing_refusal": _signing_refusal(procurement),
            "allowed_from": procurement.contract_allowed_from(),
            # The history of criteria, scores and tenders: for those who run it only, as
            # the scores and tenderers are secret until the award.
            "evaluation_history": selectors.evaluation_history(procurement)
            if can["manage"]
            else [],
        },
        status=status,
    )


@_for("detail")
def procurement_detail(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _render_detail(request, _procurement(procurement_id))


def _form_action(
    request: HttpRequest,
    procurement_id: int,
    *,
    key: str,
    make_form: Callable[..., forms.Form],
    act: Callable[[Procurement, Any, User], Any],
    success: Callable[[Any], str],
    anchor: str = "",
    renamed: dict[str, str] | None = None,
) -> HttpResponse:
    """The shape of every form on the procurement page: check who, parse, call the
    service, back to the page with a message; or the page again with the form's errors
    (422)."""
    procurement = _procurement(procurement_id)
    user = _staff(request)
    if not selectors.user_can_manage(user, procurement):
        return _not_yours(request, procurement)
    form = make_form(procurement, request)
    if form.is_valid():
        try:
            result = act(procurement, form, user)
        except ValidationError as error:
            if hasattr(error, "error_dict") and renamed:
                error = ValidationError({renamed.get(k, k): v for k, v in error.error_dict.items()})
            add_service_errors(form, error)
        else:
            messages.success(request, success(result))
            return _back(procurement, anchor or key)
    procurement = _procurement(procurement_id)  # as it is now, not half-changed
    return _render_detail(request, procurement, bound={key: form}, status=INVALID)


@require_POST
@_for("followup")
def followup_record(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _form_action(
        request,
        procurement_id,
        key="followup",
        make_form=lambda p, r: procurement_forms.FollowupForm(r.POST, auto_id="followup-%s"),
        act=lambda p, f, u: services.procurement_followup_record(
            procurement=p, approach=f.cleaned_data["approach"], user=u
        ),
        success=lambda p: _("The follow-up of the coming contract is recorded."),
    )


@require_POST
@_for("start")
def procurement_start(request: HttpRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(procurement_id)
    user = _staff(request)
    if not selectors.user_can_manage(user, procurement):
        return _not_yours(request, procurement)
    if procurement.status == Status.PLANNED and not procurement.followup_approach:
        # Seed 004: how the contract will be followed up is settled before it starts.
        messages.error(
            request,
            _(
                "Record how the contract will be followed up before the procurement starts. "
                "Fill in the follow-up below, then start the procurement."
            ),
        )
        return _back(procurement, "followup")
    try:
        procurement = services.procurement_start(procurement=procurement, user=user)
    except ValidationError as error:
        return _refuse(request, procurement, _text(error))
    messages.success(
        request,
        _("The procurement is started; its documents go in case %(number)s.")
        % {"number": procurement.case.number},  # type: ignore[union-attr]
    )
    return _back(procurement)


@require_POST
@_for("criteria")
def criteria(request: HttpRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(procurement_id)
    user = _staff(request)
    if not selectors.user_can_manage(user, procurement):
        return _not_yours(request, procurement)
    formset = procurement_forms.criteria_formset(request.POST)
    errors: list[str] = []
    if formset.is_valid():
        try:
            services.criteria_set(
                procurement=procurement,
                user=user,
                criteria=[
                    services.Criterion(name, kind, weight) for name, kind, weight in formset.rows()
                ],
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The evaluation criteria are saved."))
            return _back(procurement, "criteria")
    procurement = _procurement(procurement_id)
    return _render_detail(
        request, procurement, bound={"criteria": formset}, criteria_errors=errors, status=INVALID
    )


@require_POST
@_for("tender_add")
def tender_add(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _form_action(
        request,
        procurement_id,
        key="tender",
        anchor="tenders",
        make_form=lambda p, r: procurement_forms.TenderForm(r.POST, r.FILES, auto_id="tender-%s"),
        act=lambda p, f, u: services.tender_register(
            procurement=p,
            tenderer_name=f.cleaned_data["tenderer_name"],
            tenderer_org_number=f.cleaned_data["tenderer_org_number"],
            tenderer_kind=f.cleaned_data["tenderer_kind"],
            received_on=f.cleaned_data["received_on"],
            price=f.cleaned_data["price"],
            files=f.cleaned_data["attachments"],
            user=u,
        ),
        success=lambda t: (
            _("The tender from %(name)s is registered as %(number)s.")
            % {"name": t.tenderer.name, "number": t.document.number}
        ),
        # party_resolve names the tenderer's fields as a party's.
        renamed={"org_number": "tenderer_org_number", "name": "tenderer_name"},
    )


# --- One tender: scores, or disqualified ------------------------------------------------------


def _render_tender(
    request: HttpRequest,
    procurement: Procurement,
    tender: Tender,
    *,
    score_form: procurement_forms.ScoreForm | None = None,
    disqualify_form: procurement_forms.DisqualifyForm | None = None,
    secrecy_form: procurement_forms.TenderSecrecyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    criteria = selectors.criteria_of(procurement)
    document = tender.document
    if secrecy_form is None:
        secrecy_form = procurement_forms.TenderSecrecyForm(
            initial={
                "secrecy": document.secrecy if document and tender.secrecy_reviewed_on else "",
                "secrecy_ground": document.secrecy_ground_id
                if document and tender.secrecy_reviewed_on
                else None,
                "mask_counterpart": document.mask_counterpart if document else False,
                "mask_description": document.mask_description if document else False,
            },
            auto_id="secrecy-%s",
        )
    if score_form is None:
        existing = {s.criterion_id: s for s in tender.scores.all()}
        initial: dict[str, Any] = {}
        for criterion in criteria:
            if criterion.pk in existing:
                initial[f"score_{criterion.pk}"] = existing[criterion.pk].score
                initial[f"comment_{criterion.pk}"] = existing[criterion.pk].comment
        score_form = procurement_forms.ScoreForm(
            criteria=criteria, initial=initial, auto_id="score-%s"
        )
    running = procurement.status in services.TAKES_TENDERS
    return render(
        request,
        "procurement/tender.html",
        {
            "p": procurement,
            "tender": tender,
            "total": services.tender_total(tender),
            "criteria": criteria,
            "score_form": score_form,
            "disqualify_form": disqualify_form
            or procurement_forms.DisqualifyForm(auto_id="disqualify-%s"),
            "can_score": running and bool(criteria) and not tender.disqualified,
            "can_disqualify": running and not tender.disqualified,
            "secrecy_form": secrecy_form,
            # OSL 19 kap. 3 § ends with the award: then the officer decides what stays
            # secret of each tender.
            "can_review_secrecy": document is not None
            and (
                (procurement.awarded_on is not None and procurement.status != Status.CANCELLED)
                or procurement.status == Status.CANCELLED
            ),
        },
        status=status,
    )


@_for("tender")
def tender_evaluate(request: HttpRequest, procurement_id: int, tender_id: int) -> HttpResponse:
    procurement = _procurement(procurement_id)
    tender = _tender(procurement, tender_id)
    user = _staff(request)
    if not selectors.user_can_manage(user, procurement):
        return _not_yours(request, procurement)
    if request.method != "POST":
        return _render_tender(request, procurement, tender)
    action = request.POST.get("action", "")
    if action == "secrecy":
        secrecy_form = procurement_forms.TenderSecrecyForm(request.POST, auto_id="secrecy-%s")
        if secrecy_form.is_valid():
            data = secrecy_form.cleaned_data
            try:
                services.tender_secrecy_review(
                    tender=tender,
                    secrecy=data["secrecy"],
                    secrecy_ground=data["secrecy_ground"],
                    mask_counterpart=data["mask_counterpart"],
                    mask_description=data["mask_description"],
                    reason=data["reason"],
                    user=user,
                )
            except ValidationError as error:
                add_service_errors(secrecy_form, error)
            else:
                messages.success(
                    request,
                    _("The secrecy of the tender from %(name)s is reviewed.")
                    % {"name": tender.tenderer.name},
                )
                return _back(procurement, "secrecy")
        tender = _tender(procurement, tender_id)
        return _render_tender(
            request, procurement, tender, secrecy_form=secrecy_form, status=INVALID
        )
    if action == "disqualify":
        disqualify_form = procurement_forms.DisqualifyForm(request.POST, auto_id="disqualify-%s")
        if disqualify_form.is_valid():
            try:
                services.tender_disqualify(
                    tender=tender, reason=disqualify_form.cleaned_data["reason"], user=user
                )
            except ValidationError as error:
                add_service_errors(disqualify_form, error)
            else:
                messages.success(
                    request,
                    _("The tender from %(name)s is disqualified.") % {"name": tender.tenderer.name},
                )
                return _back(procurement, "tenders")
        return _render_tender(
            request, procurement, tender, disqualify_form=disqualify_form, status=INVALID
        )
    if action != "score":
        messages.error(request, _("Score the tender or disqualify it."))
        return redirect("procurement:tender", procurement_id=procurement.pk, tender_id=tender.pk)
    score_form = procurement_forms.ScoreForm(
        request.POST, criteria=selectors.criteria_of(procurement), auto_id="score-%s"
    )
    if score_form.is_valid():
        try:
            services.tender_score(
                tender=tender,
                scores=score_form.scores(),
                comments=score_form.comments(),
                user=user,
            )
        except ValidationError as error:
            add_service_errors(score_form, error)
        else:
            messages.success(
                request,
                _("The scores of the tender from %(name)s are saved.")
                % {"name": tender.tenderer.name},
            )
            return _back(procurement, "tenders")
    return _render_tender(request, procurement, tender, score_form=score_form, status=INVALID)


# --- Award, contract, cancel ---------------------------------------------------------------


@require_POST
@_for("award")
def award(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _form_action(
        request,
        procurement_id,
        key="award",
        make_form=lambda p, r: procurement_forms.AwardForm(
            r.POST, procurement=p, auto_id="award-%s"
        ),
        act=lambda p, f, u: services.procurement_award(
            procurement=p,
            tender=f.cleaned_data["tender"],
            decided_on=f.cleaned_data["decided_on"],
            notice_sent_on=f.cleaned_data["notice_sent_on"],
            # Not chosen: electronically, as nearly every notice is sent.
            notice_electronic=f.cleaned_data["notice_electronic"] is not False,
            user=u,
        ),
        success=lambda document: _award_registered(document, procurement_id),
    )


def _award_registered(document, procurement_id: int) -> str:
    from django.utils.formats import date_format

    procurement = _procurement(procurement_id)
    if procurement.standstill_ends_on:
        return _(
            "The award decision is registered as %(number)s. The standstill period runs "
            "until %(date)s; then create the contract."
        ) % {"number": document.number, "date": date_format(procurement.standstill_ends_on)}
    return _("The award decision is registered as %(number)s. Now create the contract.") % {
        "number": document.number
    }


def _contract_shares_initial(procurement: Procurement) -> list[dict[str, Any]]:
    boards = [procurement.board, *procurement.other_boards.all()]
    if len(boards) == 1:
        return [{"board": procurement.board_id, "share": 100}]
    return [{"board": board.pk} for board in boards]


@_for("contract")
def contract_create(request: HttpRequest, procurement_id: int) -> HttpResponse:
    procurement = _procurement(procurement_id)
    user = _staff(request)
    if not selectors.user_can_manage(user, procurement):
        return _not_yours(request, procurement)
    if procurement.status != Status.AWARDED:
        return _refuse(
            request, procurement, _("A contract is made from an awarded procurement only.")
        )
    refusal = _signing_refusal(procurement)
    if refusal:
        return _refuse(request, procurement, refusal)
    posted = request.method == "POST"
    form = procurement_forms.ContractFromAwardForm(
        request.POST if posted else None,
        initial={"number": contract_services.next_contract_number()},
    )
    formset = contract_forms.share_formset(
        request.POST if posted else None, initial=_contract_shares_initial(procurement)
    )
    share_errors: list[str] = []
    if posted:
        form_valid = form.is_valid()
        if formset.is_valid() and form_valid:
            data = form.cleaned_data
            try:
                contract = contract_services.contract_from_award(
                    procurement=procurement,
                    number=data["number"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    yearly_value=data["yearly_value"],
                    total_value=data["total_value"],
                    shares=[
                        contract_services.Share(board, share) for board, share in formset.shares()
                    ],
                    user=user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    by_field = dict(error.error_dict)
                    share_errors = [m for e in by_field.pop("shares", []) for m in e.messages]
                    if by_field:
                        add_service_errors(form, ValidationError(by_field))
                else:
                    add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Contract %(number)s is registered from the award.")
                    % {"number": contract.number},
                )
                return redirect("contracts:detail", contract_id=contract.pk)
        share_errors = [*formset.non_form_errors(), *share_errors]
    return render(
        request,
        "procurement/contract.html",
        {
            "p": procurement,
            "form": form,
            "formset": formset,
            "share_errors": share_errors,
            "has_errors": bool(form.errors or share_errors or formset.total_error_count()),
        },
        status=INVALID if posted else 200,
    )


@require_POST
@_for("cancel")
def procurement_cancel(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _form_action(
        request,
        procurement_id,
        key="cancel",
        make_form=lambda p, r: procurement_forms.CancelForm(r.POST, auto_id="cancel-%s"),
        act=lambda p, f, u: services.procurement_cancel(
            procurement=p, reason=f.cleaned_data["reason"], user=u
        ),
        success=lambda p: _("The procurement is cancelled."),
    )


@require_POST
@_for("review")
def review_register(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _form_action(
        request,
        procurement_id,
        key="review",
        anchor="review",
        make_form=lambda p, r: procurement_forms.ReviewForm(r.POST, auto_id="review-%s"),
        act=lambda p, f, u: services.procurement_review_register(
            procurement=p,
            court=f.cleaned_data["court"],
            case_number=f.cleaned_data["case_number"],
            filed_on=f.cleaned_data["filed_on"],
            user=u,
        ),
        success=lambda p: _(
            "The request for review is recorded; the contract cannot be signed until the "
            "court has decided."
        ),
    )


@require_POST
@_for("review_decide")
def review_decide(request: HttpRequest, procurement_id: int) -> HttpResponse:
    return _form_action(
        request,
        procurement_id,
        key="review_decide",
        anchor="review",
        make_form=lambda p, r: procurement_forms.ReviewDecisionForm(r.POST, auto_id="decision-%s"),
        act=lambda p, f, u: services.procurement_review_decide(
            procurement=p,
            outcome=f.cleaned_data["outcome"],
            decided_on=f.cleaned_data["decided_on"],
            user=u,
        ),
        success=lambda p: (
            _("The court's decision is recorded: %(outcome)s.")
            % {"outcome": p.get_review_display()}
        ),
    )
