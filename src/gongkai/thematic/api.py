"""Public reads of the thematic columns (OpenAPI)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from gongkai.thematic.columns import column
from gongkai.thematic.selectors import enabled_columns, missing_stages, public_entries, public_entry

public_router = Router(tags=["重点领域"])


class FieldOut(Schema):
    key: str
    label: str
    kind: str
    required: bool


class ColumnOut(Schema):
    slug: str
    title: str
    group: str
    art20_item: int
    fields: list[FieldOut]
    stages: list[str]


class EntryOut(Schema):
    id: int
    column: str
    title: str
    unit: str
    year: int | None
    published_on: datetime.date | None
    values: dict[str, Any]
    stages: dict[str, Any]
    missing_stages: list[str]


class EntryFilter(Schema):
    year: int | None = None
    unit: str | None = None
    limit: int = 50
    offset: int = 0


class MessageOut(Schema):
    detail: str


def _entry(e: Any) -> EntryOut:
    return EntryOut(
        id=e.pk,
        column=e.column,
        title=e.title,
        unit=e.unit.name,
        year=e.year,
        published_on=e.published_on,
        values=e.values,
        stages=e.stages,
        missing_stages=missing_stages(e),
    )


@public_router.get("/columns", response=list[ColumnOut], summary="重点领域栏目及其字段")
def list_columns(request: HttpRequest) -> list[ColumnOut]:
    return [
        ColumnOut(
            slug=c.slug,
            title=c.title,
            group=c.group,
            art20_item=c.art20_item,
            fields=[
                FieldOut(key=f.key, label=f.label, kind=f.kind, required=f.required)
                for f in c.fields
            ],
            stages=list(c.stages),
        )
        for c in enabled_columns()
    ]


@public_router.get(
    "/columns/{slug}/entries",
    response=list[EntryOut],
    summary="某栏目已发布的信息",
)
def list_entries(request: HttpRequest, slug: str, f: Query[EntryFilter]) -> list[EntryOut]:
    if column(slug) is None:
        raise HttpError(404, "没有这个栏目")
    if not (1 <= f.limit <= 200) or not (0 <= f.offset <= 1_000_000):
        raise HttpError(400, "limit 应在 1 到 200 之间，offset 应在 0 到 1000000 之间")
    qs = public_entries(slug)
    if f.year is not None:
        if not 1949 <= f.year <= 2100:
            raise HttpError(400, "year 应在 1949 到 2100 之间")
        qs = qs.filter(year=f.year)
    if f.unit:
        qs = qs.filter(unit__code=f.unit[:64])
    return [_entry(e) for e in qs[f.offset : f.offset + f.limit]]


@public_router.get("/entries/{entry_id}", response=EntryOut, summary="一条重点领域信息")
def get_entry(request: HttpRequest, entry_id: int) -> EntryOut:
    e = public_entry(entry_id) if 0 < entry_id < 2**31 else None
    if e is None:
        raise HttpError(404, "没有这条信息")
    return _entry(e)
