"""标准化总览: the supervising office's city-wide view of every unit under it — its published
standard catalogue (version, date, items), the items past their 公开时限, the items linked to
nothing, and how complete its 重点领域 columns are — with the links into each unit's catalogue
and the side-by-side comparison, filtered by state, sorted, and exported as XLSX.

The figures come from the same selectors as the supervisors' statistics page
(``catalogue.overview.catalogue_status``, ``thematic.selectors.columns_status``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from gongkai.catalogue.overview import STATES, CatalogueStatus, catalogue_status
from gongkai.catalogue.views import COMPARE_MAX
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import Unit, UnitKind
from gongkai.thematic.selectors import ColumnsStatus, columns_status, public_entries

SORTS = {
    "code": gettext_noop("机构代码"),
    "flagged": gettext_noop("未按时限公开的事项多的在前"),
    "unlinked": gettext_noop("未关联具体信息的事项多的在前"),
    "columns": gettext_noop("无信息的重点领域栏目多的在前"),
}


@dataclass(frozen=True)
class Row:
    unit: Unit
    catalogue: CatalogueStatus
    columns: ColumnsStatus


def _units(user: Any) -> QuerySet[Unit]:
    """The units the viewer supervises: as on the statistics page (divisions are part of their
    unit)."""
    return (
        units_visible_to(user, Perm.VIEW_STATISTICS)
        .exclude(kind=UnitKind.DIVISION)
        .order_by("code")
    )


def _rows(units: list[Unit]) -> list[Row]:
    today = timezone.localdate()
    cats = catalogue_status(units, today.year, today)
    cols = columns_status(units, today.year, today)
    return [Row(u, cats[u.pk], cols[u.pk]) for u in units]


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    keys = {
        "flagged": lambda r: (-r.catalogue.flagged, r.unit.code),
        "unlinked": lambda r: (-r.catalogue.unlinked, r.unit.code),
        "columns": lambda r: (-len(r.columns.empty), r.unit.code),
    }
    return sorted(rows, key=keys.get(sort, lambda r: (0, r.unit.code)))


HEADER = [
    "机构代码",
    "机构",
    "状态",
    "标准目录版本",
    "施行日期",
    "事项数",
    "未按时限公开",
    "未关联具体信息",
    "开设的重点领域栏目",
    "有信息的栏目",
    "无信息的栏目",
    "重点领域逾期",
    "阶段信息不全的项目",
]


def _xlsx(rows: list[Row]) -> bytes:
    from gongkai.core.spreadsheet import new_workbook, xlsx_bytes

    wb = new_workbook()
    ws = wb.active
    ws.title = "标准化总览"
    ws.append(HEADER)
    for r in rows:
        cat, cols = r.catalogue, r.columns
        ws.append(
            [
                r.unit.code,
                r.unit.name,
                STATES[cat.state],
                f"第{cat.catalogue.number}版" if cat.catalogue else "未发布",
                cat.catalogue.effective_on if cat.catalogue else None,
                cat.items,
                cat.flagged,
                cat.unlinked,
                len(cols.enabled),
                len(cols.filled),
                "、".join(c.title for c in cols.empty),
                cols.overdue,
                cols.incomplete_projects,
            ]
        )
    widths = (12, 24, 22, 12, 12, 8, 12, 14, 16, 12, 30, 12, 16)
    for column, width in zip("ABCDEFGHIJKLM", widths, strict=True):
        ws.column_dimensions[column].width = width
    return xlsx_bytes(wb)


@staff_view(Perm.VIEW_STATISTICS)
def overview(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    sort = request.GET.get("sort", "code")
    sort = sort if sort in SORTS else "code"
    all_rows = _rows(list(_units(request.user)))
    counts = {s: sum(1 for r in all_rows if r.catalogue.state == s) for s in STATES}
    rows = _sorted([r for r in all_rows if not state or r.catalogue.state == state], sort)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            _xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="biaozhun-overview-{day}.xlsx"'
        return response
    query = {k: v for k, v in (("state", state), ("sort", sort)) if v and v != "code"}
    return render(
        request,
        "catalogue/staff/overview.html",
        {
            "rows": rows,
            "total": len(all_rows),
            "states": [(k, label, counts[k]) for k, label in STATES.items()],
            "state": state,
            "sorts": SORTS.items(),
            "sort": sort,
            "export_query": "&".join(f"{k}={v}" for k, v in query.items()),
            "compare_max": COMPARE_MAX,
        },
    )


@staff_view(Perm.VIEW_STATISTICS)
def overview_unit(request: HttpRequest, code: str) -> HttpResponse:
    """One supervised unit: each catalogue item's check, and its columns with their entries."""
    unit = _units(request.user).filter(code=code).first()
    if unit is None:
        raise Http404("没有这个机构，或不在您的监督范围内")
    (row,) = _rows([unit])
    published = public_entries().filter(unit=unit)
    columns = [
        (
            c,
            published.filter(column=c.slug).count(),
            reverse("thematic:list", args=[c.slug]) + f"?unit={unit.code}",
        )
        for c in row.columns.enabled
    ]
    checks = sorted(
        row.catalogue.checks, key=lambda c: (not c.flagged, c.status != "unlinked", c.item.seq)
    )
    return render(
        request,
        "catalogue/staff/overview_unit.html",
        {"row": row, "unit": unit, "checks": checks, "columns": columns},
    )
