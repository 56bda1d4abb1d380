"""Public search API: GET /api/public/search?q=… (public content only, no login)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gongkai.search.index import ALL_FACETS
from gongkai.search.selectors import (
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_QUERY_CHARS,
    result_json,
    search_public,
)

public_router = Router(tags=["公开"])


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="检索词")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(10, ge=1, le=MAX_PER_PAGE)
    sort: Literal["relevance", "date"] = "relevance"
    kind: Literal["", "site", "library"] = Field(
        "", description="检索范围：site 本站信息，library 法律法规库；不填为全部"
    )
    content_type: str = ""
    organ: str = ""
    doc_type: str = ""
    topic: str = ""
    validity: str = ""
    year: str = ""
    tag: str = Field(
        "", description="政策标签（如 企业、小型、资金补贴），见 /api/public/finder/tags"
    )


class ArticleOut(Schema):
    article: str
    url: str
    snippet: str


class HitOut(Schema):
    """One result per document (decision 0008): its best article and the articles shown."""

    title: str
    url: str = Field(..., description="最相关条文的链接（含锚点）；无条文的文件为文件链接")
    source: str = Field(..., description="来源：documents 本站文件，laws 法律法规库，……")
    kind: str = Field(..., description="site 本站信息，library 法律法规库")
    article: str | None = Field(None, description="最相关的条文，无条文为 null")
    snippet: str
    score: float
    articles: list[ArticleOut]
    more: int = Field(0, description="其余相关条文的条数")
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
    kinds: dict[str, int] = Field(..., description="本站信息、法律法规库各有多少个结果")
    results: list[HitOut]
    facets: dict[str, list[FacetValue]]


@public_router.get("", response=SearchOut, summary="全站检索")
def public_search(request: HttpRequest, q: Query[SearchQuery]) -> Any:
    filters = {k: getattr(q, k) for k in ALL_FACETS if getattr(q, k)}
    res = search_public(
        query=q.q,
        page=q.page,
        per_page=min(max(q.per_page, 1), MAX_PER_PAGE),
        filters=filters,
        sort=q.sort,
        kind=q.kind,
    )
    return {
        "query": res.query,
        "total": res.total,
        "page": res.page,
        "per_page": res.per_page,
        "exact": res.exact,
        "suggestion": res.suggestion,
        "kinds": res.kinds,
        "results": [
            {
                **result_json(h),
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
