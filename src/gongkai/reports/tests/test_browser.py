"""The published report in a real browser: the 年报 entry lists it, its page passes axe
(WCAG 2.0/2.1 A and AA) with the national table layout; the staff report and dashboard too."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from gongkai.portal.tests.test_browser import sign_in
from gongkai.reports.services import report_open, report_publish, report_set_figure
from gongkai.reports.tests.conftest import import_applications, import_documents
from gongkai.testing import build_world

pytestmark = pytest.mark.browser


def _published(tmp_path: Path):
    world = build_world()
    # no working-day calendar here: the report counts dates, not working days; the dashboard's
    # handling times are then marked provisional (reference §6)
    import_applications(world.office.code, tmp_path)
    import_documents(world, tmp_path)
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    for key in ("licensing", "penalty", "coercion", "fees"):
        report_set_figure(actor=world.clerk, report=report, key=key, value=3, source="统计表")
    return world, report_publish(actor=world.head, report=report)


def test_the_published_report_page_passes_axe(page, axe_violations, tmp_path):
    _, _report = _published(tmp_path)
    page.goto("/xxgk/annual-reports/")
    expect(page.get_by_role("heading", name="政府信息公开年报")).to_be_visible()
    assert axe_violations(page, "年报栏目") == ""
    page.get_by_role("link", name="测试区人民政府办公室2024年政府信息公开工作年度报告").click()
    expect(page.get_by_role("heading", name="三、收到和处理政府信息公开申请情况")).to_be_visible()
    results = page.locator("th[rowspan='22']")
    expect(results).to_have_text("三、本年度办理结果")
    expect(page.locator("th[rowspan='8']")).to_have_text("（三）不予公开")
    expect(page.locator("th[rowspan='3'][scope=rowgroup]")).to_have_count(2)  # （四）（六）
    expect(page.locator("th[rowspan='5']")).to_have_text("（五）不予处理")
    assert axe_violations(page, "年度报告") == ""


def test_the_staff_report_and_dashboard_pass_axe(page, axe_violations, tmp_path):
    _published(tmp_path)
    sign_in(page, "supervisor")
    page.goto("/staff/reports/G0001-01/2024/")
    expect(page.get_by_role("heading", name="发布前校验（勾稽关系）")).to_be_visible()
    assert axe_violations(page, "报告工作页") == ""
    page.goto("/staff/reports/stats/?unit=G0001-01&from=2024-01-01&to=2024-12-31")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    assert axe_violations(page, "统计分析") == ""
