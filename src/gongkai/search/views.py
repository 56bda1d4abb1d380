"""The public search page (/search/). Reads only through selectors.search_public."""

from __future__ import annotations

from html import escape
from urllib.parse import quote_plus, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.search.index import FACETS
from gongkai.search.selectors import search_public

FACET_LABELS = {
    "content_type": gettext_lazy("内容类型"),
    "organ": gettext_lazy("发文机关"),
    "doc_type": gettext_lazy("公文种类"),
    "topic": gettext_lazy("主题分类"),
    "validity": gettext_lazy("有效性"),
    "year": gettext_lazy("年份"),
}
# 公开范围 of a targeted disclosure (the documents module's Scope.TARGETED), as shown
SCOPE_LABELS = {"定点定向": gettext_lazy("定点定向")}
PER_PAGE = 10
FACET_OPTIONS = 10  # values shown per facet


def _int(raw: str | None, default: int) -> int:
    try:
        return max(1, int(raw or default))
    except ValueError:
        return default


def _facets_html(facets: dict[str, list[tuple[str, int]]], base: dict[str, str]) -> SafeString:
    """The filter lists. Built here rather than in the template: with six facets of ten links
    each they are the largest part of the page, and plain string building is many times faster
    than the template language for them (bench/search_load.py). Every value is escaped."""
    sections = []
    for name, values in facets.items():
        label = escape(str(FACET_LABELS[name]))  # translated once, not once per link
        others = urlencode({k: v for k, v in base.items() if k != name})
        prefix = escape("?" + others + ("&" if others else "") + quote_plus(name) + "=")
        active = base.get(name)
        items = []
        for value, count in values[:FACET_OPTIONS]:
            text = f"{escape(value)}（{count}）"
            if value == active:
                items.append(f'<li><strong aria-current="true">{text}</strong></li>')
            else:
                items.append(f'<li><a href="{prefix}{escape(quote_plus(value))}">{text}</a></li>')
        if active:
            clear = escape(_("不限%(facet)s") % {"facet": str(FACET_LABELS[name])})
            items.append(f'<li><a href="{escape("?" + others)}">{clear}</a></li>')
        sections.append(
            f'<section aria-label="{label}"><h3>{label}</h3><ul>{"".join(items)}</ul></section>'
        )
    return mark_safe("\n".join(sections))  # noqa: S308 — every value above went through escape()


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
                "scope": SCOPE_LABELS.get(h.metadata.get("scope", ""), ""),
                "scope_target": h.metadata.get("scope_target", ""),
            }
            for h in res.hits
        ]
        pages = (res.total + PER_PAGE - 1) // PER_PAGE
        ctx.update(
            res=res,
            hits=hits,
            facets_html=_facets_html(res.facets, base),
            pages=pages,
            start=(res.page - 1) * PER_PAGE + 1,
            prev_url="?" + urlencode({**base, "page": res.page - 1}) if res.page > 1 else "",
            next_url="?" + urlencode({**base, "page": res.page + 1}) if res.page < pages else "",
            suggestion_url="?" + urlencode({"q": res.suggestion}) if res.suggestion else "",
            sort_urls={
                "relevance": "?" + urlencode({**base, "sort": "relevance"}),
                "date": "?" + urlencode({**base, "sort": "date"}),
            },
        )
    return render(request, "search/search.html", ctx)
