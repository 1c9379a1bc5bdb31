"""The annual cycle (årshjul): the staff page, month by month, and its calendar feeds.

The feeds are public URLs because calendar programs fetch them without signing in: a
board's cycle is no secret, and a person's feed opens only with the secret in its link.
Anything unknown in a feed URL is a 404, so a guess learns nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import cast

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from insyn.core.models import Board, User
from insyn.core.permissions import access_required
from insyn.followup import calendar

CALENDAR = "text/calendar; charset=utf-8"


def _for(name: str):
    return access_required(f"followup:{name}")


class CycleFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.filter(active=True).order_by("name"),
        required=False,
        empty_label=_("All boards"),
        help_text=_("A board's own steps and those for the whole organisation."),
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
        },
        status=422 if form.is_bound and not form.is_valid() else 200,
    )


@_for("my_feed_link")
def my_feed_link(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(
        request,
        "followup/cycle_feed_link.html",
        {
            "feed_url": calendar.person_feed_url(user),
            "plan_items": calendar.person_plan_items(user).count(),
            "measures": calendar.person_measures(user).count(),
        },
    )


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


def person_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar.person_from_token(token)
    if user is None:
        raise Http404
    response = _ics(calendar.person_feed(user), "arshjul.ics")
    # The link is a secret: never sent on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response


# Placeholders while the pages are built.
@_for("cycle_event_create")
def event_create(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


@_for("cycle_event_edit")
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    return HttpResponse("")


@_for("cycle_event_delete")
def event_delete(request: HttpRequest, event_id: int) -> HttpResponse:
    return HttpResponse("")
