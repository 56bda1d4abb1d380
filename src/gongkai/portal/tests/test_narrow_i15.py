"""Public pages at 390 px (a phone): no horizontal scroll (issue 15). Walks the home page, the
disclosure column, the document list and a document page, the application form, tracking and
the verify page, in the standard and the senior-friendly display."""

from __future__ import annotations

import pytest

from gongkai.documents import lifecycle, services
from gongkai.documents.tests.conftest import _tag_if_policy
from gongkai.portal.tests.test_browser import a11y_report, enter_mode
from gongkai.testing import build_world

pytestmark = pytest.mark.browser

WIDTH = 390


def test_public_pages_fit_a_390_px_phone(browser, live_server, axe_violations):
    world = build_world()
    services.topics_install_defaults()
    doc = services.document_create(
        actor=world.clerk, unit=world.office,
        values={"title": "测试区关于进一步加强和规范政务公开工作的实施意见（2026年修订版）",
                "doc_number": "测政办发〔2026〕12号", "doc_kind": "意见", "topic": "0101",
                "art20_item": 1, "written_on": "2026-03-02", "summary": "概述。",
                "body": "<p>第一条 为了规范政务公开工作，制定本意见。</p>"},
    )  # fmt: skip
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    _tag_if_policy(world, doc)  # a policy is published with its 政策标签 (issue 18)
    lifecycle.document_publish(actor=world.clerk, document=doc)
    ctx = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": WIDTH, "height": 800}
    )
    page = ctx.new_page()
    paths = ["/", "/xxgk/", "/xxgk/documents/", f"/xxgk/documents/{doc.pk}/", "/yishenqing/",
             "/yishenqing/track/", "/xxgk/verify/"]  # fmt: skip
    too_wide: list[str] = []
    reports: list[str] = []
    for mode in ("standard", "large-text+high-contrast"):
        if mode != "standard":
            enter_mode(page, mode)
        for path in paths:
            page.goto(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                too_wide.append(f"{path} [{mode}]: {width} px")
            if path in ("/yishenqing/", "/yishenqing/track/"):
                reports.append(a11y_report(page, axe_violations, f"{path} at {WIDTH} px [{mode}]"))
    assert not too_wide, "horizontal scroll at 390 px:\n" + "\n".join(too_wide)
    assert not [r for r in reports if r], "\n\n".join(reports)
