"""The seeded calendar (2019-2026) agrees with the State Council notices in holidays.md."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.selectors import load_calendar

REFERENCE = Path(__file__).resolve().parents[4] / ".." / "shared" / "reference" / "holidays.md"

# Copied from ../shared/reference/holidays.md so the test runs without shared/ too;
# test_reference_table_matches_this_copy checks the copy whenever shared/ is present.
WORKING_DAYS = {
    2019: 250,
    2020: 249,
    2021: 250,
    2022: 249,
    2023: 249,
    2024: 251,
    2025: 248,
    2026: 248,
}


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


def _reference_rows():
    text = REFERENCE.read_text(encoding="utf-8")
    for m in re.finditer(r"^\| (20\d\d) \| ([^|]+) \| ([^|]+) \| (\d+) \|$", text, re.M):
        year = int(m.group(1))
        yield year, _expand(year, m.group(2)), _expand(year, m.group(3)), int(m.group(4))


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "expected"), sorted(WORKING_DAYS.items()))
def test_each_seeded_year_has_the_official_number_of_working_days(year, expected):
    assert CalendarYear.objects.filter(year=year).exists()
    assert CalendarDay.objects.filter(date__year=year).count() in (365, 366)
    assert CalendarDay.objects.filter(date__year=year, is_working=True).count() == expected


@pytest.mark.django_db
@pytest.mark.skipif(
    not REFERENCE.exists(), reason="../shared/reference is not beside this checkout"
)
def test_every_day_off_and_make_up_day_in_the_reference_is_in_the_table():
    cal = load_calendar()
    rows = list(_reference_rows())
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
