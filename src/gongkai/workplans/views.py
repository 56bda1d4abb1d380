"""Ledger pages: staff (list, import, my tasks, plan with dashboard and name mapping, task with
progress and 督办) and the public ledger of plans the body made public."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import ConflictError, DomainError
from gongkai.core.views import staff_view
from gongkai.formats import cn_date
from gongkai.org.access import Perm, can, units_visible_to
from gongkai.org.models import Unit
from gongkai.workplans import selectors, services
from gongkai.workplans.exports import plan_json, plan_xlsx
from gongkai.workplans.forms import (
    ImportForm,
    MappingForm,
    NoticeForm,
    PlanSettingsForm,
    ProgressForm,
    ReplyForm,
)
from gongkai.workplans.models import Notice, NoticeState, Role, Status, Task, TaskUnit, WorkPlan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _set_choices(form: Any, name: str, choices: list[tuple[str, str]]) -> None:
    form.fields[name].choices = choices


def _document_choices(plan: WorkPlan) -> list[tuple[str, str]]:
    """The unit's published documents, newest first: the 工作要点 the plan breaks down."""
    from gongkai.documents.models import Document

    docs = Document.objects.filter(unit=plan.unit, live__isnull=False).order_by(
        "-published_on", "-pk"
    )[:200]
    return [("", "（不关联）")] + [
        (str(d.pk), f"{d.title}（{cn_date(d.published_on) or '未注明日期'}）") for d in docs
    ]


def _plan_for(request: HttpRequest, pk: int) -> WorkPlan:
    plan = selectors.plans_visible_to(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404("没有这个台账，或不在您的查看范围内")
    return plan


@staff_view(Perm.USE_WORKBENCH)
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plans_visible_to(request.user))
    return render(
        request,
        "workplans/staff_list.html",
        {"plans": plans, "may_import": can(request.user, Perm.MANAGE_WORKPLANS)},
    )


@staff_view(Perm.MANAGE_WORKPLANS)
def plan_import_view(request: HttpRequest) -> HttpResponse:
    units = units_visible_to(request.user, Perm.MANAGE_WORKPLANS)
    form = ImportForm(request.POST or None, request.FILES or None)
    _set_choices(form, "unit", [(u.code, u.name) for u in units])
    if not request.POST:
        form.initial["year"] = timezone.localdate().year
    result = None
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        unit = get_object_or_404(units, code=form.cleaned_data["unit"])
        try:
            result = services.plan_import(
                actor=request.user,
                unit=unit,
                year=form.cleaned_data["year"],
                path=upload.name,
                content=upload.read(),
                dry_run=form.cleaned_data["dry_run"],
                title=form.cleaned_data["title"],
            )
        except DomainError as exc:
            problems = getattr(exc, "problems", [exc.message])
        else:
            if not result.dry_run and result.plan is not None:
                messages.success(request, f"已导入 {len(result.tasks)} 项任务。")
                return HttpResponseRedirect(reverse("workplans:plan", args=[result.plan.pk]))
    return render(
        request,
        "workplans/staff_import.html",
        {"form": form, "result": result, "problems": problems},
    )


@staff_view(Perm.HANDLE)
def my_tasks(request: HttpRequest) -> HttpResponse:
    scope = selectors.scope_unit_ids(request.user, Perm.HANDLE)
    today = timezone.localdate()
    tasks = selectors.open_tasks_for_units(scope) if scope is None or scope else Task.objects.none()
    flag = request.GET.get("flag", "")
    all_tasks = (
        Task.objects.filter(
            task_units__unit_id__in=scope, task_units__role__in=[Role.LEAD, Role.RESP]
        )
        .distinct()
        .select_related("plan", "plan__unit")
        if scope is not None
        else Task.objects.select_related("plan", "plan__unit")
    )
    if flag == "overdue":
        shown = tasks.filter(due_date__lt=today)
    elif flag == "due_soon":
        shown = tasks.filter(
            due_date__gte=today,
            due_date__lte=today + datetime.timedelta(days=selectors.DUE_SOON_DAYS),
        )
    else:
        shown = all_tasks
    notices = Notice.objects.filter(state=NoticeState.OPEN).select_related("task__plan", "unit")
    if scope is not None:
        notices = notices.filter(unit_id__in=scope)
    return render(
        request,
        "workplans/staff_mine.html",
        {
            "tasks": shown.select_related("plan").order_by("due_date", "plan_id", "position")[:500],
            "notices": notices,
            "flag": flag,
            "today": today,
        },
    )


