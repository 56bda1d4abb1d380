"""The current FAQ list for service windows (seed 002 row 16: 咨询知识库推送到服务窗口):
one spreadsheet, one row per public entry, grouped by topic."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from gongkai.faq.models import FaqEntry

COLUMNS = ("序号", "主题", "问题", "答复", "相关政策文件", "负责机构", "有效期", "网址")

# a cell starting with one of these is a formula to a spreadsheet program: quote it
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def validity_text(e: FaqEntry) -> str:
    if e.valid_from and e.valid_until:
        return f"{e.valid_from:%Y-%m-%d} 至 {e.valid_until:%Y-%m-%d}"
    if e.valid_from:
        return f"{e.valid_from:%Y-%m-%d} 起"
    if e.valid_until:
        return f"至 {e.valid_until:%Y-%m-%d}"
    return "长期"


def rows(entries: Iterable[FaqEntry], base_url: str = "") -> list[list[object]]:
    out: list[list[object]] = []
    for i, e in enumerate(entries, start=1):
        docs = "；".join(f"《{d.title}》" for d in e.documents.all() if d.is_public)
        out.append(
            [
                i,
                e.topic or "其他",
                e.question,
                e.answer,
                docs,
                e.unit.name,
                validity_text(e),
                base_url + reverse("faq:entry", args=[e.pk]),
            ]
        )
    return out


def faq_xlsx(entries: Iterable[FaqEntry], base_url: str = "") -> bytes:
    from openpyxl.styles import Alignment, Font

    from gongkai.core.spreadsheet import new_workbook, xlsx_bytes

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "常见问题"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows(entries, base_url):
        ws.append([_safe(v) if isinstance(v, str) else v for v in row])
    for col, width in zip("ABCDEFGH", (6, 14, 36, 70, 36, 20, 22, 40), strict=True):
        ws.column_dimensions[col].width = width
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    info.append(["导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    info.append(["范围", "导出时已发布且在有效期内的常见问题"])
    return xlsx_bytes(wb)
