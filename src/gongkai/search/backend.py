"""Two deployments behind one interface (docs/decisions/0002-search-engine.md).

Both run the same in-process engine (engine.SearchIndex); they differ only in where the built
snapshot lives:

* ``embedded`` (default with SQLite): a file under ``var/search/``;
* ``server`` (default with PostgreSQL): a ``SearchSnapshot`` row, so every web process or
  machine sharing the database loads the same index.

Before each search a process reads the one ``SearchState`` row; when the snapshot changed it
loads it, and it applies the ``SearchEntry`` rows stamped after what it has (new, replaced or
removed records) to its small delta segment. So a change committed by any process is visible
to every process at its next query.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from gongkai.search.engine import SearchIndex, SearchResults
from gongkai.search.index import Record, Segment
from gongkai.search.models import SearchEntry, SearchSnapshot, SearchState

# ``gongkai serve`` (sync workers) sets this: a snapshot loaded later in a worker is frozen too
FREEZE_SNAPSHOTS = False
logger = logging.getLogger(__name__)
_STATE_TABLE = SearchState._meta.db_table
_STATE_SQL = "SELECT seq, snapshot_name, snapshot_seq FROM {table} WHERE id = 1"


def entry_record(e: SearchEntry) -> Record:
    return Record(e.key, e.title, e.url, e.body, e.article or None, e.group, e.metadata)


class SearchBackend:
    name = "base"

    def __init__(self) -> None:
        self.index = SearchIndex()
        self.snapshot_name: str | None = None
        self.seq = 0
        self._lock = threading.Lock()
        self._results: OrderedDict[tuple[Any, ...], SearchResults] = OrderedDict()

    # -- snapshot storage (the only difference between deployments) ---------------------
    def load_blob(self, name: str) -> bytes | None:
        raise NotImplementedError

    def store_blob(self, name: str, seq: int, blob: bytes) -> None:
        raise NotImplementedError

    def drop_other_blobs(self, keep: str) -> None:
        raise NotImplementedError

    # -- the interface ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Bring this process's index up to the shared state. The state is read under the lock,
        so a thread can never act on an older read than the one already applied; a new index
        is built aside and swapped in, so searches running meanwhile see a consistent one."""
        with self._lock:
            # one small read per search, so plain SQL rather than a queryset (a third of the cost)
            with connection.cursor() as cur:
                cur.execute(_STATE_SQL.format(table=connection.ops.quote_name(_STATE_TABLE)))
                row = cur.fetchone()
            seq, name, snap_seq = row or (0, "", 0)
            if (name, seq) == (self.snapshot_name, self.seq):
                return
            index, base = self.index, self.seq
            if name != self.snapshot_name or seq < self.seq:  # a rebuild (or a reset database)
                blob = self.load_blob(name) if name else None
                if blob is None and snap_seq > 0 and self.snapshot_name:
                    # the state names a snapshot that a newer rebuild has already replaced:
                    # keep what we have, the next search reads the newer state (a process with
                    # nothing loaded yet, or a fresh state row, replays the entries instead)
                    logger.info(
                        "search snapshot %s already replaced; keeping the current one", name
                    )
                    return
                index = SearchIndex(Segment.from_bytes(blob)) if blob else SearchIndex()
                base = snap_seq if blob else 0
                if blob and FREEZE_SNAPSHOTS:
                    # millions of long-lived objects: keep the cyclic garbage collector from
                    # walking them all on every full collection (collect first, so no cyclic
                    # garbage of this moment is frozen with them)
                    gc.collect()
                    gc.freeze()
            if seq > base:
                upserts, removals = [], []
                for e in SearchEntry.objects.filter(seq__gt=base):
                    if e.deleted:
                        removals.append(e.key)
                    else:
                        upserts.append(entry_record(e))
                index = index.applied(upserts=upserts, removals=removals)
            self._results.clear()  # cached results of an older index state
            self.index, self.snapshot_name, self.seq = index, name, max(seq, base)

    def search(self, query: str, **options: Any) -> SearchResults:
        """Results for ``query``; repeated searches (the next page, a popular question) are
        answered from a small per-process cache keyed on the index state, so a change to the
        index is never hidden by it."""
        self.refresh()
        size = settings.GONGKAI_SEARCH_RESULT_CACHE  # pages kept; least recently used dropped
        if size <= 0:
            return self.index.search(query, **options)
        key = (
            self.snapshot_name,
            self.seq,
            query,
            tuple(sorted((k, repr(v)) for k, v in options.items())),
        )
        with self._lock:
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            index = self.index
        res = index.search(query, **options)
        with self._lock:
            if index is self.index:  # not replaced by a newer snapshot meanwhile
                self._results[key] = res
                while len(self._results) > size:
                    self._results.popitem(last=False)
        return res

    def count(self) -> int:
        self.refresh()
        return len(self.index)


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    @property
    def directory(self) -> Path:
        return Path(settings.VAR_DIR) / "search"

    def _path(self, name: str) -> Path:
        return self.directory / f"snapshot-{name}.npz"

    def load_blob(self, name: str) -> bytes | None:
        path = self._path(name)
        return path.read_bytes() if path.exists() else None

    def store_blob(self, name: str, seq: int, blob: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self._path(name).with_suffix(".tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, self._path(name))

    def drop_other_blobs(self, keep: str) -> None:
        for path in self.directory.glob("snapshot-*.npz"):
            if path.name != self._path(keep).name:
                path.unlink(missing_ok=True)


class ServerBackend(SearchBackend):
    name = "server"

    def load_blob(self, name: str) -> bytes | None:
        parts = SearchSnapshot.objects.filter(name=name).order_by("part")
        chunks = [bytes(b) for b in parts.values_list("blob", flat=True).iterator(chunk_size=1)]
        return b"".join(chunks) if chunks else None

    def store_blob(self, name: str, seq: int, blob: bytes) -> None:
        size = SearchSnapshot.PART_BYTES
        SearchSnapshot.objects.bulk_create(
            [
                SearchSnapshot(name=name, part=i, seq=seq, blob=blob[start : start + size])
                for i, start in enumerate(range(0, max(len(blob), 1), size))
            ],
            batch_size=1,
        )

    def drop_other_blobs(self, keep: str) -> None:
        SearchSnapshot.objects.exclude(name=keep).delete()


_backends: dict[str, SearchBackend] = {}


def deployment() -> str:
    """``GONGKAI_SEARCH_DEPLOYMENT`` (embedded|server), else server on PostgreSQL."""
    chosen = os.environ.get("GONGKAI_SEARCH_DEPLOYMENT", "").strip()
    if chosen in {"embedded", "server"}:
        return chosen
    return "server" if connection.vendor == "postgresql" else "embedded"


def get_backend() -> SearchBackend:
    name = deployment()
    if name not in _backends:
        _backends[name] = ServerBackend() if name == "server" else EmbeddedBackend()
    return _backends[name]
