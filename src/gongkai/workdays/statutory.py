"""The days a year's holidays are known to fall on before its arrangement is published.

《全国年节及纪念日放假办法》第二条（国务院令第795号修订，2025年1月1日起施行）gives every
citizen a holiday on 新年 (1月1日), 春节 (农历除夕、正月初一至初三), 清明节 (农历清明当日),
劳动节 (5月1日、2日), 端午节, 中秋节 (农历) and 国庆节 (10月1日至3日). Each year the State
Council's office (国务院办公厅) publishes the arrangement: the days around them and the weekend
days worked in exchange (调休). Until that arrangement is loaded into the calendar, a date's
estimate (``estimate_day``) knows the holidays with a fixed solar date and 清明 (a solar term,
computed by chinesecalendar), counts other Monday–Friday days as working days, and is marked
not known, so every deadline that crosses it is flagged provisional. 春节, 端午 and 中秋 follow
the lunar calendar, which the platform does not compute: they are not in the estimate.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from gongkai.workdays.counting import DayInfo

# (month, day) -> holiday: the fixed solar dates of Art. 2 of the decree above
FIXED_DATE_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}
QINGMING = "清明节"
ESTIMATE_NOTE = "法定节假日（当年放假安排尚未载入，按《全国年节及纪念日放假办法》估算）"


@lru_cache(maxsize=64)
def _qingming(year: int) -> datetime.date | None:
    import chinese_calendar

    try:
        terms = chinese_calendar.get_solar_terms(
            datetime.date(year, 4, 1), datetime.date(year, 4, 10)
        )
    except (NotImplementedError, ValueError, KeyError):
        return None
    return next((d for d, name in terms if name == "清明"), None)


def estimated_holiday(d: datetime.date) -> str:
    """The statutory holiday ``d`` is known to be before the year's arrangement, or ""."""
    name = FIXED_DATE_HOLIDAYS.get((d.month, d.day), "")
    if not name and d.month == 4 and d == _qingming(d.year):
        name = QINGMING
    return name


def estimate_day(d: datetime.date) -> DayInfo:
    """A day of a year whose arrangement is not loaded: never simply Monday–Friday."""
    holiday = estimated_holiday(d)
    if holiday:
        return DayInfo(
            is_working=False, known=False, kind="holiday", reason=f"{holiday}：{ESTIMATE_NOTE}"
        )
    weekday = d.weekday() < 5
    return DayInfo(is_working=weekday, known=False, kind="workday" if weekday else "weekend")
