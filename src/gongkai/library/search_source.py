"""The library as a search source (``laws``, kind "library": decision 0008).

Each article of a law is one record (group = the law), anchored ``#第X条`` on the law's page;
text before the first article is not an article and is skipped. The records carry the law's
level (效力层级) as 公文种类, its validity and year as facets, its issuer (制定机关) for the result
list, and a prior by level (search.laws.LEVEL_BOOST); they carry no 发文机关 facet value, so the
search's 发文机关 filter lists the site's own issuers only. ``changes()`` hands over the laws
loaded or changed since it last ran (``indexed=False``) and marks them indexed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import quote

from django.urls import reverse

from gongkai.library.models import Law
from gongkai.search.index import Record
from gongkai.search.laws import law_boost, split_articles
from gongkai.search.sources import Change

SOURCE = "laws"


def law_search_records(law: Law) -> list[Record]:
    date = law.published_on.isoformat() if law.published_on else ""
    meta = {
        "content_type": "法律法规",
        "doc_type": law.level,
        "validity": law.validity,
        "year": date[:4],
        "date": date,
        "issuer": law.issuer,
        "doc_number": law.doc_number,
        "boost": law_boost(law.level, law.category, law.expired),
        "source": SOURCE,
        "source_kind": "library",
    }
    url = reverse("library:law", args=[law.pk])
    group = f"law:{law.pk}"
    return [
        Record(f"{group}:{art}", law.title, f"{url}#{quote(art)}", text, art, group, meta)
        for art, text in split_articles(law.body)
    ]


def all_records() -> Iterator[Record]:
    for law in Law.objects.order_by("id").iterator(chunk_size=200):
        yield from law_search_records(law)
    Law.objects.filter(indexed=False).update(indexed=True)


def changes() -> Iterable[Change]:
    pending = list(Law.objects.filter(indexed=False).order_by("id")[:500])
    if not pending:
        return []
    out = [(f"law:{law.pk}", law_search_records(law)) for law in pending]
    # update(): the consumer's bookkeeping, not a change to the library (no audit event)
    Law.objects.filter(id__in=[law.pk for law in pending]).update(indexed=True)
    return out
