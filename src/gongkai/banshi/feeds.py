"""办事服务 in the sitemap and the Atom feed (``documents.feeds``, registered in apps.py): every
service item's 办事指南 and every 一件事 guide (all of 办事服务 is public; nothing here is
personal). ``updated`` is when the guide last changed (``updated_at``; a 一件事 also when one of
its items did), taken from the data, so two identical requests give the same bytes."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gongkai.banshi.selectors import one_things, service_items
from gongkai.documents.feeds import PublicEntry


def entries(limit: int | None) -> list[PublicEntry]:
    """The guides, most recently changed first (``limit`` of them for the feed)."""
    items = service_items().order_by("-updated_at", "code")
    out: list[PublicEntry] = []
    for i in items if limit is None else items[:limit]:
        out.append(
            PublicEntry(
                url=reverse("banshi:guide", args=[i.code]),
                title=f"{i.name}办事指南",
                updated=i.updated_at,
                summary=f"{i.unit.name} · {i.list_kind} · {i.kind} · 事项编码 {i.code}",
                author=i.unit.name,
            )
        )
    things = list(one_things())
    codes = {c for t in things for c in t.items}
    changed = dict(service_items().filter(code__in=codes).values_list("code", "updated_at"))
    for t in things:
        updated = max([t.updated_at, *(changed[c] for c in t.items if c in changed)])
        out.append(
            PublicEntry(
                url=reverse("banshi:one-thing", args=[t.pk]),
                title=f"“一件事”：{t.title}",
                updated=updated,
                summary=f"{t.unit.name} · 串联{len(t.items)}个事项",
                author=t.unit.name,
            )
        )
    out.sort(key=lambda e: (e.updated, e.url), reverse=True)
    return out if limit is None else out[:limit]


def section_pages() -> Iterable[str]:
    yield reverse("banshi:index")
