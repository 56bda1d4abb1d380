"""Issue 13 finding 10: CSP and Permissions-Policy on every response, no inline script or style
in any served template, bidi controls neutralised where text is shown, one safe redirect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.core.middleware import CONTENT_SECURITY_POLICY
from gongkai.core.redirects import safe_next

SRC = Path(__file__).resolve().parents[2]
# rendered into PDF by WeasyPrint or offered as a download, never served as a page
NOT_PAGES = {"applications/letters/letter.html", "reports/print.html"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", "/xxgk/documents/", "/xxgk/feed.atom", "/api/public/documents", "/no/such/page/",
     "/staff/", "/api/openapi.json", "/xxgk/documents/?year=99999"],
)  # fmt: skip
def test_every_response_carries_csp_and_permissions_policy(url):
    response = Client(raise_request_exception=False).get(url)
    csp = response["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* event handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_served_template_needs_inline_script_or_style():
    problems = []
    for path in SRC.rglob("templates/**/*.html"):
        rel = path.as_posix().split("/templates/", 1)[1]
        if rel in NOT_PAGES:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                problems.append(f"{rel}: {what}")
    assert problems == []


def test_safe_next_keeps_only_this_sites_paths():
    rf = RequestFactory()
    for bad in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                "\\\\evil.example", "https:evil.example", "http://testserver.evil.example/"]:  # fmt: skip
        assert safe_next(rf.post("/", {"next": bad}), "/fallback/") == "/fallback/", bad
    assert (
        safe_next(rf.post("/", {"next": "/staff/applications/"}), "/f/") == "/staff/applications/"
    )
    assert safe_next(rf.get("/", {"next": "/xxgk/?a=1"}), "/f/") == "/xxgk/?a=1"


@pytest.mark.django_db
def test_the_text_size_switch_does_not_redirect_to_another_site(client):
    got = client.post(reverse("portal:prefs"), {"text": "large", "next": "https://evil.example/"})
    assert got.status_code == 302
    assert got["Location"] == "/"
