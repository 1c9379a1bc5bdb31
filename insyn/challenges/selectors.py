"""Reads and access checks of the challenge process."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from insyn.challenges.models import (
    Challenge,
    ChecklistTick,
    Exit,
    Meeting,
    ProcessDefinition,
    Step,
    StepEntry,
)
from insyn.core.models import Board, Role, RoleAssignment, User
from insyn.core.selectors import user_has_role
from insyn.registry.models import Document, Series
from insyn.registry.selectors import (  # the diarium's history, shown the same way
    HistoryEntry,
    PublicDocument,
    public_document,
    record_history,
)

# Roles that see every challenge; the heads of sectors and administrations see those of
# their own units.
ORGANISATION_WIDE = frozenset(
    {
        Role.BUSINESS_GUIDE,
        Role.CHIEF_EXECUTIVE,
        Role.BOARD_SECRETARY,
        Role.PROCUREMENT_OFFICER,
        Role.REGISTRAR,
        Role.ADMINISTRATOR,
    }
)
UNIT_SCOPED = frozenset({Role.SECTOR_HEAD, Role.ADMINISTRATION_HEAD})
STAFF_ROLES = ORGANISATION_WIDE | UNIT_SCOPED


def definition_active() -> ProcessDefinition | None:
    return ProcessDefinition.objects.filter(status=ProcessDefinition.Status.ACTIVE).first()


def definition_steps(definition: ProcessDefinition | None) -> list[Step]:
    if definition is None:
        return []
    return list(definition.steps.order_by("order"))


def deciding_board(challenge: Challenge) -> Board:
    """The board that decides: the definition's, else the board of the case's series."""
    if challenge.definition.board_id:
        return challenge.definition.board  # type: ignore[return-value]
    return challenge.case.series.board


def challenge_series() -> Series | None:
    return Series.objects.filter(prefix=settings.INSYN_CHALLENGE_SERIES, active=True).first()


# --- Who is told -----------------------------------------------------------------------


def _holders(role: str, challenge: Challenge) -> list[User]:
    assignments = RoleAssignment.objects.filter(role=role, user__is_active=True).select_related(
        "user", "unit", "board"
    )
    users: dict[int, User] = {}
    unit = challenge.activity_unit
    board = deciding_board(challenge) if role == Role.BOARD_SECRETARY else None
    for assignment in assignments:
        user = assignment.user
        if not user.email:
            continue
        if role in ORGANISATION_WIDE and board is None:
            covered = True
        elif board is not None:
            covered = assignment.board_id in (None, board.pk) and (
                assignment.unit is None or assignment.unit.board_id == board.pk
            )
        elif unit is not None:
            covered = user_has_role(user, role, unit=unit)
        else:
            covered = assignment.unit_id is None and assignment.board_id is None
        if covered:
            users[user.pk] = user
    return list(users.values())


def staff_addresses(*, roles: list[str], challenge: Challenge) -> list[str]:
    addresses: set[str] = set()
    for role in dict.fromkeys(roles):
        addresses.update(user.email for user in _holders(role, challenge))
    return sorted(addresses)


def leadership_addresses(*, challenge: Challenge) -> list[str]:
    """Who is told of a new challenge: the deciding board (through its secretaries), the
    chief executive and the head of the sector challenged."""
    return staff_addresses(
        roles=[Role.BOARD_SECRETARY, Role.CHIEF_EXECUTIVE, Role.SECTOR_HEAD],
        challenge=challenge,
    )


def responsible_addresses(challenge: Challenge) -> list[str]:
    """The assigned business guide if the step is theirs, and the step's role holders."""
    step = challenge.current_step
    addresses = set()
    if step is not None:
        addresses.update(staff_addresses(roles=[step.responsible_role], challenge=challenge))
        if (
            step.responsible_role == Role.BUSINESS_GUIDE
            and challenge.responsible is not None
            and challenge.responsible.email
        ):
            return [challenge.responsible.email]
    return sorted(addresses)


# --- Access -------------------------------------------------------------------------------


def user_can_view(user: User | AnonymousUser, challenge: Challenge) -> bool:
    if user_has_role(user, *ORGANISATION_WIDE):
        return True
    if challenge.activity_unit is None:
        return False
    return user_has_role(user, *UNIT_SCOPED, unit=challenge.activity_unit)


