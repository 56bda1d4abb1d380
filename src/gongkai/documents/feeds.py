"""Public entries other capabilities add to the sitemap (/sitemap.xml) and the Atom feed
(/xxgk/feed.atom).

The sitemap and the feed belong to documents; typed content kept elsewhere (重点领域 entries,
标准目录 …) registers a source instead of editing them::

    register_public_entries(PublicEntrySource("thematic", entries=latest_entries,
                                              pages=section_pages))

``entries(limit)`` returns the source's public, published entries, newest first: at most
``limit`` of them for the feed, all of them when ``limit`` is None (the sitemap). A source reads
only public data (never a draft, a withdrawn entry or anyone's personal data): what it returns is
shown to everyone. ``updated`` is when the entry's public content last changed, taken from the
data (never "now"), so two identical requests give the same bytes. ``summary`` is plain text:
the feed escapes it as HTML, as it does the documents' summaries.

``atom_response`` writes a feed of such entries; the documents feed and the per-column feeds of
the thematic columns use it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

FEED_SIZE = 50
# The <updated> of a feed with no entries: a fixed day taken from the law, not the time of the
# request (the revised 条例, 国务院令第711号, took effect on 2019-05-15), so an empty feed is the
# same on every request.
EMPTY_FEED_UPDATED = datetime.datetime(2019, 5, 15, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class PublicEntry:
    url: str  # the page's path on this site, e.g. /zhongdian/budget/12/
    title: str
    updated: datetime.datetime  # when its public content last changed (from the data)
    summary: str = ""  # plain text; the feed escapes it
    author: str = ""  # the publishing unit's name
    published: datetime.datetime | None = None  # first published, when different
    unique_id: str = ""  # the feed entry's id (path); the URL when empty


EntriesFn = Callable[[int | None], Iterable[PublicEntry]]


@dataclass(frozen=True)
class PublicEntrySource:
    name: str
    entries: EntriesFn
    pages: Callable[[], Iterable[str]] | None = None  # listing pages for the sitemap (paths)


_sources: dict[str, PublicEntrySource] = {}


def register_public_entries(source: PublicEntrySource) -> None:
    _sources[source.name] = source


def unregister_public_entries(name: str) -> None:
    _sources.pop(name, None)


def public_entry_sources() -> list[PublicEntrySource]:
    return [_sources[n] for n in sorted(_sources)]


def registered_entries(limit: int | None) -> list[PublicEntry]:
    """Every source's entries, newest first (``limit`` of each source, then of all)."""
    out: list[PublicEntry] = []
    for source in public_entry_sources():
        out += list(source.entries(limit))
    out.sort(key=lambda e: (e.updated, e.url), reverse=True)
    return out if limit is None else out[:limit]


def registered_pages() -> list[str]:
    pages: list[str] = []
    for source in public_entry_sources():
        if source.pages is not None:
            pages += [p for p in source.pages() if p not in pages]
    return pages


class StableAtomFeed(Atom1Feed):
    """An Atom feed whose <updated> comes from its entries, or a fixed day when it has none
    (Django's falls back to the time of the request)."""

    def latest_post_date(self) -> datetime.datetime:
        if not self.items:
            return EMPTY_FEED_UPDATED
        result: datetime.datetime = super().latest_post_date()
        return result


def atom_response(
    request: HttpRequest,
    *,
    title: str,
    link: str,
    description: str,
    feed_url: str,
    entries: Sequence[PublicEntry],
) -> HttpResponse:
    site = request.build_absolute_uri("/")[:-1]
    feed = StableAtomFeed(
        title=title,
        link=site + link,
        description=description,
        language="zh-hans",
        feed_url=site + feed_url,
    )
    for e in entries:
        feed.add_item(
            title=e.title,
            link=site + e.url,
            # the summary is plain text; Atom sends <summary type="html">, which a reader
            # unescapes once and renders: escape it as HTML first, so markup in it is shown
            # as the characters typed, never run (issue 13 finding 6)
            description=escape(e.summary or e.title),
            unique_id=site + (e.unique_id or e.url),
            updateddate=e.updated,
            pubdate=e.published or e.updated,
            author_name=e.author or None,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )
