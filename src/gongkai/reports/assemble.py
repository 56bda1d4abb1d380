"""Assemble a report for (unit, year): its tables (computed, or frozen when published/imported),
the facts its checks need, the checks, and the facts pre-filled into parts 一, 五 and 六.

Nothing here writes. The command line, the pages, the API and publishing all read through
``assemble`` so they show the same numbers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils import timezone

from gongkai import statute
from gongkai.applications.models import ApplicationEvent
from gongkai.core import paper
from gongkai.documents.vocab import DIVERSIFIED_FORMS
from gongkai.org.models import Unit, UnitKind
from gongkai.reports import layout, sources
from gongkai.reports.checks import Check, Facts, run_checks
from gongkai.reports.compute import Tables, add, compute
from gongkai.reports.models import AnnualReport, ManualFigure, ReportKind, ReportSource, ReportState


@dataclass
class Assembled:
    unit: Unit
    year: int
    kind: str
    tables: Tables
    checks: list[Check]
    report: AnnualReport | None
    texts: dict[str, str]
    prefill: dict[str, str]
    manual: dict[str, ManualFigure | None] = field(default_factory=dict)
    members: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, "已发布"/"草稿"…)
    frozen: bool = False

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年{layout.TITLE}"

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit.code,
            "unit_name": self.unit.name,
            "year": self.year,
            "kind": self.kind,
            "state": self.report.state if self.report else ReportState.DRAFT,
            **self.tables.as_json(),
            "checks": [{"rule": c.rule, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "parts": {k: self.texts.get(k, "") for k in layout.TEXT_PARTS},
        }


def kind_of(unit: Unit) -> str:
    return ReportKind.GOVERNMENT if unit.kind == UnitKind.GOVERNMENT else ReportKind.UNIT


def member_units(gov: Unit) -> list[Unit]:
    """The units whose reports a government aggregates: every unit below it that reports on its
    own (not internal divisions), and the government itself for its own records."""
    found: list[Unit] = []
    frontier = [gov.pk]
    while frontier:
        children = list(Unit.objects.filter(parent_id__in=frontier).exclude(kind=UnitKind.DIVISION))
        found.extend(children)
        frontier = [u.pk for u in children]
    return found


def covered_ids(unit: Unit, kind: str | None = None) -> list[int]:
    """Units whose records the report counts: a unit with its divisions; a government with
    every member unit too."""
    own = sources.report_unit_ids(unit)
    if (kind or kind_of(unit)) != ReportKind.GOVERNMENT:
        return own
    return [*own, *(i for m in member_units(unit) for i in sources.report_unit_ids(m))]


def manual_figures(report: AnnualReport | None) -> dict[str, ManualFigure | None]:
    out: dict[str, ManualFigure | None] = dict.fromkeys(layout.MANUAL_KEYS)
    if report is None or report.pk is None:
        return out
    for fig in report.figures.select_related("entered_by").order_by("key", "-entered_at", "-id"):
        if out.get(fig.key) is None:
            out[fig.key] = fig
    return out


def _manual_values(figs: dict[str, ManualFigure | None]) -> dict[str, Decimal | None]:
    return {k: (f.value if f else None) for k, f in figs.items()}


def report_for(unit: Unit, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(unit=unit, year=year).first()


def is_frozen(report: AnnualReport | None) -> bool:
    return report is not None and (
        report.state == ReportState.PUBLISHED or report.source == ReportSource.IMPORTED
    )


def unit_tables(unit: Unit, year: int) -> Tables:
    """The tables of a unit's report as they stand: frozen if published or imported."""
    report = report_for(unit, year)
    if is_frozen(report):
        assert report is not None
        return Tables.from_json(report.tables)
    if kind_of(unit) == ReportKind.GOVERNMENT:
        return assemble(unit, year).tables
    return compute(sources.report_unit_ids(unit), year, _manual_values(manual_figures(report)))


def _prior(unit: Unit, ids: list[int], year: int) -> tuple[dict[str, int] | None, str]:
    prior = report_for(unit, year - 1)
    if is_frozen(prior):
        assert prior is not None
        row = Tables.from_json(prior.tables).table3.get(layout.ROW_CARRIED_OUT)
        how = "导入" if prior.source == ReportSource.IMPORTED else "已发布"
        return ({k: int(v or 0) for k, v in (row or {}).items()}, f"{year - 1}年度报告（{how}）")
    start, _ = sources.year_bounds(year)
    if not sources.applications_of(ids).filter(received_on__lt=start).exists():
        return None, ""
    from gongkai.reports.compute import table3

    return table3(ids, year - 1)[layout.ROW_CARRIED_OUT], f"{year - 1}年度报告（由平台记录生成）"


