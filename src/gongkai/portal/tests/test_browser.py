"""Browser tests: the public site and the workbench in a real (headless) Chromium.

axe-core checks WCAG 2.0/2.1 A and AA on every public page in the default display, in the
适老化 mode (larger text + high contrast) and in English, and on the staff pages after sign-in.
The other tests drive what only a browser can show: keyboard focus, computed styles, cookies
that persist the display preferences, and the sign-in/sign-out round trip.

The live server makes every test transactional: the tables are emptied after each test, the
calendar seed of the data migration included. Tests that need the 2024 calendar (the reference
deadline example) load it again through the audited calendar service, as an operator would.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from gongkai.audit.models import AuditEvent
from gongkai.core.middleware import acting_through
from gongkai.portal.column import COLUMN_ENTRIES
from gongkai.testing import PASSWORD, build_world
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

pytestmark = pytest.mark.browser

# (path, a selector that proves the page is in the state we mean to check)
PUBLIC_PAGES: list[tuple[str, str]] = [
    ("/", "section.column"),
    ("/xxgk/", "ul.entries"),
    *[(f"/xxgk/{e.slug}/", "nav[aria-label] [aria-current=page]") for e in COLUMN_ENTRIES],
    ("/tools/deadline/", "#id_received"),
    ("/tools/deadline/?received=2024-09-27", "#reply-deadline"),
    ("/tools/deadline/?received=2024-13-45", "#id_received-error"),
    ("/tools/deadline/?received=2024-09-27&pause_start=2024-10-08", "form .error[role=alert]"),
    ("/staff/login/", "#id_password"),
]
STAFF_PAGES: list[tuple[str, str]] = [
    ("/staff/", "#todo-title"),
    ("/staff/units/", "table tbody tr"),
    ("/staff/units/new/", "#id_code"),
    ("/staff/units/import/", "#id_file"),
    ("/staff/people/", "table tbody tr"),
    ("/staff/calendar/", "table caption"),
    ("/staff/calendar/?year=2024", "tr.day-holiday"),
    ("/staff/calendar/import/", "#id_file"),
    ("/staff/audit/", "table tbody tr"),
    ("/staff/deadline/", "#id_received"),
    ("/staff/deadline/?received=2024-09-27", "#reply-deadline"),
]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || '').trim(),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
          left: box.left, top: box.top, width: box.width, height: box.height};
}"""


def load_calendar_2024() -> None:
    """The 2024 holiday arrangement (a no-op while the migration's seed is still there)."""
    with acting_through("cli"):
        calendar_apply_import(actor=None, arrangement=from_chinesecalendar(2024), system=True)


BROKEN_IDREFS = """() => {
  const broken = [];
  const attrs = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-errormessage'];
  for (const el of document.querySelectorAll('*')) {
    const refs = attrs.filter(a => el.hasAttribute(a)).map(a => [a, el.getAttribute(a)]);
    if (el.tagName === 'LABEL' && el.htmlFor) refs.push(['for', el.htmlFor]);
    for (const [attr, value] of refs) {
      for (const id of value.split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          broken.push(`<${el.tagName.toLowerCase()} id="${el.id}"> ${attr} -> #${id} (missing)`);
        }
      }
    }
  }
  return broken;
}"""


def a11y_report(page: Any, axe_violations: Any, label: str) -> str:
    """axe's WCAG A/AA violations, plus ID references (label for, aria-describedby, ...) that
    point at nothing: axe only lists those as "needs review", but a hint or error message that
    is not announced with its field fails WCAG 1.3.1 / 3.3.1 all the same."""
    report = axe_violations(page, label)
    broken = page.evaluate(BROKEN_IDREFS)
    if broken:
        report += f"\n{label}: broken ID references:\n  " + "\n  ".join(broken)
    return report.strip()


def root_font_px(page: Any) -> float:
    page.wait_for_load_state("load")  # the stylesheet is in
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def body_background(page: Any) -> str:
    page.wait_for_load_state("load")
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(FOCUSED))


def assert_focus_visible(info: dict[str, Any]) -> None:
    where = f"focused <{info['tag']}> “{info['text']}” has no visible focus outline: {info}"
    assert info["outlineStyle"] != "none", where
    assert info["outlineWidth"] > 0, where


