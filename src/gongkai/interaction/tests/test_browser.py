"""Issue 21 "Must show", in a real browser: a citizen asks through 政策咨询 with 是否公开 = 是
and a phone number in the text; the question box suggests an FAQ entry first; the message is
routed to another unit, answered, reviewed and published with every personal detail masked;
the writer rates it; the reply becomes an FAQ entry shown on the policy's page. Every new
public page is checked with axe in both display modes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.core.middleware import acting_through
from gongkai.documents import lifecycle
from gongkai.documents import services as document_services
from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT, _tag_if_policy
from gongkai.faq.services import faq_create
from gongkai.interaction.models import Message
from gongkai.interaction.services import channels_install_defaults
from gongkai.org.models import Role
from gongkai.portal.tests.test_browser import a11y_report, enter_mode, sign_in
from gongkai.testing import build_world, make_staff
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

pytestmark = pytest.mark.browser

_ZH = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(zh: str) -> int:
    if zh == "十":
        return 10
    return _ZH[zh]


def answer_captcha(page: Any) -> None:
    hint = page.locator("#id_captcha_answer_helptext").inner_text()
    m = re.search(r"(十|[一二三四五六七八九])(加|减)(十|[一二三四五六七八九])等于几", hint)
    assert m, hint
    a, b = _number(m.group(1)), _number(m.group(3))
    page.get_by_label("验证码").fill(str(a + b if m.group(2) == "加" else a - b))


def _setup() -> dict[str, Any]:
    world = build_world()
    today = timezone.localdate()
    with acting_through("cli"):
        for year in {today.year, today.year + 1} & set(range(2004, 2027)):
            calendar_apply_import(actor=None, arrangement=from_chinesecalendar(year), system=True)
    channels_install_defaults()
    document_services.topics_install_defaults()
    policy = document_services.document_create(
        actor=world.clerk,
        unit=world.office,
        values={
            **SAMPLE_DOCUMENT,
            "title": "测试区既有多层住宅加装电梯补贴办法",
            "doc_kind": "规范性文件",
        },
    )
    lifecycle.document_submit(actor=world.clerk, document=policy)
    lifecycle.document_approve(
        actor=world.reviewer,
        document=policy,
        disclosure_mode="主动公开",
        confidentiality_checked=True,
    )
    _tag_if_policy(world, policy)  # a policy is published with its 政策标签 (issue 18)
    lifecycle.document_publish(actor=world.clerk, document=policy)
    faq_create(
        actor=world.reviewer,
        unit=world.office,
        values={
            "question": "加装电梯补贴向哪里申请？",
            "answer": "向所在街道的社区事务受理服务中心申请加装电梯补贴。",
            "keywords": "加装电梯 补贴 申请",
            "topic": "住房",
        },
        publish=True,
    )
    reviewer = make_staff("civil_reviewer", world.civil, Role.REVIEWER, full_name="钱审核")
    return {"world": world, "policy": policy, "civil_reviewer": reviewer}


def test_a_consultation_from_the_form_to_xuandeng_rating_and_an_faq_on_the_policy_page(
    browser, live_server, axe_violations
):
    s = _setup()
    world, policy = s["world"], s["policy"]

    def new_page():
        ctx = browser.new_context(base_url=live_server.url, locale="zh-CN")
        ctx.set_default_timeout(15_000)
        return ctx.new_page()

    citizen = new_page()
    citizen.goto("/hudong/write/zxzx/")
    assert a11y_report(citizen, axe_violations, "政策咨询 form") == ""
    citizen.get_by_label("咨询部门").select_option(world.office.code)
    citizen.get_by_label("手机号码").fill("13922223333")
    citizen.get_by_label("姓名").fill("东方浏览丁")
    citizen.get_by_label("标题").fill("加装电梯补贴怎么申请")
    content = citizen.get_by_label("内容")
    content.press_sequentially("请问加装电梯补贴怎么申请？我的电话13922223333。", delay=20)
    # the question box answers first: the FAQ entry is suggested while typing
    suggestion = citizen.locator(".faq-suggest-item").first
    expect(suggestion).to_contain_text("加装电梯补贴向哪里申请")
    assert a11y_report(citizen, axe_violations, "政策咨询 form with suggestions") == ""
    answer_captcha(citizen)
    citizen.get_by_label("是", exact=True).check()
    citizen.get_by_role("button", name="提交", exact=True).click()
    expect(citizen.get_by_role("heading", name="留言已提交")).to_be_visible()
    message = Message.objects.get()
    code = message.tracking_code
    assert message.wants_public
    assert "13922223333" in message.content

    # the office routes it to the civil affairs bureau (转办)
    clerk = new_page()
    sign_in(clerk, "clerk")
    clerk.goto(f"/staff/interaction/{code}/")
    clerk.get_by_label("承办部门（本部门或其他部门）").select_option(world.civil.code)
    clerk.get_by_role("button", name="审查受理并分办/转办").click()
    expect(clerk.get_by_text("已办理：审查受理并分办/转办")).to_be_visible()

    # the bureau drafts, its reviewer approves, the clerk sends the reply
    other = new_page()
    sign_in(other, "other_clerk")
    other.goto(f"/staff/interaction/{code}/")
    other.get_by_label("答复内容").fill(
        "东方浏览丁您好：加装电梯补贴向所在街道社区事务受理服务中心申请，咨询电话13922223333已登记。"
    )
    other.get_by_role("button", name="拟写答复").click()
    expect(other.get_by_text("已办理：拟写答复")).to_be_visible()
    rev = new_page()
    sign_in(rev, "civil_reviewer")
    rev.goto(f"/staff/interaction/{code}/")
    rev.get_by_role("button", name="审核通过答复").click()
    expect(rev.get_by_text("已办理：审核通过答复")).to_be_visible()
    other.goto(f"/staff/interaction/{code}/")
    other.get_by_role("button", name="发出答复").click()
    expect(other.get_by_text("已办理：发出答复")).to_be_visible()

    # 先审后发: the reviewer sees the personal data marked and publishes the masked text
    rev.goto("/staff/moderation/?kind=interaction.message")
    expect(rev.locator("mark.pii").first).to_be_visible()
    rev.get_by_role("button", name="发布").first.click()
    expect(rev.get_by_text("已处理")).to_be_visible()
    message.refresh_from_db()
    assert message.publication == "published"

    # public: 留言选登 shows it with every personal detail masked
    citizen.goto("/hudong/xuandeng/")
    citizen.get_by_role("link", name="加装电梯补贴怎么申请").click()
    main = citizen.locator("main").inner_text()
    assert "社区事务受理服务中心" in main
    for secret in ("东方浏览丁", "13922223333"):
        assert secret not in main
    assert "【手机号码已隐去】" in main

    # the writer rates the reply by tracking code + phone
    citizen.goto("/hudong/track/")
    citizen.get_by_label("查询码").fill(code)
    citizen.get_by_label("手机号码").fill("13922223333")
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.get_by_role("heading", name=f"留言 {code}")).to_be_visible()
    citizen.get_by_label("满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    expect(citizen.get_by_text("您的评价")).to_be_visible()
    message.refresh_from_db()
    assert message.satisfaction == "satisfied"
    assert message.state == "closed"

    # the reviewer makes the reply an FAQ entry of the policy; it shows on the policy's page
    rev.goto(f"/staff/interaction/{code}/")
    rev.get_by_label("相关政策文件编号").fill(str(policy.pk))
    rev.get_by_role("button", name="转为常见问题").click()
    expect(rev.get_by_text("已转为常见问题")).to_be_visible()
    citizen.goto(f"/xxgk/documents/{policy.pk}/")
    main = citizen.locator("main").inner_text()
    assert "加装电梯补贴怎么申请" in main  # the FAQ list on the policy page
    assert "政策留言板" in main  # the board under the policy, with the published message
    assert "13922223333" not in main
    assert "东方浏览丁" not in main

    # axe: every new public page, in both display modes
    pages = [
        "/hudong/",
        "/hudong/write/zxzx/",
        f"/hudong/board/{policy.pk}/",
        "/hudong/xuandeng/",
        f"/hudong/xuandeng/{message.pk}/",
        "/hudong/qingkuang/",
        "/hudong/track/",
        f"/xxgk/documents/{policy.pk}/",
    ]
    reports = []
    for mode in ("default", "large-text+high-contrast"):
        if mode != "default":
            enter_mode(citizen, mode)
        for path in pages:
            citizen.goto(path)
            report = a11y_report(citizen, axe_violations, f"{path} [{mode}]")
            if report:
                reports.append(report)
        # the progress page with the message shown
        citizen.goto("/hudong/track/")
        citizen.get_by_label("查询码").fill(code)
        citizen.get_by_label("手机号码").fill("13922223333")
        citizen.get_by_role("button", name="查询").click()
        report = a11y_report(citizen, axe_violations, f"progress [{mode}]")
        if report:
            reports.append(report)
    assert not reports, "\n".join(reports)
