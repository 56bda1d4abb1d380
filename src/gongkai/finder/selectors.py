"""Reads of the policy finder: policies in force with their tags, matched against answers."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.documents.models import Document, DocumentRelation, State
from gongkai.documents.selectors import public_documents
from gongkai.documents.vocab import RelationKind, Validity
from gongkai.finder.models import PolicyTagging
from gongkai.finder.policy import is_policy, policy_q  # noqa: F401 - the rule, re-exported
from gongkai.finder.vocab import group, groups, value_text


def in_force(today: datetime.date | None = None) -> QuerySet[Document]:
    """Published policies and interpretations that are neither repealed, lapsed nor expired,
    with tags of their own or, for an interpretation, its policy's; an interpretation of a
    policy that was repealed or lapsed goes with it."""
    today = today or timezone.localdate()
    gone = Q(validity__in=[Validity.REPEALED, Validity.LAPSED]) | Q(
        state__in=[State.REPEALED, State.LAPSED]
    )
    interpreted = DocumentRelation.objects.filter(kind=RelationKind.INTERPRETS)
    inheriting = interpreted.filter(target__finder_tags__isnull=False).values("source_id")
    of_gone = interpreted.filter(
        Q(target__validity__in=[Validity.REPEALED, Validity.LAPSED])
        | Q(target__state__in=[State.REPEALED, State.LAPSED])
    ).values("source_id")
    return (
        public_documents()
        .filter(state=State.PUBLISHED)
        .exclude(gone)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(Q(finder_tags__isnull=False) | Q(is_interpretation=True, pk__in=inheriting))
        .exclude(is_interpretation=True, pk__in=of_gone)
        .distinct()
    )


def _own_tags(doc_ids: list[int]) -> dict[int, dict[str, set[str]]]:
    out: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for d, g, v in PolicyTagging.objects.filter(document_id__in=doc_ids).values_list(
        "document_id", "group", "value"
    ):
        out[d][g].add(v)
    return out


def tags_of(doc_ids: list[int]) -> dict[int, dict[str, set[str]]]:
    """Each document's tags; an interpretation without tags of its own carries those of the
    policy it interprets (decision 0016: tagged like its policy unless the clerk says else)."""
    out = _own_tags(doc_ids)
    untagged = [d for d in doc_ids if d not in out]
    if untagged:
        links = list(
            DocumentRelation.objects.filter(
                kind=RelationKind.INTERPRETS,
                source_id__in=untagged,
                source__is_interpretation=True,
            )
            .order_by("target_id")
            .values_list("source_id", "target_id")
        )
        policies = _own_tags([t for _s, t in links])
        for source, target in links:
            if source not in out and target in policies:
                out[source] = policies[target]
    return out


def tags_for_search(docs: Sequence[Document]) -> dict[int, dict[str, list[str]]]:
    """Each document's tags as the search's multi-valued facet ``tag`` (documents_source's
    metadata provider): the values in the vocabulary's order. Tags are public: the policy's
    page shows them."""
    order = {v: i for i, v in enumerate(v for g in groups() for v in g.values)}
    out: dict[int, dict[str, list[str]]] = {}
    for pk, by_group in tags_of([d.pk for d in docs]).items():
        values = {v for vs in by_group.values() for v in vs}
        out[pk] = {"tag": sorted(values, key=lambda v: (order.get(v, len(order)), v))}
    return out


def interpretations_of(doc_id: int) -> list[int]:
    """The interpretations of the policy ``doc_id`` (they may carry its tags)."""
    return list(
        DocumentRelation.objects.filter(kind=RelationKind.INTERPRETS, target_id=doc_id)
        .order_by("source_id")
        .values_list("source_id", flat=True)
    )


def inherited_tags(doc: Document) -> dict[str, list[str]]:
    """The tags an interpretation would carry by default: its policy's (for the staff form)."""
    if not doc.is_interpretation:
        return {}
    return {g: sorted(v) for g, v in tags_of([doc.pk]).get(doc.pk, {}).items()}


@dataclass(frozen=True)
class Match:
    document: Document
    overlaps: tuple[tuple[str, tuple[str, ...]], ...]  # (group key, the values in common)
    score: int

    @property
    def reasons(self) -> list[str]:
        """Each overlap as a reason, "适用对象：企业", in the active language."""
        out = []
        for key, values in self.overlaps:
            g = group(key)
            assert g is not None
            out.append(
                gettext("%(group)s：%(values)s")
                % {"group": g.label_text, "values": gettext("、").join(map(value_text, values))}
            )
        return out

    def overlaps_in(self, key: str) -> bool:
        return any(k == key for k, _values in self.overlaps)


# the questions about what a person needs, as opposed to who they are (finder.vocab.groups)
NEEDS = ("support", "life")


def match(
    criteria: dict[str, list[str]], *, today: datetime.date | None = None, limit: int = 50
) -> list[Match]:
    """Policies in force for the answers. Who the person is (适用对象, 行业, 企业规模, 区域):
    every answered question the policy has tags for must overlap the answer, and a question it
    has no tag for applies to everyone. What the person needs (扶持方式, 生命事件, NEEDS): when
    they said, the policy must offer at least one of it; a policy that says nothing of what it
    offers is not an answer to a need (a rule on drafting documents is "for everyone", but it
    is no 资金补贴). At least one answer overlaps. Best first: the most overlapping answers,
    then the newest."""
    answered = {g: set(v) for g, v in criteria.items() if v and group(g) is not None}
    if not answered:
        return []
    needs = [g for g in NEEDS if g in answered]
    docs = list(in_force(today).order_by("-published_on", "-pk")[:2000])
    tags = tags_of([d.pk for d in docs])
    out = []
    for d in docs:
        t = tags.get(d.pk, {})
        overlaps = []
        ok = True
        for g, wanted in answered.items():
            have = t.get(g)
            if not have:
                continue
            common = have & wanted
            if not common:
                ok = False
                break
            tag_group = group(g)
            assert tag_group is not None
            overlaps.append((g, tuple(v for v in tag_group.values if v in common)))
        if ok and needs and not any(k in needs for k, _v in overlaps):
            ok = False
        if ok and overlaps:
            out.append(Match(d, tuple(overlaps), len(overlaps)))
    out.sort(key=lambda m: -m.score)  # stable: newest first within a score
    return out[:limit]
