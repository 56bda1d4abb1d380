"""A policy's tags in the site search (issue 18: tags "searchable (facets)"): the results page
and the public API offer 政策标签 as a filter, count each tag, follow a change of tags at once,
and read the values in English on English pages."""

from __future__ import annotations

import re

from gongkai.finder.services import tags_set
from gongkai.search.services import search_index_rebuild


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+" lang="zh-CN">([^<]+)</a>', html)


def _facet(html: str, label: str) -> str:
    found = re.search(rf"<section aria-label=\"{label}\">(.*?)</section>", html, re.S)
    assert found is not None, label
    return found.group(1)


def _policies(world, make_doc, publish):
    firms = make_doc(title="小微企业创业补贴办法", keywords="创业补贴")
    tags_set(
        actor=world.clerk,
        document=firms,
        tags={"who": ["企业"], "scale": ["小型", "微型"], "support": ["资金补贴"]},
    )
    people = make_doc(title="返乡人员创业补贴办法", keywords="创业补贴")
    tags_set(actor=world.clerk, document=people, tags={"who": ["个人"], "life": ["创业"]})
    plain = make_doc(title="创业补贴资金管理的通知", keywords="创业补贴")  # not a policy
    for doc in (firms, people, plain):
        publish(doc)
    return firms, people, plain


def test_the_results_page_filters_by_tag(world, make_doc, publish, client, embedded_search) -> None:
    firms, _people, _plain = _policies(world, make_doc, publish)
    search_index_rebuild(actor=None)

    page = client.get("/search/", {"q": "创业补贴"}).content.decode()
    assert len(_titles(page)) == 3
    facet = _facet(page, "政策标签")
    for counted in ("企业（1）", "个人（1）", "资金补贴（1）", "小型（1）"):
        assert counted in facet
    assert 'href="?q=创业补贴&amp;sort=relevance&amp;tag=企业"' in facet

    only = client.get("/search/", {"q": "创业补贴", "tag": "企业"}).content.decode()
    assert _titles(only) == [firms.title]
    # the chosen tag is marked, and can be cleared
    chosen = _facet(only, "政策标签")
    assert '<strong aria-current="true">企业（1）</strong>' in chosen
    assert "不限政策标签" in chosen


def test_a_change_of_tags_reaches_the_search_at_once(
    world, make_doc, publish, client, embedded_search
) -> None:
    firms, people, _plain = _policies(world, make_doc, publish)
    search_index_rebuild(actor=None)
    # the clerk adds 企业 to the returnees' policy after it was published: no rebuild, no tick
    tags_set(
        actor=world.clerk,
        document=people,
        tags={"who": ["个人", "企业"], "life": ["创业"]},
    )
    got = client.get("/api/public/search", {"q": "创业补贴", "tag": "企业"}).json()
    assert sorted(r["title"] for r in got["results"]) == sorted([firms.title, people.title])
    tags = {f["value"]: f["count"] for f in got["facets"]["tag"]}
    assert tags["企业"] == 2
    assert tags["个人"] == 1
    # an unknown tag filters everything out rather than being ignored
    none = client.get("/api/public/search", {"q": "创业补贴", "tag": "不存在的标签"}).json()
    assert none["total"] == 0


def test_tag_values_read_in_english(
    world, make_doc, publish, client, settings, embedded_search
) -> None:
    _policies(world, make_doc, publish)
    search_index_rebuild(actor=None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/search/", {"q": "创业补贴"}).content.decode()
    facet = _facet(page, "Policy tags")
    assert "Subsidies (1)" in facet  # English punctuation on English pages
    assert "资金补贴" not in re.sub(r"<[^>]+>", " ", facet)  # the link still submits the value
    assert "tag=资金补贴" in facet
