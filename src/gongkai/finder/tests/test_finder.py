"""政策北斗, policy tags, 办事服务 and precise push: what the issue's users do, end to end."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from gongkai.banshi.services import document_services_set, service_save
from gongkai.core.errors import ValidationFailed
from gongkai.delivery.services import deliver_due
from gongkai.documents import lifecycle
from gongkai.finder.models import Delivery, PolicyTagging, Subscriber
from gongkai.finder.selectors import match
from gongkai.finder.services import (
    digest_tick,
    partner_register,
    relay_confirm,
    subscribe,
    subscription_confirm,
    tags_set,
    unsubscribe,
)

SERVICE = {
    "code": "11310101MB-XK-001",
    "name": "小微企业创业补贴申领",
    "list_kind": "公共服务事项",
    "kind": "行政给付",
    "basis": "《示范区促进创业若干措施》",
    "conditions": "在本区登记注册不满三年的小微企业",
    "materials": "1. 申请表|/banshi/forms/apply.docx\n2. 营业执照（复印件）",
    "process": "网上申请—审核—公示—拨付",
    "time_limit": "15个工作日",
    "channel": "一网通办",
    "online_url": "https://zwdt.example.gov.cn/apply/xk001",
    "contact": "021-60001234",
}


def _policy(make_doc, world, title, tags, *, normative=True):
    doc = make_doc(title=title, is_normative=normative, doc_kind="规范性文件")
    tags_set(actor=world.clerk, document=doc, tags=tags)
    return doc


def _publish(world, doc):
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    doc.refresh_from_db()
    if doc.is_normative:  # reviewed for legality, deliberated, then published by the head
        from gongkai.documents.tests.conftest import record_normative

        record_normative(doc, world.reviewer)
        return lifecycle.document_publish(actor=world.head, document=doc)
    return lifecycle.document_publish(actor=world.clerk, document=doc)


def test_a_policy_without_tags_cannot_be_published(world, make_doc) -> None:
    doc = make_doc(title="示范区促进创业若干措施", is_normative=True, doc_kind="规范性文件")
    with pytest.raises(ValidationFailed) as exc:
        _publish(world, doc)
    assert exc.value.problems[0].startswith(
        "“示范区促进创业若干措施”是政策文件（行政规范性文件），发布前须设置政策北斗的政策标签"
    )
    # the message names where the tags are set (the review: the clerk typed them into the
    # document form's free-text field instead)
    assert f"/staff/finder/tags/{doc.pk}/" in exc.value.problems[0]
    doc.refresh_from_db()
    assert doc.live is None
    tags_set(actor=world.clerk, document=doc, tags={"who": ["企业"], "support": ["资金补贴"]})
    lifecycle.document_publish(actor=world.head, document=doc)
    doc.refresh_from_db()
    assert doc.live is not None


def test_tags_come_from_the_vocabulary_only(world, make_doc) -> None:
    doc = make_doc(title="x")
    with pytest.raises(ValidationFailed, match="没有“巨型”"):
        tags_set(actor=world.clerk, document=doc, tags={"scale": ["巨型"]})
    assert not PolicyTagging.objects.exists()


def test_the_finder_explains_each_match_and_never_offers_a_repealed_policy(
    world, make_doc, publish
) -> None:
    a = _policy(
        make_doc,
        world,
        "小微企业创业补贴办法",
        {"who": ["企业"], "scale": ["小型", "微型"], "support": ["资金补贴"]},
    )
    b = _policy(make_doc, world, "企业融资担保贴息办法", {"who": ["企业"], "support": ["融资"]})
    c = _policy(make_doc, world, "高校毕业生就业补贴办法", {"who": ["个人"], "life": ["就业"]})
    for d in (a, b, c):
        publish(d)
    found = match({"who": ["企业"], "scale": ["小型"], "support": ["资金补贴", "融资"]})
    assert [m.document.pk for m in found] == [a.pk, b.pk]
    assert found[0].reasons == ["适用对象：企业", "企业规模：小型", "扶持方式：资金补贴"]
    lifecycle.document_repeal(actor=world.head, document=a, note="被新办法替代")
    assert [m.document.pk for m in match({"who": ["企业"], "support": ["资金补贴", "融资"]})] == [
        b.pk
    ]


def test_a_need_is_answered_only_by_a_policy_that_offers_it(world, make_doc, publish) -> None:
    """A policy that says nothing of what it offers (tagged only for whom it is) does not
    answer a need: the reviewer's small manufacturer asking for 资金补贴 was offered the rules
    on waste sorting, and an individual asking about 养老 nine unrelated policies."""
    general = _policy(make_doc, world, "生活垃圾分类管理办法", {"who": ["个人", "企业"]})
    grant = _policy(
        make_doc, world, "小微企业创业补贴办法", {"who": ["企业"], "support": ["资金补贴"]}
    )
    care = _policy(make_doc, world, "高龄老人养老服务补贴办法", {"who": ["个人"], "life": ["养老"]})
    for d in (general, grant, care):
        publish(d)
    firm = match({"who": ["企业"], "scale": ["小型"], "support": ["资金补贴", "税收优惠"]})
    assert [m.document.pk for m in firm] == [grant.pk]
    person = match({"who": ["个人"], "life": ["养老", "残疾人服务"]})
    assert [m.document.pk for m in person] == [care.pk]
    # who one is, without a need: every policy for them, the general one included
    assert {m.document.pk for m in match({"who": ["企业"]})} == {general.pk, grant.pk}


def test_subscription_needs_confirmation_and_digests_go_once(
    world, make_doc, publish, settings
) -> None:
    settings.GONGKAI_SITE_URL = "http://gongkai.test"
    sub = subscribe(email="owner@example.com", criteria={"who": ["企业"], "support": ["资金补贴"]})
    now = timezone.now()
    deliver_due(now)
    assert [m.subject for m in mail.outbox] == ["请确认订阅政策推送"]
    first = _policy(make_doc, world, "首个相符政策", {"who": ["企业"], "support": ["资金补贴"]})
    publish(first)
    digest_tick(now)
    assert Delivery.objects.count() == 0  # not confirmed yet: nothing sent
    subscription_confirm(token=sub.token)
    second = _policy(make_doc, world, "第二个相符政策", {"who": ["企业"], "support": ["资金补贴"]})
    other = _policy(make_doc, world, "不相符的政策", {"who": ["个人"], "life": ["养老"]})
    publish(second)
    publish(other)
    digest_tick(timezone.now())
    digest_tick(timezone.now())  # a second run sends nothing again
    deliver_due(timezone.now() + datetime.timedelta(minutes=1))
    digests = [m for m in mail.outbox if m.subject.startswith("政策推送")]
    assert len(digests) == 1
    assert "第二个相符政策" in digests[0].body
    assert "不相符的政策" not in digests[0].body
    assert "首个相符政策" not in digests[0].body  # published before the confirmation's run
    assert sorted(Delivery.objects.values_list("document__title", flat=True)) == ["第二个相符政策"]
    unsubscribe(token=sub.token)
    third = _policy(make_doc, world, "第三个相符政策", {"who": ["企业"], "support": ["资金补贴"]})
    publish(third)
    digest_tick(timezone.now())
    assert Delivery.objects.count() == 1


def test_partners_relay_and_report_how_many_they_reached(world, make_doc, publish) -> None:
    partner = partner_register(
        actor=world.clerk,
        unit=world.office,
        name="示范区软件行业协会",
        kind="行业协会",
        email="xiehui@example.org",
        criteria={"who": ["企业"]},
    )
    doc = _policy(make_doc, world, "软件企业人才补贴办法", {"who": ["企业"], "support": ["人才"]})
    digest_tick(timezone.now())
    publish(doc)
    assert digest_tick(timezone.now())["relays"] == 1
    relay = relay_confirm(token=partner.token, document_id=doc.pk, reached=320)
    assert (relay.reached, relay.confirmed_at is not None) == (320, True)
    with pytest.raises(ValidationFailed):
        relay_confirm(token=partner.token, document_id=doc.pk, reached=-1)


def test_a_document_naming_a_service_shows_the_ban_icon_and_the_guide(
    world, make_doc, publish, client
) -> None:
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    doc = _policy(
        make_doc, world, "小微企业创业补贴办法", {"who": ["企业"], "support": ["资金补贴"]}
    )
    document_services_set(actor=world.clerk, document=doc, codes=[item.code])
    publish(doc)
    page = client.get(f"/xxgk/documents/{doc.pk}/").content.decode()
    assert 'class="ban"' in page
    assert "/banshi/11310101MB-XK-001/" in page
    guide = client.get("/banshi/11310101MB-XK-001/").content.decode()
    assert "营业执照" in guide
    assert "下载空白表格" in guide
    assert "小微企业创业补贴办法" in guide
    api = client.post(
        "/api/public/finder/match", {"who": ["企业"]}, content_type="application/json"
    ).json()
    assert api[0]["services"][0]["online_url"] == SERVICE["online_url"]
    # and in the public document lists, 办 after the title of the document that names it only
    other = _policy(make_doc, world, "不涉及办事的办法", {"who": ["企业"]})
    publish(other)
    for path in ("/xxgk/normative/", "/xxgk/documents/"):
        listing = client.get(path).content.decode()
        row = re.search(
            r"<tr>((?:(?!</tr>).)*小微企业创业补贴办法(?:(?!</tr>).)*)</tr>", listing, re.S
        )
        assert row is not None, path
        assert 'class="ban" href="/banshi/11310101MB-XK-001/"' in row.group(1), path
        plain = re.search(
            r"<tr>((?:(?!</tr>).)*不涉及办事的办法(?:(?!</tr>).)*)</tr>", listing, re.S
        )
        assert plain is not None, path
        assert 'class="ban"' not in plain.group(1), path


def test_a_service_list_imports_whole_or_not_at_all(world, tmp_path) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from gongkai.banshi.models import ServiceItem
    from gongkai.banshi.services import HEADERS

    header = ",".join(HEADERS)
    row = ",".join(str(SERVICE.get(v, "")).replace("\n", " ") for v in HEADERS.values())
    bad = row.replace("公共服务事项", "便民清单")
    f = tmp_path / "list.csv"
    f.write_text(f"{header}\n{row}\n{bad.replace('XK-001', 'XK-002')}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第3行"):
        call_command("import", "services", str(f), "--unit", world.office.code)
    assert not ServiceItem.objects.exists()
    f.write_text(f"{header}\n{row}\n", encoding="utf-8")
    call_command("import", "services", str(f), "--unit", world.office.code)
    assert ServiceItem.objects.get().name == SERVICE["name"]


def test_subscribers_addresses_never_reach_public_pages_or_the_api(
    world, make_doc, publish, client
) -> None:
    sub = subscribe(email="zhang.distinctive.9137@example.com", criteria={"who": ["企业"]})
    subscription_confirm(token=sub.token)
    doc = _policy(make_doc, world, "公开的政策", {"who": ["企业"]})
    publish(doc)
    digest_tick(timezone.now())
    pages = [
        "/zhengce/",
        "/zhengce/?who=企业",
        "/zhengce/huiqi/",
        "/banshi/",
        f"/xxgk/documents/{doc.pk}/",
        "/xxgk/feed.atom",
        "/api/public/finder/tags",
        "/api/public/finder/subscription-options",
        "/api/docs",
        # the subscriber's own private pages do not show the address either (a forwarded link)
        f"/zhengce/dingyue/{sub.token}/",
        f"/zhengce/dingyue/{sub.token}/confirm/",
        f"/zhengce/dingyue/{sub.token}/unsubscribe/",
        f"/zhengce/dingyue/{sub.token}/feed.atom",
    ]
    # and every public page and public GET API the applicants' privacy scan walks
    from gongkai.applications.tests.test_privacy import _public_paths
    from gongkai.workbench.tests.test_role_matrix import api_routes

    pages += sorted(set(_public_paths()))
    pages += [
        path
        for method, path, _view in api_routes()
        if method == "GET" and path.startswith("/api/public/") and "{" not in path
    ]
    scanned = 0
    for path in pages:
        response = client.get(path)
        if response.streaming:
            continue
        body = response.content.decode("utf-8", "replace")
        assert "zhang.distinctive.9137" not in body, path
        scanned += response.status_code == 200
    assert scanned >= 20
    body = client.post(
        "/api/public/finder/match", {"who": ["企业"]}, content_type="application/json"
    ).content.decode()
    assert "zhang.distinctive.9137" not in body
    assert Subscriber.objects.get().email.startswith("zhang.distinctive")


@pytest.mark.browser
def test_an_enterprise_finds_subscribes_confirms_gets_one_digest_and_unsubscribes(
    page, axe_violations, settings, live_server
) -> None:
    from playwright.sync_api import expect

    from gongkai.documents.services import document_create, topics_install_defaults
    from gongkai.documents.tests.conftest import SAMPLE_DOCUMENT
    from gongkai.portal.tests.test_browser import a11y_report
    from gongkai.testing import build_world

    settings.GONGKAI_SITE_URL = live_server.url
    world = build_world()
    topics_install_defaults()
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)

    def policy(title, tags):
        doc = document_create(
            actor=world.clerk,
            unit=world.office,
            values={
                **SAMPLE_DOCUMENT,
                "title": title,
                "is_normative": True,
                "doc_kind": "规范性文件",
            },
        )
        tags_set(actor=world.clerk, document=doc, tags=tags)
        return doc

    for title, support in (
        ("创业补贴办法", "资金补贴"),
        ("融资贴息办法", "融资"),
        ("研发费用加计扣除指引", "税收优惠"),
    ):
        doc = policy(title, {"who": ["企业"], "scale": ["小型"], "support": [support]})
        if support == "资金补贴":
            document_services_set(actor=world.clerk, document=doc, codes=[item.code])
        _publish(world, doc)
    _publish(world, policy("养老服务补贴办法", {"who": ["个人"], "life": ["养老"]}))
    digest_tick(timezone.now())  # what is already published is not news

    page.goto("/zhengce/")
    page.get_by_label("企业", exact=True).check()
    page.get_by_label("小型", exact=True).check()
    for s in ("资金补贴", "融资", "税收优惠"):
        page.get_by_label(s, exact=True).check()
    page.get_by_role("button", name="查找政策").click()
    expect(page.get_by_role("heading", name="找到 3 项政策")).to_be_visible()
    expect(
        page.get_by_text("相符之处：适用对象：企业；企业规模：小型；扶持方式：资金补贴")
    ).to_be_visible()
    expect(page.locator("a.ban")).to_have_count(1)
    reports = [a11y_report(page, axe_violations, "/zhengce/ results")]
    page.get_by_label("电子邮箱（仅用于推送，不会公开）").fill("boss@example.com")
    page.get_by_role("button", name="订阅").click()
    expect(page.get_by_role("status")).to_contain_text("已发送确认邮件")

    deliver_due(timezone.now())
    (confirmation,) = mail.outbox
    found = re.search(r"http\S+/confirm/", str(confirmation.body))
    assert found is not None
    link = found.group(0)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("订阅已确认")
    reports.append(a11y_report(page, axe_violations, "manage"))

    _publish(
        world,
        policy("新的创业补贴办法", {"who": ["企业"], "scale": ["小型"], "support": ["资金补贴"]}),
    )
    _publish(world, policy("新的养老服务办法", {"who": ["个人"], "life": ["养老"]}))
    digest_tick(timezone.now())
    deliver_due(timezone.now() + datetime.timedelta(minutes=1))
    digests = [m for m in mail.outbox if m.subject.startswith("政策推送")]
    assert len(digests) == 1
    assert "新的创业补贴办法" in digests[0].body
    assert "养老" not in digests[0].body
    found = re.search(r"http\S+/unsubscribe/", str(digests[0].body))
    assert found is not None
    unsubscribe_link = found.group(0)
    page.goto(unsubscribe_link)
    page.get_by_role("button", name="确认退订").click()
    expect(page.get_by_role("status")).to_contain_text("已退订")
    assert Subscriber.objects.get().unsubscribed_at is not None
    for path in ("/zhengce/huiqi/", "/banshi/", f"/banshi/{item.code}/"):
        page.goto(path)
        reports.append(a11y_report(page, axe_violations, path))
    assert not [r for r in reports if r], "\n".join(reports)


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["default", "large-text+high-contrast"])
def test_the_finder_and_service_pages_pass_axe_and_fit_a_phone(
    page, axe_violations, mode, live_server
) -> None:
    from gongkai.documents.services import topics_install_defaults
    from gongkai.portal.tests.test_browser import a11y_report, enter_mode
    from gongkai.testing import build_world

    world = build_world()
    topics_install_defaults()
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    sub = subscribe(email="phone.check@example.com", criteria={"who": ["企业"]})
    subscription_confirm(token=sub.token)
    enter_mode(page, mode)
    paths = [
        "/zhengce/",
        "/zhengce/?who=企业&scale=小型",
        "/zhengce/huiqi/",
        "/banshi/",
        f"/banshi/{item.code}/",
        f"/zhengce/dingyue/{sub.token}/",
        f"/zhengce/dingyue/{sub.token}/unsubscribe/",
    ]
    reports = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(path)
            report = a11y_report(page, axe_violations, f"{path} [{mode}, {width}px]")
            if report:
                reports.append(report)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                reports.append(f"{path} [{mode}, {width}px]: {overflow}px of horizontal scroll")
    assert Subscriber.objects.get().unsubscribed_at is None  # looking is not unsubscribing
    assert not reports, "\n".join(reports)


def test_the_finder_and_service_pages_read_in_english(world, client, settings) -> None:
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    sub = subscribe(email="english.reader@example.com", criteria={"who": ["企业"]})
    subscription_confirm(token=sub.token)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    expected = {
        "/zhengce/": "Policy Finder: policies that fit you",
        "/zhengce/huiqi/": "Policies for businesses",
        "/banshi/": "Item name",
        f"/banshi/{item.code}/": "Download the blank form",
        f"/zhengce/dingyue/{sub.token}/": "My policy subscription",
        f"/zhengce/dingyue/{sub.token}/unsubscribe/": "Confirm unsubscribe",
    }
    for path, text in expected.items():
        body = client.get(path).content.decode()
        assert text in body, path


def test_the_staff_document_page_offers_the_tags(world, make_doc, client) -> None:
    """The document's staff page says a policy needs its 政策北斗 tags and links to the form;
    once set, it shows them."""
    doc = make_doc(title="示范区促进创业若干措施", is_normative=True, doc_kind="规范性文件")
    client.force_login(world.clerk)
    page = client.get(f"/staff/documents/{doc.pk}/").content.decode()
    assert "政策北斗标签" in page
    assert "此文件是政策文件（行政规范性文件）" in page
    assert f'href="/staff/finder/tags/{doc.pk}/">设置政策北斗标签</a>' in page
    tags_set(actor=world.clerk, document=doc, tags={"who": ["企业"], "support": ["资金补贴"]})
    page = client.get(f"/staff/documents/{doc.pk}/").content.decode()
    assert "适用对象：企业" in page
    assert "扶持方式：资金补贴" in page
    assert "修改政策北斗标签" in page
    # a document that is no policy and has no tags: nothing to say
    plain = make_doc(title="关于召开会议的通知", doc_kind="通知", art20_item=12)
    assert "政策北斗标签" not in client.get(f"/staff/documents/{plain.pk}/").content.decode()


def test_a_policy_keeps_at_least_one_tag(world, make_doc) -> None:
    """Review: saving the tag form with everything unticked said 已保存 and left a policy with
    no tags; a document that is no policy may have none."""
    doc = make_doc(title="示范区促进创业若干措施", is_normative=True, doc_kind="规范性文件")
    tags_set(actor=world.clerk, document=doc, tags={"who": ["企业"]})
    with pytest.raises(ValidationFailed, match="至少选择一项标签"):
        tags_set(actor=world.clerk, document=doc, tags={})
    assert PolicyTagging.objects.filter(document=doc).count() == 1
    notice = make_doc(title="关于召开会议的通知", doc_kind="通知", art20_item=12)
    tags_set(actor=world.clerk, document=notice, tags={"who": ["个人"]})
    assert tags_set(actor=world.clerk, document=notice, tags={}) == {}
    assert not PolicyTagging.objects.filter(document=notice).exists()
