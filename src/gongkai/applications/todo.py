"""The clerk's to-do list entries for disclosure requests (workbench.todo)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.machine import State
from gongkai.applications.models import Application
from gongkai.applications.selectors import applications_visible_to
from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem

GROUP = "依申请公开"


def applications_todo(user: User) -> list[TodoItem]:
    if not can(user, Perm.VIEW_APPLICATIONS):
        return []
    qs = applications_visible_to(user)
    base = reverse("applications:list")
    today = timezone.localdate().isoformat()
    rows = [
        ("待登记", qs.filter(state=State.RECEIVED), "state=received", False),
        ("待申请人补正", qs.filter(state=State.CORRECTION), "state=correction", False),
        ("即将到期", qs.filter(due_soon=True), "flag=due_soon", True),
        ("已超期", qs.filter(overdue=True), "flag=overdue", True),
        ("待审批答复", qs.filter(state=State.DRAFTED), "state=drafted", False),
        (
            "待转主动公开",
            qs.filter(convert_suggested=True, convert_decided="", replied_on__isnull=False),
            "flag=convert",
            False,
        ),
    ]
    items = []
    late = _consultations_overdue(qs.filter(state=State.CONSULTING), today)
    if late:
        items.append(TodoItem(GROUP, "征求意见已超期", late, f"{base}?state=consulting", True))
    for label, rows_qs, query, urgent in rows:
        n = rows_qs.count()
        if n:
            items.append(TodoItem(GROUP, label, n, f"{base}?{query}", urgent))
    return items


def _consultations_overdue(qs: QuerySet[Application], today: str) -> int:
    n = 0
    for app in qs:
        last = app.events.filter(kind="start_consultation").order_by("-seq").first()
        if last is not None and str(last.data.get("reply_by", "")) < today:
            n += 1
    return n
