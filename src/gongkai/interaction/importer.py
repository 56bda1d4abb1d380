"""``gongkai import messages FILE --unit CODE --channel 12345`` (or ``--channel 国办转办``):
12345 hotline and 国办转办 exports (CSV/XLSX, first row Chinese headers).

Headers: 编号, 收到时间, 姓名, 电话, 标题, 内容, 是否公开, and for answered tickets 答复单位,
答复时间, 答复内容. The whole file is checked first and every problem reported with its line;
one problem and nothing is written. A ticket already imported (same channel and 编号) is left
as it is, so importing the same file again changes nothing. Unanswered tickets wait at the
import's unit to be routed, with their reply deadline; answered ones whose writer chose 公开 go
to the moderation queue for 留言选登.
"""

from __future__ import annotations

import argparse
import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ValidationFailed
from gongkai.core.importers import cli_file, cli_import, cli_unit
from gongkai.interaction.channels import ChannelKind
from gongkai.interaction.machine import Publication, State
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.services import (
    _event,
    refresh_flags,
    reply_due_on,
    submit_for_publication,
)
from gongkai.org.models import Unit
from gongkai.org.tabular import Table, read_table

REQUIRED = ("编号", "收到时间", "姓名", "电话", "标题", "内容", "是否公开")
ANSWER = ("答复单位", "答复时间", "答复内容")
_YES = {"是", "公开", "同意公开", "y", "yes", "1", "true"}
_NO = {"否", "不公开", "n", "no", "0", "false", ""}


@dataclass
class Row:
    line: int
    ref: str
    received_at: datetime.datetime
    name: str
    phone: str
    title: str
    content: str
    wants_public: bool
    reply_unit: Unit | None = None
    replied_on: datetime.date | None = None
    reply_text: str = ""


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    answered: int = 0
    unchanged: int = 0


def parse_when(raw: str) -> datetime.datetime | None:
    raw = raw.strip().replace("/", "-").replace("T", " ")
    raw = re.sub(r"(\d{4})年(\d{1,2})月(\d{1,2})日", r"\1-\2-\3", raw)
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            naive = datetime.datetime.strptime(raw, fmt)  # noqa: DTZ007 - made aware below
        except ValueError:
            continue
        return timezone.make_aware(naive)
    return None


def find_channel(raw: str) -> Channel | None:
    raw = raw.strip()
    return Channel.objects.filter(Q(slug=raw) | Q(name=raw), kind=ChannelKind.IMPORTED).first()


def parse_rows(table: Table, channel: Channel) -> tuple[list[Row], int]:
    """Every row checked; raises ValidationFailed listing each problem with its line."""
    missing = [h for h in REQUIRED if h not in table.headers]
    if missing:
        raise ValidationFailed(
            [f"第1行（表头）缺少列：{'、'.join(missing)}；表头应包含 {'、'.join(REQUIRED)}"]
        )
    units = {u.name: u for u in Unit.objects.all()} | {u.code: u for u in Unit.objects.all()}
    existing = set(
        Message.objects.filter(channel=channel)
        .exclude(source_ref="")
        .values_list("source_ref", flat=True)
    )
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[str, int] = {}
    unchanged = 0
    today = timezone.localdate()
    for line, v in table.rows:
        here: list[str] = []
        ref = v.get("编号", "").strip().upper()
        if not ref:
            here.append("“编号”不能为空")
        elif not re.fullmatch(r"[A-Z0-9\-_]{1,40}", ref):
            here.append(f"“编号”{ref} 只能包含字母、数字和连字符，最长 40 位")
        elif ref in seen:
            here.append(f"“编号”{ref} 与第{seen[ref]}行重复")
        else:
            seen[ref] = line
        when = parse_when(v.get("收到时间", ""))
        if when is None:
            here.append(
                f"“收到时间”{v.get('收到时间', '')!r} 无法识别，请写成 2024-12-01 或 2024-12-01 09:30"
            )
        elif timezone.localdate(when) > today:
            here.append("“收到时间”晚于今天")
        for col in ("姓名", "标题", "内容"):
            if not v.get(col, "").strip():
                here.append(f"“{col}”不能为空")
        phone = re.sub(r"[^\d+\-]", "", v.get("电话", ""))
        if len(re.sub(r"\D", "", phone)) < 7:
            here.append(f"“电话”{v.get('电话', '')!r} 不是有效的电话号码")
        public_raw = v.get("是否公开", "").strip().lower()
        if public_raw not in _YES | _NO:
            here.append(f"“是否公开”应为“是”或“否”，而不是“{v.get('是否公开', '')}”")
        answer = {h: v.get(h, "").strip() for h in ANSWER}
        reply_unit = None
        replied_on = None
        if any(answer.values()):
            if not all(answer.values()):
                blank = [h for h, x in answer.items() if not x]
                here.append(f"已答复的工单须同时填写{'、'.join(ANSWER)}（缺：{'、'.join(blank)}）")
            else:
                reply_unit = units.get(answer["答复单位"])
                if reply_unit is None:
                    here.append(f"“答复单位”{answer['答复单位']} 不是本平台的机构名称或代码")
                replied = parse_when(answer["答复时间"])
                if replied is None:
                    here.append(f"“答复时间”{answer['答复时间']!r} 无法识别")
                else:
                    replied_on = timezone.localdate(replied)
                    if when is not None and replied_on < timezone.localdate(when):
                        here.append("“答复时间”早于“收到时间”")
        if len(v.get("标题", "")) > 100:
            here.append("“标题”超过 100 个字")
        if here:
            problems.extend(f"第{line}行：{p}" for p in here)
            continue
        if ref in existing:
            unchanged += 1
            continue
        assert when is not None
        rows.append(
            Row(
                line=line,
                ref=ref,
                received_at=when,
                name=v["姓名"].strip(),
                phone=phone,
                title=v["标题"].strip(),
                content=v["内容"].strip(),
                wants_public=public_raw in _YES,
                reply_unit=reply_unit,
                replied_on=replied_on,
                reply_text=answer["答复内容"],
            )
        )
    if problems:
        raise ValidationFailed(problems)
    return rows, unchanged


