"""What fulfils a catalogue item: kinds of linked records, registered by the modules that own them.

A link kind turns (unit, value) into the unit's public records of that kind, newest first::

    register_link_kind(LinkKind("topic", "主题分类", records=..., choices=...))

``records(unit, value, limit)`` returns ``LinkedRecord``s (title, URL, publication date, and the
date the information was formed when known); ``choices()`` lists the values staff can pick.
documents registers ``topic`` (主题分类), ``art20`` (条例第二十条事项) and ``tag`` (政策标签) here;
thematic columns register ``column``. The public catalogue page lists an item's records live,
and the timeliness check (``checks.py``) reads their dates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from gongkai.org.models import Unit


@dataclass(frozen=True)
class LinkedRecord:
    title: str
    url: str
    published_on: datetime.date | None
    formed_on: datetime.date | None = None  # 信息形成日期 (成文日期), when known


@dataclass(frozen=True)
class LinkKind:
    name: str
    label: str
    records: Callable[[Unit, str, int], list[LinkedRecord]]
    choices: Callable[[], list[tuple[str, str]]]


_kinds: dict[str, LinkKind] = {}


def register_link_kind(kind: LinkKind) -> None:
    _kinds[kind.name] = kind


def link_kind(name: str) -> LinkKind | None:
    return _kinds.get(name)


def link_kinds() -> list[LinkKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)


def _document_records(field: str) -> Callable[[Unit, str, int], list[LinkedRecord]]:
    def records(unit: Unit, value: str, limit: int) -> list[LinkedRecord]:
        from django.urls import reverse

        from gongkai.documents.selectors import NEWEST_FIRST, public_documents
        from gongkai.org.access import unit_ids_below

        qs = public_documents().filter(unit_id__in=unit_ids_below([unit.pk]))
        if field == "topic":
            qs = qs.filter(topic__code=value) | qs.filter(topic__parent__code=value)
        elif field == "art20":
            qs = qs.filter(art20_item=int(value)) if value.isdigit() else qs.none()
        else:
            qs = qs.filter(policy_tags__name=value)
        return [
            LinkedRecord(
                d.live.title if d.live else d.title,
                reverse("documents:detail", args=[d.pk]),
                d.published_on,
                d.written_on,
            )
            for d in qs.order_by(NEWEST_FIRST, "-pk").distinct()[:limit]
        ]

    return records


def _topic_choices() -> list[tuple[str, str]]:
    from gongkai.documents.models import Topic

    return [(t.code, f"{t.code} {t.name}") for t in Topic.objects.order_by("code")]


def _art20_choices() -> list[tuple[str, str]]:
    from gongkai.documents.vocab import ART20_CHOICES

    return [(str(n), label) for n, label in ART20_CHOICES]


def _tag_choices() -> list[tuple[str, str]]:
    from gongkai.documents.models import PolicyTag

    return [(t.name, t.name) for t in PolicyTag.objects.order_by("name")]


def register_document_link_kinds() -> None:
    register_link_kind(LinkKind("topic", "主题分类", _document_records("topic"), _topic_choices))
    register_link_kind(
        LinkKind("art20", "条例第二十条事项", _document_records("art20"), _art20_choices)
    )
    register_link_kind(LinkKind("tag", "政策标签", _document_records("tag"), _tag_choices))
