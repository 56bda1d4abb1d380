"""Published documents reach the search through the documents outbox, within one tick.

Documents are created and published through the documents module's own services, as a clerk
and a reviewer would; the search is read through the public selector.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from gongkai.core.jobs import run_tick
from gongkai.documents import lifecycle, services
from gongkai.search.selectors import search_public
from gongkai.search.services import search_index_rebuild

BODY = (
    "<p>第一条 为了规范本区最低生活保障工作，制定本办法。</p>"
    "<p>第二条 户籍在本区的居民，家庭人均收入低于当地低保标准的，可以申请最低生活保障。</p>"
    "<p>第三条 本办法自发布之日起施行。</p>"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _draft(world, **values):
    base = {
        "title": "某区最低生活保障实施办法",
        "doc_number": "测民规〔2026〕7号",
        "doc_kind": "通知",
        "written_on": "2026-03-02",
        "topic": "0101",
        "art20_item": 1,
        "summary": "规范最低生活保障工作。",
        "body": BODY,
        "keywords": "低保",
    }
    base.update(values)
    return services.document_create(actor=world.clerk, unit=world.office, values=base)


def _publish(world, doc):
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer,
        document=doc,
        disclosure_mode="主动公开",
        confidentiality_checked=True,
    )
    lifecycle.document_publish(actor=world.clerk, document=doc)
    doc.refresh_from_db()
    return doc


def test_a_published_document_is_found_by_article_after_one_tick(world, deployment):
    doc = _publish(world, _draft(world))
    assert search_public(query="户籍 低保").total == 0  # not before the tick
    run_tick()
    res = search_public(query="户籍 低保")
    top = res.hits[0]
    assert top.title == "某区最低生活保障实施办法"
    assert top.article == "第二条"
    assert top.url.endswith(f"/{doc.pk}/#" + quote("第二条"))
    exact = search_public(query="测民规[2026]7号")
    assert exact.exact
    assert {h.title for h in exact.hits} == {"某区最低生活保障实施办法"}


def test_a_withdrawn_document_disappears_within_one_tick(world, deployment):
    doc = _publish(world, _draft(world))
    run_tick()
    assert search_public(query="户籍 低保").total > 0
    lifecycle.document_withdraw(actor=world.reviewer, document=doc, reason="误发")
    run_tick()
    assert search_public(query="户籍 低保").total == 0
    search_index_rebuild(actor=None)
    assert search_public(query="户籍 低保").total == 0


def test_a_draft_is_never_indexed(world, deployment):
    _draft(world)
    run_tick()
    search_index_rebuild(actor=None)
    assert search_public(query="户籍 低保").total == 0


def test_a_revision_under_way_never_reaches_the_index(world, deployment):
    doc = _publish(world, _draft(world))
    run_tick()
    lifecycle.document_start_revision(actor=world.clerk, document=doc)
    services.document_update(
        actor=world.clerk,
        document=doc,
        values={
            "title": "未审查的修订标题",
            "doc_number": "测民规〔2026〕99号",
            "body": "<p>第一条 未审查的修订正文，提及特困供养。</p><p>第二条 另一条。</p>",
            "summary": "未审查的概述",
        },
    )
    run_tick()
    search_index_rebuild(actor=None)  # a full rebuild reads the documents again
    for query in ("未审查的修订标题", "特困供养", "测民规〔2026〕99号", "未审查的概述"):
        assert all(h.title != "未审查的修订标题" for h in search_public(query=query).hits), query
        assert "未审查" not in "".join(h.snippet for h in search_public(query=query).hits)
    live = search_public(query="户籍 低保")
    assert live.hits[0].title == "某区最低生活保障实施办法"
    assert search_public(query="测民规[2026]7号").exact


def test_the_article_link_lands_on_the_article(world, deployment, client):
    from urllib.parse import unquote, urlsplit

    _publish(world, _draft(world))
    run_tick()
    top = search_public(query="户籍 低保").hits[0]
    path, fragment = urlsplit(top.url).path, unquote(urlsplit(top.url).fragment)
    assert fragment == "第二条"
    page = client.get(path).content.decode()
    assert f'<p id="{fragment}">第二条' in page
    assert page.count('id="第二条"') == 1


def test_a_targeted_disclosure_is_found_with_its_scope_shown(world, deployment, client):
    """定点定向 documents are published on the public pages with their audience shown, so the
    search finds them too (一网可查) and says whom they are addressed to."""
    _publish(world, _draft(world, scope="定点定向", scope_target="某街道低保对象"))
    run_tick()
    res = search_public(query="户籍 低保")
    assert res.hits[0].title == "某区最低生活保障实施办法"
    assert res.hits[0].metadata["scope"] == "定点定向"
    assert res.hits[0].metadata["scope_target"] == "某街道低保对象"
    html = client.get("/search/", {"q": "户籍 低保"}).content.decode()
    assert '公开范围：定点定向：<span lang="zh-CN">某街道低保对象</span>' in html
    api = client.get("/api/public/search", {"q": "户籍 低保"}).json()["results"][0]
    assert (api["scope"], api["scope_target"]) == ("定点定向", "某街道低保对象")
    search_index_rebuild(actor=None)  # the full rebuild agrees with the outbox feed
    assert search_public(query="户籍 低保").hits[0].metadata["scope_target"] == "某街道低保对象"
