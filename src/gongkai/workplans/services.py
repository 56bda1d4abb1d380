"""Writes of the work-plan ledger, each in one transaction with its audit event."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.org.access import Perm, can, require
from gongkai.org.models import Unit, User
from gongkai.org.tabular import all_or_nothing
from gongkai.workdays.phrases import parse_deadline
from gongkai.workplans.models import (
    Evidence,
    NameMapping,
    Notice,
    NoticeState,
    ProgressReport,
    Role,
    Status,
    Task,
    TaskUnit,
    WorkPlan,
)
from gongkai.workplans.names import Resolver, norm
from gongkai.workplans.parsing import ParsedTask, due_date_of, parse_plan, read_plan_table

MAX_TEXT = 5000
NOTICE_DEFAULT_WORKDAYS = (
    5  # the platform's default reply period for 督办; the sender may change it
)
NOTICE_MAX_WORKDAYS = 60


@dataclass
class ImportResult:
    plan: WorkPlan | None
    tasks: list[ParsedTask]
    units: dict[int, dict[str, list[tuple[str, list[str]]]]] = field(default_factory=dict)
    unmatched: dict[str, int] = field(default_factory=dict)  # name → how many tasks use it
    dry_run: bool = False
    replaced: int = 0


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationFailed([f"年度 {year} 不在 2000 至 2100 之间，请检查"])


def plan_import(
    *,
    actor: User | AnonymousUser | None,
    unit: Unit,
    year: int,
    path: Path | str,
    content: bytes | None = None,
    dry_run: bool = False,
    title: str = "",
    system: bool = False,
) -> ImportResult:
    """Read a task-breakdown table and make (or, while nobody reported progress, replace) the
    unit's plan for the year. All or nothing; a dry run checks everything and writes nothing."""
    if not system:
        require(actor, Perm.MANAGE_WORKPLANS, unit)
    _check_year(year)
    records = read_plan_table(path, content=content)
    resolver = Resolver.for_owner(unit)
    tasks = parse_plan(records, resolver.known_names())
    result = ImportResult(plan=None, tasks=tasks, dry_run=dry_run)
    with all_or_nothing(dry_run=dry_run):
        plan = WorkPlan.objects.select_for_update().filter(unit=unit, year=year).first()
        if plan is not None:
            if ProgressReport.objects.filter(task__plan=plan).exists():
                raise ValidationFailed(
                    [
                        f"{unit.name}{year}年的台账已有进展报告，不能整表覆盖："
                        "请在台账页面逐项修改，或先与主管确认"
                    ]
                )
            old = list(plan.tasks.values_list("pk", "number", "task"))
            result.replaced = len(old)
            plan.tasks.all().delete()
            for pk, number, text in old:
                audit_record(
                    actor=actor,
                    action="workplan.task_remove",
                    obj_type="workplan_task",
                    obj_id=pk,
                    obj_label=f"第{number}项 {text[:40]}",
                    unit=unit,
                    before={"plan": plan.pk, "number": number},
                )
            plan.version += 1
            plan.source_name = Path(str(path)).name[:200]
            if title:
                plan.title = title[:200]
            plan.save()
        else:
            plan = WorkPlan.objects.create(
                unit=unit,
                year=year,
                title=(title or f"{year}年{unit.name}政务公开工作任务分解表")[:200],
                source_name=Path(str(path)).name[:200],
            )
        created = Task.objects.bulk_create(
            [
                Task(
                    plan=plan,
                    position=i,
                    number=t.number,
                    number_written=t.number_written[:20],
                    category=t.category[:500],
                    task=t.task,
                    requirement=t.requirement,
                    lead_text=t.role_texts.get("lead", "")[:500],
                    resp_text=t.role_texts.get("resp", "")[:1000],
                    coop_text=t.role_texts.get("coop", "")[:500],
                    person=t.person[:120],
                    measures=t.measures,
                    due_written=t.due_written[:100],
                    due_kind=t.due_kind,
                    due_date=due_date_of(t, year),
                    source_line=t.line,
                )
                for i, t in enumerate(tasks, start=1)
            ]
        )
        if created and created[0].pk is None:  # backends that do not return ids
            created = list(plan.tasks.order_by("position"))
        links = []
        for task, parsed in zip(created, tasks, strict=True):
            per_role: dict[str, list[tuple[str, list[str]]]] = {}
            for role in ("lead", "resp", "coop"):
                for pos, name in enumerate(parsed.names.get(role, [])):
                    matched, ids = resolver.resolve(name)
                    if not matched:
                        result.unmatched[name] = result.unmatched.get(name, 0) + 1
                    per_role.setdefault(role, []).append((name, [resolver.codes[i] for i in ids]))
                    for uid in list[int | None](ids) or [None]:
                        links.append(
                            TaskUnit(
                                task=task, role=role, name=name[:200], unit_id=uid, position=pos
                            )
                        )
            result.units[parsed.number] = per_role
        TaskUnit.objects.bulk_create(links)
        audit_record(
            actor=actor,
            action="workplan.import",
            obj_type="workplan",
            obj_id=plan.pk,
            obj_label=plan.title,
            unit=unit,
            after={
                "tasks": len(tasks),
                "replaced": result.replaced,
                "unmatched": sorted(result.unmatched),
                "file": plan.source_name,
            },
        )
        result.plan = plan
    return result


