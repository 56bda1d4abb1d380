"""Public search API: GET /api/public/search?q=… (public content only, no login)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gongkai.search.selectors import MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, search_public

public_router = Router(tags=["公开"])


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="检索词")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(10, ge=1, le=MAX_PER_PAGE)
    sort: Literal["relevance", "date"] = "relevance"
    content_type: str = ""
    organ: str = ""
    doc_type: str = ""
    topic: str = ""
    validity: str = ""
    year: str = ""


class HitOut(Schema):
    title: str
    url: str
    article: str | None
    snippet: str
    score: float
    scope: str | None = Field(None, description="公开范围，仅定点定向公开的文件有此项")
    scope_target: str | None = Field(None, description="定点定向公开的对象")


class FacetValue(Schema):
    value: str
    count: int


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    exact: bool
    suggestion: str | None
    results: list[HitOut]
    facets: dict[str, list[FacetValue]]


@public_router.get("", response=SearchOut, summary="全站检索")
def public_search(request: HttpRequest, q: Query[SearchQuery]) -> Any:
    filters = {
        k: getattr(q, k)
        for k in ("content_type", "organ", "doc_type", "topic", "validity", "year")
        if getattr(q, k)
    }
    res = search_public(
        query=q.q,
        page=q.page,
        per_page=min(max(q.per_page, 1), MAX_PER_PAGE),
        filters=filters,
        sort=q.sort,
    )
    return {
        "query": res.query,
        "total": res.total,
        "page": res.page,
        "per_page": res.per_page,
        "exact": res.exact,
        "suggestion": res.suggestion,
        "results": [
            {
                **{k: v for k, v in h.as_dict().items() if k != "id"},
                "scope": h.metadata.get("scope") or None,
                "scope_target": h.metadata.get("scope_target") or None,
            }
            for h in res.hits
        ],
        "facets": {
            name: [{"value": v, "count": c} for v, c in values]
            for name, values in res.facets.items()
        },
    }
