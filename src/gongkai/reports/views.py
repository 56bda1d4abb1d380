"""Report pages: the staff workbench (generate, enter numbers, edit text, check, publish, open a
cell) and the public 年报 entry of the 政府信息公开 column."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import AccessDenied, ConflictError, DomainError, ValidationFailed
from gongkai.core.views import staff_view
from gongkai.org.access import Perm, can
from gongkai.org.models import Unit
from gongkai.portal.column import COLUMN_TITLE, ENTRIES_BY_SLUG
from gongkai.reports import layout
from gongkai.reports import render as out
from gongkai.reports.assemble import Assembled, assemble, deadline_for, year_on_year
from gongkai.reports.models import ReportState
from gongkai.reports.selectors import (
    cell_records,
    index_default_year,
    published_reports,
    report_units_visible_to,
    reports_visible_to,
    unit_for_report,
)
from gongkai.reports.services import (
    report_edit_texts,
    report_open,
    report_publish,
    report_set_figure,
    report_unpublish,
)
from gongkai.statute import FIRST_REPORT_YEAR

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def _year(raw: str | None) -> int:
    try:
        return int(raw or "")
    except ValueError:
        return timezone.localdate().year - 1


def download_response(a: Assembled, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    body: bytes | str
    if fmt == "docx":
        body = out.render_docx(a)
    elif fmt == "xlsx":
        body = out.render_xlsx(a)
    elif fmt == "pdf":
        body = out.render_pdf(a)
    else:
        body = out.render_html(a)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    name = f"annual-report-{a.unit.code}-{a.year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- staff ------------------------------------------------------------------------------------


def _report_unit(request: HttpRequest, code: str, year: int) -> Unit:
    """The unit of the report the URL names. An unknown unit code, or a year no report can be
    opened for (the years report_open accepts: FIRST_REPORT_YEAR to this year), is not found
    (404) rather than a server error; a unit outside the user's scope stays 403."""
    this_year = timezone.localdate().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        raise Http404(f"年度应在 {FIRST_REPORT_YEAR} 至 {this_year} 之间")
    try:
        return unit_for_report(request.user, code)
    except AccessDenied:
        raise
    except DomainError as exc:
        raise Http404(exc.message) from exc


@staff_view(Perm.VIEW_REPORTS)
def report_index(request: HttpRequest) -> HttpResponse:
    if request.GET.get("unit"):
        return HttpResponseRedirect(
            reverse("reports:detail", args=[request.GET["unit"], _year(request.GET.get("year"))])
        )
    units = list(report_units_visible_to(request.user))
    today = timezone.localdate()
    # the due or overdue year while unpublished, else this year; a picker from this year back
    year = index_default_year(units, today)
    reports = {(r.unit_id, r.year): r for r in reports_visible_to(request.user)}
    status = []
    for u in units:
        report, due = reports.get((u.pk, year)), deadline_for(u, year)
        late = today > due and (report is None or report.state != ReportState.PUBLISHED)
        status.append((u, report, due, late))
    years = range(today.year, max(FIRST_REPORT_YEAR, today.year - 6) - 1, -1)
    return render(
        request,
        "reports/staff_index.html",
        {"units": units, "year": year, "status": status, "years": years},
    )


def _cell_url(code: str, year: int) -> out.CellUrl:
    base = reverse("reports:cell", args=[code, year])

    def url(table: str, row: str, col: str) -> str:
        return f"{base}?{urlencode({'table': table, 'row': row, 'col': col})}"

    return url


@staff_view(Perm.VIEW_REPORTS)
def report_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _report_unit(request, code, year)
    if request.method == "POST":
        return _act(request, unit, year)
    return _detail_page(request, unit, year)