def _unmatched(plan: WorkPlan) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    mapped = set(
        services.NameMapping.objects.filter(owner=plan.unit).values_list("name", flat=True)
    )
    for name in TaskUnit.objects.filter(task__plan=plan, unit__isnull=True).values_list(
        "name", flat=True
    ):
        if name not in mapped:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda p: (-p[1], p[0]))


@staff_view(Perm.USE_WORKBENCH)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    manage = selectors.may_manage(request.user, plan)
    if request.method == "POST":
        return _plan_post(request, plan)
    dash = selectors.dashboard(plan)
    tasks = list(selectors.tasks_of(plan))
    today = timezone.localdate()
    settings_form = PlanSettingsForm(
        initial={
            "title": plan.title,
            "is_public": plan.is_public,
            "published_on": plan.published_on,
            "document": str(plan.document_id or ""),
            "version": plan.version,
        }
    )
    _set_choices(settings_form, "document", _document_choices(plan))
    unmatched = _unmatched(plan) if manage else []
    mapping_units = list(Unit.objects.order_by("sort_order", "code")) if unmatched else []
    return render(
        request,
        "workplans/staff_plan.html",
        {
            "plan": plan,
            "dash": dash,
            "tasks": [(t, selectors.is_overdue(t, today)) for t in tasks],
            "manage": manage,
            "settings_form": settings_form,
            "unmatched": unmatched,
            "mapping_units": mapping_units,
            "checks": selectors.subordinate_checks(plan),
            "statuses": Status,
        },
    )


def _plan_post(request: HttpRequest, plan: WorkPlan) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        if action == "settings":
            form = PlanSettingsForm(request.POST)
            _set_choices(form, "document", _document_choices(plan))
            if not form.is_valid():
                raise services.ValidationFailed(
                    [
                        f"{form.fields[k].label}：{'；'.join(str(e) for e in v)}"
                        for k, v in form.errors.items()
                    ]
                )
            services.plan_update(
                actor=request.user,
                plan=plan,
                version=form.cleaned_data["version"],
                values={
                    "title": form.cleaned_data["title"],
                    "is_public": form.cleaned_data["is_public"],
                    "published_on": form.cleaned_data["published_on"],
                    "document": _document(plan, form.cleaned_data["document"]),
                },
            )
            messages.success(request, "台账设置已保存。")
        elif action == "map":
            mform = MappingForm(request.POST)
            _set_choices(mform, "units", [(u.code, u.code) for u in Unit.objects.all()])
            if not mform.is_valid():
                raise services.ValidationFailed(["请选择对应的单位，或勾选“不是单位”"])
            units = list(Unit.objects.filter(code__in=mform.cleaned_data["units"]))
            n = services.name_map(
                actor=request.user,
                owner=plan.unit,
                name=mform.cleaned_data["name"],
                units=units,
                not_a_unit=mform.cleaned_data["not_a_unit"],
            )
            messages.success(
                request, f"已记住“{mform.cleaned_data['name']}”的对应关系，更新了 {n} 处。"
            )
        else:
            raise Http404("没有这个操作")
    except ConflictError as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, f"操作未执行：{exc.message}")
    return HttpResponseRedirect(reverse("workplans:plan", args=[plan.pk]))


def _document(plan: WorkPlan, pk: str) -> Any:
    from gongkai.documents.models import Document

    if not pk:
        return None
    return Document.objects.filter(unit=plan.unit, live__isnull=False, pk=pk).first()


