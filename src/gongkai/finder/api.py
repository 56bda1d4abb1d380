"""Public API of 政策北斗 and 办事服务 (OpenAPI): tags, the finder's query, subscriptions (with
the same e-mail confirmation as the page), services."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel, ConfigDict

from gongkai.banshi.selectors import service_items
from gongkai.core import ratelimit
from gongkai.core.errors import ValidationFailed
from gongkai.core.middleware import client_ip
from gongkai.finder.push import PushItem, describe, part_field_names, topic_choices, unit_choices
from gongkai.finder.selectors import match
from gongkai.finder.services import clean_criteria, subscribe
from gongkai.finder.views import SUBSCRIPTIONS_PER_HOUR
from gongkai.finder.vocab import groups

public_router = Router(tags=["政策北斗"])


class TagGroupOut(Schema):
    key: str
    label: str
    question: str
    values: list[str]


class ServiceRefOut(Schema):
    code: str
    name: str
    guide_url: str
    online_url: str


class MatchOut(Schema):
    id: int
    title: str
    url: str
    unit: str
    published_on: datetime.date | None
    expires_on: datetime.date | None = Field(None, description="废止/失效日期（有效期至）")
    reasons: list[str]
    support: list[str] = Field([], description="扶持方式")
    services: list[ServiceRefOut] = Field([], description="如何申请：所涉办事事项（办）")


class Criteria(BaseModel):
    """The finder's answers (GET /tags gives the questions and their values). Any other field
    is refused (422) rather than silently ignored. A plain pydantic model: ninja's Schema
    reads only the declared fields, so the unknown ones could not be named."""

    model_config = ConfigDict(extra="allow")

    who: list[str] = []
    industry: list[str] = []
    scale: list[str] = []
    region: list[str] = []
    support: list[str] = []
    life: list[str] = []


class SubscriptionIn(Criteria):
    email: str
    unit: list[str] = Field([], description="发布机构代码（GET /subscription-options）")
    topic: list[str] = Field([], description="主题分类代码；一级分类包括其下各类")


class OptionOut(Schema):
    code: str
    name: str


class SubscriptionOptionsOut(Schema):
    units: list[OptionOut]
    topics: list[OptionOut]


class MessageOut(Schema):
    detail: str


class ServiceOut(Schema):
    code: str
    name: str
    list_kind: str
    kind: str
    unit: str
    basis: str
    conditions: str
    materials: list[dict[str, str]]
    process: str
    time_limit: str
    fee: str
    channel: str
    online_url: str
    contact: str


def _ref(s: object) -> ServiceRefOut:
    return ServiceRefOut(
        code=s.code,  # type: ignore[attr-defined]
        name=s.name,  # type: ignore[attr-defined]
        guide_url=f"/banshi/{s.code}/",  # type: ignore[attr-defined]
        online_url=s.online_url,  # type: ignore[attr-defined]
    )


@public_router.get("/tags", response=list[TagGroupOut], summary="政策标签词表（政策北斗的问题）")
def tag_groups(request: HttpRequest) -> list[TagGroupOut]:
    return [
        TagGroupOut(key=g.key, label=g.label, question=g.question, values=list(g.values))
        for g in groups()
    ]


def _refuse_unknown(body: Criteria, allowed: list[str]) -> None:
    """A field the operation does not know (a typo such as "industy") is refused with the
    project's request-validation answer (422, api.validation_error): naming it and the
    allowed ones, rather than ignored (an ignored typo would widen the query silently)."""
    extra = sorted((body.model_extra or {}).keys())
    if extra:
        raise NinjaValidationError(
            [
                {
                    "loc": ("body", "body", name),
                    "type": "value_error",
                    "msg": f"没有这一项；可填写的项：{'、'.join(allowed)}",
                }
                for name in extra
            ]
        )


@public_router.post("/match", response=list[MatchOut], summary="按回答查找现行有效的政策")
def find(request: HttpRequest, body: Criteria) -> list[MatchOut]:
    _refuse_unknown(body, [g.key for g in groups()])
    criteria, problems = clean_criteria(body.model_dump())
    if problems:
        raise HttpError(400, "；".join(problems))
    if not criteria:
        raise HttpError(
            400,
            "请至少回答一个问题再查找（"
            + "、".join(f"{g.key}：{g.label}" for g in groups())
            + "；可选的值见 GET /api/public/finder/tags）。",
        )
    found = match(criteria)
    items = [PushItem(m.document, list(m.reasons)) for m in found]
    describe(items)
    return [
        MatchOut(
            id=i.document.pk,
            title=i.title,
            url=f"/xxgk/documents/{i.document.pk}/",
            unit=i.document.unit.name,
            published_on=i.document.published_on,
            expires_on=i.expires_on,
            reasons=i.reasons,
            support=i.support,
            services=[_ref(s) for s in i.services],
        )
        for i in items
    ]


@public_router.get(
    "/subscription-options",
    response=SubscriptionOptionsOut,
    summary="可订阅的发布机构和主题分类",
)
def subscription_options(request: HttpRequest) -> SubscriptionOptionsOut:
    return SubscriptionOptionsOut(
        units=[OptionOut(code=c, name=n) for c, n in unit_choices()],
        topics=[OptionOut(code=c, name=n) for c, n in topic_choices()],
    )


@public_router.post(
    "/subscriptions",
    response={202: MessageOut, 429: MessageOut},
    summary="订阅政策推送（发送确认邮件，确认后生效）",
)
def create_subscription(request: HttpRequest, body: SubscriptionIn) -> tuple[int, MessageOut]:
    if not ratelimit.hit(
        "finder-subscribe", client_ip(request) or "-", limit=SUBSCRIPTIONS_PER_HOUR, window_s=3600
    ):
        raise HttpError(429, "订阅过于频繁，请一小时后再试。")
    _refuse_unknown(body, ["email", *part_field_names()])
    try:
        subscribe(
            email=body.email,
            criteria=body.model_dump(exclude={"email"}),
            language=translation.get_language(),
        )
    except ValidationFailed as exc:
        raise HttpError(400, "；".join(exc.problems)) from exc
    return 202, MessageOut(
        detail="已发送确认邮件：请打开邮件中的链接确认订阅，确认前不会发送推送。"
    )


@public_router.get("/services", response=list[ServiceOut], summary="办事事项")
def list_services(request: HttpRequest) -> list[ServiceOut]:
    return [_service(s) for s in service_items()[:1000]]


@public_router.get("/services/{code}", response=ServiceOut, summary="办事指南")
def get_service(request: HttpRequest, code: str) -> ServiceOut:
    s = service_items().filter(code=code[:64]).first()
    if s is None:
        raise HttpError(404, "没有这个办事事项")
    return _service(s)


def _service(s: object) -> ServiceOut:
    return ServiceOut(
        unit=s.unit.name,  # type: ignore[attr-defined]
        **{
            f: getattr(s, f)
            for f in (
                "code",
                "name",
                "list_kind",
                "kind",
                "basis",
                "conditions",
                "materials",
                "process",
                "time_limit",
                "fee",
                "channel",
                "online_url",
                "contact",
            )
        },
    )
