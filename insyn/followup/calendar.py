"""The annual cycle (årshjul) as calendar feeds that Outlook and other calendar programs
subscribe to: one per board (public, like the cycle itself), and one per person, which
adds the follow-ups and measures that person answers for.

A calendar program fetches a feed without signing in, so the person's feed is opened by
a secret link of insyn.core.links: a nonce and its HMAC under SECRET_KEY, which expires,
can be revoked on its own by the person, and whose use is recorded. Rotating the key
(with the old one among SECRET_KEY_FALLBACKS for a while) still withdraws every link.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from insyn.core import links
from insyn.core.models import Board, Role, RoleAssignment, SecretLink, User
from insyn.core.selectors import user_has_role
from insyn.followup import selectors
from insyn.followup.models import CycleEvent, Measure, PlanItem

# A subscribed calendar shows the running and the coming work; older years stay on the
# cycle page. The feed starts with the previous year so January still shows December.
YEARS_BACK = 1

KIND_WORDS: dict[str, str] = {
    CycleEvent.Kind.BUDGET: "Budget",
    CycleEvent.Kind.BUSINESS_PLAN: "Verksamhetsplan",
    CycleEvent.Kind.PROCUREMENT_NEEDS: "Upphandlingsbehov",
    CycleEvent.Kind.FOLLOW_UP: "Uppföljning",
    CycleEvent.Kind.REPORTING: "Rapportering med årsredovisningen",
    CycleEvent.Kind.OTHER: "Övrigt",
}


# --- The person's secret link -----------------------------------------------------------


def person_feed_links(user: User) -> list[SecretLink]:
    """The person's feed links that still work, newest first, each with `url` set."""
    found = [
        link
        for link in links.links_for(SecretLink.Kind.CALENDAR_FEED, user.pk)
        if links.link_is_valid(link)
    ]
    for link in found:
        link.url = links.link_url(link)  # type: ignore[attr-defined]
    return found


def person_feed_link_get(user: User, link_id: int) -> SecretLink | None:
    return links.links_for(SecretLink.Kind.CALENDAR_FEED, user.pk).filter(pk=link_id).first()


def person_for_link(link: SecretLink) -> User | None:
    """The active user whose feed a valid link opens, or None."""
    if link.kind != SecretLink.Kind.CALENDAR_FEED:
        return None
    return User.objects.filter(pk=link.object_id, is_active=True).first()


def board_feed_url(board: Board) -> str:
    return settings.INSYN_BASE_URL + reverse("portal:cycle_board_feed", args=[board.code])


# --- Who plans the steps ------------------------------------------------------------------


def user_can_plan_step(user: User | AnonymousUser, board: Board | None) -> bool:
    """A board's steps are planned by those who draft its follow-up plan (the head of its
    administration, its secretary); the steps of the whole organisation by an
    administrator only, as they bind every board."""
    if board is None:
        return user_has_role(user, Role.ADMINISTRATOR)
    return selectors.user_can_plan(user, board)


def step_boards(user: User | AnonymousUser) -> list[Board]:
    """The boards whose steps the user may plan."""
    return selectors.planner_boards(user)


def cycle_event_get(event_id: int) -> CycleEvent | None:
    return CycleEvent.objects.select_related("board").filter(pk=event_id).first()


# --- What the cycle page and the feeds show --------------------------------------------------


def cycle_events(*, year: int | None = None, board: Board | None = None) -> QuerySet[CycleEvent]:
    """The organisation-wide steps and, with `board`, that board's own; without a board,
    every board's steps."""
    events = CycleEvent.objects.select_related("board").order_by("starts_on", "ends_on", "id")
    if year is not None:
        events = events.filter(year=year)
    if board is not None:
        events = events.filter(Q(board__isnull=True) | Q(board=board))
    return events


def cycle_years() -> list[int]:
    return sorted(set(CycleEvent.objects.values_list("year", flat=True)))


def board_by_code(code: str) -> Board | None:
    return Board.objects.filter(code__iexact=code, active=True).first()


