"""The public search page (/search/). Reads only through selectors.search_public."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from html import escape
from typing import Any
from urllib.parse import quote_plus, urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from gongkai.core.frame import render_framed
from gongkai.formats import long_date
from gongkai.search.badges import result_badges
from gongkai.search.engine import ARTICLES_SHOWN, ArticleHit, Hit, SearchResults
from gongkai.search.index import ALL_FACETS
from gongkai.search.selectors import search_public

FACET_LABELS = {
    "content_type": gettext_lazy("内容类型"),
    "organ": gettext_lazy("发文机关"),
    "doc_type": gettext_lazy("公文种类"),
    "topic": gettext_lazy("主题分类"),
    "validity": gettext_lazy("有效性"),
    "year": gettext_lazy("年份"),
    "tag": gettext_lazy("政策标签"),
}
# facets whose values are a managed vocabulary with translations (a policy's tags, finder.vocab),
# shown in the active language; the others (organs, kinds, topics) are content, shown as indexed
TRANSLATED_FACETS = ("tag",)
# 公开范围 of a targeted disclosure (the documents module's Scope.TARGETED), as shown
SCOPE_LABELS = {"定点定向": gettext_lazy("定点定向")}
PER_PAGE = 10
_HAN = re.compile(r"[\u3400-\u9fff]")
FACET_OPTIONS = 10  # values shown per facet


@lru_cache(maxsize=16)
def _texts(language: str | None) -> dict[str, str]:
    """The page's fixed texts in ``language`` (the active one: the gettext calls below use
    it), translated once per language rather than some twenty times per page."""
    return {
        "heading": _("检索结果"),
        "exact": _("按文号/索引号精确匹配，"),
        "page": _("，第 %(page)s / %(pages)s 页"),
        "stop": _("。"),
        "suggest": _("您是不是要找："),
        "sort": _("排序："),
        "relevance": _("按相关度"),
        "date": _("按日期"),
        "prev": _("上一页"),
        "next": _("下一页"),
        "paging": _("分页"),
        "filters": _("筛选"),
        "scope": _("公开范围："),
        "colon": _("："),
        # a count after a label: 本站信息（13）, Site (13)
        "count": _("%(label)s（%(n)s）"),
        "search": _("全站检索"),
        "label": _("检索词（可输入关键词、发文字号或索引号）"),
        "button": _("检索"),
        "title": _("“%(q)s”的检索结果"),
        "tabs": _("检索范围"),
        "kind:": _("全部"),
        "kind:site": _("本站信息"),
        "kind:library": _("法律法规库"),
        "issuer": _("发文机关"),
        "doc_kind": _("类别"),
        "articles": _("相关条文"),
        "more": _("另有 %(n)s 条相关条文"),
        "also": _("其他相关条文"),
        **{f"facet:{name}": str(label) for name, label in FACET_LABELS.items()},
        **{
            f"clear:{name}": _("不限%(facet)s") % {"facet": str(label)}
            for name, label in FACET_LABELS.items()
        },
        **{f"scope:{key}": str(label) for key, label in SCOPE_LABELS.items()},
    }


@lru_cache(maxsize=16)
def _escaped(language: str | None) -> dict[str, str]:
    """_texts, escaped for HTML."""
    return {k: escape(v) for k, v in _texts(language).items()}


def _int(raw: str | None, default: int) -> int:
    try:
        return max(1, int(raw or default))
    except ValueError:
        return default


# what a link's query may hold as it is: unreserved ASCII and the URL code points from U+00A0
# on (WHATWG URL Standard, "URL code points": no surrogates, no noncharacters); the rest of a
# value is percent-encoded
_IRI_ESCAPE = re.compile(
    "[^0-9A-Za-z_.~\\-\u00a0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd"
    + "".join(f"\\U{p:04x}0000-\\U{p:04x}fffd" for p in range(1, 17))
    + "]+"
)


def iri_quote(
    value: str | bytes, safe: str | bytes = "", encoding: Any = None, errors: Any = None
) -> str:
    """``value`` as a query parameter with its Chinese left as it is: ``?q=低保`` rather than
    ``?q=%E4%BD%8E%E4%BF%9D``. A browser sends the same request for either (it encodes the
    query in UTF-8, the page's encoding), and the results page, whose forty-odd filter links
    all repeat the question, is a quarter lighter. Everything else (spaces, ``&``, ``=``,
    ``+``, ``%``, ``#`` …) is percent-encoded as by quote_plus. Called as urlencode's
    ``quote_via`` (hence the unused parameters; bytes, which the page never has, go to
    quote_plus)."""
    if isinstance(value, bytes):
        return quote_plus(value, safe)
    return _IRI_ESCAPE.sub(lambda m: quote_plus(m.group()), value)


def _query(params: dict[str, Any]) -> str:
    """A link's query string (iri_quote)."""
    return urlencode(params, quote_via=iri_quote)


@lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    """A facet value as a query parameter in an attribute (the same values, organs and years,
    come back on every page)."""
    return escape(iri_quote(value))


def _facets_html(
    facets: dict[str, list[tuple[str, int]]], base: dict[str, str], language: str | None
) -> SafeString:
    """The filter lists. Built here rather than in the template: with six facets of ten links
    each they are the largest part of the page, and plain string building is many times faster
    than the template language for them (bench/search_load.py). Every value is escaped."""
    texts = _escaped(language)
    sections = []
    for name, values in facets.items():
        label = texts[f"facet:{name}"]
        others = _query({k: v for k, v in base.items() if k != name})
        prefix = escape("?" + others + ("&" if others else "") + name + "=")
        active = base.get(name)
        items = []
        translated = name in TRANSLATED_FACETS
        counted = texts["count"]
        for value, count in values[:FACET_OPTIONS]:
            shown = _(value) if translated else value
            text = counted % {"label": escape(shown), "n": count}
            # an organ's name is Chinese content: its item says so (lang, WCAG 3.1.2)
            li = '<li lang="zh-CN">' if _HAN.search(shown) else "<li>"
            if value == active:
                items.append(f'{li}<strong aria-current="true">{text}</strong></li>')
            else:
                items.append(f'{li}<a href="{prefix}{_quoted(value)}">{text}</a></li>')
        if active:
            clear = texts[f"clear:{name}"]
            items.append(f'<li><a href="{escape("?" + others)}">{clear}</a></li>')
        sections.append(
            f'<section aria-label="{label}"><h3>{label}</h3><ul>{"".join(items)}</ul></section>'
        )
    return mark_safe("\n".join(sections))  # noqa: S308 — every value above went through escape()


def _hits_html(
    hits: list[Hit], language: str | None, badges: dict[str, str] | None = None
) -> SafeString:
    """The result list's items, one per document (decision 0008): the title linked to the
    document (or law), a line saying where it is from (本站信息 / 法律法规库), who issued it and of
    what kind, the best snippet, and the matching articles with their anchors and a count of
    the rest. Built here for the same reason as the filter lists: ten items with several
    optional lines each cost the template language more than the search itself. Every value is
    escaped; the snippets are HTML already escaped by snippets.make_snippet, and ``badges``
    (search.badges: {hit id: HTML}) are escaped by the capabilities that registered them."""
    texts = _escaped(language)
    badges = badges or {}
    scope_label = texts["scope"]
    colon = texts["colon"]
    items = []
    for h in hits:
        m = h.metadata
        # titles, issuers, numbers and snippets are Chinese content: lang="zh-CN" (WCAG 3.1.2)
        url = escape(h.doc_url or h.url)
        badge = f" {badges[h.id]}" if h.id in badges else ""
        lines = [f'<h3><a href="{url}" lang="zh-CN">{escape(h.title)}</a>{badge}</h3>']
        issuer = str(m.get("issuer") or m.get("organ") or "")
        facts = [f'<span class="hit-source">{texts["kind:" + h.kind]}</span>']
        if issuer:
            facts.append(f'{texts["issuer"]}{colon}<span lang="zh-CN">{escape(issuer)}</span>')
        if m.get("doc_type"):
            kind = escape(str(m["doc_type"]))
            facts.append(f'{texts["doc_kind"]}{colon}<span lang="zh-CN">{kind}</span>')
        if m.get("doc_number"):
            facts.append(f'<span lang="zh-CN">{escape(str(m["doc_number"]))}</span>')
        if m.get("date"):  # in the page's language (decision 0018), kept in <time>
            facts.append(_date_html(str(m["date"])))
        lines.append(f'<p class="meta">{" · ".join(facts)}</p>')
        if h.articles:
            # the best ones with their text; any further article that ranks on this page
            # (engine: grouping never hides it) as a link by its number
            best, also = h.articles[:ARTICLES_SHOWN], h.articles[ARTICLES_SHOWN:]
            arts = "".join(
                f'<li lang="zh-CN"><a href="{escape(a.url)}">{escape(a.article)}</a> {_unnumbered(a)}</li>'
                for a in best
            )
            lines.append(f'<ul class="hit-articles" aria-label="{texts["articles"]}">{arts}</ul>')
            if also:
                links = "、".join(
                    f'<a href="{escape(a.url)}">{escape(a.article)}</a>' for a in also
                )
                lines.append(
                    f'<p class="meta">{texts["also"]}{colon}<span lang="zh-CN">{links}</span></p>'
                )
        else:
            lines.append(f'<p lang="zh-CN">{h.snippet}</p>')
        if h.more:
            more = escape(_("另有 %(n)s 条相关条文") % {"n": h.more})
            lines.append(f'<p class="meta"><a href="{escape(h.doc_url or h.url)}">{more}</a></p>')
        scope = texts.get(f"scope:{m.get('scope', '')}", "")
        if scope:
            target = m.get("scope_target", "")
            text = scope + (f'{colon}<span lang="zh-CN">{escape(target)}</span>' if target else "")
            lines.append(f'<p class="meta">{scope_label}{text}</p>')
        items.append("<li>\n      " + "\n      ".join(lines) + "\n    </li>")
    return mark_safe("\n    ".join(items))  # noqa: S308 — every value above went through escape()


@lru_cache(maxsize=4096)
def _date_html_in(iso: str, language: str | None) -> str:
    try:
        day = datetime.date.fromisoformat(iso[:10])
    except ValueError:
        return f'<span lang="zh-CN">{escape(iso)}</span>'
    return f'<time datetime="{day.isoformat()}">{escape(long_date(day))}</time>'


def _date_html(iso: str) -> str:
    """A result's date as the page says dates (2026年12月6日 / 6 December 2026)."""
    return _date_html_in(iso, get_language())


def _unnumbered(a: ArticleHit) -> str:
    """An article's snippet without the article number it starts with (the link shows it)."""
    snippet = a.snippet
    return snippet[len(a.article) :].lstrip() if snippet.startswith(a.article) else snippet


def _tabs_html(res: SearchResults, base: dict[str, str], language: str | None) -> str:
    """All / 本站信息 / 法律法规库, each with its count of results; the current one marked."""
    e = _escaped(language)
    current = base.get("kind", "")
    counts = {"": sum(res.kinds.values()), **res.kinds}
    items = []
    for kind in ("", "site", "library"):
        label = e["count"] % {"label": e["kind:" + kind], "n": counts.get(kind, 0)}
        if kind == current:
            items.append(f'<li><strong aria-current="page">{label}</strong></li>')
        else:
            params = {k: v for k, v in base.items() if k not in ("kind", "page")}
            if kind:
                params["kind"] = kind
            items.append(f'<li><a href="{escape("?" + _query(params))}">{label}</a></li>')
    return f'  <nav class="search-tabs" aria-label="{e["tabs"]}"><ul>{"".join(items)}</ul></nav>'


def _results_html(
    res: SearchResults, base: dict[str, str], sort: str, language: str | None
) -> SafeString:
    """The results section: status line, suggestion, sort links, the list, paging, filters.
    Built in Python like the list and the filters (the template language cost more than the
    search on this page, bench/search_load.py); every value is escaped. The texts are
    translated outside the f-strings, where makemessages can find them."""
    pages = (res.total + PER_PAGE - 1) // PER_PAGE
    t, e = _texts(language), _escaped(language)
    found = ngettext("共找到 %(total)s 条结果", "共找到 %(total)s 条结果", res.total)

    def link(params: dict[str, Any]) -> str:
        return escape("?" + _query(params))

    status = t["exact"] if res.exact else ""
    status += found % {"total": res.total}
    if res.total:
        status += t["page"] % {"page": res.page, "pages": pages}
    out = [
        '<section aria-labelledby="results-heading">',
        f'  <h2 id="results-heading">{e["heading"]}</h2>',
        f'  <p role="status">{escape(status + t["stop"])}</p>',
    ]
    if res.kinds and (res.kinds.get("library") or base.get("kind")):
        out.append(_tabs_html(res, base, language))
    if res.suggestion:
        out.append(
            f'  <p>{e["suggest"]}<a href="{link({"q": res.suggestion})}" lang="zh-CN">'
            f"{escape(res.suggestion)}</a></p>"
        )
    if res.total:
        if sort == "date":
            choice = (
                f'<a href="{link({**base, "sort": "relevance"})}">{e["relevance"]}</a> · '
                f'<strong aria-current="true">{e["date"]}</strong>'
            )
        else:
            choice = (
                f'<strong aria-current="true">{e["relevance"]}</strong> · '
                f'<a href="{link({**base, "sort": "date"})}">{e["date"]}</a>'
            )
        out.append(f"  <p>{e['sort']}{choice}</p>")
    start = (res.page - 1) * PER_PAGE + 1
    hits = _hits_html(res.hits, language, result_badges(res.hits))
    out.append(f'  <ol class="search-results" start="{start}">\n    {hits}\n  </ol>')
    paging = []
    if res.page > 1:
        paging.append(
            f'<a href="{link({**base, "page": res.page - 1})}" rel="prev">{e["prev"]}</a>'
        )
    if res.page < pages:
        paging.append(
            f'<a href="{link({**base, "page": res.page + 1})}" rel="next">{e["next"]}</a>'
        )
    if paging:
        out.append(f'  <nav aria-label="{e["paging"]}">\n    ' + "\n    ".join(paging))
        out.append("  </nav>")
    out.append("</section>")
    facets = _facets_html(res.facets, base, language)
    if facets:
        out.append('<aside aria-labelledby="facets-heading">')
        out.append(f'  <h2 id="facets-heading">{e["filters"]}</h2>')
        out.append(f"  {facets}")
        out.append("</aside>")
    return mark_safe("\n".join(out))  # noqa: S308 — every value above went through escape()


@lru_cache(maxsize=16)
def _search_action(script_prefix: str) -> str:
    """The search form's action, escaped (reverse() walks the URL patterns every time)."""
    return escape(reverse("search:search"))


def _form_html(q: str, filters: dict[str, str], language: str | None) -> str:
    """The search form (a plain GET form: it needs no CSRF token), the active filters kept."""
    t = _texts(language)
    heading, label, button = t["search"], t["label"], t["button"]
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in filters.items()
    )
    return (
        f"<h1>{escape(heading)}</h1>\n"
        f'<form method="get" action="{_search_action(get_script_prefix())}" role="search" '
        f'aria-label="{escape(heading)}">\n'
        f'  <label for="search-q">{escape(label)}</label>\n'
        f'  <input type="search" id="search-q" name="q" value="{escape(q)}" maxlength="200" '
        f'autocomplete="off">\n'
        f"  {hidden}\n"
        f'  <button type="submit">{escape(button)}</button>\n'
        "</form>\n"
    )


def search_page(request: HttpRequest) -> HttpResponse:
    """The whole page is built in this module rather than by templates: it is the busiest
    public page, and the template language cost more than the search itself
    (bench/search_load.py); the frame around it is core/frame.py's."""
    q = request.GET.get("q", "").strip()
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    page = _int(request.GET.get("page"), 1)
    filters = {f: request.GET.get(f, "") for f in ALL_FACETS if request.GET.get(f)}
    kind = request.GET.get("kind", "")
    kind = kind if kind in ("site", "library") else ""
    language = get_language()
    content = _form_html(q, {**filters, **({"kind": kind} if kind else {})}, language)
    if q:
        res = search_public(
            query=q, page=page, per_page=PER_PAGE, filters=filters, sort=sort, kind=kind
        )
        base = {"q": q, "sort": sort, **filters, **({"kind": kind} if kind else {})}
        content += _results_html(res, base, sort, language)
    t = _texts(language)
    title = t["title"] % {"q": q} if q else t["search"]
    return render_framed(request, title=title, content=content)