def user_can_guide(user: User | AnonymousUser, challenge: Challenge | None = None) -> bool:
    """The business guide leads the process: steps, letters, meetings, endings."""
    return user_has_role(user, Role.BUSINESS_GUIDE)


def user_can_tick(user: User | AnonymousUser, challenge: Challenge) -> bool:
    if user_can_guide(user):
        return True
    step = challenge.current_step
    if step is None:
        return False
    if step.responsible_role in ORGANISATION_WIDE:
        return user_has_role(user, step.responsible_role)
    return challenge.activity_unit is not None and user_has_role(
        user, step.responsible_role, unit=challenge.activity_unit
    )


def user_can_inform(user: User | AnonymousUser, challenge: Challenge) -> bool:
    """Stakeholders are informed by the sector; the guide may record it too."""
    if user_can_guide(user):
        return True
    return challenge.activity_unit is not None and user_has_role(
        user, *UNIT_SCOPED, unit=challenge.activity_unit
    )


user_can_analyse = user_can_inform


def user_can_decide(user: User | AnonymousUser, challenge: Challenge) -> bool:
    return user_has_role(user, Role.BOARD_SECRETARY, board=deciding_board(challenge))


def user_can_procure(user: User | AnonymousUser, challenge: Challenge) -> bool:
    return user_can_guide(user) or user_has_role(user, Role.PROCUREMENT_OFFICER)


def user_can_register(user: User | AnonymousUser) -> bool:
    """Registrars and business guides register challenges that came by post or e-mail."""
    return user_has_role(user, Role.REGISTRAR, Role.BUSINESS_GUIDE)


def user_can_edit_process(user: User | AnonymousUser) -> bool:
    return user_has_role(user, Role.ADMINISTRATOR)


# --- Staff pages ----------------------------------------------------------------------------


def _with_relations(qs: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return qs.select_related(
        "case__series__board", "current_step", "activity_unit__board", "responsible", "definition"
    )


@dataclass(frozen=True)
class InboxFilters:
    step: int | None = None  # the step's number
    unit: int | None = None
    overdue: bool = False
    closed: bool = False


def inbox(user: User | AnonymousUser, *, filters: InboxFilters) -> list[Challenge]:
    qs = Challenge.objects.all()
    qs = qs.filter(closed_on__isnull=not filters.closed)
    if filters.step is not None:
        qs = qs.filter(current_step__order=filters.step)
    if filters.unit is not None:
        qs = qs.filter(activity_unit_id=filters.unit)
    today = timezone.localdate()
    if filters.overdue:
        qs = qs.filter(step_due_on__lt=today)
    qs = _with_relations(qs).order_by("step_due_on", "-received_on", "-id")
    challenges = [c for c in qs[:500] if user_can_view(user, c)]
    # Open challenges with a due date first (soonest first), then those without.
    challenges.sort(key=lambda c: (c.step_due_on is None, c.step_due_on or today))
    return challenges


def challenge_get(challenge_id: int) -> Challenge | None:
    return _with_relations(Challenge.objects.filter(pk=challenge_id)).first()


def challenges_overdue(*, today: datetime.date) -> QuerySet[Challenge]:
    return _with_relations(
        Challenge.objects.filter(closed_on__isnull=True, step_due_on__lt=today)
    ).select_related("current_step")


@dataclass
class StepView:
    step: Step
    state: str  # "done", "current" or "coming"
    entries: list[StepEntry]
    items: list[tuple]  # (item, tick or None)


def challenge_steps(challenge: Challenge) -> list[StepView]:
    """The definition's steps with what happened in each: done, current or still to come."""
    entries: dict[int, list[StepEntry]] = {}
    for entry in challenge.step_entries.select_related("entered_by"):
        entries.setdefault(entry.step_id, []).append(entry)
    ticks = {
        tick.item_id: tick
        for tick in ChecklistTick.objects.filter(challenge=challenge).select_related("ticked_by")
    }
    current_order = challenge.current_step.order if challenge.current_step else None
    views = []
    steps = challenge.definition.steps.order_by("order").prefetch_related("checklist")
    for step in steps:
        if challenge.is_open and step.pk == challenge.current_step_id:
            state = "current"
        elif step.pk in entries:
            state = "done"
        elif current_order is not None and step.order < current_order:
            state = "skipped"
        else:
            state = "coming"
        items = [(item, ticks.get(item.pk)) for item in step.checklist.all()]
        views.append(StepView(step, state, entries.get(step.pk, []), items))
    return views


def challenge_documents(challenge: Challenge) -> list[Document]:
    return list(
        challenge.case.documents.select_related("registered_by", "secrecy_ground")
        .prefetch_related("attachments")
        .order_by("sequence")
    )


def challenge_emails(challenge: Challenge):
    return challenge.case.emails.order_by("-created_at")


def meeting_history(meeting: Meeting) -> list[HistoryEntry]:
    """Who recorded and corrected the meeting, when, why and what changed."""
    return record_history(meeting)


def challenge_detail_relations(challenge: Challenge) -> dict:
    meetings = list(challenge.meetings.select_related("minutes", "recorded_by"))
    return {
        "meetings": meetings,
        "meeting_history": {m.pk: meeting_history(m) for m in meetings},
        "stakeholders": list(
            challenge.stakeholder_information.select_related("step", "recorded_by")
        ),
        "analyses": list(challenge.impact_analyses.select_related("document", "recorded_by")),
        "decision": getattr(challenge, "decision", None),
    }


def guides() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.BUSINESS_GUIDE)
        .distinct()
        .order_by("first_name", "last_name")
    )


