"""Public pages of the 标准目录 section: every unit's catalogue, its items' information gathered
by link (超链接归集), the catalogues side by side, the XLSX in the national layout."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.catalogue.checks import check_item, item_records
from gongkai.catalogue.layout import ParsedItem, write_xlsx
from gongkai.catalogue.models import Catalogue, CatalogueItem
from gongkai.catalogue.selectors import (
    catalogue_history,
    catalogue_items,
    public_catalogue,
    published_catalogues,
)
from gongkai.catalogue.services import item_values

COMPARE_MAX = 6
RECORDS_SHOWN = 5


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/index.html",
        {"catalogues": list(published_catalogues()), "compare_max": COMPARE_MAX},
    )


def _catalogue(code: str) -> Catalogue:
    catalogue = public_catalogue(code)
    if catalogue is None:
        raise Http404("该机构尚未发布政务公开事项标准目录")
    return catalogue


def _groups(items: list[CatalogueItem]) -> list[tuple[str, list[CatalogueItem]]]:
    groups: list[tuple[str, list[CatalogueItem]]] = []
    for item in items:
        if groups and groups[-1][0] == item.level1:
            groups[-1][1].append(item)
        else:
            groups.append((item.level1, [item]))
    return groups


def unit_catalogue(request: HttpRequest, code: str) -> HttpResponse:
    catalogue = _catalogue(code)
    items = list(catalogue_items(catalogue))
    records = {i.pk: item_records(i, RECORDS_SHOWN) for i in items}
    return render(
        request,
        "catalogue/unit.html",
        {
            "catalogue": catalogue,
            "groups": [(g, [(i, records[i.pk]) for i in its]) for g, its in _groups(items)],
            "history": catalogue_history(catalogue.unit),
        },
    )


def item_page(request: HttpRequest, code: str, seq: int) -> HttpResponse:
    catalogue = _catalogue(code)
    item = catalogue_items(catalogue).filter(seq=seq).first()
    if item is None:
        raise Http404("目录中没有这个事项")
    check = check_item(item, timezone.localdate())
    return render(
        request,
        "catalogue/item.html",
        {"catalogue": catalogue, "item": item, "records": item_records(item), "check": check},
    )


def download(request: HttpRequest, code: str) -> HttpResponse:
    catalogue = _catalogue(code)
    items = [
        ParsedItem(
            seq=i.seq,
            line=0,
            **item_values(i),
        )
        for i in catalogue_items(catalogue)
    ]
    data = write_xlsx(
        f"{catalogue.unit.name}政务公开事项标准目录", list(catalogue.tier_labels), items
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(catalogue.unit.name)}-standard-catalogue.xlsx"
    )
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def compare(request: HttpRequest) -> HttpResponse:
    """Several units' catalogues side by side, by 一级事项: what each unit promises."""
    available = list(published_catalogues())
    by_code = {c.unit.code: c for c in available}
    chosen = [by_code[c] for c in dict.fromkeys(request.GET.getlist("u")) if c in by_code]
    chosen = chosen[:COMPARE_MAX]
    matters: list[str] = []
    cells: dict[tuple[str, int], list[CatalogueItem]] = {}
    for c in chosen:
        for item in catalogue_items(c):
            if item.level1 not in matters:
                matters.append(item.level1)
            cells.setdefault((item.level1, c.pk), []).append(item)
    rows = [(m, [cells.get((m, c.pk), []) for c in chosen]) for m in matters]
    return render(
        request,
        "catalogue/compare.html",
        {
            "available": available,
            "chosen": chosen,
            "chosen_codes": {c.unit.code for c in chosen},
            "rows": rows,
            "compare_max": COMPARE_MAX,
        },
    )
