"""Read functions over the records of other modules (applications, documents) that the report,
its drill-down and the statistics share. Every table cell is one of these querysets, counted;
the cell's drill-down lists the same queryset, so a number and its records always agree.

Counting rules (annual-report-format.md "Counting"; decision 0003):
- 一: received in the year; 二: received before 1 January and not closed before it;
  三: closed (办结日期) in the year, once, by its outcome; 四: received by 31 December and not
  closed by then. One application is one case with one outcome, however many items it asks for.
- Table 四: reconsideration/litigation cases filed in the year about the unit's replies (the
  agency whose act is challenged, 国办公开办函〔2016〕201号), by outcome as at 31 December
  (decided later: 尚未审结).
- Table 二: the unit's own public documents (not withdrawn); 规章 by 公文种类, 行政规范性文件 by
  the 规范性文件 flag; issued = 成文日期 (else 发布日期) in the year; repealed = 废止/失效日期 in
  the year; in force = issued by 31 December and not repealed or lapsed by then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from gongkai.applications.models import Application, ReliefCase
from gongkai.applications.outcomes import ReliefOutcome
from gongkai.documents.models import Document
from gongkai.documents.models import State as DocState
from gongkai.documents.vocab import DocKind
from gongkai.org.models import Unit, UnitKind
from gongkai.reports import layout


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def report_unit_ids(unit: Unit) -> list[int]:
    """A unit's report covers the unit and its internal divisions (内设机构), not other bodies
    below it: those publish their own reports (a government aggregates them, see aggregate)."""
    ids = [unit.pk]
    frontier = [unit.pk]
    while frontier:
        children = list(
            Unit.objects.filter(parent_id__in=frontier, kind=UnitKind.DIVISION).values_list(
                "pk", flat=True
            )
        )
        ids.extend(children)
        frontier = children
    return ids


# --- applications (table 三) ------------------------------------------------------------------


def applications_of(unit_ids: Iterable[int]) -> QuerySet[Application]:
    return Application.objects.filter(unit_id__in=list(unit_ids))


def t3_new(qs: QuerySet[Application], year: int) -> QuerySet[Application]:
    start, end = year_bounds(year)
    return qs.filter(received_on__gte=start, received_on__lte=end)


# A case is handled (办结) on the day its handling ended with its outcome: the reply date for a
# replied case (delivery and archiving are later housekeeping that does not change what the
# applicant was told), otherwise the day it was closed (withdrawn, deemed withdrawn, imported
# 办结日期). "concluded" below = Coalesce(replied_on, closed_on), written as Q objects.
def _open() -> Q:
    return Q(replied_on__isnull=True, closed_on__isnull=True)


def _concluded_from(day: datetime.date) -> Q:
    return Q(replied_on__gte=day) | Q(replied_on__isnull=True, closed_on__gte=day)


def _concluded_until(day: datetime.date) -> Q:
    return Q(replied_on__lte=day) | Q(replied_on__isnull=True, closed_on__lte=day)


def concluded_between(
    qs: QuerySet[Application], start: datetime.date, end: datetime.date
) -> QuerySet[Application]:
    """Cases handled (办结) between ``start`` and ``end``, both included."""
    return qs.filter(_concluded_from(start) & _concluded_until(end))


def unanswered(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Cases not yet handled (未办结: no reply, not closed) now. For the current year this is
    exactly table 三's 结转下年度继续办理; the workbench dashboard counts the same."""
    return qs.filter(_open())


def overdue_unanswered(qs: QuerySet[Application], as_of: datetime.date) -> QuerySet[Application]:
    """Cases still unanswered on ``as_of`` whose reply deadline had passed by then (已超期):
    one definition for the dashboard (as of today), the statistics and the report's 年底结转
    (as of the year's end, or today while the year runs). A case waiting for the applicant's
    correction has no running deadline and is not counted."""
    return (
        qs.filter(received_on__lte=as_of)
        .filter(_open() | _concluded_from(as_of + datetime.timedelta(days=1)))
        .filter(due_on__lt=as_of)
        .exclude(state="correction")
    )


def years_with_data(unit_ids: Iterable[int], up_to: int) -> list[int]:
    """Years (newest first, none after ``up_to``) in which the units received an application
    or published a document: what a year picker offers first."""
    ids = list(unit_ids)
    years = {d.year for d in applications_of(ids).dates("received_on", "year")}
    years |= {
        d.year
        for d in documents_of(ids).filter(published_on__isnull=False).dates("published_on", "year")
    }
    return sorted((y for y in years if y <= up_to), reverse=True)


def default_year(unit_ids: Iterable[int], today: datetime.date) -> int:
    """The year a report or statistics page opens on: the latest with data (this year included),
    else last year."""
    years = years_with_data(unit_ids, today.year)
    return years[0] if years else today.year - 1


