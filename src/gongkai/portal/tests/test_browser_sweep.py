"""Every public HTML page the URLconf offers passes axe — discovered, not hand-listed.

A new public page joins this check automatically. Pages whose URL takes an argument (a document,
a report) are checked by their own module's browser tests with real objects.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from gongkai.portal.tests.test_browser import a11y_report, enter_mode
from gongkai.testing import build_world

NOT_PAGES = ("staff/", "api/", "i18n/", "prefs/", "healthz", "admin/")
# Sample input so that pages that answer a query show their full result state.
QUERIES = {"search/": "?q=政府信息公开", "tools/deadline/": "?received=2024-09-27"}


def _walk(patterns: list[Any], prefix: str = "") -> list[str]:
    out = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out.extend(_walk(p.url_patterns, prefix + str(p.pattern)))
        elif isinstance(p, URLPattern):
            out.append(prefix + str(p.pattern))
    return out


def public_routes() -> list[str]:
    routes = []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith(NOT_PAGES) or "<" in route or "(?P" in route:
            continue
        routes.append(route.lstrip("^").rstrip("$"))
    return sorted(set(routes))


def test_the_sweep_finds_the_known_public_pages():
    routes = public_routes()
    for expected in ("", "xxgk/", "tools/deadline/"):
        assert expected in routes


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_every_discovered_public_page_passes_axe(page, axe_violations, mode):
    build_world()
    if mode != "default":
        enter_mode(page, mode)
    reports, checked = [], []
    for route in public_routes():
        if route.endswith((".xlsx", ".docx", ".pdf", ".csv", ".zip")):
            continue  # a file download: the browser saves it, there is no page to check
        url = "/" + route + QUERIES.get(route, "")
        if page.request.get(url).status == 405:
            continue  # a POST-only action (e.g. rating a reply): not a page
        response = page.goto(url)
        assert response is not None, route
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue  # feeds, sitemaps, downloads
        assert response.status < 500, (route, response.status)
        if response.status >= 400:
            continue  # e.g. a page that needs a query parameter
        checked.append(route)
        report = a11y_report(page, axe_violations, f"/{route} [{mode}]")
        if report:
            reports.append(report)
    assert len(checked) >= 3, checked
    assert not reports, "\n".join(reports)


@pytest.mark.browser
def test_the_not_found_page_is_the_sites_own_and_passes_axe(page, axe_violations):
    response = page.goto("/no-such-page/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.locator("a[href='/']").count() >= 1  # a way back
    report = a11y_report(page, axe_violations, "/no-such-page/ [404]")
    assert not report, report
