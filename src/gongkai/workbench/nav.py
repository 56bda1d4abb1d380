"""The staff workbench's navigation: the platform's own links plus those capabilities register.

A capability adds its staff pages from its ``AppConfig.ready``::

    register_staff_link(StaffLink("moderation", "待审核发布", "moderation:queue", order=15,
                                  perm="moderate"))

A link shows only to users holding ``perm`` (an ``org.access.Perm`` value). The platform's own
links (BUILTIN) come first, each shown only to users who may open it (the permission its view
declares with ``core.views.staff_view``); registered ones follow them, in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_noop

from gongkai.org.access import Perm, can
from gongkai.org.models import User


@dataclass(frozen=True)
class StaffLink:
    slug: str
    title: str  # Chinese msgid
    url_name: str
    order: int = 50
    perm: str = Perm.USE_WORKBENCH


_links: dict[str, StaffLink] = {}

# (title msgid, url name): the workbench's own pages, in the order of the navigation
BUILTIN: tuple[tuple[str, str], ...] = (
    (gettext_noop("待办"), "workbench:home"),
    (gettext_noop("依申请公开"), "applications:list"),
    (gettext_noop("主动公开"), "documents_staff:list"),
    (gettext_noop("年度报告"), "reports:index"),
    (gettext_noop("公开指南"), "guide:list"),
    (gettext_noop("机构"), "workbench:units"),
    (gettext_noop("人员"), "workbench:people"),
    (gettext_noop("工作日日历"), "workbench:calendar"),
    (gettext_noop("期限计算"), "workbench:deadline"),
    (gettext_noop("审计日志"), "workbench:audit"),
)


def may_open(user: User | AnonymousUser, url: str) -> bool:
    """Whether ``user`` holds the permission the page at ``url`` declares (a page that declares
    none is offered to every member of staff)."""
    perm = getattr(resolve(url).func, "required_perm", Perm.USE_WORKBENCH)
    return can(user, Perm(perm))


def builtin_links_for(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """(title msgid, url) of the workbench's own pages ``user`` may open (review finding: a
    clerk was offered 人员, 审计日志 and 公开指南 and got 403)."""
    out = []
    for title, name in BUILTIN:
        url = reverse(name)
        if may_open(user, url):
            out.append((title, url))
    return out


def register_staff_link(link: StaffLink) -> None:
    Perm(link.perm)  # an unknown permission fails at start, not on a page
    _links[link.slug] = link


def staff_links_for(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """(title msgid, url) of the registered links ``user`` may open, in order."""
    out = []
    for link in sorted(_links.values(), key=lambda lk: (lk.order, lk.slug)):
        if not can(user, Perm(link.perm)):
            continue
        try:
            out.append((link.title, reverse(link.url_name)))
        except NoReverseMatch:
            continue
    return out
