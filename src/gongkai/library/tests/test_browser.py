"""The library's pages in a real browser: axe-core, and nothing scrolls sideways at 390 px."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from gongkai.library.models import Law
from gongkai.library.services import library_load
from gongkai.portal.tests.conftest import (  # noqa: F401
    axe,
    axe_violations,
    browser,
    compiled_search,
    page,
)
from gongkai.portal.tests.test_browser import a11y_report

pytestmark = pytest.mark.browser

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# what sticks out on the right, to say so when it does
WIDER = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_the_library_list_and_a_law_pass_axe_and_fit_a_phone(page, axe_violations, laws_file):  # noqa: F811
    library_load(actor=None, path=laws_file)
    law = Law.objects.filter(title="中华人民共和国民法典", body__contains="第五十四条").get()
    report = ""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/library/")
        expect(page.get_by_role("columnheader", name="制定机关")).to_be_visible()
        report += a11y_report(page, axe_violations, f"/library/ [{width}]")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(WIDER)
        page.goto(f"/library/{law.pk}/#第五十四条")
        expect(page.locator('[id="第五十四条"]')).to_be_visible()
        report += a11y_report(page, axe_violations, f"/library/{law.pk}/ [{width}]")
        assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(WIDER)
        if os.environ.get("GONGKAI_SCREENSHOTS"):
            page.screenshot(path=f"/tmp/library-{width}.png")
    assert not report, report
