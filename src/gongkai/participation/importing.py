"""``gongkai import decisions FILE --unit CODE --year YYYY``: a 重大行政决策事项目录 kept as a
table (XLSX or CSV, the headers people use), imported whole or not at all, errors by line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.core.importers import cli_file, cli_import, cli_unit
from gongkai.org.tabular import read_table

# field → the header variants accepted (first match wins)
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("决策事项", "事项名称", "重大行政决策事项", "决策事项名称"),
    "lead_unit": ("承办单位", "承办部门", "决策承办单位"),
    "legal_basis": ("决策依据", "法律依据", "依据"),
    "planned_timing": ("计划完成时间", "计划时间", "完成时限", "时间安排"),
    "hearing": ("听证", "是否听证", "拟听证"),
    "expert_review": ("专家论证", "是否专家论证"),
    "risk_assessment": ("风险评估", "是否风险评估"),
}
YES = {"是", "√", "✓", "需要", "拟", "y", "yes", "1", "true"}
NO = {"", "否", "×", "不需要", "n", "no", "0", "false", "/", "—", "-"}


def parse_items(path: Path) -> list[dict[str, Any]]:
    table = read_table(path)
    column: dict[str, str] = {}
    for field, variants in HEADERS.items():
        for v in variants:
            if v in table.headers:
                column[field] = v
                break
    missing = [HEADERS[f][0] for f in ("name", "lead_unit") if f not in column]
    if missing:
        raise ValidationFailed([f"第1行（表头）：缺少“{m}”列" for m in missing])
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    for line, row in table.rows:
        item: dict[str, Any] = {}
        for field, header in column.items():
            value = row.get(header, "").strip()
            if field in ("hearing", "expert_review", "risk_assessment"):
                if value.lower() in YES:
                    item[field] = True
                elif value.lower() in NO:
                    item[field] = False
                else:
                    problems.append(f"第{line}行：“{header}”应填“是”或“否”，现为“{value}”")
            else:
                item[field] = value
        if not item.get("name"):
            problems.append(f"第{line}行：“{column['name']}”不能为空")
        if not item.get("lead_unit"):
            problems.append(f"第{line}行：“{column['lead_unit']}”不能为空")
        items.append(item)
    if problems:
        raise ValidationFailed(problems)
    if not items:
        raise ValidationFailed(["表中没有决策事项"])
    return items


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="重大行政决策事项目录（XLSX 或 CSV）")
    parser.add_argument("--unit", required=True, help="机构代码")
    parser.add_argument("--year", required=True, type=int, help="目录年度")


def handle(options: dict[str, Any], stdout: Any) -> None:
    from gongkai.participation.services import catalogue_save

    unit = cli_unit(options["unit"])
    path = cli_file(options["file"])
    with cli_import():
        items = parse_items(path)
        cat = catalogue_save(actor=None, unit=unit, year=options["year"], items=items, system=True)
    stdout.write(
        f"已导入 {unit.name}{cat.year}年度重大行政决策事项目录：{len(items)} 项（待审核公布）。"
    )
