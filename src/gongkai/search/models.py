"""The search index's own tables. All of it is derived data, never the source of truth.

* ``SearchEntry`` — the public records currently indexed (one per article or document), each
  stamped with a sequence number; a removal keeps a tombstone row (``deleted``) until the next
  rebuild so every process sees it.
* ``SearchState`` — one row: the last sequence number and the snapshot generation. Web
  processes read it (one indexed query) before searching and catch up when it moved.
* ``SearchSnapshot`` — the server deployment's built index (an ``.npz`` blob) shared by every
  process; the embedded deployment keeps the same blob in a file under ``var/search/``.

The auditable acts are the source's (publishing, withdrawing a document) and the rebuild
(``search.rebuild`` audit event); the index rows themselves are a cache, so ``audit_key``
returns None on purpose.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    key = models.CharField("记录键", max_length=200, unique=True)
    group = models.CharField("所属文件", max_length=200, db_index=True)
    source = models.CharField("来源", max_length=40, db_index=True)
    seq = models.BigIntegerField("序号", db_index=True)
    deleted = models.BooleanField("已移除", default=False)
    title = models.CharField("标题", max_length=500, blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    article = models.CharField("条", max_length=40, blank=True)
    body = models.TextField("正文", blank=True)
    metadata = models.JSONField("元数据", default=dict, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "检索记录"

    def __str__(self) -> str:
        return self.key

    def audit_key(self) -> tuple[str, str] | None:
        return None  # derived cache: the source's publish/withdraw is what is audited


class SearchState(models.Model):
    seq = models.BigIntegerField(default=0)
    generation = models.BigIntegerField(default=0)
    # a fresh random name per rebuild (and per new state row): names the snapshot to load
    snapshot_name = models.CharField(max_length=40, default="")
    snapshot_seq = models.BigIntegerField(default=0)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "检索索引状态"

    def __str__(self) -> str:
        return f"seq={self.seq} generation={self.generation}"

    def audit_key(self) -> tuple[str, str] | None:
        return None  # derived cache


class SearchSnapshot(models.Model):
    """One part of a snapshot: a large index is stored in parts of at most PART_BYTES, since one
    PostgreSQL value cannot reach 1 GB (the 147k-article laws corpus makes a 274 MB blob, which a
    single bytea parameter already overflowed on the server side)."""

    PART_BYTES = 32 * 1024 * 1024

    name = models.CharField(max_length=40)
    part = models.PositiveIntegerField(default=0)
    seq = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    blob = models.BinaryField()

    class Meta:
        verbose_name = "检索索引快照"
        constraints = [
            models.UniqueConstraint(fields=["name", "part"], name="search_snapshot_name_part")
        ]

    def __str__(self) -> str:
        return f"snapshot {self.name}"

    def audit_key(self) -> tuple[str, str] | None:
        return None  # derived cache
