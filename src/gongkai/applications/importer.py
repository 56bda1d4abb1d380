"""``gongkai import applications FILE --unit CODE``: historical applications from CSV/XLSX.

Chinese headers (issue 3 §10): 收到日期, 申请人类型, 申请内容, 办结日期, 办理结果 required (the last two
empty while open); 申请编号, 渠道, 申请人, 复议结果, 诉讼结果 optional. The whole file or nothing:
every bad row is reported with its line number; re-importing the same file changes nothing.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.applications.intake import Channel
from gongkai.applications.machine import State
from gongkai.applications.models import Applicant, Application, ApplicationEvent, ReliefCase
from gongkai.applications.outcomes import (
    ApplicantType,
    ReliefKind,
    ReliefOutcome,
    outcome_from_report_label,
)
from gongkai.applications.services import new_tracking_code, refresh_clock
from gongkai.audit.services import audit_record
from gongkai.core.errors import ValidationFailed
from gongkai.core.importers import cli_file, cli_file_arguments, cli_import, cli_unit
from gongkai.org.models import Unit
from gongkai.org.tabular import Table, read_table

REQUIRED = ["收到日期", "申请人类型", "申请内容", "办结日期", "办理结果"]
OPTIONAL = ["申请编号", "渠道", "申请人", "复议结果", "诉讼结果"]

_TYPES = {label: code for code, label in ApplicantType.choices}
_TYPES.update({f"法人或其他组织/{label}": code for code, label in ApplicantType.choices})
_CHANNELS = {label: code for code, label in Channel.choices}
# The words registers and the seeds use for how an application came in (seed 004 item 8:
# “当面、邮寄、传真”), checked in this order, first match wins. 条例第三十一条 dates a mailed
# application by how it was mailed: 邮寄 alone does not say whether it was signed for, so it is
# taken as a 平常信函 (the receipt date, not a signature date) unless 挂号/EMS/快递 says otherwise.
CHANNEL_WORDS: list[tuple[str, str]] = [
    ("挂号", Channel.REGISTERED_MAIL),
    ("EMS", Channel.REGISTERED_MAIL),
    ("快递", Channel.REGISTERED_MAIL),
    ("特快专递", Channel.REGISTERED_MAIL),
    ("电子邮件", Channel.EMAIL),
    ("电子邮箱", Channel.EMAIL),
    ("邮件", Channel.EMAIL),
    ("邮箱", Channel.EMAIL),
    ("email", Channel.EMAIL),
    ("网", Channel.ONLINE),
    ("在线", Channel.ONLINE),
    ("当面", Channel.IN_PERSON),
    ("现场", Channel.IN_PERSON),
    ("窗口", Channel.IN_PERSON),
    ("面交", Channel.IN_PERSON),
    ("来访", Channel.IN_PERSON),
    ("邮寄", Channel.ORDINARY_LETTER),
    ("邮递", Channel.ORDINARY_LETTER),
    ("信函", Channel.ORDINARY_LETTER),
    ("信件", Channel.ORDINARY_LETTER),
    ("来信", Channel.ORDINARY_LETTER),
    ("传真", Channel.FAX),
]
_RELIEF = {
    "维持": ReliefOutcome.UPHELD,
    "结果维持": ReliefOutcome.UPHELD,
    "纠正": ReliefOutcome.CORRECTED,
    "结果纠正": ReliefOutcome.CORRECTED,
    "其他": ReliefOutcome.OTHER,
    "其他结果": ReliefOutcome.OTHER,
    "尚未审结": ReliefOutcome.PENDING,
}


def parse_date(raw: str) -> datetime.date | None:
    text = raw.strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _channel(raw: str) -> str | None:
    text = raw.strip()
    if not text:
        return Channel.IN_PERSON
    if text in _CHANNELS:
        return _CHANNELS[text]
    for word, code in CHANNEL_WORDS:
        if word.lower() in text.lower():
            return code
    return None


@dataclass
class Row:
    line: int
    key: str
    received: datetime.date
    applicant_type: str
    information: str
    closed: datetime.date | None
    outcome: str
    ref: str
    channel: str
    name: str
    reconsideration: str
    litigation: str


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    unchanged: int = 0


def parse_rows(table: Table, unit: Unit) -> list[Row]:
    missing = [h for h in REQUIRED if h not in table.headers]
    if missing:
        raise ValidationFailed([f"表头缺少：{'、'.join(missing)}（第 1 行应为表头）"])
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    today = timezone.localdate()
    for line, v in table.rows:
        errs: list[str] = []
        received = parse_date(v.get("收到日期", ""))
        if received is None:
            errs.append(f"收到日期“{v.get('收到日期', '')}”无法识别，请写成 YYYY-MM-DD")
        elif received > today:
            errs.append("收到日期晚于今天")
        kind = _TYPES.get(v.get("申请人类型", "").strip())
        if kind is None:
            errs.append(
                f"申请人类型“{v.get('申请人类型', '')}”无效，应为 自然人、商业企业、科研机构、社会公益组织、法律服务机构 或 其他"
            )
        info = v.get("申请内容", "").strip()
        if not info:
            errs.append("申请内容为空")
        closed_raw, outcome_raw = v.get("办结日期", "").strip(), v.get("办理结果", "").strip()
        closed = parse_date(closed_raw) if closed_raw else None
        if closed_raw and closed is None:
            errs.append(f"办结日期“{closed_raw}”无法识别，请写成 YYYY-MM-DD")
        outcome = outcome_from_report_label(outcome_raw) if outcome_raw else None
        if outcome_raw and outcome is None:
            errs.append(
                f"办理结果“{outcome_raw}”不是年度报告表三的行名称（如 予以公开、部分公开、属于国家秘密、本机关不掌握相关政府信息、重复申请、其他）"
            )
        if bool(closed_raw) != bool(outcome_raw):
            errs.append("办结日期和办理结果应同时填写（未办结的两项都留空）")
        if closed and received and closed < received:
            errs.append("办结日期早于收到日期")
        channel = _channel(v.get("渠道", ""))
        if channel is None:
            errs.append(
                f"渠道“{v.get('渠道', '')}”无法识别，应为 网上申请、当面、邮寄（挂号/EMS 写明）、信函、传真 或 电子邮件"
            )
        recon, lit = v.get("复议结果", "").strip(), v.get("诉讼结果", "").strip()
        for label, value in (("复议结果", recon), ("诉讼结果", lit)):
            if value and value not in _RELIEF:
                errs.append(f"{label}“{value}”无效，应为 维持、纠正、其他 或 尚未审结")
            if value and not closed_raw:
                errs.append(f"未办结的申请不能有{label}")
        ref = v.get("申请编号", "").strip()
        name = v.get("申请人", "").strip()
        if errs:
            problems.extend(f"第 {line} 行：{e}" for e in errs)
            continue
        assert received is not None
        assert kind is not None
        assert channel is not None
        basis = ref or "|".join([received.isoformat(), kind, info, name])
        key = hashlib.sha256(f"{unit.code}|{basis}".encode()).hexdigest()[:40]
        if key in seen:
            problems.append(f"第 {line} 行：与第 {seen[key]} 行重复（相同的申请编号或相同内容）")
            continue
        seen[key] = line
        rows.append(
            Row(
                line,
                key,
                received,
                kind,
                info,
                closed,
                outcome.value if outcome else "",
                ref,
                channel,
                name,
                recon,
                lit,
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return rows


def applications_import(*, unit: Unit, table: Table, dry_run: bool = False) -> ImportResult:
    """Validate every row, then create all new cases in one transaction (or none)."""
    rows = parse_rows(table, unit)
    result = ImportResult()
    with transaction.atomic():
        existing = set(
            Application.objects.filter(unit=unit, imported=True).values_list(
                "import_key", flat=True
            )
        )
        for row in rows:
            if row.key in existing:
                result.unchanged += 1
                continue
            result.created.append(_create(unit, row))
        if dry_run:
            transaction.set_rollback(True)
    return result


def _create(unit: Unit, row: Row) -> str:
    app = Application.objects.create(
        tracking_code=new_tracking_code(row.received.year),
        external_ref=row.ref,
        import_key=row.key,
        unit=unit,
        applicant_type=row.applicant_type,
        information=row.information,
        channel=row.channel,
        received_on=row.received,
        receipt_rule="历史导入",
        entered_at=timezone.now(),
        state=State.CLOSED if row.closed else State.REGISTERED,
        outcome=row.outcome,
        closed_on=row.closed,
        replied_on=row.closed,
        imported=True,
    )
    Applicant.objects.create(application=app, name=row.name or "（历史导入，未录入）")
    now = timezone.now()
    ApplicationEvent.objects.create(
        application=app,
        seq=1,
        kind="received",
        label="收到申请（历史导入）",
        actor=None,
        actor_label="系统导入",
        at=now,
        on=row.received,
        state_after=app.state,
        data={"line": row.line},
    )
    if row.closed:
        ApplicationEvent.objects.create(
            application=app,
            seq=2,
            kind="archive",
            label="办结归档（历史导入）",
            actor=None,
            actor_label="系统导入",
            at=now,
            on=row.closed,
            state_after=app.state,
            data={"outcome": row.outcome},
        )
        if row.reconsideration:
            ReliefCase.objects.create(
                application=app,
                kind=ReliefKind.RECONSIDERATION,
                filed_on=row.closed,
                outcome=_RELIEF[row.reconsideration],
            )
        if row.litigation:
            ReliefCase.objects.create(
                application=app,
                kind=ReliefKind.LITIGATION_AFTER
                if row.reconsideration
                else ReliefKind.LITIGATION_DIRECT,
                filed_on=row.closed,
                outcome=_RELIEF[row.litigation],
            )
    else:
        refresh_clock(app)
        app.save()
    audit_record(
        actor=None,
        action="application.import",
        obj_type="application",
        obj_id=app.tracking_code,
        obj_label=f"政府信息公开申请 {app.tracking_code}（历史导入）",
        unit=unit,
        after={
            "line": row.line,
            "received_on": row.received,
            "outcome": row.outcome,
            "ref": row.ref,
        },
    )
    return app.tracking_code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli_file_arguments(
        parser, file_help="CSV 或 XLSX 文件（第一行为中文表头）", unit_help="受理机关代码"
    )


def handle(options: dict[str, Any], stdout: Any) -> None:
    unit = cli_unit(options["unit"])
    path = cli_file(options["file"])
    with cli_import():
        table = read_table(path)
        result = applications_import(unit=unit, table=table, dry_run=options.get("dry_run", False))
    verb = "可导入" if options.get("dry_run") else "已导入"
    stdout.write(
        f"{unit.name}：{verb} {len(result.created)} 件，已存在未变动 {result.unchanged} 件。\n"
    )
