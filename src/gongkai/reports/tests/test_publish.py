"""Manual numbers, the checks that block publishing, the prior-year import, the outputs."""

from __future__ import annotations

import io
import re
import zlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document as Docx
from openpyxl import load_workbook

from gongkai.core.errors import AccessDenied
from gongkai.reports import layout, render
from gongkai.reports.assemble import assemble
from gongkai.reports.checks import RULE_CARRY, RULE_NEGATIVE
from gongkai.reports.models import ReportState
from gongkai.reports.services import (
    ChecksFailed,
    report_open,
    report_publish,
    report_set_figure,
    report_unpublish,
)

pytestmark = pytest.mark.usefixtures("year_of_records")

FIGURES = {"licensing": 120, "penalty": 35, "coercion": 2, "fees": "12.5"}


def fill(world, report, **over):
    for key, value in {**FIGURES, **over}.items():
        report_set_figure(
            actor=world.clerk, report=report, key=key, value=value, source="审批系统年度统计"
        )


def test_manual_numbers_keep_who_when_and_source_and_then_the_report_publishes(world, client):
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report)
    a = assemble(world.office, 2024)
    fig = a.manual["penalty"]
    assert fig is not None
    assert fig.entered_by == world.clerk
    assert fig.source == "审批系统年度统计"
    assert a.tables.table2["行政处罚"]["本年处理决定数量"] == 35
    assert a.tables.table2["行政事业性收费"]["本年收费金额（单位：万元）"] == 12.5
    assert a.ok, [c for c in a.checks if not c.ok]
    with pytest.raises(AccessDenied):
        report_publish(actor=world.clerk, report=report)  # clerks prepare, the head publishes
    published = report_publish(actor=world.head, report=report)
    assert published.state == ReportState.PUBLISHED
    assert published.tables["table3"]["（七）总计"]["总计"] == 14
    page = client.get("/xxgk/annual-reports/")
    assert page.status_code == 200
    assert "测试区人民政府办公室2024年政府信息公开工作年度报告" in page.content.decode()
    detail = client.get(f"/xxgk/annual-reports/{published.pk}/").content.decode()
    assert 'rowspan="22"' in detail
    assert "三、本年度办理结果" in detail
    assert "欧阳" not in detail  # no personal data (none in these records either)


def test_a_negative_manual_number_blocks_publishing_and_names_the_rule(world):
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report, penalty=-3)
    with pytest.raises(ChecksFailed) as exc:
        report_publish(actor=world.head, report=report)
    assert RULE_NEGATIVE in exc.value.message
    assert "行政处罚" in exc.value.message
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    fill(world, report, penalty=3)  # corrected: a new entry, the old one kept in the history
    assert report_publish(actor=world.head, report=report).state == ReportState.PUBLISHED
    assert report.figures.filter(key="penalty").count() == 2


def test_an_imported_prior_year_that_disagrees_blocks_publishing(world, tmp_path):
    # last year's report exported in the national layout, then its row 四 altered
    data = render.render_xlsx(assemble(world.office, 2023))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    target = next(r for r in ws.iter_rows() if r[0].value == "四、结转下年度继续办理")
    target[3].value = 5  # 自然人: 1 → 5
    target[9].value = 7  # 总计
    path = tmp_path / "2023.xlsx"
    wb.save(path)
    out = io.StringIO()
    call_command(
        "import",
        "annual-report",
        str(path),
        "--unit",
        world.office.code,
        "--year",
        "2023",
        stdout=out,
    )
    assert "结转下年度 7 件" in out.getvalue()
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report)
    with pytest.raises(ChecksFailed) as exc:
        report_publish(actor=world.head, report=report)
    assert RULE_CARRY in exc.value.message
    assert "自然人列：本年二=1，上年四=5" in exc.value.message
    carry = next(c for c in assemble(world.office, 2024).checks if c.rule == RULE_CARRY)
    assert len(carry.records) == 3  # the carried-over applications behind the number


def test_an_unreadable_prior_year_file_is_refused_whole(world, tmp_path):
    path = tmp_path / "bad.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["一、本年新收政府信息公开申请数量", 1, 2])
    wb.save(path)
    with pytest.raises(CommandError) as exc:
        call_command(
            "import", "annual-report", str(path), "--unit", world.office.code, "--year", "2023"
        )
    assert "应有 7 个数字" in str(exc.value)
    assert "表三缺少以下行" in str(exc.value)


