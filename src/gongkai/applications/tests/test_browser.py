"""The whole flow in a real browser (issue 3 "Must show"): a citizen applies online, a clerk
asks for a correction, the correction arrives, the head extends, the reply is a partial
disclosure, delivered and archived; the applicant follows each step with the tracking code; the
letters download as .docx and PDF with the right dates. Pages are checked with axe (WCAG A/AA)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.applications.models import Application
from gongkai.core.middleware import acting_through
from gongkai.portal.tests.test_browser import a11y_report, sign_in
from gongkai.testing import build_world
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

pytestmark = pytest.mark.browser


def _cn(d) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def act(page: Any, label: str, fields: dict[str, str] | None = None) -> None:
    page.reload()  # others may have acted since this page was loaded
    box = page.locator("details", has=page.locator("summary", has_text=label))
    box.locator("summary").click()
    for name, value in (fields or {}).items():
        field = box.get_by_label(name, exact=False).first
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    box.locator("button[type=submit]").click()
    expect(page.get_by_text("已办理。")).to_be_visible()


def track(page: Any, code: str) -> str:
    page.goto("/yishenqing/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("联系电话，或证件号码后 4 位").fill("4321")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name=f"申请 {code}")).to_be_visible()
    return page.locator("main").inner_text()


def test_citizen_and_clerks_take_a_case_from_application_to_archive(
    browser, live_server, axe_violations
):
    world = build_world()
    today = timezone.localdate()
    with acting_through("cli"):
        for year in {today.year, today.year + 1} & set(range(2004, 2027)):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)

    def new_page():
        ctx = browser.new_context(base_url=live_server.url, locale="zh-CN")
        ctx.set_default_timeout(10_000)
        return ctx.new_page()

    citizen = new_page()
    citizen.goto("/yishenqing/")
    assert a11y_report(citizen, axe_violations, "apply form") == ""
    citizen.get_by_role("button", name="提交申请").click()  # empty: clear messages
    expect(citizen.get_by_text("请写明所需政府信息的名称")).to_be_visible()
    citizen.get_by_label("申请向哪个机关公开").select_option(world.office.code)
    citizen.get_by_label("申请人类型").select_option("natural")
    citizen.get_by_label("姓名或单位名称").fill("钱浏览")
    citizen.get_by_label("证件类型").select_option("id_card")
    citizen.get_by_label("证件号码").fill("110101199202024321")
    citizen.get_by_label("联系电话").fill("13811112222")
    citizen.get_by_label("通信地址").fill("测试市浏览路一号")
    citizen.get_by_label("所需政府信息的名称、文号或描述").fill("本区2025年道路维修工程的验收报告")
    citizen.get_by_role("button", name="提交申请").click()
    expect(citizen.get_by_role("heading", name="政府信息公开申请回执")).to_be_visible()
    assert a11y_report(citizen, axe_violations, "receipt") == ""
    # the print button works from a static file under the strict CSP (no inline handler)
    citizen.evaluate("window.print = () => { window.__printed = true; }")
    citizen.get_by_role("button", name="打印回执").click()
    assert citizen.evaluate("window.__printed === true")
    code = citizen.locator("strong").first.inner_text()
    assert re.fullmatch(r"GK\d{4}-[0-9A-Z]{6}", code)

    clerk = new_page()
    sign_in(clerk, "clerk")
    clerk.goto(f"/staff/applications/{code}/")
    expect(clerk.get_by_text("期限如何计算")).to_be_visible()
    assert a11y_report(clerk, axe_violations, "case page") == ""
    act(clerk, "登记受理")
    act(clerk, "发出补正告知书", {"需要补正的事项": "请写明工程名称或合同编号"})
    text = track(citizen, code)
    assert "待申请人补正" in text
    assert "补正告知书" in text
    assert a11y_report(citizen, axe_violations, "tracking page") == ""
    act(clerk, "收到补正材料", {"补正内容摘要": "已补充合同编号"})
    act(clerk, "分办/转办理人")

    head = new_page()
    sign_in(head, "head")
    head.goto(f"/staff/applications/{code}/")
    act(head, "批准延期答复", {"延长工作日数": "20", "延期理由": "需调取外单位档案"})
    due = Application.objects.get(tracking_code=code).due_on

    act(
        clerk,
        "拟写答复",
        {
            "答复类型": "partial",
            "答复正文": "现将验收报告（已作区分处理）提供给您。",
            "不予公开的内容及理由": "施工人员身份证号|涉及个人隐私（条例第十五条）",
        },
    )
    reviewer = new_page()
    sign_in(reviewer, "reviewer")
    reviewer.goto(f"/staff/applications/{code}/")
    act(reviewer, "审批答复")
    act(clerk, "出具答复")
    act(clerk, "送达", {"送达方式": "post", "邮件单号": "EMS1234567890"})
    act(clerk, "办结归档")
    text = track(citizen, code)
    for step in (
        "收到申请",
        "已发出补正告知书",
        "收到补正材料",
        "延期答复",
        "已出具答复书",
        "已送达",
        "办结归档",
    ):
        assert step in text, step
    assert "部分公开" in text
    assert "钱浏览" not in text
    assert "13811112222" not in text

    from docx import Document

    letters = clerk.locator("#h-letters + ul li")
    expect(letters).to_have_count(3)  # 补正告知书, 延期答复告知书, 答复书
    with clerk.expect_download() as dl:
        letters.filter(has_text="延期答复告知书").get_by_role("link", name="Word（.docx）").click()
    doc = Document(io.BytesIO(Path(dl.value.path()).read_bytes()))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert _cn(due) in body
    assert _cn(today) in body
    with clerk.expect_download() as dl:
        letters.filter(has_text="政府信息公开申请答复书").get_by_role("link", name="PDF").click()
    pdf = Path(dl.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    with clerk.expect_download() as dl:
        letters.filter(has_text="政府信息公开申请答复书").get_by_role(
            "link", name="Word（.docx）"
        ).click()
    body = "\n".join(
        p.text for p in Document(io.BytesIO(Path(dl.value.path()).read_bytes())).paragraphs
    )
    assert "施工人员身份证号：涉及个人隐私" in body
    assert _cn(today) in body
    assert Application.objects.get(tracking_code=code).state == "closed"

    # Every staff page of the module passes axe (WCAG 2.0/2.1 A and AA), the closed case too.
    for path in (
        f"/staff/applications/{code}/",
        "/staff/applications/",
        "/staff/applications/new/",
        "/staff/applications/dashboard/",
        "/staff/applications/convert/",
    ):
        clerk.goto(path)
        assert a11y_report(clerk, axe_violations, path) == ""
    admin = new_page()
    sign_in(admin, "admin")
    admin.goto("/staff/applications/letters/")
    assert a11y_report(admin, axe_violations, "letter templates") == ""