def _detail_page(
    request: HttpRequest,
    unit: Unit,
    year: int,
    *,
    texts: dict[str, str] | None = None,
    version: int | None = None,
    figure: dict[str, str] | None = None,
) -> HttpResponse:
    """The report page; ``texts``/``version`` or ``figure``: an edit that was refused, shown
    again as typed."""
    code = unit.code
    a = assemble(unit, year)
    ctx = out.context(a, _cell_url(code, year))
    history = list(a.report.figures.select_related("entered_by")) if a.report else []
    # Per key, the figure the page shows (0: none): sent back so a newer one is not superseded.
    seen = {key: fig.pk if fig else 0 for key, fig in a.manual.items()}
    if figure:
        seen[figure["key"]] = int(figure["seen"])
    return render(
        request,
        "reports/staff_detail.html",
        {
            **ctx,
            "manual_rows": [
                (key, row, col, a.manual.get(key)) for key, (row, col) in layout.MANUAL_KEYS.items()
            ],
            "history": history,
            "figure_seen": list(seen.items()),
            "figure": figure or {},
            "can_edit": can(request.user, Perm.EDIT_REPORTS, unit) and not a.frozen,
            "can_publish": can(request.user, Perm.PUBLISH_REPORTS, unit),
            "deadline": deadline_for(unit, year),
            "comparison": year_on_year(a),
            "text_parts": [
                (k, layout.PART_TITLES[k], (texts or a.texts)[k], layout.TEXT_PROMPTS[k])
                for k in layout.TEXT_PARTS
            ],
            # The version the text editor read (0: no draft yet); services refuse stale saves.
            "texts_version": version
            if version is not None
            else (a.report.version if a.report else 0),
        },
    )


def _act(request: HttpRequest, unit: Unit, year: int) -> HttpResponse:
    action = request.POST.get("action", "")
    here = reverse("reports:detail", args=[unit.code, year])
    try:
        report = report_open(actor=request.user, unit=unit, year=year)
        if action == "figure":
            key = request.POST.get("key", "")
            raw = request.POST.get(f"seen-{key}", "")
            seen = int(raw) if raw.isdigit() else 0
            try:
                report_set_figure(
                    actor=request.user,
                    report=report,
                    key=key,
                    value=request.POST.get("value", ""),
                    source=request.POST.get("source", ""),
                    seen=seen,
                )
            except ConflictError as exc:
                messages.error(request, exc.message)
                kept = {k: request.POST.get(k, "") for k in ("key", "value", "source")}
                return _detail_page(request, unit, year, figure={**kept, "seen": str(seen)})
            messages.success(request, "已保存填报数字。")
        elif action == "texts":
            texts = {k: request.POST.get(k, "") for k in layout.TEXT_PARTS}
            version = int(request.POST.get("version") or 0)
            try:
                report_edit_texts(actor=request.user, report=report, texts=texts, version=version)
            except ConflictError as exc:
                messages.error(request, exc.message)
                return _detail_page(request, unit, year, texts=texts, version=version)
            messages.success(request, "已保存报告正文。")
        elif action == "publish":
            report_publish(actor=request.user, report=report)
            messages.success(request, "报告已发布到政府信息公开年报栏目。")
        elif action == "unpublish":
            report_unpublish(
                actor=request.user, report=report, reason=request.POST.get("reason", "")
            )
            messages.success(request, "报告已撤回，可修改后重新发布。")
        else:
            messages.error(request, "未知的操作。")
    except ValidationFailed as exc:
        for p in exc.problems:
            messages.error(request, p)
    except DomainError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(here)


@staff_view(Perm.VIEW_REPORTS)
def report_cell(request: HttpRequest, code: str, year: int) -> HttpResponse:
    unit = _report_unit(request, code, year)
    table = request.GET.get("table", "")
    row, col = request.GET.get("row", ""), request.GET.get("col", "")
    try:
        count, records = cell_records(request.user, unit, year, table, row, col)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "reports/staff_cell.html",
        {
            "unit": unit,
            "year": year,
            "table": table,
            "row": row,
            "col": col,
            "count": count,
            "records": records,
        },
    )


@staff_view(Perm.VIEW_REPORTS)
def report_download(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    unit = _report_unit(request, code, year)
    return download_response(assemble(unit, year), fmt)


# --- public -----------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    """The column's 年报 entry (registered with portal.column.register_entry_view)."""
    return render(
        request,
        "reports/public_list.html",
        {
            "column_title": COLUMN_TITLE,
            "entry": ENTRIES_BY_SLUG["annual-reports"],
            "reports": published_reports().order_by("-year", "unit__sort_order", "unit__code"),
        },
    )


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(published_reports(), pk=pk)
    a = assemble(report.unit, report.year)
    return render(request, "reports/public_detail.html", out.context(a))


def public_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_object_or_404(published_reports(), pk=pk)
    return download_response(assemble(report.unit, report.year), fmt)
