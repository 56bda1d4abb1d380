"""``gongkai import applications FILE --unit CODE`` (issue 3 §10)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.applications.models import Application, ReliefCase
from gongkai.applications.outcomes import Outcome

pytestmark = pytest.mark.usefixtures("calendar")

GOOD = """收到日期,申请人类型,申请内容,办结日期,办理结果,申请编号,渠道,申请人,复议结果,诉讼结果
2024-01-05,自然人,2023年低保资金发放明细,2024-01-30,予以公开,YSQ-2024-001,网上申请,张三,,
2024-02-01,商业企业,某项目环评批复,2024-02-29,部分公开,YSQ-2024-002,挂号信,某公司,维持,纠正
2024-03-01,法律服务机构,某案卷宗,2024-03-20,属于国家秘密,YSQ-2024-003,当面,,,
2024-03-02,科研机构,某统计数据,2024-03-25,本机关不掌握相关政府信息,,传真,某研究所,,
2024-03-03,社会公益组织,重复内容,2024-03-26,重复申请,,,,,
2024-03-04,其他,其他内容,2024-03-27,其他,,电子邮件,,,
2024-09-20,自然人,尚未办结的申请,,,YSQ-2024-007,,李四,,
"""


def run(path, *extra):
    out = io.StringIO()
    call_command("import", "applications", str(path), *extra, stdout=out)
    return out.getvalue()


def test_a_whole_file_imports_and_reimport_changes_nothing(world, tmp_path):
    path = tmp_path / "hist.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = run(path, "--unit", world.office.code)
    assert "已导入 7 件" in out
    apps = {a.external_ref or a.information: a for a in Application.objects.all()}
    assert apps["YSQ-2024-002"].outcome == Outcome.PARTIAL
    assert apps["YSQ-2024-003"].outcome == Outcome.STATE_SECRET
    assert apps["某统计数据"].outcome == Outcome.NOT_HELD
    assert apps["某统计数据"].channel == "fax"
    assert apps["重复内容"].outcome == Outcome.REPEAT
    assert apps["其他内容"].outcome == Outcome.OTHER
    assert apps["YSQ-2024-001"].state == "closed"
    assert apps["YSQ-2024-007"].state == "registered"
    assert apps["YSQ-2024-007"].due_on is not None
    reliefs = {r.kind: r.outcome for r in ReliefCase.objects.all()}
    assert reliefs == {"reconsideration": "upheld", "litigation_after": "corrected"}
    again = run(path, "--unit", world.office.code)
    assert "已导入 0 件，已存在未变动 7 件" in again
    assert Application.objects.count() == 7


def test_bad_rows_are_all_reported_by_line_and_nothing_is_written(world, tmp_path):
    bad = GOOD.replace("2024-03-01,法律服务机构", "2024-13-01,律师").replace(
        "2024-03-26,重复申请", "2024-03-26,不知道"
    )
    path = tmp_path / "bad.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        run(path, "--unit", world.office.code)
    msg = str(exc.value)
    assert "第 4 行：收到日期“2024-13-01”无法识别" in msg
    assert "第 4 行：申请人类型“律师”无效" in msg
    assert "第 6 行：办理结果“不知道”不是年度报告表三的行名称" in msg
    assert "未写入任何数据" in msg
    assert Application.objects.count() == 0


def test_xlsx_and_a_missing_header(world, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in GOOD.strip().splitlines()[:3]:
        ws.append(line.split(","))
    path = tmp_path / "hist.xlsx"
    wb.save(path)
    assert "已导入 2 件" in run(path, "--unit", world.office.code)
    csv = tmp_path / "nohead.csv"
    csv.write_text("收到日期,申请内容\n2024-01-01,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="表头缺少：申请人类型、办结日期、办理结果"):
        run(csv, "--unit", world.office.code)
    with pytest.raises(CommandError, match="没有代码为“NOPE”的机构"):
        run(path, "--unit", "NOPE")


def test_the_seeds_channel_words_are_understood(world, tmp_path):
    """Seed 004 item 8 says 当面、邮寄、传真; registers write 现场, 快递, 电子邮箱 and the like."""
    words = {
        "当面": "in_person",
        "现场递交": "in_person",
        "邮寄": "ordinary_letter",  # how it was mailed is not known: a 平常信函 (条例第三十一条)
        "邮寄（挂号）": "registered_mail",
        "EMS快递": "registered_mail",
        "传真": "fax",
        "电子邮箱": "email",
        "政府网站": "online",
    }
    lines = ["收到日期,申请人类型,申请内容,办结日期,办理结果,渠道"]
    lines += [f"2024-01-05,自然人,{word}提交的申请,2024-01-30,予以公开,{word}" for word in words]
    path = tmp_path / "channels.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"已导入 {len(words)} 件" in run(path, "--unit", world.office.code)
    got = {a.information.removesuffix("提交的申请"): a.channel for a in Application.objects.all()}
    assert got == words
    path.write_text(lines[0] + "\n2024-01-05,自然人,x,2024-01-30,予以公开,飞鸽传书\n", "utf-8")
    with pytest.raises(CommandError, match="渠道“飞鸽传书”无法识别，应为 网上申请、当面、邮寄"):
        run(path, "--unit", world.office.code)
