"""办事指南 as search records (issue 18: "Guides are search records"): each service item's guide
and each 一件事 guide is one record, found under the content type 办事指南 with its unit as the
organ. Changes are handed over through an outbox (models.SearchChange) that the writes of
services.py fill in their own transaction: a saved, edited or withdrawn guide reaches the
index at the search's next tick."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import transaction
from django.urls import reverse

from gongkai.banshi.models import OneThing, SearchChange, ServiceItem
from gongkai.search.index import Record
from gongkai.search.sources import Change

CONTENT_TYPE = "办事指南"
ONE_THING = "一件事"


def _materials(item: ServiceItem) -> str:
    return "；".join(
        m["name"] + (f"（{m['note']}）" if m.get("note") else "") for m in item.materials
    )


def item_record(item: ServiceItem) -> Record:
    group = f"banshi:item:{item.code}"
    date = item.updated_at.date().isoformat() if item.updated_at else ""
    body = "\n".join(
        f"{label}：{value}"
        for label, value in (
            ("事项类型", f"{item.list_kind} · {item.kind}"),
            ("实施机构", item.unit.name),
            ("设定依据", item.basis),
            ("受理条件", item.conditions),
            ("申请材料", _materials(item)),
            ("办理流程", item.process),
            ("办理时限", item.time_limit),
            ("收费标准", item.fee),
            ("办理渠道", item.channel),
            ("咨询电话", item.contact),
        )
        if value
    )
    meta = {
        "content_type": CONTENT_TYPE,
        "organ": item.unit.name,
        "doc_type": item.list_kind,
        "year": date[:4],
        "date": date,
    }
    url = reverse("banshi:guide", args=[item.code])
    return Record(group, item.name, url, body, None, group, meta)


def thing_record(thing: OneThing, items: dict[str, ServiceItem]) -> Record:
    group = f"banshi:thing:{thing.pk}"
    date = thing.updated_at.date().isoformat() if thing.updated_at else ""
    steps = [items[c] for c in thing.items if c in items]
    lines = [thing.summary]
    lines += [f"第{n}步：{s.name}（{s.unit.name}，{s.time_limit}）" for n, s in enumerate(steps, 1)]
    materials = dict.fromkeys(m["name"] for s in steps for m in s.materials)
    if materials:
        lines.append("申请材料：" + "；".join(materials))
    meta = {
        "content_type": CONTENT_TYPE,
        "organ": thing.unit.name,
        "doc_type": ONE_THING,
        "year": date[:4],
        "date": date,
    }
    url = reverse("banshi:one-thing", args=[thing.pk])
    return Record(group, thing.title, url, "\n".join(x for x in lines if x), None, group, meta)


def _items(codes: Iterable[str] | None = None) -> dict[str, ServiceItem]:
    qs = ServiceItem.objects.select_related("unit")
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return {i.code: i for i in qs}


def all_records() -> Iterator[Record]:
    # a rebuild hands over everything: what was queued is handed over with it
    SearchChange.objects.all().delete()
    items = _items()
    for item in items.values():
        yield item_record(item)
    for thing in OneThing.objects.select_related("unit"):
        yield thing_record(thing, items)


def changes() -> Iterable[Change]:
    """The guides saved, edited or withdrawn since the last tick (an empty list: remove)."""
    with transaction.atomic():
        queued = list(SearchChange.objects.select_for_update().order_by("id")[:1000])
        if not queued:
            return []
        groups = list(dict.fromkeys(q.group for q in queued))
        codes = [g.split(":", 2)[2] for g in groups if g.startswith("banshi:item:")]
        thing_ids = [int(g.split(":", 2)[2]) for g in groups if g.startswith("banshi:thing:")]
        things = {t.pk: t for t in OneThing.objects.filter(pk__in=thing_ids).select_related("unit")}
        step_codes = {c for t in things.values() for c in t.items}
        items = _items({*codes, *step_codes})
        out: list[Change] = []
        for g in groups:
            _, kind, key = g.split(":", 2)
            if kind == "item":
                item = items.get(key)
                out.append((g, [item_record(item)] if item is not None else []))
            elif kind == "thing":
                thing = things.get(int(key)) if key.isdigit() else None
                out.append((g, [thing_record(thing, items)] if thing is not None else []))
        SearchChange.objects.filter(pk__in=[q.pk for q in queued]).delete()
    return out
