"""The whole proactive-disclosure flow in a real browser, with axe-core on every new page.

A clerk drafts a normative document and its interpretation, a reviewer (not the drafter)
approves both, they are published and appear in the column with the metadata table and the
interpretation link; the feed and sitemap list it; its download verifies with `gongkai verify`
and a modified copy fails; later it is repealed and the page shows the mark.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from playwright.sync_api import expect

from gongkai.documents.models import Document
from gongkai.portal.tests.test_browser import a11y_report, enter_mode, sign_in
from gongkai.testing import build_world, tiny_pdf, tiny_png

CHART_TEXT = "办理流程图：提交申请、街道受理、审核、公示、发放救助金。"

pytestmark = pytest.mark.browser

TITLE = "测试区困难群众临时救助实施办法"
INTERP = "一图读懂《测试区困难群众临时救助实施办法》"


def _check(page, axe_violations, label: str, reports: list[str]) -> None:
    report = a11y_report(page, axe_violations, label)
    if report:
        reports.append(report)


def _field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def _draft(page, **fields: str) -> int:
    page.goto("/staff/documents/new/")
    _field(page, "标题").fill(fields["title"])
    for label in ("发文字号", "成文日期", "内容概述", "正文"):
        if label in fields:
            _field(page, label).fill(fields[label])
    for label in ("公文种类", "主题分类", "条例第二十条事项", "解读形式", "解读阶段"):
        if label in fields:
            _field(page, label).select_option(label=fields[label])
    for label in ("规范性文件", "这是政策解读"):
        if label in fields:
            _field(page, label).check()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("heading", level=1, name=fields["title"])).to_be_visible()
    match = re.search(r"/staff/documents/(\d+)/", page.url)
    assert match is not None, page.url
    return int(match.group(1))


def test_draft_review_publish_verify_and_repeal_in_the_browser(
    page, axe_violations, tmp_path, live_server
):
    build_world()
    reports: list[str] = []

    sign_in(page, "clerk")
    policy_id = _draft(
        page,
        title=TITLE,
        发文字号="测民规[2026]2号",
        公文种类="规范性文件",
        规范性文件="on",
        成文日期="2026-03-02",
        主题分类="民政、扶贫、救灾\\社会救助",
        条例第二十条事项="（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
        内容概述="对遭遇突发性、紧迫性困难的群众给予临时救助。",
        正文="<p>第一条 为了保障困难群众基本生活，制定本办法。</p>",
    )
    _check(page, axe_violations, "staff document draft", reports)
    expect(
        page.get_by_role("cell", name="测民规〔2026〕2号")
    ).to_be_visible()  # brackets normalised
    interp_id = _draft(
        page,
        title=INTERP,
        这是政策解读="on",
        解读形式="图解",
        解读阶段="与政策同步发布",
        内容概述="以图解方式说明救助对象、标准和申请流程。",
        正文="<p>救助对象、救助标准、申请流程。</p>",
    )
    _field(page, "关系").select_option(label="解读")
    _field(page, "相关文件").select_option(value=str(policy_id))
    page.get_by_role("button", name="添加关联").click()
    expect(page.get_by_text(f"本文件解读：{TITLE}")).to_be_visible()
    # the policy's implementing rules travel as a PDF attachment, its flow chart as an image
    page.goto(f"/staff/documents/{policy_id}/")
    rules = tmp_path / "实施细则.pdf"
    rules.write_bytes(tiny_pdf())
    chart = tmp_path / "办理流程图.png"
    chart.write_bytes(tiny_png(40, 30))
    for upload in (rules, chart):
        page.get_by_label(re.compile("^附件")).set_input_files(str(upload))
        if upload is chart:  # a picture needs its text alternative (issue 15, WCAG 1.1.1)
            page.get_by_label(re.compile("^图片文字说明")).fill(CHART_TEXT)
        page.get_by_role("button", name="上传附件").click()
        expect(page.get_by_role("link", name=upload.name)).to_be_visible()
    # A 行政规范性文件 is published with its 政策标签 (政策北斗, issue 18): the drafter sets them.
    page.goto(f"/staff/finder/tags/{policy_id}/")
    page.get_by_label("个人", exact=True).check()
    page.get_by_label("资金补贴", exact=True).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存政策标签。")).to_be_visible()
    for doc_id in (policy_id, interp_id):
        page.goto(f"/staff/documents/{doc_id}/")
        page.get_by_role("button", name="提交审查").click()
        expect(page.locator("#doc-state")).to_have_text("待审查")

    # The drafter is not offered the approval, and the reviewer is.
    expect(page.get_by_role("button", name="审查通过")).to_have_count(0)
    page.get_by_role("button", name=re.compile("退出登录")).click()
    sign_in(page, "reviewer")
    # The reviewer sees what they approve: the body and every attachment of this version.
    page.goto(f"/staff/documents/{policy_id}/")
    expect(page.locator("#review-body")).to_contain_text("第一条 为了保障困难群众基本生活")
    expect(page.locator("iframe.attachment-preview")).to_have_attribute(
        "title", "附件预览：实施细则.pdf"
    )
    image = page.get_by_role("img", name=CHART_TEXT)
    expect(image).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) == 40
    pdf_src = page.locator("iframe.attachment-preview").get_attribute("src")
    assert pdf_src is not None
    assert page.request.get(pdf_src).body().startswith(b"%PDF")
    with page.expect_download() as info:
        page.get_by_role("link", name="实施细则.pdf").click()
    assert info.value.suggested_filename == "实施细则.pdf"
    _check(page, axe_violations, "staff review page", reports)
    for doc_id in (policy_id, interp_id):
        page.goto(f"/staff/documents/{doc_id}/")
        _field(page, "公开属性认定").select_option("主动公开")
        page.get_by_label(re.compile("已完成保密审查")).check()
        page.get_by_role("button", name="审查通过").click()
        expect(page.locator("#doc-state")).to_have_text("已审核待发布")
    _check(page, axe_violations, "staff document approved", reports)

    # A normative document: nobody is offered 发布 before its 合法性审核 and 集体审议 are on
    # record; the reviewer records them; then only the head is offered 发布.
    page.goto(f"/staff/documents/{policy_id}/")
    expect(page.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    expect(page.locator("#legality-record")).to_have_text("尚未登记")
    _field(page, "合法性审核机构或人员").fill("测试区司法局")
    _field(page, "合法性审核日期").fill("2026-03-01")
    _field(page, "合法性审核意见").fill("经审核，该文件制定主体、内容和程序合法。")
    _field(page, "集体审议会议").fill("测试区政府第3次常务会议")
    _field(page, "集体审议日期").fill("2026-03-02")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator("#legality-record")).to_contain_text("测试区司法局，2026年3月1日")
    expect(page.locator("#collective-record")).to_have_text("测试区政府第3次常务会议，2026年3月2日")
    expect(page.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    expect(page.locator("#held-publish")).to_contain_text("负责人")
    _check(page, axe_violations, "staff normative records", reports)
    page.get_by_role("button", name=re.compile("退出登录")).click()
    sign_in(page, "clerk")  # the clerk may publish the interpretation, not the normative document
    page.goto(f"/staff/documents/{policy_id}/")
    expect(page.get_by_role("button", name="发布", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="定时发布")).to_have_count(0)
    expect(page.locator("#held-publish")).to_contain_text("负责人")
    page.get_by_role("button", name=re.compile("退出登录")).click()
    sign_in(page, "head")

    # Publish the interpretation with its policy (三同步): no warning.
    for doc_id in (interp_id, policy_id):
        page.goto(f"/staff/documents/{doc_id}/")
        page.get_by_role("button", name="发布", exact=True).click()
        expect(page.locator("#doc-state")).to_have_text("已发布")
    expect(page.get_by_text("三同步")).to_have_count(0)
    page.get_by_role("button", name=re.compile("退出登录")).click()

    # The public column.
    page.goto("/xxgk/statutory/")
    _check(page, axe_violations, "statutory entry", reports)
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    table = page.locator("table.doc-meta")
    expect(table).to_contain_text("索引号")
    expect(table).to_contain_text("测民规〔2026〕2号")
    expect(table).to_contain_text("民政、扶贫、救灾\\社会救助")
    expect(page.locator("#validity")).to_have_text("有效")
    expect(page.get_by_role("link", name=INTERP)).to_be_visible()
    _check(page, axe_violations, "document page", reports)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("正文（第 1 版")).click()
    original = tmp_path / "download.html"
    info.value.save_as(original)
    page.get_by_role("link", name=INTERP).click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()  # linked both ways

    for path in ("/xxgk/documents/", "/xxgk/documents/?topic=16&validity=有效", "/xxgk/normative/",
                 "/xxgk/rules/", "/xxgk/verify/"):  # fmt: skip
        page.goto(path)
        _check(page, axe_violations, path, reports)
    feed = page.request.get("/xxgk/feed.atom").text()
    sitemap = page.request.get("/sitemap.xml").text()
    assert TITLE in feed
    assert f"/xxgk/documents/{policy_id}/" in sitemap

    # The download verifies, on the page and with the command; a modified copy fails.
    page.goto("/xxgk/verify/")
    page.get_by_label("选择文件").set_input_files(str(original))
    page.get_by_role("button", name="校验文件").click()
    expect(page.locator("#verify-result")).to_contain_text("校验通过")
    expect(page.locator("#verify-result")).to_contain_text("测试区人民政府办公室")
    _check(page, axe_violations, "verify result", reports)
    out = io.StringIO()
    call_command("verify", str(original), stdout=out)
    assert "与发布时完全一致" in out.getvalue()
    out = io.StringIO()  # by URL, as a citizen would check a link
    call_command("verify", f"{live_server.url}/xxgk/documents/{policy_id}/v1/download/", stdout=out)
    assert "测试区人民政府办公室" in out.getvalue()
    modified = tmp_path / "modified.html"
    modified.write_bytes(original.read_bytes().replace("困难群众".encode(), "困难居民".encode()))
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("verify", str(modified), stdout=io.StringIO())
    page.get_by_label("选择文件").set_input_files(str(modified))
    page.get_by_role("button", name="校验文件").click()
    expect(page.locator("#verify-result")).to_contain_text("校验未通过")

    # Repeal: the page stays, with a prominent mark.
    sign_in(page, "reviewer")
    page.goto(f"/staff/documents/{policy_id}/")
    page.get_by_label("废止依据").fill("上位法调整")
    page.get_by_role("button", name="废止").click()
    expect(page.locator("#doc-state")).to_have_text("已废止")
    page.goto(f"/xxgk/documents/{policy_id}/")
    expect(page.locator("#validity-mark")).to_contain_text("本文件已废止")
    expect(page.locator("#validity")).to_have_text("废止")
    _check(page, axe_violations, "repealed document page", reports)
    assert Document.objects.get(pk=policy_id).validity == "废止"

    for path in ("/staff/documents/", "/staff/documents/new/", "/staff/documents/filing/",
                 "/staff/documents/rereview/", "/staff/documents/topics/"):  # fmt: skip
        page.goto(path)
        _check(page, axe_violations, path, reports)

    # The same pages in the senior-friendly display (larger text, high contrast).
    enter_mode(page, "large-text+high-contrast")
    for path in (f"/xxgk/documents/{policy_id}/", f"/xxgk/documents/{interp_id}/", "/xxgk/statutory/",
                 "/xxgk/documents/", f"/staff/documents/{policy_id}/"):  # fmt: skip
        page.goto(path)
        _check(page, axe_violations, f"{path} [large-text+high-contrast]", reports)

    assert not reports, "\n\n".join(reports)
