"""Public API of 政策北斗 and 办事服务 (OpenAPI): tags, the finder's query, subscriptions (with
the same e-mail confirmation as the page), services."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.banshi.selectors import service_items, services_named_by
from gongkai.core import ratelimit
from gongkai.core.errors import ValidationFailed
from gongkai.core.middleware import client_ip
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
    reasons: list[str]
    services: list[ServiceRefOut]


class Criteria(Schema):
    who: list[str] = []
    industry: list[str] = []
    scale: list[str] = []
    region: list[str] = []
    support: list[str] = []
    life: list[str] = []


class SubscriptionIn(Criteria):
    email: str


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


@public_router.post("/match", response=list[MatchOut], summary="按回答查找现行有效的政策")
def find(request: HttpRequest, body: Criteria) -> list[MatchOut]:
    criteria, problems = clean_criteria(body.dict())
    if problems:
        raise HttpError(400, "；".join(problems))
    found = match(criteria)
    services = services_named_by([m.document.pk for m in found])
    return [
        MatchOut(
            id=m.document.pk,
            title=m.document.live.title if m.document.live else m.document.title,
            url=f"/xxgk/documents/{m.document.pk}/",
            unit=m.document.unit.name,
            published_on=m.document.published_on,
            reasons=m.reasons,
            services=[_ref(s) for s in services.get(m.document.pk, [])],
        )
        for m in found
    ]


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
    try:
        subscribe(email=body.email, criteria=body.dict(exclude={"email"}))
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
