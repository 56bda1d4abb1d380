"""Writes to the reference library: loading a laws corpus (``laws.jsonl.gz``, one law a line).

``library_load`` reads and checks every line first; any line in error writes nothing and the
errors say, in plain Chinese, which line and what to fix. Then, in one transaction, it adds the
new laws and replaces the changed ones (same source key, other content), leaves the unchanged
ones alone (a second load of the same file changes nothing) and records one ``library.load``
audit event. Changed laws are marked for the search index (``indexed=False``): the tick job
``search.sync`` picks them up, or ``gongkai library load`` rebuilds the laws' part of the index
at once.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.documents.lawrefbook import parse_record
from gongkai.library.models import Law
from gongkai.org.models import User
from gongkai.search.laws import law_level

Progress = Callable[[int, int], None]  # (done, total)
MAX_ERRORS = 20  # errors listed; the count says how many more


class LoadError(Exception):
    def __init__(self, errors: list[str], total: int) -> None:
        self.errors, self.total = errors, total
        more = f"（另有 {total - len(errors)} 处）" if total > len(errors) else ""
        super().__init__("法律法规语料有误，未载入任何内容：\n" + "\n".join(errors) + more)


@dataclass
class LoadSummary:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _values(rec: dict[str, Any]) -> dict[str, Any]:
    parsed = parse_record(rec)
    history = rec.get("history") or []
    body = str(rec.get("body_markdown") or "")
    values = {
        "title": parsed["title"][:300],
        "level": law_level(rec.get("level"), rec.get("category"))[:20],
        "category": str(rec.get("category") or "")[:60],
        "issuer": (parsed["issuers"][0] if parsed["issuers"] else "")[:120],
        "doc_number": parsed["doc_number"][:120],
        "published_on": parsed["published_on"],
        "effective_on": parsed["effective_on"],
        "expired": rec.get("expired") is True,
        "history": [str(h) for h in history] if isinstance(history, list) else [str(history)],
        "body": body,
    }
    raw = json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
    values["digest"] = hashlib.sha256(raw.encode()).hexdigest()
    return values


def _read(
    path: Path, progress: Progress | None
) -> tuple[list[tuple[str, dict[str, Any]]], list[str], int]:
    rows: list[tuple[str, dict[str, Any]]] = []
    errors: list[str] = []
    n_errors = 0
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                problem = ""
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    problem = f"不是有效的 JSON（{exc.msg}，第 {exc.colno} 列）"
                else:
                    if not isinstance(rec, dict):
                        problem = "应为一个 JSON 对象（一部法律法规一行）"
                    elif not str(rec.get("title") or "").strip():
                        problem = "缺少标题（title）"
                    elif not str(rec.get("body_markdown") or "").strip():
                        problem = "缺少正文（body_markdown）"
                if problem:
                    n_errors += 1
                    if len(errors) < MAX_ERRORS:
                        errors.append(f"第 {n} 行：{problem}")
                    continue
                values = _values(rec)
                src = str(rec.get("source_path") or values["title"])
                key = src if len(src) <= 180 else hashlib.sha256(src.encode()).hexdigest()
                rows.append((f"lawrefbook:{key}", values))
                if progress and len(rows) % 100 == 0:
                    progress(len(rows), 0)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise LoadError(
            [f"无法读取文件 {path.name}：{exc}（应为 UTF-8 的 .jsonl 或 .jsonl.gz）"], 1
        ) from exc
    return rows, errors, n_errors


def library_load(
    *, actor: User | None, path: str | Path, progress: Progress | None = None
) -> LoadSummary:
    """Load a laws corpus into the library (see the module docstring)."""
    path = Path(path)
    rows, errors, n_errors = _read(path, progress)
    if n_errors:
        raise LoadError(errors, n_errors)
    summary = LoadSummary(read=len(rows))
    seen: dict[str, dict[str, Any]] = {}
    for key, values in rows:  # a key twice in one file: the later line wins
        seen[key] = values
    with transaction.atomic():
        existing = dict(Law.objects.filter(key__in=list(seen)).values_list("key", "digest"))
        new = [Law(key=k, indexed=False, **v) for k, v in seen.items() if k not in existing]
        Law.objects.bulk_create(new, batch_size=200)
        summary.created = len(new)
        total = len(seen)
        done = len(new)
        if progress:
            progress(done, total)
        for key, values in seen.items():
            if key not in existing:
                continue
            if existing[key] == values["digest"]:
                summary.unchanged += 1
            else:
                Law.objects.filter(key=key).update(indexed=False, **values)
                summary.updated += 1
            done += 1
            if progress and done % 100 == 0:
                progress(done, total)
        if progress:
            progress(total, total)
        if summary.created or summary.updated:
            audit_record(
                actor=actor,
                action="library.load",
                obj_type="library",
                obj_id="laws",
                obj_label="法律法规库",
                after={
                    "file": path.name,
                    "read": summary.read,
                    "created": summary.created,
                    "updated": summary.updated,
                },
            )
    return summary
