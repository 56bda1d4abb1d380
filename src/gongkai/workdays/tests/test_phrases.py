"""Deadline phrases people write (工作要点, 任务分解表, 标准目录), table-driven and property-based."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.workdays.phrases import DeadlineKind, cn_number, find_deadlines, parse_deadline
from gongkai.workdays.tests.test_counting import NATIONAL_DAY_2024

D = dt.date
K = DeadlineKind

# phrase as written → (kind, due date for a 2023 plan or None, window start or None)
TABLE = [
    ("全年", K.ALL_YEAR, None, None),
    ("全年持续推进", K.ALL_YEAR, None, None),
    ("长期", K.ALL_YEAR, None, None),
    ("常态化", K.ALL_YEAR, None, None),
    ("3月底前", K.DATE, D(2023, 3, 31), D(2023, 1, 1)),
    ("6月30日前", K.DATE, D(2023, 6, 30), D(2023, 1, 1)),
    ("9月30前", K.DATE, D(2023, 9, 30), D(2023, 1, 1)),  # the 日 left out, as seed 004 writes
    ("4月15日前", K.DATE, D(2023, 4, 15), D(2023, 1, 1)),
    ("4月15 日前", K.DATE, D(2023, 4, 15), D(2023, 1, 1)),  # a stray space, as seed 002 writes
    ("8月", K.DATE, D(2023, 8, 31), D(2023, 8, 1)),  # the month of August
    ("2月", K.DATE, D(2023, 2, 28), D(2023, 2, 1)),
    ("12月底前", K.DATE, D(2023, 12, 31), D(2023, 1, 1)),
    ("十二月底前", K.DATE, D(2023, 12, 31), D(2023, 1, 1)),
    ("３月底前", K.DATE, D(2023, 3, 31), D(2023, 1, 1)),  # full-width digits
    ("上半年", K.DATE, D(2023, 6, 30), D(2023, 1, 1)),
    ("下半年", K.DATE, D(2023, 12, 31), D(2023, 7, 1)),
    ("年底前", K.DATE, D(2023, 12, 31), D(2023, 1, 1)),
    ("第三季度", K.DATE, D(2023, 9, 30), D(2023, 7, 1)),
    ("一季度", K.DATE, D(2023, 3, 31), D(2023, 1, 1)),
    ("2024年6月30日前", K.DATE, D(2024, 6, 30), D(2024, 1, 1)),  # the written year wins
    ("6月30日前完成", K.DATE, D(2023, 6, 30), D(2023, 1, 1)),
    ("每年3月31日前", K.ANNUAL, D(2023, 3, 31), None),
    ("每年1月底前", K.ANNUAL, D(2023, 1, 31), None),
    ("信息形成之日起20个工作日内", K.WORKDAYS_AFTER, None, None),
    ("20个工作日内", K.WORKDAYS_AFTER, None, None),
    ("二十个工作日内", K.WORKDAYS_AFTER, None, None),
    ("作出答复后的30日内", K.DAYS_AFTER, None, None),
    ("实时", K.PROMPT, None, None),
    ("及时", K.PROMPT, None, None),
]


@pytest.mark.parametrize(("written", "kind", "due", "start"), TABLE)
def test_each_phrase_people_write_is_understood(written, kind, due, start):
    d = parse_deadline(written)
    assert d is not None, written
    assert d.kind == kind
    assert d.written == written
    assert d.date_in(2023) == due
    window = d.window_in(2023)
    assert (window[0] if window else None) == start


@pytest.mark.parametrize("text", ["", "   ", "胡说八道", "13月", "2月30号之后", "第五季度", "每周"])
def test_text_that_is_not_a_deadline_is_not_guessed(text):
    assert parse_deadline(text) is None


def test_an_annual_date_recurs_in_every_year_and_feb_29_falls_back_in_common_years():
    d = parse_deadline("每年2月29日前")
    assert d is not None
    assert d.kind == K.ANNUAL
    assert d.date_in(2024) == D(2024, 2, 29)
    assert d.date_in(2023) == D(2023, 2, 28)


def test_working_days_after_an_event_use_the_calendar_not_monday_to_friday():
    # Formed Friday 2024-09-27: Sunday 09-29 is a make-up working day, 10-01..10-07 are off.
    d = parse_deadline("信息形成之日起5个工作日内")
    assert d is not None
    assert d.event == "信息形成"
    assert d.count == 5
    count = d.due_after(D(2024, 9, 27), calendar=NATIONAL_DAY_2024)
    assert count is not None
    assert count.counted == [
        D(2024, 9, 29),
        D(2024, 9, 30),
        D(2024, 10, 8),
        D(2024, 10, 9),
        D(2024, 10, 10),
    ]
    assert d.resolve(2024, event_date=D(2024, 9, 27), calendar=NATIONAL_DAY_2024) == count.end
    assert d.resolve(2024) is None  # no event, no date


def test_calendar_days_after_an_event_count_every_day():
    d = parse_deadline("30日内")
    assert d is not None
    assert d.resolve(2020, event_date=D(2020, 4, 21)) == D(2020, 5, 21)


def test_all_year_and_prompt_have_no_date():
    for text in ("全年", "实时"):
        d = parse_deadline(text)
        assert d is not None
        assert not d.is_dated
        assert d.resolve(2023) is None


def test_deadlines_inside_free_text_are_found_in_order_and_plain_dates_are_not():
    text = (
        "按照市区结对分工，各结对单位应当于6月30日前完成结对业务领域政务公开事项梳理工作，"
        "于9月30前完成结对领域标准目录编制工作。本通知4月20日印发。"
    )
    found = find_deadlines(text)
    assert [f.written for f in found] == ["6月30日前", "9月30前"]
    assert [f.date_in(2020) for f in found] == [D(2020, 6, 30), D(2020, 9, 30)]
    assert [f.written for f in find_deadlines("年底前全面完成网站集约化任务")] == ["年底前"]


@pytest.mark.parametrize(
    ("text", "n"), [("1", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("两", 2)]
)
def test_chinese_numbers(text, n):
    assert cn_number(text) == n


@given(st.integers(1, 12), st.integers(1, 31), st.integers(1990, 2100))
def test_property_any_written_month_and_day_is_that_day_of_the_plan_year(month, day, year):
    d = parse_deadline(f"{month}月{day}日前")
    assert d is not None
    assert d.kind == K.DATE
    due = d.date_in(year)
    assert due is not None
    assert (due.year, due.month) == (year, month)
    assert due.day == min(day, calendar.monthrange(year, month)[1])


@given(st.integers(1, 12), st.integers(1990, 2100))
def test_property_a_month_end_is_the_last_day_and_the_window_holds_it(month, year):
    d = parse_deadline(f"{month}月底前")
    assert d is not None
    due = d.date_in(year)
    assert due is not None
    assert (due + dt.timedelta(days=1)).day == 1
    window = d.window_in(year)
    assert window is not None
    assert window[0] <= due == window[1]


@given(st.integers(0, 60), st.dates(D(2024, 1, 1), D(2024, 11, 30)))
def test_property_n_working_days_after_is_the_nth_working_day(n, event):
    d = parse_deadline(f"{n}个工作日内")
    assert d is not None
    count = d.due_after(event, calendar=NATIONAL_DAY_2024)
    assert count is not None
    assert len(count.counted) == n
    assert all(NATIONAL_DAY_2024.day(x).is_working for x in count.counted)
    assert count.end >= event
