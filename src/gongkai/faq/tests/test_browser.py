"""The question box and the FAQ pages in a real browser, with axe in both display modes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from gongkai.documents import lifecycle
from gongkai.documents import services as documents
from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
from gongkai.faq import services
from gongkai.faq.models import FaqEntry
from gongkai.portal.tests.test_browser import a11y_report, enter_mode
from gongkai.testing import build_world

pytestmark = pytest.mark.browser


def _seed() -> tuple[int, int]:
    world = build_world()
    documents.topics_install_defaults()
    doc = documents.document_create(
        actor=world.clerk,
        unit=world.office,
        values={**SAMPLE_DOCUMENT, "title": "测试区城乡居民最低生活保障实施办法"},
    )
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    lifecycle.document_publish(actor=world.clerk, document=doc)
    entry = services.faq_create_from_reply(
        actor=world.reviewer,
        question="城乡居民最低生活保障怎么申请？",
        answer="由申请人向户籍所在地的街道办事处提出书面申请，咨询电话13912345678。",
        unit=world.office,
        documents=[doc],
        topic="社会救助",
    )
    services.faq_create_from_reply(
        actor=world.reviewer,
        question="营业执照在哪里办理？",
        answer="到区政务服务中心一楼窗口办理。",
        unit=world.office,
        topic="营商环境",
    )
    return doc.pk, entry.pk


@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_question_box_suggests_first_and_pages_pass_axe(page, axe_violations, mode):
    doc_pk, entry_pk = _seed()
    page.set_default_timeout(30_000)  # a shared, busy machine
    enter_mode(page, mode)
    reports: list[str] = []

    page.goto("/faq/")
    box = page.get_by_label("请输入您的问题，系统会先推荐已有的答复")
    box.fill("我想申请低保，去哪里办")
    suggestion = page.get_by_role("link", name="城乡居民最低生活保障怎么申请？").first
    region = page.locator(".faq-suggest")
    expect(region).to_be_visible()
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region.get_by_role("link").first).to_have_text("城乡居民最低生活保障怎么申请？")
    assert "13912345678" not in page.content()
    # keyboard: the suggestions come right after the field
    box.focus()
    page.keyboard.press("Tab")
    expect(region.get_by_role("link").first).to_be_focused()
    reports.append(a11y_report(page, axe_violations, f"/faq/ with suggestions [{mode}]"))
    region.get_by_role("button", name="此条已解答我的问题：城乡居民最低生活保障怎么申请？").click()
    expect(region.get_by_role("status")).to_contain_text("很高兴问题已解决")
    assert FaqEntry.objects.get(pk=entry_pk).resolved_count == 1
    # the person may still go on: the form's own button is there and enabled
    expect(page.get_by_role("button", name="全站检索")).to_be_enabled()
    suggestion.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("城乡居民最低生活保障怎么申请？")

    for path, proof in (
        (f"/faq/{entry_pk}/", "h1"),
        ("/faq/print/", "dl.faq-list"),
        (f"/xxgk/documents/{doc_pk}/", "#faq-block-title"),
    ):
        page.goto(path)
        expect(page.locator(proof).first).to_be_attached()
        reports.append(a11y_report(page, axe_violations, f"{path} [{mode}]"))
    assert not [r for r in reports if r], "\n".join(r for r in reports if r)


def test_no_horizontal_scroll_at_390px(page):
    _seed()
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/faq/")
    page.get_by_label("请输入您的问题，系统会先推荐已有的答复").fill("营业执照怎么办理")
    expect(page.locator(".faq-suggest")).to_be_visible()
    for path in ("/faq/", "/faq/print/"):
        if path != "/faq/":
            page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390px"
