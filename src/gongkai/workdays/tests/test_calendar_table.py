"""The seeded calendar (2019-2026) agrees with the State Council notices in holidays.md."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import load_calendar

REFERENCE = Path(__file__).resolve().parents[4] / ".." / "shared" / "reference" / "holidays.md"

# The table of ../shared/reference/holidays.md, vendored so the checks run on a bare clone too;
# test_the_vendored_table_is_the_reference_table compares it with shared/ whenever it is there.
VENDORED_TABLE = """
| 2019 | 01-01, 02-04~02-08, 04-05, 05-01~05-03, 06-07, 09-13, 10-01~10-04, 10-07 | 02-02~02-03, 04-28, 05-05, 09-29, 10-12 | 250 |
| 2020 | 01-01, 01-24, 01-27~01-31, 04-06, 05-01, 05-04~05-05, 06-25~06-26, 10-01~10-02, 10-05~10-08 | 01-19, 04-26, 05-09, 06-28, 09-27, 10-10 | 249 |
| 2021 | 01-01, 02-11~02-12, 02-15~02-17, 04-05, 05-03~05-05, 06-14, 09-20~09-21, 10-01, 10-04~10-07 | 02-07, 02-20, 04-25, 05-08, 09-18, 09-26, 10-09 | 250 |
| 2022 | 01-03, 01-31~02-04, 04-04~04-05, 05-02~05-04, 06-03, 09-12, 10-03~10-07 | 01-29~01-30, 04-02, 04-24, 05-07, 10-08~10-09 | 249 |
| 2023 | 01-02, 01-23~01-27, 04-05, 05-01~05-03, 06-22~06-23, 09-29, 10-02~10-06 | 01-28~01-29, 04-23, 05-06, 06-25, 10-07~10-08 | 249 |
| 2024 | 01-01, 02-12~02-16, 04-04~04-05, 05-01~05-03, 06-10, 09-16~09-17, 10-01~10-04, 10-07 | 02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12 | 251 |
| 2025 | 01-01, 01-28~01-31, 02-03~02-04, 04-04, 05-01~05-02, 05-05, 06-02, 10-01~10-03, 10-06~10-08 | 01-26, 02-08, 04-27, 09-28, 10-11 | 248 |
| 2026 | 01-01~01-02, 02-16~02-20, 02-23, 04-06, 05-01, 05-04~05-05, 06-19, 09-25, 10-01~10-02, 10-05~10-07 | 01-04, 02-14, 02-28, 05-09, 09-20, 10-10 | 248 |
"""
ROW = re.compile(r"^\| (20\d\d) \| ([^|]+) \| ([^|]+) \| (\d+) \|$", re.M)
WORKING_DAYS = {int(m.group(1)): int(m.group(4)) for m in ROW.finditer(VENDORED_TABLE)}


def _expand(year: int, cell: str) -> list[dt.date]:
    out = []
    for part in cell.split(","):
        part = part.strip()
        if "~" in part:
            a, b = part.split("~")
            d = dt.date.fromisoformat(f"{year}-{a}")
            end = dt.date.fromisoformat(f"{year}-{b}")
            while d <= end:
                out.append(d)
                d += dt.timedelta(days=1)
        elif part:
            out.append(dt.date.fromisoformat(f"{year}-{part}"))
    return out


def _rows(text: str):
    for m in ROW.finditer(text):
        year = int(m.group(1))
        yield year, _expand(year, m.group(2)), _expand(year, m.group(3)), int(m.group(4))


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "expected"), sorted(WORKING_DAYS.items()))
def test_each_seeded_year_has_the_official_number_of_working_days(year, expected):
    assert CalendarYear.objects.filter(year=year).exists()
    assert CalendarDay.objects.filter(date__year=year).count() in (365, 366)
    assert CalendarDay.objects.filter(date__year=year, is_working=True).count() == expected


@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/reference is not beside this checkout"
)
def test_the_vendored_table_is_the_reference_table():
    reference = list(_rows(REFERENCE.read_text(encoding="utf-8")))
    assert reference == list(_rows(VENDORED_TABLE))


@pytest.mark.django_db
def test_every_day_off_and_make_up_day_in_the_reference_is_in_the_table():
    cal = load_calendar()
    rows = list(_rows(VENDORED_TABLE))
    assert len(rows) == 8
    for year, days_off, makeups, working in rows:
        assert WORKING_DAYS[year] == working
        for d in days_off:
            assert not cal.day(d).is_working, d
            assert cal.day(d).kind == "holiday", d
        for d in makeups:
            assert cal.day(d).is_working, d
            assert cal.day(d).kind == "makeup", d


@pytest.mark.django_db
def test_2027_is_not_loaded_so_its_days_are_unknown():
    cal = load_calendar()
    assert not cal.is_loaded(2027)
    assert not cal.day(dt.date(2027, 3, 1)).known
