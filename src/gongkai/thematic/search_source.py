"""Published thematic entries as search records (facet content_type = the column's title)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import reverse

from gongkai.search.index import Record
from gongkai.thematic.columns import LONG, TEXT, column
from gongkai.thematic.models import Entry, EntryState


def entry_records(entry: Entry) -> list[Record]:
    col = column(entry.column)
    if col is None or entry.state != EntryState.PUBLISHED:
        return []
    text = "\n".join(
        f"{f.label}：{entry.values.get(f.key)}"
        for f in col.fields
        if f.kind in (TEXT, LONG) and f.key != col.title_field and entry.values.get(f.key)
    )
    date = entry.published_on.isoformat() if entry.published_on else ""
    meta = {
        "content_type": col.title,
        "organ": entry.unit.name,
        "doc_type": col.group,
        "year": str(entry.year or date[:4]),
        "date": date,
    }
    group = f"thematic:{entry.pk}"
    url = reverse("thematic:detail", args=[entry.column, entry.pk])
    return [Record(group, entry.title, url, text, None, group, meta)]


def all_records() -> Iterator[Record]:
    for entry in Entry.objects.filter(state=EntryState.PUBLISHED).select_related("unit"):
        yield from entry_records(entry)


def changes() -> Iterable[tuple[str, list[Record]]]:
    dirty = list(Entry.objects.filter(search_dirty=True).select_related("unit")[:1000])
    if not dirty:
        return []
    out = [(f"thematic:{e.pk}", entry_records(e)) for e in dirty]
    # update(): the consumer's bookkeeping, not a change of the entry (no audit event)
    Entry.objects.filter(pk__in=[e.pk for e in dirty]).update(search_dirty=False)
    return out
