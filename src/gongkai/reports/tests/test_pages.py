"""Staff pages: the report, a cell's records (scoped), the government aggregate, the to-do list,
the statistics dashboard and its export, the prior-year import page."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

import pytest
import time_machine
from openpyxl import load_workbook

from gongkai.reports import render
from gongkai.reports.assemble import assemble
from gongkai.reports.checks import RULE_AGGREGATE
from gongkai.reports.services import report_open, report_publish, report_set_figure
from gongkai.reports.stats import Period, compute_stats
from gongkai.reports.tests.conftest import import_applications
from gongkai.reports.tests.test_table3 import EXPECTED_2024
from gongkai.workbench.todo import todo_items

pytestmark = pytest.mark.usefixtures("year_of_records")

CIVIL = """收到日期,申请人类型,申请内容,办结日期,办理结果
2024-03-01,自然人,民政甲,2024-03-10,予以公开
2024-04-01,商业企业,民政乙,2024-04-20,重复申请
2024-12-30,自然人,民政丙,,
"""


def cell_url(code: str, table: str, row: str, col: str) -> str:
    return f"/staff/reports/{code}/2024/cell/?" + urlencode(
        {"table": table, "row": row, "col": col}
    )


def publish(world, unit, actor=None):
    report = report_open(actor=world.supervisor, unit=unit, year=2024)
    for key in ("licensing", "penalty", "coercion", "fees"):
        report_set_figure(actor=world.supervisor, report=report, key=key, value=1, source="统计表")
    return report_publish(actor=actor or world.supervisor, report=report)


def test_the_report_page_links_each_number_to_the_records_behind_it(world, client):
    client.force_login(world.clerk)
    page = client.get("/staff/reports/G0001-01/2024/").content.decode()
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page
    assert "未通过" in page  # manual figures missing
    row = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert cell_url("G0001-01", "3", row, "自然人").replace("&", "&amp;") in page
    records = client.get(cell_url("G0001-01", "3", row, "自然人")).content.decode()
    assert "您有权查看的记录共 2 件" in records
    carried = client.get(cell_url("G0001-01", "3", "二、上年结转政府信息公开申请数量", "总计"))
    assert "共 3 件" in carried.content.decode()
    docs = client.get(cell_url("G0001-01", "2", "行政规范性文件", "现行有效件数")).content.decode()
    assert "关于另一事项的规定" in docs
    assert "有效期至2025年的办法" in docs


def test_a_clerk_of_another_unit_can_open_neither_the_report_nor_its_records(world, client):
    client.force_login(world.other_clerk)
    assert client.get("/staff/reports/G0001-01/2024/").status_code == 403
    assert client.get(cell_url("G0001-01", "3", "（七）总计", "总计")).status_code == 403
    client.force_login(world.supervisor)  # the supervisor sees the whole tree
    assert (
        "共 14 件" in client.get(cell_url("G0001-01", "3", "（七）总计", "总计")).content.decode()
    )


def test_staff_enter_a_figure_and_the_head_publishes_through_the_page(world, client):
    client.force_login(world.clerk)
    for key in ("licensing", "penalty", "coercion", "fees"):
        client.post(
            "/staff/reports/G0001-01/2024/",
            {"action": "figure", "key": key, "value": "0", "source": "业务系统"},
        )
    refused = client.post("/staff/reports/G0001-01/2024/", {"action": "publish"}, follow=True)
    assert "您没有权限" in refused.content.decode()
    client.force_login(world.head)
    done = client.post("/staff/reports/G0001-01/2024/", {"action": "publish"}, follow=True)
    assert "报告已发布" in done.content.decode()
    listing = client.get("/xxgk/annual-reports/").content.decode()
    assert "测试区人民政府办公室2024年政府信息公开工作年度报告" in listing


def test_the_government_report_adds_up_its_units_and_checks_the_sum(world, tmp_path):
    import_applications(world.civil.code, tmp_path, CIVIL)
    a = assemble(world.gov, 2024)
    assert a.kind == "government"
    new = a.tables.table3["一、本年新收政府信息公开申请数量"]
    assert new["总计"] == 14 + 3
    assert a.tables.table3["（七）总计"]["自然人"] == 6 + 1
    assert next(c for c in a.checks if c.rule == RULE_AGGREGATE).ok
    # the office publishes; then a late-entered 2024 case changes the records under it
    publish(world, world.office)
    import_applications(
        world.office.code,
        tmp_path,
        "收到日期,申请人类型,申请内容,办结日期,办理结果\n2024-06-01,自然人,补录,2024-06-10,予以公开\n",
    )
    agg = next(c for c in assemble(world.gov, 2024).checks if c.rule == RULE_AGGREGATE)
    assert not agg.ok
    assert "（七）总计" in agg.detail


def test_the_todo_list_shows_the_deadlines_and_who_has_not_published(world):
    with time_machine.travel(dt.datetime(2025, 1, 20, 9, tzinfo=dt.UTC), tick=False):
        publish(world, world.civil)
        labels = [i.label for i in todo_items(world.supervisor) if i.group == "年度报告"]
    assert any("测试区人民政府2024年度报告未发布，应于2025年3月31日前发布" in t for t in labels)
    assert any(
        "测试区人民政府办公室2024年度报告未发布，应于2025年1月31日前发布" in t for t in labels
    )
    assert not any("民政局" in t for t in labels)  # published


def test_the_dashboard_agrees_with_the_report_and_exports(world, client):
    s = compute_stats(world.office, Period.year(2024))
    assert s.received == EXPECTED_2024["一、本年新收政府信息公开申请数量"]["总计"]
    assert s.closed == EXPECTED_2024["（七）总计"]["总计"]
    assert dict(s.by_outcome) == {
        k: v["总计"] for k, v in EXPECTED_2024.items() if k in dict(s.by_outcome)
    }
    assert dict(s.by_applicant)["自然人"] == EXPECTED_2024["（七）总计"]["自然人"]
    assert s.avg_days is not None
    assert s.p90_days is not None
    assert s.docs_total == 5  # D1, D3, D6 and the two interpretations published in 2024
    assert s.late_publications == 1  # D6: formed 1 January, published 20 March (Art. 26)
    assert (s.interpretations, s.diversified, s.diversified_percent) == (2, 1, 50.0)
    assert dict(s.docs_by_month) == {"2024-02": 2, "2024-03": 3}
    client.force_login(world.clerk)
    assert client.get("/staff/reports/stats/").status_code == 403
    client.force_login(world.supervisor)
    page = client.get("/staff/reports/stats/?unit=G0001-01&from=2024-01-01&to=2024-12-31")
    html = page.content.decode()
    assert '<svg role="img"' in html
    assert "<pattern" in html
    assert "以表格查看" in html
    assert "（三）1.属于国家秘密" in html  # numbered rows keep their group in the chart
    export = client.get(
        "/staff/reports/stats/?unit=G0001-01&from=2024-01-01&to=2024-12-31&export=xlsx"
    )
    wb = load_workbook(io.BytesIO(export.content))
    summary = {r[0]: r[1] for r in wb["概况"].iter_rows(values_only=True)}
    assert summary["办结申请（件）"] == 14


def test_the_import_page_takes_an_earlier_report(world, client):
    data = render.render_xlsx(assemble(world.office, 2023))
    client.force_login(world.clerk)
    upload = io.BytesIO(data)
    upload.name = "2023年报.xlsx"
    response = client.post(
        "/staff/reports/import/", {"unit": "G0001-01", "year": "2023", "file": upload}
    )
    assert response.status_code == 302
    page = client.get("/staff/reports/G0001-01/2023/").content.decode()
    assert "导入：2023年报.xlsx（2021年格式）" in page
    this_year = client.get("/staff/reports/G0001-01/2024/").content.decode()
    assert "上年数据来源：导入的2023年度报告" in this_year
    assert 'href="/staff/reports/"' in this_year  # the workbench navigation links here


def test_the_api_returns_the_same_json_scoped_by_unit(world, client):
    client.force_login(world.clerk)
    data = client.get("/api/reports/annual?unit=G0001-01&year=2024").json()
    assert data["table3"] == EXPECTED_2024
    assert RULE_AGGREGATE not in {c["rule"] for c in data["checks"]}  # a unit, not a government
    assert client.get("/api/reports/annual").json()["unit"] == "G0001-01"  # own unit by default
    client.force_login(world.other_clerk)
    assert client.get("/api/reports/annual?unit=G0001-01&year=2024").status_code == 403


def test_the_supervisor_publishes_the_government_report_once_its_units_add_up(world, tmp_path):
    from gongkai.reports.services import ChecksFailed

    import_applications(world.civil.code, tmp_path, CIVIL)
    gov = report_open(actor=world.supervisor, unit=world.gov, year=2024)
    with pytest.raises(ChecksFailed) as exc:  # the units have not entered their figures yet
        report_publish(actor=world.supervisor, report=gov)
    assert "须人工填报" in exc.value.message
    publish(world, world.office)
    publish(world, world.civil)
    published = report_publish(actor=world.supervisor, report=gov)
    t = published.tables
    assert t["table2"]["行政许可"]["本年处理决定数量"] == 2  # 1 + 1 from the two units
    assert t["table3"]["（七）总计"]["总计"] == 14 + 2
    assert next(c for c in published.checks if c["rule"] == RULE_AGGREGATE)["ok"]


def test_the_dashboard_filters_by_unit_subtree_and_period(world, tmp_path):
    import_applications(world.civil.code, tmp_path, CIVIL)
    whole = compute_stats(world.gov, Period.year(2024))
    assert whole.received == 14 + 3
    assert {u["unit"]: u["received"] for u in whole.per_unit} == {
        "测试区人民政府": 0,
        "测试区人民政府办公室": 14,
        "测试区民政局": 3,
    }
    march = compute_stats(world.gov, Period(dt.date(2024, 3, 1), dt.date(2024, 3, 31)))
    assert march.received == 3  # A5, A6 and 民政甲
    assert march.closed == 4  # A3, A4, A5 and 民政甲


def test_an_unknown_unit_or_a_year_without_reports_is_not_found_rather_than_a_server_error(
    world, client
):
    from django.utils import timezone

    client.force_login(world.admin)
    this_year = timezone.localdate().year
    for code, year in (("NOPE", 2024), ("G0001-01", 1), ("G0001-01", 2007), ("G0001-01", 99999)):
        for url in (
            f"/staff/reports/{code}/{year}/",
            cell_url(code, "3", "（七）总计", "总计").replace("/2024/", f"/{year}/"),
            f"/staff/reports/{code}/{year}/download/xlsx/",
        ):
            assert client.get(url).status_code == 404, url
    assert client.get(f"/staff/reports/G0001-01/{this_year + 1}/").status_code == 404
    assert client.get("/staff/reports/G0001-01/2008/").status_code == 200
    client.force_login(world.other_clerk)  # a unit outside the scope is still refused, not hidden
    assert client.get("/staff/reports/G0001-01/2024/").status_code == 403


def test_the_report_api_refuses_a_year_without_reports_with_what_to_fix(world, client):
    client.force_login(world.clerk)
    for year in (1, 2007, 99999):
        got = client.get("/api/reports/annual", {"unit": "G0001-01", "year": year})
        assert got.status_code == 400, year
        assert "年度应在 2008 至" in got.json()["detail"]
    assert client.get("/api/reports/annual", {"unit": "G0001-01", "year": 2024}).status_code == 200
