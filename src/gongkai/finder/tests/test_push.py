"""Precise push as subscribers and partners meet it: subscriptions to units and topics, one
subscription per address and criteria, the digest's contents, the manage page, the private
pages' headers, the feed after unsubscribing, mails in the subscriber's language, the staff
statistics and the API's answers (the review of issue 18's demo)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from gongkai.audit.models import AuditEvent
from gongkai.banshi.services import document_services_set, service_save
from gongkai.core.errors import DomainError
from gongkai.delivery.services import deliver_due
from gongkai.documents import lifecycle
from gongkai.documents.services import attachment_add, relation_add
from gongkai.finder.models import Delivery, Subscriber
from gongkai.finder.services import (
    digest_tick,
    partner_register,
    subscribe,
    subscription_confirm,
    subscription_update,
    tags_set,
    unsubscribe,
)
from gongkai.finder.tests.test_finder import SERVICE


def _policy(make_doc, world, title, tags, **values):
    doc = make_doc(title=title, is_normative=True, doc_kind="规范性文件", **values)
    tags_set(actor=world.clerk, document=doc, tags=tags)
    return doc


def _send(now=None):
    now = now or timezone.now()
    digest_tick(now)
    deliver_due(now + datetime.timedelta(minutes=1))


def _digests(to=None):
    return [
        m
        for m in mail.outbox
        if m.subject.startswith(("政策推送", "Policy alert")) and (to is None or to in m.to)
    ]


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _confirmed(email, criteria):
    sub = subscribe(email=email, criteria=criteria)
    return subscription_confirm(token=sub.token)


def test_a_subscription_to_a_unit_or_a_topic_gets_their_new_policies(
    world, make_doc, publish
) -> None:
    digest_tick(timezone.now())
    by_unit = _confirmed("unit.reader@example.com", {"unit": [world.office.code]})
    _confirmed("topic.reader@example.com", {"topic": ["02"]})  # 经济管理, top level
    _confirmed("either@example.com", {"who": ["个人"], "topic": ["0201"]})
    assert by_unit.criteria == {"unit": [world.office.code]}
    plan = _policy(make_doc, world, "产业发展扶持办法", {"who": ["企业"]}, topic="0201")
    care = _policy(make_doc, world, "养老服务补贴办法", {"who": ["个人"]}, topic="0101")
    publish(plan)
    publish(care)
    _send()
    (unit_mail,) = _digests("unit.reader@example.com")
    assert "产业发展扶持办法" in unit_mail.body
    assert "养老服务补贴办法" in unit_mail.body
    assert "发布机构：测试区人民政府办公室" in unit_mail.body
    (topic_mail,) = _digests("topic.reader@example.com")
    assert "产业发展扶持办法" in topic_mail.body
    assert "养老服务补贴办法" not in topic_mail.body
    assert re.search(r"主题分类：\S+\\\S+", topic_mail.body)  # the child topic, by its path
    (either_mail,) = _digests("either@example.com")  # its tag answer or its topic
    assert "产业发展扶持办法" in either_mail.body
    assert "养老服务补贴办法" in either_mail.body
    assert "适用对象：个人" in either_mail.body


def test_units_and_topics_are_checked_against_the_public_lists(world) -> None:
    from gongkai.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="“发布机构”中没有“NOPE”"):
        subscribe(email="a@example.com", criteria={"unit": ["NOPE"]})
    with pytest.raises(ValidationFailed, match="“主题分类”中没有“9999”"):
        subscribe(email="a@example.com", criteria={"topic": ["9999"]})
    assert not Subscriber.objects.exists()


def test_subscribing_again_makes_no_duplicate_and_no_second_mail(
    world, make_doc, publish, client
) -> None:
    now = timezone.now()
    first = subscribe(email="Twice@Example.com", criteria={"who": ["企业"]})
    again = subscribe(email="twice@example.com ", criteria={"who": ["企业"]})
    assert again.pk == first.pk
    assert Subscriber.objects.count() == 1
    # different criteria while pending: the pending one changes, still one confirmation mail
    third = subscribe(email="twice@example.com", criteria={"who": ["个人"]})
    assert third.pk == first.pk
    assert third.criteria == {"who": ["个人"]}
    deliver_due(now + datetime.timedelta(minutes=1))
    assert [m.subject for m in mail.outbox] == ["请确认订阅政策推送"]
    # the form answers the same whether the address was known or not
    answers = set()
    for email in ("twice@example.com", "new.person@example.com"):
        page = client.post("/zhengce/", {"who": "个人", "email": email}).content.decode()
        answers.add("已发送确认邮件" in page)
    assert answers == {True}
    assert Subscriber.objects.filter(email__iexact="twice@example.com").count() == 1


def test_one_address_never_gets_one_document_twice(world, make_doc, publish) -> None:
    digest_tick(timezone.now())
    _confirmed("both@example.com", {"who": ["企业"]})
    _confirmed("both@example.com", {"unit": [world.office.code]})  # a second, confirmed one
    assert Subscriber.objects.filter(email="both@example.com").count() == 2
    publish(_policy(make_doc, world, "两项订阅都相符的政策", {"who": ["企业"]}))
    _send()
    _send()
    (digest,) = _digests("both@example.com")
    assert digest.body.count("两项订阅都相符的政策") == 1
    assert Delivery.objects.count() == 1


def test_confirming_after_unsubscribing_leaves_it_stopped(world, client) -> None:
    sub = subscribe(email="stop@example.com", criteria={"who": ["企业"]})
    unsubscribe(token=sub.token)
    page = client.get(f"/zhengce/dingyue/{sub.token}/confirm/").content.decode()
    assert "订阅已确认" not in page
    assert page.count("此订阅已退订") == 1
    sub.refresh_from_db()
    assert sub.confirmed_at is None
    assert not sub.active


def test_the_private_feed_is_gone_after_unsubscribing_and_its_ids_are_iris(
    world, make_doc, publish, client
) -> None:
    sub = _confirmed("feed@example.com", {"who": ["企业"]})
    doc = _policy(make_doc, world, "订阅源中的政策", {"who": ["企业"], "support": ["资金补贴"]})
    publish(doc)
    feed = client.get(f"/zhengce/dingyue/{sub.token}/feed.atom")
    assert feed.status_code == 200
    ids = re.findall(r"<id>([^<]+)</id>", feed.content.decode())
    assert f"http://testserver/xxgk/documents/{doc.pk}/" in ids
    assert all(re.match(r"^(https?|tag):", i) for i in ids), ids
    assert "扶持方式：资金补贴" in feed.content.decode()
    unsubscribe(token=sub.token)
    gone = client.get(f"/zhengce/dingyue/{sub.token}/feed.atom")
    assert gone.status_code == 410
    assert gone["Content-Type"].startswith("text/plain")
    assert "已退订" in gone.content.decode()


def test_a_digest_says_why_what_support_until_when_and_how_to_apply(
    world, make_doc, publish, settings
) -> None:
    settings.GONGKAI_SITE_URL = "http://gongkai.test"
    digest_tick(timezone.now())
    _confirmed("details@example.com", {"who": ["企业"], "support": ["资金补贴"]})
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    doc = _policy(
        make_doc,
        world,
        "小微企业创业补贴办法",
        {"who": ["企业"], "support": ["资金补贴"]},
        expires_on=datetime.date.today() + datetime.timedelta(days=300),
    )
    document_services_set(actor=world.clerk, document=doc, codes=[item.code])
    publish(doc)
    _send()
    (digest,) = _digests()
    body = digest.body
    assert "相符之处：适用对象：企业；扶持方式：资金补贴" in body
    assert "扶持方式：资金补贴" in body
    assert "有效期至：" + doc.expires_on.isoformat() in body
    assert f"如何申请（办）：{SERVICE['name']} http://gongkai.test/banshi/{item.code}/" in body
    assert "在线办理：" + SERVICE["online_url"] in body


def test_the_manage_page_changes_the_criteria_for_the_next_digest(
    world, make_doc, publish, client
) -> None:
    digest_tick(timezone.now())
    sub = _confirmed("change@example.com", {"who": ["个人"]})
    page = client.get(f"/zhengce/dingyue/{sub.token}/").content.decode()
    assert "修改订阅条件" in page
    assert 'name="unit"' in page
    assert 'name="topic"' in page
    bad = client.post(f"/zhengce/dingyue/{sub.token}/", {"unit": "NOPE"})
    assert "“发布机构”中没有“NOPE”" in bad.content.decode()
    response = client.post(
        f"/zhengce/dingyue/{sub.token}/", {"who": "企业", "unit": world.office.code}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.criteria == {"who": ["企业"], "unit": [world.office.code]}
    event = AuditEvent.objects.filter(action="finder.subscription_update").get()
    assert event.before == {"criteria": {"who": ["个人"]}}
    publish(_policy(make_doc, world, "改后相符的政策", {"who": ["企业"]}))
    _send()
    (digest,) = _digests()
    assert "改后相符的政策" in digest.body
    unsubscribe(token=sub.token)
    with pytest.raises(DomainError, match="已退订"):
        subscription_update(token=sub.token, criteria={"who": ["企业"]})


def test_mails_are_in_the_language_of_the_subscription(
    world, make_doc, publish, client, settings
) -> None:
    digest_tick(timezone.now())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post("/zhengce/", {"who": "企业", "email": "reader@example.com"})
    sub = Subscriber.objects.get()
    assert sub.language == "en"
    subscription_confirm(token=sub.token)
    with translation.override("zh-hans"):  # the tick job runs in no one's language
        publish(
            _policy(make_doc, world, "英文订阅者的政策", {"who": ["企业"], "support": ["融资"]})
        )
        _send()
    confirmation, digest = mail.outbox
    assert confirmation.subject == "Please confirm your policy alerts"
    assert "confirm" in confirmation.body
    assert "请确认" not in confirmation.body
    assert digest.subject.startswith("Policy alert")
    assert "Matched on: Applies to: An enterprise" in digest.body
    assert "Support: Financing" in digest.body
    assert "Unsubscribe in one click" in digest.body


def test_private_pages_are_not_indexed_or_cached(world, client) -> None:
    sub = _confirmed("private@example.com", {"who": ["企业"]})
    for path in ("", "confirm/", "unsubscribe/", "feed.atom"):
        response = client.get(f"/zhengce/dingyue/{sub.token}/{path}")
        assert response.status_code == 200, path
        assert "noindex" in response["X-Robots-Tag"], path
        assert response["Cache-Control"] == "no-store, private", path


def test_staff_statistics_count_relays_per_policy_and_know_inherited_tags(
    world, make_doc, publish, client, settings
) -> None:
    settings.GONGKAI_SITE_URL = "http://gongkai.test"
    digest_tick(timezone.now())
    partner = partner_register(
        actor=world.clerk,
        unit=world.office,
        name="示范区软件行业协会",
        kind="行业协会",
        email="xiehui@example.org",
        criteria={"who": ["企业"]},
    )
    policy = _policy(make_doc, world, "软件企业人才补贴办法", {"who": ["企业"]})
    attachment = attachment_add(actor=world.clerk, document=policy, name="申报表.pdf", data=_pdf())
    publish(policy)
    interp = make_doc(
        title="《软件企业人才补贴办法》政策解读",
        doc_kind="政策解读",
        is_interpretation=True,
        interpretation_form="文字",
    )
    relation_add(actor=world.clerk, document=interp, target=policy, kind="interprets")
    publish(interp)
    _send()
    relay_mail = next(m for m in mail.outbox if m.subject == "请转发会员：软件企业人才补贴办法")
    assert "申报表.pdf" in relay_mail.body
    assert (
        f"http://gongkai.test/xxgk/documents/{policy.pk}/attachments/{attachment.pk}/"
        in relay_mail.body
    )
    assert "《软件企业人才补贴办法》政策解读" in relay_mail.body
    assert partner.relays.count() == 2  # the policy and its interpretation
    client.force_login(world.clerk)
    page = client.get("/staff/finder/").content.decode()
    row = re.search(r"<tr><td>《软件企业人才补贴办法》政策解读</td>.*?</tr>", page, re.S)
    assert row is not None
    assert "未设置" not in row.group(0)
    assert "沿用所解读政策的标签" in row.group(0)
    assert "各政策的接力" in page
    relays = re.search(r"<tr><td>软件企业人才补贴办法</td><td>(\d+)</td>", page)
    assert relays is not None
    assert relays.group(1) == "1"


def test_the_api_refuses_unknown_fields_and_empty_queries(world, make_doc, publish, client) -> None:
    publish(_policy(make_doc, world, "接口中的政策", {"who": ["企业"]}, expires_on="2099-12-31"))
    typo = client.post(
        "/api/public/finder/match", {"industy": ["制造业"]}, content_type="application/json"
    )
    assert typo.status_code == 422
    body = typo.json()
    assert body["detail"][0]["loc"][-1] == "industy"
    assert "“industy”" in body["message"]
    assert "industry" in body["message"]
    assert "who" in body["message"]
    sub = client.post(
        "/api/public/finder/subscriptions",
        {"email": "api@example.com", "who": ["企业"], "topics": ["02"]},
        content_type="application/json",
    )
    assert sub.status_code == 422
    assert "“topics”" in sub.json()["message"]
    assert "topic" in sub.json()["message"]
    assert not Subscriber.objects.exists()
    empty = client.post("/api/public/finder/match", {}, content_type="application/json")
    assert empty.status_code == 400
    assert "请至少回答一个问题" in empty.json()["detail"]
    found = client.post(
        "/api/public/finder/match", {"who": ["企业"]}, content_type="application/json"
    ).json()
    assert found[0]["expires_on"] == "2099-12-31"
    ok = client.post(
        "/api/public/finder/subscriptions",
        {"email": "api@example.com", "unit": [world.office.code], "topic": ["02"]},
        content_type="application/json",
    )
    assert ok.status_code == 202
    assert Subscriber.objects.get().criteria == {"unit": [world.office.code], "topic": ["02"]}
    options = client.get("/api/public/finder/subscription-options").json()
    assert world.office.code in [u["code"] for u in options["units"]]
    assert "api@example.com" not in str(options)


def test_a_repealed_policy_leaves_unit_subscriptions_too(world, make_doc, publish) -> None:
    digest_tick(timezone.now())
    _confirmed("unit2@example.com", {"unit": [world.office.code]})
    doc = _policy(make_doc, world, "即将废止的政策", {"who": ["企业"]})
    publish(doc)
    lifecycle.document_repeal(actor=world.head, document=doc, note="废止")
    _send()
    assert _digests() == []


def test_a_new_guide_for_a_matching_policy_is_pushed_once(
    world, make_doc, publish, client, settings
) -> None:
    """Issue 18 item 4: a digest goes out when a matching policy, its interpretation *or a
    guide* is published. A guide matches through the policies in force that name it (阅办联动);
    it goes once per address, even after it is edited; a guide serving no matching policy is
    not sent."""
    settings.GONGKAI_SITE_URL = "http://gongkai.test"
    sub = _confirmed("guides@example.com", {"who": ["企业"], "support": ["资金补贴"]})
    doc = _policy(
        make_doc, world, "小微企业创业补贴办法", {"who": ["企业"], "support": ["资金补贴"]}
    )
    other = _policy(make_doc, world, "高龄老人津贴办法", {"who": ["个人"], "life": ["养老"]})
    publish(doc)
    publish(other)
    _send()
    assert len(_digests()) == 1  # the policy; no guide yet
    mail.outbox.clear()

    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    document_services_set(actor=world.clerk, document=doc, codes=[item.code])
    elder = service_save(
        actor=world.clerk,
        unit=world.office,
        raw={**SERVICE, "code": SERVICE["code"] + "9", "name": "高龄津贴申领"},
    )
    document_services_set(actor=world.clerk, document=other, codes=[elder.code])
    _send()
    (digest,) = _digests()
    assert digest.subject == "政策推送：1 项办事指南"
    assert f"· {SERVICE['name']}" in digest.body
    assert f"http://gongkai.test/banshi/{item.code}/" in digest.body
    assert "所依政策：小微企业创业补贴办法" in digest.body
    assert "高龄津贴申领" not in digest.body
    # the subscriber sees it among what was sent
    page = client.get(f"/zhengce/dingyue/{sub.token}/").content.decode()
    assert "已推送的办事指南" in page
    assert SERVICE["name"] in page

    # edited later: not again
    mail.outbox.clear()
    service_save(actor=world.clerk, unit=world.office, raw={**SERVICE, "fee": "不收费（已更新）"})
    _send()
    assert _digests() == []


def test_a_guide_named_in_the_same_digest_is_not_listed_twice(world, make_doc, publish) -> None:
    _confirmed("once@example.com", {"who": ["企业"], "support": ["资金补贴"]})
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    doc = _policy(
        make_doc, world, "小微企业创业补贴办法", {"who": ["企业"], "support": ["资金补贴"]}
    )
    document_services_set(actor=world.clerk, document=doc, codes=[item.code])
    publish(doc)
    _send()
    (digest,) = _digests()
    assert digest.subject == "政策推送：1 项新政策"
    assert f"如何申请（办）：{SERVICE['name']}" in digest.body
    assert "以下办事指南" not in digest.body  # the policy's 办 line already gives it
    # and it counts as sent: an edit later does not send it on its own
    mail.outbox.clear()
    service_save(actor=world.clerk, unit=world.office, raw={**SERVICE, "fee": "不收费（已更新）"})
    _send()
    assert _digests() == []
