"""Issue 19 "Must show" in a real browser: a clerk reports progress with evidence, the supervisor
sends a 督办 notice, the unit replies, the public ledger shows the progress; axe finds nothing on
the staff and public pages, and the public ledger fits a 390 px screen."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from gongkai.core.middleware import acting_through
from gongkai.portal.tests.test_browser import a11y_report, sign_in
from gongkai.testing import build_world
from gongkai.workplans.services import plan_import

pytestmark = pytest.mark.browser

CSV = (
    "序号,任务,具体要求,责任单位,责任人,完成时限\n"
    "一、夯实基础工作,,,,,\n"
    "1,编制政府信息主动公开目录,对照条例第二十条确定主动公开内容,测试区人民政府办公室,赵某某,6月30日前\n"
    "2,做好低保信息公开,按月公开,测试区民政局,钱某某,全年\n"
)


def test_clerk_reports_supervisor_presses_unit_replies_public_sees(
    browser, live_server, axe_violations
):
    world = build_world()
    with acting_through("cli"):
        plan = plan_import(
            actor=None, unit=world.gov, year=2026, path="p.csv", content=CSV.encode(), system=True
        ).plan
    assert plan is not None
    task = plan.tasks.get(number=1)

    def new_page(width: int = 1280) -> Any:
        ctx = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900}
        )
        ctx.set_default_timeout(10_000)
        return ctx.new_page()

    # The clerk of the office reports progress with a piece of evidence.
    clerk = new_page()
    sign_in(clerk, "clerk")
    clerk.goto(f"/staff/workplans/task/{task.pk}/")
    assert a11y_report(clerk, axe_violations, "task page (clerk)") == ""
    clerk.get_by_label("状态").select_option("in_progress")
    clerk.get_by_label("进展情况").fill("目录初稿已完成，正在征求各科室意见。")
    clerk.get_by_label("下一步举措").fill("6月中旬前定稿发布。")
    clerk.get_by_label("佐证材料（每行一项：标题 | 链接）").fill("政府信息公开专栏 | /xxgk/")
    clerk.get_by_label("内部备注（不公开）").fill("分管领导尚未审阅")
    clerk.get_by_role("button", name="报送").click()
    expect(clerk.get_by_text("进展已报送。")).to_be_visible()
    expect(clerk.locator("#task-status")).to_have_text("推进中")

    # The supervisor sees the plan's dashboard, sends a 督办 and makes the ledger public.
    sup = new_page()
    sign_in(sup, "supervisor")
    sup.goto(f"/staff/workplans/{plan.pk}/")
    assert a11y_report(sup, axe_violations, "plan page (supervisor)") == ""
    sup.get_by_label("在门户网站公开本台账").check()
    sup.get_by_role("button", name="保存", exact=True).click()
    expect(sup.get_by_text("台账设置已保存。")).to_be_visible()
    sup.goto(f"/staff/workplans/task/{task.pk}/")
    sup.get_by_label("督办事项").fill("请说明目录定稿时间。")
    sup.get_by_label("回复期限（工作日）").fill("3")
    sup.get_by_role("button", name="发出督办").click()
    expect(sup.get_by_text("督办已发出")).to_be_visible()

    # The unit sees the notice in its to-do list and replies.
    clerk.goto("/staff/")
    clerk.get_by_role("link", name="督办待回复").first.click()
    clerk.get_by_role("link", name="第1项").first.click()
    clerk.get_by_label("回复").fill("将于6月15日前定稿发布。")
    clerk.get_by_role("button", name="提交回复").click()
    expect(clerk.get_by_text("督办回复已提交。")).to_be_visible()
    expect(clerk.get_by_text("将于6月15日前定稿发布。")).to_be_visible()
    sup.reload()
    expect(sup.get_by_text("已回复")).to_be_visible()

    # The public ledger shows the progress and evidence, not the person or the internal note.
    for width in (1280, 390):
        citizen = new_page(width)
        citizen.goto("/workplans/")
        citizen.get_by_role("link", name=plan.title).click()
        main = citizen.locator("main")
        expect(main).to_contain_text("目录初稿已完成，正在征求各科室意见。")
        expect(main.get_by_role("link", name="政府信息公开专栏")).to_be_visible()
        text = main.inner_text()
        assert "赵某某" not in text
        assert "分管领导尚未审阅" not in text
        assert a11y_report(citizen, axe_violations, f"public ledger {width}px") == ""
        overflow = citizen.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"horizontal scroll at {width}px: {overflow}px"
        citizen.goto("/workplans/")
        assert a11y_report(citizen, axe_violations, f"public list {width}px") == ""
