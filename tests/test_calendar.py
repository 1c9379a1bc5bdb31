import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from insyn.core.calendar import (
    add_working_days,
    holiday_name,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = datetime.date


def test_weekends_and_public_holidays_are_not_working_days():
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 6, 6))  # Sveriges nationaldag
    assert not is_working_day(D(2026, 5, 14))  # Kristi himmelsfärd
    assert is_working_day(D(2026, 11, 23))


def test_the_eves_count_as_holidays():
    assert holiday_name(D(2026, 6, 19)) == "Midsommarafton"
    assert not is_working_day(D(2026, 12, 24))
    assert not is_working_day(D(2026, 12, 31))


def test_a_step_entered_the_day_before_midsommarafton():
    # Thursday 18 June 2026; Friday is midsommarafton, the weekend follows.
    assert add_working_days(D(2026, 6, 18), 1) == D(2026, 6, 22)
    assert add_working_days(D(2026, 6, 18), 5) == D(2026, 6, 26)


def test_christmas_and_new_year():
    # Wednesday 23 Dec 2026: 24, 25, 26 (Sat), 27 (Sun) off; 31 Dec and 1 Jan off too.
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 30), 1) == D(2027, 1, 4)


def test_easter():
    # Maundy Thursday 2 April 2026 → Tuesday after Easter Monday.
    assert add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)


def test_zero_days_moves_a_holiday_to_the_next_working_day():
    assert add_working_days(D(2026, 6, 19), 0) == D(2026, 6, 22)
    assert add_working_days(D(2026, 6, 17), 0) == D(2026, 6, 17)


def test_counting_backwards():
    assert add_working_days(D(2026, 6, 22), -1) == D(2026, 6, 18)
    assert next_working_day(D(2026, 6, 18)) == D(2026, 6, 22)


# Loading a new year's holidays is slow the first time; with the suite running in parallel
# on two cores that trips Hypothesis's speed checks, which say nothing about correctness.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_adding_n_working_days_spans_exactly_n(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    if n > 0:
        assert working_days_between(start, end) == n
        assert working_days_between(end, start) == -n
