"""``gongkai import documents FILE``: bulk import of already-published documents.

Formats: JSON Lines (one object per line), CSV or XLSX with the headers of ``SCHEMA`` (Chinese
or English), and ``--format lawrefbook`` for the laws corpus. Rows are checked first; each batch
is written in one transaction, all or nothing; rows already imported (same 外部编号 / key) are
skipped, so a second run adds nothing. Imported documents are published at once: they come from
the unit's previous system, where they were reviewed; the import itself is audited per document.
See docs: src/gongkai/documents/IMPORT.md.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ValidationFailed
from gongkai.documents import publication
from gongkai.documents.lawrefbook import parse_record
from gongkai.documents.models import (
    Document,
    DocumentIssuer,
    DocumentVersion,
    OutboxAction,
    OutboxEvent,
    State,
    Topic,
)
from gongkai.documents.numbers import format_index_number
from gongkai.documents.render import render_version, text_to_html
from gongkai.documents.services import _set_tags, _split, clean_values, snapshot
from gongkai.documents.vocab import DisclosureMode, Validity
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User, normalize_username
from gongkai.org.tabular import decode_text, read_table

# (key, Chinese header, meaning). ``title`` is required; ``key`` makes re-runs idempotent
# (derived from 标题 + 发文字号 + 发布日期 when absent).
SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("key", "外部编号", "原系统中的唯一编号，用于重复导入时跳过"),
    ("index_number", "索引号", "原索引号；留空则按本平台规则生成"),
    ("title", "标题", "必填"),
    ("doc_number", "发文字号", "如 国办发〔2017〕47号"),
    ("issuers", "发文机关", "联合发文用顿号分隔；留空为导入单位"),
    ("doc_kind", "公文种类", "通知、意见、规范性文件等"),
    ("is_normative", "规范性文件", "是 / 否"),
    ("written_on", "成文日期", "YYYY-MM-DD"),
    ("published_on", "发布日期", "YYYY-MM-DD；留空为导入当天"),
    ("effective_on", "实施日期", "YYYY-MM-DD"),
    ("expires_on", "废止日期", "YYYY-MM-DD"),
    ("validity", "有效性", "有效 / 失效 / 废止 / 已修改"),
    ("topic", "主题分类", "代码（如 0101）或 一级\\二级"),
    ("art20_item", "条例第二十条事项", "1-15"),
    ("keywords", "关键词", "空格分隔"),
    ("tags", "政策标签", "逗号分隔"),
    ("summary", "内容概述", ""),
    ("body", "正文", "HTML，导入时清理"),
    ("body_text", "正文文本", "纯文本，按段落转换"),
    ("source", "信息来源", ""),
)
HEADER_TO_KEY = (
    {h: k for k, h, _ in SCHEMA}
    | {k: k for k, _, _ in SCHEMA}
    | {
        "废止/失效日期": "expires_on",
        "失效日期": "expires_on",
    }
)


@dataclass
class Summary:
    read: int = 0
    created: int = 0
    skipped: int = 0
    failed_rows: int = 0
    failed_batches: int = 0
    errors: list[str] = field(default_factory=list)
    stats: collections.Counter[str] = field(default_factory=collections.Counter)
    issuers: collections.Counter[str] = field(default_factory=collections.Counter)


# --- reading -------------------------------------------------------------------------------------


def _rows_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | ValidationFailed]]:
    """(line number, object), or (line number, the problem) for a line that is not a JSON object:
    the caller counts the problem against the line's batch, so a bad line keeps its whole batch
    out, as a bad date does. Read line by line (the laws corpus is large); each line UTF-8 or
    GBK (org.tabular.decode_text), gzip for .gz."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                line = decode_text(raw, name=path.name).lstrip("\ufeff")
                obj = json.loads(line)
            except ValidationFailed as exc:
                yield n, ValidationFailed([f"第 {n} 行：{p}" for p in exc.problems])
                continue
            except json.JSONDecodeError as exc:
                yield (
                    n,
                    ValidationFailed([f"第 {n} 行：不是有效的 JSON（第 {exc.colno} 列附近有误）"]),
                )
                continue
            if not isinstance(obj, dict):
                yield n, ValidationFailed([f"第 {n} 行：应为 JSON 对象（{{...}}）"])
                continue
            yield n, obj


