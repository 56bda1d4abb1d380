"""Writes to the calendar: loading or correcting a year, then recomputing open deadlines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, DomainError
from gongkai.formats import cn_date
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
    working_changed: bool = True  # False: only the name or weekend/holiday label changes

    def describe(self) -> str:
        was = self.before or "（未载入）"
        note = "" if self.working_changed else "（仅说明变化，不影响工作日）"
        return f"{cn_date(self.date)}：{was} → {self.after}{note}"


@dataclass
class CalendarImportResult:
    year: int
    source: str
    new_year: bool
    changes: list[DayChange] = field(default_factory=list)
    recomputed: dict[str, int] = field(default_factory=dict)
    applied: bool = False
    working_days: int = 0
    # The year's revision the plan was computed against (0: not loaded yet). The web page's
    # confirm step sends it back, so a year changed since the preview is not overwritten.
    revision: int = 0

    @property
    def working_changes(self) -> list[DayChange]:
        """Changes that move a deadline: a day becomes working or non-working."""
        return [c for c in self.changes if c.working_changed]

    @property
    def cosmetic_changes(self) -> list[DayChange]:
        return [c for c in self.changes if not c.working_changed]


def _label(kind: str, reason: str) -> str:
    text = KIND_LABELS.get(kind, kind)
    return f"{text}（{reason}）" if reason else text


def calendar_plan_import(arrangement: Arrangement) -> CalendarImportResult:
    """What importing ``arrangement`` would change, without writing anything."""
    arrangement.validate()
    existing = {d.date: d for d in CalendarDay.objects.filter(date__year=arrangement.year)}
    revision = (
        CalendarYear.objects.filter(year=arrangement.year)
        .values_list("revision", flat=True)
        .first()
    )
    new_year = revision is None
    result = CalendarImportResult(
        year=arrangement.year, source=arrangement.source, new_year=new_year, revision=revision or 0
    )
    working = 0
    for d, kind, is_working, reason in arrangement.rows():
        working += int(is_working)
        old = existing.get(d)
        if old is None:
            if kind in (DayKind.HOLIDAY, DayKind.MAKEUP):
                result.changes.append(DayChange(d, "", _label(kind, reason)))
        elif (old.kind, old.reason) != (kind, reason):
            result.changes.append(
                DayChange(
                    d,
                    _label(old.kind, old.reason),
                    _label(kind, reason),
                    working_changed=old.is_working != is_working,
                )
            )
    # Days that turn working/non-working first: those are the ones that move deadlines.
    result.changes.sort(key=lambda c: (not c.working_changed, c.date))
    result.working_days = working
    return result


def calendar_apply_import(
    *,
    actor: User | AnonymousUser | None,
    arrangement: Arrangement,
    replace: bool = False,
    system: bool = False,
    revision: int | None = None,
) -> CalendarImportResult:
    """Load or correct one year, in one transaction, audited; then recompute open deadlines.

    The file states the whole year's arrangement. For a year already loaded, applying it
    replaces that year, so the caller must confirm with ``replace=True`` (CLI ``--replace``,
    the web page's confirm step after its preview). ``revision``: the year's revision the
    preview showed (0: not loaded); if someone changed the year since, nothing is written."""
    if not system:
        require(actor, Perm.MANAGE_CALENDAR)
    with transaction.atomic():
        # Serialise imports of the same year (the row may not exist yet: lock the table's rows
        # for that year and rely on the unique constraint for the first load).
        list(CalendarYear.objects.select_for_update().filter(year=arrangement.year))
        result = calendar_plan_import(arrangement)
        if revision is not None and result.revision != revision:
            raise ConflictError(
                f"写入失败：在您预览之后，{arrangement.year} 年日历已被他人更改，您的文件没有写入。"
                "请刷新页面查看最新内容后再修改：下面是按最新日历重新计算的变化，"
                "确认无误后再次选择同一文件并点击“确认写入”。"
            )
        if not result.new_year and not result.changes:
            existing = CalendarYear.objects.get(year=arrangement.year)
            if existing.source == arrangement.source:
                return result
        if not result.new_year and not replace:
            raise DomainError(
                f"{arrangement.year} 年已经载入：导入文件会整体替换该年安排"
                f"（{len(result.working_changes)} 天的工作日属性将改变）。"
                "请先预览变化，确认无误后再确认替换（命令行加 --replace）。"
            )
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
            year.revision = F("revision") + 1
            year.save(update_fields=["source", "revision", "updated_at"])
            year.refresh_from_db(fields=["revision"])
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
        if result.new_year or result.working_changes:
            result.recomputed = recompute_open_deadlines()
        result.applied = True
    return result
