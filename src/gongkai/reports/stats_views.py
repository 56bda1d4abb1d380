"""The supervisors' statistics dashboard (with XLSX export) and the prior-year import page."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.spreadsheet import new_workbook, xlsx_bytes
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, require, unit_ids_below, units_visible_to
from gongkai.org.models import UnitKind
from gongkai.reports import importer, layout
from gongkai.reports.selectors import report_units_visible_to
from gongkai.reports.services import report_import
from gongkai.reports.sources import default_year
from gongkai.reports.stats import Period, Stats, compute_stats

BAR_HEIGHT = 22


def bar_chart(title: str, data: list[tuple[str, int]], ident: str) -> dict[str, Any]:
    """An SVG bar chart readable without colour: hatched bars, the number printed on each."""
    peak = max((n for _, n in data), default=0) or 1
    bars = [
        {
            "label": label if len(label) <= 18 else label[:17] + "…",
            "full": label,
            "n": n,
            "y": i * BAR_HEIGHT,
            "w": round(300 * n / peak),
        }
        for i, (label, n) in enumerate(data)
    ]
    return {"id": ident, "title": title, "bars": bars, "height": len(bars) * BAR_HEIGHT + 4}


def _with_group(label: str) -> str:
    """``（三）1.属于国家秘密``: the numbered rows carry their group to stay unambiguous."""
    group = next((r.group for r in layout.OUTCOME_ROWS if r.label == label), None)
    return f"{group[:3]}{label}" if group else label


def _date(raw: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw or "")
    except ValueError:
        return default


def _filters(request: HttpRequest) -> tuple[Any, Period, list[Any]]:
    units = list(
        units_visible_to(request.user, Perm.VIEW_STATISTICS).exclude(kind=UnitKind.DIVISION)
    )
    if not units:
        raise DomainError("您没有可查看统计的机构。")
    code = request.GET.get("unit") or units[0].code
    root = next((u for u in units if u.code == code), units[0])
    require(request.user, Perm.VIEW_STATISTICS, root)
    # the latest year with data (this year included), not always last year (issue 15)
    last = default_year(unit_ids_below([root.pk]), timezone.localdate())
    start = _date(request.GET.get("from"), datetime.date(last, 1, 1))
    end = _date(request.GET.get("to"), datetime.date(last, 12, 31))
    if end < start:
        start, end = end, start
    return root, Period(start, end), units


def export_xlsx(s: Stats) -> bytes:
    wb = new_workbook()
    ws = wb.active
    ws.title = "概况"
    ws.append(["机构", s.unit.name])
    ws.append(["统计期间", f"{s.period.start:%Y-%m-%d} 至 {s.period.end:%Y-%m-%d}"])
    for label, value in _summary(s):
        ws.append([label, value])
    for title, rows, header in (
        ("按月发布", s.docs_by_month, "月份"),
        ("按第二十条事项", s.docs_by_item, "事项"),
        ("办理结果", s.by_outcome, "表三行"),
        ("申请人类型", s.by_applicant, "申请人"),
    ):
        sheet = wb.create_sheet(title)
        sheet.append([header, "数量"])
        for row in rows:
            sheet.append(list(row))
    sheet = wb.create_sheet("各单位比较")
    sheet.append(["单位", "发布信息", "收到申请", "办结申请", "超期未办结"])
    for u in s.per_unit:
        sheet.append([u["unit"], u["documents"], u["received"], u["closed"], u["overdue_open"]])
    return xlsx_bytes(wb)


def _summary(s: Stats) -> list[tuple[str, Any]]:
    return [
        ("主动公开信息（条）", s.docs_total),
        ("超过20个工作日公开（件）", s.late_publications),
        ("政策解读（篇）", s.interpretations),
        ("多样化解读（篇）", s.diversified),
        ("多样化解读占比（%）", s.diversified_percent),
        ("收到申请（件）", s.received),
        ("办结申请（件）", s.closed),
        ("平均办理时长（工作日）", s.avg_days if s.avg_days is not None else "—"),
        ("90%分位办理时长（工作日）", s.p90_days if s.p90_days is not None else "—"),
        ("超期答复（件）", s.late_replies),
        ("目前超期未答复（件）", s.overdue_open),
    ]


@staff_view(Perm.VIEW_STATISTICS)
def dashboard(request: HttpRequest) -> HttpResponse:
    root, period, units = _filters(request)
    s = compute_stats(root, period)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            export_xlsx(s),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="statistics-{root.code}-{period.start}-{period.end}.xlsx"'
        )
        return response
    charts = [
        bar_chart("每月主动公开信息数量", s.docs_by_month, "c-month"),
        bar_chart("按条例第二十条事项", [r for r in s.docs_by_item if r[1]], "c-item"),
        bar_chart(
            "办结申请按办理结果（表三）",
            [(_with_group(label), n) for label, n in s.by_outcome if n],
            "c-outcome",
        ),
        bar_chart("办结申请按申请人类型", s.by_applicant, "c-type"),
    ]
    return render(
        request,
        "reports/stats.html",
        {
            "s": s,
            "units": units,
            "root": root,
            "period": period,
            "charts": charts,
            "summary": _summary(s),
            "export_query": request.GET.urlencode(),
        },
    )


@staff_view(Perm.EDIT_REPORTS)
def import_prior(request: HttpRequest) -> HttpResponse:
    units = list(report_units_visible_to(request.user))
    if request.method == "POST":
        unit = next((u for u in units if u.code == request.POST.get("unit")), None)
        upload = request.FILES.get("file")
        try:
            year = int(request.POST.get("year") or 0)
            if unit is None or upload is None:
                raise ValidationFailed(["请选择机关并上传 XLSX 文件"])
            tables, fmt = importer.parse(upload.read(), upload.name or "年度报告.xlsx")
            report_import(
                actor=request.user,
                unit=unit,
                year=year,
                tables=tables,
                note=f"{upload.name}（{fmt}年格式）",
            )
        except ValidationFailed as exc:
            for p in exc.problems:
                messages.error(request, p)
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "年度应为数字"))
        else:
            messages.success(request, f"已导入{unit.name}{year}年度报告（{fmt}年格式）。")
            return HttpResponseRedirect(reverse("reports:detail", args=[unit.code, year]))
    return render(
        request,
        "reports/import.html",
        {"units": units, "year": timezone.localdate().year - 2},
    )
