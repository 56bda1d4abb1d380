"""Data that leaves on schedule (issue 20 item 6, decision 0011).

- The monthly filing (seed 002 row 1: 新增非密公文全量备案, 频次不低于每月一次; seed 004 item 12:
  the three update counts) goes to the city platform's endpoint through the outbox
  (gongkai.delivery): one message per month, its idempotency key ``city-filing:YYYY-MM``,
  retried until the platform accepts it, its answer recorded on the message.
- The quarterly archive package (seed 003 (十二): 每个季度向同级国家综合档案馆提供主动公开政府
  信息原始文本): the original texts and attachments of everything published in the quarter,
  taken from the signed publication log, with a manifest of SHA-256 digests, recorded as an
  ``ArchivePackage`` and, once handed over, as delivered.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.delivery.models import OutboxMessage
from gongkai.delivery.services import outbox_enqueue
from gongkai.documents import publication
from gongkai.documents.exports import monthly_filing
from gongkai.documents.models import DocumentVersion, PublicationLogEntry
from gongkai.formats import cn_date
from gongkai.handover.models import ArchivePackage

FILING_SOURCE = "handover.filing"
FILING_EVERY_MONTHS = 1  # seed 002 row 1: 备案频次不低于每月一次
ARCHIVE_EVERY_MONTHS = 3  # seed 003 (十二): 每个季度提供主动公开政府信息原始文本


# --- the monthly filing ------------------------------------------------------------------------


def previous_month(day: datetime.date) -> tuple[int, int]:
    first = day.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def filing_key(year: int, month: int) -> str:
    return f"city-filing:{year}-{month:02d}"


def filing_enqueue(
    *, year: int, month: int, now: datetime.datetime | None = None
) -> tuple[OutboxMessage, bool]:
    """Queue the month's filing for the city platform (once per month: the key)."""
    url = settings.GONGKAI_FILING_URL
    if not url:
        raise ValidationFailed(
            ["未配置市政务公开平台的报送地址：请设置 GONGKAI_FILING_URL（http(s) 网址）"]
        )
    if not 1 <= month <= 12:
        raise ValidationFailed([f"月份“{month}”无效：应为 1 到 12"])
    now = now or timezone.now()
    existing = OutboxMessage.objects.filter(key=filing_key(year, month)).first()
    if existing is not None:
        return existing, False
    report = monthly_filing(user=None, year=year, month=month)
    body = json.dumps(
        {"site": settings.GONGKAI_SITE_NAME, "kind": "monthly_filing", **report},
        ensure_ascii=False,
        sort_keys=True,
    )
    return outbox_enqueue(
        kind="http",
        key=filing_key(year, month),
        source=FILING_SOURCE,
        target=url,
        subject=f"{year}年{month}月公文备案",
        body=body,
        content_type="application/json; charset=utf-8",
        now=now,
    )


def filing_tick(now: datetime.datetime) -> dict[str, Any]:
    """From GONGKAI_FILING_DAY of a month on, the previous month's filing is queued, once."""
    if not settings.GONGKAI_FILING_URL:
        return {"configured": False}
    today = timezone.localdate(now)
    if today.day < settings.GONGKAI_FILING_DAY:
        return {"waiting_until_day": settings.GONGKAI_FILING_DAY}
    year, month = previous_month(today)
    message, created = filing_enqueue(year=year, month=month, now=now)
    return {"month": f"{year}-{month:02d}", "queued": created, "status": message.status}


# --- the quarterly archive package -------------------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(text: str) -> tuple[int, int]:
    m = _QUARTER.match(text.strip().upper())
    if not m:
        raise ValidationFailed([f"季度“{text}”格式不对：请写成年份加 Q1–Q4，例如 2026Q3"])
    return int(m.group(1)), int(m.group(2))


