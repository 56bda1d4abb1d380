from __future__ import annotations

import datetime
import io

import pytest

from gongkai.catalogue.models import Catalogue, CatalogueState
from gongkai.catalogue.services import (
    catalogue_import,
    catalogue_item_save,
    catalogue_publish,
    item_values,
)
from gongkai.core.middleware import acting_through
from gongkai.documents.tests.conftest import _media, _taxonomy, make_doc, publish  # noqa: F401
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

LEVEL1 = ["机构职能", "规划计划", "财政信息", "行政许可", "行政处罚", "政策文件", "社会救助"]
TIERS = ["区级", "街镇级"]


@pytest.fixture
def calendar(db):
    with acting_through("cli"):
        for year in (2025, 2026):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)


def national_rows(n: int = 35) -> list[dict]:
    """``n`` items in 7 一级事项 groups, as a district would write them."""
    rows = []
    for i in range(1, n + 1):
        g = LEVEL1[(i - 1) * len(LEVEL1) // n]
        rows.append(
            {
                "seq": i,
                "level1": g,
                "level2": f"{g}事项{i}",
                "content": f"公开内容要素{i}：名称、依据、结果",
                "basis": "《中华人民共和国政府信息公开条例》第二十条",
                "time_limit": ["信息形成或变更之日起20个工作日内", "每年3月31日前", "实时"][i % 3],
                "subject": "测试区人民政府办公室",
                "channels": "政府网站、政务新媒体",
                "audiences": ["全社会"] if i % 4 else ["全社会", "特定群体"],
                "modes": ["主动"] if i % 5 else ["主动", "依申请"],
                "tiers": ["区级"] if i % 2 else ["区级", "街镇级"],
            }
        )
    return rows


def national_xlsx(rows: list[dict], *, continuation: dict[int, str] | None = None) -> bytes:
    """The national layout written by hand with openpyxl (not with the module under test):
    a title row, two header rows with their merges, 一级事项 merged down over each group, and
    continuation rows (no 序号) adding a line of 公开依据 to the item above."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["测试区人民政府办公室政务公开事项标准目录"])
    ws.merge_cells("A1:N1")
    ws.append(
        [
            "序号",
            "公开事项",
            None,
            "公开内容（要素）",
            "公开依据",
            "公开时限",
            "公开主体",
            "公开渠道和载体",
            "公开对象",
            None,
            "公开方式",
            None,
            "公开层级",
            None,
        ]
    )
    ws.append(
        [
            None,
            "一级事项",
            "二级事项",
            None,
            None,
            None,
            None,
            None,
            "全社会",
            "特定群体",
            "主动",
            "依申请",
            *TIERS,
        ]
    )
    for rng in (
        "A2:A3",
        "B2:C2",
        "D2:D3",
        "E2:E3",
        "F2:F3",
        "G2:G3",
        "H2:H3",
        "I2:J2",
        "K2:L2",
        "M2:N2",
    ):
        ws.merge_cells(rng)
    tick = lambda on: "√" if on else None  # noqa: E731
    group_start = 4
    previous = None
    r = 4
    continuation = continuation or {}
    for row in rows:
        if previous is not None and row["level1"] != previous and r - 1 > group_start:
            ws.merge_cells(start_row=group_start, start_column=2, end_row=r - 1, end_column=2)
        if row["level1"] != previous:
            group_start = r
        ws.append(
            [
                row["seq"],
                row["level1"] if row["level1"] != previous else None,
                row["level2"],
                row["content"],
                row["basis"],
                row["time_limit"],
                row["subject"],
                row["channels"],
                tick("全社会" in row["audiences"]),
                tick("特定群体" in row["audiences"]),
                tick("主动" in row["modes"]),
                tick("依申请" in row["modes"]),
                *[tick(t in row["tiers"]) for t in TIERS],
            ]
        )
        previous = row["level1"]
        r += 1
        if row["seq"] in continuation:
            ws.append([None, None, None, None, continuation[row["seq"]]])
            r += 1
    if r - 1 > group_start:
        ws.merge_cells(start_row=group_start, start_column=2, end_row=r - 1, end_column=2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def link_items(actor, unit, links: dict[int, list[tuple[str, str]]]) -> Catalogue:
    """Link the items of the unit's draft by 序号 (``{seq: [(kind, value), ...]}``), each item
    saved with its own fields unchanged, as the workbench's item form does; the draft after."""
    draft = Catalogue.objects.get(unit=unit, state=CatalogueState.DRAFT)
    for seq, item_links in links.items():
        item = draft.items.get(seq=seq)
        catalogue_item_save(
            actor=actor,
            unit=unit,
            values=item_values(item),
            links=item_links,
            version=item.version,
            seq=seq,
        )
    draft.refresh_from_db()
    return draft


def published_catalogue(
    world,
    unit=None,
    rows: int | list[dict] = 8,
    *,
    links: dict[int, list[tuple[str, str]]] | None = None,
    editor=None,
    publisher=None,
    effective_on: datetime.date | None = None,
) -> Catalogue:
    """The unit's (by default the office's) catalogue imported from ``rows`` (a number of
    ``national_rows`` or the rows themselves) by ``editor`` (by default the administrator),
    its items ``links`` linked, and published by ``publisher`` (by default the reviewer)."""
    unit = unit or world.office
    editor = editor or world.admin
    data = national_xlsx(national_rows(rows) if isinstance(rows, int) else rows)
    catalogue_import(actor=editor, unit=unit, name="目录.xlsx", content=data)
    draft = link_items(editor, unit, links or {})
    return catalogue_publish(
        actor=publisher or world.reviewer,
        unit=unit,
        version=draft.version,
        effective_on=effective_on,
    )
