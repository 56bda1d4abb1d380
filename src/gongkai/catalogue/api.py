"""Public reads of the standard catalogues (OpenAPI). Staff write through the same services on
the workbench pages and `gongkai import catalogue`."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.catalogue.checks import item_records
from gongkai.catalogue.selectors import catalogue_items, public_catalogue, published_catalogues

public_router = Router(tags=["标准目录"])


class CatalogueSummaryOut(Schema):
    unit_code: str
    unit_name: str
    number: int
    effective_on: datetime.date | None
    items: int


class LinkedRecordOut(Schema):
    title: str
    url: str
    published_on: datetime.date | None


class CatalogueItemOut(Schema):
    seq: int
    level1: str
    level2: str
    content: str
    basis: str
    time_limit: str
    subject: str
    channels: str
    audiences: list[str]
    modes: list[str]
    tiers: list[str]
    records: list[LinkedRecordOut]


class CatalogueOut(CatalogueSummaryOut):
    tier_labels: list[str]
    item_list: list[CatalogueItemOut]


class MessageOut(Schema):
    detail: str


@public_router.get("/catalogues", response=list[CatalogueSummaryOut], summary="已发布的标准目录")
def list_catalogues(request: HttpRequest) -> list[CatalogueSummaryOut]:
    return [
        CatalogueSummaryOut(
            unit_code=c.unit.code,
            unit_name=c.unit.name,
            number=c.number,
            effective_on=c.effective_on,
            items=c.n_items,  # type: ignore[attr-defined]
        )
        for c in published_catalogues()
    ]


@public_router.get(
    "/catalogues/{code}",
    response=CatalogueOut,
    summary="某单位的现行标准目录（含各事项已公开的信息）",
)
def get_catalogue(request: HttpRequest, code: str) -> CatalogueOut:
    c = public_catalogue(code[:64])
    if c is None:
        raise HttpError(404, "该机构尚未发布政务公开事项标准目录")
    items = [
        CatalogueItemOut(
            seq=i.seq,
            level1=i.level1,
            level2=i.level2,
            content=i.content,
            basis=i.basis,
            time_limit=i.time_limit,
            subject=i.subject,
            channels=i.channels,
            audiences=list(i.audiences),
            modes=list(i.modes),
            tiers=list(i.tiers),
            records=[
                LinkedRecordOut(title=r.title, url=r.url, published_on=r.published_on)
                for r in item_records(i, 20)
            ],
        )
        for i in catalogue_items(c)
    ]
    return CatalogueOut(
        unit_code=c.unit.code,
        unit_name=c.unit.name,
        number=c.number,
        effective_on=c.effective_on,
        items=len(items),
        tier_labels=list(c.tier_labels),
        item_list=items,
    )