def assemble(unit: Unit, year: int) -> Assembled:
    report = report_for(unit, year)
    kind = report.kind if report else kind_of(unit)
    figs = manual_figures(report)
    members: list[tuple[Unit, str]] = []
    member_sum: Tables | None = None
    if kind == ReportKind.GOVERNMENT:
        member_list = member_units(unit)
        own = sources.report_unit_ids(unit)
        ids = covered_ids(unit, kind)
        own_manual: dict[str, Decimal | None] = {
            k: (v if v is not None else Decimal(0)) for k, v in _manual_values(figs).items()
        }
        member_tables = [compute(own, year, own_manual)]
        for m in member_list:
            r = report_for(m, year)
            members.append((m, r.get_state_display() if r else "未生成"))
            member_tables.append(unit_tables(m, year))
        member_sum = add(member_tables)
        tables = compute(ids, year)  # tables 二 (documents), 三, 四 straight from the records
        for row, col in layout.MANUAL_KEYS.values():  # unknown while a unit has not entered it
            missing = any(t.table2.get(row, {}).get(col) is None for t in member_tables)
            tables.table2[row][col] = None if missing else member_sum.table2[row][col]
    else:
        ids = sources.report_unit_ids(unit)
        tables = compute(ids, year, _manual_values(figs))
    frozen = is_frozen(report)
    if frozen:
        assert report is not None
        tables = Tables.from_json(report.tables)
    apps = sources.applications_of(ids)
    closed = sources.t3_closed(apps, year)
    prior, prior_source = _prior(unit, ids, year)
    facts = Facts(
        prior_carried_out=prior,
        prior_source=prior_source,
        carried_in_records=list(
            sources.t3_carried_in(apps, year).values_list("tracking_code", flat=True)[:50]
        ),
        uncounted_records=list(
            closed.exclude(outcome__in=list(layout.ROW_OF_OUTCOME)).values_list(
                "tracking_code", flat=True
            )[:50]
        ),
        misdated_records=list(
            apps.filter(closed_on__lt=F("received_on")).values_list("tracking_code", flat=True)[:50]
        ),
        closed_count=None if frozen else closed.count(),
        member_sum=member_sum,
        member_names=[m.name for m, _ in members],
    )
    checks = run_checks(tables, facts)
    prefill = prefill_texts(unit, ids, year, tables)
    texts = {
        k: layout.without_prompts(
            getattr(report, k) if report and getattr(report, k) else prefill[k]
        )
        for k in layout.TEXT_PARTS
    }
    return Assembled(
        unit=unit,
        year=year,
        kind=kind,
        tables=tables,
        checks=checks,
        report=report,
        texts=texts,
        prefill=prefill,
        manual=figs,
        members=members,
        frozen=frozen,
    )


def fees_collected(ids: list[int], year: int) -> tuple[int, int]:
    """(number of paid fee notices, yuan collected) for fees paid in ``year``."""
    start, end = sources.year_bounds(year)
    paid = ApplicationEvent.objects.filter(
        application__unit_id__in=ids, kind="fee_paid", on__gte=start, on__lte=end
    ).values_list("application_id", flat=True)
    notices = ApplicationEvent.objects.filter(application_id__in=list(paid), kind="fee_notice")
    amounts: dict[int, int] = {}
    for app_id, data in notices.order_by("seq").values_list("application_id", "data"):
        amounts[app_id] = int((data or {}).get("amount") or 0)
    return len(amounts), sum(amounts.values())


def late_replies(ids: list[int], year: int) -> int:
    start, end = sources.year_bounds(year)
    return ApplicationEvent.objects.filter(
        application__unit_id__in=ids,
        kind="send_reply",
        on__gte=start,
        on__lte=end,
        data__late=True,
    ).count()


