"""重点领域: typed entries per column, published only when complete, with their deadlines,
stages and year-on-year figures, in the 法定主动公开内容 listing, search and the API."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.errors import ValidationFailed
from gongkai.thematic.columns import COLUMNS_BY_SLUG
from gongkai.thematic.importer import import_entries
from gongkai.thematic.models import Entry, EntryState
from gongkai.thematic.search_source import changes, entry_records
from gongkai.thematic.selectors import entry_due, missing_stages, year_on_year
from gongkai.thematic.services import (
    columns_enable,
    entry_publish,
    entry_save,
    entry_withdraw,
    stage_add,
)

SEVEN = {
    "year": "2026",
    "title": "老旧小区加装电梯补贴项目",
    "overview": "为本区老旧住宅加装电梯给予补贴",
    "basis": "《测试区老旧住宅加装电梯实施办法》",
    "implementer": "测试区住房保障局",
    "plan": "按申请先后审核拨付",
    "period": "2026年1月至12月",
    "budget": "1200",
    "targets": "完成加装100台，居民满意度90%以上",
}


def _publish(world, column, raw):
    e = entry_save(actor=world.clerk, unit=world.office, column=column, raw=raw)
    return entry_publish(actor=world.reviewer, entry_id=e.pk, version=e.version)


def test_a_project_budget_without_its_performance_targets_cannot_be_published(
    world, client
) -> None:
    draft = entry_save(
        actor=world.clerk,
        unit=world.office,
        column="project-budget",
        raw={**SEVEN, "targets": ""},
    )
    with pytest.raises(ValidationFailed) as exc:
        entry_publish(actor=world.reviewer, entry_id=draft.pk, version=draft.version)
    assert "发布前须填写“绩效目标”" in exc.value.problems
    assert Entry.objects.get(pk=draft.pk).state == EntryState.DRAFT
    columns_enable(actor=world.clerk, unit=world.office, columns=["project-budget"])
    done = _publish(world, "project-budget", SEVEN)
    page = client.get(f"/zhongdian/project-budget/{done.pk}/").content.decode()
    for f in COLUMNS_BY_SLUG["project-budget"].fields:
        if f.key not in ("title", "year"):
            assert f"<dt>{f.label}</dt>" in page
            assert SEVEN[f.key] in page
    assert client.get(f"/zhongdian/project-budget/{draft.pk}/").status_code == 404  # a draft


def test_wrong_formats_are_named_field_by_field(world) -> None:
    with pytest.raises(ValidationFailed) as exc:
        entry_save(
            actor=world.clerk,
            unit=world.office,
            column="three-public",
            raw={"title": "三公经费", "year": "二〇二六", "abroad": "十万", "kind": "预決算"},
        )
    assert exc.value.problems == [
        "“年度”应为数字，现为“二〇二六”",
        "“类型”应为预算、决算之一，现为“预決算”",
        "“因公出国（境）费（万元）”应为数字，现为“十万”",
    ]


def test_three_public_expenses_are_compared_with_the_year_before(world) -> None:
    base = {"kind": "预算", "vehicles": "50", "reception": "10"}
    _publish(
        world,
        "three-public",
        {**base, "title": "2025年三公经费预算", "year": "2025", "abroad": "20"},
    )
    now = _publish(
        world,
        "three-public",
        {**base, "title": "2026年三公经费预算", "year": "2026", "abroad": "15"},
    )
    rows = {label: (this, prev, change) for label, this, prev, change in year_on_year(now)}
    assert rows["因公出国（境）费（万元）"] == ("15", "20", "-25.0%")
    assert rows["公务接待费（万元）"] == ("10", "10", "+0.0%")


def test_a_major_project_shows_what_its_stages_still_miss(world, client) -> None:
    project = _publish(
        world,
        "major-project",
        {
            "title": "测试区第一中学迁建工程",
            "code": "2026-310000-01",
            "owner": "测试区教育局",
            "location": "测试区幸福路",
            "investment": "52000",
            "status": "在建",
        },
    )
    assert len(missing_stages(project)) == 8
    project = stage_add(
        actor=world.clerk,
        entry_id=project.pk,
        version=project.version,
        stage="批准结果",
        title="可行性研究报告批复",
        url="/xxgk/documents/1/",
        dated=datetime.date(2026, 3, 2),
    )
    assert "批准结果" not in missing_stages(project)
    assert len(missing_stages(project)) == 7
    with pytest.raises(ValidationFailed, match="阶段应为"):
        stage_add(
            actor=world.clerk,
            entry_id=project.pk,
            version=project.version,
            stage="拆迁",
            title="x",
            url="/x",
            dated=None,
        )
    columns_enable(actor=world.clerk, unit=world.office, columns=["major-project"])
    page = client.get(f"/zhongdian/major-project/{project.pk}/").content.decode()
    assert "可行性研究报告批复" in page
    assert "尚未公开：" in page


def test_a_proposal_reply_is_due_three_months_after_assignment(world) -> None:
    raw = {
        "year": "2026",
        "kind": "人大代表建议",
        "number": "第012号",
        "title": "关于增设公交线路的建议",
        "author": "张代表",
        "lead": "测试区交通委",
        "assigned_on": "2026-03-31",
    }
    entry = entry_save(actor=world.clerk, unit=world.office, column="proposal", raw=raw)
    due = entry_due(entry, datetime.date(2026, 6, 30))
    assert due is not None
    assert (due.due, due.overdue) == (datetime.date(2026, 6, 30), False)
    later = entry_due(entry, datetime.date(2026, 7, 1))
    assert later is not None
    assert later.overdue
    with pytest.raises(ValidationFailed) as exc:  # the reply in full before it is published
        entry_publish(actor=world.reviewer, entry_id=entry.pk, version=entry.version)
    assert "发布前须填写“答复全文”" in exc.value.problems


def test_a_random_check_result_is_due_20_working_days_after_it_was_formed(world, calendar) -> None:
    entry = entry_save(
        actor=world.clerk,
        unit=world.office,
        column="random-check",
        raw={
            "year": "2026",
            "title": "食品经营抽查结果",
            "kind": "抽查结果",
            "formed_on": "2026-09-21",
            "body": "抽查12家，合格11家",
        },
    )
    # 09-25, 10-01/02, 10-05..07 off; Sat 10-10 worked: the 20th working day is 10-26
    on_the_day = entry_due(entry, datetime.date(2026, 10, 26))
    day_after = entry_due(entry, datetime.date(2026, 10, 27))
    assert on_the_day is not None
    assert day_after is not None
    assert on_the_day.due == datetime.date(2026, 10, 26)
    assert not on_the_day.overdue
    assert day_after.overdue


def test_entries_are_listed_under_their_art20_item_and_searchable(world, client) -> None:
    entry = _publish(world, "project-budget", SEVEN)
    page = client.get("/xxgk/statutory/").content.decode()
    section = page[page.index('id="art20-7"') :].split("</section>")[0]
    assert SEVEN["title"] in section
    (record,) = entry_records(entry)
    assert record.metadata["content_type"] == "项目预算"
    assert "绩效目标：完成加装100台" in record.body
    assert dict(changes())[f"thematic:{entry.pk}"][0].title == SEVEN["title"]
    assert list(changes()) == []  # consumed
    entry_withdraw(
        actor=world.reviewer, entry_id=entry.pk, version=entry.version, reason="数据有误"
    )
    assert dict(changes())[f"thematic:{entry.pk}"] == []  # removed from the index


def _xlsx(rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_import_is_all_or_nothing_and_a_reimport_changes_nothing(world, tmp_path) -> None:
    header = ["标题", "服务内容", "收费标准", "服务网点", "联系方式", "投诉渠道"]
    good = [
        header,
        ["测试区自来水公司", "供水", "按阶梯水价", "三个营业厅", "021-12345678", "12345"],
        ["测试区燃气公司", "供气", "按价格主管部门核定", "两个营业厅", "021-87654321", "12345"],
    ]
    f = tmp_path / "企事业.xlsx"
    f.write_bytes(_xlsx(good))
    call_command(
        "import", "thematic", str(f), "--unit", world.office.code, "--column", "public-institution"
    )
    assert Entry.objects.count() == 2
    call_command(
        "import", "thematic", str(f), "--unit", world.office.code, "--column", "public-institution"
    )
    assert Entry.objects.count() == 2
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(_xlsx([["标题", "年度", "类型"], ["a", "2026", "预算"], ["", "x", "预算"]]))
    with pytest.raises(CommandError) as exc:
        call_command(
            "import", "thematic", str(bad), "--unit", world.office.code, "--column", "budget"
        )
    assert "第3行：“年度”应为数字，现为“x”" in str(exc.value)
    assert "第3行：“标题”不能为空" in str(exc.value)
    assert Entry.objects.count() == 2
    with pytest.raises(ValidationFailed, match="不是本栏目的字段"):
        import_entries(
            actor=world.clerk,
            unit=world.office,
            column="budget",
            name="x.xlsx",
            content=_xlsx([["标题", "预算金额"], ["a", "1"]]),
        )


def test_public_lists_and_the_api_show_only_published_entries_of_enabled_columns(
    world, client
) -> None:
    _publish(world, "project-budget", SEVEN)
    entry_save(
        actor=world.clerk,
        unit=world.office,
        column="project-budget",
        raw={**SEVEN, "title": "草稿项目"},
    )
    assert client.get("/zhongdian/project-budget/").status_code == 404  # not enabled yet
    columns_enable(actor=world.clerk, unit=world.office, columns=["project-budget", "debt"])
    listing = client.get("/zhongdian/project-budget/").content.decode()
    assert SEVEN["title"] in listing
    assert "草稿项目" not in listing
    index = client.get("/zhongdian/").content.decode()
    assert "项目预算" in index
    assert "政府债务" in index
    api = client.get("/api/public/thematic/columns/project-budget/entries").json()
    assert [e["title"] for e in api] == [SEVEN["title"]]
    assert api[0]["values"]["targets"] == SEVEN["targets"]
    assert (
        client.get("/api/public/thematic/columns/project-budget/entries?year=99999").status_code
        == 400
    )
    assert client.get("/api/public/thematic/entries/999999").status_code == 404


def test_staff_pages_save_publish_and_refuse_a_stale_edit(world, login) -> None:
    c = login(world.clerk)
    r = c.post(
        "/staff/thematic/project-budget/new/",
        {**SEVEN, "targets": "", "unit": world.office.code, "version": 0},
    )
    assert r.status_code == 302
    entry = Entry.objects.get()
    r = login(world.reviewer).post(
        f"/staff/thematic/project-budget/{entry.pk}/",
        {**SEVEN, "targets": "", "version": entry.version, "action": "publish"},
    )
    assert "发布前须填写“绩效目标”" in r.content.decode()
    stale = c.post(
        f"/staff/thematic/project-budget/{entry.pk}/", {**SEVEN, "version": entry.version + 5}
    )
    assert "已被他人修改" in stale.content.decode()
    assert (
        login(world.other_clerk).get(f"/staff/thematic/project-budget/{entry.pk}/").status_code
        == 404
    )


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_the_thematic_pages_pass_axe_and_fit_a_phone(page, axe_violations, mode) -> None:
    from gongkai.portal.tests.test_browser import enter_mode, sweep_pages
    from gongkai.testing import build_world

    world = build_world()
    columns_enable(
        actor=world.clerk,
        unit=world.office,
        columns=["project-budget", "three-public", "major-project"],
    )
    budget = _publish(world, "project-budget", SEVEN)
    base = {"kind": "预算", "vehicles": "50", "reception": "10"}
    _publish(
        world,
        "three-public",
        {**base, "title": "2025年三公经费预算", "year": "2025", "abroad": "20"},
    )
    three = _publish(
        world,
        "three-public",
        {**base, "title": "2026年三公经费预算", "year": "2026", "abroad": "15"},
    )
    project = _publish(
        world,
        "major-project",
        {
            "title": "第一中学迁建工程",
            "code": "2026-01",
            "owner": "教育局",
            "location": "幸福路",
            "investment": "52000",
            "status": "在建",
        },
    )
    enter_mode(page, mode)
    paths = [
        "/zhongdian/",
        "/zhongdian/project-budget/",
        f"/zhongdian/project-budget/{budget.pk}/",
        f"/zhongdian/three-public/{three.pk}/",
        f"/zhongdian/major-project/{project.pk}/",
    ]
    reports = sweep_pages(page, axe_violations, paths, mode)
    page.goto("/zhongdian/")
    page.get_by_role("link", name="项目预算").click()
    page.get_by_role("link", name=SEVEN["title"]).click()
    assert "绩效目标" in page.content()
    assert not reports, "\n".join(reports)
