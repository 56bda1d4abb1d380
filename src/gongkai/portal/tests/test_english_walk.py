"""The whole public site in English: every page reachable from the home page, the sitemap and
each registered section, on the demo district's data, shows no Chinese outside elements marked
``lang="zh-CN"`` (document content, names, citizens' published words: WCAG 2.1 SC 3.1.2), and
its ``<html lang>`` is "en". The 404 page and a public form's validation errors too.

The checker is english_walk.py beside this file (run it as a module to list the findings on
a database of your own).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gongkai.portal.tests.english_walk import check_html, start_urls, walk


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def english(client: Client) -> Client:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_the_checker_finds_unmarked_chinese_and_accepts_marked_chinese():
    html = (
        '<html lang="en"><head><title>公开 - Gongkai</title></head><body>'
        '<p lang="zh-CN">示范区人民政府</p><p>Home <b>首页</b></p>'
        '<nav aria-label="当前位置"></nav><input type="submit" value="提交">'
        '<input type="hidden" name="q" value="低保"><img alt="图"><br>'
        '<div lang="zh-CN"><p>正文<br>第二段</p></div><p>after</p><span lang="zh-CN">公开</span>'
        "</body></html>"
    )
    check = check_html(html)
    assert check.html_lang == "en"
    assert check.findings() == [
        "text: 首页",
        "nav[aria-label]: 当前位置",
        "input[value]: 提交",
        "img[alt]: 图",
    ]  # the <title>'s 公开 is marked on the page; a hidden input's value is data


@pytest.mark.django_db
def test_every_public_page_in_english_has_no_unmarked_chinese(english):
    call_command("demo-data", stdout=io.StringIO())
    result = walk(english, start_urls())
    html_pages = [u for u, status in result.pages.items() if status == 200]
    # the demo district's public site: documents, the column, every section and its items,
    # the laws library, search results and the deadline calculator's explanation
    assert len(html_pages) >= 280, len(html_pages)
    for prefix in (
        "/xxgk/documents/",
        "/yishenqing/",
        "/hudong/",
        "/juece/",
        "/faq/",
        "/biaozhun/",
        "/zhongdian/",
        "/zhengce/",
        "/banshi/",
        "/workplans/",
        "/library/",
        "/search/?q=",
        "/tools/deadline/?received=",
    ):
        assert any(u.startswith(prefix) for u in html_pages), prefix
    assert not result.findings, (
        f"{len(result.findings)} of {len(result.pages)} pages show Chinese that is neither "
        "translated nor marked lang=zh-CN:\n" + result.report()
    )


@pytest.mark.django_db
def test_the_not_found_page_is_english(english):
    response = english.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    check = check_html(html)
    assert check.html_lang == "en"
    assert check.findings() == []


@pytest.mark.django_db
def test_the_application_form_sent_empty_answers_in_english(world, english):
    response = english.post(reverse("apply:form"), {"name": ""})  # every field empty
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose the agency" in html
    assert "Please enter your name or your organisation&#x27;s name" in html
    check = check_html(html)
    assert check.html_lang == "en"
    assert check.findings() == []


@pytest.mark.django_db
def test_chinese_pages_say_they_are_chinese(client):
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN"' in html
