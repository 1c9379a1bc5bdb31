"""The annual cycle (årshjul): the staff page, month by month, the pages where a board's
steps are planned, and its calendar feeds.

A board's steps are planned by those who draft its follow-up plan, the whole
organisation's by an administrator (insyn/followup/calendar.py user_can_plan_step). As on
the other staff pages, someone who may use a URL but not on this step is answered 403 with
a page that says why and leads back to the cycle.

The feeds are public URLs because calendar programs fetch them without signing in: a
board's cycle is no secret, and a person's feed opens only with the secret in its link.
Anything unknown in a feed URL is a 404, so a guess learns nothing.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from typing import NoReturn, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from insyn.core.forms import add_service_errors
from insyn.core.http import no_store, secret_link
from insyn.core.models import Board, SecretLink, User
from insyn.core.permissions import Refused, access_required
from insyn.followup import calendar, cycle_forms, selectors, services
from insyn.followup.models import CycleEvent

CALENDAR = "text/calendar; charset=utf-8"
INVALID = 422  # a form with errors is re-rendered with what was typed, and this status


def _for(name: str):
    return access_required(f"followup:{name}")


class CycleFilterForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False
    )
    board = forms.ModelChoiceField(
        label=gettext_lazy("Board"),
        queryset=Board.objects.filter(active=True).order_by("name"),
        required=False,
        empty_label=gettext_lazy("All boards"),
        help_text=gettext_lazy("A board's own steps and those for the whole organisation."),
    )


def _months(events, year: int) -> list[tuple[datetime.date, list]]:
    """Every month of the year with the steps under way in it, so a long step (the
    budget work from spring to autumn) shows in each of its months."""
    by_month: dict[int, list] = defaultdict(list)
    for event in events:
        first = max(event.starts_on, datetime.date(year, 1, 1))
        last = min(event.ends_on, datetime.date(year, 12, 31))
        for month in range(first.month, last.month + 1) if first <= last else ():
            by_month[month].append(event)
    return [(datetime.date(year, m, 1), by_month[m]) for m in range(1, 13)]


@_for("cycle")
def cycle(request: HttpRequest) -> HttpResponse:
    year, board = timezone.localdate().year, None
    form = CycleFilterForm(request.GET or None, initial={"year": year})
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        board = form.cleaned_data["board"]
    events = list(calendar.cycle_events(year=year, board=board))
    boards = list(Board.objects.filter(active=True).order_by("name"))
    user = request.user
    planned = {b.pk for b in calendar.step_boards(user)}
    whole = calendar.user_can_plan_step(user, None)
    return render(
        request,
        "followup/cycle.html",
        {
            "form": form,
            "year": year,
            "board": board,
            # The board filter is kept when moving between years.
            "params": {"board": board.pk if board else ""},
            "events": events,
            "months": _months(events, year),
            "feeds": [(b, calendar.board_feed_url(b)) for b in boards],
            "can_add": bool(planned) or whole,
            # The steps this user may change: their boards', and the whole organisation's
            # for an administrator.
            "editable": {e.pk for e in events if (e.board_id in planned if e.board_id else whole)},
            "removed": selectors.cycle_removed_steps(year=year, board=board),
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@no_store
@_for("my_feed_link")
def my_feed_link(request: HttpRequest) -> HttpResponse:
    """The person's own feed links (made on request, each revocable on its own)."""
    user = cast(User, request.user)
    return render(
        request,
        "followup/cycle_feed_link.html",
        {
            "feed_links": calendar.person_feed_links(user),
            "plan_items": calendar.person_plan_items(user).count(),
            "measures": calendar.person_measures(user).count(),
        },
    )


