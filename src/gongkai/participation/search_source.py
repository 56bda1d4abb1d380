"""Participation as a search source (small on purpose: search/ is being reworked): public
decisions and consultations (title, background, the draft's articles and the 预公开 interpretation).
Read only through the public selectors; no comment text and no personal data is indexed.
Records appear with ``gongkai search rebuild`` (no change feed yet)."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from gongkai.participation import selectors
from gongkai.search.index import Record


def all_records() -> Iterator[Record]:
    for d in selectors.public_decisions():
        yield Record(
            id=f"participation:decision:{d.pk}",
            title=d.title,
            url=reverse("participation:decision", args=[d.pk]),
            body=f"重大行政决策 {d.unit.name} {d.background}",
            metadata={"source": "participation", "unit": d.unit.name},
        )
    for c in selectors.public_consultations().prefetch_related("sections"):
        body = "\n".join(
            [
                c.explanation,
                c.interpretation,
                *(f"第{s.number}条 {s.text}" for s in c.sections.all()),
            ]
        )
        yield Record(
            id=f"participation:consultation:{c.pk}",
            title=c.title,
            url=reverse("participation:consultation", args=[c.pk]),
            body=f"征求意见 {c.unit.name}\n{body}",
            metadata={
                "source": "participation",
                "date": c.opens_on.isoformat(),
                "unit": c.unit.name,
            },
        )
