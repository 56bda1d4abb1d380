"""Import an earlier year's report tables from XLSX (2021 national format, or the 2019 format),
for the carry-over check and year-on-year comparison.

``gongkai import annual-report FILE --unit CODE --year YYYY``. Labels are found wherever they sit
in the sheet (merged cells, any column); each table 三 row takes the last seven numbers of its
line, table 四 the fifteen numbers under its header. The file is taken whole or not at all.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from gongkai.core.errors import ValidationFailed
from gongkai.core.importers import cli_file, cli_import, cli_unit
from gongkai.org.tabular import open_xlsx
from gongkai.reports import layout
from gongkai.reports.compute import Tables, empty_table2, empty_table3, empty_table4

_SIX_2019 = "（六）其他处理"


def norm(text: str) -> str:
    t = re.sub(r"\s+", "", text)
    t = t.replace("(", "（").replace(")", "）")
    t = re.sub(r"[“”\"'‘’]", "", t)
    t = re.sub(r"^(\d+)[．、.]", r"\1.", t)
    return t


_T3 = {norm(label): label for label in layout.T3_LABELS}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            return float(text)
    return None


def _int(value: float) -> int:
    return round(value)


def read_rows(data: bytes, name: str = "年度报告.xlsx") -> list[list[Any]]:
    wb = open_xlsx(data, name=name)  # the archive caps; empty or corrupt files refused in Chinese
    rows: list[list[Any]] = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            rows.append(list(row))
    return rows


def parse(data: bytes, name: str = "年度报告.xlsx") -> tuple[Tables, str]:
    """(tables, format label). Raises ValidationFailed naming what is missing or wrong."""
    rows = read_rows(data, name)
    texts = [[norm(str(v)) if isinstance(v, str) else "" for v in row] for row in rows]
    fmt = "2019" if any("本年新制作数量" in t for row in texts for t in row) else "2021"
    problems: list[str] = []
    t3 = empty_table3()
    found: set[str] = set()
    for i, row in enumerate(rows):
        labels = [_T3[t] for t in texts[i] if t in _T3]
        if not labels and fmt == "2019" and _SIX_2019 in texts[i]:
            labels = ["3.其他"]
        if not labels:
            continue
        label = labels[-1]
        numbers = [n for n in (_number(v) for v in row) if n is not None]
        if len(numbers) < len(layout.T3_COLUMNS):
            problems.append(f"第 {i + 1} 行“{label}”：应有 7 个数字，只找到 {len(numbers)} 个")
            continue
        values = numbers[-len(layout.T3_COLUMNS) :]
        t3[label] = {c: _int(v) for c, v in zip(layout.T3_COLUMNS, values, strict=True)}
        found.add(label)
    missing = [label for label in layout.T3_LABELS if label not in found]
    if fmt == "2019":
        missing = [m for m in missing if not m.startswith(("1.申请人", "2.申请人"))]
    if missing:
        problems.append("表三缺少以下行：" + "、".join(missing))
    t4 = empty_table4()
    head = next((i for i, t in enumerate(texts) if sum(1 for x in t if x == "结果维持") == 3), None)
    if head is None:
        problems.append("未找到表四（应有三组“结果维持 结果纠正 其他结果 尚未审结 总计”）")
    else:
        nums = []
        for row in rows[head + 1 : head + 4]:
            nums = [n for n in (_number(v) for v in row) if n is not None]
            if len(nums) >= 15:
                break
        if len(nums) < 15:
            problems.append(f"第 {head + 2} 行：表四应有 15 个数字")
        else:
            flow = iter(nums[:15])
            for _, label in layout.T4_BLOCKS:
                t4[label] = {c: _int(next(flow)) for c in layout.T4_COLUMNS}
    if problems:
        raise ValidationFailed(problems)
    return Tables(table2=_table2(rows, texts, fmt), table3=t3, table4=t4), fmt


def _table2(rows: list[list[Any]], texts: list[list[str]], fmt: str) -> dict[str, Any]:
    t2 = empty_table2()
    names = {
        layout.T2_RULES: layout.T2_RULES,
        layout.T2_NORMATIVE: layout.T2_NORMATIVE,
        "规范性文件": layout.T2_NORMATIVE,
        layout.T2_LICENSING: layout.T2_LICENSING,
        layout.T2_PENALTY: layout.T2_PENALTY,
        layout.T2_COERCION: layout.T2_COERCION,
        layout.T2_FEES: layout.T2_FEES,
    }
    for i, row in enumerate(rows):
        label = next((names[t] for t in texts[i] if t in names), None)
        if label is None:
            continue
        nums = [n for n in (_number(v) for v in row) if n is not None]
        if label in (layout.T2_RULES, layout.T2_NORMATIVE) and len(nums) >= 3:
            if fmt == "2019":  # 本年新制作数量 | 本年新公开数量 | 对外公开总数量
                t2[label] = {layout.T2_ISSUED: _int(nums[0]), layout.T2_REPEALED: None}
                t2[label][layout.T2_IN_FORCE] = _int(nums[2])
            else:
                t2[label] = {
                    c: _int(v) for c, v in zip(layout.T2_DOC_COLUMNS, nums[:3], strict=True)
                }
        elif label == layout.T2_FEES and nums and fmt == "2021":
            t2[label] = {layout.T2_FEE_AMOUNT: nums[-1]}
        elif label in (layout.T2_LICENSING, layout.T2_PENALTY, layout.T2_COERCION) and nums:
            t2[label] = {layout.T2_DECISIONS: _int(nums[-1])}
    return t2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="往年年度报告表格（XLSX）")
    parser.add_argument("--unit", required=True, help="机构代码")
    parser.add_argument("--year", required=True, type=int, help="报告年度")


def handle(options: dict[str, Any], stdout: Any) -> None:
    from gongkai.reports.services import report_import

    unit = cli_unit(options["unit"])
    path = cli_file(options["file"])
    with cli_import():
        tables, fmt = parse(path.read_bytes(), path.name)
        report_import(
            actor=None,
            unit=unit,
            year=options["year"],
            tables=tables,
            note=f"{path.name}（{fmt}年格式）",
            system=True,
        )
    total = tables.table3[layout.ROW_CARRIED_OUT][layout.TOTAL]
    stdout.write(
        f"{unit.name}{options['year']}年度报告已导入（{fmt}年格式）；结转下年度 {total} 件。\n"
    )