def _relink(owner: Unit, name: str) -> int:
    resolver = Resolver.for_owner(owner)
    _matched, ids = resolver.resolve(name)
    changed = 0
    rows = TaskUnit.objects.filter(task__plan__unit=owner).select_related("task")
    by_slot: dict[tuple[int, str, int], list[TaskUnit]] = {}
    for tu in rows:
        if norm(tu.name) == norm(name):
            by_slot.setdefault((tu.task_id, tu.role, tu.position), []).append(tu)
    for (task_id, role, pos), olds in by_slot.items():
        TaskUnit.objects.filter(pk__in=[o.pk for o in olds]).delete()
        for uid in list[int | None](ids) or [None]:
            TaskUnit.objects.create(
                task_id=task_id, role=role, name=olds[0].name, unit_id=uid, position=pos
            )
        changed += 1
    return changed


def name_map(
    *,
    actor: User | AnonymousUser | None,
    owner: Unit,
    name: str,
    units: list[Unit],
    not_a_unit: bool = False,
) -> int:
    """Map a written name to units (or to "not a unit"), remember it, and re-resolve every task
    of the owner's plans that uses the name. Returns how many task entries changed."""
    require(actor, Perm.MANAGE_WORKPLANS, owner)
    name = name.strip()
    if not name:
        raise ValidationFailed(["请填写要对应的单位名称（原文）"])
    if not units and not not_a_unit:
        raise ValidationFailed([f"请为“{name}”选择对应的单位，或标记为“不是单位”"])
    with transaction.atomic():
        mapping, _ = NameMapping.objects.get_or_create(owner=owner, name=name[:200])
        before = {
            "units": sorted(u.code for u in mapping.units.all()),
            "not_a_unit": mapping.not_a_unit,
        }
        mapping.not_a_unit = not_a_unit
        mapping.save()
        mapping.units.set([] if not_a_unit else units)
        changed = _relink(owner, name)
        audit_record(
            actor=actor,
            action="workplan.map_name",
            obj_type="workplan_mapping",
            obj_id=f"{owner.pk}:{mapping.name}",
            obj_label=name,
            unit=owner,
            before=before,
            after={
                "units": sorted(u.code for u in units),
                "not_a_unit": not_a_unit,
                "tasks": changed,
            },
        )
    return changed


