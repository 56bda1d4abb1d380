"""``{% site_nav %}``: the header navigation from the registered site sections."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from gongkai.portal.sections import nav_links

register = template.Library()


@register.simple_tag
def site_nav() -> SafeString:
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a></li>',
        ((url, gettext(title)) for _slug, title, url in nav_links()),
    )


@register.simple_tag(takes_context=True)
def home_blocks(context: template.Context) -> SafeString:
    from gongkai.portal.sections import home_blocks as blocks

    request = context.get("request")
    if request is None:
        return format_html("")
    return SafeString("\n".join(blocks(request)))
