"""Reads and access checks for the organisation, its units and its people."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from insyn.core.models import Board, Organisation, Party, Role, RoleAssignment, Unit, User

T = TypeVar("T")


class ProcessCache(Generic[T]):
    """A small value read on every page, kept in this process for `seconds`.

    For the few rows that every public page shows and that change only through the admin
    (the organisation, the boards): reading them costs a query per request, which is more
    than the rest of a light page. The value is forgotten at once when one of `depends_on` is
    saved or deleted in this process; another server process sees the change within
    `seconds`. Not Django's cache on purpose: in production that is the database, so a
    cache read would cost the same query it saves.
    """

    def __init__(
        self,
        load: Callable[[], T],
        *,
        seconds: float,
        depends_on: Iterable[type[models.Model]],
    ):
        self._load = load
        self._seconds = seconds
        self._lock = threading.Lock()
        self._value: T | None = None
        self._expires = 0.0
        for model in depends_on:
            post_save.connect(self.clear, sender=model, weak=False)
            post_delete.connect(self.clear, sender=model, weak=False)

    def get(self) -> T:
        with self._lock:
            if time.monotonic() < self._expires:
                return self._value  # type: ignore[return-value]
        value = self._load()
        with self._lock:
            self._value, self._expires = value, time.monotonic() + self._seconds
        return value

    def clear(self, **kwargs: object) -> None:
        with self._lock:
            self._value, self._expires = None, 0.0


# How long another server process may show an organisation or board changed in the admin.
REFERENCE_SECONDS = 60


def organisation_get() -> Organisation | None:
    return Organisation.objects.first()


_organisation = ProcessCache(organisation_get, seconds=REFERENCE_SECONDS, depends_on=[Organisation])


def organisation_for_pages() -> Organisation | None:
    """The organisation as page headers and footers show it (kept for a minute)."""
    return _organisation.get()


def boards_active() -> QuerySet[Board]:
    return Board.objects.filter(active=True).order_by("name")


def units_active() -> QuerySet[Unit]:
    return Unit.objects.filter(active=True).select_related("board").order_by("board__name", "name")


def _assignments(user: User | AnonymousUser, roles: Iterable[str]) -> list[RoleAssignment]:
    if not user.is_authenticated or not user.is_active:
        return []
    # Cached per request object: a page asks several questions of the same user.
    cache: dict[str, list[RoleAssignment]] = user.__dict__.setdefault("_insyn_roles", {})
    key = "all"
    if key not in cache:
        cache[key] = list(RoleAssignment.objects.filter(user=user).select_related("unit", "board"))
    wanted = set(roles)
    return [a for a in cache[key] if a.role in wanted]


def user_has_role(
    user: User | AnonymousUser,
    *roles: str,
    unit: Unit | None = None,
    board: Board | None = None,
) -> bool:
    """True if the user holds one of `roles` in a scope that covers the target.

    An assignment covers: everything, when it has neither unit nor board; a whole board;
    or a unit and every unit beneath it. With no target, any assignment of the role counts.
    For a board target, an assignment to a unit of that board counts too: a registrar of
    a förvaltning registers in its board's series. Superusers pass every check.
    """
    if user.is_authenticated and user.is_superuser and user.is_active:
        return True
    assignments = _assignments(user, roles)
    if not assignments:
        return False
    if unit is None and board is None:
        return True
    target_board_id = unit.board_id if unit is not None else board.pk  # type: ignore[union-attr]
    chain_ids = {u.pk for u in unit.ancestors(include_self=True)} if unit is not None else set()
    for assignment in assignments:
        if assignment.unit_id is None and assignment.board_id is None:
            return True
        if assignment.unit_id is None and assignment.board_id == target_board_id:
            return True
        if unit is None and assignment.board_id == target_board_id:
            return True
        if assignment.unit_id in chain_ids:
            return True
    return False


def user_is_staff_member(user: User | AnonymousUser) -> bool:
    """Anyone with at least one role (or a superuser) may use the staff pages."""
    return user_has_role(user, *Role.values)


def user_roles(user: User | AnonymousUser) -> list[RoleAssignment]:
    return _assignments(user, Role.values)


def users_with_role(role: str, *, board: Board | None = None) -> QuerySet[User]:
    """Active users holding `role` for the whole organisation or for `board`."""
    from django.db.models import Q

    if board is None:
        return User.objects.filter(is_active=True, role_assignments__role=role).distinct()
    # One filter on the relation: the role and its scope must be the same assignment.
    return User.objects.filter(
        Q(role_assignments__board__isnull=True, role_assignments__unit__isnull=True)
        | Q(role_assignments__board=board)
        | Q(role_assignments__unit__board=board),
        is_active=True,
        role_assignments__role=role,
    ).distinct()


def party_find_by_org_number(org_number: str) -> Party | None:
    return Party.objects.filter(org_number=org_number).first() if org_number else None
