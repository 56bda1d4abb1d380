"""Reads of precise push: what a subscription asks for (tag answers, issuing units, topics) and
what each pushed policy says about itself (why it matched, its support, until when, how to
apply and the 办 link). Used by the digests, the private feed, the manage page and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from gongkai.documents.models import Document, DocumentRelation, Topic
from gongkai.documents.vocab import RelationKind
from gongkai.finder.selectors import in_force, match, tags_of
from gongkai.finder.vocab import group, groups, value_text
from gongkai.org.models import Unit, UnitKind

# The parts of a subscription besides the tag answers (decision 0016): issuing units by code
# and 主题分类 (the documents' taxonomy) by code; a top-level topic covers its children.
UNIT, TOPIC = "unit", "topic"
PARTS = (UNIT, TOPIC)


def unit_choices() -> list[tuple[str, str]]:
    """The public unit list a subscriber picks from: the bodies that issue documents (every
    unit but the internal divisions, 内设机构, which issue nothing in their own name)."""
    return list(
        Unit.objects.exclude(kind=UnitKind.DIVISION)
        .order_by("sort_order", "code")
        .values_list("code", "name")
    )


def topic_choices(*, top_only: bool = False) -> list[tuple[str, str]]:
    """主题分类 as (code, path): each top level, then its children ("经济管理\\财政"); the
    finder's short form offers the top levels only (each covers its children)."""
    out: list[tuple[str, str]] = []
    for top in Topic.objects.filter(parent__isnull=True).prefetch_related("children"):
        out.append((top.code, top.name))
        if not top_only:
            out += [(c.code, f"{top.name}\\{c.name}") for c in top.children.all()]
    return out


def part_field_names() -> list[str]:
    """Every field a subscription (or a finder query, which has no units or topics) accepts."""
    return [g.key for g in groups()] + list(PARTS)


def clean_parts(raw: dict[str, Any]) -> tuple[dict[str, list[str]], list[str]]:
    """The units and topics of a subscription, checked against the public lists."""
    out: dict[str, list[str]] = {}
    problems: list[str] = []
    for key, label, choices in (
        (UNIT, "发布机构", unit_choices()),
        (TOPIC, "主题分类", topic_choices()),
    ):
        values = raw.get(key) or []
        if isinstance(values, str):
            values = [values]
        known = [code for code, _name in choices]
        bad = [str(v) for v in values if v not in known]
        if bad:
            problems.append(f"“{label}”中没有“{'、'.join(bad)}”：请从列表中选择")
        chosen = [c for c in known if c in values]
        if chosen:
            out[key] = chosen
    return out, problems


def criteria_text(criteria: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """A subscription's parts to show: (label, values) in the active language; units and
    topics read as their names."""
    out: list[tuple[str, list[str]]] = []
    for g in groups():
        if criteria.get(g.key):
            out.append((g.label_text, [value_text(v) for v in criteria[g.key]]))
    names = dict(unit_choices())
    if criteria.get(UNIT):
        out.append((gettext("发布机构"), [names.get(c, c) for c in criteria[UNIT]]))
    topics = dict(topic_choices())
    if criteria.get(TOPIC):
        out.append((gettext("主题分类"), [topics.get(c, c) for c in criteria[TOPIC]]))
    return out


@dataclass
class PushItem:
    """One policy (or interpretation) as a digest, the private feed or the API tells it."""

    document: Document
    reasons: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    services: list[Any] = field(default_factory=list)  # banshi ServiceItem

    @property
    def title(self) -> str:
        d = self.document
        return d.live.title if d.live else d.title

    @property
    def expires_on(self) -> datetime.date | None:
        return self.document.expires_on


def _reason(label: str, value: str) -> str:
    return gettext("%(group)s：%(values)s") % {"group": label, "values": value}


def subscription_matches(
    criteria: dict[str, list[str]],
    *,
    today: datetime.date | None = None,
    among: set[int] | None = None,
    limit: int = 2000,
) -> list[PushItem]:
    """Policies and interpretations in force that match *any* part of a subscription: its tag
    answers (finder.selectors.match, the finder's own rule), one of its issuing units, or one
    of its topics (a top-level topic covers its children); an interpretation also matches
    through the policy it interprets. ``among`` limits them to some documents (a digest's
    fresh ones). Newest first, each with every reason it matched."""
    found: dict[int, PushItem] = {}
    answers = {k: v for k, v in criteria.items() if k not in PARTS and group(k) is not None}
    if answers:
        for m in match(answers, today=today, limit=limit):
            if among is None or m.document.pk in among:
                found[m.document.pk] = PushItem(m.document, list(m.reasons))
    units, topics = criteria.get(UNIT) or [], criteria.get(TOPIC) or []
    if units or topics:
        candidates = in_force(today).select_related("live", "unit", "topic", "topic__parent")
        if among is not None:
            candidates = candidates.filter(pk__in=among)
        by_part = Q(unit__code__in=units) | Q(topic__code__in=topics)
        by_part |= Q(topic__parent__code__in=topics)
        policies = {d.pk: d for d in candidates.filter(by_part)[:limit]}
        links = DocumentRelation.objects.filter(
            kind=RelationKind.INTERPRETS, target_id__in=list(policies)
        ).values_list("source_id", "target_id")
        through = dict(links)
        docs = dict(policies)
        for d in candidates.filter(pk__in=list(through)):
            docs.setdefault(d.pk, d)
        for pk, d in docs.items():
            item = found.setdefault(pk, PushItem(d))
            for doc in (d, policies.get(through.get(pk, 0))):
                if doc is None:
                    continue
                if doc.unit.code in units:
                    item.reasons.append(_reason(gettext("发布机构"), doc.unit.name))
                topic = doc.topic
                if topic is not None and (
                    topic.code in topics
                    or (topic.parent is not None and topic.parent.code in topics)
                ):
                    item.reasons.append(_reason(gettext("主题分类"), topic.path))
            item.reasons = list(dict.fromkeys(item.reasons))
    items = sorted(
        found.values(),
        key=lambda i: (i.document.published_on or datetime.date.min, i.document.pk),
        reverse=True,
    )[:limit]
    describe(items)
    return items


def describe(items: list[PushItem]) -> None:
    """Each item's support (its 扶持方式 tags, an interpretation's from its policy) and the
    services it names (banshi's selectors: the 办 link)."""
    from gongkai.banshi.selectors import services_named_by

    ids = [i.document.pk for i in items]
    tags = tags_of(ids)
    services = services_named_by(ids)
    support = group("support")
    assert support is not None
    for i in items:
        have = tags.get(i.document.pk, {}).get("support", set())
        i.support = [value_text(v) for v in support.values if v in have]
        i.services = services.get(i.document.pk, [])
