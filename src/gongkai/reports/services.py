"""All writes to annual reports. Each function is one transaction that checks the access layer
and writes the audit log. The report's lifecycle is the table ``TRANSITIONS`` (stated once)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.reports import layout
from gongkai.reports.assemble import assemble, kind_of
from gongkai.reports.compute import Tables
from gongkai.reports.models import AnnualReport, ManualFigure, ReportSource, ReportState
from gongkai.statute import FIRST_REPORT_YEAR

Actor = User | AnonymousUser | None


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    source: ReportState
    target: ReportState
    perm: Perm


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "publish", "发布", ReportState.DRAFT, ReportState.PUBLISHED, Perm.PUBLISH_REPORTS
        ),
        Transition(
            "unpublish", "撤回修改", ReportState.PUBLISHED, ReportState.DRAFT, Perm.PUBLISH_REPORTS
        ),
    )
}


def _check_transition(report: AnnualReport, action: str) -> Transition:
    t = TRANSITIONS[action]
    if report.state != t.source:
        raise DomainError(
            f"报告当前状态为“{report.get_state_display()}”，不能“{t.label}”：该操作只能对"
            f"“{t.source.label}”状态的报告进行。"
        )
    if report.source == ReportSource.IMPORTED:
        raise DomainError("导入的往年报告只用于比对和结转校验，不能在本平台发布或撤回。")
    return t


def _audit(report: AnnualReport, actor: Actor, action: str, **after: Any) -> None:
    audit_record(
        actor=actor,
        action=f"annual_report.{action}",
        obj_type="annual_report",
        obj_id=f"{report.unit.code}/{report.year}",
        obj_label=report.title,
        unit=report.unit,
        after={"state": report.state, **after},
    )


def _check_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not FIRST_REPORT_YEAR <= year <= this_year:
        raise ValidationFailed([f"年度应在 {FIRST_REPORT_YEAR} 至 {this_year} 之间"])


def report_open(*, actor: Actor, unit: Unit, year: int) -> AnnualReport:
    """The unit's report for ``year`` (a draft is created on first use)."""
    _check_year(year)
    with transaction.atomic():
        require(actor, Perm.EDIT_REPORTS, unit)
        report = AnnualReport.objects.filter(unit=unit, year=year).first()
        if report is not None:
            return report
        report = AnnualReport.objects.create(unit=unit, year=year, kind=kind_of(unit))
        _audit(report, actor, "create", kind=report.kind)
        return report


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)


def _editable(report: AnnualReport) -> None:
    if report.state != ReportState.DRAFT or report.source != ReportSource.GENERATED:
        raise DomainError("报告已发布或为导入的往年报告，不能修改；如需更正，请先撤回。")


def report_set_figure(
    *,
    actor: Actor,
    report: AnnualReport,
    key: str,
    value: Decimal | int | str,
    source: str,
    seen: int | None = None,
) -> ManualFigure:
    """Enter a number the platform cannot know, with its source (who and when are recorded).
    ``seen``: the id of the figure for ``key`` the page showed (0: none yet). Figures are kept
    as a history and the newest counts, so ``seen`` is that key's version: a number entered
    meanwhile by someone else is not superseded unseen."""
    if key not in layout.MANUAL_KEYS:
        raise ValidationFailed(["填报项目应为行政许可、行政处罚、行政强制或行政事业性收费"])
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(["请填写数字"]) from None
    if key != "fees" and number != number.to_integral_value():
        raise ValidationFailed(["处理决定数量应为整数"])
    if not source.strip():
        raise ValidationFailed(["请写明数字的来源（如 行政审批系统2024年统计表）"])
    with transaction.atomic():
        report = _locked(report)
        user = require(actor, Perm.EDIT_REPORTS, report.unit)
        _editable(report)
        latest = report.figures.filter(key=key).order_by("-entered_at", "-id").first()
        if seen is not None and (latest.pk if latest else 0) != seen:
            row, col = layout.MANUAL_KEYS[key]
            who = (
                f"已由{latest.entered_by}填报为 {latest.value.normalize():f}"
                if latest
                else "已被他人修改"
            )
            raise ConflictError(
                f"保存失败：在您填报期间，“{row}（{col}）”{who}。请刷新页面查看最新内容后再修改。"
            )
        fig = ManualFigure.objects.create(
            report=report,
            key=key,
            value=number,
            source=source.strip()[:300],
            entered_by=user,
            entered_at=timezone.now(),
        )
        row, col = layout.MANUAL_KEYS[key]
        _audit(report, user, "figure", item=f"{row}/{col}", value=str(number), source=fig.source)
        return fig


