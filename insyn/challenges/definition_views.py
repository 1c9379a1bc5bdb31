"""Administrators' pages for the process definitions: the versions, one version's steps and
checklists, and the editing of a draft. Thin views over insyn/challenges/definitions.py."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from insyn.challenges import definitions
from insyn.challenges.definition_forms import (
    ChecklistFormSet,
    DefinitionForm,
    StepForm,
    checklist_initial,
    checklist_rows,
)
from insyn.challenges.models import Exit, ProcessDefinition, Step
from insyn.core.forms import add_service_errors
from insyn.core.models import Role, User
from insyn.core.permissions import role_required

INVALID = 422  # a form with errors is re-rendered with what was typed, and this status
IN_USE = 409  # a change to a version that challenges may use is refused


def _staff(request: HttpRequest) -> User:
    return cast(User, request.user)


def _definition_or_404(definition_id: int) -> ProcessDefinition:
    definition = definitions.definition_get(definition_id)
    if definition is None:
        raise Http404
    return definition


def _step_or_404(definition: ProcessDefinition, step_id: int) -> Step:
    step = definitions.step_get(definition, step_id)
    if step is None:
        raise Http404
    return step


def _role_labels(values: list[str]) -> str:
    return "; ".join(str(Role(v).label) for v in values if v in Role.values)


def _exit_labels(values: list[str]) -> str:
    return "; ".join(str(Exit(v).label) for v in values if v in Exit.values)


def _detail(
    request: HttpRequest,
    definition: ProcessDefinition,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "challenges/definition_detail.html",
        {
            "definition": definition,
            "steps": definitions.definition_steps(definition),
            "problems": definitions.definition_problems(definition) if definition.is_draft else [],
            "errors": errors or [],
            "role_labels": _role_labels,
            "exit_labels": _exit_labels,
        },
        status=status,
    )


def _refuse_in_use(request: HttpRequest, definition: ProcessDefinition) -> HttpResponse:
    """A version that is active or retired stays as it is. A page to change it leads back
    to the version; a change sent anyway is refused with the reason."""
    message = _("A version in use is never changed; make a new version.")
    if request.method == "POST":
        return _detail(request, definition, errors=[message], status=IN_USE)
    messages.error(request, message)
    return redirect("challenges:definition_detail", definition_id=definition.pk)


@role_required(Role.ADMINISTRATOR)
def definition_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "challenges/definition_list.html",
        {"definitions": list(definitions.definitions_all())},
    )


@role_required(Role.ADMINISTRATOR)
def definition_detail(request: HttpRequest, definition_id: int) -> HttpResponse:
    return _detail(request, _definition_or_404(definition_id))


@require_POST
@role_required(Role.ADMINISTRATOR)
def definition_new_version(request: HttpRequest, definition_id: int) -> HttpResponse:
    source = _definition_or_404(definition_id)
    draft = definitions.definition_new_version(definition=source, user=_staff(request))
    messages.success(
        request,
        _("Version %(version)s is a draft copy of version %(source)s. Change it, then activate it.")
        % {"version": draft.version, "source": source.version},
    )
    return redirect("challenges:definition_detail", definition_id=draft.pk)


@role_required(Role.ADMINISTRATOR)
def definition_edit(request: HttpRequest, definition_id: int) -> HttpResponse:
    definition = _definition_or_404(definition_id)
    if not definition.is_draft:
        return _refuse_in_use(request, definition)
    form = DefinitionForm(
        request.POST or None,
        initial={
            "name": definition.name,
            "description": definition.description,
            "board": definition.board_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            definitions.definition_update(
                definition=definition,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                board=form.cleaned_data["board"],
                user=_staff(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The version was saved."))
            return redirect("challenges:definition_detail", definition_id=definition.pk)
    return render(
        request,
        "challenges/definition_edit.html",
        {"definition": definition, "form": form},
        status=INVALID if form.is_bound else 200,
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def definition_activate(request: HttpRequest, definition_id: int) -> HttpResponse:
    definition = _definition_or_404(definition_id)
    if not definition.is_draft:
        return _refuse_in_use(request, definition)
    try:
        definitions.definition_activate(definition=definition, user=_staff(request))
    except ValidationError as error:
        return _detail(request, definition, errors=error.messages, status=INVALID)
    messages.success(
        request,
        _("Version %(version)s is active: new challenges follow it.")
        % {"version": definition.version},
    )
    return redirect("challenges:definition_detail", definition_id=definition.pk)


def _step_page(
    request: HttpRequest, definition: ProcessDefinition, step: Step | None
) -> HttpResponse:
    if not definition.is_draft:
        return _refuse_in_use(request, definition)
    data = request.POST if request.method == "POST" else None
    initial = {}
    if step is not None:
        initial = {
            "name": step.name,
            "description": step.description,
            "responsible_role": step.responsible_role,
            "deadline_working_days": step.deadline_working_days,
            "notify_roles": step.notify_roles,
            "notify_challenger": step.notify_challenger,
            "expected_documents": step.expected_documents,
            "next_steps": [s.pk for s in step.next_steps.all()],
            "exits": step.exits,
        }
    form = StepForm(data, definition=definition, step=step, initial=initial)
    # The posted rows alone say what the checklist becomes: with the stored items as
    # initial data too, a row posted unchanged would count as empty and be dropped.
    formset = ChecklistFormSet(
        data, prefix="checklist", initial=None if data is not None else checklist_initial(step)
    )
    if data is not None and form.is_valid() and formset.is_valid():
        fields = form.cleaned_data
        try:
            saved = definitions.step_save(
                definition=definition,
                step=step,
                name=fields["name"],
                description=fields["description"],
                responsible_role=fields["responsible_role"],
                deadline_working_days=fields["deadline_working_days"],
                notify_roles=fields["notify_roles"],
                notify_challenger=fields["notify_challenger"],
                expected_documents=fields["expected_documents"],
                next_steps=list(fields["next_steps"]),
                exits=fields["exits"],
                checklist=checklist_rows(formset),
                user=_staff(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Step %(step)s was saved.") % {"step": saved})
            url = reverse("challenges:definition_detail", args=[definition.pk])
            return redirect(f"{url}#step-{saved.order}")
    return render(
        request,
        "challenges/definition_step.html",
        {"definition": definition, "step": step, "form": form, "formset": formset},
        status=INVALID if data is not None else 200,
    )


@role_required(Role.ADMINISTRATOR)
def step_add(request: HttpRequest, definition_id: int) -> HttpResponse:
    return _step_page(request, _definition_or_404(definition_id), None)


@role_required(Role.ADMINISTRATOR)
def step_edit(request: HttpRequest, definition_id: int, step_id: int) -> HttpResponse:
    definition = _definition_or_404(definition_id)
    return _step_page(request, definition, _step_or_404(definition, step_id))


@role_required(Role.ADMINISTRATOR)
def step_delete(request: HttpRequest, definition_id: int, step_id: int) -> HttpResponse:
    """GET asks to confirm (the page works without script); POST removes the step."""
    definition = _definition_or_404(definition_id)
    step = _step_or_404(definition, step_id)
    if not definition.is_draft:
        return _refuse_in_use(request, definition)
    if request.method == "POST":
        try:
            definitions.step_delete(step=step, user=_staff(request))
        except ValidationError as error:
            return _detail(request, definition, errors=error.messages, status=INVALID)
        messages.success(request, _("Step %(step)s was removed.") % {"step": step})
        return redirect("challenges:definition_detail", definition_id=definition.pk)
    return render(
        request,
        "challenges/definition_step_delete.html",
        {"definition": definition, "step": step},
    )
