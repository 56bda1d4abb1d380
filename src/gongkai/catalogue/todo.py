from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from gongkai.catalogue.checks import check_catalogue
from gongkai.catalogue.selectors import catalogue_units_for, public_catalogue
from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem


def catalogue_todo(user: User) -> list[TodoItem]:
    if not can(user, Perm.HANDLE):
        return []
    today = timezone.localdate()
    items = []
    for unit in catalogue_units_for(user)[:50]:
        current = public_catalogue(unit.code)
        if current is None:
            continue
        flagged = [c for c in check_catalogue(current, today) if c.flagged]
        if flagged:
            items.append(
                TodoItem(
                    "标准目录",
                    f"{unit.name}：未按时限公开的目录事项",
                    len(flagged),
                    reverse("catalogue_staff:unit", args=[unit.code]),
                    urgent=True,
                )
            )
    return items
