"""Reads of the policy finder: policies in force with their tags, matched against answers."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.documents.models import Document, State
from gongkai.documents.selectors import public_documents
from gongkai.documents.vocab import Validity
from gongkai.finder.models import PolicyTagging
from gongkai.finder.vocab import group


def is_policy(doc: Document) -> bool:
    """A policy, whose tags are required before a person publishes it (seed 002 rows 4-8): a
    行政规范性文件. Other documents and interpretations may carry tags and then match too."""
    return bool(doc.is_normative)


def in_force(today: datetime.date | None = None) -> QuerySet[Document]:
    """Published policies and interpretations that are neither repealed, lapsed nor expired."""
    today = today or timezone.localdate()
    return (
        public_documents()
        .filter(state=State.PUBLISHED)
        .exclude(validity__in=[Validity.REPEALED, Validity.LAPSED])
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(finder_tags__isnull=False)
        .distinct()
    )


def tags_of(doc_ids: list[int]) -> dict[int, dict[str, set[str]]]:
    out: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for d, g, v in PolicyTagging.objects.filter(document_id__in=doc_ids).values_list(
        "document_id", "group", "value"
    ):
        out[d][g].add(v)
    return out


@dataclass(frozen=True)
class Match:
    document: Document
    reasons: list[str]  # "适用对象：企业" …
    score: int


def match(
    criteria: dict[str, list[str]], *, today: datetime.date | None = None, limit: int = 50
) -> list[Match]:
    """Policies in force for the answers: a policy matches when every answered question it has
    tags for overlaps the answer (a group it has no tag in applies to all), and at least one
    answer overlaps. Best first: the most overlapping answers, then the newest."""
    answered = {g: set(v) for g, v in criteria.items() if v and group(g) is not None}
    if not answered:
        return []
    docs = list(in_force(today).order_by("-published_on", "-pk")[:2000])
    tags = tags_of([d.pk for d in docs])
    out = []
    for d in docs:
        t = tags.get(d.pk, {})
        reasons = []
        ok = True
        for g, wanted in answered.items():
            have = t.get(g)
            if not have:
                continue
            common = have & wanted
            if not common:
                ok = False
                break
            label = group(g)
            assert label is not None
            reasons.append(f"{label.label}：{'、'.join(sorted(common))}")
        if ok and reasons:
            out.append(Match(d, reasons, len(reasons)))
    out.sort(key=lambda m: -m.score)  # stable: newest first within a score
    return out[:limit]
