"""``gongkai units import`` / ``units list``: whole file or nothing, line-numbered errors, idempotent."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gongkai.audit.models import AuditEvent
from gongkai.org.models import Unit

CSV = """代码,名称,上级代码,简称,类型,联系电话,电子邮箱,行政复议机关,管辖法院
D01,示范区人民政府,,区政府,人民政府,021-1,gk@example.gov.cn,示范市人民政府,示范市铁路运输法院
D01-02,示范区教育局,D01,区教育局,委办局,021-3,,,
D01-01,示范区人民政府办公室,D01,区府办,办公室,021-2,,,
D01-01-01,政务公开科,D01-01,,内设机构,,,,
"""


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("units", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_a_csv_tree_is_imported_with_children_after_parents(csv_file):
    out = run("import", str(csv_file))
    assert "新增 4 个" in out
    office = Unit.objects.get(code="D01-01")
    assert office.parent.code == "D01"
    assert Unit.objects.get(code="D01-01-01").parent == office
    gov = Unit.objects.get(code="D01")
    assert gov.kind == "government"
    assert gov.court == "示范市铁路运输法院"
    assert AuditEvent.objects.filter(action="unit.import.create").count() == 4
    assert set(AuditEvent.objects.values_list("channel", flat=True)) == {"cli"}


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(csv_file):
    run("import", str(csv_file))
    events = AuditEvent.objects.count()
    out = run("import", str(csv_file))
    assert "新增 0 个，更新 0 个，未变 4 个" in out
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_changed_row_updates_only_that_unit(csv_file, tmp_path):
    run("import", str(csv_file))
    changed = tmp_path / "changed.csv"
    changed.write_text(CSV.replace("021-3", "021-33"), encoding="utf-8")
    out = run("import", str(changed))
    assert "更新 1 个" in out
    event = AuditEvent.objects.get(action="unit.import.update")
    assert event.before == {"phone": "021-3"}
    assert event.after == {"phone": "021-33"}


@pytest.mark.django_db
def test_every_bad_row_is_reported_and_nothing_is_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "代码,名称,上级代码,电子邮箱\n"
        "X1,甲机构,,\n"
        "X2,,X1,\n"  # line 3: no name
        "X3,丙机构,NOPE,\n"  # line 4: unknown parent
        "X1,重复,,\n"  # line 5: duplicate code
        "X4,丁机构,X1,not-an-email\n",  # line 6: bad e-mail
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        run("import", str(bad))
    message = str(exc.value)
    assert "未写入任何数据" in message
    assert "第 3 行" in message
    assert "名称" in message
    assert "第 4 行" in message
    assert "NOPE" in message
    assert "第 5 行" in message
    assert "重复" in message
    assert "第 6 行" in message
    assert "电子邮箱" in message
    assert not Unit.objects.exists()
    assert not AuditEvent.objects.filter(object_type="unit").exists()


@pytest.mark.django_db
def test_a_parent_cycle_is_refused(tmp_path):
    path = tmp_path / "cycle.csv"
    path.write_text("代码,名称,上级代码\nA,甲,B\nB,乙,A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="循环"):
        run("import", str(path))
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_missing_headers_are_named(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("编号,名字\n1,甲\n", encoding="utf-8")
    with pytest.raises(CommandError, match="代码、名称、上级代码"):
        run("import", str(path))


@pytest.mark.django_db
def test_an_xlsx_file_imports_the_same_way(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["代码", "名称", "上级代码", "办公时间"])
    ws.append(["Y1", "乙区人民政府", None, "工作日 9:00-17:00"])
    ws.append(["Y1-01", "乙区民政局", "Y1", None])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    assert "新增 2 个" in run("import", str(path))
    assert Unit.objects.get(code="Y1-01").parent.code == "Y1"
    assert Unit.objects.get(code="Y1").office_hours == "工作日 9:00-17:00"


@pytest.mark.django_db
def test_unsupported_and_missing_files_get_clear_messages(tmp_path):
    path = tmp_path / "units.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(CommandError, match=r"\.csv 或 \.xlsx"):
        run("import", str(path))
    with pytest.raises(CommandError, match="找不到文件"):
        run("import", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_list_prints_the_tree_and_json(csv_file):
    run("import", str(csv_file))
    text = run("list")
    assert "共 4 个机构" in text
    assert text.index("示范区人民政府办公室") < text.index("政务公开科")
    data = json.loads(run("list", "--json"))
    assert [d["code"] for d in data] == ["D01", "D01-01", "D01-01-01", "D01-02"]
    by_code = {d["code"]: d for d in data}
    assert by_code["D01-01-01"]["parent"] == "D01-01"
    assert by_code["D01-01-01"]["depth"] == 2


@pytest.mark.django_db
def test_an_import_does_not_undo_a_workbench_edit_saved_while_it_ran(world, tmp_path, monkeypatch):
    """The file sets only the name; an administrator changes the phone on the workbench after
    the import read the units and before it writes. The phone edit stays."""
    from gongkai.org import services

    path = tmp_path / "rename.csv"
    path.write_text(f"代码,名称,上级代码\n{world.office.code},区政府办,{world.gov.code}\n")
    real = services.UnitImportResult

    def edit_meanwhile() -> services.UnitImportResult:
        office = Unit.objects.get(pk=world.office.pk)
        services.unit_update(
            actor=world.admin, unit=office, values={"phone": "021-99999"}, version=office.version
        )
        return real()

    monkeypatch.setattr(services, "UnitImportResult", edit_meanwhile)
    result = services.units_import(actor=world.admin, path=path)
    assert result.updated == [world.office.code]
    office = Unit.objects.get(pk=world.office.pk)
    assert (office.name, office.phone) == ("区政府办", "021-99999")
    assert office.version == 3  # the edit, then the import
    change = AuditEvent.objects.get(action="unit.import.update", object_id=world.office.code)
    assert change.before == {"name": "测试区人民政府办公室"}
    assert change.after == {"name": "区政府办"}
