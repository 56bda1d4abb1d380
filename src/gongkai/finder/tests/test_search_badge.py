"""办 in the search results (seed 002 row 15: "在标题页和相关内容页增设“办”字图标"): a result that
is a document naming a service carries the same 办 link as the document lists."""

from __future__ import annotations

import re

from gongkai.banshi.services import document_services_set, service_save
from gongkai.finder.services import tags_set
from gongkai.finder.tests.test_finder import SERVICE
from gongkai.search.services import search_index_rebuild


def _result(html: str, title: str) -> str:
    found = re.search(rf"<li>((?:(?!</li>\s*<li>).)*{title}(?:(?!</li>).)*)</li>", html, re.S)
    assert found is not None, title
    return found.group(1)


def test_a_search_result_naming_a_service_shows_the_ban_link(
    world, make_doc, publish, client, embedded_search
) -> None:
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    named = make_doc(title="创业补贴申领办法", keywords="创业补贴")
    tags_set(actor=world.clerk, document=named, tags={"who": ["企业"]})
    document_services_set(actor=world.clerk, document=named, codes=[item.code])
    plain = make_doc(title="创业补贴资金管理通知", keywords="创业补贴")
    publish(named)
    publish(plain)
    search_index_rebuild(actor=None)

    html = client.get("/search/", {"q": "创业补贴"}).content.decode()
    with_ban = _result(html, "创业补贴申领办法")
    assert 'class="ban" href="/banshi/11310101MB-XK-001/"' in with_ban
    # its accessible name says which service (the name marked Chinese for screen readers)
    assert (
        f'办<span class="visually-hidden">：<span lang="zh-CN">{SERVICE["name"]}</span>' in with_ban
    )
    assert 'class="ban"' not in _result(html, "创业补贴资金管理通知")
    # the guide it links to offers the online service (阅后即办)
    guide = client.get("/banshi/11310101MB-XK-001/").content.decode()
    assert SERVICE["online_url"] in guide
    # and the document's own title line carries it too
    page = client.get(f"/xxgk/documents/{named.pk}/").content.decode()
    title = re.search(r'<h1 id="doc-title">(.*?)</h1>', page, re.S)
    assert title is not None
    assert 'class="ban"' in title.group(1)


def test_a_guide_lists_only_published_documents_that_name_it(
    world, make_doc, publish, client
) -> None:
    item = service_save(actor=world.clerk, unit=world.office, raw=SERVICE)
    published = make_doc(title="已发布的补贴办法")
    draft = make_doc(title="尚在起草的补贴办法草稿")
    for doc in (published, draft):
        document_services_set(actor=world.clerk, document=doc, codes=[item.code])
    publish(published)
    guide = client.get(f"/banshi/{item.code}/").content.decode()
    assert "已发布的补贴办法" in guide
    assert "尚在起草的补贴办法草稿" not in guide
