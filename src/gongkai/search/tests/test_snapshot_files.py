"""Snapshots as files every process maps read-only (issue 20 item 3, decision 0017): one
directory per snapshot, installed by renaming a complete one, a pointer naming the current one,
the replaced ones removed after a grace period; on the server deployment another machine (its
own var directory) copies the snapshot from the database once and maps its copy."""

from __future__ import annotations

import io
import json
import mmap
import os
import time
from pathlib import Path

import numpy as np
import pytest

from gongkai.search import backend as backend_mod
from gongkai.search.backend import SNAPSHOT_GRACE_SECONDS, EmbeddedBackend, ServerBackend
from gongkai.search.engine import SearchIndex
from gongkai.search.index import Segment
from gongkai.search.laws import law_records
from gongkai.search.models import SearchState
from gongkai.search.services import search_index_rebuild

from .conftest import LAWS_SAMPLE

pytestmark = pytest.mark.django_db


def _mapped(path: Path) -> int:
    """How many mappings of ``path`` this process holds (from /proc/self/maps)."""
    lines = Path("/proc/self/maps").read_text().splitlines()
    return sum(1 for line in lines if line.endswith(str(path)))


def _backend(deployment: str) -> EmbeddedBackend | ServerBackend:
    return ServerBackend() if deployment == "server" else EmbeddedBackend()


def test_every_process_maps_the_same_snapshot_file_read_only(deployment, laws_source):
    result = search_index_rebuild(actor=None, sources=[laws_source])
    name = SearchState.objects.get(pk=1).snapshot_name
    web1, web2 = _backend(deployment), _backend(deployment)
    path = web1.snapshot_path(name)
    assert path.is_file()
    assert path.stat().st_size / 1e6 == pytest.approx(result.snapshot_mb)
    assert web1.pointer() == name
    before = _mapped(path)
    assert web1.search("个体工商户").total == web2.search("个体工商户").total > 0
    assert _mapped(path) == before + 2  # one mapping each, nothing read into memory
    seg = web1.index.main
    assert isinstance(seg.buffer, mmap.mmap)
    for arr in (*seg.posting_docs, *seg.posting_impacts, seg.facet_rows, seg.group_idx):
        assert not arr.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            arr[...] = 0
    # what a worker reads is the file's bytes: the postings are views of the mapping
    docs = seg.postings["bw"].docs
    assert np.shares_memory(docs, np.frombuffer(seg.buffer, dtype=np.uint8))


def test_another_machine_copies_the_snapshot_once_from_the_database(
    laws_source, settings, monkeypatch, tmp_path
):
    monkeypatch.setenv("GONGKAI_SEARCH_DEPLOYMENT", "server")
    monkeypatch.setattr(backend_mod, "_backends", {})
    settings.VAR_DIR = tmp_path / "node-a"
    search_index_rebuild(actor=None, sources=[laws_source])
    name = SearchState.objects.get(pk=1).snapshot_name
    built = ServerBackend().snapshot_path(name)
    settings.VAR_DIR = tmp_path / "node-b"  # another machine: its own var directory
    worker1, worker2 = ServerBackend(), ServerBackend()
    copy = worker1.snapshot_path(name)
    assert not copy.exists()
    assert worker1.search("个体工商户").total > 0
    assert copy.read_bytes() == built.read_bytes()
    assert worker1.pointer() == name
    installed = copy.stat().st_mtime_ns
    assert worker2.search("个体工商户").total == worker1.search("个体工商户").total
    assert copy.stat().st_mtime_ns == installed  # mapped, not copied again
    assert [p.name for p in copy.parent.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_new_snapshot_is_swapped_in_and_the_old_one_removed_after_the_grace_period(
    deployment, laws_source
):
    search_index_rebuild(actor=None, sources=[laws_source])
    first = SearchState.objects.get(pk=1).snapshot_name
    web = _backend(deployment)
    old_index = (web.search("户口登记"), web.index)[1]
    search_index_rebuild(actor=None, sources=[laws_source])
    second = SearchState.objects.get(pk=1).snapshot_name
    assert second != first
    web.search("户口登记")
    assert web.snapshot_name == second
    assert web.pointer() == second
    old = web.snapshot_path(first)
    assert old.exists()  # within the grace period: a process may still be about to open it
    assert web.cleanup(keep=second) == []
    later = time.time() + SNAPSHOT_GRACE_SECONDS + 1
    stale = web.directory / ".unfinished.tmp"
    stale.mkdir()
    os.utime(stale, (0, 0))
    assert sorted(web.cleanup(keep=second, now=later)) == sorted([first, stale.name])
    assert not old.exists()
    assert web.snapshot_path(second).exists()
    # a process still holding the removed snapshot keeps searching it (the mapping stays)
    assert old_index.search("户口登记").total == web.search("户口登记").total > 0


def test_a_snapshot_of_the_earlier_format_is_converted_once(settings, monkeypatch, tmp_path):
    """A ``.npz`` snapshot written before decision 0017 (embedded deployment) is built again
    in the mapped layout the first time a process needs it."""
    monkeypatch.setenv("GONGKAI_SEARCH_DEPLOYMENT", "embedded")
    monkeypatch.setattr(backend_mod, "_backends", {})
    settings.VAR_DIR = tmp_path
    records = list(law_records(LAWS_SAMPLE))
    meta = json.dumps({"records": [r.to_json() for r in records]}, ensure_ascii=False)
    buf = io.BytesIO()
    np.savez(buf, meta=np.frombuffer(meta.encode(), dtype=np.uint8))
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "snapshot-old1.npz").write_bytes(buf.getvalue())
    SearchState.objects.create(pk=1, snapshot_name="old1", snapshot_seq=1, seq=1)
    web = EmbeddedBackend()
    expected = SearchIndex(Segment.build(records)).search("个体工商户")
    assert web.search("个体工商户").total == expected.total > 0
    assert len(web.index) == len(records)
    assert web.snapshot_path("old1").is_file()
