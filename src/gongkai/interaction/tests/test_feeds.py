"""留言选登 reaches /sitemap.xml and the Atom feed (review finding: it was missing): only the
published messages, under their masked published title, with <updated> from the 选登日期."""

from __future__ import annotations

import pytest

from gongkai.interaction.tests.conftest import WRITER, act, at, submit
from gongkai.moderation.models import ModerationItem
from gongkai.moderation.services import moderation_decide

pytestmark = pytest.mark.usefixtures("calendar")


def test_published_messages_are_in_the_sitemap_and_the_feed_and_the_rest_is_not(world, client):
    waiting = submit(world)
    answered = submit(world)
    act(world.clerk, answered, "route", to_unit=world.office)
    act(world.clerk, answered, "draft_reply", reply="您好：补贴可在街道申请。")
    act(world.reviewer, answered, "approve_reply")
    act(world.clerk, answered, "send_reply")
    not_yet = submit(world)
    act(world.clerk, not_yet, "route", to_unit=world.office)
    act(world.clerk, not_yet, "draft_reply", reply="您好：已转交。")
    act(world.reviewer, not_yet, "approve_reply")
    act(world.clerk, not_yet, "send_reply")  # answered, still waiting for the moderator
    item = ModerationItem.objects.get(object_id=str(answered.pk))
    with at("2026-11-05"):
        moderation_decide(
            actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
        )

    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/hudong/xuandeng/</loc>" in sitemap
    assert f"/hudong/xuandeng/{answered.pk}/</loc><lastmod>2026-11-05</lastmod>" in sitemap
    for m in (waiting, not_yet):
        assert f"/hudong/xuandeng/{m.pk}/" not in sitemap

    body = client.get("/xxgk/feed.atom").content.decode()
    assert f"/hudong/xuandeng/{answered.pk}/" in body
    assert "<updated>2026-11-05T00:00:00+08:00</updated>" in body
    assert f"/hudong/xuandeng/{not_yet.pk}/" not in body
    for needle in (WRITER["name"], WRITER["phone"], WRITER["email"], "110101199003077774"):
        assert needle not in body, needle
    assert "补贴可在街道申请" not in body  # the feed names the message; the page shows it
    assert client.get("/xxgk/feed.atom").content.decode() == body
    assert client.get("/sitemap.xml").content.decode() == sitemap
