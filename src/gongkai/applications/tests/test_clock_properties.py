"""Property-based tests of the reply clock (条例 Art. 30, 31, 33; 民法典 Art. 201) over random
calendars (holidays and make-up days) and random event sequences."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.clock import ClockEvent, compute_clock
from gongkai.workdays.counting import working_days_between
from gongkai.workdays.tests.test_counting import SetCalendar

START = dt.date(2024, 1, 1)


@st.composite
def calendars(draw):
    offsets = draw(st.sets(st.integers(0, 400), max_size=40))
    days = [START + dt.timedelta(days=o) for o in offsets]
    holidays = [d for d in days if d.weekday() < 5]
    makeups = draw(
        st.sets(
            st.sampled_from(
                [d for d in (START + dt.timedelta(days=o) for o in range(400)) if d.weekday() >= 5][
                    :60
                ]
            ),
            max_size=6,
        )
    )
    return SetCalendar(holidays=holidays, makeups=makeups)


@st.composite
def histories(draw):
    """received, then optionally: a correction, consultations/fee windows, one extension."""
    received = START + dt.timedelta(days=draw(st.integers(0, 200)))
    events = [ClockEvent("received", received)]
    day = received
    if draw(st.booleans()):
        day += dt.timedelta(days=draw(st.integers(1, 10)))
        events.append(ClockEvent("request_correction", day, {"until": "x"}))
        day += dt.timedelta(days=draw(st.integers(0, 20)))
        events.append(ClockEvent("receive_correction", day))
    for _ in range(draw(st.integers(0, 3))):
        day += dt.timedelta(days=draw(st.integers(0, 10)))
        kind = draw(st.sampled_from(["consultation", "fee"]))
        start, end = (
            ("start_consultation", "end_consultation")
            if kind == "consultation"
            else ("fee_notice", "fee_paid")
        )
        events.append(ClockEvent(start, day, {"party_label": "征求意见"}))
        day += dt.timedelta(days=draw(st.integers(0, 15)))
        events.append(ClockEvent(end, day))
    extension = draw(st.one_of(st.none(), st.integers(1, 20)))
    if extension:
        events.append(ClockEvent("extend", day, {"days": extension}))
    return events, extension or 0


def _pauses_cover(clock, d):
    return any(p.covers(d) for p in clock.pauses)


@settings(max_examples=150, deadline=None)
@given(calendars(), histories())
def test_the_due_date_is_exactly_20_plus_extension_counted_working_days_after_the_base(cal, h):
    events, extension = h
    today = events[-1].on
    clock = compute_clock(events, cal, today=today)
    assert clock.due > clock.base
    assert cal.day(clock.due).is_working
    assert not _pauses_cover(clock, clock.due)
    counted, _ = working_days_between(cal, clock.base, clock.due, pauses=clock.pauses)
    assert counted == 20 + extension
    # the base is the corrected application's receipt when there was a correction (Art. 30)
    corrected = [e.on for e in events if e.kind == "receive_correction"]
    assert clock.base == (corrected[-1] if corrected else events[0].on)


@settings(max_examples=100, deadline=None)
@given(calendars(), histories(), st.integers(1, 15))
def test_a_pause_never_brings_the_deadline_forward(cal, h, length):
    events, _ = h
    today = events[-1].on
    before = compute_clock(events, cal, today=today)
    start = today + dt.timedelta(days=1)
    paused = [
        *events,
        ClockEvent("start_consultation", start, {"party_label": "第三方"}),
        ClockEvent("end_consultation", start + dt.timedelta(days=length)),
    ]
    after = compute_clock(paused, cal, today=start + dt.timedelta(days=length))
    assert after.due >= before.due


@settings(max_examples=100, deadline=None)
@given(calendars(), histories())
def test_an_extension_only_moves_the_deadline_later(cal, h):
    events, extension = h
    today = events[-1].on
    without = compute_clock([e for e in events if e.kind != "extend"], cal, today=today)
    with_ext = compute_clock(events, cal, today=today)
    assert with_ext.original_due == without.due
    if extension:
        assert with_ext.due > without.due
        n, _ = working_days_between(cal, without.due, with_ext.due, pauses=with_ext.pauses)
        assert n == extension


@settings(max_examples=60, deadline=None)
@given(calendars(), st.integers(0, 200), st.integers(0, 30))
def test_an_open_pause_holds_the_deadline_until_it_ends(cal, offset, waited):
    received = START + dt.timedelta(days=offset)
    events = [
        ClockEvent("received", received),
        ClockEvent(
            "start_consultation", received + dt.timedelta(days=1), {"party_label": "第三方"}
        ),
    ]
    today = received + dt.timedelta(days=1 + waited)
    clock = compute_clock(events, cal, today=today)
    assert clock.paused
    assert clock.due > today
