"""The reply clock of one case, derived from its event history on the working-day calendar.

Pure functions over ``ClockEvent``s (no database), so the rules can be tested on random calendars
and event sequences. The rules:

- the period is 20 working days (条例 Art. 33 ¶1) from the receipt date (Art. 31), counted from
  the next day (民法典 Art. 201) unless the start-day setting says otherwise;
- after a correction notice, the period runs from the day the corrected application is
  received (Art. 30);
- consultation of third parties or other agencies is not counted (Art. 32, 33 ¶2): a pause from
  the day the consultation starts to the day it ends (the clock restarts the day after);
- the fee payment window is not counted either (setting ``GONGKAI_FEE_WINDOW_PAUSES_CLOCK``,
  default on; reference §4);
- an approved extension adds at most 20 working days after the original deadline, once (Art. 33);
- for an excessive request, the agency's stated later date replaces the deadline (Art. 35).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai import statute
from gongkai.workdays.counting import (
    Pause,
    WorkingCalendar,
    add_working_days,
    describe_count,
    fmt_date,
)

ART = "《政府信息公开条例》"


@dataclass(frozen=True)
class ClockEvent:
    kind: str
    on: datetime.date
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Clock:
    base: datetime.date  # the day the period runs from
    due: datetime.date
    original_due: datetime.date
    extension_days: int
    paused: bool  # a pause is still open (consultation or fee window)
    provisional: bool
    correction_notice_by: datetime.date  # Art. 30: latest day to send the correction notice
    lines: list[str]
    pauses: list[Pause]


def correction_notice_deadline(
    calendar: WorkingCalendar, received: datetime.date, *, count_start_day: bool = False
) -> datetime.date:
    """The 7th working day after receipt: the last day for the one correction notice (Art. 30)."""
    return add_working_days(
        calendar, received, statute.CORRECTION_NOTICE_WORKING_DAYS, count_start_day=count_start_day
    ).end


def compute_clock(
    events: Sequence[ClockEvent],
    calendar: WorkingCalendar,
    *,
    today: datetime.date,
    count_start_day: bool = False,
    fee_window_pauses: bool = True,
) -> Clock:
    received = next((e.on for e in events if e.kind == "received"), None)
    if received is None:
        raise ValueError("办理记录中没有收到申请的记录，无法计算期限")
    lines = [f"收到申请之日：{fmt_date(received)}（{ART}第三十一条）。"]
    base = received
    pauses: list[Pause] = []
    open_pause: tuple[datetime.date, str] | None = None
    extension_days = 0
    later_date: datetime.date | None = None
    for e in events:
        if e.kind == "receive_correction":
            base = e.on
            pauses = []  # the period starts afresh (Art. 30); earlier pauses no longer matter
            open_pause = None
            lines.append(
                f"收到补正后的申请：{fmt_date(e.on)}，答复期限自该日起重新计算（{ART}第三十条）。"
            )
        elif e.kind == "start_consultation":
            open_pause = (e.on, str(e.data.get("party_label") or "征求意见"))
        elif e.kind == "end_consultation" and open_pause is not None:
            pauses.append(Pause(max(open_pause[0], base), max(e.on, base), open_pause[1]))
            open_pause = None
        elif e.kind == "fee_notice" and fee_window_pauses:
            open_pause = (e.on, "收费通知缴费期间")
        elif e.kind == "fee_paid" and open_pause is not None:
            pauses.append(Pause(max(open_pause[0], base), max(e.on, base), open_pause[1]))
            open_pause = None
        elif e.kind == "extend":
            extension_days = int(e.data.get("days", statute.EXTENSION_MAX_WORKING_DAYS))
        elif e.kind == "set_later_date":
            later_date = datetime.date.fromisoformat(str(e.data["later_date"]))
    effective = list(pauses)
    running: Pause | None = None
    if open_pause is not None:
        start = max(open_pause[0], base)
        running = Pause(start, max(today, start), open_pause[1])
        effective.append(running)
    if count_start_day:
        lines.append("按本平台设置，起算日（如为工作日）计入期限。")
    else:
        lines.append("起算日当日不计入，自次日起算（《民法典》第二百零一条）。")
    first = add_working_days(
        calendar,
        base,
        statute.REPLY_WORKING_DAYS,
        pauses=effective,
        count_start_day=count_start_day,
    )
    for p in effective:
        n_paused = sum(1 for d in first.paused if p.covers(d))
        still = "（尚未结束，暂按至今日计算）" if p is running else ""
        lines.append(
            f"暂停计时（{p.reason}）：{fmt_date(p.start)}至{fmt_date(p.end)}{still}，"
            f"其间 {n_paused} 天不计入（{ART}第三十三条第二款）。"
        )
    lines.extend(describe_count(first))
    lines.append(
        f"答复期限：第 {statute.REPLY_WORKING_DAYS} 个工作日为 {fmt_date(first.end)}"
        f"（{ART}第三十三条第一款）。"
    )
    due = first.end
    provisional = first.provisional
    if extension_days:
        second = add_working_days(calendar, first.end, extension_days, pauses=effective)
        lines.extend(describe_count(second))
        lines.append(
            f"经负责人批准延期 {extension_days} 个工作日并告知申请人，"
            f"延长后的答复期限为 {fmt_date(second.end)}（{ART}第三十三条第一款）。"
        )
        due = second.end
        provisional = provisional or second.provisional
    if later_date is not None:
        lines.append(
            f"申请数量、频次明显超过合理范围，本机关确定延后答复日期为 {fmt_date(later_date)}，"
            f"并已告知申请人（{ART}第三十五条）。"
        )
        due = later_date
    if provisional:
        lines.append(
            "注意：期限涉及的年份节假日安排尚未载入本平台日历，暂按周一至周五估算（已扣除元旦、"
            "清明、劳动节、国庆等日期固定的法定节假日，春节、端午、中秋及调休未计），为临时结果；"
            "日历载入后将自动重算。"
        )
    return Clock(
        base=base,
        due=due,
        original_due=first.end,
        extension_days=extension_days,
        paused=open_pause is not None,
        provisional=provisional,
        correction_notice_by=correction_notice_deadline(
            calendar, received, count_start_day=count_start_day
        ),
        lines=lines,
        pauses=effective,
    )
