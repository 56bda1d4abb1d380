"""Writes to the calendar: loading or correcting a year, then recomputing open deadlines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.org.access import Perm, require
from gongkai.org.models import User
from gongkai.workdays.arrangement import Arrangement
from gongkai.workdays.hooks import recompute_open_deadlines
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind

KIND_LABELS = dict(DayKind.choices)


@dataclass(frozen=True)
class DayChange:
    date: datetime.date
    before: str  # "" when the year was not loaded
    after: str

    def describe(self) -> str:
        was = self.before or "（未载入）"
        return f"{self.date.isoformat()}：{was} → {self.after}"


@dataclass
class CalendarImportResult:
    year: int
    source: str
    new_year: bool
    changes: list[DayChange] = field(default_factory=list)
    recomputed: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    working_days: int = 0


def _label(kind: str, reason: str) -> str:
    text = KIND_LABELS.get(kind, kind)
    return f"{text}（{reason}）" if reason else text


def calendar_plan_import(arrangement: Arrangement) -> CalendarImportResult:
    """What importing ``arrangement`` would change, without writing anything."""
    arrangement.validate()
    existing = {d.date: d for d in CalendarDay.objects.filter(date__year=arrangement.year)}
    new_year = not CalendarYear.objects.filter(year=arrangement.year).exists()
    result = CalendarImportResult(
        year=arrangement.year, source=arrangement.source, new_year=new_year
    )
    working = 0
    for d, kind, is_working, reason in arrangement.rows():
        working += int(is_working)
        old = existing.get(d)
        if old is None:
            if kind in (DayKind.HOLIDAY, DayKind.MAKEUP):
                result.changes.append(DayChange(d, "", _label(kind, reason)))
        elif (old.kind, old.reason) != (kind, reason):
            result.changes.append(DayChange(d, _label(old.kind, old.reason), _label(kind, reason)))
    result.working_days = working
    return result


def calendar_apply_import(
    *, actor: User | AnonymousUser | None, arrangement: Arrangement, system: bool = False
) -> CalendarImportResult:
    """Load or correct one year, in one transaction, audited; then recompute open deadlines."""
    if not system:
        require(actor, Perm.MANAGE_CALENDAR)
    with transaction.atomic():
        result = calendar_plan_import(arrangement)
        if not result.new_year and not result.changes:
            existing = CalendarYear.objects.get(year=arrangement.year)
            if existing.source == arrangement.source:
                return result
        rows = arrangement.rows()
        by_date = {d.date: d for d in CalendarDay.objects.filter(date__year=arrangement.year)}
        to_create = []
        to_update = []
        for d, kind, is_working, reason in rows:
            row = by_date.get(d)
            if row is None:
                to_create.append(
                    CalendarDay(
                        date=d,
                        kind=kind,
                        is_working=is_working,
                        reason=reason,
                        source=arrangement.source,
                    )
                )
            elif (row.kind, row.reason, row.source) != (kind, reason, arrangement.source):
                row.kind, row.is_working, row.reason = kind, is_working, reason
                row.source = arrangement.source
                to_update.append(row)
        CalendarDay.objects.bulk_create(to_create)
        CalendarDay.objects.bulk_update(to_update, ["kind", "is_working", "reason", "source"])
        year, created = CalendarYear.objects.get_or_create(
            year=arrangement.year, defaults={"source": arrangement.source}
        )
        if not created:
            year.source = arrangement.source
            year.revision += 1
            year.save(update_fields=["source", "revision", "updated_at"])
        audit_record(
            actor=actor,
            action="calendar.import" if created else "calendar.correct",
            obj_type="calendar_year",
            obj_id=arrangement.year,
            obj_label=f"{arrangement.year}年工作日日历",
            before={c.date.isoformat(): c.before for c in result.changes},
            after={
                "source": arrangement.source,
                **{c.date.isoformat(): c.after for c in result.changes},
            },
        )
        result.recomputed = recompute_open_deadlines()
        result.applied = True
    return result
