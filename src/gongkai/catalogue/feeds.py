"""Each unit's published catalogue in the sitemap and the Atom feed (``documents.feeds``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from gongkai.catalogue.selectors import published_catalogues
from gongkai.documents.feeds import PublicEntry
from gongkai.formats import cn_date


def entries(limit: int | None) -> list[PublicEntry]:
    """The current published version of each unit's catalogue (never a draft), newest first."""
    qs = published_catalogues().order_by("-published_at", "-pk")
    if limit is not None:
        qs = qs[:limit]
    out = []
    for c in qs:
        assert c.published_at is not None  # a published version has its publication time
        effective = f"，{cn_date(c.effective_on)}起施行" if c.effective_on else ""
        out.append(
            PublicEntry(
                url=reverse("catalogue:unit", args=[c.unit.code]),
                title=f"{c.unit.name}政务公开事项标准目录（第{c.number}版）",
                updated=c.published_at,
                summary=f"共{c.n_items}个公开事项{effective}",  # type: ignore[attr-defined]
                author=c.unit.name,
                unique_id=f"/biaozhun/{c.unit.code}/v{c.number}",
            )
        )
    return out


def section_pages() -> Iterable[str]:
    yield reverse("catalogue:index")
