"""Reads of the reference library (all of it is public)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from gongkai.library.models import Law
from gongkai.search.laws import ARTICLE

LEVELS = ("宪法", "法律", "行政法规", "部门规章", "地方性法规", "司法解释", "案例")
_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")


def laws(*, q: str = "", level: str = "") -> QuerySet[Law]:
    qs = Law.objects.defer("body", "history")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    if level:
        qs = qs.filter(level=level)
    return qs


def law(pk: int) -> Law | None:
    return Law.objects.filter(pk=pk).first()


def levels() -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for value in Law.objects.values_list("level", flat=True):
        counts[value or ""] = counts.get(value or "", 0) + 1
    known = [(lv, counts.pop(lv)) for lv in LEVELS if lv in counts]
    return known + sorted((k, v) for k, v in counts.items() if k)


@dataclass
class Block:
    kind: str  # "heading" | "article" | "text"
    text: str = ""
    level: int = 2
    anchor: str = ""
    paragraphs: list[str] = field(default_factory=list)


def law_blocks(body: str) -> list[Block]:
    """The law's text as headings (章、节), articles (anchored by their number: 第X条) and any
    text before the first article."""
    out: list[Block] = []
    current: Block | None = None
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _HEADING.match(line)
        if m:
            out.append(Block("heading", m.group(2).strip(), min(len(m.group(1)) + 1, 4)))
            current = None
            continue
        a = ARTICLE.match(line + " ")
        if a:
            current = Block("article", a.group(1), anchor=a.group(1))
            rest = line[len(a.group(1)) :].strip()
            if rest:
                current.paragraphs.append(rest)
            out.append(current)
        elif current is not None:
            current.paragraphs.append(line)
        else:
            out.append(Block("text", line))
    return out