def plan_update(
    *,
    actor: User | AnonymousUser | None,
    plan: WorkPlan,
    version: int,
    values: dict[str, Any],
) -> WorkPlan:
    """Title, public or not, publication date, the 工作要点 document; version-checked."""
    with transaction.atomic():
        locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
        require(actor, Perm.MANAGE_WORKPLANS, locked.unit)
        if locked.version != version:
            raise ConflictError("保存失败：在您编辑期间，该台账已被他人修改。请刷新页面后再修改。")
        before = {k: str(getattr(locked, k)) for k in values}
        problems = []
        if "title" in values and not str(values["title"]).strip():
            problems.append("台账名称不能为空")
        if problems:
            raise ValidationFailed(problems)
        for key in ("title", "is_public", "published_on", "document"):
            if key in values:
                setattr(locked, key, values[key])
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="workplan.update",
            obj_type="workplan",
            obj_id=locked.pk,
            obj_label=locked.title,
            unit=locked.unit,
            before=before,
            after={k: str(getattr(locked, k)) for k in values},
        )
    return locked


def reporting_units(task: Task) -> list[Unit]:
    """Units that report on a task: its resolved lead and responsible units, or, when none
    resolved, the plan's own unit."""
    ids = {
        tu.unit_id
        for tu in task.task_units.all()
        if tu.unit_id and tu.role in (Role.LEAD, Role.RESP)
    }
    units = list(Unit.objects.filter(pk__in=ids)) if ids else []
    return units or [task.plan.unit]


def may_report(user: User | AnonymousUser | None, task: Task) -> list[Unit]:
    return [u for u in reporting_units(task) if can(user, Perm.HANDLE, u)]


@dataclass
class EvidenceIn:
    title: str
    url: str
    source: str = ""


def _check_url(url: str) -> bool:
    return url.startswith(("/", "https://", "http://"))


def progress_report(
    *,
    actor: User | AnonymousUser | None,
    task: Task,
    unit: Unit,
    version: int,
    status: str,
    text: str,
    problems: str = "",
    next_steps: str = "",
    internal_note: str = "",
    evidence: list[EvidenceIn] | tuple[EvidenceIn, ...] = (),
) -> ProgressReport:
    """A responsible unit reports status and progress; the task's status follows it."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
        if unit not in reporting_units(locked):
            raise ValidationFailed([f"{unit.name}不是该任务的牵头或责任单位，不能报送进展"])
        user = require(actor, Perm.HANDLE, unit)
        if locked.version != version:
            raise ConflictError(
                "报送失败：在您填写期间，该任务的进展已被他人更新。请刷新页面查看最新进展后再报送。"
            )
        errors = []
        if status not in Status.values:
            errors.append("请选择状态：未开始、推进中、已完成或延期")
        if not text.strip():
            errors.append("请填写进展情况")
        for label, value in (
            ("进展情况", text),
            ("存在问题", problems),
            ("下一步举措", next_steps),
        ):
            if len(value) > MAX_TEXT:
                errors.append(f"{label}过长，最多 {MAX_TEXT} 字")
        for e in evidence:
            if not e.title.strip():
                errors.append("佐证材料的标题不能为空")
            if not _check_url(e.url.strip()):
                errors.append(f"佐证材料“{e.title}”的链接应以 / 或 https:// 开头")
        if status == Status.DONE and not evidence:
            errors.append("标记为“已完成”时请至少附一项佐证材料（已发布的文件、解读、活动等）")
        if errors:
            raise ValidationFailed(errors)
        report = ProgressReport.objects.create(
            task=locked,
            unit=unit,
            status=status,
            text=text.strip(),
            problems=problems.strip(),
            next_steps=next_steps.strip(),
            internal_note=internal_note.strip(),
            reported_by=user,
        )
        Evidence.objects.bulk_create(
            [
                Evidence(
                    report=report,
                    title=e.title.strip()[:300],
                    url=e.url.strip()[:500],
                    source=e.source[:40],
                )
                for e in evidence
            ]
        )
        before = locked.status
        locked.status = status
        locked.status_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "status_at", "version"])
        audit_record(
            actor=actor,
            action="workplan.progress",
            obj_type="workplan_task",
            obj_id=locked.pk,
            obj_label=f"{locked.plan.title} 第{locked.number}项",
            unit=unit,
            before={"status": before},
            after={"status": status, "evidence": len(evidence)},
        )
    return report


def notice_send(
    *,
    actor: User | AnonymousUser | None,
    task: Task,
    unit: Unit,
    text: str,
    reply_workdays: int = NOTICE_DEFAULT_WORKDAYS,
    today: datetime.date | None = None,
) -> Notice:
    """督办: the supervisor of the plan's unit asks ``unit`` about ``task``; the reply is due
    ``reply_workdays`` working days later on the project's calendar."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().select_related("plan__unit").get(pk=task.pk)
        user = require(actor, Perm.MANAGE_WORKPLANS, locked.plan.unit)
        errors = []
        if not text.strip():
            errors.append("请填写督办事项")
        if len(text) > MAX_TEXT:
            errors.append(f"督办事项过长，最多 {MAX_TEXT} 字")
        if not 1 <= reply_workdays <= NOTICE_MAX_WORKDAYS:
            errors.append(f"回复期限应为 1 至 {NOTICE_MAX_WORKDAYS} 个工作日")
        if unit not in reporting_units(locked):
            errors.append(f"{unit.name}不是该任务的牵头或责任单位")
        if errors:
            raise ValidationFailed(errors)
        deadline = parse_deadline(f"{reply_workdays}个工作日内")
        assert deadline is not None
        start = today or timezone.localdate()
        due = deadline.resolve(start.year, event_date=start)
        assert due is not None
        notice = Notice.objects.create(
            task=locked,
            unit=unit,
            text=text.strip(),
            reply_due=due,
            reply_workdays=reply_workdays,
            sent_on=start,
            sent_by=user,
        )
        audit_record(
            actor=actor,
            action="workplan.notice_send",
            obj_type="workplan_notice",
            obj_id=notice.pk,
            obj_label=f"{locked.plan.title} 第{locked.number}项",
            unit=unit,
            after={"reply_due": due.isoformat(), "task": locked.pk},
        )
    return notice


