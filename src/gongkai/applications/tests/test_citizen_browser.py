"""The applicant's side in a real browser (issue 15): track with the code and phone, read what the
correction notice asks, download the notice, correct online with a file, see the period restart;
download a released file under a meaningful name. axe in both display modes."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.applications.files import casefile_add
from gongkai.applications.models import Application
from gongkai.applications.public_views import _public_units
from gongkai.applications.services import application_act, application_submit_online
from gongkai.applications.tests.conftest import CASE, PERSON
from gongkai.applications.unitmatch import match_units, unit_keys
from gongkai.core.middleware import acting_through
from gongkai.org.selectors import unit_tree
from gongkai.portal.tests.test_browser import a11y_report, enter_mode
from gongkai.testing import build_world, tiny_pdf, tiny_png
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

pytestmark = pytest.mark.browser


def _act(user, code: str, action: str, **payload: str) -> None:
    app = Application.objects.get(tracking_code=code)
    application_act(actor=user, code=code, action=action, version=app.version, payload=payload)


def test_the_applicant_reads_the_notice_and_corrects_online(
    browser, live_server, axe_violations, tmp_path
):
    world = build_world()
    today = timezone.localdate()
    with acting_through("cli"):
        for year in {today.year, today.year + 1} & set(range(2004, 2027)):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)
    app = application_submit_online(unit=world.office, values=CASE, applicant=PERSON)
    code = app.tracking_code
    _act(world.clerk, code, "register")
    _act(world.clerk, code, "request_correction", what="请写明所需资金使用情况的年度和项目名称")
    reports: list[str] = []

    ctx = browser.new_context(base_url=live_server.url, locale="zh-CN")
    ctx.set_default_timeout(10_000)
    page = ctx.new_page()
    for mode in ("standard", "large-text+high-contrast"):
        if mode != "standard":
            enter_mode(page, mode)
        page.goto("/yishenqing/track/")
        page.get_by_label("查询码").fill(code)
        page.get_by_label("联系电话，或证件号码后 4 位").fill(PERSON["phone"])
        page.get_by_role("button", name="查询").click()
        expect(page.locator("#correction-what")).to_have_text(
            "请写明所需资金使用情况的年度和项目名称"
        )
        reports.append(a11y_report(page, axe_violations, f"tracking, correction asked [{mode}]"))
    # the PDF is rendered on request (WeasyPrint): allow for a busy machine
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("link", name=re.compile(r"^下载 PDF\s*：补正告知书$")).click(
            timeout=60_000
        )
    assert dl.value.suggested_filename == f"{code}-3-补正告知书.pdf"
    with open(dl.value.path(), "rb") as fh:
        assert fh.read().startswith(b"%PDF")

    photo = tmp_path / "合同首页.png"
    photo.write_bytes(tiny_png(20, 20))
    page.get_by_label("补正内容").fill(
        "所需信息为2024年老旧小区改造项目（梧桐小区）的资金使用情况。"
    )
    page.get_by_label("补正材料（可选").set_input_files(str(photo))
    page.get_by_role("button", name="提交补正").click()
    expect(page.get_by_text("补正材料已提交")).to_be_visible()
    expect(page.locator("#track-state")).to_have_text("办理中")
    app.refresh_from_db()
    assert app.state == "handling"
    assert app.events.get(kind="receive_correction").on == today
    expect(page.get_by_role("button", name="提交补正")).to_have_count(0)
    reports.append(a11y_report(page, axe_violations, "tracking after correction"))

    casefile_add(
        actor=world.clerk, code=code, kind="released", name="IMG_2041.pdf", data=tiny_pdf(),
        note="梧桐小区改造资金使用明细（已隐去个人信息）",
    )  # fmt: skip
    page.goto("/yishenqing/track/")  # the same browser session: no need to type the code again
    name = f"{code}-1-梧桐小区改造资金使用明细.pdf"
    with page.expect_download() as dl:
        page.get_by_role("link", name=name).click()
    assert dl.value.suggested_filename == name
    reports.append(a11y_report(page, axe_violations, "tracking with a released file"))
    assert not [r for r in reports if r], "\n\n".join(reports)


def test_the_unit_search_narrows_the_list_of_agencies(browser, live_server, axe_violations):
    world = build_world()
    ctx = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = ctx.new_page()
    page.goto("/yishenqing/")
    page.get_by_text("如何选择受理机关").click()
    expect(page.get_by_text("制作或保存")).to_be_visible()
    search = page.get_by_label("查找受理机关")
    # 民政 finds the civil affairs bureau, not the 人民政府 whose name happens to contain 民政
    search.fill("民政")
    expect(page.locator("#unit-filter-status")).to_have_text("找到 1 个机关")
    hidden = page.evaluate(
        "[...document.querySelectorAll('#id_unit option')].filter(o => o.hidden).map(o => o.value)"
    )
    assert world.gov.code in hidden
    assert world.office.code in hidden
    assert world.civil.code not in hidden
    # the only match is chosen for the applicant
    expect(page.get_by_label("申请向哪个机关公开")).to_have_value(world.civil.code)
    report = a11y_report(page, axe_violations, "apply form with the unit search")
    # the script ranks as unitmatch does: the shown options, in order, are match_units'
    units = [n.unit for n in unit_tree(_public_units())]  # the list's (tree) order
    keys = [unit_keys(u.name, u.short_name) for u in units]
    shown = "[...document.querySelectorAll('#id_unit option')].filter(o => o.value && !o.hidden)"
    for query in ("人民政府", "办公室", "测试区", "政府", "民", "局"):
        search.fill(query)
        expected = [u.code for u in match_units(query, units, keys)]
        assert page.evaluate(shown + ".map(o => o.value)") == expected, query
    search.fill("政局")
    expect(page.locator("#unit-filter-status")).to_contain_text("没有名称中含这个词的机关")
    search.fill("")  # cleared: the whole list in its own order again
    order = page.evaluate(shown + ".map(o => o.value)")
    assert order == [u.code for u in units]
    # keyboard: type, then Tab to the list and choose with the arrow keys
    search.fill("民政")
    page.keyboard.press("Tab")
    expect(page.get_by_label("申请向哪个机关公开")).to_be_focused()
    assert report == ""
