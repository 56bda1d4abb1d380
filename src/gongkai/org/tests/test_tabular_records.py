"""The one table reader: CSV encodings, XLSX and DOCX merged cells, header variants, category and
continuation rows, line-numbered problems, all-or-nothing and dry runs."""

from __future__ import annotations

import io

import docx
import openpyxl
import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.org.models import Unit
from gongkai.org.services import unit_create
from gongkai.org.tabular import Column, all_or_nothing, read_records, read_table

COLUMNS = [
    Column("n", "序号", ("序号",)),
    Column("task", "任务", ("任务", "工作任务", "任务名称")),
    Column("resp", "责任单位", ("责任单位", "责任处室")),
    Column("due", "完成时限", ("完成时限", "时间节点")),
]


def read(name, content):
    return read_records(name, COLUMNS, required=("task",), number_key="n", content=content)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(encoding):
    text = "序号,任务名称,责任处室,时间节点\n1,公开目录,办公室,全年\n"
    result = read("a.csv", text.encode(encoding))
    assert [(r.line, r.kind, r.values) for r in result.records] == [
        (2, "row", {"n": "1", "task": "公开目录", "resp": "办公室", "due": "全年"})
    ]


def test_the_old_reader_keeps_its_api():
    table = read_table("a.csv", content="代码,名称\nA,甲\n\nB,乙\n".encode())
    assert table.headers == ["代码", "名称"]
    assert table.rows == [(2, {"代码": "A", "名称": "甲"}), (4, {"代码": "B", "名称": "乙"})]


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2023年任务分解表"])  # a title above the header
    ws.merge_cells("A1:D1")
    ws.append(["序号", "工作任务", "责任单位", "完成时限"])
    ws.append(["一、基础工作"])
    ws.merge_cells("A3:D3")
    ws.append([1, "任务甲", "办公室", "全年"])
    ws.append([2, None, "法规处", "3月底前"])  # task merged with the row above
    ws.merge_cells("B4:B5")
    ws.append([None, "（续）补充说明", None, None])  # a continuation row
    wb_bytes = io.BytesIO()
    wb.save(wb_bytes)
    return wb_bytes.getvalue()


def test_xlsx_merged_cells_are_filled_and_rows_are_told_apart():
    result = read("t.xlsx", _xlsx())
    got = [
        (r.line, r.kind, r.values.get("task"), r.values.get("_text"), r.merged)
        for r in result.records
    ]
    assert got == [
        (3, "category", "", "一、基础工作", frozenset()),
        (4, "row", "任务甲", None, frozenset()),
        (5, "row", "任务甲", None, frozenset({"task"})),
        (6, "continuation", "（续）补充说明", None, frozenset()),
    ]


def _docx() -> bytes:
    d = docx.Document()
    other = d.add_table(rows=1, cols=2)  # a first table without the task column
    other.cell(0, 0).text = "联系人"
    t = d.add_table(rows=5, cols=4)
    for j, h in enumerate(["序号", "任务", "责任单位", "完成时限"]):
        t.cell(0, j).text = h
    cat = t.cell(1, 0).merge(t.cell(1, 3))
    cat.text = "（一）广泛宣贯"
    for j, v in enumerate(["1", "宣传", "办公室", "6月30日前"]):
        t.cell(2, j).text = v
    t.cell(3, 0).text = "2"
    t.cell(3, 1).text = "培训"
    resp = t.cell(3, 2).merge(t.cell(4, 2))
    resp.text = "各处室"
    t.cell(4, 0).text = "3"
    t.cell(4, 1).text = "考核"
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_docx_the_first_table_with_the_header_and_its_merged_cells():
    result = read("t.docx", _docx())
    assert result.where == "第2个表格"
    got = [(r.line, r.kind, r.values.get("n"), r.values.get("resp")) for r in result.records]
    assert got == [
        (2, "category", "", ""),
        (3, "row", "1", "办公室"),
        (4, "row", "2", "各处室"),
        (5, "row", "3", "各处室"),
    ]
    assert result.records[0].values["_text"] == "（一）广泛宣贯"
    assert result.records[3].merged == frozenset({"resp"})


def test_a_file_without_the_required_header_is_refused_naming_the_variants():
    with pytest.raises(ValidationFailed) as exc:
        read("a.csv", "名称,单位\n甲,乙\n".encode())
    assert "任务（可写作：任务、工作任务、任务名称）" in exc.value.message


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("a.pdf", b"%PDF", "不支持的文件类型"),
        ("a.xlsx", b"not a zip", "文件“a.xlsx”已损坏"),
        ("a.docx", b"not a zip", "文件“a.docx”已损坏"),
        ("a.xlsx", b"PK\x03\x04 not really a workbook", "文件“a.xlsx”"),
        ("a.csv", b"\x00\x81\xff\xfa\x80" * 50, "编码无法识别"),
        ("a.csv", b"", "是空的"),
    ],
)
def test_broken_files_are_refused_in_chinese(name, content, says):
    with pytest.raises(ValidationFailed) as exc:
        read(name, content)
    assert says in exc.value.message


@pytest.mark.django_db
@pytest.mark.no_audit_guard  # the rolled-back writes (and their audit events) are the point
def test_all_or_nothing_writes_nothing_on_error_and_nothing_on_a_dry_run():
    with all_or_nothing(dry_run=True):
        unit_create(actor=None, values={"code": "DRY", "name": "试运行"}, system=True)
        assert Unit.objects.filter(code="DRY").exists()
    assert not Unit.objects.filter(code="DRY").exists()

    def broken_import() -> None:
        with all_or_nothing():
            unit_create(actor=None, values={"code": "BAD", "name": "失败"}, system=True)
            raise ValidationFailed(["第3行：错误"])

    with pytest.raises(ValidationFailed):
        broken_import()
    assert not Unit.objects.filter(code="BAD").exists()
    with all_or_nothing():
        unit_create(actor=None, values={"code": "OK1", "name": "成功"}, system=True)
    assert Unit.objects.filter(code="OK1").exists()
