"""Marks other capabilities put after a result's title on the search page.

The result list belongs to search; a capability that has something to say about a result
(e.g. 办 for a document that names a service, seed 002 row 15: "在标题页和相关内容页增设“办”字图标")
registers a badge instead of editing the page::

    register_result_badge(ResultBadge("banshi", render_for_hits, order=10))

``render(hits)`` gets the page's hits at once (one query per badge and page, not per row) and
answers {hit.id: HTML}; the HTML is shown as given, so it must be escaped (format_html) and
read only public data. ``document_pks`` tells which hits are the site's documents.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.search.engine import Hit


@dataclass(frozen=True)
class ResultBadge:
    name: str
    render: Callable[[list[Hit]], dict[str, str]]
    order: int = 50


_badges: dict[str, ResultBadge] = {}


def register_result_badge(badge: ResultBadge) -> None:
    _badges[badge.name] = badge


def unregister_result_badge(name: str) -> None:
    _badges.pop(name, None)


def result_badges(hits: list[Hit]) -> dict[str, str]:
    """{hit.id: the badges' HTML joined by a space} for the hits that have any."""
    out: dict[str, list[str]] = {}
    if not hits:
        return {}
    for badge in sorted(_badges.values(), key=lambda b: (b.order, b.name)):
        for hit_id, html in badge.render(hits).items():
            if html:
                out.setdefault(hit_id, []).append(html)
    return {k: " ".join(v) for k, v in out.items()}


def document_pks(hits: list[Hit]) -> dict[str, int]:
    """{hit.id: document pk} for the hits that are the site's documents (their group is
    ``doc:<pk>``, documents_source.document_records)."""
    out: dict[str, int] = {}
    for h in hits:
        if h.source != "documents":
            continue
        parts = h.id.split(":")
        if len(parts) >= 2 and parts[0] == "doc" and parts[1].isdigit():
            out[h.id] = int(parts[1])
    return out
