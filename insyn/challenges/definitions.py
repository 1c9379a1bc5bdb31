"""Writes and reads of the process definitions: how an administrator changes the challenge
process. A running challenge keeps the version it started on (Challenge.definition), so
only a draft is ever changed; to change the process one makes a new version, edits the
draft and activates it. The version it replaces is retired, and its challenges run to the
end on it unchanged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.challenges.models import Action, ChecklistItem, Exit, ProcessDefinition, Step
from insyn.core.i18n import in_organisation_language
from insyn.core.models import Board, Role, User

# Enough for a year of working days; a larger number is a typing error.
MAX_DEADLINE = 365


def _in_use_error() -> ValidationError:
    return ValidationError(
        _("A version in use is never changed; make a new version."), code="in_use"
    )


def _lock_draft(definition: ProcessDefinition) -> ProcessDefinition:
    """The definition, locked for the rest of the transaction, if it may still change.
    Locking makes an edit and a concurrent activation of the same draft take turns."""
    locked = ProcessDefinition.objects.select_for_update().get(pk=definition.pk)
    # A draft is never used by a challenge (only the active version is started on); the
    # second check guards against data changed by hand.
    if not locked.is_draft or locked.challenges.exists():
        raise _in_use_error()
    return locked


# --- Reads ----------------------------------------------------------------------------


def definitions_all() -> QuerySet[ProcessDefinition]:
    """Every version, newest first, with its number of steps and of challenges."""
    return ProcessDefinition.objects.select_related("board", "based_on").annotate(
        step_count=Count("steps", distinct=True),
        challenge_count=Count("challenges", distinct=True),
    )


def definition_get(definition_id: int) -> ProcessDefinition | None:
    return definitions_all().filter(pk=definition_id).first()


def definition_steps(definition: ProcessDefinition) -> list[Step]:
    """The steps with their checklists and next steps, for the detail and edit pages."""
    return list(definition.steps.order_by("order").prefetch_related("checklist", "next_steps"))


def step_get(definition: ProcessDefinition, step_id: int) -> Step | None:
    return definition.steps.filter(pk=step_id).prefetch_related("checklist", "next_steps").first()


def boards() -> QuerySet[Board]:
    return Board.objects.filter(active=True).order_by("name")


# --- New version, update ------------------------------------------------------------


@in_organisation_language
@transaction.atomic
def definition_new_version(*, definition: ProcessDefinition, user: User) -> ProcessDefinition:
    """Copy `definition` (any status) with every step, checklist item, next step and exit
    into a new draft numbered after the newest version."""
    # Locking every version (a handful of rows) makes two administrators who press "new
    # version" at once get numbers one after the other instead of a clash.
    versions = list(ProcessDefinition.objects.select_for_update().values_list("version", flat=True))
    source = ProcessDefinition.objects.get(pk=definition.pk)
    draft = ProcessDefinition(
        name=source.name,
        version=max(versions, default=0) + 1,
        description=source.description,
        status=ProcessDefinition.Status.DRAFT,
        based_on=source,
        board=source.board,
    )
    draft._history_user = user  # type: ignore[attr-defined]
    draft._change_reason = _("New version of v%(version)s") % {"version": source.version}  # type: ignore[attr-defined]
    draft.save()

    copies: dict[int, Step] = {}
    old_steps = list(source.steps.order_by("order").prefetch_related("checklist", "next_steps"))
    for step in old_steps:
        copy = Step.objects.create(
            definition=draft,
            order=step.order,
            name=step.name,
            description=step.description,
            responsible_role=step.responsible_role,
            expected_documents=step.expected_documents,
            deadline_working_days=step.deadline_working_days,
            notify_roles=list(step.notify_roles),
            notify_challenger=step.notify_challenger,
            exits=list(step.exits),
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                step=copy, order=item.order, text=item.text, action=item.action,
                required=item.required,
            )
            for item in step.checklist.all()
        )  # fmt: skip
        copies[step.pk] = copy
    for step in old_steps:
        # Only links inside the definition are copied: a link to another version's step
        # (which activation refuses anyway) must not carry over into the new draft.
        copies[step.pk].next_steps.set(
            [copies[n.pk] for n in step.next_steps.all() if n.pk in copies]
        )
    return draft


@in_organisation_language
@transaction.atomic
def definition_update(
    *,
    definition: ProcessDefinition,
    name: str,
    description: str,
    board: Board | None,
    user: User | None = None,
) -> ProcessDefinition:
    definition = _lock_draft(definition)
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the process a name.")
    elif len(name.strip()) > 200:
        errors["name"] = _("At most 200 characters.")
    if board is not None and not board.active:
        errors["board"] = _("Choose an active board.")
    if errors:
        raise ValidationError(errors)
    definition.name = name.strip()
    definition.description = description.strip()
    definition.board = board
    definition._history_user = user  # type: ignore[attr-defined]
    definition.save()
    return definition


# --- Steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistRow:
    """One checklist item as the step form gives it."""

    text: str
    action: str = ""
    required: bool = True
    order: int | None = None


def _clean_checklist(rows: Sequence[ChecklistRow]) -> tuple[list[ChecklistRow], list[str]]:
    cleaned: list[tuple[int, int, ChecklistRow]] = []
    problems: list[str] = []
    for position, row in enumerate(rows, start=1):
        text = row.text.strip()
        if not text:
            problems.append(_("Item %(n)s: write the item's text.") % {"n": position})
            continue
        if len(text) > 300:
            problems.append(_("Item %(n)s: at most 300 characters.") % {"n": position})
        if row.action and row.action not in Action.values:
            problems.append(_("Item %(n)s: unknown action.") % {"n": position})
        if row.order is not None and row.order < 0:
            problems.append(_("Item %(n)s: the order cannot be negative.") % {"n": position})
        order = row.order if row.order is not None else position
        cleaned.append((order, position, ChecklistRow(text, row.action, bool(row.required))))
    # Items are numbered 1, 2, 3… in the order asked for; rows without one keep their place.
    cleaned.sort(key=lambda entry: (entry[0], entry[1]))
    return [
        ChecklistRow(row.text, row.action, row.required, number)
        for number, (_order, _position, row) in enumerate(cleaned, start=1)
    ], problems


def _ids(values: Iterable[Step | int | str]) -> tuple[set[int], bool]:
    """The ids of `values` (steps or ids as typed); False if any is not a number."""
    ids: set[int] = set()
    for value in values:
        if isinstance(value, Step):
            ids.add(value.pk)
            continue
        try:
            ids.add(int(value))
        except (TypeError, ValueError):
            return ids, False
    return ids, True


@in_organisation_language
@transaction.atomic
def step_save(
    *,
    definition: ProcessDefinition,
    step: Step | None = None,
    name: str,
    description: str = "",
    responsible_role: str,
    deadline_working_days: int | None = None,
    notify_roles: Sequence[str] = (),
    notify_challenger: bool = False,
    expected_documents: str = "",
    next_steps: Iterable[Step | int] = (),
    exits: Sequence[str] = (),
    checklist: Sequence[ChecklistRow] | None = None,
    user: User | None = None,
) -> Step:
    """Create a step at the end of a draft, or change one of its steps. `checklist`, when
    given, replaces the step's items (a draft has no ticks, so nothing refers to them);
    None leaves them as they are."""
    definition = _lock_draft(definition)
    if step is not None and step.definition_id != definition.pk:
        raise ValidationError(_("The step belongs to another process."))
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the step a name.")
    elif len(name.strip()) > 200:
        errors["name"] = _("At most 200 characters.")
    if responsible_role not in Role.values:
        errors["responsible_role"] = _("Choose a role.")
    if deadline_working_days is not None and not (0 < deadline_working_days <= MAX_DEADLINE):
        errors["deadline_working_days"] = _(
            "Give a number of working days from 1 to %(max)s, or leave it empty."
        ) % {"max": MAX_DEADLINE}
    if set(notify_roles) - set(Role.values):
        errors["notify_roles"] = _("Choose among the roles listed.")
    if set(exits) - set(Exit.values):
        errors["exits"] = _("Choose among the endings listed.")
    ids, numeric = _ids(next_steps)
    own = set(definition.steps.filter(pk__in=ids).values_list("pk", flat=True))
    if not numeric or ids - own:
        errors["next_steps"] = _("Choose among this process's steps.")
    elif step is not None and step.pk in ids:
        errors["next_steps"] = _("A step cannot follow itself.")
    rows: list[ChecklistRow] = []
    if checklist is not None:
        rows, problems = _clean_checklist(checklist)
        if problems:
            errors["checklist"] = " ".join(problems)
    if errors:
        raise ValidationError(errors)

    if step is None:
        last = definition.steps.order_by("-order").values_list("order", flat=True).first()
        step = Step(definition=definition, order=(last or 0) + 1)
    else:
        step = Step.objects.get(pk=step.pk)
    step.name = name.strip()
    step.description = description.strip()
    step.responsible_role = responsible_role
    step.deadline_working_days = deadline_working_days
    # Stored in the order of the Role and Exit choices, so a page lists them the same way
    # whatever order the form sent them in.
    step.notify_roles = [role for role in Role.values if role in set(notify_roles)]
    step.notify_challenger = bool(notify_challenger)
    step.expected_documents = "\n".join(
        line.strip() for line in expected_documents.splitlines() if line.strip()
    )
    step.exits = [value for value in Exit.values if value in set(exits)]
    step.save()
    step.next_steps.set(sorted(own))
    if checklist is not None:
        step.checklist.all().delete()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                step=step, order=row.order or 0, text=row.text, action=row.action,
                required=row.required,
            )
            for row in rows
        )  # fmt: skip
    _touch(definition, user=user)
    return step


@in_organisation_language
@transaction.atomic
def step_delete(*, step: Step, user: User | None = None) -> None:
    """Remove a step of a draft; the steps after it move up one, so the numbers stay 1, 2,
    3…; links to it from other steps go with it."""
    definition = _lock_draft(step.definition)
    step = Step.objects.get(pk=step.pk, definition=definition)
    removed = step.order
    step.delete()
    # One at a time from the front: each moves into the number just freed, so the unique
    # (definition, order) constraint holds after every statement.
    for following in definition.steps.filter(order__gt=removed).order_by("order"):
        following.order -= 1
        following.save(update_fields=["order"])
    _touch(definition, user=user)


def _touch(definition: ProcessDefinition, *, user: User | None = None) -> None:
    # The definition's history then shows when its steps were last changed, and by whom.
    definition._history_user = user  # type: ignore[attr-defined]
    definition._change_reason = _("Steps changed")  # type: ignore[attr-defined]
    definition.save()


# --- Activation -------------------------------------------------------------------------


def definition_problems(definition: ProcessDefinition) -> list[str]:
    """What stops a draft from being activated; empty when it can be."""
    steps = definition_steps(definition)
    if not steps:
        return [_("The process has no steps.")]
    problems = []
    last = steps[-1]
    for step in steps:
        foreign = [n for n in step.next_steps.all() if n.definition_id != definition.pk]
        if foreign:
            problems.append(_("Step %(step)s leads to a step of another version.") % {"step": step})
        if step.pk == last.pk:
            continue
        # Every exit ends the challenge in this step (accepted too, when no step follows),
        # so a step with one is not a dead end.
        if not step.next_steps.all() and not step.exits:
            problems.append(
                _("Step %(step)s has neither a next step nor an ending.") % {"step": step}
            )
    return problems


@in_organisation_language
@transaction.atomic
def definition_activate(*, definition: ProcessDefinition, user: User) -> ProcessDefinition:
    """Make a draft the active version; the version it replaces is retired. New challenges
    start on it from now; running ones stay on theirs."""
    definition = _lock_draft(definition)
    problems = definition_problems(definition)
    if problems:
        raise ValidationError(problems)
    for previous in ProcessDefinition.objects.select_for_update().filter(
        status=ProcessDefinition.Status.ACTIVE
    ):
        # Retired first: only one version may be active at a time (a unique constraint).
        previous.status = ProcessDefinition.Status.RETIRED
        previous._history_user = user  # type: ignore[attr-defined]
        previous._change_reason = _("Replaced by v%(version)s") % {  # type: ignore[attr-defined]
            "version": definition.version
        }
        previous.save()
    definition.status = ProcessDefinition.Status.ACTIVE
    definition.activated_at = timezone.now()
    definition._history_user = user  # type: ignore[attr-defined]
    definition._change_reason = _("Activated")  # type: ignore[attr-defined]
    definition.save()
    return definition
