"""Working-day arithmetic (民法典 Art. 201; 条例 Art. 33), table-driven and property-based."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.counting import (
    DayInfo,
    Pause,
    add_working_days,
    working_days_between,
)

D = dt.date


class SetCalendar:
    """A calendar given by sets: holidays off, make-up days on; years outside ``known`` unknown."""

    def __init__(self, holidays=(), makeups=(), known=range(1900, 2200)):
        self.holidays, self.makeups, self.known = set(holidays), set(makeups), set(known)

    def day(self, d: dt.date) -> DayInfo:
        known = d.year in self.known
        if known and d in self.makeups:
            return DayInfo(True, True, "makeup", "调休")
        if known and d in self.holidays:
            return DayInfo(False, True, "holiday", "节日")
        weekday = d.weekday() < 5
        return DayInfo(weekday, known, "workday" if weekday else "weekend")


# Autumn 2024 (holidays.md): Mid-Autumn 09-16..09-17 off, Sat 09-14 worked; National Day
# 10-01..10-07 off, Sun 09-29 and Sat 10-12 worked.
NATIONAL_DAY_2024 = SetCalendar(
    holidays=[D(2024, 9, 16), D(2024, 9, 17), *(D(2024, 10, d) for d in range(1, 8))],
    makeups=[D(2024, 9, 14), D(2024, 9, 29), D(2024, 10, 12)],
)


def test_the_receipt_day_is_not_counted_civil_code_art_201():
    cal = SetCalendar()
    # Received Monday 2024-03-04: the first working day counted is Tuesday.
    assert add_working_days(cal, D(2024, 3, 4), 1).end == D(2024, 3, 5)


def test_the_receipt_day_counts_when_configured():
    cal = SetCalendar()
    assert add_working_days(cal, D(2024, 3, 4), 1, count_start_day=True).end == D(2024, 3, 4)


def test_twenty_working_days_across_national_day_art_33():
    count = add_working_days(NATIONAL_DAY_2024, D(2024, 9, 27), 20)
    assert count.end == D(2024, 10, 30)
    assert D(2024, 9, 29) in count.counted
    assert D(2024, 10, 12) in count.counted
    assert not count.provisional


def test_from_a_saturday_the_count_does_not_land_a_day_late():
    # chinesecalendar's find_workday pitfall (holidays.md): from Sat 2024-09-07 it is 10-11.
    assert add_working_days(NATIONAL_DAY_2024, D(2024, 9, 7), 20).end == D(2024, 10, 11)


def test_a_pause_stops_the_clock_on_its_first_day_and_restarts_the_day_after_art_33():
    cal = SetCalendar()
    # Received Mon 2024-03-04; 5 working days → Mon 03-11. Pause Wed 03-06..Thu 03-07:
    # two working days not counted → Wed 03-13.
    assert add_working_days(cal, D(2024, 3, 4), 5).end == D(2024, 3, 11)
    paused = add_working_days(cal, D(2024, 3, 4), 5, pauses=[Pause(D(2024, 3, 6), D(2024, 3, 7))])
    assert paused.end == D(2024, 3, 13)
    assert paused.paused == [D(2024, 3, 6), D(2024, 3, 7)]


def test_an_unknown_year_is_estimated_and_flagged_never_silent():
    cal = SetCalendar(known=range(2019, 2027))
    count = add_working_days(cal, D(2026, 12, 20), 20)
    assert count.provisional
    assert count.unknown_years == {2027}


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="负数"):
        add_working_days(SetCalendar(), D(2024, 1, 1), -1)


def test_a_pause_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="早于开始日期"):
        Pause(D(2024, 1, 5), D(2024, 1, 4))


def test_working_days_between_excludes_the_start_day_and_pauses():
    cal = NATIONAL_DAY_2024
    assert working_days_between(cal, D(2024, 9, 27), D(2024, 10, 30)) == (20, False)
    n, _ = working_days_between(
        cal, D(2024, 9, 27), D(2024, 10, 30), pauses=[Pause(D(2024, 10, 8), D(2024, 10, 9))]
    )
    assert n == 18


# --- properties over random calendars and pause sequences ---------------------------------

dates = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 6, 30))


@st.composite
def calendars(draw):
    start = D(2019, 1, 1)
    offsets = st.integers(min_value=0, max_value=365 * 8)
    holidays = {start + dt.timedelta(days=o) for o in draw(st.lists(offsets, max_size=60))}
    weekend_offsets = draw(st.lists(offsets, max_size=20))
    makeups = {
        d for d in (start + dt.timedelta(days=o) for o in weekend_offsets) if d.weekday() >= 5
    } - holidays
    return SetCalendar(holidays, makeups)


@st.composite
def pause_lists(draw, after):
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        s = after + dt.timedelta(days=draw(st.integers(0, 60)))
        pauses.append(Pause(s, s + dt.timedelta(days=draw(st.integers(0, 20)))))
    return pauses


@settings(max_examples=150, deadline=None)
@given(cal=calendars(), start=dates, n=st.integers(1, 45), data=st.data())
def test_property_the_deadline_is_the_nth_counted_working_day(cal, start, n, data):
    pauses = data.draw(pause_lists(start))
    count = add_working_days(cal, start, n, pauses=pauses)
    assert count.end > start
    assert cal.day(count.end).is_working
    assert not any(p.covers(count.end) for p in pauses)
    # Exactly n working, unpaused days lie in (start, end].
    between, _ = working_days_between(cal, start, count.end, pauses=pauses)
    assert between == n


@settings(max_examples=100, deadline=None)
@given(cal=calendars(), start=dates, n=st.integers(1, 45), data=st.data())
def test_property_a_pause_never_brings_the_deadline_earlier(cal, start, n, data):
    pauses = data.draw(pause_lists(start))
    without = add_working_days(cal, start, n).end
    with_pauses = add_working_days(cal, start, n, pauses=pauses).end
    assert with_pauses >= without


@settings(max_examples=100, deadline=None)
@given(cal=calendars(), start=dates, a=st.integers(1, 30), b=st.integers(1, 30))
def test_property_counting_composes(cal, start, a, b):
    # a working days, then b more from there, equals a + b from the start: the extension rule.
    first = add_working_days(cal, start, a).end
    assert add_working_days(cal, first, b).end == add_working_days(cal, start, a + b).end
