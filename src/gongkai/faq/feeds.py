"""常见问题 in the sitemap and the Atom feed (``documents.feeds``, registered in wiring.py): the
entries public today (published and within their validity), read through the public selector.
The title is the question as published; the summary names the unit and topic, never the answer.
``updated`` is when the entry last changed (``updated_at``), so identical requests give the same
bytes."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gongkai.documents.feeds import PublicEntry
from gongkai.faq.selectors import public_entries


def entries(limit: int | None) -> list[PublicEntry]:
    qs = public_entries().order_by("-updated_at", "-pk")
    out = []
    for e in qs if limit is None else qs[:limit]:
        topic = f" · {e.topic}" if e.topic else ""
        out.append(
            PublicEntry(
                url=reverse("faq:entry", args=[e.pk]),
                title=e.question,
                updated=e.updated_at,
                summary=f"{e.unit.name} · 常见问题{topic}",
                author=e.unit.name,
                published=e.published_at,
            )
        )
    return out


def section_pages() -> Iterable[str]:
    yield reverse("faq:index")
