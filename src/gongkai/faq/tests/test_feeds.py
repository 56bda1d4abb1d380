"""Public 常见问题 reach /sitemap.xml and the Atom feed (review finding: they were missing); a
draft, a retired or an expired entry does not, and neither does personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications.tests.conftest import at
from gongkai.faq import services

pytestmark = pytest.mark.django_db


def test_public_entries_are_in_the_sitemap_and_the_feed_and_the_rest_is_not(world, client, faq):
    with at("2025-03-02"):
        shown = faq("低保在哪里申请？请拨13712345678咨询", "到户籍所在地街道申请。")
    draft = services.faq_create(
        actor=world.clerk,
        unit=world.office,
        values={"question": "草稿中的问题？", "answer": "尚未审核。"},
    )
    retired = faq("已停用的问题？", "不再适用。")
    services.faq_transition(
        actor=world.reviewer, entry_id=retired.pk, version=retired.version, to="retired"
    )
    expired = services.faq_create(
        actor=world.reviewer,
        unit=world.office,
        values={
            "question": "已过有效期的问题？",
            "answer": "旧规定。",
            "valid_until": dt.date(2020, 12, 31),
        },
        publish=True,
    )

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/faq/</loc>" in sitemap
    assert f"/faq/{shown.pk}/</loc><lastmod>2025-03-02</lastmod>" in sitemap
    for e in (draft, retired, expired):
        assert f"/faq/{e.pk}/" not in sitemap

    body = client.get("/xxgk/feed.atom").content.decode()
    assert f"/faq/{shown.pk}/" in body
    assert "<updated>2025-03-02T02:00:00+00:00</updated>" in body
    assert "低保在哪里申请" in body
    assert "13712345678" not in body  # masked when it was stored, and so in the feed
    for text in ("草稿中的问题", "已停用的问题", "已过有效期的问题", "到户籍所在地街道申请"):
        assert text not in body, text
    assert client.get("/xxgk/feed.atom").content.decode() == body
    assert client.get("/sitemap.xml").content.decode() == sitemap
