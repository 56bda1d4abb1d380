"""Two deployments behind one interface (docs/decisions/0002-search-engine.md).

Both run the same in-process engine (engine.SearchIndex) over a snapshot that every process of
a machine maps read-only from the same file (decision 0017): a snapshot is a directory
``var/search/snapshots/<name>/`` holding ``segment.bin`` (index.Segment's flat layout), built
under a temporary name and renamed into place, so a reader sees a whole snapshot or none. The
pointer file ``var/search/snapshots/CURRENT`` names the snapshot last installed on the machine
(built or copied there);
snapshots it replaced are removed after a grace period (``SNAPSHOT_GRACE_SECONDS``; a process
that still maps a removed file keeps reading it: the system frees it with the last mapping).
The deployments differ only in where a new snapshot comes from:

* ``embedded`` (default with SQLite): the rebuild writes it into the directory directly;
* ``server`` (default with PostgreSQL): the rebuild also stores the file in the database
  (``SearchSnapshot`` rows); another machine copies it into its own directory once, the first
  time one of its processes needs it, and its other processes map that copy.

Before each search a process reads the one ``SearchState`` row (the snapshot's name is its
generation); when the snapshot changed it maps the new one, and it applies the ``SearchEntry``
rows stamped after what it has (new, replaced or removed records) to its small delta segment.
So a change committed by any process is visible to every process at its next query.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
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


SNAPSHOT_FILE = "segment.bin"
POINTER = "CURRENT"
# a replaced snapshot stays this long (a process that read the state naming it may still be
# about to open it); then the next process that maps a newer one, or the tick, removes it
SNAPSHOT_GRACE_SECONDS = int(os.environ.get("GONGKAI_SEARCH_SNAPSHOT_GRACE_SECONDS", "600"))


class SearchBackend:
    name = "base"

    def __init__(self) -> None:
        self.index = SearchIndex()
        self.snapshot_name: str | None = None
        self.seq = 0
        self._lock = threading.Lock()
        self._results: OrderedDict[tuple[Any, ...], SearchResults] = OrderedDict()

    # -- the snapshot directory (this machine's) -----------------------------------------
    @property
    def directory(self) -> Path:
        return Path(settings.VAR_DIR) / "search" / "snapshots"

    def snapshot_path(self, name: str) -> Path:
        return self.directory / name / SNAPSHOT_FILE

    def build_snapshot(
        self, name: str, records: Iterable[Record], progress: Callable[[int], None] | None
    ) -> Segment:
        """Build the snapshot ``name`` into this machine's directory (under a temporary name,
        renamed when complete) and return it mapped."""
        tmp = self._temp_dir(name)
        try:
            Segment.build(records, progress, path=tmp / SNAPSHOT_FILE)
            self._install(name, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return Segment.open(self.snapshot_path(name))

    def _temp_dir(self, name: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=self.directory))

    def _install(self, name: str, tmp: Path) -> None:
        """Rename the complete directory ``tmp`` to the snapshot's (atomic; if another process
        of this machine installed the same snapshot first, its copy stays)."""
        try:
            os.rename(tmp, self.directory / name)
        except OSError:
            if not self.snapshot_path(name).exists():
                raise
        self.set_pointer(name)

    def open_snapshot(self, name: str) -> Segment | None:
        """The snapshot ``name`` mapped from this machine's directory, copied there first if
        it is elsewhere (the server deployment's database); None if it no longer exists."""
        path = self.snapshot_path(name)
        if not path.exists() and not self.fetch(name):
            return None
        try:
            return Segment.open(path)
        except FileNotFoundError:  # removed meanwhile (replaced long ago)
            return None

    def fetch(self, name: str) -> bool:
        """Copy the snapshot ``name`` into this machine's directory from where the deployment
        keeps it; False if it is not there."""
        return False

    def set_pointer(self, name: str) -> None:
        """Name ``name`` as this machine's current snapshot (written aside, then renamed)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = self.directory / f".{POINTER}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_text(json.dumps({"name": name, "at": time.time()}), encoding="utf-8")
        os.replace(tmp, self.directory / POINTER)

    def pointer(self) -> str | None:
        try:
            got = json.loads((self.directory / POINTER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return str(got.get("name") or "") or None

    def cleanup(self, keep: str = "", now: float | None = None) -> list[str]:
        """Remove the snapshots (and unfinished temporary directories) of this machine that
        neither the pointer nor ``keep`` names, once the current snapshot has been in place
        for SNAPSHOT_GRACE_SECONDS and they are at least that old. Returns the removed names."""
        current = self.pointer()
        if not current or not self.directory.is_dir():
            return []
        now = time.time() if now is None else now
        try:
            installed = (self.directory / current).stat().st_mtime
        except OSError:
            return []
        if now - installed < SNAPSHOT_GRACE_SECONDS:
            return []
        removed = []
        for entry in self.directory.iterdir():
            if entry.name in {current, keep, POINTER} or not entry.is_dir():
                continue
            try:
                if now - entry.stat().st_mtime < SNAPSHOT_GRACE_SECONDS:
                    continue
            except OSError:
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
        for legacy in self.directory.parent.glob("snapshot-*.npz"):  # before decision 0017
            legacy.unlink(missing_ok=True)
        return removed

    # -- snapshot storage beyond this machine (the server deployment's database) ---------
    def store_blob(self, name: str, seq: int, path: Path) -> None:
        """Keep the snapshot file where other machines find it (nothing to do: embedded)."""

    def drop_other_blobs(self, keep: str) -> None:
        """Forget the other snapshots where other machines would find them."""

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
                segment = self.open_snapshot(name) if name else None
                if segment is None and snap_seq > 0 and self.snapshot_name:
                    # the state names a snapshot that a newer rebuild has already replaced:
                    # keep what we have, the next search reads the newer state (a process with
                    # nothing loaded yet, or a fresh state row, replays the entries instead)
                    logger.info(
                        "search snapshot %s already replaced; keeping the current one", name
                    )
                    return
                index = SearchIndex(segment) if segment is not None else SearchIndex()
                base = snap_seq if segment is not None else 0
                if segment is not None:
                    self.cleanup(keep=name)
                if segment is not None and FREEZE_SNAPSHOTS:
                    # keep the cyclic garbage collector from walking the long-lived objects of
                    # this moment on every full collection (collect first, so no cyclic
                    # garbage is frozen with them)
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

    def fetch(self, name: str) -> bool:
        """A snapshot written before decision 0017 (one ``.npz`` file): converted once."""
        legacy = self.directory.parent / f"snapshot-{name}.npz"
        if not legacy.exists():
            return False
        self.build_snapshot(name, Segment.legacy_records(legacy.read_bytes()), None)
        return True


class ServerBackend(SearchBackend):
    name = "server"

    def fetch(self, name: str) -> bool:
        parts = SearchSnapshot.objects.filter(name=name).order_by("part")
        blobs = parts.values_list("blob", flat=True).iterator(chunk_size=1)
        tmp = self._temp_dir(name)
        try:
            got = False
            with open(tmp / SNAPSHOT_FILE, "wb") as fh:
                for blob in blobs:
                    fh.write(blob)
                    got = True
            if not got:
                return False
            with open(tmp / SNAPSHOT_FILE, "rb") as fh:
                legacy = fh.read(2) == b"PK"  # a ``.npz`` stored before decision 0017
            if legacy:
                records = Segment.legacy_records((tmp / SNAPSHOT_FILE).read_bytes())
                Segment.build(records, None, path=tmp / SNAPSHOT_FILE)
            self._install(name, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return True

    def store_blob(self, name: str, seq: int, path: Path) -> None:
        size = SearchSnapshot.PART_BYTES
        with open(path, "rb") as fh:
            part = 0
            while True:
                chunk = fh.read(size)
                if not chunk and part:
                    break
                SearchSnapshot.objects.create(name=name, part=part, seq=seq, blob=chunk)
                part += 1
                if len(chunk) < size:
                    break

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
