"""The report for a year of applications: every cell of table 三 against hand counts."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from gongkai.reports import layout
from gongkai.reports.assemble import assemble
from gongkai.reports.checks import RULE_CARRY

COLS = layout.T3_COLUMNS  # 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计


def row(*values: int) -> dict[str, int]:
    assert len(values) == 6
    return dict(zip(COLS, [*values, sum(values)], strict=True))


# Hand-counted from tests/conftest.py APPLICATIONS (P = received 2023, A = received 2024).
EXPECTED_2024 = {
    # A1 A2 A3 A10 A12 A14 | A4 A9 | A5 A13 | A6 | A7 | A8 A11
    "一、本年新收政府信息公开申请数量": row(6, 2, 2, 1, 1, 2),
    # P1 | P2 | P3 (P4 closed in 2023: not carried over)
    "二、上年结转政府信息公开申请数量": row(1, 1, 0, 0, 1, 0),
    # P1 A1 | A9   (A11 closed in 2025: not here)
    "（一）予以公开": row(2, 1, 0, 0, 0, 0),
    # A2 A14 | P2 — each partial disclosure counted once, only here
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": row(2, 1, 0, 0, 0, 0),
    "1.属于国家秘密": row(1, 0, 0, 0, 0, 0),  # A3
    "2.其他法律行政法规禁止公开": row(0, 0, 0, 0, 0, 0),
    "3.危及“三安全一稳定”": row(0, 0, 0, 0, 0, 0),
    "4.保护第三方合法权益": row(0, 1, 0, 0, 0, 0),  # A4
    "5.属于三类内部事务信息": row(0, 0, 0, 0, 0, 0),
    "6.属于四类过程性信息": row(0, 0, 1, 0, 0, 0),  # A13
    "7.属于行政执法案卷": row(0, 0, 0, 0, 0, 0),
    "8.属于行政查询事项": row(0, 0, 0, 0, 0, 0),
    "1.本机关不掌握相关政府信息": row(0, 0, 1, 0, 0, 0),  # A5
    "2.没有现成信息需要另行制作": row(1, 0, 0, 0, 0, 0),  # A12
    "3.补正后申请内容仍不明确": row(0, 0, 0, 0, 0, 0),
    "1.信访举报投诉类申请": row(0, 0, 0, 0, 0, 0),
    "2.重复申请": row(0, 0, 0, 1, 0, 0),  # A6
    "3.要求提供公开出版物": row(0, 0, 0, 0, 0, 0),
    "4.无正当理由大量反复申请": row(0, 0, 0, 0, 0, 0),
    "5.要求行政机关确认或重新出具已获取信息": row(0, 0, 0, 0, 0, 0),
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": row(0, 0, 0, 0, 1, 0),
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": row(
        0, 0, 0, 0, 0, 0
    ),
    "3.其他": row(0, 0, 0, 0, 0, 1),  # A8
    "（七）总计": row(6, 3, 2, 1, 1, 1),
    # A10 | P3 | A11 (closed only in 2025)
    "四、结转下年度继续办理": row(1, 0, 0, 0, 1, 1),
}


def test_expectations_cover_every_row_of_the_national_format():
    assert list(EXPECTED_2024) == list(layout.T3_LABELS)
    assert len(layout.T3_LABELS) == 25


@pytest.mark.usefixtures("year_of_records")
def test_every_cell_of_table_three_matches_the_hand_count(world):
    a = assemble(world.office, 2024)
    assert a.tables.table3 == EXPECTED_2024  # all 175 cells at once …
    for label, expected in EXPECTED_2024.items():  # … and named, cell by cell, on failure
        for col in COLS:
            assert a.tables.table3[label][col] == expected[col], (label, col)


@pytest.mark.usefixtures("year_of_records")
def test_the_carry_over_from_last_year_agrees_with_last_years_report(world):
    prior = assemble(world.office, 2023)
    assert prior.tables.table3["四、结转下年度继续办理"] == row(1, 1, 0, 0, 1, 0)
    this = assemble(world.office, 2024)
    carry = next(c for c in this.checks if c.rule == RULE_CARRY)
    assert carry.ok, carry.detail
    assert "2023年度报告" in carry.detail


@pytest.mark.usefixtures("year_of_records")
def test_table_four_and_table_two_are_counted_from_the_records(world):
    a = assemble(world.office, 2024)
    t4 = a.tables.table4
    assert t4["行政复议"] == {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 1}
    assert t4["未经复议直接起诉"] == {
        "结果维持": 0,
        "结果纠正": 0,
        "其他结果": 0,
        "尚未审结": 1,
        "总计": 1,
    }
    assert t4["复议后起诉"]["总计"] == 0
    t2 = a.tables.table2
    assert t2["规章"] == {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 1}
    assert t2["行政规范性文件"] == {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 3}
    assert t2["行政许可"] == {"本年处理决定数量": None}  # manual, not yet entered


@pytest.mark.usefixtures("year_of_records")
def test_parts_one_five_and_six_are_prefilled_with_the_facts(world):
    texts = assemble(world.office, 2024).texts
    assert "主动公开政府信息 5 条" in texts["part1"]
    assert "发布政策解读 2 篇，其中图解、视频等多样化解读 1 篇，占 50.0%" in texts["part1"]
    assert "本年新收政府信息公开申请 14 件，上年结转 3 件，办结 14 件" in texts["part1"]
    assert "行政复议 1 件、行政诉讼 1 件" in texts["part1"]
    assert "收取信息处理费 0 件" in texts["part6"]
    assert "超过法定期限答复的申请" in texts["part5"]


@pytest.mark.usefixtures("year_of_records")
def test_the_command_prints_the_json_keyed_by_the_printed_labels(world):
    out = io.StringIO()
    call_command(
        "report",
        "annual",
        "--unit",
        world.office.code,
        "--year",
        "2024",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert set(data) >= {"table2", "table3", "table4", "checks"}
    assert data["table3"]["一、本年新收政府信息公开申请数量"]["总计"] == 14
    assert data["table3"]["1.属于国家秘密"]["自然人"] == 1
    assert data["table3"]["（七）总计"]["总计"] == 14
    assert data["table3"]["四、结转下年度继续办理"]["法律服务机构"] == 1
    assert set(data["table4"]) == {"行政复议", "未经复议直接起诉", "复议后起诉"}
    assert set(data["table4"]["行政复议"]) == {
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    }
    assert all(set(c) == {"rule", "ok", "detail"} for c in data["checks"])
    failing = {c["rule"] for c in data["checks"] if not c["ok"]}
    assert failing == {"行政许可、行政处罚、行政强制数量和行政事业性收费金额须人工填报（可填0）"}
