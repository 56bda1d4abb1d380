"""Issue 15 item 7 in the browser: an interpretation's picture in its public page passes axe in
both display modes, has its text alternative, loads, and fits a 390 px phone."""

from __future__ import annotations

import pytest

from gongkai.documents import demo_media, lifecycle, services
from gongkai.portal.tests.test_browser import a11y_report, enter_mode
from gongkai.testing import build_world

pytestmark = pytest.mark.browser


def test_an_interpretations_picture_passes_axe_and_fits_a_phone(
    browser, live_server, axe_violations
):
    world = build_world()
    services.topics_install_defaults()
    doc = services.document_create(
        actor=world.clerk, unit=world.office,
        values={"title": "一图读懂《测试区城乡居民最低生活保障实施办法》", "doc_kind": "其他",
                "topic": "1601", "art20_item": 11, "is_interpretation": True,
                "interpretation_form": "图解", "interpretation_stage": "同步",
                "summary": "图解低保标准。", "body": "<p>低保标准逐年提高。</p>"},
    )  # fmt: skip
    chart = demo_media.allowance_chart("一图读懂低保标准")
    services.attachment_add(
        actor=world.clerk, document=doc, name=chart.name, data=chart.data,
        description=chart.description,
    )  # fmt: skip
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    lifecycle.document_publish(actor=world.clerk, document=doc)
    path = f"/xxgk/documents/{doc.pk}/"
    reports: list[str] = []
    for width in (1280, 390):
        ctx = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": width, "height": 900}
        )
        page = ctx.new_page()
        for mode in ("standard", "large-text+high-contrast"):
            if mode != "standard":
                enter_mode(page, mode)
            page.goto(path)
            img = page.get_by_role("img", name=chart.description)
            img.wait_for()
            loaded = img.evaluate("i => i.complete && i.naturalWidth")
            assert loaded == 960, f"the picture did not load [{mode}, {width} px]"
            box = img.bounding_box()
            assert box is not None
            assert box["width"] <= width
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide at {width} px [{mode}]"
            if report := a11y_report(page, axe_violations, f"{path} at {width} px [{mode}]"):
                reports.append(report)
        ctx.close()
    assert not reports, "\n\n".join(reports)
