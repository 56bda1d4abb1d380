"""留言选登 in the sitemap and the Atom feed (``documents.feeds``, registered in wiring.py): the
messages chosen for publication, read through ``selectors.published_messages`` (the masked
published title; never the writer's name, phone or e-mail, nor the text as typed). The summary
names the channel and the replying unit only. ``updated`` is the 选登日期 at 00:00 in the site's
time zone, from the data, so identical requests give the same bytes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from gongkai.documents.feeds import PublicEntry
from gongkai.interaction.selectors import published_messages


def entries(limit: int | None) -> list[PublicEntry]:
    qs = published_messages().filter(published_on__isnull=False)
    out = []
    for m in qs if limit is None else qs[:limit]:
        assert m.published_on is not None
        unit = (m.reply_unit or m.handling_unit or m.unit).name
        out.append(
            PublicEntry(
                url=reverse("interaction:published_detail", args=[m.pk]),
                title=m.published_title,
                updated=timezone.make_aware(
                    datetime.datetime.combine(m.published_on, datetime.time.min),
                    timezone.get_default_timezone(),
                ),
                summary=f"留言选登 · {m.channel.name} · {unit}答复",
                author=unit,
            )
        )
    return out


def section_pages() -> Iterable[str]:
    yield reverse("interaction:index")
    yield reverse("interaction:published")