def read_rows(path: Path, fmt: str) -> Iterator[tuple[int, dict[str, Any] | ValidationFailed]]:
    """(line number, values keyed by the schema's keys, or the line's problem)."""
    if fmt == "lawrefbook":
        for n, rec in _rows_jsonl(path):
            yield n, rec if isinstance(rec, ValidationFailed) else parse_record(rec)
        return
    name = path.name.lower()
    if fmt == "jsonl" or name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        source: Iterator[tuple[int, dict[str, Any] | ValidationFailed]] = _rows_jsonl(path)
    elif name.endswith((".csv", ".xlsx")):
        table = read_table(path)
        unknown = [h for h in table.headers if h and h not in HEADER_TO_KEY]
        if unknown:
            raise ValidationFailed(
                [
                    f"无法识别的表头：{'、'.join(unknown)}；可用表头见 gongkai import documents --help"
                ]
            )
        source = iter(table.rows)
    else:
        raise ValidationFailed(
            ["不支持的文件类型：请使用 .jsonl、.csv 或 .xlsx，或 --format lawrefbook"]
        )
    for n, raw in source:
        if isinstance(raw, ValidationFailed):
            yield n, raw
            continue
        yield n, {HEADER_TO_KEY.get(k, k): v for k, v in raw.items() if HEADER_TO_KEY.get(k, k)}


# --- checking ----------------------------------------------------------------------------------


@dataclass
class Prepared:
    line: int
    key: str
    values: dict[str, Any]
    issuers: list[str]
    tags: list[str]
    published_on: datetime.date | None
    index_number: str
    dates_unknown: bool = False


def prepare(line: int, row: dict[str, Any], topics: dict[str, Topic]) -> Prepared:
    skip = ("key", "index_number", "issuers", "tags", "published_on", "body_text", "dates_unknown")
    values = {k: row[k] for k in row if k not in skip}
    topic = str(values.get("topic") or "").strip()
    if topic in topics:
        values["topic"] = topics[topic]
    if row.get("body_text") and not row.get("body"):
        values["body"] = text_to_html(str(row["body_text"]))
    published_raw = row.get("published_on")
    problems: list[str] = []
    published: datetime.date | None = None
    if published_raw:
        if isinstance(published_raw, datetime.date):
            published = published_raw
        else:
            try:
                published = datetime.date.fromisoformat(str(published_raw).strip()[:10])
            except ValueError:
                problems.append(f"发布日期“{published_raw}”不是有效日期")
    values.setdefault("disclosure_mode", DisclosureMode.PROACTIVE)
    try:
        cleaned = clean_values(values)
    except ValidationFailed as exc:
        problems = exc.problems + problems
        cleaned = {}
    if problems:
        raise ValidationFailed([f"第 {line} 行：{p}" for p in problems])
    if cleaned.get("disclosure_mode") != DisclosureMode.PROACTIVE:
        raise ValidationFailed([f"第 {line} 行：只能导入主动公开的文件"])
    key = str(row.get("key") or "").strip()
    if not key:
        basis = f"{cleaned['title']}|{cleaned.get('doc_number', '')}|{published or ''}"
        key = "sha:" + hashlib.sha256(basis.encode()).hexdigest()[:40]
    return Prepared(
        line=line,
        key=key[:200],
        values=cleaned,
        issuers=_split(row.get("issuers") or []),
        tags=_split(row.get("tags") or []),
        published_on=published,
        index_number=str(row.get("index_number") or "").strip()[:64],
        dates_unknown=bool(row.get("dates_unknown")),
    )


# --- writing -----------------------------------------------------------------------------------


