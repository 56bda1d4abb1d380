"""Reading the calendar table into a ``WorkingCalendar`` for the counting functions."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from django.db.models import Count, Max, Sum

from gongkai.workdays.counting import DayInfo
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.statutory import estimate_day

_lock = threading.Lock()
_cache: tuple[tuple[object, ...], DbCalendar] | None = None


@dataclass
class DbCalendar:
    days: dict[datetime.date, DayInfo]
    years: frozenset[int]

    def day(self, d: datetime.date) -> DayInfo:
        info = self.days.get(d)
        if info is not None:
            return info
        return estimate_day(d)

    def is_loaded(self, year: int) -> bool:
        return year in self.years


def _calendar_key() -> tuple[object, ...]:
    agg = CalendarYear.objects.aggregate(n=Count("id"), rev=Sum("revision"), last=Max("updated_at"))
    return (agg["n"], agg["rev"], agg["last"])


def load_calendar() -> DbCalendar:
    """The whole loaded calendar (a few thousand rows), cached until any year changes."""
    global _cache
    key = _calendar_key()
    with _lock:
        if _cache is not None and _cache[0] == key:
            return _cache[1]
    days = {
        row.date: DayInfo(is_working=row.is_working, known=True, kind=row.kind, reason=row.reason)
        for row in CalendarDay.objects.only("date", "is_working", "kind", "reason")
    }
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    cal = DbCalendar(days=days, years=years)
    with _lock:
        _cache = (key, cal)
    return cal


def loaded_years() -> list[CalendarYear]:
    return list(CalendarYear.objects.order_by("year"))


def year_days(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(date__year=year).order_by("date"))


def working_day_count(year: int) -> int:
    return CalendarDay.objects.filter(date__year=year, is_working=True).count()
