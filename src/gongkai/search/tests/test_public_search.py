"""The public search page (/search/) and API (/api/public/search), as an anonymous visitor."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.jobs import run_tick
from gongkai.portal.tests.test_english import switch_language
from gongkai.search import views
from gongkai.search.selectors import MAX_PAGE, search_public

from .test_search import DIBAO, DIBAO_15, HUJI, ONE_NET

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(memo):
    for r in (HUJI, DIBAO, DIBAO_15, ONE_NET):
        memo.put(r.id, [r])
    run_tick()


def test_the_page_shows_highlighted_results_to_anyone(loaded):
    page = Client().get("/search/", {"q": "低保"})
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="search-q">' in html
    assert 'role="search"' in html
    assert "<mark>低保</mark>" in html
    assert "关于做好低保对象临时救助工作的通知" in html
    assert "共找到 2 条结果" in html
    assert "市民政局（2）" in html  # facet


def test_the_page_filters_by_a_facet_and_suggests_corrections(loaded):
    html = Client().get("/search/", {"q": "低保", "year": "2023"}).content.decode()
    assert "共找到 1 条结果" in html
    html = Client().get("/search/", {"q": "户藉"}).content.decode()
    assert "您是不是要找" in html
    assert "户籍" in html


def test_facet_links_keep_the_query_and_other_filters_and_can_be_cleared(loaded):
    html = Client().get("/search/", {"q": "低保", "year": "2023"}).content.decode()
    assert '<strong aria-current="true">2023（1）</strong>' in html  # the active filter
    assert 'href="?q=低保&amp;sort=relevance">不限年份</a>' in html
    # another facet's link adds to the active filter instead of replacing it
    assert "year=2023&amp;organ=" in html


def test_facet_links_are_followed_to_the_filtered_page(loaded):
    """The links carry the question's Chinese as it is (views.iri_quote); followed as a
    browser sends them, they give the filtered page, and characters that mean something in a
    query or a URL survive."""
    q = "低保 & 救助=100%+#"
    html = Client().get("/search/", {"q": q}).content.decode()
    hrefs = [unescape(h) for h in re.findall(r'href="(\?[^"]*year=[^"]*)"', html)]
    assert hrefs, html
    for href in hrefs:
        assert "低保" in href  # not %E4%BD%8E…
        sent = _as_a_browser_sends(href)
        params = dict(parse_qsl(urlsplit(sent).query))
        assert params["q"] == q
        page = Client().get("/search/" + sent)
        assert page.status_code == 200
        assert f'<strong aria-current="true">{params["year"]}（' in page.content.decode()


def _as_a_browser_sends(href: str) -> str:
    """What a browser requests for a relative ``?…`` link on a UTF-8 page (WHATWG URL
    Standard: the fragment, from ``#``, is not sent; the query's non-ASCII characters and the
    special-query percent-encode set are percent-encoded as UTF-8, nothing else)."""
    href = href.split("#", 1)[0]
    return "".join(
        quote(ch, safe="") if not ch.isascii() or ch in " \"#<>'" or ord(ch) < 0x20 else ch
        for ch in href
    )


def test_the_sort_and_paging_links_are_escaped_for_html(loaded):
    html = Client().get("/search/", {"q": "低保"}).content.decode()
    assert 'href="?q=低保&amp;sort=date">' in html


def _url_code_point(code: int) -> bool:
    """The WHATWG URL Standard's "URL code points", outside ASCII: U+00A0 to U+10FFFD, less
    surrogates and noncharacters (U+FDD0–U+FDEF and the last two code points of every plane)."""
    return (
        0xA0 <= code <= 0x10FFFD
        and not 0xD800 <= code <= 0xDFFF
        and not 0xFDD0 <= code <= 0xFDEF
        and code % 0x10000 not in (0xFFFE, 0xFFFF)
    )


def test_every_character_in_a_link_reads_back_and_only_url_code_points_stay_as_they_are():
    """Every code point but the surrogates, as a value: it parses back to itself; outside ASCII
    it stays as it is exactly when it is a URL code point (so the link is a valid URL string
    and as short as it can be); in ASCII only letters, digits and ``_.~-`` do."""
    kept = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_.~-"
    for start in range(0, 0x110000, 0x10000):  # a plane at a time
        chars = [chr(c) for c in range(start, start + 0x10000) if not 0xD800 <= c <= 0xDFFF]
        value = "".join(chars)
        assert dict(parse_qsl(views._query({"q": value}))) == {"q": value}
        for ch in chars:
            raw = views.iri_quote(ch) == ch
            code = ord(ch)
            assert raw == (ch in kept if code < 0x80 else _url_code_point(code)), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=20), max_size=4))
def test_link_queries_read_back_as_written(params):
    """Any keys and values, as text or bytes, parse back to themselves."""
    params = {k: v for k, v in params.items() if not _has_surrogate(k + v)}
    query = views._query(params)
    assert dict(parse_qsl(query, keep_blank_values=True)) == params
    as_bytes = views._query({k.encode(): v.encode() for k, v in params.items()})
    assert dict(parse_qsl(as_bytes, keep_blank_values=True)) == params


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def test_the_page_in_english(loaded, client):
    switch_language(client, "en", "/search/")
    with translation.override("zh-hans"):  # the middleware switches this thread's language
        html = client.get("/search/", {"q": "低保", "year": "2023"}).content.decode()
    assert "Search results" in html
    assert "1 result found, page 1 of 1." in html
    assert "Year: any" in html
    assert "检索结果" not in html


def test_the_page_without_a_query_shows_the_form_only():
    html = Client().get("/search/").content.decode()
    assert 'id="search-q"' in html
    assert "检索结果" not in html


def test_the_api_returns_ranked_results_facets_and_exact_lookups(loaded):
    data = Client().get("/api/public/search", {"q": "低保"}).json()
    assert data["total"] == 2
    assert set(data["results"][0]) == {
        *("title", "url", "article", "snippet", "score"),
        *("scope", "scope_target"),  # null unless the document is a targeted disclosure
    }
    assert data["results"][0]["scope"] is None
    assert {"value": "市民政局", "count": 2} in data["facets"]["organ"]
    exact = Client().get("/api/public/search", {"q": "沪民规〔2024〕15号"}).json()
    assert exact["exact"] is True
    assert [r["title"] for r in exact["results"]] == ["关于做好低保对象临时救助工作的通知"]
    page2 = Client().get("/api/public/search", {"q": "低保", "per_page": 1, "page": 2}).json()
    assert len(page2["results"]) == 1
    assert page2["results"][0]["title"] != data["results"][0]["title"]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({}, "缺少“q”"),
        ({"q": ""}, "“q”不能为空"),
        ({"q": "低保" * 101}, "“q”过长，最多 200 个字符"),
        ({"q": "低保", "page": "abc"}, "“page”应为整数"),
        ({"q": "低保", "page": "0"}, "“page”应不小于 1"),
        ({"q": "低保", "per_page": "999"}, "“per_page”应不大于 50"),
        ({"q": "低保", "sort": "random"}, "“sort”只能取："),
    ],
)
def test_the_api_refuses_bad_parameters_saying_what_to_fix(params, says):
    response = Client().get("/api/public/search", params)
    assert response.status_code == 400  # the URL is wrong (issue 13: a query error is a 400)
    body = response.json()
    assert says in body["message"]
    assert body["detail"][0]["msg"] in body["message"]


def test_a_page_number_beyond_the_limit_is_clamped_not_computed(loaded):
    res = search_public(query="低保", page=10**9)
    assert res.page == MAX_PAGE
    assert res.hits == []
    assert Client().get("/search/", {"q": "低保", "page": str(10**9)}).status_code == 200
