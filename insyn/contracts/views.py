"""Staff pages of the contract register: the list, registering and changing a contract,
the contract page with one small form per action, and the expiry watch.

Who may open each URL is the table in insyn/access.py (the decorators read it); the views
then narrow to the contract and its boards with the selectors' user_can_* checks. As on
the challenge pages, someone who may use a URL but not on this contract (a contract
manager and another manager's contract, a board secretary and another board) is
answered 403 with a page that says why and leads back to the contract.
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
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from insyn.contracts import forms as contract_forms
from insyn.contracts import selectors, services
from insyn.contracts.models import Area, Contract, ContractBoard
from insyn.core.forms import add_service_errors
from insyn.core.models import User
from insyn.core.permissions import Refused, access_required
from insyn.core.services import party_resolve
from insyn.followup import selectors as followup_selectors

INVALID = 422  # a form with errors is re-rendered with what was typed, and this status
LIST_LIMIT = 500

# The seed's model (value × impact on the activity). Only the high/high contracts are
# candidates for the board's strategic contracts, reported to the council; the rest are
# followed up in the internal control with the kommun's template for contract follow-up.
CLASSES: dict[str, tuple[Any, Any]] = {
    "high_high": (
        gettext_lazy("High value, high impact"),
        gettext_lazy(
            "A candidate strategic contract: the board may choose it for its plan of "
            "strategic contracts, followed up and reported to the council."
        ),
    ),
    "high_low": (
        gettext_lazy("High value, low impact"),
        gettext_lazy(
            "Followed up in the board's internal control, with the kommun's template for "
            "contract follow-up."
        ),
    ),
    "low_high": (
        gettext_lazy("Low value, high impact"),
        gettext_lazy(
            "Followed up in the board's internal control, with the kommun's template for "
            "contract follow-up."
        ),
    ),
    "low_low": (
        gettext_lazy("Low value, low impact"),
        gettext_lazy(
            "Followed up in the board's internal control, with the kommun's template for "
            "contract follow-up."
        ),
    ),
}


def _for(name: str):
    return access_required(f"contracts:{name}")


def _staff(request: HttpRequest) -> User:
    """The signed-in user; only called behind role_required."""
    return cast(User, request.user)


def _contract(contract_id: int) -> Contract:
    contract = selectors.contract_get(contract_id)
    if contract is None:
        raise Http404
    return contract


def _back(contract: Contract, anchor: str = "") -> HttpResponse:
    response = redirect("contracts:detail", contract_id=contract.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _refuse(request: HttpRequest, contract: Contract, text: str) -> HttpResponse:
    messages.error(request, text)
    return _back(contract)


def _not_yours(request: HttpRequest, contract: Contract) -> NoReturn:
    raise Refused(_("You cannot do this on this contract."), back_url=_back(contract)["Location"])


# --- The list and the expiry watch ----------------------------------------------------------


@_for("list")
def contract_list(request: HttpRequest) -> HttpResponse:
    form = contract_forms.ContractFilterForm(request.GET or None)
    filters = selectors.ContractFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ContractFilters(
            query=data["q"],
            board=data["board"],
            provider_kind=data["provider_kind"],
            kind=data["kind"],
            running_on=timezone.localdate() if data["running"] else None,
            strategic=data["strategic"],
            manager=_staff(request) if data["mine"] else None,
        )
    contracts = selectors.contracts_find(filters=filters, limit=LIST_LIMIT)
    return render(
        request,
        "contracts/list.html",
        {
            "form": form,
            "contracts": contracts,
            "limited": len(contracts) >= LIST_LIMIT,
            "classes": CLASSES,
            "can_register": selectors.user_can_register(request.user),
        },
        status=INVALID if form.is_bound and not form.is_valid() else 200,
    )


@_for("expiring")
def expiring(request: HttpRequest) -> HttpResponse:
    form = contract_forms.ExpiringForm(request.GET or None)
    months, board = 6, None
    if form.is_bound and form.is_valid():
        months, board = form.cleaned_data["months"], form.cleaned_data["board"]
    rows = []
    if not form.is_bound or form.is_valid():
        rows = selectors.contracts_expiring(today=timezone.localdate(), months=months, board=board)
    return render(
        request,
        "contracts/expiring.html",
        {"form": form, "rows": rows, "months": months, "board": board},
        status=INVALID if form.is_bound and not form.is_valid() else 200,
    )


# --- Registering and changing -------------------------------------------------------------


def _forms_valid(form: forms.Form, formset: forms.BaseFormSet) -> bool:
    # Both are checked, so that every error shows at once.
    form_valid = form.is_valid()
    return formset.is_valid() and form_valid


def _provider_party(form: contract_forms.ContractForm):
    data = form.cleaned_data
    if form.wants_new_party():
        return party_resolve(
            kind=data["new_party_kind"] or "company",
            name=data["new_party_name"],
            org_number=data["new_party_org_number"],
        )
    return data["provider_party"]


def _contract_data(
    form: contract_forms.ContractForm, formset: contract_forms.BaseShareFormSet
) -> services.ContractData:
    data = form.cleaned_data
    return services.ContractData(
        number=data["number"],
        title=data["title"],
        description=data["description"],
        kind=data["kind"],
        provider_party=_provider_party(form),
        provider_unit=data["provider_unit"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        extension_terms=data["extension_terms"],
        latest_end_date=data["latest_end_date"],
        notice_date=data["notice_date"],
        yearly_value=data["yearly_value"],
        total_value=data["total_value"],
        values_secret=data["values_secret"],
        values_secrecy_ground=data["values_secrecy_ground"],
        cpv_code=data["cpv_code"],
        procedure=data["procedure"],
        reserved=data["reserved"],
        value_level=data["value_level"],
        impact_level=data["impact_level"],
        shares=[services.Share(board, share) for board, share in formset.shares()],
    )


def _save_contract(
    form: contract_forms.ContractForm,
    formset: contract_forms.BaseShareFormSet,
    save: Callable[[services.ContractData], Contract],
) -> tuple[Contract | None, list[str]]:
    """Resolve a new provider and save, all or nothing: a contract that is refused leaves
    no new party behind. Returns the contract, or the errors of the shares (the rest go on
    the form)."""
    try:
        with transaction.atomic():
            return save(_contract_data(form, formset)), []
    except ValidationError as error:
        return None, _put_errors(form, error)


def _put_errors(form: contract_forms.ContractForm, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return []
    by_field = dict(error.error_dict)
    shares = [m for e in by_field.pop("shares", []) for m in e.messages]
    # The service and party_resolve name some things differently from the form's fields.
    renamed = {
        "provider": "provider_unit"
        if form.cleaned_data.get("kind") == Contract.Kind.INTERNAL
        else "provider_party",
        "org_number": "new_party_org_number",
        "name": "new_party_name",
    }
    for field, errors in by_field.items():
        add_service_errors(form, ValidationError({renamed.get(field, field): errors}))
    return shares


def _render_form(
    request: HttpRequest,
    *,
    form: contract_forms.ContractForm,
    formset: contract_forms.BaseShareFormSet,
    share_errors: list[str],
    contract: Contract | None = None,
) -> HttpResponse:
    share_errors = [*formset.non_form_errors(), *share_errors] if formset.is_bound else []
    return render(
        request,
        "contracts/form.html",
        {
            "form": form,
            "formset": formset,
            "share_errors": share_errors,
            "contract": contract,
            "has_errors": bool(form.errors or share_errors or formset.total_error_count()),
        },
        status=INVALID if form.is_bound else 200,
    )


@_for("create")
def contract_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = contract_forms.ContractForm(
        request.POST if posted else None,
        initial={"number": services.next_contract_number(), "kind": Contract.Kind.EXTERNAL},
    )
    formset = contract_forms.share_formset(request.POST if posted else None)
    share_errors: list[str] = []
    if posted and _forms_valid(form, formset):
        contract, share_errors = _save_contract(
            form,
            formset,
            lambda data: services.contract_create(data=data, user=_staff(request)),
        )
        if contract is not None:
            messages.success(
                request, _("Contract %(number)s is registered.") % {"number": contract.number}
            )
            return _back(contract)
    return _render_form(request, form=form, formset=formset, share_errors=share_errors)


def _initial(contract: Contract) -> dict[str, Any]:
    fields = [
        "number",
        "title",
        "description",
        "kind",
        "start_date",
        "end_date",
        "extension_terms",
        "latest_end_date",
        "notice_date",
        "yearly_value",
        "total_value",
        "values_secret",
        "cpv_code",
        "procedure",
        "reserved",
        "value_level",
        "impact_level",
    ]
    initial = {name: getattr(contract, name) for name in fields}
    initial["provider_party"] = contract.provider_party_id
    initial["provider_unit"] = contract.provider_unit_id
    initial["values_secrecy_ground"] = contract.values_secrecy_ground_id
    return initial


@_for("edit")
def contract_edit(request: HttpRequest, contract_id: int) -> HttpResponse:
    contract = _contract(contract_id)
    if not selectors.user_can_edit(request.user, contract):
        return _not_yours(request, contract)
    posted = request.method == "POST"
    form = contract_forms.ContractEditForm(
        request.POST if posted else None, initial=_initial(contract)
    )
    formset = contract_forms.share_formset(
        request.POST if posted else None,
        initial=[{"board": s.board_id, "share": s.share} for s in contract.boards.all()],
        extra=2,
    )
    share_errors: list[str] = []
    if posted and _forms_valid(form, formset):
        saved, share_errors = _save_contract(
            form,
            formset,
            lambda data: services.contract_update(
                contract=contract,
                data=data,
                user=_staff(request),
                reason=form.cleaned_data["reason"],
            ),
        )
        if saved is not None:
            messages.success(request, _("The contract is changed."))
            return _back(saved)
    return _render_form(
        request, form=form, formset=formset, share_errors=share_errors, contract=contract
    )


# --- The contract page ----------------------------------------------------------------------


def _display(field, value) -> str:
    # An empty foreign key comes from the history as a "deleted object" without a key.
    if value is None or value == "" or (field.is_relation and getattr(value, "pk", 0) is None):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
    return str(choices.get(value, value))


def _history(contract: Contract) -> list[dict[str, Any]]:
    """Who changed the contract, when and why, newest first, with what changed."""
    records = list(
        contract.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=True)
            for change in delta.changes:
                field = Contract._meta.get_field(change.field)
                changes.append(
                    (
                        str(getattr(field, "verbose_name", change.field)),
                        _display(field, change.old),
                        _display(field, change.new),
                    )
                )
        user = newer.history_user
        entries.append(
            {
                "when": newer.history_date,
                "who": (user.get_full_name() or user.username) if user else _("insyn"),
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries


def _requirements_by_area(contract: Contract) -> list[tuple[str, list]]:
    requirements = list(contract.requirements.all())
    return [
        (str(label), [r for r in requirements if r.area == value])
        for value, label in Area.choices
        if any(r.area == value for r in requirements)
    ]


def _empty_forms(contract: Contract) -> dict[str, forms.Form]:
    return {
        "appoint": contract_forms.AppointForm(
            initial={"manager": contract.contract_manager_id}, auto_id="appoint-%s"
        ),
        "classify": contract_forms.ClassifyForm(
            initial={"value_level": contract.value_level, "impact_level": contract.impact_level},
            auto_id="classify-%s",
        ),
        "requirement": contract_forms.RequirementForm(auto_id="requirement-%s"),
        "templates": contract_forms.TemplatesForm(auto_id="templates-%s"),
        "terminate": contract_forms.TerminateForm(
            initial={"terminated_on": contract.terminated_on}, auto_id="terminate-%s"
        ),
    }


def _render_detail(
    request: HttpRequest,
    contract: Contract,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_edit = selectors.user_can_edit(user, contract)
    can = {
        "edit": can_edit,
        "appoint": selectors.user_can_appoint(user, contract),
        "classify": can_edit,
        "requirement": can_edit,
        "templates": can_edit,
        "terminate": can_edit,
    }
    page_forms = _empty_forms(contract)
    if bound:
        page_forms.update(bound)
    shares = [
        (share, selectors.user_can_mark_strategic(user, share.board))
        for share in contract.boards.all()
    ]
    templates_form = cast(contract_forms.TemplatesForm, page_forms["templates"])
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "shares": shares,
            "classes": CLASSES,
            "class_info": CLASSES.get(contract.classification),
            "requirements": _requirements_by_area(contract),
            "history": _history(contract),
            "can": can,
            "action_forms": page_forms,
            "has_templates": bool(templates_form.fields["templates"].queryset.exists()),  # type: ignore[attr-defined]
            "today": timezone.localdate(),
            # The follow-up module builds on the register, not the other way round; the
            # page shows the contract's plans and reports all the same.
            "followup": followup_selectors.contract_followup(contract, user),
        },
        status=status,
    )


@_for("detail")
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _render_detail(request, _contract(contract_id))


def _form_action(
    request: HttpRequest,
    contract_id: int,
    *,
    key: str,
    allowed: Callable[[User, Contract], bool],
    make_form: Callable[..., forms.Form],
    act: Callable[[Contract, forms.Form, User], Any],
    success: Callable[[Any], str],
) -> HttpResponse:
    """The shape of every form on the contract page: check who, parse, call the service,
    back to the page with a message; or the page again with the form's errors (422)."""
    contract = _contract(contract_id)
    user = _staff(request)
    if not allowed(user, contract):
        return _not_yours(request, contract)
    form = make_form(request.POST, auto_id=f"{key}-%s")
    if form.is_valid():
        try:
            result = act(contract, form, user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success(result))
            return _back(contract, key)
    contract = _contract(contract_id)  # as it is now, not half-changed
    return _render_detail(request, contract, bound={key: form}, status=INVALID)


