"""Reads: the public search. The index holds public content only, so no user is needed."""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.search.backend import get_backend
from gongkai.search.engine import SearchResults

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
) -> SearchResults:
    """Ranked public records for ``query`` (by relevance, or by date with sort="date")."""
    query = query.strip()[:MAX_QUERY_CHARS]
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    return get_backend().search(
        query,
        page=min(max(1, page), MAX_PAGE),
        per_page=per_page,
        filters=filters,
        sort="date" if sort == "date" else "relevance",
    )


def search_index_size() -> int:
    return get_backend().count()
