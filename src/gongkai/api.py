"""The HTTP API (django-ninja, OpenAPI at /api/docs). Same access layer as the pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from gongkai.audit.selectors import AuditFilter, audit_events_visible_to
from gongkai.core.errors import AccessDenied, ConflictError, DomainError
from gongkai.org.access import Perm, can
from gongkai.org.selectors import unit_tree_visible_to
from gongkai.workdays.counting import Pause
from gongkai.workdays.deadlines import reply_deadlines
from gongkai.workdays.selectors import loaded_years, working_day_count

api = NinjaAPI(
    title="Gongkai API",
    version="1",
    description="政务公开工作平台接口。公开接口无需登录；工作人员接口使用登录会话并校验 CSRF。",
    urls_namespace="api",
)


# Request validation errors in plain Chinese (ground rule 4): pydantic's error type → message.
_VALIDATION_MESSAGES = {
    "missing": "缺少“{field}”，请填写",
    "int_parsing": "“{field}”应为整数",
    "int_type": "“{field}”应为整数",
    "float_parsing": "“{field}”应为数字",
    "bool_parsing": "“{field}”应为 true 或 false",
    "date_from_datetime_parsing": "“{field}”应为日期，格式 YYYY-MM-DD",
    "date_parsing": "“{field}”应为日期，格式 YYYY-MM-DD",
    "date_type": "“{field}”应为日期，格式 YYYY-MM-DD",
    "string_too_short": "“{field}”不能为空",
    "string_too_long": "“{field}”过长，最多 {max_length} 个字符",
    "greater_than_equal": "“{field}”应不小于 {ge}",
    "greater_than": "“{field}”应大于 {gt}",
    "less_than_equal": "“{field}”应不大于 {le}",
    "less_than": "“{field}”应小于 {lt}",
    "literal_error": "“{field}”只能取：{expected}",
    "enum": "“{field}”只能取：{expected}",
    "json_invalid": "请求正文不是有效的 JSON",
}


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):  # type: ignore[no-untyped-def]
    """422 with the same structure as django-ninja's, each ``msg`` in Chinese, and ``message``:
    all of them in one sentence, saying what to fix."""
    details: list[dict[str, Any]] = []
    messages: list[str] = []
    for err in exc.errors:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path", "form")]
        field = ".".join(loc) or "请求"
        template = _VALIDATION_MESSAGES.get(str(err.get("type", "")))
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if k != "field"}
        try:
            msg = template.format(field=field, **ctx) if template else None
        except (KeyError, IndexError, ValueError):
            msg = None
        if msg is None:
            msg = f"“{field}”不正确：{err.get('msg', '')}"
        details.append({"loc": err.get("loc"), "type": err.get("type"), "msg": msg})
        messages.append(msg)
    message = "；".join(messages) + "。"
    return api.create_response(request, {"detail": details, "message": message}, status=422)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError):  # type: ignore[no-untyped-def]
    status = (
        403 if isinstance(exc, AccessDenied) else 409 if isinstance(exc, ConflictError) else 400
    )
    return api.create_response(request, {"detail": exc.message}, status=status)


def requires(perm: Perm) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce the permission of a staff API route (read by the role-matrix test)."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not can(request.user, perm):
                raise HttpError(403, "您没有权限执行此操作。")
            return fn(request, *args, **kwargs)

        wrapper.required_perm = perm  # type: ignore[attr-defined]
        return wrapper

    return deco


class DeadlineOut(Schema):
    received: datetime.date
    reply_deadline: datetime.date
    extended_deadline: datetime.date
    provisional: bool
    explanation: list[str]


class DeadlineQuery(Schema):
    received: datetime.date
    pause_start: datetime.date | None = None
    pause_end: datetime.date | None = None


@api.get("/public/deadline", response=DeadlineOut, tags=["公开"], summary="答复期限计算")
def public_deadline(request: HttpRequest, q: Query[DeadlineQuery]) -> Any:
    pauses = []
    if bool(q.pause_start) != bool(q.pause_end):
        raise HttpError(400, "暂停区间需要同时提供 pause_start 和 pause_end")
    try:
        if q.pause_start and q.pause_end:
            pauses.append(Pause(q.pause_start, q.pause_end))
        return reply_deadlines(received=q.received, pauses=pauses)
    except ValueError as exc:
        raise HttpError(400, str(exc)) from exc


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None
    depth: int
    phone: str
    email: str
    office_address: str


@api.get("/units", response=list[UnitOut], auth=django_auth, tags=["机构"], summary="可见机构")
@requires(Perm.VIEW_UNITS)
def list_units(request: HttpRequest) -> Any:
    return [
        {
            "code": n.unit.code,
            "name": n.unit.name,
            "short_name": n.unit.short_name,
            "kind": n.unit.kind,
            "parent": n.unit.parent.code if n.unit.parent else None,
            "depth": n.depth,
            "phone": n.unit.phone,
            "email": n.unit.email,
            "office_address": n.unit.office_address,
        }
        for n in unit_tree_visible_to(request.user)
    ]


class AuditOut(Schema):
    at: datetime.datetime
    actor: str
    unit: str | None
    action: str
    object_type: str
    object_id: str
    object_label: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    channel: str
    ip: str | None


@api.get("/audit", response=list[AuditOut], auth=django_auth, tags=["审计"], summary="审计日志")
@requires(Perm.VIEW_AUDIT)
def list_audit(
    request: HttpRequest, action: str = "", object_type: str = "", limit: int = 100
) -> Any:
    flt = AuditFilter(action=action, object_type=object_type)
    events = audit_events_visible_to(request.user, flt)[: max(1, min(limit, 1000))]
    return [
        {
            "at": e.at,
            "actor": e.actor_label,
            "unit": e.unit.code if e.unit else None,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_label": e.object_label,
            "before": e.before,
            "after": e.after,
            "channel": e.channel,
            "ip": e.ip,
        }
        for e in events
    ]


class CalendarYearOut(Schema):
    year: int
    source: str
    revision: int
    working_days: int


@api.get(
    "/calendar/years",
    response=list[CalendarYearOut],
    auth=django_auth,
    tags=["日历"],
    summary="已载入的日历年度",
)
@requires(Perm.VIEW_CALENDAR)
def calendar_years(request: HttpRequest) -> Any:
    return [
        {
            "year": y.year,
            "source": y.source,
            "revision": y.revision,
            "working_days": working_day_count(y.year),
        }
        for y in loaded_years()
    ]


from gongkai.applications.api import public_router as applications_public  # noqa: E402
from gongkai.applications.api import router as applications_staff  # noqa: E402

api.add_router("/public/applications", applications_public)
api.add_router("/applications", applications_staff)


from gongkai.documents.api import public_router as documents_public  # noqa: E402
from gongkai.documents.api import staff_router as documents_staff  # noqa: E402

api.add_router("/public", documents_public)
api.add_router("/documents", documents_staff)


from gongkai.search.api import public_router as search_public  # noqa: E402

api.add_router("/public/search", search_public)


from gongkai.reports.api import router as reports_staff  # noqa: E402

api.add_router("/reports", reports_staff)
