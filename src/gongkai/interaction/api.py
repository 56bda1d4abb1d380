"""The 政民互动 API. Public routes (no login): the captcha question, the form, progress lookup
and rating by tracking code + phone, published messages, the monthly counts — none returns a
writer's name, phone or e-mail. Staff routes (session + CSRF): the list, a message, its steps."""

# No `from __future__ import annotations`: ninja reads these signatures through `requires`.

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from gongkai.api import requires
from gongkai.core import ratelimit
from gongkai.core.api_errors import call_service as _call
from gongkai.interaction import captcha, selectors
from gongkai.interaction.channels import ChannelKind
from gongkai.interaction.machine import State
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.services import may_act, message_act, message_rate, message_submit
from gongkai.org.access import Perm
from gongkai.org.models import Unit, User

public_router = Router(tags=["政民互动（公开）"])
router = Router(tags=["政民互动"])


def _ip(request: HttpRequest) -> str:
    from gongkai.interaction.public_views import _ip as ip

    return ip(request)


class CaptchaOut(Schema):
    question: str
    token: str


@public_router.get("/captcha", response=CaptchaOut, summary="取得验证问题（算术题，文字）")
def public_captcha(request: HttpRequest) -> Any:
    q = captcha.new_question()
    return {"question": q.text, "token": q.token}


class MessageIn(Schema):
    channel: str  # zxzx, ldxx, wszx, jy, ts
    unit: str  # 咨询部门 / 受理部门: the unit's code
    phone: str
    name: str
    email: str = ""
    title: str
    content: str
    wants_public: bool = False
    captcha_token: str
    captcha_answer: str
    document_id: int | None = None  # the policy document, for the 政策留言板


class SubmittedOut(Schema):
    tracking_code: str
    received_on: datetime.date
    due_on: datetime.date


@public_router.post("/messages", response=SubmittedOut, summary="提交留言（政策咨询等，无需账号）")
def public_submit(request: HttpRequest, body: MessageIn) -> Any:
    from gongkai.interaction.blocks import board_document
    from gongkai.interaction.public_views import STORED_PER_HOUR, _limited

    if _limited(request):
        raise HttpError(429, "提交过于频繁，请一小时后再试。")
    problem = captcha.check(body.captcha_token, body.captcha_answer)
    if problem:
        raise HttpError(400, problem)
    document = None
    if body.document_id is not None:
        document = board_document(body.document_id)
        if document is None:
            raise HttpError(400, "该文件未发布或不设留言板。")
        channel = Channel.objects.filter(kind=ChannelKind.BOARD, active=True).first()
        unit = document.unit
    else:
        channel = Channel.objects.filter(
            slug=body.channel, kind=ChannelKind.FORM, active=True
        ).first()
        unit = Unit.objects.filter(code=body.unit).exclude(kind="division").first()
        if unit is None:
            raise HttpError(400, f"“unit”{body.unit} 不是本平台的机关或部门代码。")
    if channel is None:
        raise HttpError(400, f"“channel”{body.channel} 不是可在线留言的渠道。")
    message = _call(
        message_submit,
        channel=channel,
        unit=unit,
        values=body.dict(exclude={"channel", "unit", "captcha_token", "captcha_answer"}),
        document=document,
    )
    ratelimit.hit("interaction.store", _ip(request), limit=STORED_PER_HOUR, window_s=3600)
    return {
        "tracking_code": message.tracking_code,
        "received_on": message.received_on,
        "due_on": message.due_on,
    }


class TrackIn(Schema):
    code: str
    phone: str


class StepOut(Schema):
    on: datetime.date
    label: str


class ProgressOut(Schema):
    tracking_code: str
    channel: str
    title: str
    unit_name: str
    handling_unit_name: str
    received_on: datetime.date
    due_on: datetime.date
    state: str
    state_label: str
    reply_text: str
    reply_unit_name: str
    replied_on: datetime.date | None
    can_rate: bool
    satisfaction_label: str
    publication_label: str
    steps: list[StepOut]


def _progress(p: Any) -> dict[str, Any]:
    out = dict(p.__dict__)
    out["steps"] = [{"on": on, "label": label} for on, label in p.steps]
    return out


@public_router.post("/track", response=ProgressOut, summary="凭查询码和手机号码查询办理进度")
def public_track(request: HttpRequest, body: TrackIn) -> Any:
    if not ratelimit.hit("interaction.track", _ip(request), limit=60, window_s=3600):
        raise HttpError(429, "查询过于频繁，请稍后再试。")
    p = selectors.public_progress(body.code, body.phone)
    if p is None:
        raise HttpError(404, "查询码与手机号码不匹配，请核对后重试。")
    return _progress(p)


class RateIn(Schema):
    code: str
    phone: str
    satisfaction: str  # satisfied | basic | unsatisfied
    note: str = ""


@public_router.post("/rate", response=ProgressOut, summary="写信人评价答复（满意/基本满意/不满意）")
def public_rate(request: HttpRequest, body: RateIn) -> Any:
    if not ratelimit.hit("interaction.track", _ip(request), limit=60, window_s=3600):
        raise HttpError(429, "操作过于频繁，请稍后再试。")
    _call(
        message_rate,
        code=body.code,
        phone=body.phone,
        satisfaction=body.satisfaction,
        note=body.note,
    )
    p = selectors.public_progress(body.code, body.phone)
    assert p is not None
    return _progress(p)


class PublishedOut(Schema):
    id: int
    channel: str
    unit: str
    topic: str
    document_id: int | None
    title: str
    content: str
    reply: str
    received_on: datetime.date
    replied_on: datetime.date | None
    published_on: datetime.date | None


