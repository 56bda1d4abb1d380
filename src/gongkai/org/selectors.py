"""Reading units and staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from gongkai.org.access import Perm, scope_unit_ids, units_visible_to
from gongkai.org.models import Unit, User


@dataclass
class UnitNode:
    unit: Unit
    depth: int


def unit_tree(units: list[Unit] | QuerySet[Unit]) -> list[UnitNode]:
    """Units in tree order (parents before children), with their depth."""
    items = list(units)
    ids = {u.pk for u in items}
    children: dict[int | None, list[Unit]] = {}
    for u in items:
        key = u.parent_id if u.parent_id in ids else None
        children.setdefault(key, []).append(u)
    out: list[UnitNode] = []

    def walk(parent: int | None, depth: int) -> None:
        for u in sorted(children.get(parent, []), key=lambda x: (x.sort_order, x.code)):
            out.append(UnitNode(u, depth))
            walk(u.pk, depth + 1)

    walk(None, 0)
    return out


def unit_tree_visible_to(user: User | AnonymousUser | None) -> list[UnitNode]:
    return unit_tree(units_visible_to(user).select_related("parent"))


def root_units() -> QuerySet[Unit]:
    """Top-level units: public information (names and the disclosure office contacts)."""
    return Unit.objects.filter(parent__isnull=True).order_by("sort_order", "code")


def staff_visible_to(user: User | AnonymousUser | None) -> QuerySet[User]:
    scope = scope_unit_ids(user, Perm.VIEW_STAFF)
    qs = User.objects.select_related("unit").prefetch_related("role_assignments")
    if scope is None:
        return qs.order_by("unit__code", "username")
    return qs.filter(unit_id__in=scope).order_by("unit__code", "username")


def all_units_for_export() -> list[UnitNode]:
    return unit_tree(Unit.objects.select_related("parent"))
