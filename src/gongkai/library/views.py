"""The reference library's public pages: the list (/library/) and a law (/library/<id>/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.library import selectors

PER_PAGE = 20


def index(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "").strip()[:20]
    pages = Paginator(selectors.laws(q=q, level=level), PER_PAGE)
    try:
        number = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        number = 1
    page = pages.get_page(number)
    params = "&".join(f"{k}={v}" for k, v in (("q", q), ("level", level)) if v)
    return render(
        request,
        "library/index.html",
        {
            "q": q,
            "level": level,
            "levels": selectors.levels(),
            "page": page,
            "total": pages.count,
            "params": params,
        },
    )


def law(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.law(pk)
    if item is None:
        raise Http404("没有这部法律法规")
    return render(
        request, "library/law.html", {"law": item, "blocks": selectors.law_blocks(item.body)}
    )