class PublishedQuery(Schema):
    channel: str = ""
    unit: str = ""
    topic: str = ""
    month: str = ""
    document_id: int | None = None
    limit: int = 50
    offset: int = 0


def _published(m: Message) -> dict[str, Any]:
    return {
        "id": m.pk,
        "channel": m.channel.name,
        "unit": (m.reply_unit or m.unit).name,
        "topic": m.topic.name if m.topic else "",
        "document_id": m.document.pk if m.document else None,
        "title": m.published_title,
        "content": m.published_content,
        "reply": m.published_reply,
        "received_on": m.received_on,
        "replied_on": m.replied_on,
        "published_on": m.published_on,
    }


@public_router.get("/published", response=list[PublishedOut], summary="留言选登（个人信息已隐去）")
def public_published(request: HttpRequest, q: Query[PublishedQuery]) -> Any:
    qs = selectors.filter_published(
        selectors.published_messages(),
        selectors.PublicFilter(channel=q.channel, unit=q.unit, topic=q.topic, month=q.month),
    )
    if q.document_id is not None:
        qs = qs.filter(document_id=q.document_id)
    limit = max(1, min(q.limit, 200))
    return [_published(m) for m in qs[max(q.offset, 0) : max(q.offset, 0) + limit]]


class CountsOut(Schema):
    label: str
    received: int
    replied: int
    on_time: int
    overdue: int
    satisfied: int
    basic: int
    unsatisfied: int
    published: int


class MonthlyOut(Schema):
    month: str
    total: CountsOut
    by_channel: list[CountsOut]
    by_unit: list[CountsOut]


def _counts(label: str, c: selectors.Counts) -> dict[str, Any]:
    return {"label": label, **c.__dict__}


@public_router.get("/monthly", response=MonthlyOut, summary="留言办理情况（按月统计）")
def public_monthly(request: HttpRequest, month: str = "") -> Any:
    if not month:
        today = datetime.date.today()  # noqa: DTZ011 - a default month only
        month = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    rng = selectors.month_range(month)
    if rng is None:
        raise HttpError(400, "“month”应为年月，格式 YYYY-MM，例如 2026-11")
    start, end = rng
    return {
        "month": month,
        "total": _counts("合计", selectors.counts_total(start, end)),
        "by_channel": [_counts(k, c) for k, c in selectors.counts_by(start, end, "channel")],
        "by_unit": [_counts(k, c) for k, c in selectors.counts_by(start, end, "unit")],
    }


# --- staff -------------------------------------------------------------------------------------


class StaffMessageOut(Schema):
    tracking_code: str
    channel: str
    unit: str
    handling_unit: str | None
    title: str
    state: str
    state_label: str
    received_on: datetime.date
    due_on: datetime.date
    due_soon: bool
    overdue: bool
    publication: str
    version: int
    actions: list[str]


def _staff(m: Message, user: User) -> dict[str, Any]:
    from gongkai.interaction.machine import actions_from

    return {
        "tracking_code": m.tracking_code,
        "channel": m.channel.slug,
        "unit": m.unit.code,
        "handling_unit": m.handling_unit.code if m.handling_unit else None,
        "title": m.title,
        "state": m.state,
        "state_label": State(m.state).label,
        "received_on": m.received_on,
        "due_on": m.due_on,
        "due_soon": m.due_soon,
        "overdue": m.overdue,
        "publication": m.publication,
        "version": m.version,
        "actions": [t.action for t in actions_from(m.state) if may_act(user, m, t.action)],
    }


class StaffQuery(Schema):
    state: str = "open"
    channel: str = ""
    flag: str = ""


@router.get("/messages", response=list[StaffMessageOut], auth=django_auth, summary="留言列表")
@requires(Perm.USE_WORKBENCH)
def staff_list(request: HttpRequest, q: Query[StaffQuery]) -> Any:
    user = request.user
    assert isinstance(user, User)
    qs = selectors.filter_messages(
        selectors.messages_visible_to(user),
        selectors.StaffFilter(state=q.state, channel=q.channel, flag=q.flag),
        user,
    )
    return [_staff(m, user) for m in qs.order_by("due_on")[:500]]


@router.get(
    "/messages/{code}", response=StaffMessageOut, auth=django_auth, summary="一条留言的办理情况"
)
@requires(Perm.USE_WORKBENCH)
def staff_detail(request: HttpRequest, code: str) -> Any:
    user = request.user
    assert isinstance(user, User)
    m = selectors.message_for(user, code)
    if m is None:
        raise HttpError(404, "没有这条留言，或不在您的管理范围内")
    return _staff(m, user)


class ActIn(Schema):
    action: str  # route, decline, send_back, draft_reply, return_draft, approve_reply, ...
    version: int
    reason: str = ""
    to_unit: str = ""
    reply: str = ""


@router.post("/messages/{code}/act", response=StaffMessageOut, auth=django_auth, summary="办理一步")
@requires(Perm.USE_WORKBENCH)
def staff_act(request: HttpRequest, code: str, body: ActIn) -> Any:
    user = request.user
    assert isinstance(user, User)
    if selectors.message_for(user, code) is None:
        raise HttpError(404, "没有这条留言，或不在您的管理范围内")
    to_unit = None
    if body.to_unit:
        to_unit = Unit.objects.filter(code=body.to_unit).first()
        if to_unit is None:
            raise HttpError(400, f"“to_unit”{body.to_unit} 不是本平台的机构代码。")
    m = _call(
        message_act,
        actor=user,
        code=code,
        action=body.action,
        version=body.version,
        reason=body.reason,
        to_unit=to_unit,
        reply=body.reply,
    )
    return _staff(m, user)