def prefill_texts(unit: Unit, ids: list[int], year: int, t: Tables) -> dict[str, str]:
    start, end = sources.year_bounds(year)
    docs = sources.documents_of(ids)
    published = docs.filter(published_on__gte=start, published_on__lte=end)
    interp = sources.interpretations_of(docs, year)
    n_interp = interp.count()
    n_div = interp.filter(interpretation_form__in=[str(f) for f in DIVERSIFIED_FORMS]).count()
    share = round(100.0 * n_div / n_interp, 1) if n_interp else 0.0
    t3 = t.table3
    total = layout.TOTAL
    relief = {k: v.get(total, 0) for k, v in t.table4.items()}
    fee_n, fee_yuan = fees_collected(ids, year)
    late = late_replies(ids, year)
    # as of the year's end, or today while the year runs (sources.overdue_unanswered: the
    # dashboard's and the statistics' 已超期 too)
    as_of = min(end, timezone.localdate())
    open_overdue = sources.overdue_unanswered(sources.applications_of(ids), as_of).count()
    target = statute.DIVERSIFIED_INTERPRETATION_MIN_PERCENT
    part1 = (
        f"{year}年，{unit.name}主动公开政府信息 {published.count()} 条，"
        f"其中本年制发规章 {t.table2.get(layout.T2_RULES, {}).get(layout.T2_ISSUED) or 0} 件、"
        f"行政规范性文件 {t.table2.get(layout.T2_NORMATIVE, {}).get(layout.T2_ISSUED) or 0} 件；"
        f"发布政策解读 {n_interp} 篇，其中图解、视频等多样化解读 {n_div} 篇，占 {share}%"
        f"（目标不低于 {target}%）。"
        f"本年新收政府信息公开申请 {t3.get(layout.ROW_NEW, {}).get(total, 0)} 件，"
        f"上年结转 {t3.get(layout.ROW_CARRIED_IN, {}).get(total, 0)} 件，"
        f"办结 {t3.get(layout.ROW_TOTAL, {}).get(total, 0)} 件，"
        f"结转下年度继续办理 {t3.get(layout.ROW_CARRIED_OUT, {}).get(total, 0)} 件。"
        f"因政府信息公开引起行政复议 {relief.get(layout.T4_RECONSIDERATION, 0)} 件、"
        f"行政诉讼 {relief.get(layout.T4_DIRECT, 0) + relief.get(layout.T4_AFTER, 0)} 件。"
    )
    part5 = (
        f"本年度超过法定期限答复的申请 {late} 件；截至{paper.cn_date(as_of)}，"
        f"尚未答复且已超过答复期限的申请 {open_overdue} 件。"
    )
    part6 = f"本年度收取信息处理费 {fee_n} 件，共 {fee_yuan} 元。"
    from gongkai.reports.hooks import part_drafts  # other capabilities' drafts (reports.hooks)

    part6 = "\n".join([part6, *part_drafts("part6", unit, year)])
    return {"part1": part1, "part5": part5, "part6": part6}


def deadline_for(unit: Unit, year: int) -> datetime.date:
    """条例 Art. 49: departments by 31 January, governments by 31 March of the next year."""
    month, day = (
        statute.GOVERNMENT_REPORT_DUE
        if kind_of(unit) == ReportKind.GOVERNMENT
        else statute.DEPARTMENT_REPORT_DUE
    )
    return datetime.date(year + 1, month, day)


COMPARED: tuple[tuple[str, str, str], ...] = (
    ("table3", layout.ROW_NEW, layout.TOTAL),
    ("table3", layout.ROW_CARRIED_IN, layout.TOTAL),
    ("table3", "（一）予以公开", layout.TOTAL),
    ("table3", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", layout.TOTAL),
    ("table3", layout.ROW_TOTAL, layout.TOTAL),
    ("table3", layout.ROW_CARRIED_OUT, layout.TOTAL),
    ("table4", layout.T4_RECONSIDERATION, layout.TOTAL),
    ("table4", layout.T4_DIRECT, layout.TOTAL),
    ("table4", layout.T4_AFTER, layout.TOTAL),
    ("table2", layout.T2_RULES, layout.T2_ISSUED),
    ("table2", layout.T2_NORMATIVE, layout.T2_ISSUED),
    ("table2", layout.T2_NORMATIVE, layout.T2_IN_FORCE),
)


@dataclass
class Comparison:
    source: str  # where last year's numbers come from
    rows: list[tuple[str, Any, Any, Any]]  # (label, last year, this year, change)


def year_on_year(a: Assembled) -> Comparison | None:
    """This year's main figures against last year's report (imported, published or computed)."""
    prior = report_for(a.unit, a.year - 1)
    if is_frozen(prior):
        assert prior is not None
        how = "导入的" if prior.source == ReportSource.IMPORTED else "已发布的"
        last, source = Tables.from_json(prior.tables), f"{how}{a.year - 1}年度报告"
    else:
        ids = covered_ids(a.unit, a.kind)
        start, _ = sources.year_bounds(a.year - 1)
        if not sources.applications_of(ids).filter(received_on__lt=start).exists():
            return None
        last, source = compute(ids, a.year - 1), f"平台记录（{a.year - 1}年）"
    rows = []
    for table, row, col in COMPARED:
        before = getattr(last, table).get(row, {}).get(col)
        now = getattr(a.tables, table).get(row, {}).get(col)
        change = now - before if isinstance(now, int) and isinstance(before, int) else None
        rows.append((f"{row}（{col}）", before, now, change))
    return Comparison(source, rows)
