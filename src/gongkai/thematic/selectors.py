"""Reads of the thematic columns. Public pages read only published entries."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import Unit, User
from gongkai.thematic.columns import COLUMNS, ColumnSpec, column
from gongkai.thematic.models import ColumnChoice, Entry, EntryState
from gongkai.workdays.counting import add_working_days
from gongkai.workdays.selectors import load_calendar


def public_entries(slug: str | None = None) -> QuerySet[Entry]:
    qs = Entry.objects.filter(state=EntryState.PUBLISHED).select_related("unit")
    if slug:
        qs = qs.filter(column=slug)
    return qs.order_by("-published_on", "-pk")


def public_entry(pk: int) -> Entry | None:
    return public_entries().filter(pk=pk).first()


def enabled_columns(unit: Unit | None = None) -> list[ColumnSpec]:
    """Columns enabled by ``unit`` (or by any unit), in the order of ``COLUMNS``."""
    qs = ColumnChoice.objects.all()
    if unit is not None:
        qs = qs.filter(unit=unit)
    chosen = set(qs.values_list("column", flat=True))
    return [c for c in COLUMNS if c.slug in chosen]


def entries_for_staff(user: User, slug: str) -> QuerySet[Entry]:
    units = units_visible_to(user, Perm.HANDLE)
    return Entry.objects.filter(column=slug, unit__in=units).select_related("unit").order_by("-pk")


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    label: str
    due: datetime.date
    done: bool
    overdue: bool


def entry_due(entry: Entry, today: datetime.date) -> Due | None:
    """The handling or publication deadline of an entry whose column has one."""
    col = column(entry.column)
    if col is None or not col.due_field:
        return None
    raw = entry.values.get(col.due_field)
    if not raw:
        return None
    start = datetime.date.fromisoformat(str(raw))
    if col.due_working_days:
        due = add_working_days(load_calendar(), start, col.due_working_days).end
        done = entry.published_on is not None and entry.published_on <= due
        finished = entry.published_on is not None
    else:
        due = add_months(start, col.due_months)
        replied = entry.values.get("replied_on")
        finished = bool(replied)
        done = bool(replied) and datetime.date.fromisoformat(str(replied)) <= due
    return Due(
        col.due_label, due, done, overdue=(not finished and today > due) or (finished and not done)
    )


def missing_stages(entry: Entry) -> list[str]:
    col = column(entry.column)
    if col is None:
        return []
    return [s for s in col.stages if not entry.stages.get(s)]


def year_on_year(entry: Entry) -> list[tuple[str, str, str | None, str | None]]:
    """(label, this year, last year, change in %) of the column's compared numbers, against the
    same unit's published entry of the year before (same 类型)."""
    col = column(entry.column)
    if col is None or not col.yoy_fields or entry.year is None:
        return []
    before = (
        public_entries(entry.column)
        .filter(unit=entry.unit, year=entry.year - 1)
        .filter(values__kind=entry.values.get("kind"))
        .first()
    )
    out = []
    for key in col.yoy_fields:
        now = entry.values.get(key)
        prev = before.values.get(key) if before else None
        change = None
        if now not in ("", None) and prev not in ("", None) and Decimal(str(prev)) != 0:
            pct = (Decimal(str(now)) - Decimal(str(prev))) / Decimal(str(prev)) * 100
            change = f"{pct:+.1f}%"
        out.append((col.field(key).label, str(now or ""), str(prev) if prev else None, change))
    return out


# --- per-unit figures (supervision page, the 标准化 overview, to-do list) ----------------------


def overdue_counts(units: Sequence[Unit], today: datetime.date) -> dict[int, int]:
    """Unit id -> entries past their handling or publication deadline (建议提案 not replied
    within three months, 双随机 results not public within 20 working days …)."""
    counts: dict[int, int] = {}
    due_columns = [c.slug for c in COLUMNS if c.due_field]
    for e in Entry.objects.filter(unit__in=units, column__in=due_columns).exclude(
        state=EntryState.WITHDRAWN
    ):
        d = entry_due(e, today)
        if d is not None and d.overdue:
            counts[e.unit_id] = counts.get(e.unit_id, 0) + 1
    return counts


@dataclass(frozen=True)
class ColumnsStatus:
    """How complete a unit's thematic columns are."""

    enabled: tuple[ColumnSpec, ...]  # the columns the unit opened
    filled: tuple[ColumnSpec, ...]  # … of which have at least one published entry of the unit
    published_in_year: int  # entries the unit published in the year
    overdue: int  # entries past their deadline (``overdue_counts``)
    incomplete_projects: int  # published 重大建设项目 whose stages still miss information

    @property
    def empty(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.enabled if c not in self.filled)


def columns_status(
    units: Sequence[Unit], year: int, today: datetime.date
) -> dict[int, ColumnsStatus]:
    """Unit id -> ``ColumnsStatus``: one definition for every page that shows these figures."""
    ids = [u.pk for u in units]
    enabled: dict[int, set[str]] = {}
    for unit_id, slug in ColumnChoice.objects.filter(unit_id__in=ids).values_list(
        "unit_id", "column"
    ):
        enabled.setdefault(unit_id, set()).add(slug)
    published = Entry.objects.filter(unit_id__in=ids, state=EntryState.PUBLISHED)
    filled: dict[int, set[str]] = {}
    for unit_id, slug in published.values_list("unit_id", "column").distinct():
        filled.setdefault(unit_id, set()).add(slug)
    in_year = dict(
        published.filter(published_on__year=year)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    staged = [c.slug for c in COLUMNS if c.stages]
    incomplete: dict[int, int] = {}
    for e in published.filter(column__in=staged):
        if missing_stages(e):
            incomplete[e.unit_id] = incomplete.get(e.unit_id, 0) + 1
    overdue = overdue_counts(units, today)
    out = {}
    for u in units:
        on = enabled.get(u.pk, set())
        cols = tuple(c for c in COLUMNS if c.slug in on)
        out[u.pk] = ColumnsStatus(
            enabled=cols,
            filled=tuple(c for c in cols if c.slug in filled.get(u.pk, set())),
            published_in_year=in_year.get(u.pk, 0),
            overdue=overdue.get(u.pk, 0),
            incomplete_projects=incomplete.get(u.pk, 0),
        )
    return out
