"""Deadline phrases as people write them in plans, catalogues and columns, parsed once.

Work plans, standard catalogues, thematic columns and participation items all carry deadlines
written in words: ``全年``, ``3月底前``, ``6月30日前``, ``9月30前`` (a common slip for 9月30日前),
``8月``, ``上半年``, ``第三季度``, ``每年3月31日前``, ``信息形成之日起20个工作日内``, ``实时``.
``parse_deadline`` turns one such cell into a typed ``Deadline``; ``find_deadlines`` finds the
phrases inside free text (a task written as a sentence, as seed 004 does).

A ``Deadline`` is one of:

- ``DATE``: a day in the plan's year (or in the year written, ``2023年6月30日前``);
  ``date_in(year)`` gives it. A month alone (``8月``) or a period (``上半年``, ``第三季度``)
  is due on the period's last day; ``window_in(year)`` gives the whole period.
- ``ALL_YEAR``: 全年 / 全年持续推进 / 长期 / 常态化: no single date; the work runs all year.
- ``ANNUAL``: 每年3月31日前: the same day every year.
- ``WORKDAYS_AFTER``: N working days after an event (信息形成之日起20个工作日内); ``due_after``
  counts on the project's working-day calendar (``workdays.counting``), never Monday-Friday.
- ``DAYS_AFTER``: N calendar days after an event (作出答复后的30日内).
- ``PROMPT``: 实时 / 及时 / 随时: no date, to be done as soon as the event happens.

``parse_deadline`` returns ``None`` for text it does not recognise; callers keep the text as
written and treat the deadline as unknown (never guess).
"""

from __future__ import annotations

import calendar as _pycal
import datetime
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum

from django.conf import settings

from gongkai.workdays.counting import Count, WorkingCalendar, add_working_days


class DeadlineKind(StrEnum):
    DATE = "date"
    ALL_YEAR = "all_year"
    ANNUAL = "annual"
    WORKDAYS_AFTER = "workdays_after"
    DAYS_AFTER = "days_after"
    PROMPT = "prompt"


KIND_LABELS = {
    DeadlineKind.DATE: "日期",
    DeadlineKind.ALL_YEAR: "全年",
    DeadlineKind.ANNUAL: "每年",
    DeadlineKind.WORKDAYS_AFTER: "事件后若干工作日",
    DeadlineKind.DAYS_AFTER: "事件后若干日",
    DeadlineKind.PROMPT: "及时",
}