def t3_carried_in(qs: QuerySet[Application], year: int) -> QuerySet[Application]:
    start, _ = year_bounds(year)
    return qs.filter(received_on__lt=start).filter(_open() | _concluded_from(start))


def t3_closed(qs: QuerySet[Application], year: int) -> QuerySet[Application]:
    start, end = year_bounds(year)
    return concluded_between(qs, start, end)


def t3_carried_out(qs: QuerySet[Application], year: int) -> QuerySet[Application]:
    _, end = year_bounds(year)
    return qs.filter(received_on__lte=end).filter(
        _open() | _concluded_from(end + datetime.timedelta(days=1))
    )


def t3_row(qs: QuerySet[Application], year: int, row: str) -> QuerySet[Application]:
    """The records behind a table 三 row (any column)."""
    if row == layout.ROW_NEW:
        return t3_new(qs, year)
    if row == layout.ROW_CARRIED_IN:
        return t3_carried_in(qs, year)
    if row == layout.ROW_CARRIED_OUT:
        return t3_carried_out(qs, year)
    if row == layout.ROW_TOTAL:
        return t3_closed(qs, year)
    for r in layout.OUTCOME_ROWS:
        if r.label == row:
            return t3_closed(qs, year).filter(outcome__in=r.outcomes)
    raise KeyError(row)


def t3_cell(qs: QuerySet[Application], year: int, row: str, column: str) -> QuerySet[Application]:
    rows = t3_row(qs, year, row)
    if column == layout.TOTAL:
        return rows
    code = {label: c for c, label in layout.APPLICANT_COLUMNS}[column]
    return rows.filter(applicant_type=code)


# --- reconsideration and litigation (table 四) -------------------------------------------------


def relief_of(unit_ids: Iterable[int], year: int) -> QuerySet[ReliefCase]:
    start, end = year_bounds(year)
    return ReliefCase.objects.filter(
        application__unit_id__in=list(unit_ids), filed_on__gte=start, filed_on__lte=end
    )


def t4_condition(year: int, column: str) -> Q:
    """Which of a block's cases fall in ``column`` (outcome as at 31 December)."""
    _, end = year_bounds(year)
    # decided by 31 December (a record without a decision date, e.g. imported, is taken as is)
    decided = ~Q(outcome=ReliefOutcome.PENDING) & (
        Q(decided_on__isnull=True) | Q(decided_on__lte=end)
    )
    if column == layout.TOTAL:
        return Q()
    code = {label: c for c, label in layout.T4_OUTCOMES}[column]
    if code == ReliefOutcome.PENDING:
        return ~decided
    return decided & Q(outcome=code)


def t4_cell(qs: QuerySet[ReliefCase], year: int, kind: str, column: str) -> QuerySet[ReliefCase]:
    return qs.filter(kind=kind).filter(t4_condition(year, column))


# --- documents (table 二) ---------------------------------------------------------------------


def documents_of(unit_ids: Iterable[int]) -> QuerySet[Document]:
    return Document.objects.filter(unit_id__in=list(unit_ids), live__isnull=False).exclude(
        state=DocState.WITHDRAWN
    )


def _issued_between(start: datetime.date | None, end: datetime.date) -> Q:
    """Issued (成文日期, else 发布日期) on or before ``end`` (and on or after ``start``)."""
    written = Q(written_on__lte=end)
    published = Q(written_on__isnull=True, published_on__lte=end)
    if start is not None:
        written &= Q(written_on__gte=start)
        published &= Q(published_on__gte=start)
    return written | published


def t2_kind(qs: QuerySet[Document], row: str) -> QuerySet[Document]:
    if row == layout.T2_RULES:
        return qs.filter(doc_kind=DocKind.RULE)
    if row == layout.T2_NORMATIVE:
        return qs.filter(is_normative=True).exclude(doc_kind=DocKind.RULE)
    raise KeyError(row)


def t2_cell(qs: QuerySet[Document], year: int, row: str, column: str) -> QuerySet[Document]:
    start, end = year_bounds(year)
    docs = t2_kind(qs, row)
    ended = [DocState.REPEALED, DocState.LAPSED]
    if column == layout.T2_ISSUED:
        return docs.filter(_issued_between(start, end))
    if column == layout.T2_REPEALED:
        return docs.filter(state__in=ended, expires_on__gte=start, expires_on__lte=end)
    if column == layout.T2_IN_FORCE:
        return docs.filter(_issued_between(None, end)).exclude(
            Q(state__in=ended) & (Q(expires_on__isnull=True) | Q(expires_on__lte=end))
        )
    raise KeyError(column)


def interpretations_of(qs: QuerySet[Document], year: int) -> QuerySet[Document]:
    start, end = year_bounds(year)
    return qs.filter(is_interpretation=True, published_on__gte=start, published_on__lte=end)