def notice_reply(
    *, actor: User | AnonymousUser | None, notice: Notice, version: int, reply: str
) -> Notice:
    with transaction.atomic():
        locked = Notice.objects.select_for_update().select_related("unit").get(pk=notice.pk)
        user = require(actor, Perm.HANDLE, locked.unit)
        if locked.version != version:
            raise ConflictError("回复失败：该督办已被他人回复或修改。请刷新页面查看。")
        if not reply.strip():
            raise ValidationFailed(["请填写回复内容"])
        if len(reply) > MAX_TEXT:
            raise ValidationFailed([f"回复过长，最多 {MAX_TEXT} 字"])
        locked.reply = reply.strip()
        locked.state = NoticeState.REPLIED
        locked.replied_by = user
        locked.replied_at = timezone.now()
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="workplan.notice_reply",
            obj_type="workplan_notice",
            obj_id=locked.pk,
            obj_label=f"督办回复 {locked.pk}",
            unit=locked.unit,
            before={"state": NoticeState.OPEN},
            after={"state": NoticeState.REPLIED},
        )
    return locked


def recompute_notice_deadlines() -> int:
    """Open 督办 reply dates counted again after the calendar changed (workdays.hooks); runs in
    the calendar import's transaction. Returns how many changed."""
    from gongkai.workdays.selectors import load_calendar

    calendar = load_calendar()
    changed = 0
    for notice in Notice.objects.select_for_update().filter(
        state=NoticeState.OPEN, sent_on__isnull=False
    ):
        deadline = parse_deadline(f"{notice.reply_workdays}个工作日内")
        assert deadline is not None
        assert notice.sent_on is not None
        due = deadline.resolve(notice.sent_on.year, event_date=notice.sent_on, calendar=calendar)
        if due is not None and due != notice.reply_due:
            before = notice.reply_due
            notice.reply_due = due
            notice.save(update_fields=["reply_due"])
            audit_record(
                actor=None,
                action="workplan.notice_recompute",
                obj_type="workplan_notice",
                obj_id=notice.pk,
                obj_label=f"督办 {notice.pk}",
                unit=None,
                before={"reply_due": before.isoformat()},
                after={"reply_due": due.isoformat()},
                actor_label="工作日日历更新",
            )
            changed += 1
    return changed
