"""Where indexed records come from: sources register here (the documents module will).

A source gives ``all_records()`` — every record it wants public right now (used by
``gongkai search rebuild``) — and optionally ``changes()`` — the (group, records) pairs changed
since it was last asked, an empty list meaning “remove the group” (used by the tick job
``search.sync``; the source marks what it handed over as consumed, inside the same
transaction). Only public content may be handed over; records whose metadata says
``"public": False`` are dropped by services.search_groups_apply all the same.
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


_sources: dict[str, SearchSource] = {}


def register_search_source(source: SearchSource) -> None:
    _sources[source.name] = source


def unregister_search_source(name: str) -> None:
    _sources.pop(name, None)


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