def messages_import(
    *, channel: Channel, unit: Unit, table: Table, dry_run: bool = False
) -> ImportResult:
    rows, unchanged = parse_rows(table, channel)
    result = ImportResult(unchanged=unchanged)
    if dry_run:
        result.created = [r.ref for r in rows]
        result.answered = sum(1 for r in rows if r.reply_unit)
        return result
    today = timezone.localdate()
    with transaction.atomic():
        for row in rows:
            _create(channel, unit, row, today)
            result.created.append(row.ref)
            result.answered += row.reply_unit is not None
    return result


def _create(channel: Channel, unit: Unit, row: Row, today: datetime.date) -> Message:
    received_on = timezone.localdate(row.received_at)
    due_on = reply_due_on(received_on, channel)
    answered = row.reply_unit is not None and row.replied_on is not None
    message = Message.objects.create(
        tracking_code=f"{channel.slug.upper()}-{row.ref}",
        source_ref=row.ref,
        channel=channel,
        unit=unit,
        name=row.name,
        phone=row.phone,
        title=row.title[:100],
        content=row.content,
        wants_public=row.wants_public,
        received_at=row.received_at,
        received_on=received_on,
        due_on=due_on,
        state=State.REPLIED if answered else State.RECEIVED,
        handling_unit=row.reply_unit if answered else None,
        reply_unit=row.reply_unit if answered else None,
        reply_text=row.reply_text if answered else "",
        replied_on=row.replied_on if answered else None,
        replied_on_time=(row.replied_on <= due_on) if answered and row.replied_on else None,
        publication=Publication.WAITING if row.wants_public else Publication.NOT_CHOSEN,
    )
    _event(message, "import", None, label=f"已收到留言（{channel.name}工单 {row.ref}）")
    if answered:
        _event(message, "send_reply", None)
        submit_for_publication(message)
    refresh_flags(message, today)
    message.save()
    audit_record(
        actor=None,
        actor_label="导入",
        action="interaction.import",
        obj_type="interaction.message",
        obj_id=message.tracking_code,
        obj_label=f"{channel.name}工单 {row.ref}",
        unit=unit,
        after={"state": message.state, "due_on": due_on, "line": row.line},
    )
    return message


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="CSV 或 XLSX 文件（第一行为中文表头）")
    parser.add_argument("--unit", required=True, help="接收工单的机构代码")
    parser.add_argument("--channel", required=True, help="渠道：12345 或 国办转办")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")


def handle(options: dict[str, Any], stdout: Any) -> None:
    unit = cli_unit(options["unit"])
    channel = find_channel(options["channel"])
    if channel is None:
        names = "、".join(
            Channel.objects.filter(kind=ChannelKind.IMPORTED).values_list("name", flat=True)
        )
        raise CommandError(f"渠道“{options['channel']}”不是可导入的渠道；可选：{names}")
    path = cli_file(options["file"])
    with cli_import():
        table = read_table(path)
        result = messages_import(
            channel=channel, unit=unit, table=table, dry_run=options.get("dry_run", False)
        )
    verb = "可导入" if options.get("dry_run") else "已导入"
    stdout.write(
        f"{channel.name} → {unit.name}：{verb} {len(result.created)} 条（其中已答复 "
        f"{result.answered} 条），已存在未变动 {result.unchanged} 条。\n"
    )