def test_docx_and_xlsx_reopen_in_the_national_layout(world):
    a = assemble(world.office, 2024)
    doc = Docx(io.BytesIO(render.render_docx(a)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [title for _, title in layout.PARTS]
    t3 = next(t for t in doc.tables if t.cell(0, 0).text == layout.T3_CORNER)
    assert len(t3.rows) == 3 + 25
    assert len(t3.columns) == 10
    # 三、本年度办理结果 is one merged cell over 22 rows; （三）不予公开 over 8
    assert t3.cell(5, 0)._tc is t3.cell(26, 0)._tc
    assert t3.cell(5, 0).text == "三、本年度办理结果"
    assert t3.cell(7, 1)._tc is t3.cell(14, 1)._tc
    assert t3.cell(7, 1).text == "（三）不予公开"
    assert t3.cell(7, 2).text == "1.属于国家秘密"
    assert t3.cell(7, 3).text == "1"
    assert t3.cell(27, 0).text == "四、结转下年度继续办理"
    assert t3.cell(27, 9).text == "3"

    t4 = next(t for t in doc.tables if t.cell(0, 0).text == "行政复议")
    assert (len(t4.rows), len(t4.columns)) == (4, 15)
    assert t4.cell(0, 0)._tc is t4.cell(1, 4)._tc  # 行政复议: 2 rows x 5 columns
    assert t4.cell(0, 5).text == "行政诉讼"
    assert t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    assert t4.cell(1, 10).text == "复议后起诉"
    assert [t4.cell(2, i).text for i in range(5)] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert t4.cell(3, 0).text == "1"
    item1 = next(t for t in doc.tables if t.cell(0, 1).text == "本年制发件数")
    assert [c.text for c in item1.rows[1].cells] == ["规章", "1", "1", "1"]

    wb = load_workbook(io.BytesIO(render.render_xlsx(a)))
    ws = wb.active
    merged = {str(r) for r in ws.merged_cells.ranges}
    start = next(c.row for c in ws["A"] if c.value == layout.T3_CORNER)
    assert f"A{start}:C{start + 2}" in merged  # the corner note
    assert f"A{start + 5}:A{start + 26}" in merged  # 三 rowspan 22
    assert f"B{start + 7}:B{start + 14}" in merged  # （三） rowspan 8
    assert f"B{start + 15}:B{start + 17}" in merged  # （四） rowspan 3
    assert f"B{start + 18}:B{start + 22}" in merged  # （五） rowspan 5
    assert f"B{start + 23}:B{start + 25}" in merged  # （六） rowspan 3
    assert ws.cell(row=start + 3, column=1).value == "一、本年新收政府信息公开申请数量"
    assert ws.cell(row=start + 3, column=10).value == 14


def test_pdf_embeds_a_chinese_font(world):
    pdf = render.render_pdf(assemble(world.office, 2024))
    assert pdf.startswith(b"%PDF")
    fonts = b""
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            fonts += zlib.decompress(raw)
        except zlib.error:
            fonts += raw
    assert b"NotoSerifCJK" in fonts + pdf  # the Chinese font is embedded, not substituted


def test_a_published_report_is_frozen_until_withdrawn(world):
    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report)
    report_publish(actor=world.head, report=report)
    with pytest.raises(Exception, match="不能修改"):
        report_set_figure(actor=world.clerk, report=report, key="penalty", value=1, source="x")
    report_unpublish(actor=world.head, report=report, reason="更正处罚数量")
    report_set_figure(actor=world.clerk, report=report, key="penalty", value=1, source="更正")
    assert assemble(world.office, 2024).tables.table2["行政处罚"]["本年处理决定数量"] == 1


def test_a_publication_recorded_afterwards_keeps_its_date_and_the_audit_its_real_time(
    world, client
):
    import datetime as dt

    from django.utils import timezone

    from gongkai.audit.models import AuditEvent
    from gongkai.core.errors import ValidationFailed

    report = report_open(actor=world.clerk, unit=world.office, year=2024)
    fill(world, report)
    tz = timezone.get_current_timezone()
    for when, message in (
        (timezone.now() + dt.timedelta(hours=1), "发布时间不能晚于现在"),
        (dt.datetime(2024, 12, 31, 16, 0, tzinfo=tz), "2024年度报告的发布时间应在该年度结束之后"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            report_publish(actor=world.head, report=report, now=when)
        assert message in refused.value.message
        report.refresh_from_db()
        assert report.state == ReportState.DRAFT
    before = timezone.now()
    on_time = dt.datetime(2025, 1, 24, 10, 0, tzinfo=tz)
    published = report_publish(actor=world.head, report=report, now=on_time)
    assert published.published_at == on_time
    event = AuditEvent.objects.filter(action="annual_report.publish").get()
    assert event.at >= before  # the log says when it was recorded ...
    assert event.after["published_at"] == "2025-01-24T10:00+08:00"  # ... and the date given
    listing = client.get("/xxgk/annual-reports/").content.decode()
    assert "<td>2025-01-24</td>" in listing