@staff_view(Perm.USE_WORKBENCH)
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = _plan_for(request, pk)
    if fmt == "json":
        body = json.dumps(plan_json(plan), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(plan_xlsx(plan), content_type=XLSX)
    else:
        raise Http404("没有这种格式")
    response["Content-Disposition"] = (
        f'attachment; filename="workplan-{plan.unit.code}-{plan.year}.{fmt}"'
    )
    return response


def _evidence_suggestions(task: Task) -> list[Any]:
    """Published records of the platform that may prove the task's progress (public search)."""
    from gongkai.search.selectors import search_public

    query = task.task[:60]
    try:
        return list(search_public(query=query, per_page=8).hits)
    except Exception:  # the search index may be absent (fresh install); suggestions are optional
        return []


@staff_view(Perm.USE_WORKBENCH)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("plan__unit"), pk=pk)
    plan = _plan_for(request, task.plan_id)
    reporting = services.may_report(request.user, task)
    manage = selectors.may_manage(request.user, plan)
    if request.method == "POST":
        return _task_post(request, task, reporting, manage)
    units = services.reporting_units(task)
    pform = ProgressForm(initial={"version": task.version, "status": task.status})
    _set_choices(pform, "unit", [(u.code, u.name) for u in reporting])
    nform = NoticeForm()
    _set_choices(nform, "unit", [(u.code, u.name) for u in units])
    task = selectors.tasks_of(plan).get(pk=task.pk)
    notices = list(task.notices.all())
    replyable = {
        n.pk
        for n in notices
        if n.state == NoticeState.OPEN and can(request.user, Perm.HANDLE, n.unit)
    }
    return render(
        request,
        "workplans/staff_task.html",
        {
            "plan": plan,
            "task": task,
            "overdue": selectors.is_overdue(task, timezone.localdate()),
            "pform": pform if reporting else None,
            "nform": nform if manage else None,
            "notices": [
                (n, ReplyForm(initial={"version": n.version}) if n.pk in replyable else None)
                for n in notices
            ],
            "suggestions": _evidence_suggestions(task) if reporting else [],
        },
    )


def _task_post(
    request: HttpRequest, task: Task, reporting: list[Unit], manage: bool
) -> HttpResponse:
    action = request.POST.get("action", "")
    back = HttpResponseRedirect(reverse("workplans:task", args=[task.pk]))
    try:
        if action == "report":
            form = ProgressForm(request.POST)
            _set_choices(form, "unit", [(u.code, u.name) for u in reporting])
            if not form.is_valid():
                raise services.ValidationFailed(
                    [
                        f"{form.fields[k].label if k in form.fields else ''}：{'；'.join(str(e) for e in v)}"
                        for k, v in form.errors.items()
                    ]
                )
            unit = Unit.objects.get(code=form.cleaned_data["unit"])
            services.progress_report(
                actor=request.user,
                task=task,
                unit=unit,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                text=form.cleaned_data["text"],
                problems=form.cleaned_data["problems"],
                next_steps=form.cleaned_data["next_steps"],
                internal_note=form.cleaned_data["internal_note"],
                evidence=form.evidence_items(),
            )
            messages.success(request, "进展已报送。")
        elif action == "notice":
            nform = NoticeForm(request.POST)
            _set_choices(nform, "unit", [(u.code, u.name) for u in services.reporting_units(task)])
            if not nform.is_valid():
                raise services.ValidationFailed(
                    [
                        f"{nform.fields[k].label}：{'；'.join(str(e) for e in v)}"
                        for k, v in nform.errors.items()
                    ]
                )
            notice = services.notice_send(
                actor=request.user,
                task=task,
                unit=Unit.objects.get(code=nform.cleaned_data["unit"]),
                text=nform.cleaned_data["text"],
                reply_workdays=nform.cleaned_data["reply_workdays"],
            )
            messages.success(request, f"督办已发出，请于 {cn_date(notice.reply_due)} 前回复。")
        elif action == "reply":
            notice = get_object_or_404(Notice, pk=request.POST.get("notice") or 0, task=task)
            rform = ReplyForm(request.POST)
            if not rform.is_valid():
                raise services.ValidationFailed(["请填写回复内容"])
            services.notice_reply(
                actor=request.user,
                notice=notice,
                version=rform.cleaned_data["version"],
                reply=rform.cleaned_data["reply"],
            )
            messages.success(request, "督办回复已提交。")
        else:
            raise Http404("没有这个操作")
    except ConflictError as exc:
        messages.error(request, exc.message)
    except DomainError as exc:
        messages.error(request, f"操作未执行：{exc.message}")
    return back


# ---- public ----------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "workplans/public_list.html", {"plans": selectors.public_plans()})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.public_plans(), pk=pk)
    tasks = selectors.public_tasks(plan)
    dash = selectors.dashboard(plan)
    return render(
        request,
        "workplans/public_detail.html",
        {"plan": plan, "tasks": tasks, "dash": dash, "statuses": Status},
    )
