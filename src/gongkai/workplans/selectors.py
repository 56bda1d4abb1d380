"""Reads of the work-plan ledger: what a user may see, the dashboard, the to-do figures, the
public ledger (no personal names, no internal notes), the annual report's part 六 and the
30-working-day check of subordinate units' plans (seed 001)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import Unit, User
from gongkai.workdays.phrases import parse_deadline
from gongkai.workplans.models import (
    Notice,
    NoticeState,
    ProgressReport,
    Role,
    Status,
    Task,
    TaskUnit,
    WorkPlan,
)

DUE_SOON_DAYS = 14  # a task shows as "due soon" in the to-do list two weeks before its date
# Seed 001: subordinate units publish their own plans "在本方案公布后30个工作日内".
SUBORDINATE_PLAN_DEADLINE = "30个工作日内"


def plans_visible_to(user: User | AnonymousUser | None) -> QuerySet[WorkPlan]:
    """Plans of units where the user manages plans, plus plans with a task of the user's unit."""
    qs = WorkPlan.objects.select_related("unit")
    manage = scope_unit_ids(user, Perm.MANAGE_WORKPLANS)
    handle = scope_unit_ids(user, Perm.HANDLE)
    if manage is None or handle is None:
        return qs
    cond = Q(unit_id__in=manage) | Q(tasks__task_units__unit_id__in=handle)
    return qs.filter(cond).distinct()


def may_manage(user: User | AnonymousUser | None, plan: WorkPlan) -> bool:
    scope = scope_unit_ids(user, Perm.MANAGE_WORKPLANS)
    return scope is None or plan.unit_id in scope


def tasks_of(plan: WorkPlan) -> QuerySet[Task]:
    return plan.tasks.prefetch_related(
        Prefetch("task_units", queryset=TaskUnit.objects.select_related("unit")),
        Prefetch(
            "reports",
            queryset=ProgressReport.objects.select_related("unit").prefetch_related("evidence"),
        ),
        Prefetch("notices", queryset=Notice.objects.select_related("unit")),
    )


def is_overdue(task: Task, today: datetime.date) -> bool:
    return task.due_date is not None and task.due_date < today and task.status != Status.DONE


def open_tasks_for_units(unit_ids: set[int] | None) -> QuerySet[Task]:
    qs = Task.objects.exclude(status=Status.DONE).filter(due_date__isnull=False)
    if unit_ids is None:
        return qs
    return qs.filter(
        task_units__unit_id__in=unit_ids, task_units__role__in=[Role.LEAD, Role.RESP]
    ).distinct()


@dataclass
class TodoFigures:
    overdue: int
    due_soon: int
    notices_open: int
    notices_late: int  # for supervisors: notices past their reply date


def todo_figures(user: User, today: datetime.date | None = None) -> TodoFigures:
    today = today or timezone.localdate()
    handle = scope_unit_ids(user, Perm.HANDLE)
    manage = scope_unit_ids(user, Perm.MANAGE_WORKPLANS)
    overdue = due_soon = notices_open = notices_late = 0
    if handle is None or handle:
        tasks = open_tasks_for_units(handle)
        overdue = tasks.filter(due_date__lt=today).count()
        due_soon = tasks.filter(
            due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        ).count()
        notices = Notice.objects.filter(state=NoticeState.OPEN)
        if handle is not None:
            notices = notices.filter(unit_id__in=handle)
        notices_open = notices.count()
    if manage is None or manage:
        late = Notice.objects.filter(state=NoticeState.OPEN, reply_due__lt=today)
        if manage is not None:
            late = late.filter(task__plan__unit_id__in=manage)
        notices_late = late.count()
    return TodoFigures(overdue, due_soon, notices_open, notices_late)


