"""A year whose arrangement is not loaded is estimated with the holidays the decree fixes
(《全国年节及纪念日放假办法》第二条), never as plain Monday–Friday, and stays provisional."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from gongkai.workdays.counting import add_working_days
from gongkai.workdays.selectors import load_calendar
from gongkai.workdays.statutory import estimate_day, estimated_holiday

D = dt.date


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (D(2027, 1, 1), "元旦"),  # a Friday
        (D(2027, 4, 5), "清明节"),  # a Monday: the solar term 清明 falls on 4 April in 2027
        (D(2027, 5, 1), "劳动节"),
        (D(2027, 5, 2), "劳动节"),
        (D(2028, 10, 3), "国庆节"),
        (D(2030, 4, 5), "清明节"),
    ],
)
def test_the_fixed_date_holidays_and_qingming_are_known(day, holiday):
    assert estimated_holiday(day) == holiday
    info = estimate_day(day)
    assert not info.is_working
    assert not info.known
    assert holiday in info.reason


def test_other_days_are_weekdays_and_unknown():
    assert estimate_day(D(2027, 1, 4)).is_working  # Monday
    assert not estimate_day(D(2027, 1, 2)).is_working  # Saturday
    assert estimated_holiday(D(2027, 4, 6)) == ""  # the day after 清明
    # 春节 follows the lunar calendar: not in the estimate (documented), still unknown
    spring = estimate_day(D(2027, 2, 8))
    assert spring.is_working
    assert not spring.known


@pytest.mark.django_db
def test_a_deadline_across_new_year_2027_skips_1_january_and_is_provisional():
    cal = load_calendar()
    # 2026-12-04 … 12-31 holds 20 working days: counted from 3 December, the 20th is Thursday
    # 31 December, inside the loaded year
    inside = add_working_days(cal, D(2026, 12, 3), 20)
    assert inside.end == D(2026, 12, 31)
    assert not inside.provisional
    # counted from 4 December it crosses 1 January (元旦, a Friday): Monday 4 January, not 1st
    count = add_working_days(cal, D(2026, 12, 4), 20)
    assert count.end == D(2027, 1, 4)
    assert count.provisional
    assert count.unknown_years == {2027}
    assert D(2027, 1, 1) not in count.counted
    assert any(d == D(2027, 1, 1) and "元旦" in info.reason for d, info in count.skipped)


@pytest.mark.django_db
def test_the_deadline_command_says_what_the_estimate_counts():
    out = io.StringIO()
    call_command("deadline", "--received", "2026-12-07", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["provisional"] is True
    note = next(line for line in data["explanation"] if line.startswith("注意"))
    assert "已扣除元旦" in note
    assert "春节、端午、中秋及调休未计" in note
