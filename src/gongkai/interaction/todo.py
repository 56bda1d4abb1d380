from __future__ import annotations

from django.urls import reverse

from gongkai.interaction.selectors import todo_counts
from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem

GROUP = "政民互动"


def interaction_todo(user: User) -> list[TodoItem]:
    if not (can(user, Perm.HANDLE) or can(user, Perm.REVIEW)):
        return []
    counts = todo_counts(user)
    base = reverse("interaction_staff:list")
    rows = (
        ("route", "待审查分办", "?state=received", False),
        ("handle", "待办理答复", "?state=routed", False),
        ("review", "答复待审核", "?state=drafted", False),
        ("send", "答复待发出", "?state=approved", False),
        ("due_soon", "即将到期", "?flag=due_soon", True),
        ("overdue", "已超期", "?flag=overdue", True),
    )
    return [
        TodoItem(GROUP, label, counts[key], base + query, urgent)
        for key, label, query, urgent in rows
        if counts[key]
    ]
