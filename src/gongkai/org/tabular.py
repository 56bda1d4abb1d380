"""Reading the tables people keep (CSV, XLSX, DOCX) with Chinese headers, with line numbers.

``read_table`` is the simple reader (first row is the header, CSV/XLSX). ``read_records`` is the
general one: merged cells, header variants, category and continuation rows, Word tables.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
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


# ---------------------------------------------------------------------------------------------
# The one table reader (docs/architecture.md "Shared parts"): a grid of cells from CSV, XLSX or
# DOCX with merged cells filled, header variants mapped to canonical keys, category rows and
# continuation rows told apart, and line-numbered Chinese problems. Work plans, catalogues,
# thematic columns and 12345 imports read their files through ``read_records``.
# ---------------------------------------------------------------------------------------------

MAX_HEADER_SCAN = 12  # the header row is looked for among the first rows (titles come first)


@dataclass
class GridRow:
    """One row of a file, every cell a string. ``line`` is what the user sees: the spreadsheet
    row number, or the row number inside the Word table. ``from_above[j]`` / ``from_left[j]``
    say the cell is a copy of a merged cell above / to the left."""

    line: int
    cells: list[str]
    from_above: list[bool]
    from_left: list[bool]


@dataclass
class Grid:
    rows: list[GridRow]
    where: str = ""  # "第2个表格" for DOCX, the sheet name for XLSX: used in messages


def _grid_csv(raw: bytes, name: str) -> list[Grid]:
    """The CSV as one grid, decoded and bounded as ``read_table`` does (decode_text, _csv_rows)."""
    rows = []
    for i, values in enumerate(_csv_rows(decode_text(raw, name=name)), start=1):
        cells = [_cell(v) for v in values]
        rows.append(GridRow(i, cells, [False] * len(cells), [False] * len(cells)))
    return [Grid(rows)]


def _grid_xlsx(raw: bytes, name: str) -> list[Grid]:
    import openpyxl

    from gongkai.core.archives import open_zip

    shown = Path(name).name
    open_zip(raw, name=shown)  # core.archives' caps; a Chinese refusal of what is not a ZIP
    try:  # not read-only: merged cell ranges are only known to a fully loaded sheet
        wb = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file; its words are English
        raise ValidationFailed(
            [
                f"文件“{shown}”无法作为 Excel 工作簿读取（已损坏或不是 .xlsx）：请用 Excel 或 WPS 另存为 .xlsx 后再导入"
            ]
        ) from exc
    grids = []
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS + MAX_HEADER_SCAN:
            raise ValidationFailed([f"工作表“{ws.title}”超过 {MAX_ROWS} 行，请分批导入"])
        values = [[_cell(c) for c in row] for row in ws.iter_rows(values_only=True)]
        for line, cells in enumerate(values, start=1):
            if any(len(v) > MAX_CELL_CHARS for v in cells):
                raise ValidationFailed(
                    [f"第 {line} 行：有单元格超过 {MAX_CELL_CHARS} 个字符：请缩短或拆分后再导入"]
                )
        width = max((len(r) for r in values), default=0)
        values = [r + [""] * (width - len(r)) for r in values]
        above = [[False] * width for _ in values]
        left = [[False] * width for _ in values]
        for rng in ws.merged_cells.ranges:
            top, first = rng.min_row - 1, rng.min_col - 1
            if top >= len(values) or first >= width:
                continue
            value = values[top][first]
            for r in range(top, min(rng.max_row, len(values))):
                for c in range(first, min(rng.max_col, width)):
                    if (r, c) == (top, first):
                        continue
                    values[r][c] = value
                    above[r][c] = r > top
                    left[r][c] = r == top or c > first
        rows = [GridRow(i + 1, v, above[i], left[i]) for i, v in enumerate(values)]
        grids.append(Grid(rows, where=f"工作表“{ws.title}”"))
    wb.close()
    return grids


def _grid_docx(raw: bytes, name: str) -> list[Grid]:
    import docx

    from gongkai.core.archives import open_zip

    shown = Path(name).name
    open_zip(raw, name=shown)
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise ValidationFailed(
            [f"文件“{shown}”无法作为 Word 文档读取（已损坏或不是 .docx）：请另存为 .docx 后再导入"]
        ) from exc
    grids = []
    for t, table in enumerate(document.tables, start=1):
        cell_rows = [list(row.cells) for row in table.rows]
        width = max((len(r) for r in cell_rows), default=0)
        rows = []
        for i, cells in enumerate(cell_rows):
            texts, above, left = [], [], []
            for j, cell in enumerate(cells):
                texts.append(cell.text.strip())
                left.append(j > 0 and cell._tc is cells[j - 1]._tc)
                prev = cell_rows[i - 1] if i else []
                above.append(j < len(prev) and cell._tc is prev[j]._tc)
            pad = width - len(texts)
            rows.append(
                GridRow(i + 1, texts + [""] * pad, above + [False] * pad, left + [False] * pad)
            )
        grids.append(Grid(rows, where=f"第{t}个表格"))
    if not grids:
        raise ValidationFailed(["Word 文件中没有表格：请把任务放在表格中"])
    return grids


def read_grids(path: Path | str, *, content: bytes | None = None) -> list[Grid]:
    """Every sheet (XLSX) or table (DOCX) of a file, or the one grid of a CSV, merges filled."""
    name = str(path).lower()
    raw = content if content is not None else Path(path).read_bytes()
    if name.endswith((".csv", ".xlsx", ".docx")) and not raw:
        raise ValidationFailed([f"文件“{Path(str(path)).name}”是空的：第一行应为表头"])
    if name.endswith(".csv"):
        grids = _grid_csv(raw, str(path))
        if not any(any(r.cells) for r in grids[0].rows):
            raise ValidationFailed([f"文件“{Path(str(path)).name}”是空的：第一行应为表头"])
        return grids
    if name.endswith(".xlsx"):
        return _grid_xlsx(raw, str(path))
    if name.endswith(".docx"):
        return _grid_docx(raw, str(path))
    raise ValidationFailed([f"不支持的文件类型“{Path(name).suffix}”：请使用 .csv、.xlsx 或 .docx"])


def _norm_header(text: str) -> str:
    return re.sub(r"[\s*＊:：()（）]", "", text)


@dataclass(frozen=True)
class Column:
    """A canonical column: ``key`` and the header texts people use for it."""

    key: str
    label: str  # how messages name it
    variants: tuple[str, ...]


@dataclass
class Record:
    """One row mapped to canonical keys. ``kind`` is "row", "category" (a heading row such as
    一、… merged across the table) or "continuation" (a row without a number that goes on from
    the row above); ``merged`` holds the keys whose value was copied from a merged cell above."""

    line: int
    values: dict[str, str]
    kind: str = "row"
    merged: frozenset[str] = frozenset()


@dataclass
class Records:
    columns: dict[str, int]  # canonical key → column index
    headers: list[str]
    records: list[Record]
    where: str = ""


def match_headers(headers: list[str], columns: list[Column]) -> dict[str, int]:
    """Canonical key → column index for the headers that match a variant (first match wins)."""
    found: dict[str, int] = {}
    normed = [_norm_header(h) for h in headers]
    for col in columns:
        variants = [_norm_header(v) for v in col.variants]
        for j, h in enumerate(normed):
            if h in variants and j not in found.values():
                found[col.key] = j
                break
    return found


_CATEGORY_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def records_from_grid(
    grid: Grid, columns: list[Column], *, required: tuple[str, ...], number_key: str = ""
) -> Records | None:
    """Map ``grid`` to records if a header row holding every ``required`` key is found among its
    first rows; None otherwise. Rows above the header (titles, a group header) are skipped."""
    header_at = -1
    found: dict[str, int] = {}
    for i, row in enumerate(grid.rows[:MAX_HEADER_SCAN]):
        found = match_headers(row.cells, columns)
        if all(k in found for k in required):
            header_at = i
            break
    if header_at < 0:
        return None
    records: list[Record] = []
    for row in grid.rows[header_at + 1 :]:
        cells = row.cells
        if not any(cells):
            continue
        if match_headers(cells, columns) == found:
            continue  # the header repeated on a new page
        values = {k: (cells[j] if j < len(cells) else "") for k, j in found.items()}
        merged = frozenset(k for k, j in found.items() if j < len(cells) and row.from_above[j])
        filled = [j for j, c in enumerate(cells) if c]
        text = cells[filled[0]]
        # A heading merged across the row, or a lone "一、…" / "（一）…" in an unmerged file.
        merged_across = len(filled) > 1 and all(
            cells[j] == text and row.from_left[j] for j in filled[1:]
        )
        heading = bool(_CATEGORY_RE.match(text))
        number = values.get(number_key, "") if number_key else ""
        if (merged_across and (heading or not number)) or (len(filled) == 1 and heading):
            kind = "category"
            values = dict.fromkeys(found, "") | {"_text": text}
        elif number_key and (not number or number_key in merged):
            kind = "continuation"
        else:
            kind = "row"
        records.append(Record(row.line, values, kind, merged))
    return Records(found, grid.rows[header_at].cells, records, grid.where)


def read_records(
    path: Path | str,
    columns: list[Column],
    *,
    required: tuple[str, ...],
    number_key: str = "",
    content: bytes | None = None,
) -> Records:
    """The first sheet or table of the file whose header row names every ``required`` column,
    as records keyed by canonical column keys. Refuses the file, naming what to fix, when no
    table has the required columns."""
    grids = read_grids(path, content=content)
    for grid in grids:
        result = records_from_grid(grid, columns, required=required, number_key=number_key)
        if result is not None:
            if len(result.records) > MAX_ROWS:
                raise ValidationFailed([f"文件超过 {MAX_ROWS} 行，请分批导入"])
            if not result.records:
                raise ValidationFailed(["文件只有表头，没有任何数据行：请在表头下填写要导入的内容"])
            return result
    labels = {c.key: c for c in columns}
    need = "；".join(
        f"{labels[k].label}（可写作：{'、'.join(labels[k].variants)}）" for k in required
    )
    raise ValidationFailed([f"文件中没有找到包含所需表头的表格：表头应包含 {need}"])


def line_problem(where: str, line: int, message: str) -> str:
    """A problem message naming the row as the user sees it: "第2个表格第5行：…"."""
    return f"{where}第{line}行：{message}" if where else f"第{line}行：{message}"


@contextmanager
def all_or_nothing(*, dry_run: bool = False) -> Iterator[None]:
    """One transaction for a whole import: an exception writes nothing, and a dry run is
    rolled back after everything was checked (so it reports exactly what a real run would)."""
    from django.db import transaction

    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)
