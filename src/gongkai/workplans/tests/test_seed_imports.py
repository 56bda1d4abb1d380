"""Seeds 002, 003 and 004 made into XLSX / DOCX fixtures and imported: every task compared row by
row (number, task, units by role as written and as resolved, deadline as written and as a date)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from gongkai.workplans.exports import plan_json
from gongkai.workplans.models import WorkPlan
from gongkai.workplans.services import plan_import
from gongkai.workplans.tests.fixtures import (
    DEPTS_004,
    DIVISIONS_002,
    DIVISIONS_003,
    docx_003,
    tree,
    xlsx_002,
    xlsx_004,
)
from gongkai.workplans.tests.seed_tables import EXPECTED_004, SEED_002, SEED_003, SEED_004

pytestmark = pytest.mark.django_db

# Seed 002's 责任 column, read by hand: (牵头, 责任, 配合) names.
RESP_002 = {
    "办公室": ([], ["办公室"], []),
    "中小企业办": ([], ["中小企业办"], []),
    "各处室": ([], ["各处室"], []),
    "中小企业办会同办公室牵头负责": (["中小企业办", "办公室"], [], []),
    "中小企业办及其他相关处室": ([], ["中小企业办", "其他相关处室"], []),
    "办公室、政策研究和法规处牵头,各处室负责": (["办公室", "政策研究和法规处"], ["各处室"], []),
    "办公室与政策研究和法规处牵头,各处室负责": (["办公室", "政策研究和法规处"], ["各处室"], []),
    "办公室及中小企业办牵头": (["办公室", "中小企业办"], [], []),
    "办公室及各处室": ([], ["办公室", "各处室"], []),
    "办公室牵头,各处室负责": (["办公室"], ["各处室"], []),
    "办公室牵头,各处室配合": (["办公室"], [], ["各处室"]),
    "综合规划处、中小企业办会同办公室牵头负责": (["综合规划处", "中小企业办", "办公室"], [], []),
    "综合规划处、产业园区和结构调整处、中小企业办会同办公室牵头负责": (
        ["综合规划处", "产业园区和结构调整处", "中小企业办", "办公室"],
        [],
        [],
    ),
}
DUE_2023 = {
    "全年": None,
    "3月底前": dt.date(2023, 3, 31),
    "4月15日前": dt.date(2023, 4, 15),
    "6月底前": dt.date(2023, 6, 30),
    "8月": dt.date(2023, 8, 31),
    "9月底前": dt.date(2023, 9, 30),
    "12月底前": dt.date(2023, 12, 31),
}


def codes(units, names):
    return [units[n].code for n in names if n in units]


def test_seed_002_xlsx_59_rows_with_merged_task_names_row_by_row():
    units = tree("JXW", "上海市经济和信息化委员会", DIVISIONS_002)
    result = plan_import(
        actor=None, unit=units[""], year=2023, path="002.xlsx", content=xlsx_002(), system=True
    )
    got = plan_json(result.plan)
    assert len(got) == len(SEED_002) == 59
    name = resp = ""
    for row, (n, task_name, content, resp_written, due) in zip(got, SEED_002, strict=True):
        name = task_name if task_name is not None else name  # merged with the row above
        resp = resp_written if resp_written is not None else resp
        lead_names, resp_names, coop_names = RESP_002.get(resp, ([], [resp], []))
        assert row["n"] == n
        assert row["task"] == name
        assert row["requirement"] == content
        assert row["due"] == due
        assert row["due_date"] == (DUE_2023[due].isoformat() if DUE_2023[due] else None)
        assert row["units"] == {
            "lead": codes(units, lead_names),
            "resp": codes(units, resp_names),
            "coop": codes(units, coop_names),
        }, f"row {n}: {resp}"
        joined = {"lead": "、".join(lead_names), "resp": "、".join(resp_names)}
        for role in ("lead", "resp"):
            assert bool(row[role]) == bool(joined[role])
    # rows 39-41 share task 38's name and its 责任 through merged cells
    assert [got[i]["resp"] for i in range(37, 41)] == ["各处室"] * 4
    assert [got[i]["lead"] for i in range(37, 41)] == ["办公室"] * 4
    assert set(result.unmatched) == {"各处室", "其他相关处室"}


def test_seed_003_docx_13_tasks_with_lead_coop_person_and_measures_row_by_row():
    units = tree("KJJ", "市科技局", DIVISIONS_003)
    result = plan_import(
        actor=None, unit=units[""], year=2019, path="003.docx", content=docx_003(), system=True
    )
    got = plan_json(result.plan)
    assert len(got) == 13
    goal = ""
    for i, (row, seed) in enumerate(zip(got, SEED_003, strict=True), start=1):
        g, n_written, task, req, resp, lead, coop, person, measures, _due = seed
        goal = g or goal
        assert row["n"] == i  # (一) … (十三)
        assert (
            n_written
            == f"({'一二三四五六七八九十'[i - 1] if i <= 10 else '十' + '一二三'[i - 11]})"
        )
        assert row["category"] == goal
        assert (row["task"], row["requirement"], row["person"], row["measures"]) == (
            task,
            req,
            person,
            measures,
        )
        assert row["resp"] == resp
        assert row["coop"] == ("" if coop == "——" else coop)
        assert row["due"] == "全年持续推进"
        assert row["due_date"] is None
        lead_names = list(lead.split("、"))
        expected_lead = [units[x].code for x in lead_names if x in units]
        if i == 1:  # "各处负责解读材料起草、报送工作，办公室做好报送材料公开工作"
            expected_lead = [units["办公室"].code]
        assert row["units"]["lead"] == expected_lead, i
        assert row["units"]["resp"] == []  # the city's assignment, not a unit of the bureau
        assert row["units"]["coop"] == []  # 局相关处 / ——
    assert "局相关处" in result.unmatched
    assert "市政府各部门分别落实" in result.unmatched


def test_seed_004_xlsx_61_items_with_units_inside_the_text_row_by_row():
    units = tree("BSQ", "上海市宝山区人民政府", DEPTS_004, short_full=True)
    result = plan_import(
        actor=None, unit=units[""], year=2020, path="004.xlsx", content=xlsx_004(), system=True
    )
    got = plan_json(result.plan)
    assert len(got) == len(EXPECTED_004) == 61
    texts = {k: t for k, t in SEED_004 if isinstance(k, int)}
    cat1 = cat2 = ""
    categories = {}
    for k, t in SEED_004:
        if k == "cat1":
            cat1, cat2 = t, ""
        elif k == "cat2":
            cat2 = t
        else:
            categories[k] = f"{cat1} / {cat2}" if cat2 else cat1
    for row, (n, lead, resp, coop, due) in zip(got, EXPECTED_004, strict=True):
        assert row["n"] == n
        assert row["category"] == categories[n]
        assert texts[n].startswith(row["task"])  # the task without the units' parenthesis
        assert "单位:" not in row["task"]
        assert row["units"] == {
            "lead": codes(units, lead),
            "resp": codes(units, resp),
            "coop": codes(units, coop),
        }, n
        assert row["due"] == due
        expected_date = {
            "": None,
            "6月30日前": "2020-06-30",
            "9月30日前": "2020-09-30",
            "9月30前": "2020-09-30",
        }
        assert row["due_date"] == expected_date[due]
    assert got[0]["lead"] == "区政府办公室、区融媒体中心"
    assert got[0]["resp"] == "各街镇、园区,区政府各委办局、各相关单位"
    assert set(result.unmatched) == {"各街镇", "园区", "区政府各委办局", "各相关单位"}


@pytest.mark.no_audit_guard  # the dry run's rolled-back writes (and their audit event) are the point
def test_the_command_dry_run_prints_the_table_and_unmatched_names_and_writes_nothing(tmp_path):
    tree("JXW", "上海市经济和信息化委员会", DIVISIONS_002)
    f = tmp_path / "分解表.xlsx"
    f.write_bytes(xlsx_002())
    out = io.StringIO()
    call_command(
        "workplan", "import", str(f), "--unit", "JXW", "--year", "2023", "--dry-run", stdout=out
    )
    text = out.getvalue()
    assert "试运行：未写入任何内容" in text
    assert "第48行 46. 发布上海市无线电领域信用分级分类监督管理办法" in text
    assert "各处室" in text  # unmatched names are listed
    assert not WorkPlan.objects.exists()


def test_the_command_imports_and_exports_json_with_the_issue_keys(tmp_path):
    units = tree("JXW", "上海市经济和信息化委员会", DIVISIONS_002)
    f = tmp_path / "分解表.xlsx"
    f.write_bytes(xlsx_002())
    call_command(
        "workplan", "import", str(f), "--unit", "JXW", "--year", "2023", stdout=io.StringIO()
    )
    out = io.StringIO()
    call_command(
        "workplan", "export", "--unit", "JXW", "--year", "2023", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue())
    assert list(data[0]) == [
        "n",
        "category",
        "task",
        "requirement",
        "lead",
        "resp",
        "coop",
        "person",
        "measures",
        "due",
        "due_date",
        "units",
    ]
    assert data[45]["n"] == 46
    assert data[45]["due_date"] == "2023-03-31"
    assert data[45]["units"]["resp"] == [units["综合规划处"].code]


def test_the_xlsx_export_imports_again_to_the_same_plan(tmp_path):
    units = tree("BSQ", "上海市宝山区人民政府", DEPTS_004, short_full=True)
    first = plan_import(
        actor=None, unit=units[""], year=2020, path="004.xlsx", content=xlsx_004(), system=True
    )
    from gongkai.workplans.exports import plan_xlsx

    before = plan_json(first.plan)
    data = plan_xlsx(first.plan)
    again = plan_import(
        actor=None, unit=units[""], year=2020, path="again.xlsx", content=data, system=True
    )
    assert again.replaced == 61
    after = plan_json(again.plan)
    for a, b in zip(before, after, strict=True):
        assert dict(a.items()) == b
