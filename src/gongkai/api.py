"""The HTTP API (django-ninja, OpenAPI at /api/docs). Same access layer as the pages."""

from __future__ import annotations

import datetime
import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from gongkai.audit.selectors import AuditFilter, audit_events_visible_to
from gongkai.core.bounds import Limit
from gongkai.core.errors import AccessDenied, ConflictError, DomainError
from gongkai.org.access import Perm, can
from gongkai.org.selectors import unit_tree_visible_to
from gongkai.workdays.counting import Pause
from gongkai.workdays.deadlines import reply_deadlines
from gongkai.workdays.selectors import loaded_years, working_day_count

ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "detail": {
            "description": "错误说明（文字），或请求校验错误的逐项列表",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
        },
        "message": {"type": "string", "description": "请求校验错误：全部问题合成一句"},
    },
    "required": ["detail"],
}
# Public operations counted by the platform's rate limiter (applications.public_views), and
# public operations that look a record up by what the body names.
RATE_LIMITED = {
    "/api/public/applications",
    "/api/public/applications/track",
    "/api/public/interaction/messages",
    "/api/public/interaction/track",
    "/api/public/interaction/rate",
    "/api/public/faq/suggest",
    "/api/public/faq/resolved",
    "/api/public/finder/subscriptions",
}
# Public operations that check the page's CSRF token (a counter a page's script posts to).
CSRF_CHECKED = {"/api/public/faq/resolved"}
LOOKUPS = {
    "/api/public/applications/track",
    "/api/public/interaction/track",
    "/api/public/interaction/rate",
    "/api/public/faq/resolved",
}
_ERROR_TEXT = {
    400: "请求有误（参数超出范围、不合规则等），detail 说明如何改正",
    401: "未登录",
    403: "无权执行此操作",
    404: "对象不存在或不在可见范围内",
    409: "他人已先修改（版本冲突），请刷新后重试",
    415: "请求正文不是 JSON（Content-Type 应为 application/json）",
    422: "请求正文不符合格式，detail 逐项列出",
    429: "请求过于频繁，请稍后再试",
}


def error_statuses(path: str, operation: dict[str, Any]) -> list[int]:
    """Every error status an operation can answer, from what it takes (stated once, here)."""
    statuses = [400]
    if operation.get("security"):
        statuses += [401, 403]
    elif path in CSRF_CHECKED:
        statuses.append(403)
    if "{" in path or operation.get("security") or path in LOOKUPS:
        statuses.append(404)
    if "requestBody" in operation:
        statuses += [415, 422]
        if operation.get("security"):
            statuses.append(409)
    if path in RATE_LIMITED:
        statuses.append(429)
    return sorted(statuses)


class GongkaiAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """django-ninja's schema, with every error status each operation answers documented
        (their body: ErrorOut), so the OpenAPI is the whole contract."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                for status in error_statuses(path, operation):
                    operation["responses"].setdefault(
                        status,
                        {
                            "description": _ERROR_TEXT[status],
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema


api = GongkaiAPI(
    title="Gongkai API",
    version="1",
    description="政务公开工作平台接口。公开接口无需登录；工作人员接口使用登录会话并校验 CSRF。"
    "请求正文一律为 JSON（Content-Type: application/json）。",
    urls_namespace="api",
)


# Request validation errors in plain Chinese (ground rule 4): pydantic's error type → message.
_DATE = "应为日期，格式 YYYY-MM-DD"
_DATETIME = "应为日期时间，格式 YYYY-MM-DDTHH:MM"
_VALIDATION_MESSAGES = {
    "missing": "缺少“{field}”，请填写",
    "string_type": "“{field}”应为文字",
    "int_parsing": "“{field}”应为整数",
    "int_type": "“{field}”应为整数",
    "int_from_float": "“{field}”应为整数",
    "float_parsing": "“{field}”应为数字",
    "float_type": "“{field}”应为数字",
    "decimal_parsing": "“{field}”应为数字",
    "decimal_type": "“{field}”应为数字",
    "bool_parsing": "“{field}”应为 true 或 false",
    "bool_type": "“{field}”应为 true 或 false",
    "date_from_datetime_parsing": "“{field}”" + _DATE,
    "date_from_datetime_inexact": "“{field}”" + _DATE,
    "date_parsing": "“{field}”" + _DATE,
    "date_type": "“{field}”" + _DATE,
    "datetime_parsing": "“{field}”" + _DATETIME,
    "datetime_from_date_parsing": "“{field}”" + _DATETIME,
    "datetime_type": "“{field}”" + _DATETIME,
    "uuid_parsing": "“{field}”应为 UUID",
    "uuid_type": "“{field}”应为 UUID",
    "string_too_long": "“{field}”过长，最多 {max_length} 个字符",
    "too_long": "“{field}”最多 {max_length} 项",
    "too_short": "“{field}”至少 {min_length} 项",
    "list_type": "“{field}”应为列表",
    "dict_type": "“{field}”应为对象",
    "model_type": "“{field}”应为对象",
    "model_attributes_type": "“{field}”应为对象",
    "greater_than_equal": "“{field}”应不小于 {ge}",
    "greater_than": "“{field}”应大于 {gt}",
    "less_than_equal": "“{field}”应不大于 {le}",
    "less_than": "“{field}”应小于 {lt}",
    "json_invalid": "请求正文不是有效的 JSON",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    """("query", "q") → q; ("body", "payload", "title") → title; ("path", "code") → code."""
    parts = [str(x) for x in loc]
    if parts and parts[0] in ("query", "path", "header", "cookie"):
        parts = parts[1:]
    elif parts and parts[0] in ("body", "form", "file"):
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts) or "请求"


def _chinese_message(err: dict[str, Any]) -> str:
    field = _field_name(tuple(err.get("loc", ())))
    kind = str(err.get("type", ""))
    ctx = dict(err.get("ctx") or {})
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return f"“{field}”不能为空" if n == 1 else f"“{field}”至少 {n} 个字符"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        choices = [c.strip().strip("'\"") for c in expected.replace(" or ", ",").split(",")]
        return f"“{field}”只能取：" + "、".join(c for c in choices if c)
    if kind == "value_error":
        return f"“{field}”不正确：" + str(err.get("msg", "")).removeprefix("Value error, ")
    template = _VALIDATION_MESSAGES.get(kind)
    if template:
        try:
            return template.format(field=field, **{k: v for k, v in ctx.items() if k != "field"})
        except (KeyError, IndexError, ValueError):
            pass
    return f"“{field}”不正确：{err.get('msg', '')}"


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError):  # type: ignore[no-untyped-def]
    """The same structure as django-ninja's, each ``msg`` in Chinese, and ``message``: all of
    them in one sentence, saying what to fix. 400 when only the URL is wrong (a query or path
    parameter missing, mistyped or out of its range, core.bounds), 422 when the body is."""
    details: list[dict[str, Any]] = []
    for err in exc.errors:
        details.append(
            {"loc": err.get("loc"), "type": err.get("type"), "msg": _chinese_message(err)}
        )
    message = "；".join(str(d["msg"]) for d in details) + "。"
    in_url = all(str((d["loc"] or ("body",))[0]) in ("query", "path") for d in details)
    return api.create_response(
        request, {"detail": details, "message": message}, status=400 if in_url else 422
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):  # type: ignore[no-untyped-def]
    message = str(exc)
    if message.startswith("Cannot parse request body"):  # django-ninja's own, in English
        message = "请求正文不是有效的 JSON，请检查格式（如引号、逗号、括号是否成对）后重试。"
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError):  # type: ignore[no-untyped-def]
    return api.create_response(request, {"detail": "请先登录工作人员账号。"}, status=401)


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
        # the view's annotations resolved in its own module: django-ninja reads them through
        # this wrapper, whose globals are this module's (core.bounds types would not resolve)
        wrapper.__signature__ = inspect.signature(fn, eval_str=True)  # type: ignore[attr-defined]
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
    # the pair is one interval: one without the other is answered 400 (documented), as OpenAPI
    # cannot say "both or neither" of two query parameters
    pause_start: datetime.date | None = Field(
        None, description="暂停计算期限的起始日；须与 pause_end 同时提供，否则返回 400"
    )
    pause_end: datetime.date | None = Field(
        None, description="暂停计算期限的结束日；须与 pause_start 同时提供，否则返回 400"
    )


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
    request: HttpRequest, action: str = "", object_type: str = "", limit: Limit = 100
) -> Any:
    flt = AuditFilter(action=action, object_type=object_type)
    events = audit_events_visible_to(request.user, flt)[:limit]
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


from gongkai.workplans.api import public_router as workplans_public  # noqa: E402
from gongkai.workplans.api import router as workplans_staff  # noqa: E402

api.add_router("/public/workplans", workplans_public)
api.add_router("/workplans", workplans_staff)
from gongkai.catalogue.api import public_router as catalogue_public  # noqa: E402

api.add_router("/public", catalogue_public)


from gongkai.thematic.api import public_router as thematic_public  # noqa: E402

api.add_router("/public/thematic", thematic_public)
from gongkai.interaction.api import public_router as interaction_public  # noqa: E402
from gongkai.interaction.api import router as interaction_staff  # noqa: E402

api.add_router("/public/interaction", interaction_public)
api.add_router("/interaction", interaction_staff)

from gongkai.faq.api import public_router as faq_public  # noqa: E402

api.add_router("/public/faq", faq_public)
from gongkai.participation.api import public_router as participation_public  # noqa: E402
from gongkai.participation.api import staff_router as participation_staff  # noqa: E402

api.add_router("/public/participation", participation_public)
api.add_router("/participation", participation_staff)


from gongkai.finder.api import public_router as finder_public  # noqa: E402

api.add_router("/public/finder", finder_public)
