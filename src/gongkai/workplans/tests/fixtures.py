"""Builders for the seed fixtures: unit trees and XLSX/DOCX files made from seed_tables."""

from __future__ import annotations

import io

import docx
import openpyxl

from gongkai.org.models import Unit
from gongkai.testing import make_unit
from gongkai.workplans.tests.seed_tables import SEED_002, SEED_003, SEED_004

# Seed 002: 上海市经济和信息化委员会 and its divisions.
DIVISIONS_002 = [
    "办公室",
    "政策研究和法规处",
    "中小企业办",
    "综合规划处",
    "产业园区和结构调整处",
    "技术进步处",
    "智能制造推进处",
    "重大装备产业处",
    "节能和综合利用处",
    "生产性服务业处",
    "电子信息产业处",
    "软件和信息服务业处",
    "信息化推进处",
]
# Seed 003: 市科技局 and its divisions.
DIVISIONS_003 = [
    "办公室",
    "科技信息研究所",
    "政策法规与创新体系建设处",
    "高新技术处",
    "外国专家服务处",
    "科技人才与创新服务处",
    "资源配置与管理处",
    "发展规划处",
]
# Seed 004: 宝山区 departments, named as the plan names them (short names).
DEPTS_004 = [
    "区政府办公室",
    "区融媒体中心",
    "区信息委",
    "区行政服务中心",
    "区发展改革委",
    "区经委",
    "区商务委",
    "区科委",
    "区滨江委",
    "区财政局",
    "区新闻办",
    "区信访办",
    "区网格化管理中心",
    "区卫生健康委",
    "区市场监管局",
    "区住房保障房屋管理局",
    "区教育局",
    "区民政局",
    "区医保局",
    "区绿化市容局",
    "区机管局",
    "区建设管理委",
    "区水务局",
    "区民防办",
    "区交通委",
    "区公安分局",
    "区司法局",
    "区人力资源社会保障局",
    "区规划资源局",
    "区生态环境局",
    "区农业农村委",
    "区文化旅游局",
    "区应急局",
    "区国资委",
    "区城管执法局",
    "区税务局",
    "区审计局",
    "区体育局",
    "区公务员局",
]


def tree(
    prefix: str, body_name: str, names: list[str], *, short_full: bool = False
) -> dict[str, Unit]:
    """A body and units below it; returns name → unit. With ``short_full`` the plan's names are
    short names and the full names carry the place (区政府办公室 → 宝山区人民政府办公室)."""
    body = make_unit(prefix, body_name, kind="government" if short_full else "department")
    out = {"": body}
    for i, name in enumerate(names, start=1):
        if short_full:
            full = "宝山" + name[0] + ("人民政府办公室" if name == "区政府办公室" else name[1:])
            out[name] = make_unit(
                f"{prefix}-{i:02d}", full, body, short_name=name, kind="department"
            )
        else:
            out[name] = make_unit(f"{prefix}-{i:02d}", name, body, kind="division")
    return out


def _save(wb: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_002() -> bytes:
    """Seed 002's table as the committee keeps it: a title row, then 序号/任务名称/任务内容/责任/
    时间节点, the task name (and for 39-41 the responsibility) merged over the rows it covers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2023年上海市经济和信息化委员会政务公开工作要点任务分解表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "任务名称", "任务内容", "责任", "时间节点"])
    start = {1: 3, 3: 3}  # column → first row of the current merge
    for r, (n, name, content, resp, due) in enumerate(SEED_002, start=3):
        ws.append([n, name, content, resp, due])
        for col, value in ((2, name), (4, resp)):
            if value is None:
                continue
            if r - 1 > start.get(col, r):
                ws.merge_cells(
                    start_row=start[col], start_column=col, end_row=r - 1, end_column=col
                )
            start[col] = r
    last = 2 + len(SEED_002)
    for col in (2, 4):
        if last > start[col]:
            ws.merge_cells(start_row=start[col], start_column=col, end_row=last, end_column=col)
    return _save(wb)


def docx_003() -> bytes:
    """Seed 003's table as a Word document: a grouped two-row header, 目标 merged down."""
    d = docx.Document()
    d.add_paragraph("市科技局落实市政府2019年政务公开工作任务分解表")
    t = d.add_table(rows=2 + len(SEED_003), cols=10)
    g1 = t.cell(0, 0).merge(t.cell(0, 4))
    g1.text = "市政府2019年政务公开任务分工情况"
    g2 = t.cell(0, 5).merge(t.cell(0, 9))
    g2.text = "我局任务落实分解情况"
    for j, h in enumerate(
        [
            "目标",
            "序号",
            "任务",
            "要求",
            "责任单位",
            "牵头处室",
            "配合处室",
            "责任人",
            "完成措施",
            "完成时限",
        ]
    ):
        t.cell(1, j).text = h
    top = 2
    for i, row in enumerate(SEED_003, start=2):
        for j, value in enumerate(row[1:], start=1):
            t.cell(i, j).text = value or ""
        if row[0] is not None:
            t.cell(i, 0).text = row[0]
            top = i
        elif i > top:
            merged = t.cell(top, 0).merge(t.cell(i, 0))
            merged.text = SEED_003[top - 2][0] or ""
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def xlsx_004() -> bytes:
    """Seed 004's 61 items as a table: 序号 and 工作任务, headings as merged rows, the units
    written inside each task's text."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["序号", "工作任务"])
    for key, text in SEED_004:
        if isinstance(key, int):
            ws.append([key, text])
        else:
            ws.append([text])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=2)
    return _save(wb)