def tab_to(page: Any, text: str, limit: int = 12) -> dict[str, Any]:
    """Press Tab until the focused element's text is ``text``; fail if it never is."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info["text"] == text:
            return info
        seen.append(info["text"] or info["tag"])
    raise AssertionError(f"“{text}” not reached with {limit} Tab presses; focus went: {seen}")


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def check_pages(page: Any, axe_violations: Any, pages: list[tuple[str, str]], mode: str) -> None:
    reports = []
    for path, proof in pages:
        page.goto(path)
        expect(page.locator(proof).first).to_be_attached()
        report = a11y_report(page, axe_violations, f"{path} [{mode}]")
        if report:
            reports.append(report)
    assert not reports, "\n".join(reports)


HORIZONTAL_SCROLL = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def sweep_pages(
    page: Any,
    axe_violations: Any,
    paths: list[str],
    mode: str,
    widths: tuple[int, ...] = (1280, 390),
) -> list[str]:
    """Each of ``paths`` at each width: its a11y_report and any horizontal scroll, each labelled
    "path [mode, width px]"; an empty list when every page passes."""
    reports = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            label = f"{path} [{mode}, {width}px]"
            report = a11y_report(page, axe_violations, label)
            if report:
                reports.append(report)
            overflow = page.evaluate(HORIZONTAL_SCROLL)
            if overflow > 0:
                reports.append(f"{label}: {overflow}px of horizontal scroll")
    return reports


def enter_mode(page: Any, mode: str) -> None:
    """Switch the display mode through the header buttons, as a visitor would."""
    page.goto("/")
    html = page.locator("html")
    if mode == "large-text+high-contrast":
        page.get_by_role("button", name="放大字号").click()
        expect(html).to_have_class(re.compile(r"\btext-large\b"))
        page.get_by_role("button", name="放大字号").click()
        expect(html).to_have_class(re.compile(r"\btext-xlarge\b"))
        page.get_by_role("button", name="高对比度").click()
        expect(html).to_have_class(re.compile(r"\bhigh-contrast\b"))
    elif mode == "english":
        page.get_by_role("button", name="English").click()
        expect(html).to_have_attribute("lang", "en")
        expect(page.get_by_role("button", name="中文")).to_be_visible()


def test_axe_does_report_a_violation_when_there_is_one(page, axe_violations):
    """Guards the zero-violation assertions below against a silently idle axe."""
    page.set_content(
        '<!doctype html><html lang="zh-Hans"><title>t</title><body><main>'
        '<img src="data:,"><button></button></main></body></html>'
    )
    report = axe_violations(page, "broken fixture page")
    assert "[image-alt]" in report, report
    assert "[button-name]" in report, report
    assert "at img" in report, report
    assert "at button" in report, report


@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast", "english"])
def test_every_public_page_passes_axe(page, axe_violations, mode):
    build_world()  # the guide page lists the units' contact details
    load_calendar_2024()
    enter_mode(page, mode)
    check_pages(page, axe_violations, PUBLIC_PAGES, mode)


@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_staff_pages_pass_axe_after_sign_in(page, axe_violations, mode):
    build_world()
    load_calendar_2024()
    enter_mode(page, mode)
    sign_in(page, "admin")  # every permission: every control on every page is shown
    expect(page.get_by_role("heading", level=1, name="今日待办")).to_be_visible()
    check_pages(page, axe_violations, STAFF_PAGES, mode)

    # A form sent back with errors: each message must be tied to its field.
    page.goto("/staff/units/new/")
    page.get_by_role("button", name="保存").click()
    code = page.get_by_role("textbox", name="代码", exact=True)
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(code).to_have_accessible_description(re.compile("统一社会信用代码.*“代码”不能为空"))
    assert a11y_report(page, axe_violations, f"unit form with errors [{mode}]") == ""


def test_a_refused_upload_is_announced_with_its_file_field(page, axe_violations, tmp_path):
    too_big = tmp_path / "big.csv"
    with too_big.open("wb") as f:  # one byte over the 5 MB import limit
        f.truncate(5 * 1024 * 1024 + 1)
    build_world()
    sign_in(page, "admin")
    expect(page.get_by_role("heading", level=1, name="今日待办")).to_be_visible()
    for path in ("/staff/units/import/", "/staff/calendar/import/"):
        page.goto(path)
        page.get_by_label("文件", exact=True).set_input_files(too_big)
        page.locator("main form button[type=submit]").first.click()
        field = page.get_by_label("文件", exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description("文件超过 5 MB，请拆分后导入")
        assert a11y_report(page, axe_violations, f"{path} with a refused file") == ""


def test_staff_sign_in_and_sign_out_through_the_forms_are_audited(
    page, live_server, axe_violations
):
    world = build_world()
    page.goto("/")
    page.get_by_role("link", name="工作人员登录").click()
    expect(page.get_by_role("heading", level=1, name="工作人员登录")).to_be_visible()

    page.get_by_label("用户名").fill("clerk")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("请输入一个正确的")
    expect(alert).to_contain_text("密码")
    expect(page.get_by_label("用户名")).to_have_value("clerk")
    assert a11y_report(page, axe_violations, "login with error") == ""

    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1, name="今日待办")).to_be_visible()
    expect(page.locator("main")).to_contain_text("王经办")

    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(f"{live_server.url}/")  # the public home page
    expect(page.get_by_role("heading", level=1)).to_have_text(settings.GONGKAI_SITE_NAME)
    expect(page.get_by_role("link", name="工作人员登录")).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_have_count(0)
    # The session is gone: the workbench asks for a sign-in again.
    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/login/\?next=/staff/$"))

    events = list(
        AuditEvent.objects.filter(object_type="user", object_id="clerk").values_list(
            "action", "actor_id", "channel"
        )
    )
    actions = [a for a, _, _ in events]
    assert actions.count("staff.login") == 1, events  # the failed attempt signed nobody in
    assert actions.count("staff.logout") == 1, events
    for action, actor_id, channel in events:
        if action in ("staff.login", "staff.logout"):
            assert actor_id == world.clerk.pk, events
            assert channel == "web", events


def test_larger_text_enlarges_the_root_font_and_persists(page):
    page.goto("/")
    before = root_font_px(page)
    page.get_by_role("button", name="放大字号").click()
    expect(page.get_by_role("button", name="放大字号")).to_have_attribute("aria-pressed", "true")
    after = root_font_px(page)
    assert after > before, (before, after)

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开").click()
    expect(page).to_have_url(re.compile(r"/xxgk/$"))
    assert root_font_px(page) == after
    page.reload()
    assert root_font_px(page) == after

    # A second press enlarges again; the third restores the standard size.
    page.get_by_role("button", name="放大字号").click()
    expect(page.get_by_role("button", name="恢复标准字号")).to_be_visible()
    largest = root_font_px(page)
    assert largest > after, (after, largest)
    page.get_by_role("button", name="恢复标准字号").click()
    expect(page.get_by_role("button", name="放大字号")).to_have_attribute("aria-pressed", "false")
    assert root_font_px(page) == before


def test_high_contrast_switches_to_a_dark_background_and_persists(page):
    page.goto("/")
    assert body_background(page) == "rgb(255, 255, 255)"
    page.get_by_role("button", name="高对比度").click()
    expect(page.get_by_role("button", name="高对比度")).to_have_attribute("aria-pressed", "true")
    assert body_background(page) == "rgb(0, 0, 0)"

    page.get_by_role("link", name="答复期限计算", exact=True).click()
    expect(page).to_have_url(re.compile(r"/tools/deadline/$"))
    assert body_background(page) == "rgb(0, 0, 0)"
    page.reload()
    assert body_background(page) == "rgb(0, 0, 0)"

    page.get_by_role("button", name="高对比度").click()
    expect(page.get_by_role("button", name="高对比度")).to_have_attribute("aria-pressed", "false")
    assert body_background(page) == "rgb(255, 255, 255)"


def test_display_controls_work_by_keyboard_only(page):
    page.goto("/")
    size_before = root_font_px(page)

    info = tab_to(page, "放大字号")
    assert_focus_visible(info)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="放大字号")).to_have_attribute("aria-pressed", "true")
    assert root_font_px(page) > size_before

    info = tab_to(page, "高对比度")
    assert_focus_visible(info)
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="高对比度")).to_have_attribute("aria-pressed", "true")
    assert body_background(page) == "rgb(0, 0, 0)"


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["text"] == "跳到主要内容", info
    assert_focus_visible(info)
    # Shown on screen while focused (it sits off-screen otherwise).
    assert info["left"] >= 0, info
    assert info["top"] >= 0, info
    assert info["width"] > 0, info

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert_focus_visible(focused(page))
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_every_control_on_the_home_page_shows_keyboard_focus(page):
    build_world()
    page.goto("/")
    # Number the controls in document order, then Tab through them all.
    count = page.evaluate(
        """() => {
          const controls = document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea');
          controls.forEach((el, i) => { el.dataset.controlIndex = String(i); });
          return controls.length;
        }"""
    )
    assert count > 10
    order = []
    for _ in range(count):
        page.keyboard.press("Tab")
        info = focused(page)
        assert_focus_visible(info)
        order.append(page.evaluate("document.activeElement.dataset.controlIndex ?? null"))
    # Every control is reached once, in reading order, and the skip link comes first.
    assert order == [str(i) for i in range(count)], order
    assert page.locator("[data-control-index='0']").inner_text() == "跳到主要内容"


def test_deadline_calculator_in_the_browser(page):
    load_calendar_2024()
    page.goto("/")
    page.get_by_role("link", name="答复期限计算", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("依申请公开答复期限计算")

    # Submitting nothing explains what is missing, on the field itself.
    page.get_by_role("button", name="计算").click()
    received = page.get_by_label("收到申请日期", exact=True)
    expect(received).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_received-error")).to_have_text("请填写收到申请日期")

    received.fill("2024-09-27")
    page.get_by_role("button", name="计算").click()
    expect(page).to_have_url(re.compile(r"received=2024-09-27"))
    expect(page.locator("#reply-deadline")).to_have_text("2024年10月30日")
    expect(page.locator("#extended-deadline")).to_have_text("2024年11月27日")
    expect(page.locator(".result .warning")).to_have_count(0)  # not a provisional result
    expect(page.locator(".result ol")).to_contain_text("国庆节")
    expect(page.get_by_label("收到申请日期", exact=True)).to_have_value("2024-09-27")
