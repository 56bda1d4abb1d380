"""留言选登 in the site search: only published messages, their masked, confirmed text."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse


def all_records() -> Iterable[object]:
    from gongkai.interaction.selectors import published_messages
    from gongkai.search.index import Record

    for m in published_messages().iterator():
        yield Record(
            id=f"interaction:{m.pk}",
            title=m.published_title,
            url=reverse("interaction:published_detail", args=[m.pk]),
            body=f"{m.published_content}\n{m.published_reply}",
            group=f"interaction:{m.pk}",
            metadata={
                "source": "interaction",
                "date": m.published_on.isoformat() if m.published_on else "",
                "public": True,
            },
        )


def register() -> None:
    from django.apps import apps

    if not apps.is_installed("gongkai.search"):
        return
    from gongkai.search.sources import SearchSource, register_search_source

    register_search_source(SearchSource("interaction", all_records))  # type: ignore[arg-type]
