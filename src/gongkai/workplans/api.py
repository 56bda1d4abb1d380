"""API of the work-plan ledger: staff read plans and tasks and report progress; the public reads
the plans the body made public (no personal names, no internal notes)."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from gongkai.api import requires
from gongkai.org.access import Perm
from gongkai.org.models import Unit
from gongkai.workplans import selectors, services
from gongkai.workplans.exports import plan_json
from gongkai.workplans.models import Task

router = Router(tags=["工作台账"])
public_router = Router(tags=["公开"])


class PlanOut(Schema):
    id: int
    unit: str
    unit_name: str
    year: int
    title: str
    is_public: bool
    tasks: int


class TaskOut(Schema):
    id: int
    n: int
    category: str
    task: str
    requirement: str
    lead: str
    resp: str
    coop: str
    person: str
    measures: str
    due: str
    due_date: datetime.date | None
    status: str
    units: dict[str, list[str]]
    version: int


class EvidenceIn(Schema):
    title: str
    url: str


class ProgressIn(Schema):
    unit: str
    version: int
    status: str
    text: str
    problems: str = ""
    next_steps: str = ""
    evidence: list[EvidenceIn] = []


class ProgressOut(Schema):
    id: int
    task: int
    status: str
    task_version: int


class PublicTaskOut(Schema):
    n: int
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
    overdue: bool
    progress: str
    problems: str
    next_steps: str
    evidence: list[dict[str, str]]


def _plan_out(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "unit": p.unit.code,
        "unit_name": p.unit.name,
        "year": p.year,
        "title": p.title,
        "is_public": p.is_public,
        "tasks": p.tasks.count(),
    }


@router.get("", response=list[PlanOut], auth=django_auth, summary="可查看的工作台账")
@requires(Perm.USE_WORKBENCH)
def plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [_plan_out(p) for p in selectors.plans_visible_to(request.user)]


@router.get(
    "/{plan_id}/tasks",
    response=list[TaskOut],
    auth=django_auth,
    summary="台账的任务（导出 JSON 的各键）",
)
@requires(Perm.USE_WORKBENCH)
def plan_tasks(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = selectors.plans_visible_to(request.user).filter(pk=plan_id).first()
    if plan is None:
        raise HttpError(404, "没有这个台账，或不在您的查看范围内")
    rows = plan_json(plan)
    tasks = list(plan.tasks.order_by("position").values_list("pk", "status", "version"))
    return [
        {**row, "id": pk, "status": status, "version": version}
        for row, (pk, status, version) in zip(rows, tasks, strict=True)
    ]


@router.post(
    "/tasks/{task_id}/progress", response=ProgressOut, auth=django_auth, summary="报送进展"
)
@requires(Perm.HANDLE)
def task_progress(request: HttpRequest, task_id: int, body: ProgressIn) -> dict[str, Any]:
    task = Task.objects.filter(pk=task_id).select_related("plan").first()
    if (
        task is None
        or not selectors.plans_visible_to(request.user).filter(pk=task.plan_id).exists()
    ):
        raise HttpError(404, "没有这个任务，或不在您的查看范围内")
    unit = Unit.objects.filter(code=body.unit).first()
    if unit is None:
        raise HttpError(422, f"单位代码“{body.unit}”不存在")
    report = services.progress_report(
        actor=request.user,
        task=task,
        unit=unit,
        version=body.version,
        status=body.status,
        text=body.text,
        problems=body.problems,
        next_steps=body.next_steps,
        evidence=[services.EvidenceIn(e.title, e.url) for e in body.evidence],
    )
    task.refresh_from_db()
    return {"id": report.pk, "task": task.pk, "status": task.status, "task_version": task.version}


@public_router.get("", response=list[PlanOut], summary="公开的工作台账")
def public_plans(request: HttpRequest) -> list[dict[str, Any]]:
    return [_plan_out(p) for p in selectors.public_plans()]


@public_router.get("/{plan_id}", response=list[PublicTaskOut], summary="公开台账的任务与进展")
def public_plan(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    plan = selectors.public_plans().filter(pk=plan_id).first()
    if plan is None:
        raise HttpError(404, "没有这个公开的台账")
    return [
        {
            "n": t.number,
            "category": t.category,
            "task": t.task,
            "requirement": t.requirement,
            "measures": t.measures,
            "lead": t.lead,
            "resp": t.resp,
            "coop": t.coop,
            "due": t.due,
            "due_date": t.due_date,
            "status": t.status,
            "overdue": t.overdue,
            "progress": t.progress,
            "problems": t.problems,
            "next_steps": t.next_steps,
            "evidence": [{"title": e.title, "url": e.url} for e in t.evidence],
        }
        for t in selectors.public_tasks(plan)
    ]
