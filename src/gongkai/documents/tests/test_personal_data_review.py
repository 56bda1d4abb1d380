"""Personal data in a document is shown to the reviewer before approval, and approval needs an
explicit confirmation with a reason (review finding: a mobile number in the body was approved
and published without a word)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import ValidationFailed
from gongkai.documents import lifecycle, privacy_review
from gongkai.documents.models import State

BODY = (
    "<p>各街道、各部门：</p><p>现将有关事项通知如下。</p>"
    "<p>联系人：王先生，手机13812345678。</p>"
    "<p>联系电话：021—60001001</p>"
)


def _submitted(world, make_doc, **values):
    doc = make_doc(**values)
    lifecycle.document_submit(actor=world.clerk, document=doc)
    doc.refresh_from_db()
    return doc


def test_the_findings_say_what_and_where(world, make_doc):
    doc = make_doc(
        title="关于张三（身份证号11010519491231002X）的通报",
        summary="来信请寄 wang@example.com",
        body=BODY + "<p>2024年度</p><p>13912345678</p>",
    )
    found = [(f.where, f.kind, f.text) for f in privacy_review.findings(doc)]
    assert found == [
        ("标题", "id_number", "11010519491231002X"),
        ("内容概述", "email", "wang@example.com"),
        ("正文", "mobile", "13812345678"),
        ("正文", "landline", "021—60001001"),
        # paragraphs end lines: "2024年度" and the number are not read as one number
        ("正文", "mobile", "13912345678"),
    ]
    mobile = privacy_review.findings(doc)[2]
    assert mobile.before.endswith("王先生，手机")
    assert mobile.after.startswith("。")


def test_a_document_without_personal_data_is_approved_as_before(world, make_doc):
    doc = _submitted(world, make_doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
    event = AuditEvent.objects.filter(action="document.approve").get()
    assert "personal_data" not in event.after


def test_a_phone_number_in_the_body_stops_approval_until_confirmed_with_a_reason(world, make_doc):
    doc = _submitted(world, make_doc, body=BODY)
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.document_approve(
            actor=world.reviewer,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
        )
    assert "正文：手机号码“13812345678”" in exc.value.message
    assert "正文：电话号码“021—60001001”" in exc.value.message
    assert "如单位办公电话" in exc.value.message
    doc.refresh_from_db()
    assert doc.state == State.SUBMITTED

    with pytest.raises(ValidationFailed, match="请写明疑似个人信息可以公开的理由"):
        lifecycle.document_approve(
            actor=world.reviewer,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
            personal_data_confirmed=True,
            personal_data_reason="  ",
        )
    lifecycle.document_approve(
        actor=world.reviewer,
        document=doc,
        disclosure_mode="主动公开",
        confidentiality_checked=True,
        personal_data_confirmed=True,
        personal_data_reason="均为本单位对外公布的联系电话",
    )
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
    event = AuditEvent.objects.filter(action="document.approve").get()
    assert event.after["personal_data"]["reason"] == "均为本单位对外公布的联系电话"
    assert {"where": "正文", "kind": "手机号码", "text": "13812345678"} in event.after[
        "personal_data"
    ]["findings"]


def test_a_document_not_to_be_published_is_not_held_up(world, make_doc):
    doc = _submitted(world, make_doc, body=BODY)
    lifecycle.document_approve(
        actor=world.reviewer,
        document=doc,
        disclosure_mode="不予公开",
        disclosure_basis="条例第十五条",
        confidentiality_checked=True,
    )
    doc.refresh_from_db()
    assert doc.state == State.APPROVED


def test_the_review_page_shows_the_findings_and_asks_for_the_confirmation(world, make_doc, login):
    doc = _submitted(world, make_doc, body=BODY)
    reviewer = login(world.reviewer)
    page = reviewer.get(reverse("documents_staff:detail", args=[doc.pk]))
    html = page.content.decode()
    assert 'id="personal-data"' in html
    assert "疑似个人信息（2 处）" in html
    assert '<mark class="pii">13812345678</mark>' in html
    assert "<strong>正文</strong> · 手机号码" in html
    assert "已核实为可公开的信息（如单位办公电话）" in html
    assert 'name="personal_data_reason"' in html

    url = reverse("documents_staff:action", args=[doc.pk, "approve"])
    form = {
        "version": str(doc.version),
        "disclosure_mode": "主动公开",
        "confidentiality_checked": "on",
    }
    refused = reviewer.post(url, form, follow=True)
    assert "文件中有疑似个人信息" in refused.content.decode()
    doc.refresh_from_db()
    assert doc.state == State.SUBMITTED

    reviewer.post(
        url,
        {**form, "personal_data_confirmed": "on", "personal_data_reason": "单位办公电话"},
    )
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
    assert AuditEvent.objects.get(action="document.approve").after["personal_data"]["reason"] == (
        "单位办公电话"
    )


def test_the_review_page_has_no_confirmation_when_nothing_is_found(world, make_doc, login):
    doc = _submitted(world, make_doc)
    html = login(world.reviewer).get(reverse("documents_staff:detail", args=[doc.pk]))
    assert 'id="personal-data"' not in html.content.decode()
    assert "personal_data_confirmed" not in html.content.decode()


def test_the_api_takes_the_confirmation_too(world, make_doc, login):
    doc = _submitted(world, make_doc, body=BODY)
    client = login(world.reviewer)
    url = f"/api/documents/{doc.pk}/transitions/approve"
    payload = {"disclosure_mode": "主动公开", "confidentiality_checked": True}
    refused = client.post(url, payload, content_type="application/json")
    assert refused.status_code == 400
    assert "疑似个人信息" in refused.json()["detail"]
    ok = client.post(
        url,
        {**payload, "personal_data_confirmed": True, "personal_data_reason": "单位办公电话"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    doc.refresh_from_db()
    assert doc.state == State.APPROVED


@pytest.mark.browser
def test_the_reviewer_confirms_in_the_browser(page, axe_violations, live_server):
    import re

    from playwright.sync_api import expect

    from gongkai.documents import services
    from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
    from gongkai.portal.tests.test_browser import a11y_report, sign_in
    from gongkai.testing import build_world

    world = build_world()
    services.topics_install_defaults()
    doc = services.document_create(
        actor=world.clerk, unit=world.office, values={**SAMPLE_DOCUMENT, "body": BODY}
    )
    lifecycle.document_submit(actor=world.clerk, document=doc)

    sign_in(page, "reviewer")
    page.goto(f"/staff/documents/{doc.pk}/")
    findings = page.get_by_role("region", name="疑似个人信息（2 处）")
    expect(findings).to_contain_text("正文 · 手机号码")
    expect(findings.locator("mark.pii").first).to_have_text("13812345678")
    assert a11y_report(page, axe_violations, "review page with findings") == ""
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_label(re.compile("^已完成保密审查")).check()
    page.get_by_role("button", name="审查通过").click()
    expect(page.get_by_text(re.compile("文件中有疑似个人信息"))).to_be_visible()
    doc.refresh_from_db()
    assert doc.state == State.SUBMITTED

    page.get_by_label(re.compile("^已完成保密审查")).check()
    page.get_by_label("已核实为可公开的信息（如单位办公电话）").check()
    page.get_by_label("可以公开的理由").fill("均为本单位对外公布的联系电话")
    page.get_by_role("button", name="审查通过").press("Enter")
    expect(page.get_by_text("操作成功。")).to_be_visible()
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
