"""To-do entries: tasks due soon or overdue, 督办 awaiting a reply, and for supervisors the
notices past their reply date (workbench.todo)."""

from __future__ import annotations

from django.urls import reverse

from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem
from gongkai.workplans.selectors import todo_figures

GROUP = "工作台账"


def workplans_todo(user: User) -> list[TodoItem]:
    if not (can(user, Perm.HANDLE) or can(user, Perm.MANAGE_WORKPLANS)):
        return []
    f = todo_figures(user)
    base = reverse("workplans:mine")
    items = [
        TodoItem(GROUP, "任务已超期", f.overdue, f"{base}?flag=overdue", urgent=True),
        TodoItem(GROUP, "任务即将到期", f.due_soon, f"{base}?flag=due_soon", urgent=True),
        TodoItem(GROUP, "督办待回复", f.notices_open, f"{base}?flag=notices", urgent=True),
        TodoItem(GROUP, "督办逾期未回复", f.notices_late, reverse("workplans:list"), urgent=True),
    ]
    return [i for i in items if i.count]