def _write_batch(
    batch: list[Prepared],
    *,
    unit: Unit,
    actor: User | None,
    now: datetime.datetime,
    seqs: dict[int, int],
) -> list[Document]:
    """Write one checked batch with bulk inserts; the caller holds the transaction."""
    today = timezone.localdate(now)
    docs: list[Document] = []
    for p in batch:
        doc = Document(
            unit=unit,
            import_key=p.key,
            disclosure_mode=DisclosureMode.PROACTIVE,
            confidentiality_checked=True,
            first_published_at=now,
        )
        for k, v in p.values.items():
            setattr(doc, k, v)
        # The corpus has records without any date: their 发布日期 stays unknown, not "today".
        doc.published_on = p.published_on or (None if p.dates_unknown else today)
        if doc.is_normative and not doc.validity:
            doc.validity = Validity.VALID
        doc.state = _STATE_BY_VALIDITY.get(doc.validity, State.PUBLISHED)
        if p.index_number:
            doc.index_number = p.index_number
        else:
            year = (doc.written_on or doc.published_on or today).year
            if year not in seqs:
                last = (
                    Document.objects.filter(unit=unit, index_year=year)
                    .order_by("-index_seq")
                    .values_list("index_seq", flat=True)
                    .first()
                )
                seqs[year] = last or 0
            seqs[year] += 1
            doc.index_year, doc.index_seq = year, seqs[year]
            doc.index_number = format_index_number(unit_code=unit.code, year=year, seq=seqs[year])
        docs.append(doc)
    Document.objects.bulk_create(docs)
    if any(d.pk is None for d in docs):  # databases without RETURNING
        by_key = dict(
            Document.objects.filter(import_key__in=[d.import_key for d in docs]).values_list(
                "import_key", "pk"
            )
        )
        for d in docs:
            d.pk = by_key[d.import_key]
    issuers = []
    versions = []
    for p, doc in zip(batch, docs, strict=True):
        names = list(dict.fromkeys(p.issuers or [unit.name]))
        issuers += [
            DocumentIssuer(document=doc, name=n[:120], position=i) for i, n in enumerate(names)
        ]
        if p.tags:
            _set_tags(doc, p.tags)
        meta = _meta(doc, names, p.tags, unit)
        rendered = render_version(meta, doc.body, doc.summary, "")
        versions.append(
            DocumentVersion(
                document=doc,
                number=1,
                title=doc.title,
                body=doc.body,
                summary=doc.summary,
                metadata=meta,
                published_at=now,
                published_by=actor,
                rendered=rendered,
                sha256=publication.sha256_hex(rendered.encode()),
            )
        )
    DocumentIssuer.objects.bulk_create(issuers)
    DocumentVersion.objects.bulk_create(versions)
    if any(v.pk is None for v in versions):
        by_doc = dict(
            DocumentVersion.objects.filter(document__in=docs).values_list("document_id", "pk")
        )
        for v in versions:
            v.pk = by_doc[v.document_id]
    for doc, v in zip(docs, versions, strict=True):
        doc.live = v
    Document.objects.bulk_update(docs, ["live"])
    publication.append_many(
        [
            publication.Pending(
                kind="version",
                document=doc,
                version_number=1,
                name=f"{doc.title}（第1版）.html",
                sha256=v.sha256,
                published_at=now,
            )
            for doc, v in zip(docs, versions, strict=True)
        ]
    )
    OutboxEvent.objects.bulk_create(
        [OutboxEvent(document=d, version=1, action=OutboxAction.PUBLISH) for d in docs]
    )
    for p, doc in zip(batch, docs, strict=True):
        audit_record(
            actor=actor,
            action="document.import",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=unit,
            after={"import_key": p.key, "index_number": doc.index_number, "state": doc.state},
        )
    return docs


_STATE_BY_VALIDITY = {Validity.LAPSED.value: State.LAPSED, Validity.REPEALED.value: State.REPEALED}


def _meta(doc: Document, issuers: list[str], tags: list[str], unit: Unit) -> dict[str, Any]:
    meta = snapshot(doc) if doc.pk is None else _snapshot_without_queries(doc)
    meta.update({"issuers": issuers, "policy_tags": sorted(tags), "version": 1})
    return meta


def _snapshot_without_queries(doc: Document) -> dict[str, Any]:
    """snapshot() minus the two relation queries (issuers and tags are known here)."""
    pk, doc.pk = doc.pk, None
    try:
        return snapshot(doc)
    finally:
        doc.pk = pk


def documents_import(
    *,
    actor: User | None,
    unit: Unit,
    path: Path,
    fmt: str = "",
    batch_size: int = 500,
    out: TextIO | None = None,
    system: bool = False,
) -> Summary:
    """Import a file; each batch is all or nothing. Returns the summary (never raises for rows)."""
    if not system:
        require(actor, Perm.IMPORT_DOCUMENTS, unit)
    summary = Summary()
    topics = {t.code: t for t in Topic.objects.all()}
    existing = set(
        Document.objects.filter(import_key__isnull=False).values_list("import_key", flat=True)
    )
    seen: set[str] = set()
    batch: list[Prepared] = []
    batch_errors: list[str] = []
    batch_first_line = 0  # the first line the batch read, good or bad
    seqs: dict[int, int] = {}

    def flush() -> None:
        nonlocal batch, batch_errors, batch_first_line
        if batch_errors:
            summary.failed_batches += 1
            summary.failed_rows += len(batch_errors)
            summary.errors.append(f"本批（自第 {batch_first_line} 行起）有错误，整批未导入：")
            summary.errors.extend(batch_errors)
        elif batch:
            now = timezone.now()
            with transaction.atomic():
                publication._lock()
                _write_batch(batch, unit=unit, actor=actor, now=now, seqs=seqs)
            summary.created += len(batch)
            for p in batch:
                _tally(summary, p)
        if out is not None and (batch or batch_errors):
            out.write(
                f"  已处理 {summary.read} 行：新增 {summary.created}，跳过 {summary.skipped}，出错 {summary.failed_rows}\n"
            )
            out.flush()
        batch, batch_errors, batch_first_line = [], [], 0

    try:
        for line, row in read_rows(path, fmt):
            summary.read += 1
            batch_first_line = batch_first_line or line
            if isinstance(row, ValidationFailed):
                batch_errors.extend(row.problems)
                continue
            try:
                p = prepare(line, row, topics)
            except ValidationFailed as exc:
                batch_errors.extend(exc.problems)
                continue
            if p.key in existing or p.key in seen:
                summary.skipped += 1
                continue
            seen.add(p.key)
            batch.append(p)
            if len(batch) + len(batch_errors) >= batch_size:
                flush()
    except ValidationFailed:
        raise
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise ValidationFailed([f"无法读取文件“{path.name}”：文件已损坏或不是所说的格式"]) from exc
    flush()
    if summary.read == 0:
        raise ValidationFailed([f"文件“{path.name}”中没有任何记录：请检查是否选错了文件"])
    return summary