def quarter_bounds(year: int, q: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    start = datetime.datetime(year, 3 * q - 2, 1, tzinfo=tz)
    end = (
        datetime.datetime(year + 1, 1, 1, tzinfo=tz)
        if q == 4
        else datetime.datetime(year, 3 * q + 1, 1, tzinfo=tz)
    )
    return start, end


def previous_quarter(day: datetime.date) -> str:
    q = (day.month - 1) // 3 + 1
    return f"{day.year - 1}Q4" if q == 1 else f"{day.year}Q{q - 1}"


def _safe(part: str) -> str:
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", part).strip(" .-") or "未命名"


def _entry_file(e: PublicationLogEntry) -> tuple[str, bytes]:
    doc = e.document
    folder = f"{_safe(e.unit_code)}/{_safe(doc.index_number or f'doc-{doc.pk}')}"
    if e.kind == "version":
        version = DocumentVersion.objects.get(document=doc, number=e.version_number)
        return (
            f"{folder}/第{e.version_number}版-{_safe(version.title)}.html",
            version.rendered.encode(),
        )
    assert e.attachment is not None
    with e.attachment.file.open("rb") as fh:
        data = fh.read()
    return f"{folder}/附件-第{e.version_number}版-{e.seq}-{_safe(e.attachment.name)}", data


def archive_export(
    *, quarter: str, by: str, output_dir: Path | None = None, now: datetime.datetime | None = None
) -> ArchivePackage:
    """Write the quarter's package (a zip with manifest.json and SHA256SUMS) and record it.

    Every file's bytes are checked against the digest in the signed publication log; a file
    that differs stops the export (nothing is recorded) and names the entry."""
    year, q = parse_quarter(quarter)
    quarter = f"{year}Q{q}"
    now = now or timezone.now()
    start, end = quarter_bounds(year, q)
    if end > now:
        raise ValidationFailed([f"{quarter} 尚未结束（至 {cn_date(end.date())}），结束后才能归档"])
    done = ArchivePackage.objects.filter(quarter=quarter).first()
    if done is not None and done.delivered_at is not None:
        raise DomainError(
            f"{quarter} 的归档包已于 {cn_date(timezone.localtime(done.delivered_at).date())} 移交，不再重新生成"
        )
    out_dir = Path(output_dir or settings.VAR_DIR / "archive")
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = (
        PublicationLogEntry.objects.filter(published_at__gte=start, published_at__lt=end)
        .select_related("document", "attachment")
        .order_by("seq")
    )
    manifest: list[dict[str, Any]] = []
    sums: list[str] = []
    documents: set[int] = set()
    target = out_dir / f"gongkai-archive-{quarter}.zip"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=out_dir)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp_name, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for e in entries.iterator():
                path, data = _entry_file(e)
                digest = hashlib.sha256(data).hexdigest()
                if digest != e.sha256:
                    raise DomainError(
                        f"公开记录第 {e.seq} 条（《{e.name}》）对应的文件与发布时不一致"
                        f"（记录 {e.sha256[:12]}…，现有 {digest[:12]}…），未生成归档包，请先核查"
                    )
                zf.writestr(path, data)
                documents.add(e.document_id)
                sums.append(f"{digest}  {path}")
                manifest.append(
                    {
                        "path": path,
                        "sha256": digest,
                        "size": len(data),
                        "kind": e.kind,
                        "document_id": e.document_id,
                        "index_number": e.document.index_number,
                        "title": e.document.title,
                        "unit": f"{e.unit_name}（{e.unit_code}）",
                        "version": e.version_number,
                        "published_at": e.published_at.isoformat(),
                        "log_seq": e.seq,
                        "log_entry_hash": e.entry_hash,
                        "log_signature": e.signature,
                    }
                )
            head = {
                "quarter": quarter,
                "site": settings.GONGKAI_SITE_NAME,
                "generated_at": now.isoformat(),
                "period": [start.isoformat(), end.isoformat()],
                "publication_log_public_key": publication.public_key_bytes().hex(),
                "publication_log_key_id": publication.key_id(),
                "how_to_check": "每个文件的 SHA-256 见 SHA256SUMS（sha256sum -c SHA256SUMS）；"
                "签名可用公钥校验公开记录条目（gongkai verify --chain）",
                "files": manifest,
            }
            zf.writestr("manifest.json", json.dumps(head, ensure_ascii=False, indent=2))
            zf.writestr("SHA256SUMS", "\n".join(sums) + ("\n" if sums else ""))
        with open(tmp_name, "rb") as fh:
            package_digest = hashlib.file_digest(fh, "sha256").hexdigest()
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    with transaction.atomic():
        package, _ = ArchivePackage.objects.update_or_create(
            quarter=quarter,
            defaults={
                "created_at": now,
                "created_by": by,
                "path": str(target),
                "sha256": package_digest,
                "size": target.stat().st_size,
                "files": len(manifest),
                "documents": len(documents),
            },
        )
        audit_record(
            actor=None,
            actor_label=by,
            action="handover.archive_export",
            obj_type="archive_package",
            obj_id=quarter,
            obj_label=f"{quarter} 归档包",
            after={"sha256": package_digest, "files": len(manifest), "path": str(target)},
        )
    return package


def archive_mark_delivered(
    *, quarter: str, to: str, receipt: str = "", by: str, now: datetime.datetime | None = None
) -> ArchivePackage:
    """Record that the quarter's package was handed over (to whom, the receipt)."""
    year, q = parse_quarter(quarter)
    quarter = f"{year}Q{q}"
    if not to.strip():
        raise ValidationFailed(["请写明接收单位，例如“市档案馆”"])
    with transaction.atomic():
        package = ArchivePackage.objects.select_for_update().filter(quarter=quarter).first()
        if package is None:
            raise ValidationFailed(
                [f"{quarter} 还没有归档包：请先运行 gongkai archive export --quarter {quarter}"]
            )
        if package.delivered_at is not None:
            raise DomainError(f"{quarter} 的归档包已登记移交给{package.delivered_to}")
        package.delivered_at = now or timezone.now()
        package.delivered_to = to.strip()[:200]
        package.receipt = receipt.strip()[:300]
        package.save(update_fields=["delivered_at", "delivered_to", "receipt"])
        audit_record(
            actor=None,
            actor_label=by,
            action="handover.archive_delivered",
            obj_type="archive_package",
            obj_id=quarter,
            obj_label=f"{quarter} 归档包",
            after={
                "to": package.delivered_to,
                "receipt": package.receipt,
                "sha256": package.sha256,
            },
        )
    return package


def archive_tick(now: datetime.datetime) -> dict[str, Any]:
    """In a new quarter, the previous quarter's package is written once (var/archive/)."""
    if not settings.GONGKAI_ARCHIVE_AUTO:
        return {"automatic": False}
    quarter = previous_quarter(timezone.localdate(now))
    if ArchivePackage.objects.filter(quarter=quarter).exists():
        return {"quarter": quarter, "exported": False}
    from gongkai.core.jobs import node_name

    package = archive_export(quarter=quarter, by=f"定时任务（{node_name()}）", now=now)
    return {"quarter": quarter, "exported": True, "files": package.files}
