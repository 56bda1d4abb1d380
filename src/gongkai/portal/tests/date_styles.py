"""Check a page's dates against decision 0018 (docs/decisions/0018-date-formats.md).

- Outside tables (running text, headings, metadata lines, lists) a date reads in the long form
  of the page's language: 2026年12月6日 on a Chinese page, 6 December 2026 on an English one;
  never 2026-12-06.
- Inside one table the dates are in one style (a column table's ISO 2026-12-06, or a record's
  key-value table in the long form), never both.
- A Chinese date never pads its month or day (2026年01月06日: GB/T 9704-2012 7.3.5.3, 月、日不编虚位).
- An English page shows no Chinese-form date outside content marked ``lang="zh…"``, and a
  Chinese page no English-form date.

A hint that shows what to type into a date field ("写成 YYYY-MM-DD，例如 2024-09-27") may
give its example in ISO form. Machine-readable values are not text and are not looked at: attributes (``<time datetime>``,
``<input value>``), ``<script>``, ``<style>``, ``<textarea>`` and ``<code>``.

Run as ``python -m gongkai.portal.tests.date_styles [en]`` against a database to print the
findings of the public site (Chinese, or English with ``en``).
"""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

ISO = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
ZH = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
ZH_PADDED = re.compile(r"\d{4}\s*年\s*0\d\s*月|月\s*0\d\s*日")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
EN = re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
NOT_TEXT = ("script", "style", "textarea", "code", "template")
LINK = re.compile(r'href="(/[^"#]*)"')


def styles(text: str) -> set[str]:
    found = set()
    if ISO.search(text):
        found.add("2026-12-06")
    if ZH.search(text):
        found.add("2026年12月6日")
    if EN.search(text):
        found.add("6 December 2026")
    return found


@dataclass
class _Table:
    texts: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside Chinese-marked content)
        self.html_lang = ""
        self.skip = 0
        self.tables: list[_Table] = []  # open tables, innermost last
        self.done: list[_Table] = []
        self.outside: list[tuple[str, bool]] = []  # (text, inside lang=zh) outside tables
        self.inside_zh: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang", "")
        lang = a.get("lang")
        zh = (
            lang.lower().startswith("zh")
            if lang is not None
            else bool(self.stack and self.stack[-1][1])
        )
        if tag in NOT_TEXT:
            self.skip += 1
        if tag == "table":
            self.tables.append(_Table())
        if tag not in VOID:
            self.stack.append((tag, zh))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_TEXT and self.skip:
            self.skip -= 1
        if tag == "table" and self.tables:
            self.done.append(self.tables.pop())
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.skip or not data.strip():
            return
        zh = bool(self.stack and self.stack[-1][1])
        if self.tables:
            self.tables[-1].texts.append(data)
        else:
            self.outside.append((data, zh))


def check_html(html: str) -> list[str]:
    """The page's breaches of decision 0018, one line each ([] for none)."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    english = parser.html_lang.lower().startswith("en")
    out: list[str] = []
    for text, zh in parser.outside:
        line = " ".join(text.split())[:120]
        if ISO.search(text) and "YYYY-MM-DD" not in text:  # an example of what to type
            out.append(f"ISO date outside a table: {line}")
        if english and not zh and ZH.search(text):
            out.append(f"Chinese date on an English page: {line}")
        if not english and EN.search(text):
            out.append(f"English date on a Chinese page: {line}")
    for table in [*parser.done, *parser.tables]:
        found: set[str] = set()
        for text in table.texts:
            found |= styles(text)
        if len(found) > 1:
            sample = " | ".join(" ".join(t.split())[:40] for t in table.texts if styles(t))[:240]
            out.append(f"one table mixes {' and '.join(sorted(found))}: {sample}")
    every = [t for t, _ in parser.outside] + [t for tb in parser.done for t in tb.texts]
    out += [
        f"padded Chinese date: {' '.join(t.split())[:120]}" for t in every if ZH_PADDED.search(t)
    ]
    return out


@dataclass
class Walk:
    pages: dict[str, int] = field(default_factory=dict)  # url -> status
    findings: dict[str, list[str]] = field(default_factory=dict)  # url -> problems

    def report(self) -> str:
        return "\n".join(
            f"{url}\n" + "\n".join(f"    {p}" for p in problems)
            for url, problems in sorted(self.findings.items())
        )


def walk(
    client: Any,
    start: Iterable[str],
    inside: tuple[str, ...],
    skip: tuple[str, ...],
    per_route: int = 0,
    limit: int = 2000,
) -> Walk:
    """Crawl from ``start`` with ``client`` along links that start with one of ``inside`` and
    none of ``skip``; check every HTML page's dates."""
    from gongkai.portal.tests.english_walk import _route

    result = Walk()
    per: dict[str, int] = {}
    queue = deque(start)
    seen: set[str] = set()
    while queue and len(result.pages) < limit:
        url = queue.popleft()
        if url in seen or not url.startswith(inside) or url.startswith(skip):
            continue
        seen.add(url)
        if per_route:
            route = _route(url)
            if per.get(route, 0) >= per_route:
                continue
            per[route] = per.get(route, 0) + 1
        response = client.get(url)
        result.pages[url] = response.status_code
        if response.status_code >= 500:
            result.findings[url] = [f"status {response.status_code}"]
            continue
        if response.status_code != 200 or response.streaming:
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        if response.get("Content-Disposition", "").startswith("attachment"):
            continue
        body = response.content.decode("utf-8", "replace")
        problems = check_html(body)
        if problems:
            result.findings[url] = problems
        for link in LINK.findall(body):
            link = link.replace("&amp;", "&")
            if link not in seen:
                queue.append(link)
    return result


PUBLIC_SKIP = ("/staff/", "/api/", "/i18n/", "/prefs/", "/static/", "/admin/", "/media/")
# GET links on staff pages that are not pages to look at: leaving, downloads, the API
STAFF_SKIP = ("/staff/logout", "/api/", "/static/", "/media/", "/admin/")


def main() -> None:  # pragma: no cover - a developer's tool
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from gongkai.portal.tests.english_walk import start_urls

    client = Client()
    if sys.argv[1:2] == ["en"]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    result = walk(client, start_urls(), ("/",), PUBLIC_SKIP, per_route=3)
    print(result.report())
    print(f"{len(result.pages)} pages, {len(result.findings)} with findings", file=sys.stderr)


if __name__ == "__main__":
    main()