@dataclass(frozen=True)
class Deadline:
    """One parsed deadline phrase. ``written`` is the phrase as it appeared."""

    written: str
    kind: DeadlineKind
    month: int | None = None  # DATE, ANNUAL
    day: int | None = None  # DATE, ANNUAL
    year: int | None = None  # DATE when the year is written (2023年6月30日前)
    start_month: int | None = None  # DATE: first month of the period (8月 → 8, 上半年 → 1)
    count: int | None = None  # WORKDAYS_AFTER, DAYS_AFTER
    event: str = ""  # WORKDAYS_AFTER, DAYS_AFTER: what the count starts from, as written

    @property
    def is_dated(self) -> bool:
        """True when the deadline names a day of the year (DATE or ANNUAL)."""
        return self.kind in (DeadlineKind.DATE, DeadlineKind.ANNUAL)

    def date_in(self, year: int) -> datetime.date | None:
        """The due day in ``year`` (the written year wins for DATE); None when not dated."""
        if not self.is_dated:
            return None
        assert self.month is not None
        assert self.day is not None
        y = self.year if (self.kind == DeadlineKind.DATE and self.year) else year
        return datetime.date(y, self.month, min(self.day, _pycal.monthrange(y, self.month)[1]))

    def window_in(self, year: int) -> tuple[datetime.date, datetime.date] | None:
        """First and last day of the period a DATE covers (``8月`` → 1 to 31 August;
        ``6月30日前`` → 1 January to 30 June)."""
        end = self.date_in(year)
        if end is None or self.kind != DeadlineKind.DATE:
            return None
        return datetime.date(end.year, self.start_month or 1, 1), end

    def due_after(
        self, event_date: datetime.date, *, calendar: WorkingCalendar | None = None
    ) -> Count | None:
        """For WORKDAYS_AFTER / DAYS_AFTER: the count from ``event_date``; None otherwise.

        Working days are counted on the project's calendar; the event day itself is not
        counted (民法典 Art. 201) unless ``GONGKAI_COUNT_START_DAY`` says otherwise."""
        assert self.count is not None or self.kind not in (
            DeadlineKind.WORKDAYS_AFTER,
            DeadlineKind.DAYS_AFTER,
        )
        if self.kind == DeadlineKind.WORKDAYS_AFTER:
            assert self.count is not None
            if calendar is None:
                from gongkai.workdays.selectors import load_calendar

                calendar = load_calendar()
            return add_working_days(
                calendar,
                event_date,
                self.count,
                count_start_day=settings.GONGKAI_COUNT_START_DAY,
            )
        if self.kind == DeadlineKind.DAYS_AFTER:
            assert self.count is not None
            end = event_date + datetime.timedelta(days=self.count)
            return Count(start=event_date, n=self.count, end=end)
        return None

    def resolve(
        self,
        year: int,
        *,
        event_date: datetime.date | None = None,
        calendar: WorkingCalendar | None = None,
    ) -> datetime.date | None:
        """The due date for a plan of ``year``: a dated deadline's day, or the end of a count
        from ``event_date``; None for all-year, prompt, or a count without its event."""
        if self.is_dated:
            return self.date_in(year)
        if event_date is not None:
            counted = self.due_after(event_date, calendar=calendar)
            return counted.end if counted else None
        return None

    def describe(self) -> str:
        """A short Chinese description of what was understood."""
        k = self.kind
        if k == DeadlineKind.DATE:
            y = f"{self.year}年" if self.year else ""
            return f"{y}{self.month}月{self.day}日前"
        if k == DeadlineKind.ANNUAL:
            return f"每年{self.month}月{self.day}日前"
        if k == DeadlineKind.WORKDAYS_AFTER:
            return f"{self.event or '事件发生'}后{self.count}个工作日内"
        if k == DeadlineKind.DAYS_AFTER:
            return f"{self.event or '事件发生'}后{self.count}日内"
        return KIND_LABELS[k]


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """'20' / '二十' / '十二' / '三十一' → int (up to 99); None when not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 0) if tens else 1
        if tens and tens not in _CN_DIGITS:
            return None
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        if ones and ones not in _CN_DIGITS:
            return None
        return t * 10 + o
    if len(text) == 1:
        return _CN_DIGITS[text]
    return None


_NUM = r"[0-9]{1,4}|[零〇一二两三四五六七八九十]{1,3}"
_BEFORE = r"(?:日)?(?:之前|以前|前|底前|底|末|止)?"

_ALL_YEAR_WORDS = (
    "全年持续推进",
    "全年持续",
    "全年",
    "长期坚持",
    "长期",
    "持续推进",
    "常态化",
    "日常",
    "年内持续推进",
)
_PROMPT_WORDS = ("实时", "及时", "随时", "即时")

_PERIODS: dict[str, tuple[int, int, int]] = {  # phrase → (start month, month, day)
    "上半年": (1, 6, 30),
    "下半年": (7, 12, 31),
    "年中": (1, 6, 30),
    "年底前": (1, 12, 31),
    "年底": (1, 12, 31),
    "年末": (1, 12, 31),
    "年内": (1, 12, 31),
    "第一季度": (1, 3, 31),
    "一季度": (1, 3, 31),
    "第二季度": (4, 6, 30),
    "二季度": (4, 6, 30),
    "第三季度": (7, 9, 30),
    "三季度": (7, 9, 30),
    "第四季度": (10, 12, 31),
    "四季度": (10, 12, 31),
}

_RE_ANNUAL = re.compile(
    rf"每年(?P<m>{_NUM})月(?:(?P<d>{_NUM})日?)?(?P<end>底|末)?(?:之前|以前|前)?"
)
_RE_DATE = re.compile(
    rf"(?:(?P<y>\d{{4}})年)?(?P<m>{_NUM})月(?:(?P<d>{_NUM})(?:日|号)?)?(?P<end>底|末|中旬|上旬|下旬)?"
    r"(?P<before>之前|以前|前)?"
)
_RE_WORKDAYS = re.compile(
    rf"(?:(?P<event>[^，。；,;（）()]{{0,30}}?)(?:之日|之时|后)?起?)?(?P<n>{_NUM})个?工作日(?:内|之内|以内)"
)
_RE_DAYS = re.compile(
    rf"(?:(?P<event>[^，。；,;（）()]{{0,30}}?)(?:之日|后的|后)?起?)?(?P<n>{_NUM})(?:个自然日|日|天)(?:内|之内|以内)"
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text)


def _clean_event(event: str | None) -> str:
    if not event:
        return ""
    event = re.sub(r"^(?:在|于|自|从|应在|应于|要在|须在|需在)", "", event)
    event = re.sub(r"(?:之日|之时|后的|后|起|之日起)+$", "", event)
    return event


def _valid(month: int | None, day: int | None) -> bool:
    if month is None or not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def _date_from(m: re.Match[str]) -> Deadline | None:
    month = cn_number(m.group("m"))
    day = cn_number(m.group("d")) if m.group("d") else None
    if not _valid(month, day):
        return None
    assert month is not None
    year = int(m.group("y")) if m.groupdict().get("y") else None
    end = m.group("end") or ""
    if day is None:
        last = {"上旬": 10, "中旬": 20}.get(end, 31)  # month alone / 底 / 末 / 下旬: last day
        # "8月" alone is the month of August; "3月底前" is any time up to the end of March.
        alone = not end and not m.groupdict().get("before")
        return Deadline(m.group(0), DeadlineKind.DATE, month, last, year, month if alone else None)
    return Deadline(m.group(0), DeadlineKind.DATE, month, day, year, None)


def parse_deadline(text: str) -> Deadline | None:
    """Parse one deadline cell (the whole text is the phrase, give or take 完成/前 wording)."""
    raw = (text or "").strip()
    s = _normalise(raw)
    s = re.sub(r"^(?:完成时限|时间节点|完成时间)[:：]", "", s)
    s = re.sub(r"^(?:在|于|应在|应于|要在|需在|须在)", "", s)
    s = re.sub(r"(?:完成|办结|完毕|落实|结束|为止)$", "", s)
    if not s:
        return None
    if s in _ALL_YEAR_WORDS or re.fullmatch(r"(?:\d{4}年)?全年.{0,6}", s):
        return Deadline(raw, DeadlineKind.ALL_YEAR)
    if s in _PROMPT_WORDS or re.fullmatch(r"(?:实时|及时|随时|即时).{0,6}", s):
        return Deadline(raw, DeadlineKind.PROMPT)
    for phrase, (p_start, p_month, p_day) in _PERIODS.items():
        if re.fullmatch(rf"(?:(\d{{4}})年)?{phrase}(?:之前|以前|前|内)?", s):
            y = re.match(r"\d{4}", s)
            return Deadline(
                raw, DeadlineKind.DATE, p_month, p_day, int(y.group(0)) if y else None, p_start
            )
    m = _RE_ANNUAL.fullmatch(s)
    if m:
        a_month = cn_number(m.group("m"))
        a_day = cn_number(m.group("d")) if m.group("d") else None
        if a_month is None or not _valid(a_month, a_day):
            return None
        if a_day is None:
            a_day = _pycal.monthrange(2001, a_month)[1]  # a month's end, in a non-leap year
        return Deadline(raw, DeadlineKind.ANNUAL, a_month, a_day)
    m = _RE_DATE.fullmatch(s)
    if m:
        found = _date_from(m)
        return replace(found, written=raw) if found else None
    m = _RE_WORKDAYS.fullmatch(s)
    if m:
        n = cn_number(m.group("n"))
        if n is None:
            return None
        return Deadline(raw, DeadlineKind.WORKDAYS_AFTER, count=n, event=_clean_event(m["event"]))
    m = _RE_DAYS.fullmatch(s)
    if m:
        n = cn_number(m.group("n"))
        if n is None:
            return None
        return Deadline(raw, DeadlineKind.DAYS_AFTER, count=n, event=_clean_event(m["event"]))
    return None


_RE_FIND_DATE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?P<m>1[0-2]|[1-9])月(?:(?P<d>[12][0-9]|3[01]|[1-9])(?:日|号)?)?"
    r"(?P<end>底|末)?(?P<before>之前|以前|前)"
)
_RE_FIND_PERIOD = re.compile(r"(年底前|年底|上半年|下半年|第[一二三四]季度)(?:之前|以前|前)?")


def find_deadlines(text: str) -> list[Deadline]:
    """Dated deadlines written inside free text, in order (``于6月30日前完成…，于9月30前完成…``).

    Only phrases that say "by" (前 / 底 / 年底) are taken, so a date that merely appears in
    the text (``4月20日印发``) is not mistaken for a deadline."""
    s = _normalise(text)
    found: list[tuple[int, Deadline]] = []
    for m in _RE_FIND_DATE.finditer(s):
        if m.group("d") is None and not m.group("end"):
            continue  # "6月前" alone is too vague to read as a day
        d = _date_from(m)
        if d:
            found.append((m.start(), d))
    for m in _RE_FIND_PERIOD.finditer(s):
        start, month, day = _PERIODS[m.group(1)]
        found.append((m.start(), Deadline(m.group(0), DeadlineKind.DATE, month, day, None, start)))
    return [d for _, d in sorted(found, key=lambda p: p[0])]