def procurement_officers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, role_assignments__role=Role.PROCUREMENT_OFFICER)
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- Public pages ---------------------------------------------------------------------------


def public_activity(challenge: Challenge) -> str:
    """The activity as the public sees it. A private person's own description could hold
    their identity, so it is shown only once the kommun has named the unit."""
    if challenge.activity_unit is not None:
        return challenge.activity_unit.name
    if challenge.is_private_person:
        return _("an activity described by the challenger")
    return challenge.activity_label


def public_status(challenge: Challenge) -> str:
    if challenge.outcome and not (challenge.outcome == Exit.ACCEPTED and challenge.is_open):
        return str(Exit(challenge.outcome).label)
    if challenge.current_step is not None:
        return str(challenge.current_step)
    return ""


@dataclass(frozen=True)
class PublicChallenge:
    number: str
    activity: str
    received_on: datetime.date
    step: str
    step_number: int | None
    outcome: str
    outcome_code: str
    is_open: bool
    case_number: str


def public_challenges(*, limit: int | None = None) -> list[PublicChallenge]:
    """Every challenge for /utmaningar/ (or the newest `limit`): never the challenger's
    name or contact details."""
    qs = Challenge.objects.select_related("case", "current_step", "activity_unit").order_by(
        "-received_on", "-id"
    )
    if limit is not None:
        qs = qs[:limit]
    return [
        PublicChallenge(
            number=c.case.number,
            activity=public_activity(c),
            received_on=c.received_on,
            step=str(c.current_step) if c.current_step and c.is_open else "",
            step_number=c.current_step.order if c.current_step and c.is_open else None,
            outcome=str(Exit(c.outcome).label) if c.outcome else "",
            outcome_code=c.outcome,
            is_open=c.is_open,
            case_number=c.case.number,
        )
        for c in qs
    ]


def challenge_for_token(token: str) -> Challenge | None:
    from insyn.challenges.services import status_token_check

    nonce = status_token_check(token)
    if nonce is None:
        return None
    return _with_relations(Challenge.objects.filter(status_nonce=nonce)).first()


def challenger_documents(challenge: Challenge) -> list[PublicDocument]:
    """The case's documents as the challenger sees them on the status page: as the public
    does, so secret entries stay masked."""
    return [
        public_document(document)
        for document in challenge.case.documents.select_related(
            "case__series__board", "counterpart_party", "secrecy_ground"
        ).order_by("sequence")
    ]


def exit_allowed(challenge: Challenge, exit: str) -> bool:
    step = challenge.current_step
    return challenge.is_open and step is not None and exit in step.exits
