"""Fixtures for the search tests: both deployments, small sources, the laws sample.

Every DB test runs once per deployment (embedded: snapshot in a file; server: snapshot in the
database). The PostgreSQL leg of the suite runs them all against PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.search import backend as backend_mod
from gongkai.search.index import Record
from gongkai.search.laws import law_records
from gongkai.search.sources import SearchSource, register_search_source, unregister_search_source

FIXTURES = Path(__file__).parent / "fixtures"
LAWS_SAMPLE = FIXTURES / "laws_sample.jsonl.gz"


@pytest.fixture(params=["embedded", "server"])
def deployment(request, monkeypatch, settings, tmp_path):
    monkeypatch.setenv("GONGKAI_SEARCH_DEPLOYMENT", request.param)
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(backend_mod, "_backends", {})
    return request.param


class MemorySource:
    """A stand-in for a content module: its records plus a queue of pending changes."""

    def __init__(self, name: str = "memo") -> None:
        self.name = name
        self.groups: dict[str, list[Record]] = {}
        self.pending: list[tuple[str, list[Record]]] = []

    def put(self, group: str, records: list[Record]) -> None:
        self.groups[group] = records
        self.pending.append((group, records))

    def remove(self, group: str, *, notify: bool = True) -> None:
        self.groups.pop(group, None)
        if notify:
            self.pending.append((group, []))

    def all_records(self):
        for records in self.groups.values():
            yield from records

    def changes(self):
        out, self.pending = self.pending, []
        return out

    def source(self) -> SearchSource:
        return SearchSource(self.name, self.all_records, self.changes)


@pytest.fixture
def memo(deployment):
    src = MemorySource()
    register_search_source(src.source())
    yield src
    unregister_search_source(src.name)


@pytest.fixture
def laws_source():
    return SearchSource("laws", lambda: law_records(LAWS_SAMPLE), kind="library")


def doc(key: str, title: str, body: str, **meta) -> Record:
    return Record(
        id=key, title=title, url=f"/documents/{key}/", body=body, group=key, metadata=meta
    )


@pytest.fixture
def library_from_file(memo):
    """The laws sample as the library (kind "library"), in place of the library app's own
    source for the test (put back afterwards)."""
    from gongkai.search import sources

    saved = sources._sources.get("laws")
    register_search_source(SearchSource("laws", lambda: law_records(LAWS_SAMPLE), kind="library"))
    yield memo
    unregister_search_source("laws")
    if saved is not None:
        register_search_source(saved)