def _tally(s: Summary, p: Prepared) -> None:
    v = p.values
    s.stats["有发文机关"] += bool(p.issuers)
    s.stats["有发文字号"] += bool(v.get("doc_number"))
    s.stats["有成文日期"] += bool(v.get("written_on"))
    s.stats["有发布日期"] += bool(p.published_on)
    s.stats["有实施日期"] += bool(v.get("effective_on"))
    s.stats[f"有效性：{v.get('validity') or '未注明'}"] += 1
    for name in p.issuers:
        s.issuers[name] += 1


def print_summary(s: Summary, out: TextIO) -> None:
    out.write(
        f"读取 {s.read} 行：新增 {s.created} 件，已存在跳过 {s.skipped} 件，出错 {s.failed_rows} 行（{s.failed_batches} 批未导入）。\n"
    )
    if s.created:
        out.write("本次新增文件的元数据解析情况：\n")
        for k in sorted(s.stats):
            out.write(f"  {k}：{s.stats[k]}（{100 * s.stats[k] // s.created}%）\n")
        out.write(
            "  发文机关（前 10）："
            + "、".join(f"{n} {c}" for n, c in s.issuers.most_common(10))
            + "\n"
        )
    for e in s.errors[:200]:
        out.write(f"  ✗ {e}\n")
    if len(s.errors) > 200:
        out.write(f"  …… 另有 {len(s.errors) - 200} 条错误未显示\n")


# --- the `gongkai import documents` sub-command -------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = "导入已发布的主动公开文件。表头：" + "、".join(
        f"{h}（{k}）" for k, h, _ in SCHEMA
    )
    parser.add_argument(
        "file", help="文件路径：.jsonl / .csv / .xlsx，或 laws.jsonl.gz（配合 --format lawrefbook）"
    )
    parser.add_argument(
        "--format", dest="fmt", choices=["auto", "jsonl", "lawrefbook"], default="auto"
    )
    parser.add_argument("--unit", default="", help="公开主体的机构代码（默认为最上级机构）")
    parser.add_argument("--batch-size", type=int, default=500, help="每批行数；每批全部成功才写入")
    parser.add_argument(
        "--as-user", default="", help="以该用户名义导入（需要导入权限）；默认以系统身份"
    )


def handle(options: dict[str, Any], stdout: TextIO) -> None:
    from gongkai.core.middleware import acting_through

    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"找不到文件 {path}")
    code = options.get("unit") or ""
    unit = (
        Unit.objects.filter(code=code).first()
        if code
        else Unit.objects.filter(parent__isnull=True).order_by("sort_order", "code").first()
    )
    if unit is None:
        raise CommandError(
            f"机构“{code}”不存在"
            if code
            else "还没有任何机构：请先导入机构（gongkai units import）"
        )
    actor = None
    if options.get("as_user"):
        actor = User.objects.filter(username=normalize_username(options["as_user"])).first()
        if actor is None:
            raise CommandError(f"用户“{options['as_user']}”不存在")
    fmt = "" if options.get("fmt") in (None, "auto") else options["fmt"]
    stdout.write(f"导入到“{unit.name}”（{unit.code}）：{path}\n")
    try:
        with acting_through("cli"):
            summary = documents_import(
                actor=actor, unit=unit, path=path, fmt=fmt,
                batch_size=max(1, options.get("batch_size") or 500), out=stdout, system=actor is None,
            )  # fmt: skip
    except ValidationFailed as exc:
        raise CommandError("；".join(exc.problems)) from exc
    print_summary(summary, stdout)
    if summary.failed_rows:
        raise CommandError(
            f"有 {summary.failed_rows} 行出错，所在批次未导入；改正后重新运行即可（已导入的会跳过）"
        )
