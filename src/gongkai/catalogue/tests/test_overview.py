"""标准化总览: the supervising office's view of every unit's catalogue and thematic columns,
the same figures as the statistics page, filtered, sorted and exported."""

from __future__ import annotations

import datetime
import io

import openpyxl
from django.utils import timezone

from gongkai.catalogue.models import Catalogue
from gongkai.catalogue.overview import catalogue_status
from gongkai.thematic.services import columns_enable, entry_publish, entry_save
from gongkai.thematic.tests.test_thematic import SEVEN
from gongkai.workbench.figures import figure_tables

from .conftest import published_catalogue


def _office_with_an_overdue_item(world) -> Catalogue:
    """The office's catalogue of 8 items, item 2 ("实时") linked to 条例第二十条第七项 with
    nothing published under it, in force for 90 days: overdue by the general 20 working days;
    the other 7 items are linked to nothing."""
    published = published_catalogue(world, links={2: [("art20", "7")]})
    assert published.items.get(seq=2).time_limit == "实时"
    # in force for 90 days: the test arranges the date the version took effect
    Catalogue.objects.filter(pk=published.pk).update(
        effective_on=timezone.localdate() - datetime.timedelta(days=90)
    )
    return published


def _columns(world) -> None:
    columns_enable(
        actor=world.clerk, unit=world.office, columns=["project-budget", "debt", "major-project"]
    )
    for raw, column in (
        (SEVEN, "project-budget"),
        (
            {
                "title": "第一中学迁建工程",
                "code": "2026-01",
                "owner": "教育局",
                "location": "幸福路",
                "investment": "52000",
                "status": "在建",
            },
            "major-project",
        ),
    ):
        e = entry_save(actor=world.clerk, unit=world.office, column=column, raw=raw)
        entry_publish(actor=world.reviewer, entry_id=e.pk, version=e.version)


def _row(html: str, name: str) -> str:
    (row,) = [r for r in html.split("<tr>") if f">{name}</a></th>" in r]
    return row.split("</tr>")[0]


def test_the_supervisor_sees_every_unit_with_its_catalogue_and_columns(
    world, login, calendar
) -> None:
    _office_with_an_overdue_item(world)
    _columns(world)
    c = login(world.supervisor)
    html = c.get("/staff/catalogue/overview/").content.decode()
    office = _row(html, world.office.name)
    assert "第1版" in office
    assert f'href="/biaozhun/{world.office.code}/"' in office  # into the unit's catalogue
    cells = [cell.split(">", 1)[1] for cell in office.split("<td")[1:]]
    # 对照, 标准目录, 事项数, 未按时限公开, 未关联, 栏目, 逾期, 阶段不全
    assert cells[2].startswith("8<")
    assert '<strong class="warn">1</strong>' in cells[3]
    assert '<strong class="warn">7</strong>' in cells[4]
    assert cells[5].startswith("2 / 3")
    assert "无信息：政府债务" in cells[5]
    assert '<strong class="warn">1</strong>' in cells[7]  # the project has no stage yet
    assert 'value="G0001-01"' in cells[0]  # can be compared side by side
    assert 'action="/biaozhun/compare/"' in html
    civil = _row(html, world.civil.name)
    assert "未发布" in civil
    assert world.division.name not in html  # a division is part of its unit

    only_none = c.get("/staff/catalogue/overview/?state=none").content.decode()
    assert world.civil.name in only_none
    assert f">{world.office.name}</a>" not in only_none
    only_flagged = c.get("/staff/catalogue/overview/?state=flagged").content.decode()
    assert f">{world.office.name}</a>" in only_flagged
    assert f">{world.civil.name}</a>" not in only_flagged
    by_unlinked = c.get("/staff/catalogue/overview/?sort=unlinked").content.decode()
    assert by_unlinked.index(f">{world.office.name}</a>") < by_unlinked.index(
        f">{world.civil.name}</a>"
    )
    assert c.get("/staff/catalogue/overview/?state=bogus&sort=bogus").status_code == 200

    unit = c.get(f"/staff/catalogue/overview/{world.office.code}/").content.decode()
    assert "逾期未公开" in unit
    assert "没有公开任何信息" in unit  # the check's reason
    assert f'href="/zhongdian/debt/?unit={world.office.code}"' in unit
    assert c.get("/staff/catalogue/overview/NOPE/").status_code == 404


def test_the_export_is_the_filtered_table(world, login, calendar) -> None:
    _office_with_an_overdue_item(world)
    _columns(world)
    response = login(world.supervisor).get("/staff/catalogue/overview/?export=xlsx&sort=flagged")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][:8] == [
        "机构代码",
        "机构",
        "状态",
        "标准目录版本",
        "施行日期",
        "事项数",
        "未按时限公开",
        "未关联具体信息",
    ]
    by_code = {r[0]: r for r in rows[1:]}
    assert set(by_code) == {world.gov.code, world.office.code, world.civil.code}
    assert rows[1][0] == world.office.code  # sorted: most items past their time limit first
    office = by_code[world.office.code]
    assert office[2] == "有未按时限公开的事项"
    assert office[3] == "第1版"
    assert office[5:8] == [8, 1, 7]
    assert office[8:13] == [3, 2, "政府债务", 0, 1]
    assert by_code[world.civil.code][3] == "未发布"
    filtered = login(world.supervisor).get("/staff/catalogue/overview/?export=xlsx&state=none")
    ws = openpyxl.load_workbook(io.BytesIO(filtered.content)).active
    assert {r[0] for r in ws.iter_rows(min_row=2, values_only=True)} == {
        world.gov.code,
        world.civil.code,
    }


def test_the_statistics_page_shows_the_same_figures(world, calendar) -> None:
    _office_with_an_overdue_item(world)
    _columns(world)
    units = [world.office, world.civil]
    tables = {t.group.slug: t for t in figure_tables(units, timezone.localdate().year)}
    status = catalogue_status(units, timezone.localdate().year, timezone.localdate())

    def cell(slug: str, unit, label: str):
        t = tables[slug]
        figure = dict(t.rows)[unit][t.labels.index(label)]
        return figure.value if figure else None

    office = status[world.office.pk]
    assert cell("catalogue", world.office, "未按时限公开") == office.flagged == 1
    assert cell("catalogue", world.office, "已关联具体信息") == office.linked == 1
    assert cell("catalogue", world.office, "事项数") == office.items == 8
    assert cell("catalogue", world.civil, "标准目录") == "未发布"
    assert cell("thematic", world.office, "开设栏目") == 3
    assert cell("thematic", world.office, "有信息的栏目") == 2
    assert cell("thematic", world.office, "阶段信息不全的项目") == 1


def test_staff_without_the_statistics_permission_cannot_open_it(world, login) -> None:
    assert login(world.clerk).get("/staff/catalogue/overview/").status_code == 403
    assert login(world.head).get("/staff/catalogue/overview/").status_code == 200
    head_view = login(world.head).get("/staff/catalogue/overview/").content.decode()
    assert f">{world.civil.name}</a>" not in head_view  # the head sees only the own unit
