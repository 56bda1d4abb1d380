from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.overview import catalogue_status
from gongkai.catalogue.selectors import catalogue_units_for
from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem


def catalogue_todo(user: User) -> list[TodoItem]:
    if not can(user, Perm.HANDLE):
        return []
    today = timezone.localdate()
    units = list(catalogue_units_for(user)[:50])
    status = catalogue_status(units, today.year, today)
    items = []
    for unit in units:
        flagged = status[unit.pk].flagged
        if flagged:
            items.append(
                TodoItem(
                    "标准目录",
                    f"{unit.name}：未按时限公开的目录事项",
                    flagged,
                    reverse("catalogue_staff:unit", args=[unit.code]),
                    urgent=True,
                )
            )
    return items
