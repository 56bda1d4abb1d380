"""Does the catalogue keep its promises? Each item's 公开时限 against what was published.

The time limit is parsed once (``workdays.phrases``) and checked on the project's working-day
calendar. An item is checked through its links (``ItemLink``): the public records that fulfil
it. The reading, stated in docs/decisions/0015:

- "信息形成（或变更）之日起N个工作日内" (``WORKDAYS_AFTER``): **late** when a linked record was
  published later than N working days after the day it was formed (its 成文日期); **overdue**
  when nothing at all has been published under the item N working days after the catalogue
  version took effect (the promise is empty).
- "每年3月31日前" (``ANNUAL``) and a date in the year ("6月30日前", ``DATE``): **overdue** once
  this year's day has passed with nothing published under the item since 1 January.
- "实时", "及时", "长期公开" (``PROMPT``/``ALL_YEAR``): no day to count from, so the general rule of
  条例 Art. 26 applies: **overdue** when nothing has been published under the item 20 working
  days after the catalogue version took effect.
- An item without links cannot be checked (**unlinked**); a time limit the parser does not
  know is shown as written (**unknown**) and never guessed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop

from gongkai import statute
from gongkai.catalogue.links import LinkedRecord, link_kind
from gongkai.catalogue.models import Catalogue, CatalogueItem
from gongkai.formats import long_date
from gongkai.workdays.counting import WorkingCalendar, add_working_days
from gongkai.workdays.phrases import DeadlineKind, parse_deadline
from gongkai.workdays.selectors import load_calendar

OK, LATE, OVERDUE, UNLINKED, UNKNOWN, NOT_YET = (
    "ok",
    "late",
    "overdue",
    "unlinked",
    "unknown",
    "not_yet",
)
STATUS_LABELS = {
    OK: gettext_noop("按时"),
    LATE: gettext_noop("公开迟于时限"),
    OVERDUE: gettext_noop("逾期未公开"),
    UNLINKED: gettext_noop("未关联具体信息"),
    UNKNOWN: gettext_noop("时限无法识别"),
    NOT_YET: gettext_noop("未到期"),
}
RECORDS_PER_LINK = 50


@dataclass(frozen=True)
class ItemCheck:
    item: CatalogueItem
    status: str
    due: datetime.date | None
    reason: str
    records: tuple[LinkedRecord, ...] = ()

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def flagged(self) -> bool:
        return self.status in (LATE, OVERDUE)


def item_records(item: CatalogueItem, limit: int = RECORDS_PER_LINK) -> list[LinkedRecord]:
    """The public records linked to the item, newest first, each once."""
    seen: dict[str, LinkedRecord] = {}
    for lk in item.links.all():
        kind = link_kind(lk.kind)
        if kind is None:
            continue
        for r in kind.records(item.catalogue.unit, lk.value, limit):
            seen.setdefault(r.url, r)
    return sorted(seen.values(), key=lambda r: r.published_on or datetime.date.min, reverse=True)[
        :limit
    ]


def _workdays(cal: WorkingCalendar, start: datetime.date, n: int) -> datetime.date:
    return add_working_days(cal, start, n).end


def check_item(
    item: CatalogueItem, today: datetime.date, cal: WorkingCalendar | None = None
) -> ItemCheck:
    cal = cal or load_calendar()
    catalogue: Catalogue = item.catalogue
    start = catalogue.effective_on or today
    records = tuple(item_records(item))
    deadline = parse_deadline(item.time_limit)
    if deadline is None:
        return ItemCheck(
            item,
            UNKNOWN,
            None,
            gettext("“%(limit)s”无法识别，请人工核对") % {"limit": item.time_limit},
            records,
        )
    if not item.links.exists():
        return ItemCheck(
            item, UNLINKED, None, gettext("尚未关联主题、事项或栏目，无法核对"), records
        )
    published = [r for r in records if r.published_on is not None]
    if deadline.kind == DeadlineKind.WORKDAYS_AFTER and deadline.count:
        for r in published:
            if r.formed_on and r.published_on:
                due = _workdays(cal, r.formed_on, deadline.count)
                if r.published_on > due:
                    return ItemCheck(
                        item,
                        LATE,
                        due,
                        # the record itself is listed beside the check (its title is content)
                        gettext("有一条信息%(formed)s形成，%(published)s公开，晚于时限（%(due)s）")
                        % {
                            "formed": long_date(r.formed_on),
                            "published": long_date(r.published_on),
                            "due": long_date(due),
                        },
                        records,
                    )
        return _nothing_since(item, start, deadline.count, published, today, cal, records)
    if deadline.kind in (DeadlineKind.ANNUAL, DeadlineKind.DATE):
        due_date = deadline.date_in(today.year)
        if due_date is None:
            return ItemCheck(
                item,
                UNKNOWN,
                None,
                gettext("“%(limit)s”无法换算为日期") % {"limit": item.time_limit},
                records,
            )
        this_year = [r for r in published if r.published_on and r.published_on.year == today.year]
        if this_year:
            return ItemCheck(
                item, OK, due_date, gettext("本年已公开 %(n)s 条") % {"n": len(this_year)}, records
            )
        if today > due_date and due_date >= start:
            return ItemCheck(
                item,
                OVERDUE,
                due_date,
                gettext("已过%(due)s，本年尚未公开") % {"due": long_date(due_date)},
                records,
            )
        return ItemCheck(
            item,
            NOT_YET,
            due_date,
            gettext("应于%(due)s前公开") % {"due": long_date(due_date)},
            records,
        )
    # PROMPT / ALL_YEAR / DAYS_AFTER: the general 20 working days of 条例 Art. 26
    return _nothing_since(
        item, start, statute.PROACTIVE_PUBLISH_WORKING_DAYS, published, today, cal, records
    )


def _nothing_since(
    item: CatalogueItem,
    start: datetime.date,
    n: int,
    published: list[LinkedRecord],
    today: datetime.date,
    cal: WorkingCalendar,
    records: tuple[LinkedRecord, ...],
) -> ItemCheck:
    if published:
        return ItemCheck(
            item, OK, None, gettext("已公开 %(n)s 条") % {"n": len(published)}, records
        )
    due = _workdays(cal, start, n)
    if today > due:
        return ItemCheck(
            item,
            OVERDUE,
            due,
            gettext("目录自%(start)s生效，%(n)s个工作日内（至%(due)s）没有公开任何信息")
            % {"start": long_date(start), "n": n, "due": long_date(due)},
            records,
        )
    return ItemCheck(
        item, NOT_YET, due, gettext("应于%(due)s前公开") % {"due": long_date(due)}, records
    )


def check_catalogue(catalogue: Catalogue, today: datetime.date) -> list[ItemCheck]:
    cal = load_calendar()
    items = catalogue.items.select_related("catalogue__unit").prefetch_related("links")
    return [check_item(i, today, cal) for i in items]
