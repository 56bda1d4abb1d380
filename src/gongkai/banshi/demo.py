"""Demo blank forms: a small real DOCX or XLSX for each demo material that names a form, uploaded
through blank_form_set, so "下载空白表格" works on a machine without the network."""

from __future__ import annotations

import io

from gongkai.banshi.models import ServiceItem
from gongkai.banshi.services import blank_form_set
from gongkai.org.models import User


def blank_docx(title: str, fields: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    table = doc.add_table(rows=len(fields), cols=2)
    table.style = "Table Grid"
    for row, label in zip(table.rows, fields, strict=True):
        row.cells[0].text = label
    doc.add_paragraph("申请人（签章）：　　　　　　　　日期：　　年　　月　　日")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def blank_xlsx(title: str, columns: list[str]) -> bytes:
    from gongkai.core.spreadsheet import new_workbook, xlsx_bytes

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append([title])
    ws.append(columns)
    for n in range(1, 11):
        ws.append([n])
    return xlsx_bytes(wb)


# what each kind of form asks for
FIELDS = [
    "申请单位（个人）名称",
    "统一社会信用代码（身份证号码）",
    "联系人",
    "联系电话",
    "地址",
    "申请事项",
    "申请理由",
]
ROSTER = ["序号", "姓名", "身份证号码", "岗位", "劳动合同起始日期", "参保状态"]


def attach_demo_forms(item: ServiceItem, actor: User) -> int:
    """A blank form for every material of ``item`` that names one (its address's file name
    says DOCX or XLSX); idempotent: a material that has its form is left alone."""
    done = 0
    for m in item.materials:
        url = m.get("form_url") or ""
        if not url or item.blank_forms.filter(material=m["name"]).exists():
            continue
        if url.endswith(".xlsx"):
            name, data = f"{m['name']}.xlsx", blank_xlsx(m["name"], ROSTER)
        else:
            name, data = f"{m['name']}.docx", blank_docx(m["name"], FIELDS)
        item.refresh_from_db()
        blank_form_set(
            actor=actor, item=item, material=m["name"], name=name, data=data, version=item.version
        )
        done += 1
    return done