@dataclass
class Tally:
    label: str
    counts: Counter[str] = field(default_factory=Counter)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def of(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass
class Dashboard:
    plan: WorkPlan
    overall: Tally
    by_category: list[Tally]
    by_unit: list[Tally]
    notices_open: int
    notices_late: int


def top_category(task: Task) -> str:
    return (task.category.split(" / ")[0] if task.category else "") or "（未分类）"


def dashboard(plan: WorkPlan, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    overall = Tally("合计")
    cats: dict[str, Tally] = {}
    units: dict[str, Tally] = {}
    for task in tasks_of(plan):
        late = is_overdue(task, today)
        keys = {
            tu.unit.name if tu.unit else f"{tu.name}（未对应）"
            for tu in task.task_units.all()
            if tu.role in (Role.LEAD, Role.RESP)
        }
        for tally in [overall, cats.setdefault(top_category(task), Tally(top_category(task)))] + [
            units.setdefault(k, Tally(k)) for k in sorted(keys)
        ]:
            tally.counts[task.status] += 1
            tally.overdue += int(late)
    notices = Notice.objects.filter(task__plan=plan, state=NoticeState.OPEN)
    return Dashboard(
        plan,
        overall,
        list(cats.values()),
        sorted(units.values(), key=lambda t: (-t.overdue, -t.total, t.label)),
        notices.count(),
        notices.filter(reply_due__lt=today).count(),
    )


# ---- public ledger ------------------------------------------------------------------------


def public_plans() -> QuerySet[WorkPlan]:
    return WorkPlan.objects.filter(is_public=True).select_related("unit")


@dataclass
class PublicEvidence:
    title: str
    url: str


@dataclass
class PublicTask:
    """What the public ledger shows of a task (seed 003 (五)): measures, responsibility by unit,
    progress, problems, next steps and evidence. Never the 责任人 or internal notes."""

    number: int
    category: str
    task: str
    requirement: str
    measures: str
    lead: str
    resp: str
    coop: str
    due: str
    due_date: datetime.date | None
    status: str
    status_label: str
    overdue: bool
    progress: str
    problems: str
    next_steps: str
    reported_on: datetime.date | None
    evidence: list[PublicEvidence]


def public_tasks(plan: WorkPlan, today: datetime.date | None = None) -> list[PublicTask]:
    today = today or timezone.localdate()
    out = []
    for t in tasks_of(plan):
        reports = list(t.reports.all())
        latest = reports[0] if reports else None
        out.append(
            PublicTask(
                number=t.number,
                category=t.category,
                task=t.task,
                requirement=t.requirement,
                measures=t.measures,
                lead=t.lead_text,
                resp=t.resp_text,
                coop=t.coop_text,
                due=t.due_written or "全年",
                due_date=t.due_date,
                status=t.status,
                status_label=Status(t.status).label,
                overdue=is_overdue(t, today),
                progress=latest.text if latest else "",
                problems=latest.problems if latest else "",
                next_steps=latest.next_steps if latest else "",
                reported_on=timezone.localdate(latest.reported_at) if latest else None,
                evidence=[
                    PublicEvidence(e.title, e.url) for r in reports for e in r.evidence.all()
                ],
            )
        )
    return out


# ---- annual report part 六 and the 30-working-day check ----------------------------------


@dataclass
class SubordinateCheck:
    unit: Unit
    plan: WorkPlan | None
    due: datetime.date
    published_on: datetime.date | None
    state: str  # "on_time" | "late" | "missing" | "pending"
    provisional: bool

    @property
    def label(self) -> str:
        return {
            "on_time": "按时公开",
            "late": "逾期公开",
            "missing": "逾期未公开",
            "pending": "尚未到期",
        }[self.state]


def plan_published_on(plan: WorkPlan) -> datetime.date | None:
    if plan.published_on:
        return plan.published_on
    doc = plan.document
    return doc.published_on if doc is not None else None


def subordinate_checks(
    plan: WorkPlan, today: datetime.date | None = None
) -> list[SubordinateCheck]:
    """Each unit directly below the plan's unit: did it make its own plan for the year public
    within 30 working days of this plan's publication (seed 001)? Empty until this plan has
    a publication date."""
    today = today or timezone.localdate()
    start = plan_published_on(plan)
    if start is None:
        return []
    phrase = parse_deadline(SUBORDINATE_PLAN_DEADLINE)
    assert phrase is not None
    count = phrase.due_after(start)
    assert count is not None
    plans = {
        p.unit_id: p
        for p in WorkPlan.objects.filter(year=plan.year, unit__parent=plan.unit).select_related(
            "document"
        )
    }
    out = []
    for unit in Unit.objects.filter(parent=plan.unit).order_by("sort_order", "code"):
        p = plans.get(unit.pk)
        published = plan_published_on(p) if p else None
        if published is not None:
            state = "on_time" if published <= count.end else "late"
        else:
            state = "missing" if today > count.end else "pending"
        out.append(SubordinateCheck(unit, p, count.end, published, state, count.provisional))
    return out


@dataclass
class Part6:
    paragraph: str
    rows: list[
        tuple[str, int, int, int, int, int]
    ]  # category, total, done, in progress, overdue, not started


def annual_report_part6(unit: Unit, year: int, today: datetime.date | None = None) -> Part6 | None:
    """The draft of part 六 (其他需要报告的事项) on the year's work points (seed 004 item 6):
    a paragraph and a table by category. None when the unit has no plan for the year."""
    plan = WorkPlan.objects.filter(unit=unit, year=year).first()
    if plan is None:
        return None
    end = datetime.date(year, 12, 31)
    today = min(today or timezone.localdate(), end)
    d = dashboard(plan, today)
    rows = []
    for c in d.by_category:
        rows.append(
            (
                c.label,
                c.total,
                c.of(Status.DONE),
                c.of(Status.IN_PROGRESS) + c.of(Status.DELAYED),
                c.overdue,
                c.of(Status.NOT_STARTED),
            )
        )
    o = d.overall
    paragraph = (
        f"{year}年，本机关将《{plan.title}》分解为 {o.total} 项任务，逐项明确牵头、责任单位和完成时限，"
        f"形成工作台账跟踪推进。截至{today.month}月{today.day}日，已完成 {o.of(Status.DONE)} 项，"
        f"推进中 {o.of(Status.IN_PROGRESS)} 项，延期 {o.of(Status.DELAYED)} 项，"
        f"未开始 {o.of(Status.NOT_STARTED)} 项，其中超过完成时限尚未完成 {o.overdue} 项。"
    )
    checks = subordinate_checks(plan, today)
    if checks:
        on_time = sum(1 for c in checks if c.state == "on_time")
        paragraph += f"下属 {len(checks)} 个单位中，{on_time} 个在本机关工作要点公布后 30 个工作日内公开了本单位年度工作计划。"
    return Part6(paragraph, rows)


def report_part6_text(unit: Unit, year: int) -> str:
    """The paragraph and a plain-text table, for the reports app's part 六 draft."""
    part = annual_report_part6(unit, year)
    if part is None:
        return ""
    lines = [
        part.paragraph,
        "工作要点落实情况（按类别）：类别｜任务数｜已完成｜推进中（含延期）｜超期未完成｜未开始",
    ]
    lines += ["｜".join(str(x) for x in row) for row in part.rows]
    return "\n".join(lines)


def unit_figures(units: Sequence[Unit], year: int, today: datetime.date | None = None) -> list[Any]:
    """For the supervisors' statistics page (workbench.figures): per unit, the year's tasks it
    leads or is responsible for, how many are done, how many are past their deadline, and
    whether its own plan for the year exists."""
    from gongkai.workbench.figures import Figure

    today = today or timezone.localdate()
    ids = [u.pk for u in units]
    rows = (
        TaskUnit.objects.filter(
            unit_id__in=ids, role__in=[Role.LEAD, Role.RESP], task__plan__year=year
        )
        .values_list("unit_id", "task_id", "task__status", "task__due_date")
        .distinct()
    )
    per: dict[int, dict[int, tuple[str, datetime.date | None]]] = {}
    for unit_id, task_id, status, due in rows:
        per.setdefault(unit_id, {})[task_id] = (status, due)
    own = set(WorkPlan.objects.filter(unit_id__in=ids, year=year).values_list("unit_id", flat=True))
    out = []
    for u in units:
        tasks = per.get(u.pk, {}).values()
        late = sum(1 for s, d in tasks if d is not None and d < today and s != Status.DONE)
        out.append(Figure(u, "台账任务（项）", len(tasks)))
        out.append(Figure(u, "已完成（项）", sum(1 for s, _ in tasks if s == Status.DONE)))
        out.append(Figure(u, "超期未完成（项）", late, late=late > 0))
        out.append(Figure(u, "本单位年度工作台账", "有" if u.pk in own else "无"))
    return out
