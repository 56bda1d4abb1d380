"""The search results page in a real browser: axe-core on results with highlighted snippets and
filter lists, in every display mode, and filtering by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gongkai.core.jobs import run_tick
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.portal.tests.test_browser import a11y_report, enter_mode

from .test_search import DIBAO, DIBAO_15, HUJI, ONE_NET

pytestmark = pytest.mark.browser

STATUS = {"english": "1 result found", "default": "共找到 1 条结果"}
# a count after a filter value, in the page's punctuation
YEAR_2023 = {"english": "2023 (1)", "default": "2023（1）"}


@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast", "english"])
def test_results_and_filters_pass_axe_and_work_by_keyboard(page, axe_violations, memo, mode):  # noqa: F811
    for r in (HUJI, DIBAO, DIBAO_15, ONE_NET):
        memo.put(r.id, [r])
    run_tick()
    if mode != "default":
        enter_mode(page, mode)
    page.goto("/search/?q=低保")
    expect(page.locator("ol.search-results mark").first).to_have_text("低保")
    report = a11y_report(page, axe_violations, f"/search/?q=低保 [{mode}]")
    year = YEAR_2023.get(mode, YEAR_2023["default"])
    link = page.get_by_role("link", name=year)
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(STATUS.get(mode, STATUS["default"]))
    expect(page.locator('aside strong[aria-current="true"]')).to_have_text(year)
    report += a11y_report(page, axe_violations, f"/search/?q=低保&year=2023 [{mode}]")
    assert not report, report
