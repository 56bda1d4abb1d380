"""The staff workbench's navigation: the platform's own links plus those capabilities register.

A capability adds its staff pages from its ``AppConfig.ready``::

    register_staff_link(StaffLink("moderation", "待审核发布", "moderation:queue", order=15,
                                  perm="moderate"))

A link shows only to users holding ``perm`` (an ``org.access.Perm`` value). The built-in links
keep their place in ``workbench/base.html``; registered ones follow them, in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse

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
