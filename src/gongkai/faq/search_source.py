"""FAQ entries as a search source: each public entry is one record (its question as the title,
the answer as the body), found under the content type 常见问题."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.urls import reverse

from gongkai.faq.models import FaqEntry
from gongkai.search.index import Record
from gongkai.search.sources import Change

CONTENT_TYPE = "常见问题"


def entry_record(e: FaqEntry) -> Record:
    group = f"faq:{e.pk}"
    date = e.published_at.date().isoformat() if e.published_at else ""
    body = "\n".join(x for x in (e.answer, e.keywords) if x)
    meta = {
        "content_type": CONTENT_TYPE,
        "organ": e.unit.name,
        "topic": e.topic,
        "year": date[:4],
        "date": date,
    }
    return Record(group, e.question, reverse("faq:entry", args=[e.pk]), body, None, group, meta)


def all_records() -> Iterator[Record]:
    from gongkai.faq.selectors import public_entries

    ids = []
    for e in public_entries().iterator(chunk_size=500):
        ids.append(e.pk)
        yield entry_record(e)
    # a rebuild hands over everything: the bookkeeping follows (no audit: not a change)
    FaqEntry.objects.filter(pk__in=ids).update(search_indexed=True, search_dirty=False)
    FaqEntry.objects.exclude(pk__in=ids).update(search_indexed=False, search_dirty=False)


def changes() -> Iterable[Change]:
    """Entries edited, published, retired, or come into or gone out of their validity."""
    from gongkai.faq.selectors import public_entries

    public = {e.pk: e for e in public_entries()}
    indexed = set(FaqEntry.objects.filter(search_indexed=True).values_list("pk", flat=True))
    dirty = set(FaqEntry.objects.filter(search_dirty=True).values_list("pk", flat=True))
    changed = dirty | (indexed - set(public)) | (set(public) - indexed)
    if not changed:
        return []
    out: list[Change] = []
    for pk in sorted(changed):
        e = public.get(pk)
        out.append((f"faq:{pk}", [entry_record(e)] if e is not None else []))
    now_public = [pk for pk in changed if pk in public]
    FaqEntry.objects.filter(pk__in=now_public).update(search_indexed=True, search_dirty=False)
    FaqEntry.objects.filter(pk__in=changed - set(now_public)).update(
        search_indexed=False, search_dirty=False
    )
    return out
