"""FAQ API (django-ninja): the question box's suggestions, the “已解决” count, the public list.

Public, no login. ``/suggest`` is rate-limited per address (it is called as a person types,
debounced by faq/static/faq/suggest.js); ``/resolved`` is a POST that needs the CSRF token of
the page it is sent from (the script sends it in ``X-CSRFToken``) and counts at most once per
address and entry an hour.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.utils import check_csrf

from gongkai.core import ratelimit
from gongkai.core.middleware import client_ip
from gongkai.faq import selectors
from gongkai.faq.models import FaqEntry
from gongkai.faq.services import faq_record_resolved

public_router = Router(tags=["公开"])

# as-you-type: a few requests a pause; far more than a person types, far less than a scraper
SUGGEST_PER_MINUTE = 120
RESOLVED_PER_HOUR = 60


def _ip(request: HttpRequest) -> str:
    return client_ip(request) or "unknown"


class SuggestQuery(Schema):
    q: str = Field(..., max_length=selectors.MAX_QUERY_CHARS, description="正在输入的问题")


class EntryBrief(Schema):
    id: int
    question: str
    answer: str
    topic: str
    unit: str
    url: str


class DocumentBrief(Schema):
    title: str
    url: str


class SuggestOut(Schema):
    query: str
    entries: list[EntryBrief]
    documents: list[DocumentBrief]


def _brief(e: FaqEntry, *, answer_chars: int | None = 160) -> dict[str, Any]:
    answer = e.answer
    if answer_chars and len(answer) > answer_chars:
        answer = answer[:answer_chars] + "…"
    return {
        "id": e.pk,
        "question": e.question,
        "answer": answer,
        "topic": e.topic,
        "unit": e.unit.name,
        "url": reverse("faq:entry", args=[e.pk]),
    }


@public_router.get("/suggest", response=SuggestOut, summary="问题框：输入时推荐常见问题与政策文件")
def suggest(request: HttpRequest, q: Query[SuggestQuery]) -> Any:
    if not ratelimit.hit("faq.suggest", _ip(request), limit=SUGGEST_PER_MINUTE, window_s=60):
        raise HttpError(429, "请求过于频繁，请稍后再试。")
    res = selectors.suggest(q.q)
    return {
        "query": res.query,
        "entries": [_brief(e) for e in res.entries],
        "documents": [{"title": d.title, "url": d.url} for d in res.documents],
    }


class ResolvedIn(Schema):
    entry: int = Field(..., ge=1, description="解决了问题的常见问题编号")


class ResolvedOut(Schema):
    counted: bool


@public_router.post("/resolved", response=ResolvedOut, summary="问题框：“已解决”（计数，需 CSRF）")
def resolved(request: HttpRequest, body: ResolvedIn) -> Any:
    if check_csrf(request) is not None:
        raise HttpError(403, "页面已过期，请刷新页面后再试。")
    if not ratelimit.hit("faq.resolved", _ip(request), limit=RESOLVED_PER_HOUR, window_s=3600):
        raise HttpError(429, "操作过于频繁，请稍后再试。")
    if selectors.public_entry(body.entry) is None:
        raise HttpError(404, "该常见问题不存在或已停用。")
    # once per address and entry an hour: a double click or a reload does not count twice
    if not ratelimit.hit(
        "faq.resolved.entry", f"{_ip(request)}:{body.entry}", limit=1, window_s=3600
    ):
        return {"counted": False}
    return {"counted": faq_record_resolved(entry_id=body.entry)}


class EntryOut(Schema):
    id: int
    question: str
    answer: str
    topic: str
    unit: str
    url: str
    documents: list[DocumentBrief]
    valid_from: datetime.date | None
    valid_until: datetime.date | None


def _full(e: FaqEntry) -> dict[str, Any]:
    return _brief(e, answer_chars=None) | {
        "documents": [
            {"title": d.title, "url": reverse("documents:detail", args=[d.pk])}
            for d in selectors.public_documents_of(e)
        ],
        "valid_from": e.valid_from,
        "valid_until": e.valid_until,
    }


@public_router.get("", response=list[EntryOut], summary="常见问题（现行）")
def list_entries(request: HttpRequest, topic: str = "") -> Any:
    qs = selectors.public_entries().prefetch_related("documents").order_by("topic", "id")
    if topic:
        qs = qs.filter(topic=topic)
    return [_full(e) for e in qs]


@public_router.get("/{entry_id}", response=EntryOut, summary="常见问题详情")
def entry_detail(request: HttpRequest, entry_id: int) -> Any:
    e = selectors.public_entry(entry_id)
    if e is None:
        raise HttpError(404, "该常见问题不存在或已停用。")
    return _full(e)