@require_POST
@_for("appoint")
def appoint(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _form_action(
        request,
        contract_id,
        key="appoint",
        allowed=selectors.user_can_appoint,
        make_form=contract_forms.AppointForm,
        act=lambda c, f, u: services.contract_manager_appoint(
            contract=c, manager=f.cleaned_data["manager"], appointed_by=u
        ),
        success=lambda c: (
            _("%(name)s is the contract manager.")
            % {"name": c.contract_manager.get_full_name() or c.contract_manager.username}
            if c.contract_manager
            else _("The contract has no contract manager now.")
        ),
    )


@require_POST
@_for("classify")
def classify(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _form_action(
        request,
        contract_id,
        key="classify",
        allowed=selectors.user_can_edit,
        make_form=contract_forms.ClassifyForm,
        act=lambda c, f, u: services.contract_classify(
            contract=c,
            value_level=f.cleaned_data["value_level"],
            impact_level=f.cleaned_data["impact_level"],
            user=u,
        ),
        success=lambda c: (
            _("The contract is classified: %(class)s.") % {"class": CLASSES[c.classification][0]}
        ),
    )


@require_POST
@_for("strategic")
def strategic(request: HttpRequest, contract_id: int, board_id: int) -> HttpResponse:
    contract = _contract(contract_id)
    share: ContractBoard | None = next(
        (s for s in contract.boards.all() if s.board_id == board_id), None
    )
    if share is None:
        raise Http404
    if not selectors.user_can_mark_strategic(request.user, share.board):
        return _not_yours(request, contract)
    form = contract_forms.StrategicForm(request.POST)
    if not form.is_valid():
        return _refuse(request, contract, _("Mark the contract strategic, or not."))
    marked = form.cleaned_data["strategic"]
    count = services.strategic_set(share=share, strategic=marked, user=_staff(request))
    board = share.board
    if marked:
        messages.success(
            request,
            _("The contract is strategic for %(board)s.") % {"board": board.name},
        )
        if count > services.STRATEGIC_WARNING_ABOVE:
            # The guideline speaks of one to about ten strategic contracts per board;
            # more is allowed but worth a second thought.
            messages.warning(
                request,
                _(
                    "%(board)s now has %(count)s strategic contracts. The guideline expects "
                    "up to about %(most)s per board."
                )
                % {"board": board.name, "count": count, "most": services.STRATEGIC_WARNING_ABOVE},
            )
    else:
        messages.success(
            request,
            _("The contract is no longer strategic for %(board)s.") % {"board": board.name},
        )
    return _back(contract, "boards")


@require_POST
@_for("requirement_add")
def requirement_add(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _form_action(
        request,
        contract_id,
        key="requirement",
        allowed=selectors.user_can_edit,
        make_form=contract_forms.RequirementForm,
        act=lambda c, f, u: services.requirement_add(contract=c, **f.cleaned_data),
        success=lambda r: _("The requirement is added."),
    )


@require_POST
@_for("requirements_apply")
def requirements_apply(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _form_action(
        request,
        contract_id,
        key="templates",
        allowed=selectors.user_can_edit,
        make_form=contract_forms.TemplatesForm,
        act=lambda c, f, u: services.requirements_apply_templates(
            contract=c, templates=cast(contract_forms.TemplatesForm, f).chosen()
        ),
        success=lambda added: (
            ngettext(
                "%(count)s requirement is added.", "%(count)s requirements are added.", len(added)
            )
            % {"count": len(added)}
            if added
            else _("The contract already has the chosen requirements.")
        ),
    )


@require_POST
@_for("terminate")
def terminate(request: HttpRequest, contract_id: int) -> HttpResponse:
    return _form_action(
        request,
        contract_id,
        key="terminate",
        allowed=selectors.user_can_edit,
        make_form=contract_forms.TerminateForm,
        act=lambda c, f, u: services.contract_terminate(
            contract=c,
            terminated_on=f.cleaned_data["terminated_on"],
            reason=f.cleaned_data["reason"],
            user=u,
        ),
        success=lambda c: (
            _("The contract ends early: its last day is %(date)s.")
            % {"date": c.terminated_on.isoformat()}
        ),
    )
