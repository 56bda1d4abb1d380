"""Where indexed records come from: sources register here (the documents module will).

A source gives ``all_records()`` — every record it wants public right now (used by
``gongkai search rebuild``) — and optionally ``changes()`` — the (group, records) pairs changed
since it was last asked, an empty list meaning “remove the group” (used by the tick job
``search.sync``; the source marks what it handed over as consumed, inside the same
transaction). Only public content may be handed over; records whose metadata says
``"public": False`` are dropped by services.search_groups_apply all the same.

``kind`` says what the source's records are to a visitor (decision 0008):

* ``"site"`` (the default) — the site's own information: its units' documents, and the guides,
  FAQ, answers to messages and thematic entries that other capabilities register. Ranked first
  at similar relevance, shown in the 本站信息 tab.
* ``"library"`` — reference material that is not the site's own, such as the 法律法规库 (the
  ``laws`` source of gongkai.library): its relevance counts LIBRARY_WEIGHT (engine.py) and it
  has its own tab, one click away.

Every stored record carries its source's ``name`` and ``kind`` in its metadata (``source``,
``source_kind``), so results are grouped, ordered and labelled by them; a source registered
later by another capability needs nothing more than its registration::

    register_search_source(SearchSource("guides", guides.all_records, guides.changes))
    register_search_source(SearchSource("laws", laws.all_records, kind="library"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gongkai.search.index import Record

Change = tuple[str, list[Record]]


@dataclass
class SearchSource:
    name: str
    all_records: Callable[[], Iterable[Record]]
    changes: Callable[[], Iterable[Change]] | None = None
    kind: str = "site"

    def __post_init__(self) -> None:
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"search source {self.name!r}: kind must be one of {SOURCE_KINDS}")


SOURCE_KINDS = ("site", "library")


_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    _sources[source.name] = source


def unregister_search_source(name: str) -> None:
    _sources.pop(name, None)


def source_kind(name: str) -> str:
    """The kind of the registered source ``name`` ("site" when it is not registered)."""
    src = _sources.get(name)
    return src.kind if src is not None else "site"


def registered_sources() -> list[SearchSource]:
    return [_sources[k] for k in sorted(_sources)]


def connect() -> None:
    from django.apps import apps

    from gongkai.core.jobs import register_tick_job
    from gongkai.search.services import search_sync_tick

    register_tick_job("search.sync", search_sync_tick)
    if apps.is_installed("gongkai.documents"):
        from gongkai.search import documents_source

        register_search_source(
            SearchSource("documents", documents_source.all_records, documents_source.changes)
        )
