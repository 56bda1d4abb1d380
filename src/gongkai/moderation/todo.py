from __future__ import annotations

from django.urls import reverse

from gongkai.moderation.registry import moderation_kinds
from gongkai.moderation.selectors import moderation_pending_for
from gongkai.org.access import Perm, can
from gongkai.org.models import User
from gongkai.workbench.todo import TodoItem


def moderation_todo(user: User) -> list[TodoItem]:
    if not can(user, Perm.MODERATE):
        return []
    items = []
    for kind in moderation_kinds():
        n = moderation_pending_for(user, kind.name).count()
        if n:
            url = reverse("moderation:queue") + f"?kind={kind.name}"
            items.append(TodoItem("先审后发", f"待审核：{kind.label}", n, url))
    return items
