"""Walk the public site in English and find Chinese that is not marked as Chinese.

Chinese that is Chinese by nature (a document's title and body, a unit's name, a law's text, a
citizen's published message, data values, proper names such as 公开) is wrapped on public pages in
an element with ``lang="zh-CN"`` (WCAG 2.1 SC 3.1.2 Language of Parts: a screen reader reads it
with a Chinese voice). Everything else goes through gettext. So on an English page every run of
Han characters must sit inside an element whose ``lang`` starts with ``zh``; the text of the
``<title>`` element and of the title, aria-label, placeholder and alt attributes, and of buttons'
values, may only repeat Chinese that the page itself marks as Chinese (a document's title in
the ``<title>``, a file's name in a download link's label).

Run as ``python -m gongkai.portal.tests.english_walk`` against a database to print the findings.
"""

from __future__ import annotations

import re
import sys
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

HAN = re.compile(r"[\u3400-\u9fff]")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
# a run to report: Han characters with the punctuation and spaces between them
RUN = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff00-\uffef\s\w·（）《》“”]*")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
CHECKED_ATTRS = ("title", "aria-label", "placeholder", "alt", "aria-description")
SKIP = ("/staff/", "/api/", "/i18n/", "/prefs/", "/static/", "/admin/", "/media/")
LINK = re.compile(r'href="(/[^"#]*)"')
LOC = re.compile(r"<loc>https?://[^/<]+(/[^<]*)</loc>")


@dataclass
class PageCheck:
    html_lang: str = ""
    marked: list[str] = field(default_factory=list)  # text inside lang="zh…" elements
    unmarked: list[str] = field(default_factory=list)  # Han text outside them
    attrs: list[tuple[str, str]] = field(default_factory=list)  # (what, text) to check later
    title: str = ""

    def findings(self) -> list[str]:
        out = [f"text: {run}" for text in self.unmarked for run in RUN.findall(text)]
        # the marked texts, whole and as their runs of Han characters (a <title> may take one
        # part of a marked heading: "机构职能 · <unit>" from "信息公开 · 机构职能")
        whole = {m.strip() for m in self.marked if m.strip()}
        runs = {r for m in whole for r in HAN_RUN.findall(m)}
        known = sorted(whole | runs, key=len, reverse=True)
        for what, text in [("<title>", self.title), *self.attrs]:
            for chinese in known:
                text = text.replace(chinese, "")
            out += [f"{what}: {run}" for run in RUN.findall(text)]
        return out


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.check = PageCheck()
        self.stack: list[tuple[str, bool]] = []  # (tag, inside Chinese)
        self.in_title = False
        self.skip = 0  # inside <script>/<style>

    def _chinese(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "html":
            self.check.html_lang = a.get("lang", "")
        lang = a.get("lang")
        chinese = lang.lower().startswith("zh") if lang is not None else self._chinese()
        if not chinese:
            for name in CHECKED_ATTRS:
                if HAN.search(a.get(name, "")):
                    self.check.attrs.append((f"{tag}[{name}]", a[name]))
            kind = a.get("type", "submit" if tag == "button" else "text")
            button = tag in ("input", "button") and kind in ("submit", "button", "reset")
            if button and HAN.search(a.get("value", "")):
                self.check.attrs.append((f"{tag}[value]", a["value"]))
            if (
                tag == "meta"
                and a.get("name") == "description"
                and HAN.search(a.get("content", ""))
            ):
                self.check.attrs.append(("meta[description]", a["content"]))
        if tag == "title":
            self.in_title = True
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append((tag, chinese))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.skip or not HAN.search(data):
            return
        if self.in_title:
            self.check.title += data
        elif self._chinese():
            self.check.marked.append(data)
        else:
            self.check.unmarked.append(data)


def check_html(html: str) -> PageCheck:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.check


@dataclass
class Walk:
    pages: dict[str, int] = field(default_factory=dict)  # url -> status
    findings: dict[str, list[str]] = field(default_factory=dict)  # url -> problems

    def report(self) -> str:
        return "\n".join(
            f"{url}\n" + "\n".join(f"    {p}" for p in problems)
            for url, problems in sorted(self.findings.items())
        )


def _route(url: str) -> str:
    """The URL pattern a URL belongs to (to cap how many pages of one kind are walked)."""
    from django.urls import Resolver404, resolve

    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route + ("?" if "?" in url else "")


def walk(client: Any, start: Iterable[str], per_route: int = 0, limit: int = 2000) -> Walk:
    """Crawl the public site from ``start`` with ``client`` (already switched to English):
    links within the site, the sitemap's entries, never /staff/ or /api/. ``per_route`` caps
    the pages walked per URL pattern (0: no cap)."""
    result = Walk()
    per: dict[str, int] = {}
    queue = deque(start)
    seen: set[str] = set()
    while queue and len(result.pages) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        if per_route:
            route = _route(url)
            if per.get(route, 0) >= per_route:
                continue
            per[route] = per.get(route, 0) + 1
        response = client.get(url)
        result.pages[url] = response.status_code
        if response.status_code == 405:
            continue  # a POST-only action (rating a reply): not a page
        if response.status_code >= 500:
            result.findings[url] = [f"status {response.status_code}"]
            continue
        ctype = response.get("Content-Type", "")
        if response.streaming or not ("html" in ctype or "xml" in ctype):
            continue
        if response.get("Content-Disposition", "").startswith("attachment"):
            continue  # a download (a document's text as an HTML file): content, not a page
        body = response.content.decode("utf-8", "replace")
        if "xml" in ctype:
            queue.extend(u.replace("&amp;", "&") for u in LOC.findall(body))
            continue
        check = check_html(body)
        # what the visitor typed (a search query) comes back in the <title>: their own words
        check.marked.extend(v for values in parse_qs(urlsplit(url).query).values() for v in values)
        problems = check.findings()
        if check.html_lang != "en":
            problems.insert(0, f'<html lang="{check.html_lang}">')
        if problems:
            result.findings[url] = problems
        for link in LINK.findall(body):
            link = link.replace("&amp;", "&")
            if link not in seen:
                queue.append(link)
    return result


# pages that answer a query, in their result state (as the browser sweep asks them)
QUERIES = (
    "/search/?q=政务公开",
    "/search/?q=低保",
    "/tools/deadline/?received=2024-09-27",
    "/library/?q=条例",
)


def _argless_public_routes() -> list[str]:
    """Every public URL pattern without arguments (pages no link reaches, e.g. the laws
    library, are walked too), as portal/tests/test_browser_sweep.py discovers them."""
    from django.urls import URLPattern, URLResolver, get_resolver

    out: list[str] = []

    def walk_patterns(patterns: Sequence[object], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk_patterns(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "<" not in route and "(?P" not in route:
                    out.append("/" + route.lstrip("^").rstrip("$"))

    walk_patterns(get_resolver().url_patterns, "")
    return sorted({u for u in out if not u.startswith(SKIP) and not u.startswith("/healthz")})


def start_urls() -> list[str]:
    from django.urls import NoReverseMatch, reverse

    from gongkai.portal.sections import sections

    urls = ["/", "/sitemap.xml", *QUERIES, *_argless_public_routes()]
    for s in sections():
        try:
            urls.append(reverse(s.url_name))
        except NoReverseMatch:
            continue
    return urls


def main() -> None:  # pragma: no cover - a developer's tool
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    per_route = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    result = walk(client, start_urls(), per_route=per_route)
    print(result.report())
    print(
        f"{len(result.pages)} pages walked, {len(result.findings)} with findings", file=sys.stderr
    )


if __name__ == "__main__":
    main()
