"""The clerk's morning to-do list is assembled from providers that modules register.

A provider takes the user and returns ``TodoItem``s already scoped to what the user may see
(providers must read through their module's selectors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.org.models import User


@dataclass(frozen=True)
class TodoItem:
    group: str  # e.g. "依申请公开", "主动公开"
    label: str  # e.g. "待登记"
    count: int
    url: str
    urgent: bool = False


TodoProvider = Callable[[User], list[TodoItem]]
_providers: dict[str, TodoProvider] = {}


def register_todo_provider(name: str, fn: TodoProvider) -> None:
    _providers[name] = fn


def todo_items(user: User) -> list[TodoItem]:
    items: list[TodoItem] = []
    for name in sorted(_providers):
        items.extend(_providers[name](user))
    return items
