"""Tables 三 and 四 of the annual report as queries over cases (reference §3)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.applications.report import CARRIED_IN, CARRIED_OUT, NEW, TOTAL, table_four, table_three

pytestmark = pytest.mark.usefixtures("calendar")

CSV = """收到日期,申请人类型,申请内容,办结日期,办理结果,复议结果,诉讼结果
2023-12-20,自然人,上年收到本年办结,2024-01-10,予以公开,,
2023-12-21,商业企业,上年收到上年办结,2023-12-29,部分公开,,
2024-02-01,自然人,本年收到本年办结A,2024-02-20,部分公开,维持,
2024-02-02,科研机构,本年收到本年办结B,2024-02-25,属于国家秘密,,尚未审结
2024-03-01,法律服务机构,本年收到本年办结C,2024-03-20,重复申请,,
2024-12-20,其他,本年收到未办结,,,,
"""


def test_table_three_counts_each_case_once_and_balances(world, tmp_path):
    path = tmp_path / "h.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command(
        "import", "applications", str(path), "--unit", world.office.code, stdout=io.StringIO()
    )
    t = table_three([world.office.pk], 2024)
    assert t.total(NEW) == 4
    assert t.total(CARRIED_IN) == 1
    assert t.cell("（一）予以公开", "natural") == 1
    assert t.cell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "natural") == 1
    assert t.cell("（三）不予公开 1.属于国家秘密", "research") == 1
    assert t.cell("（五）不予处理 2.重复申请", "legal_service") == 1
    assert t.total(TOTAL) == 4
    assert t.cell(CARRIED_OUT, "org_other") == 1
    assert t.problems() == []
    four = table_four([world.office.pk], 2024)
    assert four["reconsideration"]["upheld"] == 1
    assert four["litigation_direct"]["pending"] == 1
    assert table_three([world.civil.pk], 2024).rows == {}
