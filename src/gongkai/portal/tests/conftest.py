"""Browser fixtures: Debian's Chromium driven by Playwright, axe-core for accessibility checks.

Playwright's own browser download is not used (and not needed): the tests launch the system
Chromium (``scripts/ensure-browser.sh`` installs it). One browser per session, a fresh context
(cookies, storage) and page per test.
"""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The success criteria axe checks: WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def chromium_path() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


# One Playwright + Chromium per test process, shared by every module's ``browser`` fixture:
# other apps' conftests import these fixtures, which gives pytest one fixture definition per
# directory; a second sync_playwright() in the same session would fail inside the first one's
# event loop. Stopped at the end of the session (or at exit).
_SHARED: dict[str, Any] = {}


def _shared_browser() -> Any:
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        # Playwright's sync API keeps an event loop running in this thread; the ORM calls the
        # tests make here (building the test world, reading the audit log) are still sync code.
        _SHARED["previous_async_unsafe"] = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        # Playwright gives every launch a fresh temporary --user-data-dir.
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        atexit.register(_stop_shared_browser)
    return _SHARED["browser"]


def _stop_shared_browser() -> None:
    browser = _SHARED.pop("browser", None)
    playwright = _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()
        previous = _SHARED.pop("previous_async_unsafe", None)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _stop_shared_browser()


@pytest.fixture(scope="session")
def browser() -> Any:
    return _shared_browser()


@pytest.fixture(scope="session")
def compiled_search() -> None:
    """The search's compiled code loaded before any page asks for it: compiling it the first
    time on a machine takes longer than a page may (search/engine.warm_compiled)."""
    from gongkai.search.engine import warm_compiled

    warm_compiled()


@pytest.fixture
def page(browser: Any, live_server: Any, compiled_search: None) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _describe(label: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{label}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"  [{v['id']}] ({v.get('impact')}) {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"      at {target}: {node['html'][:160]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " / ")
                lines.append(f"        {summary}")
    return "\n".join(lines)


@pytest.fixture
def axe_violations(axe: Any) -> Callable[[Any, str], str]:
    """Run axe (WCAG 2.0/2.1 A and AA) on the current page; return a report, "" when clean."""

    def run(page: Any, label: str = "") -> str:
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        return _describe(label or page.url, violations) if violations else ""

    return run
