"""Writes to the search index (derived data): apply changes from sources, rebuild.

Callers: the tick job ``search.sync`` (changes handed over by sources; it also compacts the
changes into a new snapshot when they have grown large), ``gongkai search rebuild``
(everything again). Only public records are ever stored: a record whose metadata says
``"public": False`` is dropped here, whatever the source sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.org.models import User
from gongkai.search.backend import entry_record, get_backend
from gongkai.search.index import Record
from gongkai.search.models import SearchEntry, SearchState
from gongkai.search.sources import Change, SearchSource, registered_sources, source_kind

Progress = Callable[[int, int], None]  # (done, total)


def _is_public(rec: Record) -> bool:
    return rec.metadata.get("public", True) is not False


def _state() -> SearchState:
    state = SearchState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        state = SearchState.objects.create(pk=1, snapshot_name=uuid.uuid4().hex)
    return state


def _entry_fields(rec: Record, source: str, seq: int, kind: str = "") -> dict[str, Any]:
    meta = {k: v for k, v in rec.metadata.items() if k != "public"}
    # which collection, and whether it is the site's own or the library (decision 0008)
    meta["source"] = source
    meta["source_kind"] = kind or source_kind(source)
    return {
        "group": rec.group or rec.id,
        "source": source,
        "seq": seq,
        "deleted": False,
        "title": rec.title[:500],
        "url": rec.url[:500],
        "article": (rec.article or "")[:40],
        "body": rec.body,
        "metadata": meta,
    }


def search_groups_apply(*, source: str, changes: Iterable[Change]) -> dict[str, int]:
    """Replace each group's records (an empty list removes the group) under a new sequence
    number; every process sees the change at its next query."""
    added = removed = 0
    with transaction.atomic():
        state = _state()
        state.seq += 1
        seq = state.seq
        for group, records in changes:
            public = [r for r in records if _is_public(r)]
            for r in public:
                r.group = group
            keep = {r.id for r in public}
            gone = SearchEntry.objects.filter(group=group, deleted=False).exclude(key__in=keep)
            removed += gone.update(deleted=True, seq=seq, body="", metadata={})
            for r in public:
                SearchEntry.objects.update_or_create(
                    key=r.id, defaults=_entry_fields(r, source, seq)
                )
                added += 1
        state.save(update_fields=["seq"])
    return {"upserted": added, "removed": removed}


def search_documents_refresh(doc_ids: Iterable[int]) -> dict[str, int]:
    """Index the documents ``doc_ids`` again now (a capability whose facts about them, given
    through documents_source.register_document_metadata, have changed: a policy's tags); a
    document that is not public is removed. Runs in the caller's transaction."""
    from gongkai.search import documents_source

    changes = documents_source.document_changes(doc_ids)
    return search_groups_apply(source="documents", changes=changes) if changes else {}


# Every process rebuilds its delta segment (the records changed since the snapshot) on each
# change, so the tick folds the delta into a new snapshot once it grows past this many records,
# or past this share of the snapshot, whichever is larger.
COMPACT_MIN_RECORDS = 2000
COMPACT_SHARE = 0.1


def search_sync_tick(now: Any) -> dict[str, Any]:
    """Tick job: pull every source's pending changes into the index; compact when the changes
    since the last snapshot have grown large."""
    out: dict[str, Any] = {}
    for src in registered_sources():
        if src.changes is None:
            continue
        changes = list(src.changes())
        if changes:
            out[src.name] = search_groups_apply(source=src.name, changes=changes)
    state = SearchState.objects.filter(pk=1).first()
    if state is not None:
        pending = SearchEntry.objects.filter(seq__gt=state.snapshot_seq).count()
        in_snapshot = SearchEntry.objects.filter(seq__lte=state.snapshot_seq).count()
        if pending > max(COMPACT_MIN_RECORDS, COMPACT_SHARE * in_snapshot):
            done = search_index_compact(actor=None)
            out["compacted"] = {"records": done.records, "pending_before": pending}
        # snapshots replaced on this machine more than the grace period ago
        removed = get_backend().cleanup(keep=state.snapshot_name)
        if removed:
            out["snapshots_removed"] = removed
    return out


@dataclass
class RebuildResult:
    records: int
    snapshot_mb: float
    deployment: str


def _replace_source(src: SearchSource, seq: int, progress: Progress | None) -> int:
    SearchEntry.objects.filter(source=src.name).delete()
    batch: list[SearchEntry] = []
    n = 0
    for rec in src.all_records():
        if not _is_public(rec):
            continue
        batch.append(SearchEntry(key=rec.id, **_entry_fields(rec, src.name, seq, src.kind)))
        n += 1
        if len(batch) >= 2000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
            if progress:
                progress(n, 0)
    SearchEntry.objects.bulk_create(batch)
    return n


def search_index_rebuild(
    *,
    actor: User | None,
    sources: list[SearchSource] | None = None,
    progress: Progress | None = None,
) -> RebuildResult:
    """Re-read every source (or the ones given), rebuild the snapshot, drop tombstones."""
    srcs = registered_sources() if sources is None else sources
    with transaction.atomic():
        state = _state()
        state.seq += 1
        seq = state.seq
        for src in srcs:
            _replace_source(src, seq, progress)
        state.save(update_fields=["seq"])
    return _snapshot(seq, actor=actor, action="search.rebuild", progress=progress)


def search_index_compact(*, actor: User | None) -> RebuildResult:
    """Fold the changes applied since the last snapshot into a new one, from the stored
    entries (the sources are not re-read): every process's delta segment is small again."""
    with transaction.atomic():
        seq = _state().seq
    return _snapshot(seq, actor=actor, action="search.compact")


def _snapshot(
    seq: int, *, actor: User | None, action: str, progress: Progress | None = None
) -> RebuildResult:
    # build outside the write transaction: readers and writers carry on meanwhile; changes
    # stamped after ``seq`` are applied on top of the snapshot by every process
    entries = SearchEntry.objects.filter(deleted=False, seq__lte=seq).order_by("id")
    total = entries.count()
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    backend = get_backend()
    name = uuid.uuid4().hex
    records = (entry_record(e) for e in entries.iterator(chunk_size=5000))
    segment = backend.build_snapshot(name, records, tick)
    path = backend.snapshot_path(name)
    with transaction.atomic():
        state = _state()
        backend.store_blob(name, seq, path)
        state.snapshot_name = name
        state.snapshot_seq = seq
        state.generation += 1
        state.rebuilt_at = timezone.now()
        state.save()
        SearchEntry.objects.filter(deleted=True, seq__lte=seq).delete()
        audit_record(
            actor=actor,
            action=action,
            obj_type="search_index",
            obj_id=backend.name,
            obj_label="全文检索索引",
            after={"records": len(segment), "generation": state.generation},
        )

    def published() -> None:
        backend.drop_other_blobs(name)
        backend.cleanup(keep=name)

    transaction.on_commit(published)
    return RebuildResult(len(segment), path.stat().st_size / 1e6, backend.name)
