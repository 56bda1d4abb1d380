"""The reply deadline of a disclosure request (条例 Art. 33), explained line by line."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from gongkai import statute
from gongkai.formats import long_date
from gongkai.workdays.counting import (
    WEEKDAYS_ZH,
    Count,
    DayInfo,
    Pause,
    WorkingCalendar,
    add_working_days,
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


# The explanation is shown to the public in their language (the deadline calculator): its
# sentences, the weekdays, the articles cited and the holidays' names go through gettext.
# (applications.clock keeps counting.fmt_date / describe_count: its lines are the case's record.)
MSGIDS = (
    gettext_noop("星期一"),
    gettext_noop("星期二"),
    gettext_noop("星期三"),
    gettext_noop("星期四"),
    gettext_noop("星期五"),
    gettext_noop("星期六"),
    gettext_noop("星期日"),
    gettext_noop("元旦"),
    gettext_noop("春节"),
    gettext_noop("清明节"),
    gettext_noop("劳动节"),
    gettext_noop("端午节"),
    gettext_noop("中秋节"),
    gettext_noop("国庆节"),
)  # counting.WEEKDAYS_ZH and the holidays' names
gettext_noop("《政府信息公开条例》第三十三条第一款")  # statute.ARTICLE_REPLY
gettext_noop("《政府信息公开条例》第三十三条第二款")  # statute.ARTICLE_PAUSE
gettext_noop("《民法典》第二百零一条")  # statute.ARTICLE_START_DAY


def fmt_date(d: datetime.date) -> str:
    return gettext("%(date)s（%(weekday)s）") % {
        "date": long_date(d),
        "weekday": gettext(WEEKDAYS_ZH[d.weekday()]),
    }


def _runs(days: list[tuple[datetime.date, DayInfo]]) -> list[list[tuple[datetime.date, DayInfo]]]:
    runs: list[list[tuple[datetime.date, DayInfo]]] = []
    for d, info in days:
        if runs and (d - runs[-1][-1][0]).days == 1 and runs[-1][-1][1].reason == info.reason:
            runs[-1].append((d, info))
        else:
            runs.append([(d, info)])
    return runs


def describe_count(count: Count) -> list[str]:
    """counting.describe_count in the visitor's language."""
    dated: list[tuple[datetime.date, str]] = []
    holidays = [(d, i) for d, i in count.skipped if i.kind == "holiday"]
    for run in _runs(holidays):
        first, last = run[0][0], run[-1][0]
        reason = gettext(run[0][1].reason) if run[0][1].reason else gettext("法定节假日")
        span = (
            fmt_date(first)
            if first == last
            else gettext("%(first)s至%(last)s") % {"first": fmt_date(first), "last": fmt_date(last)}
        )
        dated.append(
            (
                first,
                gettext("%(span)s：%(reason)s放假，不计入。") % {"span": span, "reason": reason},
            )
        )
    for d, info in count.notable_working:
        if info.reason:
            line = gettext("%(day)s：%(reason)s调休上班，计为工作日。") % {
                "day": fmt_date(d),
                "reason": gettext(info.reason),
            }
        else:
            line = gettext("%(day)s：调休上班，计为工作日。") % {"day": fmt_date(d)}
        dated.append((d, line))
    lines = [line for _, line in sorted(dated)]
    weekends = sum(1 for _, i in count.skipped if i.kind == "weekend")
    if weekends:
        lines.append(gettext("期间另有周末休息日 %(n)s 天，不计入。") % {"n": weekends})
    return lines


def _provisional_lines(count: Count) -> list[str]:
    if not count.provisional:
        return []
    years = "、".join(str(y) for y in sorted(count.unknown_years))
    return [
        gettext(
            "注意：%(years)s年的节假日安排尚未载入本平台日历，该年暂按周一至周五估算（已扣除元旦、"
            "清明、劳动节、国庆等日期固定的法定节假日，春节、端午、中秋及调休未计），"
            "结果为临时结果；国务院办公厅公布安排后，请管理员导入该年度日历，期限将自动重算。"
        )
        % {"years": years}
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
    lines = [gettext("收到申请之日：%(day)s。") % {"day": fmt_date(received)}]
    if start_counts:
        lines.append(gettext("按本平台设置，收到申请当日（如为工作日）计入期限。"))
    else:
        lines.append(
            gettext("收到申请当日不计入，自次日起算（%(article)s）。")
            % {"article": gettext(statute.ARTICLE_START_DAY)}
        )
    already: set[datetime.date] = set()
    for p in pause_list:
        why = f"（{p.reason}）" if p.reason else ""
        mine = {d for d in first.paused + second.paused if p.covers(d)} - already
        already |= mine
        n_paused = len(mine)
        lines.append(
            gettext(
                "暂停计时%(why)s：%(start)s至%(end)s，自暂停当日停止计时、"
                "结束次日恢复，其间 %(n)s 天不计入（%(article)s）。"
            )
            % {
                "why": why,
                "start": fmt_date(p.start),
                "end": fmt_date(p.end),
                "n": n_paused,
                "article": gettext(statute.ARTICLE_PAUSE),
            }
        )
    lines.extend(describe_count(first))
    lines.append(
        gettext("答复期限：第 %(n)s 个工作日为 %(day)s（%(article)s）。")
        % {
            "n": statute.REPLY_WORKING_DAYS,
            "day": fmt_date(first.end),
            "article": gettext(statute.ARTICLE_REPLY),
        }
    )
    lines.extend(describe_count(second))
    lines.append(
        gettext(
            "延长答复期限：经政府信息公开工作机构负责人同意并告知申请人，最长可延长 "
            "%(n)s 个工作日，自答复期限次日起再计 %(n)s 个工作日，为 %(day)s（%(article)s）。"
        )
        % {
            "n": statute.EXTENSION_MAX_WORKING_DAYS,
            "day": fmt_date(second.end),
            "article": gettext(statute.ARTICLE_REPLY),
        }
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
