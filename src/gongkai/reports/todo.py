"""To-do items: the statutory deadlines of the annual report (条例 Art. 49) and, for a
supervisor, which units below have not published yet."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.reports.assemble import deadline_for
from gongkai.reports.models import ReportState
from gongkai.reports.selectors import report_units_visible_to, reports_visible_to
from gongkai.workbench.todo import TodoItem


def reports_todo(user: User) -> list[TodoItem]:
    if not can(user, Perm.EDIT_REPORTS):
        return []
    today = timezone.localdate()
    year = today.year - 1
    units = list(report_units_visible_to(user))
    if not units:
        return []
    published = set(
        reports_visible_to(user)
        .filter(year=year, state=ReportState.PUBLISHED)
        .values_list("unit_id", flat=True)
    )
    items = []
    for unit in units:
        if unit.pk in published:
            continue
        due = deadline_for(unit, year)
        days = (due - today).days
        label = f"{unit.display_name}{year}年度报告未发布，应于{due:%Y年%-m月%-d日}前发布"
        if days < 0:
            label += f"（已逾期 {-days} 天）"
        url = reverse("reports:detail", args=[unit.code, year])
        items.append(TodoItem("年度报告", label, 1, url, urgent=days <= 14))
    return items
