"""The issue's browser test: a citizen comments on a section of a draft; the comment is invisible
until a moderator publishes it; staff answer it 不采纳 with a reason; the decision document is
published; the adoption report shows in the to-do list with its due date (10 working days,
across the 2026 National Day holiday) and is published; the decision page shows every stage.
And axe on every new public page, in the normal and the large-text + high-contrast modes."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from gongkai.core.middleware import acting_through
from gongkai.documents import services as document_services
from gongkai.participation import services
from gongkai.participation.tests.conftest import SHANGHAI, load_calendars, publish_document
from gongkai.portal.tests.test_browser import a11y_report, enter_mode, sign_in
from gongkai.testing import build_world, solve_challenge

pytestmark = pytest.mark.browser


def answer_sum(page: Any) -> None:
    """Answer the anti-spam question by reading it, as a visitor would."""
    label = page.locator("label[for=id_answer]").inner_text()
    page.get_by_label(re.compile("等于几")).fill(solve_challenge(label))


def test_comment_moderation_answer_publication_report_and_the_decision_page(page, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the server's clock is in 2026-09/10
    world = build_world()
    load_calendars()
    with time_machine.travel(dt.datetime(2026, 9, 2, 10, tzinfo=SHANGHAI), tick=True) as clock:
        with acting_through("cli"):
            d = services.decision_create(
                actor=world.clerk, unit=world.office, year=2026, title="测试区养老服务设施布局规划"
            )
            c = services.consultation_create(
                actor=world.clerk,
                unit=world.office,
                decision=d,
                title="测试区养老服务设施布局规划（征求意见稿）",
                sections=[
                    ("目的", "为统筹养老服务设施布局，制定本规划。"),
                    ("布局", "每个街道至少建设一处综合为老服务中心。"),
                ],
                opens_on=dt.date(2026, 9, 1),
                closes_on=dt.date(2026, 10, 8),
                interpretation="本规划回应老年人就近养老需求。",
            )
            services.consultation_publish(
                actor=world.reviewer, consultation_id=c.pk, version=c.version
            )
            document_services.topics_install_defaults()
            doc = document_services.document_create(
                actor=world.clerk,
                unit=world.office,
                values={
                    "title": "测试区养老服务设施布局规划（2026—2030年）",
                    "doc_number": "测府发〔2026〕9号",
                    "doc_kind": "通知",
                    "written_on": "2026-09-25",
                    "topic": "0101",
                    "art20_item": 1,
                    "summary": "养老服务设施布局规划。",
                },
            )

        # 1. a citizen comments on section 2, without an account
        page.goto(f"/juece/consultations/{c.pk}/")
        expect(page.get_by_role("heading", name="政策预公开解读")).to_be_visible()
        page.get_by_label("针对").select_option(label="第2条 布局")
        page.get_by_label("您的意见").fill("建议综合为老服务中心同时设置助浴点，电话13812345678。")
        answer_sum(page)
        page.get_by_role("button", name="提交意见").click()
        expect(page.get_by_role("status")).to_contain_text("经审核后公开")
        expect(page.locator("main")).not_to_contain_text(
            "同时设置助浴点"
        )  # invisible until published

        # 2. a moderator publishes it (the phone number is masked)
        sign_in(page, "reviewer")
        page.goto("/staff/moderation/?kind=participation.comment")
        expect(page.locator(".submitted")).to_contain_text("同时设置助浴点")
        page.get_by_role("button", name="发布", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("已发布")
        page.goto(f"/juece/consultations/{c.pk}/")
        page.get_by_text("对本条的公开意见（1）").click()
        expect(page.locator(".comment")).to_contain_text("同时设置助浴点")
        expect(page.locator("main")).not_to_contain_text("13812345678")

        # 3. staff answer it: 不采纳, with the reason
        page.goto(f"/staff/participation/consultations/{c.pk}/")
        page.get_by_label("采纳情况").select_option(label="不采纳")
        page.get_by_label("理由", exact=True).fill("助浴点已纳入社区卫生服务规划，本规划不再重复。")
        page.get_by_role("button", name="保存答复").click()
        expect(page.locator(".messages")).to_contain_text("意见已答复")

        # 4. the decision is linked to its document, which is published on 30 September
        page.goto(f"/staff/participation/decisions/{d.pk}/")
        page.get_by_label("关联本单位的文件").select_option(value=str(doc.pk))
        page.get_by_role("button", name="关联", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("已关联决策结果文件")
        clock.move_to(dt.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI))
        with acting_through("cli"):
            publish_document(world, doc)
        assert doc.published_on == dt.date(2026, 9, 30)

        # 5. on 16 October the report is due soon: 10 working days after 30 September, the
        #    1–7 October holiday not counted, Saturday 10 October (make-up day) counted
        clock.move_to(dt.datetime(2026, 10, 16, 10, tzinfo=SHANGHAI))
        sign_in(page, "reviewer")  # another day, a new session
        page.goto("/staff/")
        todo = page.get_by_role("link", name=re.compile("意见采纳情况即将到期"))
        expect(todo).to_contain_text("应于2026年10月20日前公布")
        todo.click()
        expect(page.locator("main")).to_contain_text("2026年10月20日")
        expect(page.locator(".result")).to_contain_text("不采纳1条")
        page.get_by_role("button", name="公布意见收集和采纳情况").click()
        expect(page.locator(".messages")).to_contain_text("意见收集和采纳情况已公布")
        page.goto("/staff/")
        expect(page.locator("main")).not_to_contain_text("意见采纳情况即将到期")

        # 6. the public decision page shows every stage
        page.goto(f"/juece/decisions/{d.pk}/")
        main = page.locator("main")
        expect(main).to_contain_text("已公开采纳情况")
        for stage in ("公开征求意见", "决策结果", "意见收集和采纳情况"):
            expect(page.get_by_role("heading", name=re.compile(stage))).to_be_visible()
        expect(main).to_contain_text("不采纳1条")
        expect(main).to_contain_text("助浴点已纳入社区卫生服务规划")
        page.get_by_role("link", name="测试区养老服务设施布局规划（2026—2030年）").click()
        expect(page.get_by_role("heading", name="相关重大行政决策")).to_be_visible()


def _public_pages(world: Any) -> list[tuple[str, str]]:
    """Every new public page, with data on it (made through the services, today's dates)."""
    from django.utils import timezone

    today = timezone.localdate()
    with acting_through("cli"):
        cat = services.catalogue_save(
            actor=world.clerk,
            unit=world.office,
            year=today.year,
            items=[{"name": "测试区停车设施专项规划", "lead_unit": "区交通委", "hearing": True}],
        )
        services.catalogue_publish(actor=world.reviewer, catalogue_id=cat.pk, version=cat.version)
        d = services.decision_create(
            actor=world.clerk, unit=world.office, year=today.year, title="测试区停车设施专项规划"
        )
        services.material_add(
            actor=world.clerk, decision=d, kind="symposium", title="座谈会", on_date=today
        )
        c = services.consultation_create(
            actor=world.clerk,
            unit=world.office,
            decision=d,
            title="停车设施规划（征求意见稿）",
            sections=[("目的", "第一条内容。"), ("范围", "第二条内容。")],
            opens_on=today - dt.timedelta(days=1),
            closes_on=today + dt.timedelta(days=29),
            interpretation="解读内容。",
        )
        services.consultation_publish(actor=world.reviewer, consultation_id=c.pk, version=c.version)
        q = services.questionnaire_create(
            actor=world.clerk,
            unit=world.office,
            consultation=c,
            title="停车需求调查",
            questions=[
                {"kind": "single", "text": "您如何出行？", "choices": ["步行", "驾车"]},
                {"kind": "multiple", "text": "您关心什么？", "choices": ["价格", "距离"]},
                {"kind": "scale", "text": "满意度", "choices": []},
                {"kind": "text", "text": "其他建议", "choices": []},
            ],
        )
        services.response_submit(
            questionnaire_id=q.pk, answers={1: "步行", 2: ["价格"], 3: 4, 4: "多建立体车库"}
        )
        m = services.meeting_create(
            actor=world.clerk, unit=world.office, title="常务会议", held_on=today, decisions=[d]
        )
        rep = services.representative_add(
            actor=world.clerk, meeting_id=m.pk, kind="citizen", name="代表", selected=True
        )
        services.representative_record(
            actor=world.clerk,
            representative_id=rep.pk,
            selected=True,
            attended=True,
            opinion="建议分期实施。",
            adoption="adopted",
        )
        m.refresh_from_db()
        services.meeting_publish_record(
            actor=world.reviewer, meeting_id=m.pk, version=m.version, record="会议情况。"
        )
        a = services.activity_create(
            actor=world.clerk, unit=world.office, year=today.year, title="开放日"
        )
        s = services.session_add(
            actor=world.clerk,
            activity_id=a.pk,
            place="政务服务中心",
            capacity=5,
            starts_at=timezone.now() + dt.timedelta(days=7),
        )
        reg = services.registration_submit(session_id=s.pk, name="报名人", contact="13000000000")
    return [
        ("/juece/", "h1"),
        (f"/juece/catalogues/{cat.pk}/", "table"),
        (f"/juece/decisions/{d.pk}/", ".timeline"),
        (f"/juece/consultations/{c.pk}/", "form.stacked"),
        (f"/juece/surveys/{q.pk}/", "fieldset"),
        (f"/juece/meetings/{m.pk}/", "table"),
        (f"/juece/activities/{a.pk}/", "form.stacked"),
        ("/juece/activities/topics/", "form.stacked"),
        (f"/juece/registrations/{reg.code}/", "h1"),
    ]


@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_every_new_public_page_passes_axe(page, axe_violations, mode):
    world = build_world()
    load_calendars()
    pages = _public_pages(world)
    enter_mode(page, mode)
    reports = []
    for path, proof in pages:
        page.goto(path)
        expect(page.locator(proof).first).to_be_attached()
        report = a11y_report(page, axe_violations, f"{path} [{mode}]")
        if report:
            reports.append(report)
    # a comment form sent back with errors (the wrong sum): still accessible, text kept
    page.goto(pages[3][0])
    page.get_by_label("您的意见").fill("保留这段文字")
    page.get_by_label(re.compile("等于几")).fill("99")
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("您的意见")).to_have_value("保留这段文字")
    report = a11y_report(page, axe_violations, f"{pages[3][0]} refused [{mode}]")
    if report:
        reports.append(report)
    assert not reports, "\n".join(reports)


def test_no_horizontal_scroll_at_390_px(browser, live_server):
    world = build_world()
    load_calendars()
    pages = _public_pages(world)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    p = context.new_page()
    try:
        for path, _proof in pages:
            p.goto(path)
            width = p.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} scrolls horizontally ({width}px)"
    finally:
        context.close()
