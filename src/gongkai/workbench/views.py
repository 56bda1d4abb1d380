"""The staff workbench. Thin callers: permissions via the access layer, writes via services."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.selectors import AuditFilter, audit_events_visible_to
from gongkai.audit.services import audit_record
from gongkai.core import ratelimit
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.core.jobs import last_tick
from gongkai.core.middleware import client_ip
from gongkai.core.spreadsheet import csv_lines
from gongkai.core.views import forbidden, staff_view
from gongkai.org.access import Perm, can, permissions_of, units_visible_to
from gongkai.org.models import Role, Unit, User, username_key
from gongkai.org.selectors import staff_visible_to, unit_tree, unit_tree_visible_to
from gongkai.org.services import (
    staff_create,
    staff_update,
    unit_create,
    unit_snapshot,
    unit_update,
    units_import,
)
from gongkai.portal.views import deadline_calculator
from gongkai.workbench.forms import FileImportForm, StaffForm, UnitForm
from gongkai.workbench.todo import todo_items
from gongkai.workdays.arrangement import parse_file
from gongkai.workdays.selectors import loaded_years, working_day_count, year_days
from gongkai.workdays.services import calendar_apply_import, calendar_plan_import

LOGIN_MAX_FAILURES = 10  # per address and user name
LOGIN_WINDOW_S = 15 * 60


class LoginView(auth_views.LoginView):
    """Django's login, throttled: after 10 failures for the same address and user name within
    15 minutes, further attempts are refused until the window passes."""

    template_name = "workbench/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Django's login view puts the request's host in ``site_name`` (no sites framework),
        # which would override the platform's name in the title and footer
        context["site_name"] = settings.GONGKAI_SITE_NAME
        context.pop("site", None)
        return context

    def _ident(self) -> str:
        return f"{client_ip(self.request)}|{username_key(self.request.POST.get('username', ''))}"

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if ratelimit.blocked("login", self._ident(), limit=LOGIN_MAX_FAILURES):
            form = self.get_form()
            form.add_error(None, "登录失败次数过多，为保护账号安全，请 15 分钟后再试。")
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        ratelimit.hit("login", self._ident(), limit=LOGIN_MAX_FAILURES, window_s=LOGIN_WINDOW_S)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        ratelimit.reset("login", self._ident())
        return super().form_valid(form)


@staff_view(Perm.USE_WORKBENCH)
def home(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    perms = permissions_of(request.user)
    return render(
        request,
        "workbench/home.html",
        {
            "perms": {p.value for p in perms},
            "todo": todo_items(request.user),
            "last_tick": last_tick(),
        },
    )


@staff_view(Perm.USE_WORKBENCH)
def deadline(request: HttpRequest) -> HttpResponse:
    return deadline_calculator(request)


@staff_view(Perm.VIEW_UNITS)
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workbench/unit_list.html",
        {
            "nodes": unit_tree_visible_to(request.user),
            "can_manage": can(request.user, Perm.MANAGE_UNITS),
        },
    )


def _unit_values(form: UnitForm) -> dict[str, object]:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@staff_view(Perm.MANAGE_UNITS)
def unit_new(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None, initial={"parent": request.GET.get("parent", "")})
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_create(actor=request.user, values=_unit_values(form))
        except ValidationFailed as exc:
            for p in exc.problems:
                form.add_error(None, p)
        else:
            messages.success(request, f"已新增机构“{unit.name}”。")
            return redirect("workbench:units")
    return render(request, "workbench/unit_form.html", {"form": form, "unit": None})


@staff_view(Perm.MANAGE_UNITS)
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = units_visible_to(request.user, Perm.MANAGE_UNITS).filter(code=code).first()
    if unit is None:
        if Unit.objects.filter(code=code).exists():
            return forbidden(request, "该机构不在您的管理范围内。")
        raise Http404("没有这个机构")
    initial = unit_snapshot(unit) | {"version": unit.version}
    form = UnitForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version") or 0)
            unit = unit_update(
                actor=request.user, unit=unit, values=_unit_values(form), version=version
            )
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            for p in exc.problems:
                form.add_error(None, p)
        else:
            messages.success(request, f"已保存“{unit.name}”。")
            return redirect("workbench:units")
    return render(request, "workbench/unit_form.html", {"form": form, "unit": unit})


@staff_view(Perm.MANAGE_UNITS)
def unit_import(request: HttpRequest) -> HttpResponse:
    form = FileImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = units_import(actor=request.user, path=upload.name, content=upload.read())
        except ValidationFailed as exc:
            problems = exc.problems
        except DomainError as exc:
            problems = [exc.message]
        else:
            messages.success(
                request,
                f"导入完成：新增 {len(result.created)} 个，更新 {len(result.updated)} 个，"
                f"未变 {len(result.unchanged)} 个。",
            )
            return redirect("workbench:units")
    return render(request, "workbench/unit_import.html", {"form": form, "problems": problems})


@staff_view(Perm.VIEW_STAFF)
def people(request: HttpRequest) -> HttpResponse:
    staff = list(staff_visible_to(request.user))
    labels = dict(Role.choices)
    rows = [(u, "、".join(labels[r.role] for r in u.role_assignments.all())) for u in staff]
    return render(
        request,
        "workbench/people.html",
        {"rows": rows, "can_manage": can(request.user, Perm.MANAGE_STAFF)},
    )


def _unit_choices(request: HttpRequest) -> list[tuple[str, str]]:
    return [
        (n.unit.code, ("　" * n.depth) + n.unit.name)
        for n in unit_tree(units_visible_to(request.user, Perm.MANAGE_STAFF))
    ]


@staff_view(Perm.MANAGE_STAFF)
def person_new(request: HttpRequest) -> HttpResponse:
    form = StaffForm(request.POST or None, units=_unit_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if len(data["password"] or "") < 8:
            form.add_error("password", "新建人员需要设置至少 8 位的初始密码")
        else:
            try:
                staff_create(
                    actor=request.user,
                    username=data["username"],
                    password=data["password"],
                    full_name=data["full_name"],
                    unit=Unit.objects.get(code=data["unit"]),
                    roles=data["roles"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"已新增人员“{data['full_name']}”。")
                return redirect("workbench:people")
    return render(request, "workbench/person_form.html", {"form": form, "person": None})


@staff_view(Perm.MANAGE_STAFF)
def person_edit(request: HttpRequest, username: str) -> HttpResponse:
    person = staff_visible_to(request.user).filter(username=username).first()
    if person is None or not can(request.user, Perm.MANAGE_STAFF, person.unit):
        raise Http404("没有这个人员，或不在您的管理范围内")
    initial = {
        "username": person.username,
        "full_name": person.full_name,
        "unit": person.unit.code if person.unit else "",
        "is_active": person.is_active,
        "roles": list(person.role_assignments.values_list("role", flat=True)),
        "version": person.version,
    }
    form = StaffForm(
        request.POST or None, initial=initial, units=_unit_choices(request), editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff_update(
                actor=request.user,
                user=person,
                full_name=data["full_name"],
                unit=Unit.objects.get(code=data["unit"]),
                roles=data["roles"],
                is_active=data["is_active"],
                version=data["version"] or 0,
                new_password=data["password"] or "",
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"已保存“{data['full_name']}”。")
            return redirect("workbench:people")
    return render(request, "workbench/person_form.html", {"form": form, "person": person})


@staff_view(Perm.VIEW_CALENDAR)
def calendar_view(request: HttpRequest) -> HttpResponse:
    years = loaded_years()
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
        datetime.date(year, 1, 1)  # a year outside 1..9999 made the lookups below a 500
    except ValueError:
        year = timezone.localdate().year
    days = [d for d in year_days(year) if d.kind in ("holiday", "makeup")]
    return render(
        request,
        "workbench/calendar.html",
        {
            "years": years,
            "year": year,
            "days": days,
            "working": working_day_count(year),
            "loaded": any(y.year == year for y in years),
            "can_manage": can(request.user, Perm.MANAGE_CALENDAR),
        },
    )


@staff_view(Perm.MANAGE_CALENDAR)
def calendar_import(request: HttpRequest) -> HttpResponse:
    """Two steps: upload shows what would change; confirming applies exactly the previewed file
    (its SHA-256 travels with the confirmation)."""
    form = FileImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    plan = None
    digest = ""
    conflict = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        digest = hashlib.sha256(content).hexdigest()
        try:
            arrangement = parse_file(
                upload.name, source=form.cleaned_data["source"], content=content
            )
            if request.POST.get("apply") == "1":
                if request.POST.get("previewed") != digest:
                    raise ValidationFailed(
                        ["确认写入的文件与预览的文件不一致：请重新选择文件，先预览，再确认写入。"]
                    )
                raw = request.POST.get("revision", "")
                try:
                    result = calendar_apply_import(
                        actor=request.user,
                        arrangement=arrangement,
                        replace=True,
                        revision=int(raw) if raw.isdigit() else 0,
                    )
                except ConflictError as exc:
                    # Changed since the preview: preview again against the year as it is now.
                    conflict = exc.message
                else:
                    messages.success(
                        request,
                        f"{result.year} 年日历已{'载入' if result.new_year else '更正'}，"
                        f"工作日属性改变 {len(result.working_changes)} 天。",
                    )
                    return redirect(f"{reverse('workbench:calendar')}?year={result.year}")
            plan = calendar_plan_import(arrangement)
        except ValidationFailed as exc:
            problems = exc.problems
        except DomainError as exc:
            problems = [exc.message]
    return render(
        request,
        "workbench/calendar_import.html",
        {
            "form": form,
            "problems": problems,
            "plan": plan,
            "digest": digest,
            "conflict": conflict,
        },
    )


def _audit_filter(request: HttpRequest) -> AuditFilter:
    def date(name: str) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    unit_raw = request.GET.get("unit", "")
    return AuditFilter(
        action=request.GET.get("action", "").strip(),
        object_type=request.GET.get("object_type", "").strip(),
        actor=request.GET.get("actor", "").strip(),
        unit_id=int(unit_raw) if unit_raw.isdigit() else None,
        date_from=date("from"),
        date_to=date("to"),
        text=request.GET.get("q", "").strip(),
    )


@staff_view(Perm.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    flt = _audit_filter(request)
    page = Paginator(audit_events_visible_to(request.user, flt), 100).get_page(
        request.GET.get("page")
    )
    events = page.object_list
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workbench/audit.html",
        {
            "events": events,
            "flt": flt,
            "units": units_visible_to(request.user, Perm.VIEW_AUDIT),
            "can_export": can(request.user, Perm.EXPORT_AUDIT),
            "query": query.urlencode(),
            "page": page,
        },
    )


@staff_view(Perm.EXPORT_AUDIT)
def audit_export(request: HttpRequest) -> HttpResponseBase:
    flt = _audit_filter(request)
    qs = audit_events_visible_to(request.user, flt)
    from django.db import transaction

    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="audit.export",
            obj_type="audit_log",
            obj_id="csv",
            obj_label="导出审计日志",
            unit=getattr(request.user, "unit", None),
            after={"filter": request.GET.dict()},
        )
    header = [
        "时间",
        "操作人",
        "机构",
        "操作",
        "对象类型",
        "对象标识",
        "对象名称",
        "变更前",
        "变更后",
        "渠道",
        "IP",
    ]

    def rows():  # type: ignore[no-untyped-def]
        for e in qs.iterator(chunk_size=500):
            yield (
                e.at.isoformat(),
                e.actor_label,
                e.unit.name if e.unit else "",
                e.action,
                e.object_type,
                e.object_id,
                e.object_label,
                json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
                e.channel,
                e.ip or "",
            )

    response = StreamingHttpResponse(
        csv_lines(header, rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
