"""The reply deadline of a disclosure request (条例 Art. 33), explained line by line."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.conf import settings

from gongkai import statute
from gongkai.workdays.counting import (
    Count,
    Pause,
    WorkingCalendar,
    add_working_days,
    describe_count,
    fmt_date,
)
from gongkai.workdays.selectors import load_calendar


@dataclass
class ReplyDeadlines:
    received: datetime.date
    reply_deadline: datetime.date
    extended_deadline: datetime.date
    provisional: bool
    explanation: list[str]

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        for key in ("received", "reply_deadline", "extended_deadline"):
            data[key] = data[key].isoformat()
        return data


EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def check_date_range(d: datetime.date, what: str) -> None:
    if not EARLIEST <= d <= LATEST:
        raise ValueError(f"{what} {d} 超出可计算范围（{EARLIEST} 至 {LATEST}），请检查日期")


def validate_pauses(received: datetime.date, pauses: Iterable[Pause]) -> list[Pause]:
    check_date_range(received, "收到申请日期")
    out = sorted(pauses, key=lambda p: p.start)
    for p in out:
        check_date_range(p.start, "暂停开始日期")
        check_date_range(p.end, "暂停结束日期")
    for p in out:
        if p.start < received:
            raise ValueError(
                f"暂停开始日期 {p.start} 早于收到申请日期 {received}：暂停只能在收到申请之后"
            )
    return out


def _provisional_lines(count: Count) -> list[str]:
    if not count.provisional:
        return []
    years = "、".join(str(y) for y in sorted(count.unknown_years))
    return [
        f"注意：{years}年的节假日安排尚未载入本平台日历，该年暂按周一至周五估算（已扣除元旦、"
        "清明、劳动节、国庆等日期固定的法定节假日，春节、端午、中秋及调休未计），"
        "结果为临时结果；国务院办公厅公布安排后，请管理员导入该年度日历，期限将自动重算。"
    ]


def reply_deadlines(
    *,
    received: datetime.date,
    pauses: Iterable[Pause] = (),
    calendar: WorkingCalendar | None = None,
    count_start_day: bool | None = None,
) -> ReplyDeadlines:
    cal = calendar or load_calendar()
    start_counts = settings.GONGKAI_COUNT_START_DAY if count_start_day is None else count_start_day
    pause_list = validate_pauses(received, pauses)
    first = add_working_days(
        cal,
        received,
        statute.REPLY_WORKING_DAYS,
        pauses=pause_list,
        count_start_day=start_counts,
    )
    second = add_working_days(cal, first.end, statute.EXTENSION_MAX_WORKING_DAYS, pauses=pause_list)
    lines = [f"收到申请之日：{fmt_date(received)}。"]
    if start_counts:
        lines.append("按本平台设置，收到申请当日（如为工作日）计入期限。")
    else:
        lines.append(f"收到申请当日不计入，自次日起算（{statute.ARTICLE_START_DAY}）。")
    already: set[datetime.date] = set()
    for p in pause_list:
        why = f"（{p.reason}）" if p.reason else ""
        mine = {d for d in first.paused + second.paused if p.covers(d)} - already
        already |= mine
        n_paused = len(mine)
        lines.append(
            f"暂停计时{why}：{fmt_date(p.start)}至{fmt_date(p.end)}，自暂停当日停止计时、"
            f"结束次日恢复，其间 {n_paused} 天不计入（{statute.ARTICLE_PAUSE}）。"
        )
    lines.extend(describe_count(first))
    lines.append(
        f"答复期限：第 {statute.REPLY_WORKING_DAYS} 个工作日为 {fmt_date(first.end)}"
        f"（{statute.ARTICLE_REPLY}）。"
    )
    lines.extend(describe_count(second))
    lines.append(
        f"延长答复期限：经政府信息公开工作机构负责人同意并告知申请人，最长可延长 "
        f"{statute.EXTENSION_MAX_WORKING_DAYS} 个工作日，自答复期限次日起再计 "
        f"{statute.EXTENSION_MAX_WORKING_DAYS} 个工作日，为 {fmt_date(second.end)}"
        f"（{statute.ARTICLE_REPLY}）。"
    )
    merged = Count(start=received, n=0, end=second.end)
    merged.unknown_years = first.unknown_years | second.unknown_years
    lines.extend(_provisional_lines(merged))
    return ReplyDeadlines(
        received=received,
        reply_deadline=first.end,
        extended_deadline=second.end,
        provisional=merged.provisional,
        explanation=lines,
    )


def parse_pause(text: str) -> Pause:
    """``START:END`` (ISO dates) as given on the command line or in a form."""
    parts = text.strip().split(":")
    if len(parts) != 2:
        raise ValueError(
            f"暂停区间“{text}”格式不对：请写成 开始日期:结束日期，如 2024-10-08:2024-10-10"
        )
    try:
        start = datetime.date.fromisoformat(parts[0].strip())
        end = datetime.date.fromisoformat(parts[1].strip())
    except ValueError as exc:
        raise ValueError(f"暂停区间“{text}”中的日期无法识别：请写成 YYYY-MM-DD") from exc
    return Pause(start=start, end=end)
