"""重点领域 entries in the sitemap and the Atom feeds: published ones only, stable bytes."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from gongkai.thematic.services import columns_enable, entry_publish, entry_save, entry_withdraw

from .test_thematic import SEVEN

ATOM = "{http://www.w3.org/2005/Atom}"


def _entry(world, title, *, publish=True):
    e = entry_save(
        actor=world.clerk, unit=world.office, column="project-budget", raw={**SEVEN, "title": title}
    )
    if publish:
        e = entry_publish(actor=world.reviewer, entry_id=e.pk, version=e.version)
    return e


def _feed_titles(body: bytes) -> list[str]:
    root = ET.fromstring(body)  # noqa: S314 - our own feed
    return [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]


def test_a_published_entry_is_in_the_sitemap_and_the_feeds_and_a_draft_or_withdrawn_one_is_not(
    world, client
) -> None:
    columns_enable(actor=world.clerk, unit=world.office, columns=["project-budget"])
    shown = _entry(world, "公开的电梯补贴项目")
    draft = _entry(world, "草稿中的项目", publish=False)
    gone = _entry(world, "已撤回的项目")
    entry_withdraw(actor=world.reviewer, entry_id=gone.pk, version=gone.version, reason="有误")

    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/zhongdian/project-budget/{shown.pk}/</loc>" in sitemap
    assert "/zhongdian/project-budget/</loc>" in sitemap  # the column's list page
    assert f"/zhongdian/project-budget/{draft.pk}/" not in sitemap
    assert f"/zhongdian/project-budget/{gone.pk}/" not in sitemap

    for url in ("/xxgk/feed.atom", "/zhongdian/project-budget/feed.atom"):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        titles = _feed_titles(response.content)
        assert "公开的电梯补贴项目" in titles, url
        assert "草稿中的项目" not in titles, url
        assert "已撤回的项目" not in titles, url
        assert f"/zhongdian/project-budget/{shown.pk}/" in response.content.decode()
    # the list page names its feed, so a reader (and the backup crawl) finds it
    listing = client.get("/zhongdian/project-budget/").content.decode()
    assert 'href="/zhongdian/project-budget/feed.atom"' in listing
    assert client.get("/zhongdian/no-such/feed.atom").status_code == 404


def test_a_correction_after_publication_moves_the_entry_up_and_the_feed_is_stable(
    world, client
) -> None:
    columns_enable(actor=world.clerk, unit=world.office, columns=["project-budget"])
    first = _entry(world, "先发布的项目")
    _entry(world, "后发布的项目")
    assert _feed_titles(client.get("/zhongdian/project-budget/feed.atom").content)[:2] == [
        "后发布的项目",
        "先发布的项目",
    ]
    entry_save(
        actor=world.clerk,
        unit=world.office,
        column="project-budget",
        raw={**SEVEN, "title": "先发布的项目（更正）"},
        version=first.version,
        entry_id=first.pk,
    )
    one = client.get("/xxgk/feed.atom").content
    assert _feed_titles(one)[:2] == ["先发布的项目（更正）", "后发布的项目"]
    # <updated> comes from the data: two identical requests give the same bytes
    assert client.get("/xxgk/feed.atom").content == one
    assert client.get("/sitemap.xml").content == client.get("/sitemap.xml").content


def test_an_empty_column_feed_is_the_same_on_every_request(world, client) -> None:
    columns_enable(actor=world.clerk, unit=world.office, columns=["debt"])
    one = client.get("/zhongdian/debt/feed.atom").content
    assert _feed_titles(one) == []
    assert b"<updated>2019-05-15T00:00:00+00:00</updated>" in one
    assert client.get("/zhongdian/debt/feed.atom").content == one


def test_a_title_with_markup_is_text_in_the_feed(world, client) -> None:
    columns_enable(actor=world.clerk, unit=world.office, columns=["project-budget"])
    _entry(world, '<script>alert(1)</script>项目 & "补贴"')
    body = client.get("/zhongdian/project-budget/feed.atom").content
    assert b"<script>" not in body
    entry = ET.fromstring(body).find(f"{ATOM}entry")  # noqa: S314 - our own feed
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == '<script>alert(1)</script>项目 & "补贴"'
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None
    assert summary.get("type") == "html"
    assert html.unescape(summary.text or "").startswith("财政预决算 · 项目预算 · ")
