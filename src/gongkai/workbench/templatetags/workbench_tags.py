from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from gongkai.workbench.nav import builtin_links_for, staff_links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_nav(context: template.Context) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a></li>',
        (
            (url, gettext(title))
            for title, url in [*builtin_links_for(request.user), *staff_links_for(request.user)]
        ),
    )
