"""Progress, 督办, name mapping, access, the public ledger's privacy, to-do figures, the 30-working-
day check of subordinate plans, part 六 and the import's refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.core.errors import AccessDenied, ConflictError, ValidationFailed
from gongkai.testing import World, make_unit
from gongkai.workbench.todo import todo_items
from gongkai.workplans import selectors, services
from gongkai.workplans.exports import plan_json
from gongkai.workplans.models import Notice, NoticeState, Status, Task, WorkPlan
from gongkai.workplans.services import EvidenceIn

pytestmark = pytest.mark.django_db

CSV = (
    "序号,任务,具体要求,责任单位,责任人,完成时限\n"
    "1,编制公开目录,按条例第二十条编制,测试区人民政府办公室,赵某某,3月底前\n"
    "2,做好低保信息公开,按月公开,测试区民政局,钱某某,全年\n"
    "3,梳理公开事项,,各相关单位,,9月30前\n"
    ",（续）并动态更新,,,,\n"
)


def make_plan(world: World, year: int = 2024) -> WorkPlan:
    result = services.plan_import(
        actor=world.supervisor, unit=world.gov, year=year, path="p.csv", content=CSV.encode()
    )
    assert result.plan is not None
    return result.plan


def task(plan: WorkPlan, n: int) -> Task:
    return plan.tasks.get(number=n)


def test_a_continuation_row_without_a_number_goes_on_from_the_task_above(world):
    plan = make_plan(world)
    rows = plan_json(plan)
    assert [r["n"] for r in rows] == [1, 2, 3]
    assert rows[2]["task"] == "梳理公开事项\n（续）并动态更新"
    assert rows[0]["units"]["resp"] == [world.office.code]
    assert rows[1]["units"]["resp"] == [world.civil.code]
    assert rows[2]["units"]["resp"] == []
    assert [r["due_date"] for r in rows] == ["2024-03-31", None, "2024-09-30"]


def test_a_broken_file_writes_nothing_and_names_the_rows(world):
    bad = "序号,任务,完成时限\n1,甲,全年\nX,乙,全年\n1,丙,全年\n3,,全年\n"
    with pytest.raises(ValidationFailed) as exc:
        services.plan_import(
            actor=world.supervisor, unit=world.gov, year=2024, path="b.csv", content=bad.encode()
        )
    assert exc.value.problems == [
        "第3行：序号“X”不是数字，请写成 1、2、3 或（一）（二）",
        "第4行：序号 1 与第2行重复，请检查序号",
        "第5行：任务为空，请填写任务名称或内容",
    ]
    assert not WorkPlan.objects.exists()


@pytest.mark.no_audit_guard  # the dry run's rolled-back writes (and their audit event) are the point
def test_only_managers_import_and_a_dry_run_writes_nothing(world):
    with pytest.raises(AccessDenied):
        services.plan_import(
            actor=world.clerk, unit=world.gov, year=2024, path="p.csv", content=CSV.encode()
        )
    result = services.plan_import(
        actor=world.supervisor,
        unit=world.gov,
        year=2024,
        path="p.csv",
        content=CSV.encode(),
        dry_run=True,
    )
    assert len(result.tasks) == 3
    assert result.unmatched == {"各相关单位": 1}
    assert not WorkPlan.objects.exists()


def test_a_mapped_name_is_remembered_for_the_next_import(world):
    plan = make_plan(world)
    changed = services.name_map(
        actor=world.supervisor,
        owner=world.gov,
        name="各相关单位",
        units=[world.office, world.civil],
    )
    assert changed == 1
    assert plan_json(plan)[2]["units"]["resp"] == [world.office.code, world.civil.code]
    again = make_plan(world, 2025)
    assert plan_json(again)[2]["units"]["resp"] == [world.office.code, world.civil.code]
    services.name_map(
        actor=world.supervisor, owner=world.gov, name="各相关单位", units=[], not_a_unit=True
    )
    assert plan_json(again)[2]["units"]["resp"] == []


def test_the_responsible_unit_reports_progress_and_the_status_follows(world):
    plan = make_plan(world)
    t1 = task(plan, 1)
    with pytest.raises(AccessDenied):  # the civil affairs clerk is not responsible for task 1
        services.progress_report(
            actor=world.other_clerk,
            task=t1,
            unit=world.office,
            version=t1.version,
            status=Status.IN_PROGRESS,
            text="x",
        )
    with pytest.raises(ValidationFailed) as exc:
        services.progress_report(
            actor=world.clerk,
            task=t1,
            unit=world.office,
            version=t1.version,
            status=Status.DONE,
            text="完成",
        )
    assert "至少附一项佐证材料" in exc.value.message
    services.progress_report(
        actor=world.clerk,
        task=t1,
        unit=world.office,
        version=t1.version,
        status=Status.DONE,
        text="目录已发布",
        evidence=[EvidenceIn("政府信息公开目录", "/xxgk/")],
    )
    t1.refresh_from_db()
    assert t1.status == Status.DONE
    with pytest.raises(ConflictError):  # a second editor who read the old version
        services.progress_report(
            actor=world.head,
            task=t1,
            unit=world.office,
            version=t1.version - 1,
            status=Status.DELAYED,
            text="延期",
        )


def test_a_notice_has_a_working_day_reply_deadline_and_the_unit_replies(world):
    plan = make_plan(world)
    t1 = task(plan, 1)
    with pytest.raises(AccessDenied):
        services.notice_send(actor=world.clerk, task=t1, unit=world.office, text="请加快")
    friday = dt.date(2024, 9, 27)  # 5 working days, National Day week off, Sunday 09-29 worked
    from gongkai.core.middleware import acting_through
    from gongkai.workdays.arrangement import from_chinesecalendar
    from gongkai.workdays.services import calendar_apply_import

    with acting_through("cli"):
        calendar_apply_import(actor=None, arrangement=from_chinesecalendar(2024), system=True)
    notice = services.notice_send(
        actor=world.supervisor,
        task=t1,
        unit=world.office,
        text="请说明进度",
        reply_workdays=5,
        today=friday,
    )
    assert notice.reply_due == dt.date(2024, 10, 10)
    with pytest.raises(AccessDenied):
        services.notice_reply(
            actor=world.other_clerk, notice=notice, version=notice.version, reply="x"
        )
    services.notice_reply(
        actor=world.clerk, notice=notice, version=notice.version, reply="已完成初稿"
    )
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPLIED
    with pytest.raises(ConflictError):
        services.notice_reply(
            actor=world.head, notice=notice, version=notice.version - 1, reply="再答"
        )


def test_todo_shows_overdue_tasks_and_open_notices_to_the_unit_and_late_ones_to_the_supervisor(
    world,
):
    plan = make_plan(world)
    t1 = task(plan, 1)
    today = dt.date(2024, 4, 10)  # task 1 was due 2024-03-31
    f = selectors.todo_figures(world.clerk, today)
    assert (f.overdue, f.due_soon) == (1, 0)
    assert (
        selectors.todo_figures(world.other_clerk, today).overdue == 0
    )  # 民政局: task 2 is all year
    services.notice_send(
        actor=world.supervisor, task=t1, unit=world.office, text="请说明", today=dt.date(2024, 4, 1)
    )
    assert selectors.todo_figures(world.clerk, today).notices_open == 1
    assert selectors.todo_figures(world.supervisor, today).notices_late == 1
    labels = {i.label for i in todo_items(world.clerk)}
    assert "督办待回复" in labels


def test_the_dashboard_counts_by_category_and_unit(world):
    plan = make_plan(world)
    services.progress_report(
        actor=world.other_clerk,
        task=task(plan, 2),
        unit=world.civil,
        version=1,
        status=Status.IN_PROGRESS,
        text="按月公开中",
    )
    d = selectors.dashboard(plan, dt.date(2024, 4, 10))
    assert (d.overall.total, d.overall.of(Status.IN_PROGRESS), d.overall.overdue) == (3, 1, 1)
    by_unit = {t.label: (t.total, t.overdue) for t in d.by_unit}
    assert by_unit == {
        world.office.name: (1, 1),
        world.civil.name: (1, 0),
        "各相关单位（未对应）": (1, 0),
    }


def test_the_public_ledger_shows_progress_but_no_person_and_no_internal_note(world, client: Client):
    plan = make_plan(world)
    services.progress_report(
        actor=world.clerk,
        task=task(plan, 1),
        unit=world.office,
        version=1,
        status=Status.IN_PROGRESS,
        text="目录初稿已完成",
        internal_note="领导尚未审定，勿外传",
        evidence=[EvidenceIn("目录初稿说明", "/xxgk/")],
    )
    url = reverse("workplans_public:detail", args=[plan.pk])
    assert client.get(url).status_code == 404  # not public yet
    services.plan_update(
        actor=world.supervisor, plan=plan, version=plan.version, values={"is_public": True}
    )
    page = client.get(url).content.decode()
    assert "目录初稿已完成" in page
    assert "目录初稿说明" in page
    assert "赵某某" not in page
    assert "勿外传" not in page
    api = client.get(f"/api/public/workplans/{plan.pk}").json()
    assert api[0]["progress"] == "目录初稿已完成"
    assert "赵某某" not in str(api)
    assert "勿外传" not in str(api)


def test_subordinate_plans_are_checked_against_30_working_days(world):
    plan = make_plan(world)
    plan = services.plan_update(
        actor=world.supervisor,
        plan=plan,
        version=plan.version,
        values={"published_on": dt.date(2024, 3, 1)},
    )
    office_plan = services.plan_import(
        actor=world.head, unit=world.office, year=2024, path="o.csv", content=CSV.encode()
    ).plan
    assert office_plan is not None
    services.plan_update(
        actor=world.head,
        plan=office_plan,
        version=office_plan.version,
        values={"published_on": dt.date(2024, 4, 1)},
    )
    checks = {c.unit.code: c for c in selectors.subordinate_checks(plan, dt.date(2024, 6, 1))}
    assert checks[world.office.code].state == "on_time"
    assert checks[world.civil.code].state == "missing"
    assert checks[world.office.code].due > dt.date(2024, 4, 1)


def test_part_six_draft_reaches_the_annual_report(world):
    plan = make_plan(world)
    services.progress_report(
        actor=world.clerk,
        task=task(plan, 1),
        unit=world.office,
        version=1,
        status=Status.DONE,
        text="目录已发布",
        evidence=[EvidenceIn("目录", "/xxgk/")],
    )
    part = selectors.annual_report_part6(world.gov, 2024, dt.date(2025, 1, 10))
    assert part is not None
    assert "分解为 3 项任务" in part.paragraph
    assert "已完成 1 项" in part.paragraph
    from gongkai.reports.assemble import prefill_texts, unit_tables

    texts = prefill_texts(world.gov, [world.gov.pk], 2024, unit_tables(world.gov, 2024))
    assert "分解为 3 项任务" in texts["part6"]


def test_staff_pages_report_progress_and_send_a_notice(world, client: Client):
    plan = make_plan(world)
    t1 = task(plan, 1)
    client.force_login(world.clerk)
    url = reverse("workplans:task", args=[t1.pk])
    assert "报送进展" in client.get(url).content.decode()
    r = client.post(
        url,
        {
            "action": "report",
            "unit": world.office.code,
            "status": Status.IN_PROGRESS,
            "text": "已起草",
            "evidence": "起草说明 | /xxgk/",
            "version": t1.version,
        },
    )
    assert r.status_code == 302
    t1.refresh_from_db()
    assert t1.status == Status.IN_PROGRESS
    assert "发出督办" not in client.get(url).content.decode()  # the clerk cannot press anyone
    client.force_login(world.supervisor)
    r = client.post(
        url,
        {
            "action": "notice",
            "unit": world.office.code,
            "text": "请月底前完成",
            "reply_workdays": 3,
        },
    )
    assert r.status_code == 302
    assert Notice.objects.filter(task=t1, state=NoticeState.OPEN).count() == 1
    client.force_login(world.other_clerk)  # 民政局 has task 2 in the plan, not task 1
    page = client.get(url).content.decode()
    assert "已起草" in page
    assert "报送进展" not in page


def test_a_new_unit_below_is_matched_by_short_name(world):
    make_unit("G0001-03", "测试区教育局", world.gov, short_name="区教育局")
    csv = "序号,任务,牵头单位,配合单位\n1,甲,区教育局,测试区民政局和测试区人民政府办公室\n"
    plan = services.plan_import(
        actor=world.supervisor, unit=world.gov, year=2024, path="c.csv", content=csv.encode()
    ).plan
    assert plan is not None
    row = plan_json(plan)[0]
    assert row["units"] == {
        "lead": ["G0001-03"],
        "resp": [],
        "coop": [world.civil.code, world.office.code],
    }


def test_open_notice_dates_follow_a_calendar_change(world):
    plan = make_plan(world)
    friday = dt.date(2024, 9, 27)  # Sunday 09-29 worked, National Day week off
    notice = services.notice_send(
        actor=world.supervisor, task=task(plan, 1), unit=world.office, text="请说明", today=friday
    )
    assert notice.reply_due == dt.date(2024, 10, 10)
    from gongkai.core.middleware import acting_through
    from gongkai.workdays.arrangement import from_chinesecalendar
    from gongkai.workdays.services import calendar_apply_import

    changed = from_chinesecalendar(2024)  # a corrected arrangement: no National Day holidays
    for day in range(1, 8):
        changed.holidays.pop(dt.date(2024, 10, day), None)
    with acting_through("cli"):
        calendar_apply_import(actor=None, arrangement=changed, replace=True, system=True)
    notice.refresh_from_db()
    assert notice.reply_due == dt.date(2024, 10, 3)


@pytest.mark.no_audit_guard  # the dry run's rolled-back writes (and their audit event) are the point
def test_the_import_page_checks_first_and_refuses_a_broken_file_by_line(world, client: Client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.supervisor)
    url = reverse("workplans:import")
    data = {"unit": world.gov.code, "year": 2024, "title": "", "dry_run": "on"}
    page = client.post(url, {**data, "file": SimpleUploadedFile("p.csv", CSV.encode())})
    text = page.content.decode()
    assert "检查结果（未写入）" in text
    assert "各相关单位（1）" in text
    assert not WorkPlan.objects.exists()
    bad = client.post(
        url, {**data, "file": SimpleUploadedFile("b.csv", "序号,任务\nX,甲\n".encode())}
    )
    assert "第2行：序号“X”不是数字" in bad.content.decode()


def test_the_import_page_imports(world, client: Client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.supervisor)
    url = reverse("workplans:import")
    data = {"unit": world.gov.code, "year": 2024, "title": ""}
    r = client.post(url, {**data, "file": SimpleUploadedFile("p.csv", CSV.encode())})
    plan = WorkPlan.objects.get()
    assert r.status_code == 302
    assert r["Location"] == reverse("workplans:plan", args=[plan.pk])
    assert plan.tasks.count() == 3
