"""Public pages of the 重点领域 section: the columns, their lists and entries."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.org.models import Unit
from gongkai.thematic.columns import COLUMNS, LONG, column
from gongkai.thematic.selectors import (
    enabled_columns,
    entry_due,
    missing_stages,
    public_entries,
    public_entry,
    year_on_year,
)

PAGE_SIZE = 20


def index(request: HttpRequest) -> HttpResponse:
    enabled = enabled_columns()
    groups: list[tuple[str, list[tuple[object, int]]]] = []
    for col in enabled:
        n = public_entries(col.slug).count()
        if groups and groups[-1][0] == col.group:
            groups[-1][1].append((col, n))
        else:
            groups.append((col.group, [(col, n)]))
    return render(request, "thematic/index.html", {"groups": groups})


def _int(raw: str | None) -> int | None:
    if raw and raw.isdigit() and len(raw) <= 4:
        return int(raw)
    return None


def column_list(request: HttpRequest, slug: str) -> HttpResponse:
    col = column(slug)
    if col is None or col not in enabled_columns():
        raise Http404("没有这个栏目")
    qs = public_entries(slug)
    year = _int(request.GET.get("year"))
    code = request.GET.get("unit", "")[:64]
    if year:
        qs = qs.filter(year=year)
    if code:
        qs = qs.filter(unit__code=code)
    years = sorted(
        {y for y in public_entries(slug).values_list("year", flat=True) if y}, reverse=True
    )
    units = Unit.objects.filter(pk__in=public_entries(slug).values("unit_id")).order_by("code")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "thematic/list.html",
        {
            "col": col,
            "page": page,
            "years": years,
            "units": units,
            "year": year,
            "unit_code": code,
            "columns": COLUMNS,
        },
    )


def entry_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    col = column(slug)
    entry = public_entry(pk)
    if col is None or entry is None or entry.column != slug:
        raise Http404("没有这条信息")
    fields = [
        (f, entry.values.get(f.key, ""))
        for f in col.fields
        if f.key != col.title_field and entry.values.get(f.key) not in ("", None)
    ]
    return render(
        request,
        "thematic/detail.html",
        {
            "col": col,
            "entry": entry,
            "fields": fields,
            "long": LONG,
            "stages": [(s, entry.stages.get(s, [])) for s in col.stages],
            "missing": missing_stages(entry),
            "yoy": year_on_year(entry),
            "due": entry_due(entry, timezone.localdate()),
        },
    )
