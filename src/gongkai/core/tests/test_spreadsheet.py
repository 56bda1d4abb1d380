"""The one spreadsheet writer: formula cells neutralised in CSV and XLSX (issue 13 finding 2)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from gongkai.core.spreadsheet import csv_text, new_workbook, xlsx_bytes

SRC = Path(__file__).resolve().parents[2]
DANGEROUS = ["=1+1", "+1", "-1+1", "@A1", "\t=1", "\r=1", "＝1", '=HYPERLINK("x")']
HARMLESS = ["一般公共服务支出", "-5", "3.5", "a=b", " =1"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_formula_is_written_as_text_in_csv(value):
    rows = list(csv.reader(io.StringIO(csv_text(["列"], [[value]]).lstrip("\ufeff"))))
    assert rows[1] == ["'" + value]


@pytest.mark.parametrize("value", HARMLESS)
def test_plain_text_and_numbers_are_written_as_they_are(value):
    rows = list(csv.reader(io.StringIO(csv_text(["列"], [[value]]).lstrip("\ufeff"))))
    assert rows[1] == [value]


def test_an_xlsx_formula_cell_becomes_a_quoted_text_cell():
    wb = new_workbook()
    wb.active.append([*DANGEROUS, 12850, "普通文字"])
    wb.create_sheet("二").cell(row=1, column=1, value="=2+2")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(wb)))
    first = next(iter(book.worksheets[0].iter_rows()))
    assert [c.value for c in first[: len(DANGEROUS)]] == DANGEROUS
    assert all(c.data_type == "s" and c.quotePrefix for c in first[: len(DANGEROUS)])
    assert first[-2].value == 12850
    assert first[-2].data_type == "n"
    assert book.worksheets[1]["A1"].data_type == "s"


def test_bidi_controls_are_neutralised_in_both():
    rows = list(csv.reader(io.StringIO(csv_text(["列"], [["invoice\u202efdp.exe"]]))))
    assert rows[1] == ["invoice\ufffdfdp.exe"]
    wb = new_workbook()
    wb.active.append(["a\u2066b"])
    assert openpyxl.load_workbook(io.BytesIO(xlsx_bytes(wb))).active["A1"].value == "a\ufffdb"


def test_every_export_goes_through_the_one_writer():
    """No module but core/spreadsheet.py writes CSV or saves a workbook itself."""
    pattern = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(\)|\bwb\.save\(")
    offenders = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if "tests" not in p.parts
        and p.name != "spreadsheet.py"
        and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
