"""The one spreadsheet writer (CSV and XLSX) every export of the platform uses.

A cell that a spreadsheet program would evaluate is neutralised (formula or CSV injection,
OWASP): text beginning with = + - @, a tab or a carriage return (and their full-width forms,
which Chinese spreadsheet programs also accept) is written as text. In CSV it gets a leading
apostrophe; in XLSX it is stored as a text cell with the "quote prefix" style, so it shows exactly
as typed and is never a formula. Numbers and dates stay numbers and dates. Bidi control characters
are neutralised as on the pages (core.text).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from gongkai.core.text import neutralise_bidi

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value)


def safe_text(value: str) -> str:
    """One CSV cell's text: a leading apostrophe before anything a spreadsheet would evaluate."""
    value = neutralise_bidi(value)
    return "'" + value if is_formula_like(value) else value


def _csv_cell(value: Any) -> str:
    return "" if value is None else safe_text(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """A CSV file (UTF-8 with BOM, which Excel needs for Chinese), line by line, every cell
    neutralised; for StreamingHttpResponse or "".join."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([_csv_cell(c) for c in header])
    for row in rows:
        yield writer.writerow([_csv_cell(c) for c in row])


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    return "".join(csv_lines(header, rows))


def new_workbook() -> Any:
    """An empty openpyxl workbook; save it with xlsx_bytes()."""
    import openpyxl

    return openpyxl.Workbook()


def xlsx_bytes(wb: Any) -> bytes:
    """Save a workbook after neutralising every text cell a spreadsheet would evaluate."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if not isinstance(value, str):
                    continue
                clean = neutralise_bidi(value)
                if clean != value:
                    cell.value = clean
                if is_formula_like(clean):
                    cell.data_type = "s"  # text, even if it begins with "="
                    cell.quotePrefix = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
