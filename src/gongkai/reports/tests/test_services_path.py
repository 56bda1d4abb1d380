"""Cases handled through the applications services (not imported) land in the report; a partly
disclosed multi-item application counts once, only in （二）; a 2019-format report imports."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from gongkai.applications.tests.conftest import act, submit
from gongkai.reports import layout
from gongkai.reports.assemble import assemble, year_on_year
from gongkai.reports.importer import parse

PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


@pytest.mark.usefixtures("calendar")
def test_a_partial_reply_through_the_services_counts_once_from_the_day_it_is_sent(world):
    app = submit(
        world,
        "2024-09-20",
        values={"applicant_type": "research", "information": "一、项目资金使用表；二、承包商名单"},
    )
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    act(
        world.clerk,
        app,
        "draft_reply",
        "2024-10-08",
        outcome="partial",
        reply_text="提供资金使用表；承包商员工身份信息不予公开。",
        withheld="承包商员工身份证号|涉及个人隐私（条例第十五条）",
    )
    act(world.reviewer, app, "approve_reply", "2024-10-09")
    approved = assemble(world.office, 2024).tables.table3
    assert approved[layout.ROW_CARRIED_OUT]["科研机构"] == 1  # approved, not yet sent
    act(world.clerk, app, "send_reply", "2024-10-10")

    def counted() -> dict[str, int]:
        t3 = assemble(world.office, 2024).tables.table3
        assert all(t3[r]["科研机构"] == 0 for r in layout.OUTCOME_ROW_LABELS if r != PARTIAL)
        return {row: cols["科研机构"] for row, cols in t3.items() if cols["科研机构"]}

    # Handled (办结) once the reply is sent: delivery and archiving do not move it again.
    assert counted() == {layout.ROW_NEW: 1, PARTIAL: 1, layout.ROW_TOTAL: 1}
    act(world.clerk, app, "deliver", "2024-10-11", way="online")
    act(world.clerk, app, "archive", "2024-10-12")
    assert counted() == {layout.ROW_NEW: 1, PARTIAL: 1, layout.ROW_TOTAL: 1}


def _report_2019() -> bytes:
    """A 2019-format report: table 二 with 本年新制作数量…, （六）其他处理 a single row."""
    wb = Workbook()
    ws = wb.active
    ws.append(["二、主动公开政府信息情况"])
    ws.append(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"])
    ws.append(["规章", 2, 2, 30])
    ws.append(["规范性文件", 5, 5, 80])
    ws.append(["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"])
    ws.append(["行政许可", 10, 1, 300])
    ws.append(["三、收到和处理政府信息公开申请情况"])
    for label in layout.T3_LABELS:
        if label.startswith(("1.申请人", "2.申请人")):
            continue
        text = "（六）其他处理" if label == "3.其他" else label
        values = [1, 0, 0, 0, 0, 0, 1] if label != layout.ROW_CARRIED_OUT else [2, 1, 0, 0, 0, 0, 3]
        ws.append([text, "", "", *values])
    ws.append(["行政复议", "", "", "", "", "行政诉讼"])
    ws.append([*(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)])
    ws.append([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_a_2019_format_report_is_read(world):
    tables, fmt = parse(_report_2019())
    assert fmt == "2019"
    assert tables.table3["3.其他"]["总计"] == 1  # the single （六） row
    assert tables.table3[layout.ROW_CARRIED_OUT] == dict(
        zip(layout.T3_COLUMNS, [2, 1, 0, 0, 0, 0, 3], strict=True)
    )
    assert tables.table4["未经复议直接起诉"]["尚未审结"] == 1
    assert tables.table2["规章"] == {"本年制发件数": 2, "本年废止件数": None, "现行有效件数": 30}
    assert tables.table2["行政许可"] == {"本年处理决定数量": 300}


@pytest.mark.usefixtures("year_of_records")
def test_year_on_year_reads_an_imported_earlier_report(world, tmp_path):
    path = tmp_path / "2023.xlsx"
    path.write_bytes(_report_2019())
    from django.core.management import call_command

    call_command(
        "import",
        "annual-report",
        str(path),
        "--unit",
        world.office.code,
        "--year",
        "2023",
        stdout=io.StringIO(),
    )
    cmp = year_on_year(assemble(world.office, 2024))
    assert cmp is not None
    assert cmp.source == "导入的2023年度报告"
    rows = {label: (before, now, change) for label, before, now, change in cmp.rows}
    assert rows["（七）总计（总计）"] == (1, 14, 13)
    carry = [c for c in assemble(world.office, 2024).checks if c.rule.startswith("上年结转")]
    # the file carried 自然人 2 + 商业企业 1 forward; the records bring 自然人 1, 商业企业 1,
    # 法律服务机构 1 into 2024: same total, different columns — the check names them
    assert not carry[0].ok
    assert "自然人列：本年二=1，上年四=2" in carry[0].detail
