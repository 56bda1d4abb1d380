"""Modules whose stored deadlines depend on the calendar register here.

When the calendar changes (``calendar_apply_import``), every registered recomputer runs inside
the same transaction and returns how many records it changed.
"""

from __future__ import annotations

from collections.abc import Callable

Recomputer = Callable[[], int]

_recomputers: dict[str, Recomputer] = {}


def register_deadline_recomputer(name: str, fn: Recomputer) -> None:
    _recomputers[name] = fn


def unregister_deadline_recomputer(name: str) -> None:
    _recomputers.pop(name, None)


def recompute_open_deadlines() -> dict[str, int]:
    return {name: fn() for name, fn in sorted(_recomputers.items())}
