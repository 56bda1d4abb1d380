"""Staff reads of reports. Reports are scoped by the access layer; the records behind a cell
are further limited to the applications and documents the user may see."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.applications.selectors import applications_visible_to
from gongkai.core.errors import AccessDenied, DomainError
from gongkai.documents.selectors import documents_visible_to
from gongkai.org.access import Perm, can, units_visible_to
from gongkai.org.models import Unit, UnitKind, User
from gongkai.reports import layout, sources
from gongkai.reports.assemble import covered_ids, kind_of
from gongkai.reports.models import AnnualReport, ReportSource, ReportState
from gongkai.statute import FIRST_REPORT_YEAR

Viewer = User | AnonymousUser | None


def report_units_visible_to(user: Viewer) -> QuerySet[Unit]:
    """Units that publish a report and whose report ``user`` may read."""
    return units_visible_to(user, Perm.VIEW_REPORTS).exclude(kind=UnitKind.DIVISION)


def reports_visible_to(user: Viewer) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(unit__in=report_units_visible_to(user)).select_related(
        "unit", "published_by"
    )


def index_default_year(units: Sequence[Unit], today: datetime.date) -> int:
    """The year the staff reports page opens on.

    A year's report is published in the following year: departments by 31 January, governments
    by 31 March (条例第四十九条; the dates are ``statute.DEPARTMENT_REPORT_DUE`` and
    ``GOVERNMENT_REPORT_DUE``, applied by ``assemble.deadline_for``). So from 1 January of N+1
    the report for N is due, and after its deadline overdue.

    Rule: while the report for last year (N = today's year - 1) is not published by every unit
    in ``units`` (not generated, still a draft, or withdrawn for correction), the page opens on
    N, the report staff must finish first. Once every unit has published it (an imported earlier
    report counts: it was published elsewhere), the page opens on the current working year.
    Older unpublished years stay in the year picker and on the to-do list.
    """
    last = today.year - 1
    if last < FIRST_REPORT_YEAR or not units:
        return today.year
    published = set(
        AnnualReport.objects.filter(
            unit__in=[u.pk for u in units], year=last, state=ReportState.PUBLISHED
        ).values_list("unit_id", flat=True)
    )
    return last if any(u.pk not in published for u in units) else today.year


def unit_for_report(user: Viewer, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise DomainError(f"机构代码“{code}”不存在。")
    if not can(user, Perm.VIEW_REPORTS, unit) or unit.kind == UnitKind.DIVISION:
        raise AccessDenied("您没有权限查看该机构的年度报告。")
    return unit


def published_reports() -> QuerySet[AnnualReport]:
    """Public: reports published on this platform (imported earlier ones are not re-published)."""
    return AnnualReport.objects.filter(
        state=ReportState.PUBLISHED, source=ReportSource.GENERATED
    ).select_related("unit")


@dataclass
class CellRecord:
    ref: str  # tracking code or index number
    title: str
    date: str
    detail: str
    url: str = ""


def cell_records(
    user: Viewer, unit: Unit, year: int, table: str, row: str, column: str, limit: int = 500
) -> tuple[int, list[CellRecord]]:
    """The records behind one cell that ``user`` may see (count visible, first ``limit``)."""
    if not can(user, Perm.VIEW_REPORTS, unit):
        raise AccessDenied("您没有权限查看该机构的年度报告。")
    ids = covered_ids(unit, kind_of(unit))
    try:
        if table == "3":
            apps = sources.applications_of(ids).filter(
                pk__in=applications_visible_to(user).values("pk")
            )
            qs = sources.t3_cell(apps, year, row, column).order_by("received_on", "pk")
            out = [
                CellRecord(
                    a.tracking_code,
                    a.get_applicant_type_display(),
                    f"收到 {a.received_on:%Y-%m-%d}"
                    + (f"，办结 {a.closed_on:%Y-%m-%d}" if a.closed_on else "，未办结"),
                    a.get_outcome_display() if a.outcome else a.get_state_display(),
                    reverse("applications:case", args=[a.tracking_code]),
                )
                for a in qs[:limit]
            ]
            return qs.count(), out
        if table == "4":
            kind = {label: k for k, label in layout.T4_BLOCKS}[row]
            relief = sources.relief_of(ids, year).filter(
                application__in=applications_visible_to(user).values("pk")
            )
            rq = sources.t4_cell(relief, year, kind, column).select_related("application")
            out = [
                CellRecord(
                    r.application.tracking_code,
                    r.get_kind_display(),
                    f"受理 {r.filed_on:%Y-%m-%d}",
                    r.get_outcome_display(),
                    reverse("applications:case", args=[r.application.tracking_code]),
                )
                for r in rq[:limit]
            ]
            return rq.count(), out
        if table == "2" and isinstance(user, User):
            docs = sources.documents_of(ids).filter(pk__in=documents_visible_to(user).values("pk"))
            dq = sources.t2_cell(docs, year, row, column).order_by(
                "written_on", "published_on", "pk"
            )
            out = [
                CellRecord(
                    d.index_number or str(d.pk),
                    d.title,
                    f"成文 {d.written_on or '—'}，发布 {d.published_on or '—'}",
                    f"{d.get_state_display()} {d.validity}",
                    reverse("documents_staff:detail", args=[d.pk]),
                )
                for d in dq[:limit]
            ]
            return dq.count(), out
    except KeyError:
        pass
    raise DomainError("没有这个单元格。")
