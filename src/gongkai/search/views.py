"""The public search page (/search/). Reads only through selectors.search_public."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from gongkai.search.index import FACETS
from gongkai.search.selectors import search_public

FACET_LABELS = {
    "content_type": "内容类型",
    "organ": "发文机关",
    "doc_type": "公文种类",
    "topic": "主题分类",
    "validity": "有效性",
    "year": "年份",
}
PER_PAGE = 10


def _int(raw: str | None, default: int) -> int:
    try:
        return max(1, int(raw or default))
    except ValueError:
        return default


def search_page(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = _int(request.GET.get("page"), 1)
    filters = {f: request.GET.get(f, "") for f in FACETS if request.GET.get(f)}
    ctx: dict[str, object] = {"q": q, "sort": sort, "filters": filters}
    if q:
        res = search_public(query=q, page=page, per_page=PER_PAGE, filters=filters, sort=sort)
        base = {"q": q, "sort": sort, **filters}
        hits = [
            {
                "title": h.title,
                "url": h.url,
                "article": h.article,
                "snippet": mark_safe(h.snippet),  # noqa: S308 — escaped by snippets.make_snippet
                "date": h.metadata.get("date", ""),
                "doc_number": h.metadata.get("doc_number", ""),
            }
            for h in res.hits
        ]
        facets = []
        for name, values in res.facets.items():
            options = []
            for value, count in values[:10]:
                params = {**base, name: value}
                params.pop("page", None)
                options.append(
                    {
                        "value": value,
                        "count": count,
                        "active": filters.get(name) == value,
                        "url": "?" + urlencode(params),
                    }
                )
            clear = {k: v for k, v in base.items() if k != name}
            facets.append(
                {
                    "label": FACET_LABELS[name],
                    "options": options,
                    "clear": "?" + urlencode(clear) if name in filters else "",
                }
            )
        pages = (res.total + PER_PAGE - 1) // PER_PAGE
        ctx.update(
            res=res,
            hits=hits,
            facets=facets,
            pages=pages,
            start=(res.page - 1) * PER_PAGE + 1,
            prev_url="?" + urlencode({**base, "page": page - 1}) if page > 1 else "",
            next_url="?" + urlencode({**base, "page": page + 1}) if page < pages else "",
            suggestion_url="?" + urlencode({"q": res.suggestion}) if res.suggestion else "",
            sort_urls={
                "relevance": "?" + urlencode({**base, "sort": "relevance"}),
                "date": "?" + urlencode({**base, "sort": "date"}),
            },
        )
    return render(request, "search/search.html", ctx)
