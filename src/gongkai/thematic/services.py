"""Writes of the thematic columns: entries (typed by their column), project stages, columns a
body enables, publication and XLSX import. One transaction each, audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.thematic.columns import COLUMNS_BY_SLUG, ColumnSpec, clean_values
from gongkai.thematic.models import ColumnChoice, Entry, EntryState


def _column(slug: str) -> ColumnSpec:
    col = COLUMNS_BY_SLUG.get(slug)
    if col is None:
        raise ValidationFailed([f"没有“{slug}”这个重点领域栏目"])
    return col


@transaction.atomic
def columns_enable(*, actor: User, unit: Unit, columns: list[str]) -> list[str]:
    require(actor, Perm.HANDLE, unit)
    chosen = [c for c in dict.fromkeys(columns) if c in COLUMNS_BY_SLUG]
    before = sorted(ColumnChoice.objects.filter(unit=unit).values_list("column", flat=True))
    ColumnChoice.objects.filter(unit=unit).exclude(column__in=chosen).delete()
    for c in chosen:
        ColumnChoice.objects.get_or_create(unit=unit, column=c)
    audit_record(
        actor=actor,
        action="thematic.columns",
        obj_type="thematic_columns",
        obj_id=unit.code,
        obj_label=unit.name,
        unit=unit,
        before={"columns": before},
        after={"columns": sorted(chosen)},
    )
    return chosen


def _save_change(entry: Entry) -> None:
    """Save a change of an existing entry: its version moves on (concurrent edits are refused
    by it) and the search index takes the entry again."""
    entry.version += 1
    entry.search_dirty = True
    entry.save()


def _audit(
    actor: User,
    action: str,
    entry: Entry,
    label: str,
    after: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=f"thematic.{action}",
        obj_type="thematic_entry",
        obj_id=entry.pk,
        obj_label=label[:200],
        unit=entry.unit,
        before=before,
        after=after,
    )


def _year(values: dict[str, object]) -> int | None:
    raw = values.get("year")
    return int(str(raw)) if raw not in ("", None) else None


@transaction.atomic
def entry_save(
    *,
    actor: User,
    unit: Unit,
    column: str,
    raw: Mapping[str, object],
    version: int = 0,
    entry_id: int | None = None,
    import_key: str | None = None,
) -> Entry:
    """Create or change an entry (a draft, or a published entry corrected in place). Formats are
    checked now; completeness when it is published."""
    require(actor, Perm.HANDLE, unit)
    col = _column(column)
    entry = None
    if entry_id is not None:
        entry = (
            Entry.objects.select_for_update().filter(pk=entry_id, unit=unit, column=column).first()
        )
        if entry is None:
            raise ValidationFailed(["没有这条信息，或不在您的管理范围内"])
        if entry.version != version:
            raise ConflictError("该信息已被他人修改：请刷新页面查看最新内容后再修改。")
    published = entry is not None and entry.state == EntryState.PUBLISHED
    values, problems = clean_values(col, raw, for_publication=published)
    if problems:
        raise ValidationFailed(problems)
    title = str(values[col.title_field])
    if entry is None:
        entry = Entry.objects.create(
            column=column,
            unit=unit,
            title=title,
            year=_year(values),
            values=values,
            created_at=timezone.now(),
            import_key=import_key,
        )
        before: dict[str, Any] | None = None
    else:
        before = {"values": entry.values}
        entry.title, entry.year, entry.values = title, _year(values), values
        if published:
            entry.updated_at = timezone.now()
        _save_change(entry)
    _audit(actor, "save", entry, f"{col.title}：{title}", {"values": values}, before)
    return entry


@transaction.atomic
def entry_publish(*, actor: User, entry_id: int, version: int) -> Entry:
    entry = Entry.objects.select_for_update().select_related("unit").get(pk=entry_id)
    require(actor, Perm.REVIEW, entry.unit)
    if entry.version != version:
        raise ConflictError("该信息已被他人修改：请刷新页面查看最新内容后再发布。")
    if entry.state == EntryState.PUBLISHED:
        raise ValidationFailed(["该信息已发布"])
    col = _column(entry.column)
    _values, problems = clean_values(col, entry.values, for_publication=True)
    if problems:
        raise ValidationFailed([f"“{entry.title}”不能发布：", *problems])
    entry.state = EntryState.PUBLISHED
    entry.published_at = timezone.now()
    entry.updated_at = entry.published_at
    entry.published_on = timezone.localdate()
    entry.published_by = actor
    _save_change(entry)
    _audit(actor, "publish", entry, f"{col.title}：{entry.title}", {"state": entry.state})
    return entry


@transaction.atomic
def entry_withdraw(*, actor: User, entry_id: int, version: int, reason: str) -> Entry:
    entry = Entry.objects.select_for_update().select_related("unit").get(pk=entry_id)
    require(actor, Perm.REVIEW, entry.unit)
    if entry.version != version:
        raise ConflictError("该信息已被他人修改：请刷新页面查看最新内容后再操作。")
    if not reason.strip():
        raise ValidationFailed(["请写明撤回原因"])
    entry.state = EntryState.WITHDRAWN
    _save_change(entry)
    _audit(
        actor,
        "withdraw",
        entry,
        entry.title,
        {"state": entry.state, "reason": reason.strip()[:300]},
    )
    return entry


@transaction.atomic
def stage_add(
    *,
    actor: User,
    entry_id: int,
    version: int,
    stage: str,
    title: str,
    url: str,
    dated: datetime.date | None,
) -> Entry:
    """Link one piece of a major project's stage information (国办发〔2017〕94号)."""
    entry = Entry.objects.select_for_update().select_related("unit").get(pk=entry_id)
    require(actor, Perm.HANDLE, entry.unit)
    col = _column(entry.column)
    if entry.version != version:
        raise ConflictError("该项目已被他人修改：请刷新页面查看最新内容后再修改。")
    problems = []
    if stage not in col.stages:
        problems.append(f"阶段应为{'、'.join(col.stages)}之一")
    if not title.strip():
        problems.append("请填写该阶段信息的标题")
    if not url.startswith(("https://", "http://", "/")):
        problems.append("链接应为网址（以 https:// 或 / 开头）")
    if problems:
        raise ValidationFailed(problems)
    stages = dict(entry.stages)
    stages.setdefault(stage, []).append(
        {
            "title": title.strip()[:300],
            "url": url.strip()[:500],
            "date": dated.isoformat() if dated else "",
        }
    )
    entry.stages = stages
    if entry.state == EntryState.PUBLISHED:
        entry.updated_at = timezone.now()
    _save_change(entry)
    _audit(
        actor,
        "stage",
        entry,
        f"{entry.title}：{stage}",
        {"stage": stage, "title": title, "url": url},
    )
    return entry
