"""The thematic columns' published entries in the sitemap and the Atom feeds
(``documents.feeds``), and each column's own feed (/zhongdian/<column>/feed.atom)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.documents.feeds import FEED_SIZE, PublicEntry, atom_response
from gongkai.thematic.columns import COLUMNS_BY_SLUG, column
from gongkai.thematic.models import Entry
from gongkai.thematic.selectors import enabled_columns, public_entries


def _newest(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    return qs.order_by(F("updated_at").desc(nulls_last=True), "-pk")


def _entry(e: Entry) -> PublicEntry:
    col = COLUMNS_BY_SLUG[e.column]
    updated = e.updated_at or e.published_at
    assert updated is not None  # published entries have a publication time
    summary = f"{col.group} · {col.title} · {e.unit.name}"
    if e.year:
        summary += f" · {e.year}年度"
    return PublicEntry(
        url=reverse("thematic:detail", args=[e.column, e.pk]),
        title=e.title,
        updated=updated,
        summary=summary,
        author=e.unit.name,
        published=e.published_at,
        unique_id=f"/zhongdian/{e.column}/{e.pk}/",
    )


def entries(limit: int | None, slug: str | None = None) -> list[PublicEntry]:
    """Published entries only (a draft or a withdrawn entry is never listed), newest first."""
    qs = _newest(public_entries(slug).filter(column__in=list(COLUMNS_BY_SLUG)))
    if limit is not None:
        qs = qs[:limit]
    return [_entry(e) for e in qs]


def section_pages() -> Iterable[str]:
    yield reverse("thematic:index")
    for col in enabled_columns():
        yield reverse("thematic:list", args=[col.slug])


def column_feed(request: HttpRequest, slug: str) -> HttpResponse:
    col = column(slug)
    if col is None or col not in enabled_columns():
        raise Http404("没有这个栏目")
    return atom_response(
        request,
        title=f"重点领域 · {col.title}",
        link=reverse("thematic:list", args=[slug]),
        description=col.summary or col.title,
        feed_url=reverse("thematic:feed", args=[slug]),
        entries=entries(FEED_SIZE, slug),
    )
