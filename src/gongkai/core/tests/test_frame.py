"""The cached public frame (core/frame.py) gives the page the template gives, in every variant."""

from __future__ import annotations

import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from gongkai.core import frame
from gongkai.core.prefs import CONTRAST_COOKIE, TEXT_SIZE_COOKIE

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
# what the page must escape: a title and an address with markup and quotes in them
TITLE = "“<script>alert(1)</script>” & '引号\""
CONTENT = "<h1>检索</h1><p>正文 &amp; <mark>标记</mark></p>"
PATH = '/search/?q=%22%3E%3Cimg+src%3Dx%3E&x="<>'


def _request(text: str, contrast: str | None):
    request = RequestFactory().get(PATH)
    request.COOKIES[TEXT_SIZE_COOKIE] = text
    if contrast:
        request.COOKIES[CONTRAST_COOKIE] = contrast
    return request


def _by_template(request, title: str, content: str) -> str:
    from django.utils.safestring import mark_safe

    return render_to_string(
        frame.FRAME_TEMPLATE,
        {"frame_title": title, "frame_content": mark_safe(content)},  # noqa: S308 — test HTML
        request,
    )


@pytest.fixture(autouse=True)
def _empty_frames():
    frame._frames.clear()
    yield
    frame._frames.clear()


@pytest.mark.parametrize("site_name", ["某某区人民政府", "Gongkai <演示>"])
def test_the_framed_page_is_the_templates_page_in_every_language_and_preference(site_name):
    # all variants in one run, so a frame cached for one can never be served for another
    with override_settings(GONGKAI_SITE_NAME=site_name):
        for _round in range(2):  # the second round is served from the cache
            for lang in ("zh-hans", "en"):
                for text in ("normal", "large", "xlarge", "bogus"):
                    for contrast in (None, "on"):
                        with translation.override(lang):
                            request = _request(text, contrast)
                            framed = frame.render_framed(
                                request, title=TITLE, content=CONTENT
                            ).content.decode()
                            expected = _by_template(_request(text, contrast), TITLE, CONTENT)
                        tokens = TOKEN.findall(framed)
                        assert len(tokens) == 2
                        assert tokens[0] == tokens[1]
                        # a masked token of this request's secret (accepted: the last test)
                        assert len(tokens[0]) == 64
                        assert request.META["CSRF_COOKIE"]
                        assert TOKEN.sub("T", framed) == TOKEN.sub("T", expected)
                        assert "\x00" not in framed
        # one frame per language and valid preference set: 2 × 3 × 2
        assert len(frame._frames) == 12


def test_title_and_address_are_escaped_and_content_is_kept():
    page = frame.render_framed(_request("normal", None), title=TITLE, content=CONTENT)
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'value="/search/?q=%22%3E%3Cimg+src%3Dx%3E&amp;x=%22%3C%3E"' in html
    assert CONTENT in html


@pytest.mark.django_db
def test_queued_messages_are_shown_and_consumed():
    request = _request("normal", None)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.success(request, "已保存。")
    html = frame.render_framed(request, title="标题", content=CONTENT).content.decode()
    assert '<p class="msg msg-success">已保存。</p>' in html
    assert CONTENT in html
    assert len(frame._frames) == 0  # that page came from the template, not the cache
    assert request._messages.used  # shown once: the storage drops them with the response


@pytest.mark.django_db
def test_the_switches_on_a_framed_page_work_with_csrf_enforced():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("search:search"), {"q": "公开"})
    assert page.status_code == 200
    token = TOKEN.search(page.content.decode())
    assert token is not None
    refused = client.post(reverse("portal:prefs"), {"text": "large", "next": "/search/"})
    assert refused.status_code == 403
    ok = client.post(
        reverse("portal:prefs"),
        {"text": "large", "next": "/search/", "csrfmiddlewaretoken": token.group(1)},
    )
    assert ok.status_code == 302
    larger = client.get(reverse("search:search"), {"q": "公开"}).content.decode()
    assert 'class="text-large"' in larger
    assert "放大字号" in larger
