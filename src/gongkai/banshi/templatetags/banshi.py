"""`{% kind_text value %}`: a 清单类型 or 事项类型 in the page's language. The kinds the lists use
are msgids (views.KIND_MSGIDS); a unit's own kind without a translation reads as written,
marked Chinese on an English page (WCAG 2.1 SC 3.1.2)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

register = template.Library()


@register.simple_tag
def kind_text(value: str) -> SafeString:
    text = gettext(value) if value else ""
    if text == value and not (get_language() or "zh").startswith("zh"):
        return format_html('<span lang="zh-CN">{}</span>', value)
    return format_html("{}", text)
