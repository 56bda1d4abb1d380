"""``gongkai import decisions``: the catalogue from XLSX, whole file or nothing, errors by line."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.participation.models import Catalogue, CatalogueItem


def _xlsx(tmp_path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        ["序号", "决策事项", "承办单位", "决策依据", "计划完成时间", "听证", "专家论证", "风险评估"]
    )
    for r in rows:
        ws.append(r)
    p = tmp_path / "目录.xlsx"
    out = io.BytesIO()
    wb.save(out)
    p.write_bytes(out.getvalue())
    return p


def test_a_good_file_is_imported_as_a_draft_catalogue(world, tmp_path):
    p = _xlsx(
        tmp_path,
        [
            [
                1,
                "示范区养老服务设施布局规划",
                "区民政局",
                "《老年人权益保障法》",
                "2026年10月",
                "是",
                "否",
                "是",
            ],
            [2, "示范区停车设施专项规划", "区交通委", "", "2026年12月", "", "是", ""],
        ],
    )
    out = io.StringIO()
    call_command(
        "import", "decisions", str(p), "--unit", world.office.code, "--year", "2026", stdout=out
    )
    assert "2 项" in out.getvalue()
    cat = Catalogue.objects.get(unit=world.office, year=2026)
    assert cat.published_on is None
    first = cat.items.get(number=1)
    assert (first.hearing, first.expert_review, first.risk_assessment) == (True, False, True)


def test_a_bad_file_writes_nothing_and_names_each_line(world, tmp_path):
    p = _xlsx(
        tmp_path,
        [
            [1, "示范区养老服务设施布局规划", "区民政局", "", "", "是", "否", "否"],
            [2, "", "区交通委", "", "", "", "", ""],
            [3, "某规划", "区府办", "", "", "可能", "", ""],
        ],
    )
    with pytest.raises(CommandError) as exc:
        call_command("import", "decisions", str(p), "--unit", world.office.code, "--year", "2026")
    assert "第3行：“决策事项”不能为空" in str(exc.value)
    assert "第4行：“听证”应填“是”或“否”" in str(exc.value)
    assert CatalogueItem.objects.count() == 0
    assert Catalogue.objects.count() == 0
