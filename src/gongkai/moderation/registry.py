"""Kinds of moderated items. A capability registers how its items are published and rejected.

``on_publish(item, actor, text)`` is called inside the decision's transaction with the text to
publish (personal data already masked and confirmed by the moderator); ``on_reject(item,
actor)`` likewise. ``url(item)`` (optional) links the queue to the item's own staff page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.moderation.models import ModerationItem
    from gongkai.org.models import User


@dataclass(frozen=True)
class ModerationKind:
    name: str  # "participation.comment"
    label: str  # "征求意见评论"
    on_publish: Callable[[ModerationItem, User, str], None]
    on_reject: Callable[[ModerationItem, User], None]
    url: Callable[[ModerationItem], str] | None = None
    names: Callable[[ModerationItem], list[str]] | None = None  # writer's names, masked too


_kinds: dict[str, ModerationKind] = {}


def register_moderation_kind(kind: ModerationKind) -> None:
    _kinds[kind.name] = kind


def moderation_kind(name: str) -> ModerationKind:
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"unknown moderation kind {name!r}: register it first") from None


def moderation_kinds() -> list[ModerationKind]:
    return sorted(_kinds.values(), key=lambda k: k.name)
