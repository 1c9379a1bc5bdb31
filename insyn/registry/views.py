"""Staff pages of the diarium: thin views that parse, call services and selectors, render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.core.forms import add_service_errors
from insyn.core.http import download_response
from insyn.core.models import Role, User
from insyn.core.permissions import role_required, staff_required
from insyn.registry import selectors, services
from insyn.registry.forms import (
    AccessRequestAssignForm,
    AccessRequestDecisionForm,
    AccessRequestDescriptionForm,
    CaseCloseForm,
    CaseReopenForm,
    CaseSearchForm,
    CaseWithDocumentForm,
    DocumentCorrectForm,
    DocumentLinkPartyForm,
    DocumentRegisterForm,
)
from insyn.registry.models import AccessRequest, Case, Document

INVALID = 422  # a form with errors is re-rendered with what was typed, and this status


def _staff(request: HttpRequest) -> User:
    """The signed-in user; only called behind staff_required or role_required."""
    return cast(User, request.user)


def _case_or_404(case_id: int) -> Case:
    case = selectors.case_get(case_id)
    if case is None:
        raise Http404
    return case


def _document_or_404(document_id: int) -> Document:
    document = selectors.document_get(document_id)
    if document is None:
        raise Http404
    return document


def _document_fields(form, *, counterpart) -> dict:
    data = form.cleaned_data
    return {
        "direction": data["direction"],
        "description": data["description"],
        "document_date": data["document_date"],
        "counterpart": counterpart,
        "unit": data["unit"],
        "case_officer": data["case_officer"],
        "secrecy": data["secrecy"],
        "secrecy_ground": data["secrecy_ground"],
        "mask_counterpart": data["mask_counterpart"],
        "mask_description": data["mask_description"],
        "contains_personal_data": data["contains_personal_data"],
        "files": data.get("attachments") or [],
    }


def _counterpart(form) -> services.Counterpart:
    data = form.cleaned_data
    return services.Counterpart(
        name=data["counterpart_name"],
        kind=data["counterpart_kind"],
        org_number=data.get("counterpart_org_number", ""),
        personal_identity_number=data.get("counterpart_personal_identity_number", ""),
    )


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.GET or None, boards=selectors.public_boards())
    cases: list[selectors.CaseRow] = []
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        cases = selectors.cases_find(
            filters=selectors.CaseFilters(
                query=form.cleaned_data["q"],
                board=form.cleaned_data["board"],
                status=form.cleaned_data["status"],
                year=form.cleaned_data["year"],
            ),
            user=request.user,
        )
    elif not form.is_bound:
        cases = selectors.cases_find(
            filters=selectors.CaseFilters(status=Case.Status.OPEN), user=request.user, limit=50
        )
    return render(
        request,
        "registry/case_list.html",
        {
            "form": form,
            "cases": cases,
            "searched": searched,
            "can_register": bool(selectors.series_for_registration(request.user)),
            "access_requests": selectors.access_requests_open(request.user),
            "today": timezone.localdate(),
        },
        status=200 if not form.is_bound or form.is_valid() else INVALID,
    )


@role_required(Role.REGISTRAR)
def case_create(request: HttpRequest) -> HttpResponse:
    series_choices = selectors.series_for_registration(request.user)
    if not series_choices:
        raise PermissionDenied
    form = CaseWithDocumentForm(
        request.POST or None,
        request.FILES or None,
        series_choices=series_choices,
        initial={"series": series_choices[0].pk if len(series_choices) == 1 else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.case_register_with_document(
                series=form.cleaned_data["series"],
                title=form.cleaned_data["title"],
                public_title=form.cleaned_data["public_title"],
                registered_by=_staff(request),
                **_document_fields(form, counterpart=_counterpart(form)),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Registered %(number)s.") % {"number": document.number},
            )
            return redirect("registry:case_detail", case_id=document.case_id)
    return render(
        request,
        "registry/case_create.html",
        {"form": form},
        status=INVALID if form.is_bound else 200,
    )


@staff_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _render_case(request, _case_or_404(case_id))


def _render_case(
    request: HttpRequest,
    case: Case,
    *,
    close_form: CaseCloseForm | None = None,
    reopen_form: CaseReopenForm | None = None,
    status: int = 200,
) -> HttpResponse:
    documents = selectors.case_documents(case)
    can_view_title = selectors.user_can_view_case_title(request.user, case)
    return render(
        request,
        "registry/case_detail.html",
        {
            "case": case,
            "case_title": case.title if can_view_title else case.public_title,
            "can_view_title": can_view_title,
            "documents": [selectors.staff_document(request.user, d) for d in documents],
            "history": selectors.case_history(case, with_title=can_view_title),
            "can_register": selectors.user_can_register(request.user, board=case.series.board),
            "close_form": close_form or CaseCloseForm(),
            "reopen_form": reopen_form or CaseReopenForm(),
        },
        status=status,
    )


@role_required(Role.REGISTRAR)
def document_create(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(case_id)
    if not selectors.user_can_register(request.user, board=case.series.board):
        raise PermissionDenied
    form = DocumentRegisterForm(
        request.POST or None,
        request.FILES or None,
        initial={"unit": case.unit_id, "case_officer": case.case_officer_id},
    )
    # A closed case takes no documents: the page says so (the template) and answers 422,
    # whether the form was sent or not.
    if case.is_open and request.method == "POST" and form.is_valid():
        try:
            document = services.document_register(
                case=case,
                registered_by=_staff(request),
                **_document_fields(form, counterpart=_counterpart(form)),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registered %(number)s.") % {"number": document.number})
            return redirect("registry:case_detail", case_id=case.pk)
    return render(
        request,
        "registry/document_create.html",
        {"case": case, "form": form},
        status=INVALID if form.is_bound or not case.is_open else 200,
    )


@staff_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    return _render_document(request, _document_or_404(document_id))


def _render_document(
    request: HttpRequest,
    document: Document,
    *,
    link_form: DocumentLinkPartyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    seen = selectors.staff_document(request.user, document)
    can_correct = selectors.user_can_register(request.user, board=document.case.series.board)
    return render(
        request,
        "registry/document_detail.html",
        {
            "document": document,
            "seen": seen,
            "public": selectors.public_document(document, with_files=True),
            # The history holds earlier names and descriptions: for those who may see them.
            "history": selectors.document_history(document) if seen.full else [],
            "can_correct": can_correct,
            "link_form": (link_form or DocumentLinkPartyForm()) if can_correct else None,
        },
        status=status,
    )


@require_POST
@role_required(Role.REGISTRAR)
def document_link_party(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _document_or_404(document_id)
    if not selectors.user_can_register(request.user, board=document.case.series.board):
        raise PermissionDenied
    form = DocumentLinkPartyForm(request.POST)
    if form.is_valid():
        try:
            services.document_link_party(
                document=document,
                linked_by=_staff(request),
                reason=form.cleaned_data["reason"],
                org_number=form.cleaned_data["org_number"],
                personal_identity_number=form.cleaned_data["personal_identity_number"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is linked to the party."))
            return redirect("registry:document_detail", document_id=document.pk)
    return _render_document(request, document, link_form=form, status=INVALID)


@role_required(Role.REGISTRAR)
def document_correct(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _document_or_404(document_id)
    if not selectors.user_can_register(request.user, board=document.case.series.board):
        raise PermissionDenied
    initial = {
        field: getattr(document, field)
        for field in services.CORRECTABLE_FIELDS
        if field not in ("unit", "case_officer", "secrecy_ground")
    }
    initial.update(
        unit=document.unit_id,
        case_officer=document.case_officer_id,
        secrecy_ground=document.secrecy_ground_id,
    )
    form = DocumentCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in services.CORRECTABLE_FIELDS}
        reason = form.cleaned_data["reason"]
        try:
            services.document_correct(
                document=document, changed_by=_staff(request), reason=reason, **changes
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The entry was corrected."))
            return redirect("registry:document_detail", document_id=document.pk)
    return render(
        request,
        "registry/document_correct.html",
        {"document": document, "form": form},
        status=INVALID if form.is_bound else 200,
    )


@require_POST
@role_required(Role.REGISTRAR)
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(case_id)
    if not selectors.user_can_register(request.user, board=case.series.board):
        raise PermissionDenied
    form = CaseCloseForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, close_form=form, status=INVALID)
    services.case_close(case=case, closed_by=_staff(request), note=form.cleaned_data["note"])
    messages.success(request, _("The case was closed."))
    return redirect("registry:case_detail", case_id=case.pk)


@require_POST
@role_required(Role.REGISTRAR)
def case_reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_or_404(case_id)
    if not selectors.user_can_register(request.user, board=case.series.board):
        raise PermissionDenied
    form = CaseReopenForm(request.POST)
    if not form.is_valid():
        return _render_case(request, case, reopen_form=form, status=INVALID)
    services.case_reopen(case=case, reopened_by=_staff(request), reason=form.cleaned_data["reason"])
    messages.success(request, _("The case was reopened."))
    return redirect("registry:case_detail", case_id=case.pk)


@require_POST
@role_required(Role.REGISTRAR)
def access_request_handled(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access_request = selectors.access_request_get(access_request_id)
    if access_request is None:
        raise Http404
    if not selectors.user_can_register(
        request.user, board=access_request.document.case.series.board
    ):
        raise PermissionDenied
    services.access_request_mark_handled(
        access_request=access_request,
        handled_by=_staff(request),
        note=request.POST.get("note", ""),
    )
    messages.success(
        request,
        _("The request %(number)s is marked as handled.")
        % {"number": access_request.document.number},
    )
    return redirect("registry:case_list")


@role_required(Role.REGISTRAR)
def access_request_description(request: HttpRequest, access_request_id: int) -> HttpResponse:
    """The registrar reads what the requester wrote and decides what the postlista says:
    until then it shows only the generic description."""
    access_request = selectors.access_request_get(access_request_id)
    if access_request is None:
        raise Http404
    document = access_request.document
    if not selectors.user_can_register(request.user, board=document.case.series.board):
        raise PermissionDenied
    form = AccessRequestDescriptionForm(
        request.POST or None,
        initial={"description": services.access_request_proposed_description(access_request)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.access_request_confirm_description(
                access_request=access_request,
                confirmed_by=_staff(request),
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The description is published in the postlista."))
            return redirect("registry:case_list")
    return render(
        request,
        "registry/access_request_description.html",
        {"access_request": access_request, "document": document, "form": form},
        status=INVALID if form.is_bound else 200,
    )


@staff_required
def attachment_download(
    request: HttpRequest, document_id: int, attachment_id: int
) -> HttpResponseBase:
    document = _document_or_404(document_id)
    attachment = next((a for a in document.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    if not selectors.staff_document(request.user, document).files_open:
        raise PermissionDenied
    return download_response(attachment.file, filename=attachment.original_name)


def _access_request_or_404(request: HttpRequest, access_request_id: int) -> AccessRequest:
    access_request = selectors.access_request_get(access_request_id)
    if access_request is None:
        raise Http404
    if not selectors.user_can_handle_access_request(request.user, access_request):
        raise PermissionDenied
    return access_request


@staff_required
def access_request_list(request: HttpRequest) -> HttpResponse:
    """The inbox: open requests of the user's boards and those given to them."""
    return render(
        request,
        "registry/access_request_list.html",
        {"rows": selectors.access_requests_inbox(request.user)},
    )


