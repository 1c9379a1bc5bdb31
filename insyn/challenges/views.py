"""Staff pages of the challenge process: the inbox, registering a challenge that came by
post or e-mail, and the challenge page with one small form per action.

Who may open each URL is the table in insyn/access.py (the decorators read it); the views
then narrow to the challenge with the selectors' user_can_* checks. Someone who may use a
URL but not on this challenge is answered 403 with a page that says why and leads back
to the challenge; someone who may, but not now (the process is elsewhere), is sent back
to the challenge page with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.challenges import forms as challenge_forms
from insyn.challenges import selectors, services
from insyn.challenges.models import Challenge, ChecklistItem, Decision, Exit
from insyn.core.forms import add_service_errors
from insyn.core.models import User
from insyn.core.permissions import Refused, access_required

INVALID = 422  # a form with errors is re-rendered with what was typed, and this status


def _for(name: str):
    return access_required(f"challenges:{name}")


def _staff(request: HttpRequest) -> User:
    """The signed-in user; only called behind role_required."""
    return cast(User, request.user)


def _challenge(request: HttpRequest, challenge_id: int) -> Challenge:
    challenge = selectors.challenge_get(challenge_id)
    if challenge is None:
        raise Http404
    if not selectors.user_can_view(request.user, challenge):
        raise PermissionDenied
    return challenge


def _back(challenge: Challenge, anchor: str = "") -> HttpResponse:
    response = redirect("challenges:detail", challenge_id=challenge.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _refuse(request: HttpRequest, challenge: Challenge, text: str) -> HttpResponse:
    messages.error(request, text)
    return _back(challenge)


def _not_yours(request: HttpRequest, challenge: Challenge, text: str = "") -> NoReturn:
    """A refusal for lack of rights: 403 with the reason (not a redirect and a message)."""
    raise Refused(
        text or _("You cannot do this on this challenge."), back_url=_back(challenge)["Location"]
    )


# --- Inbox ----------------------------------------------------------------------------


@_for("inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    steps = selectors.definition_steps(selectors.definition_active())
    form = challenge_forms.InboxFilterForm(request.GET or None, steps=steps)
    filters = selectors.InboxFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.InboxFilters(
            step=data["step"],
            unit=data["unit"].pk if data["unit"] else None,
            overdue=data["overdue"],
            closed=data["closed"],
        )
    return render(
        request,
        "challenges/inbox.html",
        {
            "form": form,
            "filters": filters,
            "challenges": selectors.inbox(request.user, filters=filters),
            "today": timezone.localdate(),
            "can_register": selectors.user_can_register(request.user),
            "can_edit_process": selectors.user_can_edit_process(request.user),
        },
        status=INVALID if form.is_bound and not form.is_valid() else 200,
    )


@_for("register")
def register(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = challenge_forms.RegisterForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            challenge, _created = services.challenge_submit(
                challenger=form.challenger(),
                proposal=form.proposal(),
                channel=data["channel"],
                registered_by=_staff(request),
                received_on=data["received_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Registered %(number)s.") % {"number": challenge.case.number}
            )
            return _back(challenge)
    return render(
        request,
        "challenges/register.html",
        {"form": form},
        status=INVALID if form.is_bound else 200,
    )


# --- The challenge page ---------------------------------------------------------------


def _decision(challenge: Challenge) -> Decision | None:
    return getattr(challenge, "decision", None)


def _abilities(user, challenge: Challenge) -> dict[str, bool]:
    """Which forms the page shows: what the user may do, and what the process allows now.
    The services check the process again when a form is sent."""
    is_open = challenge.is_open
    guide = selectors.user_can_guide(user, challenge)
    step = challenge.current_step
    has_next = step is not None and step.next_steps.exists()
    decision = _decision(challenge)
    decided = decision.outcome if decision is not None else None
    return {
        "tick": is_open and selectors.user_can_tick(user, challenge),
        "advance": is_open and guide and has_next,
        "assign": is_open and guide,
        "set_unit": is_open and guide,
        "status_link": is_open and guide,
        "letter": is_open and guide,
        "document": is_open and selectors.user_can_register(user),
        "meeting": is_open and guide,
        "stakeholders": is_open and selectors.user_can_inform(user, challenge),
        "analysis": is_open and selectors.user_can_analyse(user, challenge),
        "decision": selectors.user_can_decide(user, challenge)
        and services.decision_allowed(challenge),
        "screen_out": guide and selectors.exit_allowed(challenge, Exit.SCREENED_OUT),
        "withdraw": guide and selectors.exit_allowed(challenge, Exit.WITHDRAWN),
        "reject": guide
        and selectors.exit_allowed(challenge, Exit.REJECTED)
        and decided == Decision.Outcome.REJECTED,
        "accept": guide
        and selectors.exit_allowed(challenge, Exit.ACCEPTED)
        and decided == Decision.Outcome.ACCEPTED
        and challenge.procurement_id is None,
        "procurement": is_open
        and challenge.procurement_id is not None
        and selectors.user_can_procure(user, challenge),
        "procurement_document": is_open
        and challenge.procurement_id is not None
        and selectors.user_can_procure(user, challenge),
        "complete": is_open
        and guide
        and step is not None
        and not has_next
        and challenge.outcome == Exit.ACCEPTED,
    }


def _empty_forms(challenge: Challenge) -> dict[str, object]:
    return {
        "advance": challenge_forms.AdvanceForm(challenge=challenge, auto_id="advance-%s"),
        "assign": challenge_forms.AssignForm(
            initial={"responsible": challenge.responsible_id}, auto_id="assign-%s"
        ),
        "letter": challenge_forms.LetterForm(auto_id="letter-%s"),
        "document": challenge_forms.DocumentForm(auto_id="document-%s"),
        "meeting": challenge_forms.MeetingForm(auto_id="meeting-%s"),
        "stakeholders": challenge_forms.StakeholderForm(auto_id="stakeholders-%s"),
        "analysis": challenge_forms.AnalysisForm(auto_id="analysis-%s"),
        "decision": challenge_forms.DecisionForm(auto_id="decision-%s"),
        "screen_out": challenge_forms.ScreenOutForm(auto_id="screen_out-%s"),
        "withdraw": challenge_forms.WithdrawForm(auto_id="withdraw-%s"),
        "accept": challenge_forms.AcceptForm(challenge=challenge, auto_id="accept-%s"),
        "procurement": challenge_forms.ProcurementForm(
            procurement=challenge.procurement, auto_id="procurement-%s"
        ),
        "set_unit": challenge_forms.SetUnitForm(
            initial={"unit": challenge.activity_unit_id}, auto_id="set_unit-%s"
        ),
        "procurement_document": challenge_forms.ProcurementDocumentForm(
            auto_id="procurement_document-%s"
        ),
    }


def _meeting_forms(challenge: Challenge, bound: object = None) -> dict[int, object]:
    """A correction form per meeting, each with its own ids; the one that was sent keeps
    its errors."""
    sent = bound.data.get("meeting") if isinstance(bound, forms.Form) else None
    return {
        m.pk: bound
        if sent == str(m.pk)
        else challenge_forms.MeetingCorrectForm(
            initial={"meeting": m.pk, "held_on": m.held_on, "participants": m.participants},
            auto_id=f"meeting_correct-{m.pk}-%s",
        )
        for m in challenge.meetings.all()
    }


def _render_detail(
    request: HttpRequest,
    challenge: Challenge,
    *,
    bound: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    can = _abilities(request.user, challenge)
    page_forms = _empty_forms(challenge)
    if bound:
        page_forms.update(bound)
        # The form that was sent is shown with its errors even if the page would not
        # offer it now (e.g. the process moved on meanwhile).
        can.update(dict.fromkeys(bound, True))
    page_forms["meeting_correct"] = _meeting_forms(challenge, (bound or {}).get("meeting_correct"))
    return render(
        request,
        "challenges/detail.html",
        {
            "challenge": challenge,
            "steps": selectors.challenge_steps(challenge),
            "documents": selectors.challenge_documents(challenge),
            "emails": list(selectors.challenge_emails(challenge)),
            "can": can,
            "action_forms": page_forms,
            # Shown to the guide, e.g. to give a challenger without e-mail by telephone.
            "status_url": services.status_url(challenge) if can["status_link"] else "",
            "today": timezone.localdate(),
            **selectors.challenge_detail_relations(challenge),
        },
        status=status,
    )


@_for("detail")
def detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _render_detail(request, _challenge(request, challenge_id))


def _form_action(
    request: HttpRequest,
    challenge_id: int,
    *,
    key: str,
    allowed: Callable[[User, Challenge], bool],
    make_form: Callable[..., forms.Form],
    act: Callable[[Challenge, dict, User], object],
    success: str,
) -> HttpResponse:
    """The shape of every form on the challenge page: check who, parse, call the service,
    back to the page with a message; or the page again with the form's errors (422)."""
    challenge = _challenge(request, challenge_id)
    user = _staff(request)
    if not allowed(user, challenge):
        return _not_yours(request, challenge)
    form = make_form(request.POST, request.FILES, auto_id=f"{key}-%s")
    if form.is_valid():
        try:
            act(challenge, form.cleaned_data, user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return _back(challenge, key)
    challenge = _challenge(request, challenge_id)  # as it is now, not half-changed
    return _render_detail(request, challenge, bound={key: form}, status=INVALID)


def _guide(user: User, challenge: Challenge) -> bool:
    return selectors.user_can_guide(user, challenge)


# --- Checklist and steps ----------------------------------------------------------------


@require_POST
@_for("tick")
def tick(request: HttpRequest, challenge_id: int, item_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    item = ChecklistItem.objects.filter(
        pk=item_id, step__definition_id=challenge.definition_id
    ).first()
    if item is None:
        raise Http404
    user = _staff(request)
    if not selectors.user_can_tick(user, challenge):
        return _not_yours(
            request,
            challenge,
            _("Only the business guide or the step's responsible role ticks its checklist."),
        )
    form = challenge_forms.TickForm(request.POST or {"action": "tick"})
    if not form.is_valid():
        return _refuse(request, challenge, _("Unknown checklist action."))
    try:
        if form.cleaned_data["action"] == "untick":
            services.checklist_untick(challenge=challenge, item=item, user=user)
        else:
            services.checklist_tick(
                challenge=challenge, item=item, user=user, note=form.cleaned_data["note"]
            )
    except ValidationError as error:
        return _refuse(request, challenge, " ".join(error.messages))
    messages.success(request, _("The checklist is updated."))
    return _back(challenge, "current-step")


@require_POST
@_for("advance")
def advance(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    form = challenge_forms.AdvanceForm(request.POST, challenge=challenge)
    if not form.is_valid():
        return _refuse(request, challenge, _("The process does not allow that step next."))
    try:
        challenge = services.challenge_advance(
            challenge=challenge,
            to_step=form.cleaned_data["to_step"],
            user=_staff(request),
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refuse(request, challenge, " ".join(error.messages))
    messages.success(
        request, _("The challenge is now in step %(step)s.") % {"step": challenge.current_step}
    )
    return _back(challenge, "current-step")


@require_POST
@_for("assign")
def assign(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="assign",
        allowed=_guide,
        make_form=challenge_forms.AssignForm,
        act=lambda c, d, u: services.challenge_assign(
            challenge=c, responsible=d["responsible"], user=u
        ),
        success=_("The business guide is assigned."),
    )


# --- Letters, documents, meetings, information, analysis ------------------------------


@require_POST
@_for("letter")
def letter(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="letter",
        allowed=_guide,
        make_form=challenge_forms.LetterForm,
        act=lambda c, d, u: services.letter_send(
            challenge=c, purpose=d["purpose"], subject=d["subject"], body=d["body"], user=u
        ),
        success=_("The letter is registered and sent."),
    )


@require_POST
@_for("set_unit")
def set_unit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="set_unit",
        allowed=_guide,
        make_form=challenge_forms.SetUnitForm,
        act=lambda c, d, u: services.challenge_set_unit(challenge=c, unit=d["unit"], user=u),
        success=_("The challenge is tied to the unit, and its sector is told."),
    )


@require_POST
@_for("procurement_document")
def procurement_document(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="procurement_document",
        allowed=selectors.user_can_procure,
        make_form=challenge_forms.ProcurementDocumentForm,
        act=lambda c, d, u: services.procurement_document_register(
            challenge=c,
            kind=d["kind"],
            description=d["description"],
            counterpart_name=d["counterpart_name"],
            counterpart_org_number=d["counterpart_org_number"],
            document_date=d["document_date"],
            files=d["attachments"],
            user=u,
        ),
        success=_("The document is registered in the case."),
    )


@require_POST
@_for("document")
def document(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="document",
        allowed=lambda u, c: selectors.user_can_register(u),
        make_form=challenge_forms.DocumentForm,
        act=lambda c, d, u: services.challenge_document_receive(
            challenge=c,
            kind=d["kind"],
            description=d["description"],
            files=d["attachments"],
            registered_by=u,
            document_date=d["document_date"],
        ),
        success=_("The document is registered."),
    )


def _meeting_correct(challenge: Challenge, data: dict, user: User) -> object:
    meeting = challenge.meetings.filter(pk=data["meeting"]).first()
    if meeting is None:
        raise ValidationError(_("The meeting is not one of this challenge's."))
    return services.meeting_correct(
        meeting=meeting,
        held_on=data["held_on"],
        participants=data["participants"],
        reason=data["reason"],
        user=user,
    )


@require_POST
@_for("meeting")
def meeting_correct(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="meeting_correct",
        allowed=_guide,
        make_form=challenge_forms.MeetingCorrectForm,
        act=_meeting_correct,
        success=_("The meeting is corrected."),
    )


@require_POST
@_for("meeting")
def meeting(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="meeting",
        allowed=_guide,
        make_form=challenge_forms.MeetingForm,
        act=lambda c, d, u: services.meeting_record(
            challenge=c,
            kind=d["kind"],
            held_on=d["held_on"],
            participants=d["participants"],
            notes=d["notes"],
            files=d["attachments"],
            user=u,
        ),
        success=_("The meeting is recorded."),
    )


@require_POST
@_for("stakeholders")
def stakeholders(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="stakeholders",
        allowed=selectors.user_can_inform,
        make_form=challenge_forms.StakeholderForm,
        act=lambda c, d, u: services.stakeholder_information_record(
            challenge=c,
            groups=d["groups"],
            informed_on=d["informed_on"],
            method=d["method"],
            informed_by=d["informed_by"],
            note=d["note"],
            user=u,
        ),
        success=_("The information is recorded."),
    )


@require_POST
@_for("analysis")
def analysis(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="analysis",
        allowed=selectors.user_can_analyse,
        make_form=challenge_forms.AnalysisForm,
        act=lambda c, d, u: services.impact_analysis_register(challenge=c, user=u, **d),
        success=_("The impact analysis is registered."),
    )


@require_POST
@_for("decision")
def decision(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    if not selectors.user_can_decide(_staff(request), challenge):
        return _not_yours(
            request, challenge, _("Only the deciding board's secretary records its decision.")
        )
    if not services.decision_allowed(challenge):
        return _refuse(request, challenge, _("The process is not at the decision."))
    return _form_action(
        request,
        challenge_id,
        key="decision",
        allowed=selectors.user_can_decide,
        make_form=challenge_forms.DecisionForm,
        act=lambda c, d, u: services.decision_record(challenge=c, user=u, **d),
        success=_("The decision is recorded."),
    )


# --- Endings --------------------------------------------------------------------------


@require_POST
@_for("screen_out")
def screen_out(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="screen_out",
        allowed=_guide,
        make_form=challenge_forms.ScreenOutForm,
        act=lambda c, d, u: services.challenge_screen_out(
            challenge=c, reason=d["reason"], motivation=d["motivation"], user=u
        ),
        success=_("The challenge is screened out and the challenger told."),
    )


@require_POST
@_for("withdraw")
def withdraw(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _form_action(
        request,
        challenge_id,
        key="withdraw",
        allowed=_guide,
        make_form=challenge_forms.WithdrawForm,
        act=lambda c, d, u: services.challenge_withdraw(
            challenge=c, user=u, message=d["message"], files=d["attachments"]
        ),
        success=_("The withdrawal is registered and the challenge closed."),
    )


def _button(request: HttpRequest, challenge_id: int, action) -> HttpResponse:
    """Reject and complete: nothing to type, so a refusal is a message on the page."""
    challenge = _challenge(request, challenge_id)
    try:
        action(challenge=challenge, user=_staff(request))
    except ValidationError as error:
        return _refuse(request, challenge, " ".join(error.messages))
    messages.success(request, _("The challenge is closed."))
    return _back(challenge)


@require_POST
@_for("reject")
def reject(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _button(request, challenge_id, services.challenge_reject)


@require_POST
@_for("complete")
def complete(request: HttpRequest, challenge_id: int) -> HttpResponse:
    return _button(request, challenge_id, services.challenge_complete)


@require_POST
@_for("accept")
def accept(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    return _form_action(
        request,
        challenge_id,
        key="accept",
        allowed=_guide,
        make_form=lambda *a, **k: challenge_forms.AcceptForm(*a, challenge=challenge, **k),
        act=lambda c, d, u: services.challenge_accept(
            challenge=c,
            title=d["title"],
            procedure=d["procedure"],
            responsible=d["responsible"],
            user=u,
        ),
        success=_("The procurement is opened."),
    )


@require_POST
@_for("procurement")
def procurement(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = _challenge(request, challenge_id)
    if challenge.procurement is None:
        return _refuse(request, challenge, _("The challenge has no procurement."))
    return _form_action(
        request,
        challenge_id,
        key="procurement",
        allowed=selectors.user_can_procure,
        make_form=lambda *a, **k: challenge_forms.ProcurementForm(
            *a, procurement=challenge.procurement, **k
        ),
        act=lambda c, d, u: services.challenge_procurement_update(challenge=c, user=u, **d),
        success=_("The procurement is updated."),
    )
