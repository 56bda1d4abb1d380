"""Staff list pages at 390 px (a phone): no horizontal scroll (issue 15, item 5).

On the demo data (every capability's lists filled), each staff persona signs in and opens every
page its workbench navigation links to (the built-in links and those registered in
workbench.nav: to-do, applications, documents, reports, moderation, 政民互动, 标准目录, …), in
the standard and the senior-friendly display (largest text, high contrast). The page itself
never scrolls sideways: a wide table scrolls inside its own box, and axe finds no violation
(a scrolling table is reachable by keyboard)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.demo.data import DEMO_PASSWORD
from gongkai.portal.tests.conftest import axe, axe_violations, browser  # noqa: F401
from gongkai.portal.tests.test_browser import a11y_report, sign_in

pytestmark = pytest.mark.browser

WIDTH = 390
# one persona per role: clerk, reviewer, head, supervisor, administrator, a bureau's clerk
PERSONAS = ("jingban", "shenhe", "fuzeren", "zhuguan", "admin", "minzheng")
NAV_LINKS = "[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))"
SIZES = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _senior_mode(page) -> None:
    """放大字号 twice (the largest text) and 高对比度, as a visitor would switch them."""
    for name in ("放大字号", "放大字号", "高对比度"):
        page.get_by_role("button", name=name).click()
    page.wait_for_function("document.documentElement.classList.contains('high-contrast')")


def test_every_staff_list_fits_a_390_px_phone(browser, live_server, axe_violations):  # noqa: F811
    call_command("demo-data", stdout=io.StringIO())
    too_wide: list[str] = []
    reports: list[str] = []
    opened: set[str] = set()
    checked_axe: set[tuple[str, str]] = set()
    for username in PERSONAS:
        ctx = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": WIDTH, "height": 800}
        )
        ctx.set_default_timeout(20_000)
        page = ctx.new_page()
        sign_in(page, username, DEMO_PASSWORD)
        page.wait_for_url("**/staff/**")
        links = [h for h in page.evaluate(NAV_LINKS) if h and h.startswith("/staff/")]
        assert "/staff/" in links, f"{username}: no workbench navigation"
        for mode in ("standard", "senior"):
            if mode == "senior":
                _senior_mode(page)
            for href in links:
                page.goto(href)
                opened.add(href)
                width, client = page.evaluate(SIZES)
                if width > client:
                    too_wide.append(f"{href} as {username} [{mode}]: {width} px in {client} px")
                if (href, mode) not in checked_axe:
                    checked_axe.add((href, mode))
                    label = f"{href} at {WIDTH} px as {username} [{mode}]"
                    if report := a11y_report(page, axe_violations, label):
                        reports.append(report)
        ctx.close()
    # the lists the issue names, and the new capabilities' registered staff pages
    for expected in ("/staff/", "/staff/applications/", "/staff/documents/", "/staff/reports/",
                     "/staff/moderation/", "/staff/interaction/", "/staff/workplans/"):  # fmt: skip
        assert expected in opened, f"{expected} was not in any persona's navigation"
    assert len(opened) >= 15, sorted(opened)
    assert not too_wide, "horizontal scroll at 390 px:\n" + "\n".join(too_wide)
    assert not reports, "\n\n".join(reports)