@staff_required
def access_request_detail(request: HttpRequest, access_request_id: int) -> HttpResponse:
    return _render_access_request(request, _access_request_or_404(request, access_request_id))


def _render_access_request(
    request: HttpRequest,
    access_request: AccessRequest,
    *,
    assign_form: AccessRequestAssignForm | None = None,
    decision_form: AccessRequestDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    from django.conf import settings

    board = access_request.document.case.series.board
    today = timezone.localdate()
    return render(
        request,
        "registry/access_request_detail.html",
        {
            "r": access_request,
            "overdue": access_request.status == AccessRequest.Status.RECEIVED
            and access_request.due_on is not None
            and access_request.due_on < today,
            "can_assign": selectors.user_can_register(request.user, board=board),
            "assign_form": assign_form
            or AccessRequestAssignForm(initial={"handler": access_request.handler_id}),
            "decision_form": decision_form or AccessRequestDecisionForm(),
            "history": selectors.access_request_history(access_request),
            "fee_first": settings.INSYN_COPY_FEE_FIRST,
            "fee_per_page": settings.INSYN_COPY_FEE_PER_PAGE,
        },
        status=status,
    )


@require_POST
@role_required(Role.REGISTRAR)
def access_request_assign(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access_request = _access_request_or_404(request, access_request_id)
    if not selectors.user_can_register(
        request.user, board=access_request.document.case.series.board
    ):
        raise PermissionDenied
    form = AccessRequestAssignForm(request.POST)
    if form.is_valid():
        try:
            services.access_request_assign(
                access_request=access_request,
                handler=form.cleaned_data["handler"],
                assigned_by=_staff(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The handler was saved."))
            return redirect("registry:access_request_detail", access_request_id=access_request.pk)
    return _render_access_request(request, access_request, assign_form=form, status=INVALID)


@require_POST
@staff_required
def access_request_decide(request: HttpRequest, access_request_id: int) -> HttpResponse:
    access_request = _access_request_or_404(request, access_request_id)
    form = AccessRequestDecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.access_request_decide(
                access_request=access_request,
                decided_by=_staff(request),
                outcome=data["outcome"],
                masked_parts=data["masked_parts"],
                secrecy_ground=data["secrecy_ground"],
                reason=data["reason"],
                pages=data["pages"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The request %(number)s is answered.")
                % {"number": access_request.document.number},
            )
            return redirect("registry:access_request_detail", access_request_id=access_request.pk)
    return _render_access_request(request, access_request, decision_form=form, status=INVALID)
