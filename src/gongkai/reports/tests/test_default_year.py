"""The staff reports page opens on the report that is due or overdue (条例第四十九条), not on
the current year while last year's report is still unpublished."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongkai.reports.selectors import index_default_year
from gongkai.reports.services import report_open, report_publish, report_set_figure
from gongkai.reports.tests.conftest import import_applications

pytestmark = pytest.mark.usefixtures("year_of_records")

# an application received this (2025) year: the old rule opened the page on the latest year with
# data, i.e. the year still running
THIS_YEAR = """收到日期,申请人类型,申请内容,办结日期,办理结果
2025-03-03,自然人,B1 本年收到,2025-03-20,予以公开
"""

DECEMBER = dt.datetime(2025, 12, 10, 10, 0, tzinfo=dt.UTC)


def _publish_2024(world, unit):
    report = report_open(actor=world.supervisor, unit=unit, year=2024)
    for key in ("licensing", "penalty", "coercion", "fees"):
        report_set_figure(actor=world.supervisor, report=report, key=key, value=1, source="统计表")
    return report_publish(actor=world.supervisor, report=report)


def _selected_year(page: str) -> str:
    marker = " selected>"
    at = page.index(marker)
    return page[page.rindex('value="', 0, at) + 7 : at - 1]


def test_in_december_the_page_opens_on_last_years_unpublished_report(world, client, tmp_path):
    import_applications(world.office.code, tmp_path, THIS_YEAR)
    client.force_login(world.clerk)
    with time_machine.travel(DECEMBER, tick=False):
        page = client.get("/staff/reports/").content.decode()
    assert _selected_year(page) == "2024"
    assert "2024年度报告发布情况" in page
    # the office's 2024 report was due by 31 January 2025: marked overdue
    assert "2025-01-31 <strong>已逾期</strong>" in page


def test_once_last_years_report_is_published_the_page_opens_on_the_working_year(
    world, client, tmp_path
):
    import_applications(world.office.code, tmp_path, THIS_YEAR)
    _publish_2024(world, world.office)
    client.force_login(world.clerk)
    with time_machine.travel(DECEMBER, tick=False):
        page = client.get("/staff/reports/").content.decode()
    assert _selected_year(page) == "2025"
    assert "已逾期" not in page  # the 2025 report is not due before 31 January 2026


def test_one_unpublished_unit_in_scope_keeps_last_year(world):
    _publish_2024(world, world.office)
    today = dt.date(2025, 12, 10)
    # the supervisor's scope: the government and the civil affairs bureau have not published
    assert index_default_year([world.office], today) == 2025
    assert index_default_year([world.office, world.civil], today) == 2024
    # in January the report for the year just ended is due (not yet overdue): it comes first
    assert index_default_year([world.civil], dt.date(2026, 1, 5)) == 2025
