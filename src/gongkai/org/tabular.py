"""Reading CSV and XLSX files with Chinese headers into rows of strings, with line numbers."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.errors import ValidationFailed

MAX_ROWS = 200_000


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number as the user sees it, values)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path | str, *, content: bytes | None = None) -> Table:
    name = str(path).lower()
    raw = content if content is not None else Path(path).read_bytes()
    if name.endswith(".csv"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError as exc:
                raise ValidationFailed(["文件编码无法识别：请另存为 UTF-8 编码的 CSV"]) from exc
        reader = csv.reader(io.StringIO(text))
        all_rows = list(reader)
    elif name.endswith(".xlsx"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationFailed([f"无法读取 Excel 文件：{exc}"]) from exc
        ws = wb.worksheets[0]
        all_rows = [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        raise ValidationFailed([f"不支持的文件类型“{Path(name).suffix}”：请使用 .csv 或 .xlsx"])
    if not all_rows:
        raise ValidationFailed(["文件是空的：第一行应为表头"])
    headers = [_cell(h) for h in all_rows[0]]
    if len(all_rows) - 1 > MAX_ROWS:
        raise ValidationFailed([f"文件超过 {MAX_ROWS} 行，请分批导入"])
    rows = []
    for i, values in enumerate(all_rows[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append(
            (i, {h: (cells[j] if j < len(cells) else "") for j, h in enumerate(headers) if h})
        )
    return Table(headers=headers, rows=rows)