@require_POST
@_for("my_feed_link_create")
def my_feed_link_create(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_issue(user=cast(User, request.user))
    messages.success(request, _("Your calendar link is made. Copy it into your calendar program."))
    return redirect("followup:my_feed_link")


@require_POST
@_for("my_feed_link_revoke")
def my_feed_link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    user = cast(User, request.user)
    link = calendar.person_feed_link_get(user, link_id)
    if link is None:
        # Another person's link, or none: nothing to tell about it.
        raise Http404
    services.calendar_feed_revoke(link=link, user=user)
    messages.success(
        request, _("The link is revoked: a calendar that uses it gets nothing from now on.")
    )
    return redirect("followup:my_feed_link")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The person's feed is theirs alone: no shared cache may keep it.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def board_feed(request: HttpRequest, board_code: str) -> HttpResponse:
    board = calendar.board_by_code(board_code)
    if board is None:
        raise Http404
    return _ics(calendar.board_feed(board), f"arshjul-{board.code.lower()}.ics")


@secret_link(SecretLink.Kind.CALENDAR_FEED)
def person_feed(request: HttpRequest, token: str, link: SecretLink) -> HttpResponse:
    user = calendar.person_for_link(link)
    if user is None:
        raise Http404
    response = _ics(calendar.person_feed(user), "arshjul.ics")
    # The link is a secret: never sent on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Planning the steps ------------------------------------------------------------------


def _back_to_cycle(year: int, board: Board | None) -> HttpResponse:
    params = {"year": year, **({"board": board.pk} if board else {})}
    return redirect(f"{reverse('followup:cycle')}?{urlencode(params)}")


def _refuse(request: HttpRequest, event: CycleEvent) -> NoReturn:
    if event.board is None:
        text = _("Only an administrator plans the steps of the whole organisation.")
    else:
        text = _("Only the board's secretary or head of administration plans its steps.")
    raise Refused(text, back_url=_back_to_cycle(event.year, event.board)["Location"])


def _event(event_id: int) -> CycleEvent:
    event = calendar.cycle_event_get(event_id)
    if event is None:
        raise Http404
    return event


def _prefill(request: HttpRequest) -> dict[str, str]:
    # From the cycle page's link: the year and board shown there. A value the form would
    # refuse is left out, so a link never opens the page with errors.
    initial = {}
    year = request.GET.get("year", "")
    if (
        re.fullmatch(r"[0-9]{4}", year)
        and cycle_forms.MIN_YEAR <= int(year) <= cycle_forms.MAX_YEAR
    ):
        initial["year"] = year
    board = request.GET.get("board", "")
    if re.fullmatch(r"[0-9]{1,18}", board):
        initial["board"] = board
    return initial


@_for("cycle_event_create")
def event_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    boards = calendar.step_boards(user)
    whole = calendar.user_can_plan_step(user, None)
    posted = request.method == "POST"
    # The form's second button copies last year's steps instead of adding one.
    copy = posted and ("copy" in request.GET or "copy" in request.POST)
    form = cycle_forms.StepCreateForm(
        request.POST if posted else None,
        boards=boards,
        whole_organisation=whole,
        copy=copy,
        initial={} if posted else _prefill(request),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if copy:
                copies = services.cycle_copy_year(
                    from_year=data["year"] - 1,
                    to_year=data["year"],
                    board=data["board"],
                    user=cast(User, user),
                )
            else:
                services.cycle_event_create(
                    year=data["year"],
                    board=data["board"],
                    kind=data["kind"],
                    title=data["title"],
                    description=data["description"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    user=cast(User, user),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not copy:
                messages.success(request, _("The step is added to the annual cycle."))
            elif copies:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s step is copied from %(year)s.",
                        "%(count)s steps are copied from %(year)s.",
                        len(copies),
                    )
                    % {"count": len(copies), "year": data["year"] - 1},
                )
            else:
                messages.info(request, _("There were no new steps to copy."))
            return _back_to_cycle(data["year"], data["board"])
    return render(
        request,
        "followup/cycle_event_form.html",
        {"form": form, "event": None, "can_add": bool(boards) or whole},
        status=INVALID if form.is_bound else 200,
    )


@_for("cycle_event_edit")
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    if not calendar.user_can_plan_step(request.user, event.board):
        return _refuse(request, event)
    posted = request.method == "POST"
    form = cycle_forms.StepEditForm(
        request.POST if posted else None,
        initial={
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
        },
    )
    if posted and form.is_valid():
        try:
            services.cycle_event_update(
                event=event, user=cast(User, request.user), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The step is changed."))
            return _back_to_cycle(event.year, event.board)
    return render(
        request,
        "followup/cycle_event_form.html",
        {
            "form": form,
            "event": event,
            "can_add": True,
            "history": selectors.cycle_event_history(event),
        },
        status=INVALID if form.is_bound else 200,
    )


@require_POST
@_for("cycle_event_delete")
def event_delete(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event(event_id)
    if not calendar.user_can_plan_step(request.user, event.board):
        return _refuse(request, event)
    year, board = event.year, event.board
    services.cycle_event_delete(event=event, user=cast(User, request.user))
    messages.success(request, _("The step is removed from the annual cycle."))
    return _back_to_cycle(year, board)
