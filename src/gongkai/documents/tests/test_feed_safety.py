"""Issue 13 finding 6: a staff-written summary reached feed readers as live HTML."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SUMMARY = '<script>alert(1)</script><img src=x onerror="alert(2)"> 补贴 & 标准 <b>说明</b>'


def test_a_summary_with_markup_is_shown_as_text_by_a_feed_reader(client, make_doc, publish):
    publish(make_doc(title="测试区补贴标准", summary=SUMMARY))
    body = client.get(reverse("documents:feed")).content
    entry = ET.fromstring(body).find(f"{ATOM}entry")  # noqa: S314 - our own feed
    assert entry is not None
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None
    assert summary.get("type") == "html"
    # what a reader renders as HTML: escaped markup, which shows exactly what was typed
    rendered = summary.text or ""
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert html.unescape(rendered) == SUMMARY


def test_a_bidi_override_in_a_title_is_neutralised_in_the_feed(client, make_doc, publish):
    publish(make_doc(title="通知\u202efdp.exe"))
    text = client.get(reverse("documents:feed")).content.decode()
    assert "\u202e" not in text
    assert "通知\ufffdfdp.exe" in text
