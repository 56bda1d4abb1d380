"""Rich text entered by staff, reduced to a safe subset of HTML (nh3) before it is stored."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "ul", "ol", "li", "table",
    "thead", "tbody", "tr", "th", "td", "caption", "blockquote", "a", "span", "sup", "sub", "hr",
}  # fmt: skip


def sanitise_body(html: str) -> str:
    """Rich text from staff, reduced to a safe subset (nh3)."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
