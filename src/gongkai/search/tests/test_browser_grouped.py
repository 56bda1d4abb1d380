"""Grouped results in a real browser (issue 14, decision 0008): one result per document with its
articles inside, the 本站信息 / 法律法规库 tabs, the issuer and kind of each result; axe-core in
every display mode, no horizontal scroll at 390 px, the library tab reached by keyboard."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

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
from gongkai.search.services import search_index_rebuild

from .test_grouping import MEASURE

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def site_and_library(library_from_file):
    library_from_file.put("m1", MEASURE)
    run_tick()
    search_index_rebuild(actor=None)


@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast", "english"])
def test_grouped_results_tabs_and_issuers_pass_axe_and_fit_a_phone(
    page,  # noqa: F811
    axe_violations,  # noqa: F811
    site_and_library,
    mode,
):
    if mode != "default":
        enter_mode(page, mode)
    page.goto("/search/?q=最低生活保障")
    results = page.locator("ol.search-results > li")
    first = results.first
    # the site's own measure first, its matching articles inside it with their anchors
    expect(first.locator("h3")).to_have_text("示范区城乡居民最低生活保障实施办法")
    expect(first.locator("ul.hit-articles > li")).to_have_count(3)
    anchor = re.compile("^/documents/m1/#" + quote("第") + ".+" + quote("条") + "$")
    for link in first.locator("ul.hit-articles a").all():
        expect(link).to_have_attribute("href", anchor)
    expect(first.locator("p.meta").first).to_contain_text("示范区民政局")  # the issuer
    # a law is one result, whatever number of its articles match; it says it is the library's
    titles = results.locator("h3").all_inner_texts()
    assert len(titles) == len(set(titles))
    tabs = page.get_by_role("navigation", name="Search in" if mode == "english" else "检索范围")
    expect(tabs.locator("li")).to_have_count(3)
    report = a11y_report(page, axe_violations, f"/search/?q=最低生活保障 [{mode}]")
    if os.environ.get("GONGKAI_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/grouped-{mode}.png", full_page=True)
    # the library tab, by keyboard
    library = tabs.get_by_role("link").last
    library.focus()
    page.keyboard.press("Enter")
    expect(tabs.locator('strong[aria-current="page"]')).to_contain_text(
        "Law library" if mode == "english" else "法律法规库"
    )
    expect(page.locator("ol.search-results > li").first.locator("h3 a")).to_have_attribute(
        "href", re.compile(r"^/library/\d+/$")
    )
    report += a11y_report(page, axe_violations, f"/search/?q=最低生活保障&kind=library [{mode}]")
    # a phone: nothing scrolls sideways
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/?q=最低生活保障")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    if os.environ.get("GONGKAI_SCREENSHOTS"):
        page.screenshot(path=f"/tmp/grouped-{mode}-390.png", full_page=True)
    assert not report, report
