"""Issue 13 finding 10 in a real browser: the strict Content-Security-Policy refuses nothing the
pages need (public pages, staff pages, the API docs; the receipt's print button: applications/tests/test_browser.py)."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.portal.tests.conftest import browser, compiled_search, page  # noqa: F401
from gongkai.portal.tests.test_browser import sign_in
from gongkai.testing import build_world

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/xxgk/", "/xxgk/documents/", "/tools/deadline/", "/yishenqing/", "/api/docs"]
STAFF = ["/staff/", "/staff/units/", "/staff/people/", "/staff/audit/", "/staff/applications/"]


def _watch(tab: Any) -> list[str]:
    refused: list[str] = []
    tab.on(
        "console",
        lambda msg: (
            refused.append(f"{tab.url}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    return refused


def test_no_page_breaks_the_content_security_policy(page):  # noqa: F811
    build_world()
    refused = _watch(page)
    for path in PUBLIC:
        response = page.goto(path)
        assert response is not None
        assert "script-src 'self'" in (response.header_value("content-security-policy") or "")
        page.wait_for_load_state("load")
    sign_in(page, "admin")
    for path in STAFF:
        page.goto(path)
        page.wait_for_load_state("load")
    assert refused == []


def test_the_api_docs_render_under_the_policy(page):  # noqa: F811
    refused = _watch(page)
    page.goto("/api/docs")
    page.locator(".swagger-ui .info .title").first.wait_for()
    assert refused == []
