"""Reads: the public search. The index holds public content only, so no user is needed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.search.backend import get_backend
from gongkai.search.engine import Hit, SearchResults

MAX_PER_PAGE = 50
MAX_PAGE = 1000  # deeper pages: the API refuses them, the page clamps to this
MAX_QUERY_CHARS = 200


def search_public(
    *,
    query: str,
    page: int = 1,
    per_page: int = 10,
    filters: Mapping[str, str] | None = None,
    sort: str = "relevance",
    kind: str = "",
) -> SearchResults:
    """Ranked public results for ``query``, one per document (by relevance, or by date with
    sort="date"); ``kind`` "site" or "library" keeps one kind of source (decision 0008)."""
    query = query.strip()[:MAX_QUERY_CHARS]
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    return get_backend().search(
        query,
        page=min(max(1, page), MAX_PAGE),
        per_page=per_page,
        filters=filters,
        sort="date" if sort == "date" else "relevance",
        kind=kind if kind in ("site", "library") else "",
    )


def search_index_size() -> int:
    return get_backend().count()


def result_json(h: Hit) -> dict[str, Any]:
    """One result as the command and the public API give it (decision 0008)."""
    return {
        "title": h.title,
        "url": h.url,
        "source": h.source,
        "article": h.article,
        "snippet": h.snippet,
        "score": round(h.score, 4),
        "kind": h.kind,
        "articles": [
            {"article": a.article, "url": a.url, "snippet": a.snippet} for a in h.articles
        ],
        "more": h.more,
    }
