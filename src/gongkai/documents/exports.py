"""Housekeeping: the monthly filing export (seed 002; counts per seed 004 item 12) and the
re-review campaign of old documents' disclosure attributes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.spreadsheet import new_workbook, xlsx_bytes
from gongkai.documents.models import Document, DocumentVersion, State
from gongkai.documents.selectors import documents_visible_to
from gongkai.documents.vocab import DisclosureMode
from gongkai.org.access import Perm, require
from gongkai.org.models import User

REREVIEW_SINCE = datetime.date(2010, 1, 1)  # seed 002: re-review documents formed since 2010

FILING_COLUMNS = (
    ("index_number", "索引号"),
    ("title", "标题"),
    ("doc_number", "发文字号"),
    ("issuers", "发文机关"),
    ("written_on", "成文日期"),
    ("published_on", "发布日期"),
    ("doc_kind", "公文种类"),
    ("topic", "主题分类"),
    ("validity", "有效性"),
    ("url", "网址"),
)


def monthly_filing(*, user: User | None, year: int, month: int) -> dict[str, Any]:
    """New non-secret (主动公开) documents first published in the month, plus update counts.

    ``user``: the documents of the units they see; None, the whole platform (the filing the
    scheduled job sends to the city's platform, gongkai.handover)."""
    start = datetime.date(year, month, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    qs = documents_visible_to(user) if user is not None else Document.objects.all()
    versions = DocumentVersion.objects.filter(
        document__in=qs,
        published_at__date__gte=start,
        published_at__date__lt=end,
    )
    new_docs = [
        v.document
        for v in versions.filter(number=1).select_related("document__unit", "document__topic")
        if v.document.state != State.WITHDRAWN
    ]
    rows = []
    for d in new_docs:
        rows.append(
            {
                "index_number": d.index_number,
                "title": d.live.title if d.live else d.title,
                "doc_number": d.doc_number,
                "issuers": "、".join(i.name for i in d.issuers.all()),
                "written_on": d.written_on.isoformat() if d.written_on else "",
                "published_on": d.published_on.isoformat() if d.published_on else "",
                "doc_kind": d.doc_kind,
                "topic": d.topic.path if d.topic else "",
                "validity": d.validity,
                "url": f"/xxgk/documents/{d.pk}/",
            }
        )
    return {
        "month": f"{year}-{month:02d}",
        "generated_at": timezone.now().isoformat(),
        "counts": {
            "information_updates": versions.count(),  # every published version
            "document_updates": sum(1 for d in new_docs if d.doc_kind != "政策解读"),
            "interpretations": sum(1 for d in new_docs if d.is_interpretation),
        },
        "documents": list(rows),
    }


def filing_xlsx(report: dict[str, Any]) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = "新增文件"
    ws.append([label for _, label in FILING_COLUMNS])
    for row in report["documents"]:
        ws.append([row[key] for key, _ in FILING_COLUMNS])
    counts = wb.create_sheet("更新统计")
    counts.append(["月份", report["month"]])
    counts.append(["信息更新数", report["counts"]["information_updates"]])
    counts.append(["文件更新数", report["counts"]["document_updates"]])
    counts.append(["政策解读数", report["counts"]["interpretations"]])
    return xlsx_bytes(wb)


def rereview_candidates(user: User) -> QuerySet[Document]:
    return (
        documents_visible_to(user)
        .filter(written_on__gte=REREVIEW_SINCE)
        .filter(
            disclosure_mode__in=[
                DisclosureMode.ON_REQUEST,
                DisclosureMode.NOT_DISCLOSED,
                DisclosureMode.UNDETERMINED,
            ]
        )
        .exclude(state=State.WITHDRAWN)
        .order_by("written_on")
    )


def rereview_bulk(
    *,
    actor: User,
    ids: list[int],
    mode: str,
    basis: str = "",
    versions: dict[int, int] | None = None,
) -> int:
    """Bulk re-determination. Converting to 主动公开 returns the document to draft so that it is
    published only after a fresh review (先审查、后公开). ``versions``: each selected document's
    version as the page showed it; if any was changed or re-determined since, nothing is
    written (optimistic concurrency)."""
    if mode not in DisclosureMode.values or mode == DisclosureMode.UNDETERMINED:
        raise ValidationFailed(["请选择新的公开属性"])
    if mode != DisclosureMode.PROACTIVE and not basis.strip():
        raise ValidationFailed(["依申请公开或不予公开须写明依据"])
    if not ids:
        raise ValidationFailed(["请至少勾选一件文件"])
    n = 0
    with transaction.atomic():
        docs = list(rereview_candidates(actor).filter(pk__in=ids).select_for_update(of=("self",)))
        if versions is not None:
            found = {d.pk: d for d in docs}
            stale = [
                found[i].title if i in found else f"编号 {i}"
                for i in ids
                if i not in found or found[i].version != versions.get(i)
            ]
            if stale:
                raise ConflictError(
                    f"保存失败：在您选择之后，{'、'.join(stale)}已被他人修改或重新认定，"
                    "本次没有认定任何文件。请刷新页面查看最新内容后再修改。"
                )
        for doc in docs:
            require(actor, Perm.REVIEW, doc.unit)
            before = {"disclosure_mode": doc.disclosure_mode, "state": doc.state}
            doc.disclosure_mode = mode
            doc.disclosure_basis = basis.strip() if mode != DisclosureMode.PROACTIVE else ""
            if mode == DisclosureMode.PROACTIVE and doc.state in (State.APPROVED, State.SUBMITTED):
                doc.state = State.DRAFT
            doc.version += 1
            doc.save(
                update_fields=[
                    "disclosure_mode",
                    "disclosure_basis",
                    "state",
                    "version",
                    "updated_at",
                ]
            )
            audit_record(
                actor=actor,
                action="document.rereview",
                obj_type="document",
                obj_id=doc.pk,
                obj_label=doc.title,
                unit=doc.unit,
                before=before,
                after={"disclosure_mode": mode, "basis": doc.disclosure_basis, "state": doc.state},
            )
            n += 1
    return n
