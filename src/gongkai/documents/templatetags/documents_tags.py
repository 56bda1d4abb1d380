"""Template filters of the public document pages."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A paragraph (or heading) that opens an article: “第五十四条 …”.
_ARTICLE = re.compile(r"<(p|h[2-4])>(\s*)(第[一二三四五六七八九十百千零〇两\d]+条)", re.UNICODE)


@register.filter(is_safe=True)
def article_anchors(html: str) -> SafeString:
    """Give each article an id (``id="第五十四条"``) so that search results and citations can
    link straight to it (``…#第五十四条``). The body was sanitised when it was saved; only ids
    made of the article's own number are added, once each."""
    seen: set[str] = set()

    def add(m: re.Match[str]) -> str:
        tag, space, art = m.group(1), m.group(2), m.group(3)
        if art in seen:
            return m.group(0)
        seen.add(art)
        return f'<{tag} id="{art}">{space}{art}'

    return mark_safe(_ARTICLE.sub(add, html or ""))  # noqa: S308 - input is sanitised HTML


@register.simple_tag(takes_context=True)
def document_blocks(context: template.Context, document: Any) -> SafeString:
    """The blocks other capabilities registered for a document's page (documents.blocks)."""
    from gongkai.documents.blocks import document_blocks as blocks

    request = context.get("request")
    if request is None:
        return SafeString("")
    return SafeString("\n".join(blocks(document, request)))


@register.simple_tag(takes_context=True)
def title_badges(context: Any, doc: Any, docs: Any = None) -> SafeString:
    """The registered title badges (documents.blocks.register_title_badge) of one row of a
    public list, computed once for the whole list; without ``docs``, of one document (its
    page's title line)."""
    from gongkai.documents.blocks import title_badges as compute

    if docs is None:
        one = compute([doc]).get(doc.pk, [])
        return mark_safe(" ".join(one))  # noqa: S308 - the badges' own HTML
    cache = context.render_context.setdefault("documents_title_badges", {})
    key = id(docs)
    if key not in cache:
        cache[key] = compute(list(docs))
    return mark_safe(" ".join(cache[key].get(doc.pk, [])))  # noqa: S308 - the badges' own HTML


@register.filter
def translate_value(value: Any) -> str:
    """A stored vocabulary value (公文种类, 有效性, 公开方式…) in the visitor's language; the
    values are msgids (marked with gettext_noop in documents.vocab)."""
    from django.utils.translation import gettext

    return gettext(str(value)) if value else ""


@register.filter
def art20_display(label: str) -> str:
    """A stored 条例第二十条 item label (“（一）行政法规…”) in the visitor's language."""
    from django.utils.translation import get_language, gettext

    from gongkai.documents.vocab import ART20_ITEMS

    for n, mark, text in ART20_ITEMS:
        if label == f"{mark}{text}":
            return f"({n}) {gettext(text)}" if get_language() == "en" else label
    return label
