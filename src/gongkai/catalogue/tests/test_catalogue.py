"""政务公开事项标准目录: the national layout round-trips, a broken file writes nothing, items link
to what fulfils them, and an item whose 公开时限 has passed with nothing published is flagged on
the right day of the working-day calendar."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.checks import check_catalogue
from gongkai.catalogue.layout import parse_catalogue
from gongkai.catalogue.models import Catalogue, CatalogueItem, CatalogueState
from gongkai.catalogue.services import catalogue_import, catalogue_publish
from gongkai.core.errors import ConflictError, ValidationFailed

from .conftest import national_rows, national_xlsx, published_catalogue


def _grid(data: bytes) -> tuple[list[list[object]], set[str]]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    merges = {str(r) for r in ws.merged_cells.ranges if r.min_row >= 2}
    return values, merges


def _import(world, rows=None, **kw):
    data = national_xlsx(rows or national_rows(), **kw)
    return catalogue_import(actor=world.clerk, unit=world.office, name="目录.xlsx", content=data)


def test_a_national_layout_catalogue_imports_item_by_item(world) -> None:
    rows = national_rows(35)
    parsed = _import(world, rows, continuation={7: "《测试区政务公开规定》第五条"})
    assert parsed.tier_labels == ["区级", "街镇级"]
    draft = Catalogue.objects.get(unit=world.office, state=CatalogueState.DRAFT)
    items = list(draft.items.order_by("seq"))
    assert len(items) == 35
    for item, row in zip(items, rows, strict=True):
        expected_basis = row["basis"] + (
            "\n《测试区政务公开规定》第五条" if row["seq"] == 7 else ""
        )
        assert (item.seq, item.level1, item.level2, item.time_limit, item.basis) == (
            row["seq"],
            row["level1"],  # filled down from the merged cell
            row["level2"],
            row["time_limit"],
            expected_basis,
        )
        assert (item.audiences, item.modes, item.tiers) == (
            row["audiences"],
            row["modes"],
            row["tiers"],
        )
    assert AuditEvent.objects.filter(action="catalogue.import").count() == 1


def test_the_export_gives_back_the_same_table(world, client) -> None:
    rows = national_rows(35)
    source = national_xlsx(rows)
    catalogue_import(actor=world.clerk, unit=world.office, name="目录.xlsx", content=source)
    draft = Catalogue.objects.get(unit=world.office, state=CatalogueState.DRAFT)
    catalogue_publish(actor=world.reviewer, unit=world.office, version=draft.version)
    response = client.get(f"/biaozhun/{world.office.code}/catalogue.xlsx")
    assert response.status_code == 200
    exported = response.content
    want_values, want_merges = _grid(source)
    got_values, got_merges = _grid(exported)
    width = len(want_values[0])
    assert [r[:width] for r in got_values] == [r[:width] for r in want_values]
    assert got_merges == want_merges
    again = parse_catalogue("again.xlsx", exported)
    assert [(i.seq, i.level1, i.level2, i.audiences, i.modes, i.tiers) for i in again.items] == [
        (r["seq"], r["level1"], r["level2"], r["audiences"], r["modes"], r["tiers"]) for r in rows
    ]


def test_a_broken_file_writes_nothing_and_names_each_row_and_column(world) -> None:
    rows = national_rows(35)
    rows[4]["time_limit"] = ""
    rows[9]["audiences"] = []
    data = national_xlsx(rows)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active["A20"] = "十七"
    wb.active["K22"] = "对"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationFailed) as exc:
        catalogue_import(
            actor=world.clerk, unit=world.office, name="目录.xlsx", content=out.getvalue()
        )
    problems = exc.value.problems
    assert "第8行F列“公开时限”不能为空" in problems
    assert "第13行“公开对象”至少勾选一项（全社会或特定群体）" in problems
    assert "第20行A列“序号”应为数字，现为“十七”" in problems
    assert "第22行K列“主动”：请用“√”勾选或留空" in problems
    assert not CatalogueItem.objects.exists()
    assert not Catalogue.objects.exists()


def test_a_file_without_the_layout_is_refused_in_chinese(world) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "内容"])
    wb.active.append(["a", "b"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ValidationFailed, match="没有找到表头"):
        catalogue_import(
            actor=world.clerk, unit=world.office, name="x.xlsx", content=out.getvalue()
        )
    with pytest.raises(ValidationFailed, match=r"\.xlsx 或 \.csv"):
        catalogue_import(actor=world.clerk, unit=world.office, name="x.pdf", content=b"%PDF")


def test_the_cli_imports_the_whole_file_or_nothing(world, tmp_path) -> None:
    good = tmp_path / "目录.xlsx"
    good.write_bytes(national_xlsx(national_rows(31)))
    out = io.StringIO()
    call_command(
        "import", "catalogue", str(good), "--unit", world.office.code, "--dry-run", stdout=out
    )
    assert "检查通过（未写入）：31 个事项" in out.getvalue()
    assert not Catalogue.objects.exists()
    call_command("import", "catalogue", str(good), "--unit", world.office.code, stdout=out)
    assert CatalogueItem.objects.count() == 31
    rows = national_rows(31)
    rows[2]["subject"] = ""
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(national_xlsx(rows))
    with pytest.raises(CommandError, match="第6行G列“公开主体”不能为空"):
        call_command("import", "catalogue", str(bad), "--unit", world.office.code)
    assert CatalogueItem.objects.count() == 31  # the draft is unchanged


def test_publishing_keeps_the_earlier_version_with_its_dates(world) -> None:
    _import(world)
    draft = Catalogue.objects.get(state=CatalogueState.DRAFT)
    with pytest.raises(Exception, match="没有权限"):
        catalogue_publish(actor=world.clerk, unit=world.office, version=draft.version)
    first = catalogue_publish(actor=world.reviewer, unit=world.office, version=draft.version)
    _import(world, national_rows(36))
    second_draft = Catalogue.objects.get(state=CatalogueState.DRAFT)
    with pytest.raises(ConflictError):
        catalogue_publish(actor=world.reviewer, unit=world.office, version=second_draft.version - 1)
    second = catalogue_publish(
        actor=world.reviewer, unit=world.office, version=second_draft.version, note="新增一项"
    )
    first.refresh_from_db()
    assert first.state == CatalogueState.SUPERSEDED
    assert first.superseded_on == second.effective_on
    assert (second.number, second.items.count()) == (2, 36)


def _publish_one_item(world, time_limit: str, links, effective: datetime.date) -> Catalogue:
    rows = national_rows(1)
    rows[0]["time_limit"] = time_limit
    return published_catalogue(
        world, rows=rows, links={1: links}, editor=world.clerk, effective_on=effective
    )


def test_an_item_with_20_working_days_and_nothing_published_is_flagged_the_day_after_its_due_date(
    world, calendar
) -> None:
    from gongkai.documents.services import topics_install_defaults

    topics_install_defaults()
    catalogue = _publish_one_item(
        world, "信息形成或变更之日起20个工作日内", [("art20", "7")], datetime.date(2026, 9, 21)
    )
    # 2026-09-21 + 20 working days on the official calendar: 09-25 and 10-01..10-07 are off,
    # Sat 10-10 is worked, so the 20th working day is Mon 10-26 (Mon–Fri counting says 10-19).
    for day, flagged in (("2026-10-19", False), ("2026-10-26", False), ("2026-10-27", True)):
        (check,) = check_catalogue(catalogue, datetime.date.fromisoformat(day))
        assert check.flagged is flagged, day
        assert check.due == datetime.date(2026, 10, 26)
    (check,) = check_catalogue(catalogue, datetime.date(2026, 10, 27))
    assert check.status == "overdue"
    assert "2026年10月26日" in check.reason


def test_an_annual_item_is_flagged_after_31_march_and_cleared_by_a_publication(
    world, calendar, make_doc, publish
) -> None:
    catalogue = _publish_one_item(
        world, "每年3月31日前", [("art20", "7")], datetime.date(2026, 1, 5)
    )
    (check,) = check_catalogue(catalogue, datetime.date(2026, 3, 31))
    assert check.status == "not_yet"
    (check,) = check_catalogue(catalogue, datetime.date(2026, 4, 1))
    assert check.status == "overdue"
    with time_machine.travel(datetime.datetime(2026, 4, 2, 10, tzinfo=datetime.UTC)):
        doc = make_doc(title="2026年部门预算", art20_item=7)
        publish(doc)
    (check,) = check_catalogue(catalogue, datetime.date(2026, 4, 3))
    assert check.status == "ok"
    assert [r.title for r in check.records] == ["2026年部门预算"]


def test_an_item_without_links_or_with_an_unknown_time_limit_is_never_guessed(
    world, calendar
) -> None:
    catalogue = _publish_one_item(world, "视情况而定", [], datetime.date(2026, 1, 5))
    (check,) = check_catalogue(catalogue, datetime.date(2026, 12, 1))
    assert (check.status, check.flagged) == ("unknown", False)
