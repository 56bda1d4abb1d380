"""The public site's sections: the header navigation and the home page's blocks.

The portal owns the navigation and the home page; every capability with public pages
registers its section here from its ``AppConfig.ready`` (the way the 政府信息公开 column's
entries are registered in ``column.py``), so capabilities built in parallel never edit the
same template::

    register_section(SiteSection(
        slug="participation", title=gettext_noop("公众参与"),
        url_name="participation:index", order=30,
        home_block=participation_home_block,   # optional
    ))

``title`` is the Chinese msgid; the navigation translates it at render time, so the
registering app puts the msgid in the catalogue (``gettext_noop`` marks it for makemessages).
A home block is a callable taking the request and returning HTML (already escaped, e.g. from
``render_to_string``) or ``""`` when it has nothing to show; blocks appear on the home page
in section order, after the 政府信息公开 column and before the tools.

Order: the portal's own links take 0 (首页), 10 (政府信息公开), 90–140 (检索, 申请, 查询,
答复期限, 工作人员); capabilities use 20–80.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_noop

HomeBlock = Callable[[HttpRequest], str]


@dataclass(frozen=True)
class SiteSection:
    slug: str
    title: str  # Chinese msgid, translated when the navigation is rendered
    url_name: str  # a URL name that reverses without arguments
    order: int
    home_block: HomeBlock | None = None
    in_nav: bool = True


_sections: dict[str, SiteSection] = {}


def register_section(section: SiteSection) -> None:
    """Add (or replace, by slug) a section of the public site."""
    if not section.slug or not section.title:
        raise ValueError("a site section needs a slug and a title")
    _sections[section.slug] = section


def unregister_section(slug: str) -> None:
    _sections.pop(slug, None)


def sections() -> list[SiteSection]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.slug))


def nav_links() -> list[tuple[str, str, str]]:
    """(slug, title msgid, url) of the header navigation, in order. A section whose URL does
    not reverse (its app is not installed in this deployment) is left out rather than
    breaking every page."""
    links = []
    for s in sections():
        if not s.in_nav:
            continue
        try:
            links.append((s.slug, s.title, reverse(s.url_name)))
        except NoReverseMatch:
            continue
    return links


def home_blocks(request: HttpRequest) -> list[str]:
    """The registered home-page blocks' HTML, in section order; empty blocks left out."""
    out = []
    for s in sections():
        if s.home_block is None:
            continue
        html = s.home_block(request)
        if html:
            out.append(html)
    return out


def register_portal_sections() -> None:
    """The portal's own links (the header navigation before any capability registers)."""
    for slug, title, url_name, order in (
        ("home", gettext_noop("首页"), "portal:home", 0),
        ("xxgk", gettext_noop("政府信息公开"), "portal:xxgk", 10),
        ("search", gettext_noop("全站检索"), "search:search", 90),
        ("apply", gettext_noop("申请公开"), "apply:form", 100),
        ("track", gettext_noop("申请进度查询"), "apply:track", 110),
        ("deadline", gettext_noop("答复期限计算"), "portal:deadline", 120),
        ("staff", gettext_noop("工作人员登录"), "workbench:home", 140),
    ):
        register_section(SiteSection(slug=slug, title=title, url_name=url_name, order=order))
