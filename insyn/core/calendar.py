"""The working-day calendar used by every deadline in insyn.

A working day is a weekday that is neither a Swedish public holiday nor one of the eves that
Swedish working life treats as a Sunday (midsommarafton, julafton, nyårsafton), as the
`holidays` package's public and de facto categories give them.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

_CATEGORIES = (holidays.PUBLIC, "de_facto")


@lru_cache(maxsize=64)
def _holidays_for(year: int) -> dict[datetime.date, str]:
    return dict(holidays.Sweden(years=year, categories=_CATEGORIES, language="sv"))


def holiday_name(day: datetime.date) -> str | None:
    """The Swedish name of the holiday on `day`, or None."""
    return _holidays_for(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(day.year)


def add_working_days(day: datetime.date, n: int) -> datetime.date:
    """The date `n` working days after `day` (before it, for negative `n`).

    `day` itself does not count, so add_working_days(friday, 1) is the next Monday if that
    is a working day. With n == 0 the result is `day`, or the next working day if `day` is
    not one: a deadline never falls on a holiday.
    """
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = day
    if remaining == 0:
        return next_working_day(day, include_today=True)
    while remaining:
        current += datetime.timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day: datetime.date, *, include_today: bool = False) -> datetime.date:
    current = day if include_today else day + datetime.timedelta(days=1)
    while not is_working_day(current):
        current += datetime.timedelta(days=1)
    return current


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def working_days_in(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Every working day from `start` to `end`, both included."""
    days = []
    day = start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days
