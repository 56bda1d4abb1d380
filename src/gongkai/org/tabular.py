"""Reading CSV and XLSX files with Chinese headers into rows of strings, with line numbers."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.core.errors import ValidationFailed

MAX_ROWS = 200_000
# One cell, in characters: the csv module's own field limit, stated here and applied to XLSX cells
# too, so an over-long cell is refused with its line, not a csv traceback (docs/decisions/0007).
MAX_CELL_CHARS = 131_072
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


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


def decode_text(raw: bytes, *, name: str) -> str:
    """A text file's content: UTF-8 (with or without BOM), UTF-16/32 with a BOM, or GBK/GB18030
    (what Excel and WPS save by default on Chinese Windows). Anything else is refused in Chinese
    rather than read as mojibake."""
    text = "\x00"  # refused below unless a decoding succeeds
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            with contextlib.suppress(UnicodeDecodeError):
                text = raw.decode(codec)
            break
    else:
        for codec in ("utf-8", "gb18030"):
            try:
                text = raw.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    if "\x00" not in text:  # a NUL: UTF-16 without its BOM, or a binary file
        return text
    raise ValidationFailed(
        [f"文件“{Path(name).name}”的编码无法识别：请另存为 UTF-8（或 GBK）编码的文本文件后再导入"]
    )


def open_xlsx(raw: bytes, *, name: str) -> Any:
    """An openpyxl workbook (read-only, values), after the archive passed core.archives' caps;
    an empty, corrupt or non-Excel file is refused in Chinese."""
    import openpyxl

    from gongkai.core.archives import open_zip

    shown = Path(name).name
    if not raw:
        raise ValidationFailed([f"文件“{shown}”是空的：第一行应为表头"])
    open_zip(raw, name=shown)  # the caps, and a Chinese refusal of what is not a ZIP at all
    try:
        return openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file; its words are English
        raise ValidationFailed(
            [
                f"文件“{shown}”无法作为 Excel 工作簿读取（已损坏或不是 .xlsx）：请用 Excel 或 WPS 另存为 .xlsx 后再导入"
            ]
        ) from exc


def _csv_rows(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            raise ValidationFailed(
                [f"第 {line} 行：有单元格超过 {MAX_CELL_CHARS} 个字符：请缩短或拆分后再导入"]
            ) from exc
        raise ValidationFailed(
            [f"第 {line} 行：CSV 格式有误（如引号不成对或含有空字符）：请检查后再导入"]
        ) from exc
    return rows


def read_table(path: Path | str, *, content: bytes | None = None) -> Table:
    name = str(path).lower()
    raw = content if content is not None else Path(path).read_bytes()
    if name.endswith(".csv"):
        all_rows = _csv_rows(decode_text(raw, name=str(path)))
    elif name.endswith(".xlsx"):
        wb = open_xlsx(raw, name=str(path))
        ws = wb.worksheets[0]
        all_rows = [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)]
        wb.close()
        for line, values in enumerate(all_rows, start=1):
            if any(len(v) > MAX_CELL_CHARS for v in values):
                raise ValidationFailed(
                    [f"第 {line} 行：有单元格超过 {MAX_CELL_CHARS} 个字符：请缩短或拆分后再导入"]
                )
    else:
        raise ValidationFailed([f"不支持的文件类型“{Path(name).suffix}”：请使用 .csv 或 .xlsx"])
    if not all_rows:
        raise ValidationFailed(["文件是空的：第一行应为表头"])
    headers = [_cell(h) for h in all_rows[0]]
    if len(all_rows) - 1 > MAX_ROWS:
        raise ValidationFailed([f"文件超过 {MAX_ROWS} 行，请分批导入"])
    rows: list[tuple[int, dict[str, str]]] = []
    for i, values in enumerate(all_rows[1:], start=2):
        cells = [_cell(v) for v in values]
        if not any(cells):
            continue
        rows.append(
            (i, {h: (cells[j] if j < len(cells) else "") for j, h in enumerate(headers) if h})
        )
    if not rows:
        raise ValidationFailed(["文件只有表头，没有任何数据行：请在表头下填写要导入的内容"])
    return Table(headers=headers, rows=rows)
