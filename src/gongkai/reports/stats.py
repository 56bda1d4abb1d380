"""Statistics for supervisors: proactive disclosure and requests over a unit subtree and a
period. The application and document numbers use the same querysets as the annual report
(sources.py), so a calendar-year period shows the report's numbers."""

from __future__ import annotations

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from gongkai import statute
from gongkai.documents.selectors import timeliness
from gongkai.documents.vocab import ART20_ITEMS, DIVERSIFIED_FORMS
from gongkai.org.access import unit_ids_below
from gongkai.org.models import Unit, UnitKind
from gongkai.reports import layout, sources
from gongkai.workdays.counting import WorkingCalendar
from gongkai.workdays.selectors import load_calendar


@dataclass
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(*sources.year_bounds(year))


@dataclass
class Stats:
    unit: Unit
    period: Period
    docs_by_month: list[tuple[str, int]] = field(default_factory=list)
    docs_by_item: list[tuple[str, int]] = field(default_factory=list)
    docs_total: int = 0
    late_publications: int = 0
    late_examples: list[tuple[str, datetime.date | None, datetime.date]] = field(
        default_factory=list
    )
    interpretations: int = 0
    diversified: int = 0
    diversified_percent: float = 0.0
    received: int = 0
    closed: int = 0
    by_outcome: list[tuple[str, int]] = field(default_factory=list)
    by_applicant: list[tuple[str, int]] = field(default_factory=list)
    avg_days: float | None = None
    p90_days: int | None = None
    days_provisional: bool = False
    late_replies: int = 0
    overdue_open: int = 0
    per_unit: list[dict[str, object]] = field(default_factory=list)

    @property
    def diversified_meets_target(self) -> bool:
        return self.diversified_percent >= statute.DIVERSIFIED_INTERPRETATION_MIN_PERCENT


class WorkdayIndex:
    """Working days between two dates in O(1) after one pass over the period (prefix sums)."""

    def __init__(self, calendar: WorkingCalendar, start: datetime.date, end: datetime.date):
        self.start = start
        self.prefix = [0]
        self.provisional = False
        d = start
        while d <= end:
            info = calendar.day(d)
            self.provisional = self.provisional or not info.known
            self.prefix.append(self.prefix[-1] + (1 if info.is_working else 0))
            d += datetime.timedelta(days=1)

    def between(self, a: datetime.date, b: datetime.date) -> int:
        """Working days after ``a`` up to and including ``b`` (条例: the start day not counted)."""
        i, j = (a - self.start).days + 1, (b - self.start).days + 1
        return self.prefix[j] - self.prefix[i]


def percentile(values: list[int], q: float) -> int | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def reporting_units(root: Unit) -> list[Unit]:
    ids = unit_ids_below([root.pk])
    return list(Unit.objects.filter(pk__in=ids).exclude(kind=UnitKind.DIVISION))


def compute_stats(root: Unit, period: Period, *, per_unit: bool = True) -> Stats:
    ids = list(unit_ids_below([root.pk]))
    s = Stats(unit=root, period=period)
    a, b = period.start, period.end
    docs = sources.documents_of(ids)
    published = docs.filter(published_on__gte=a, published_on__lte=b)
    s.docs_total = published.count()
    s.docs_by_month = [
        (f"{r['m']:%Y-%m}", r["n"])
        for r in published.annotate(m=TruncMonth("published_on"))
        .order_by()
        .values("m")
        .annotate(n=Count("pk"))
        .order_by("m")
    ]
    items = dict(
        published.order_by()
        .values_list("art20_item")
        .annotate(n=Count("pk"))
        .values_list("art20_item", "n")
    )
    s.docs_by_item = [(f"{mark}{label}", items.get(n, 0)) for n, mark, label in ART20_ITEMS]
    if items.get(None):
        s.docs_by_item.append(("未标注第二十条事项", items[None]))
    formed = docs.filter(written_on__gte=a, written_on__lte=b)
    late = timeliness(formed, min(b, timezone.localdate()))
    s.late_publications = len(late)
    s.late_examples = [(t.document.title, t.document.published_on, t.due) for t in late[:20]]
    interp = published.filter(is_interpretation=True)
    s.interpretations = interp.count()
    s.diversified = interp.filter(
        interpretation_form__in=[str(f) for f in DIVERSIFIED_FORMS]
    ).count()
    s.diversified_percent = (
        round(100.0 * s.diversified / s.interpretations, 1) if s.interpretations else 0.0
    )

    apps = sources.applications_of(ids)
    s.received = apps.filter(received_on__gte=a, received_on__lte=b).count()
    closed = sources.concluded_between(apps, a, b)  # the report's own 办结 rule
    s.closed = closed.count()
    grouped: Counter[str] = Counter()
    for o, n in closed.order_by().values_list("outcome").annotate(n=Count("pk")):
        grouped[layout.ROW_OF_OUTCOME.get(o, "未计入")] += n
    s.by_outcome = [(label, grouped.get(label, 0)) for label in layout.OUTCOME_ROW_LABELS]
    types = dict(closed.order_by().values_list("applicant_type").annotate(n=Count("pk")))
    s.by_applicant = [(label, types.get(code, 0)) for code, label in layout.APPLICANT_COLUMNS]
    done = list(
        closed.annotate(done=Coalesce("replied_on", "closed_on")).values_list("received_on", "done")
    )
    if done:
        first = min(r for r, _ in done)
        index = WorkdayIndex(load_calendar(), first, max(d for _, d in done))
        days = [index.between(r, d) for r, d in done if d >= r]
        s.avg_days = round(sum(days) / len(days), 1) if days else None
        s.p90_days = percentile(days, 90)
        s.days_provisional = index.provisional
    from gongkai.applications.models import ApplicationEvent

    s.late_replies = ApplicationEvent.objects.filter(
        application__unit_id__in=ids, kind="send_reply", on__gte=a, on__lte=b, data__late=True
    ).count()
    as_of = min(b, timezone.localdate())
    s.overdue_open = sources.overdue_unanswered(apps, as_of).count()
    if per_unit:
        for u in reporting_units(root):
            uids = sources.report_unit_ids(u)
            ua = sources.applications_of(uids)
            s.per_unit.append(
                {
                    "unit": u.name,
                    "documents": sources.documents_of(uids)
                    .filter(published_on__gte=a, published_on__lte=b)
                    .count(),
                    "received": ua.filter(received_on__gte=a, received_on__lte=b).count(),
                    "closed": sources.concluded_between(ua, a, b).count(),
                    "overdue_open": sources.overdue_unanswered(ua, as_of).count(),
                }
            )
    return s