def _person_board_filter(user: User) -> Q | None:
    """The boards whose steps are the person's: those of their roles (a role for the whole
    organisation covers every board). None means every board."""
    board_ids: set[int] = set()
    for assignment in RoleAssignment.objects.filter(user=user).select_related("unit"):
        if assignment.board_id is None and assignment.unit_id is None:
            return None
        board_ids.add(assignment.board_id or assignment.unit.board_id)  # type: ignore[union-attr,arg-type]
    return Q(board__isnull=True) | Q(board_id__in=board_ids)


def person_plan_items(user: User) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(responsible=user).select_related("plan__board", "contract")


def person_measures(user: User) -> QuerySet[Measure]:
    """The measures of reports on the contracts the person manages that are not done."""
    return (
        Measure.objects.filter(report__contract__contract_manager=user)
        .exclude(status=Measure.Status.DONE)
        .select_related("report__contract")
    )


# --- iCalendar ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    uid: str
    summary: str
    starts_on: datetime.date
    ends_on: datetime.date  # inclusive, as the cycle page shows it
    description: str = ""
    categories: str = ""


def _host() -> str:
    return urlsplit(settings.INSYN_BASE_URL).hostname or "insyn"


def _short(text: str, length: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= length else line[: length - 1] + "…"


def _event_entries(events: Iterable[CycleEvent]) -> list[Entry]:
    host = _host()
    return [
        Entry(
            uid=f"cycle-event-{e.pk}@{host}",
            summary=f"{e.title} ({e.board.code})" if e.board else e.title,
            starts_on=e.starts_on,
            ends_on=e.ends_on,
            description=e.description,
            categories=KIND_WORDS.get(e.kind, ""),  # type: ignore[call-overload]
        )
        for e in events
    ]


def _person_entries(user: User, since: int) -> list[Entry]:
    host = _host()
    entries = [
        Entry(
            uid=f"plan-item-{item.pk}@{host}",
            summary=f"Uppföljning: {item.contract.number} {item.contract.title}",
            starts_on=item.due_on,
            ends_on=item.due_on,
            description=f"{item.plan.board.name}, uppföljningsplan {item.plan.year}. "
            f"Så följs avtalet upp: {item.method}",
            categories=KIND_WORDS[CycleEvent.Kind.FOLLOW_UP],
        )
        for item in person_plan_items(user).filter(plan__year__gte=since)
    ]
    entries += [
        Entry(
            uid=f"measure-{m.pk}@{host}",
            summary=f"Åtgärd {m.report.contract.number}: {_short(m.description)}",
            starts_on=m.due_on,
            ends_on=m.due_on,
            description=f"Klart senast denna dag.\n{m.description}\nAnsvarig: {m.responsible}",
            categories="Åtgärd",
        )
        for m in person_measures(user).filter(due_on__year__gte=since)
    ]
    return entries


def _calendar(name: str, entries: Iterable[Entry]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//insyn//Årshjul//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    # How often a subscribing program should fetch the feed again.
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("summary", entry.summary)
        # All-day: dates, not times, and the end is the day after the last (RFC 5545).
        event.add("dtstart", entry.starts_on)
        event.add("dtend", entry.ends_on + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if entry.description:
            event.add("description", entry.description)
        if entry.categories:
            event.add("categories", [entry.categories])
        calendar.add_component(event)
    return calendar.to_ical()


def board_feed(board: Board) -> bytes:
    since = timezone.localdate().year - YEARS_BACK
    events = cycle_events(board=board).filter(year__gte=since)
    return _calendar(f"Årshjul – {board.name}", _event_entries(events))


def person_feed(user: User) -> bytes:
    since = timezone.localdate().year - YEARS_BACK
    events = cycle_events().filter(year__gte=since)
    boards = _person_board_filter(user)
    if boards is not None:
        events = events.filter(boards)
    name = user.get_full_name() or user.username
    return _calendar(f"Årshjul – {name}", _event_entries(events) + _person_entries(user, since))