def report_edit_texts(
    *, actor: Actor, report: AnnualReport, texts: dict[str, str], version: int
) -> AnnualReport:
    """Save parts one, five and six. ``version`` is the one the editor read (0: the page was
    read before the draft existed, which equals the new draft's 1): a report changed meanwhile
    by someone else is never silently overwritten."""
    with transaction.atomic():
        report = _locked(report)
        user = require(actor, Perm.EDIT_REPORTS, report.unit)
        if version != report.version and not (version == 0 and report.version == 1):
            raise ConflictError(
                "保存失败：在您编辑期间，该年度报告已被他人修改。请刷新页面查看最新内容后再修改。"
            )
        _editable(report)
        for key in layout.TEXT_PARTS:
            if key in texts:
                setattr(report, key, str(texts[key]).strip())
        report.version += 1
        report.save()
        _audit(report, user, "edit", version=report.version)
        return report


class ChecksFailed(DomainError):
    def __init__(self, message: str, failed: list[Any]) -> None:
        super().__init__(message)
        self.failed = failed


def _publication_time(report: AnnualReport, now: datetime.datetime | None) -> datetime.datetime:
    """When the report is published: now, or the moment given for a publication recorded
    afterwards (e.g. the demo's report for last year, published in January). A given moment
    may not lie in the future, nor before the report's year has ended (the report covers the
    whole year, 条例第五十条)."""
    current = timezone.now()
    if now is None:
        return current
    if timezone.is_naive(now):
        raise ValidationFailed(["发布时间须带时区"])
    if now > current:
        raise ValidationFailed(["发布时间不能晚于现在"])
    if timezone.localtime(now).date() < datetime.date(report.year + 1, 1, 1):
        raise ValidationFailed([f"{report.year}年度报告的发布时间应在该年度结束之后"])
    return now


def report_publish(
    *, actor: Actor, report: AnnualReport, now: datetime.datetime | None = None
) -> AnnualReport:
    """Publish into the column's 年报 entry; refused while any check fails (names the rules).
    ``now``: the publication time when it is not the present (see ``_publication_time``); the
    audit event keeps its own time, when this was recorded, and notes the time given."""
    with transaction.atomic():
        report = _locked(report)
        user = require(actor, Perm.PUBLISH_REPORTS, report.unit)
        _check_transition(report, "publish")
        built = assemble(report.unit, report.year)
        bad = [c for c in built.checks if not c.ok]
        if bad:
            lines = "；".join(f"【{c.rule}】{c.detail}" for c in bad)
            raise ChecksFailed(f"报告未通过校验，不能发布：{lines}", bad)
        report.tables = built.tables.as_json()
        report.checks = [c.as_json() for c in built.checks]
        for key in layout.TEXT_PARTS:
            setattr(report, key, built.texts[key])
        report.state = ReportState.PUBLISHED
        report.published_at = _publication_time(report, now)
        report.published_by = user
        report.version += 1
        report.save()
        _audit(
            report,
            user,
            "publish",
            version=report.version,
            published_at=timezone.localtime(report.published_at).isoformat(timespec="minutes"),
        )
        return report


def report_unpublish(*, actor: Actor, report: AnnualReport, reason: str) -> AnnualReport:
    if not reason.strip():
        raise ValidationFailed(["请写明撤回修改的原因"])
    with transaction.atomic():
        report = _locked(report)
        user = require(actor, Perm.PUBLISH_REPORTS, report.unit)
        _check_transition(report, "unpublish")
        report.state = ReportState.DRAFT
        report.tables = {}
        report.checks = []
        report.published_at = None
        report.version += 1
        report.save()
        _audit(report, user, "unpublish", reason=reason.strip())
        return report


def report_import(
    *,
    actor: Actor,
    unit: Unit,
    year: int,
    tables: Tables,
    note: str,
    system: bool = False,
) -> AnnualReport:
    """Store an earlier year's tables read from its file (for carry-over and comparison)."""
    _check_year(year)
    with transaction.atomic():
        if not system:
            require(actor, Perm.EDIT_REPORTS, unit)
        report = AnnualReport.objects.select_for_update().filter(unit=unit, year=year).first()
        if (
            report is not None
            and report.source == ReportSource.GENERATED
            and (report.state == ReportState.PUBLISHED or report.figures.exists())
        ):
            raise DomainError(
                f"{unit.name}{year}年度报告已在本平台生成或发布，不能再导入；如需替换请先撤回。"
            )
        if report is None:
            report = AnnualReport(unit=unit, year=year, kind=kind_of(unit))
        report.source = ReportSource.IMPORTED
        report.state = ReportState.DRAFT
        report.tables = tables.as_json()
        report.import_note = note[:300]
        report.version += 0 if report.pk is None else 1
        report.save()
        _audit(report, actor, "import", note=report.import_note)
        return report
