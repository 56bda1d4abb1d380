"""Export of a plan: JSON (the keys the issue fixes) and XLSX in the usual table layout, with
the progress columns, ready to be next year's starting point and to be imported again."""

from __future__ import annotations

from typing import Any

from gongkai.workplans.models import Role, Status, WorkPlan
from gongkai.workplans.selectors import tasks_of

XLSX_HEADERS = [
    "序号",
    "任务",
    "具体要求",
    "牵头单位",
    "责任单位",
    "配合单位",
    "责任人",
    "完成措施",
    "完成时限",
    "状态",
    "进展情况",
    "存在问题",
    "下一步举措",
]


def plan_json(plan: WorkPlan) -> list[dict[str, Any]]:
    out = []
    for t in tasks_of(plan):
        units: dict[str, list[str]] = {r: [] for r in Role.values}
        for tu in t.task_units.all():
            if tu.unit is not None and tu.unit.code not in units[tu.role]:
                units[tu.role].append(tu.unit.code)
        out.append(
            {
                "n": t.number,
                "category": t.category,
                "task": t.task,
                "requirement": t.requirement,
                "lead": t.lead_text,
                "resp": t.resp_text,
                "coop": t.coop_text,
                "person": t.person,
                "measures": t.measures,
                "due": t.due_written,
                "due_date": t.due_date.isoformat() if t.due_date else None,
                "units": units,
            }
        )
    return out


def plan_xlsx(plan: WorkPlan) -> bytes:
    from openpyxl.styles import Alignment, Font

    from gongkai.core.spreadsheet import new_workbook, xlsx_bytes

    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = str(plan.year)
    width = len(XLSX_HEADERS)
    ws.append([plan.title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.append(XLSX_HEADERS)
    for c in range(1, width + 1):
        ws.cell(2, c).font = Font(bold=True)
    path: list[str] = []
    for t in tasks_of(plan):
        levels = [p for p in t.category.split(" / ") if p] if t.category else []
        for depth, heading in enumerate(levels):
            if depth < len(path) and path[depth] == heading:
                continue
            ws.append([heading])
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            ws.cell(r, 1).font = Font(bold=True)
            path = [*levels[:depth], heading]
        path = levels
        reports = list(t.reports.all())
        latest = reports[0] if reports else None
        ws.append(
            [
                t.number,
                t.task,
                t.requirement,
                t.lead_text,
                t.resp_text,
                t.coop_text,
                t.person,
                t.measures,
                t.due_written,
                Status(t.status).label,
                latest.text if latest else "",
                latest.problems if latest else "",
                latest.next_steps if latest else "",
            ]
        )
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, w in zip(
        "ABCDEFGHIJKLM", [6, 30, 40, 16, 20, 16, 10, 30, 12, 8, 30, 20, 20], strict=True
    ):
        ws.column_dimensions[letter].width = w
    return xlsx_bytes(wb)
