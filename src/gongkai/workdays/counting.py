"""Working-day arithmetic, independent of the database (the calendar is passed in).

Rules (docs/glossary.md, reference disclosure-rules.md §2):
- counting starts the day after the start date (民法典 Art. 201), unless ``count_start_day``;
- a pause START..END stops the clock on START and restarts it the day after END: no day in
  START..END is counted (条例 Art. 33 ¶2);
- a date in a year whose arrangement is not loaded is never silently treated as Monday-Friday:
  it is estimated so and the result is flagged ``provisional``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

MAX_SPAN_DAYS = 3660  # no statutory period comes near ten years; a guard against runaway loops

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class DayInfo:
    is_working: bool
    known: bool  # False: the year's arrangement is not loaded; weekday estimate
    kind: str  # "workday" | "weekend" | "holiday" | "makeup"
    reason: str = ""


class WorkingCalendar(Protocol):
    def day(self, d: datetime.date) -> DayInfo: ...


@dataclass(frozen=True)
class Pause:
    start: datetime.date
    end: datetime.date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"暂停的结束日期 {self.end} 早于开始日期 {self.start}")

    def covers(self, d: datetime.date) -> bool:
        return self.start <= d <= self.end


@dataclass
class Count:
    """The result of counting ``n`` working days from ``start``, with every day looked at."""

    start: datetime.date
    n: int
    end: datetime.date
    counted: list[datetime.date] = field(default_factory=list)
    paused: list[datetime.date] = field(default_factory=list)
    skipped: list[tuple[datetime.date, DayInfo]] = field(default_factory=list)
    notable_working: list[tuple[datetime.date, DayInfo]] = field(default_factory=list)
    unknown_years: set[int] = field(default_factory=set)

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)


def _paused(d: datetime.date, pauses: Sequence[Pause]) -> bool:
    return any(p.covers(d) for p in pauses)


def add_working_days(
    calendar: WorkingCalendar,
    start: datetime.date,
    n: int,
    *,
    pauses: Iterable[Pause] = (),
    count_start_day: bool = False,
) -> Count:
    """The ``n``-th working day counted from ``start``."""
    if n < 0:
        raise ValueError("工作日数不能为负数")
    pause_list = list(pauses)
    result = Count(start=start, n=n, end=start)
    if n == 0:
        return result
    try:
        return _count(calendar, start, n, pause_list, count_start_day, result)
    except OverflowError as exc:
        raise ValueError(f"日期 {start} 之后的区间超出可计算范围，请检查日期") from exc


def _count(
    calendar: WorkingCalendar,
    start: datetime.date,
    n: int,
    pause_list: Sequence[Pause],
    count_start_day: bool,
    result: Count,
) -> Count:
    d = start if count_start_day else start + datetime.timedelta(days=1)
    for _ in range(MAX_SPAN_DAYS):
        if _paused(d, pause_list):
            result.paused.append(d)
        else:
            info = calendar.day(d)
            if not info.known:
                result.unknown_years.add(d.year)
            if info.is_working:
                result.counted.append(d)
                if info.kind == "makeup":
                    result.notable_working.append((d, info))
                if len(result.counted) == n:
                    result.end = d
                    return result
            else:
                result.skipped.append((d, info))
        d += datetime.timedelta(days=1)
    raise ValueError("计算区间超过十年，请检查日期与暂停区间")


def working_days_between(
    calendar: WorkingCalendar,
    start: datetime.date,
    end: datetime.date,
    *,
    pauses: Iterable[Pause] = (),
    count_start_day: bool = False,
) -> tuple[int, bool]:
    """How many working days from ``start`` to ``end`` (inclusive of ``end``), and whether the
    result is provisional. ``start`` itself counts only with ``count_start_day``."""
    if end < start:
        raise ValueError("结束日期早于开始日期")
    if (end - start).days > MAX_SPAN_DAYS:
        raise ValueError("计算区间超过十年，请检查日期")
    pause_list = list(pauses)
    d = start if count_start_day else start + datetime.timedelta(days=1)
    total = 0
    provisional = False
    while d <= end:
        if not _paused(d, pause_list):
            info = calendar.day(d)
            provisional = provisional or not info.known
            total += 1 if info.is_working else 0
        d += datetime.timedelta(days=1)
    return total, provisional


def fmt_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（{WEEKDAYS_ZH[d.weekday()]}）"  # decision 0018


def describe_count(count: Count) -> list[str]:
    """Lines telling which days were skipped or specially counted, grouped into runs, by date."""
    dated: list[tuple[datetime.date, str]] = []
    holidays = [(d, i) for d, i in count.skipped if i.kind == "holiday"]
    for run in _runs(holidays):
        first, last = run[0][0], run[-1][0]
        reason = run[0][1].reason or "法定节假日"
        span = fmt_date(first) if first == last else f"{fmt_date(first)}至{fmt_date(last)}"
        dated.append((first, f"{span}：{reason}放假，不计入。"))
    for d, info in count.notable_working:
        reason = f"{info.reason}调休" if info.reason else "调休"
        dated.append((d, f"{fmt_date(d)}：{reason}上班，计为工作日。"))
    lines = [line for _, line in sorted(dated)]
    weekends = sum(1 for _, i in count.skipped if i.kind == "weekend")
    if weekends:
        lines.append(f"期间另有周末休息日 {weekends} 天，不计入。")
    return lines


def _runs(
    days: list[tuple[datetime.date, DayInfo]],
) -> list[list[tuple[datetime.date, DayInfo]]]:
    runs: list[list[tuple[datetime.date, DayInfo]]] = []
    for d, info in days:
        if runs and (d - runs[-1][-1][0]).days == 1 and runs[-1][-1][1].reason == info.reason:
            runs[-1].append((d, info))
        else:
            runs.append([(d, info)])
    return runs
