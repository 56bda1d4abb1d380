"""The one access layer: every permission decision in Gongkai is made here.

A permission is granted by a role; the unit scope says where it applies:
经办人/审核人/负责人 act in their own unit, 主管 in their unit and every unit below it,
系统管理员 everywhere. Views, the API, commands and services all ask ``can``/``require``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from gongkai.core.errors import AccessDenied
from gongkai.org.models import Role, Unit, User

if TYPE_CHECKING:
    from collections.abc import Iterable


class Perm(StrEnum):
    USE_WORKBENCH = "use_workbench"  # open the staff workbench at all
    VIEW_UNITS = "view_units"
    MANAGE_UNITS = "manage_units"
    VIEW_STAFF = "view_staff"
    MANAGE_STAFF = "manage_staff"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    VIEW_CALENDAR = "view_calendar"
    MANAGE_CALENDAR = "manage_calendar"
    APPROVE_EXTENSION = "approve_extension"  # 条例 Art. 33: the head approves an extension
    REVIEW = "review"  # confidentiality / attribute review, reply approval
    HANDLE = "handle"  # register, handle and draft
    IMPORT_DOCUMENTS = "import_documents"  # bulk import of published documents (admin)
    VIEW_REPORTS = "view_reports"  # 年度报告: read reports and the records behind a cell
    EDIT_REPORTS = "edit_reports"  # 年度报告: generate, enter manual numbers, edit text, import
    PUBLISH_REPORTS = "publish_reports"  # 年度报告: publish (条例 Art. 49) or withdraw
    VIEW_STATISTICS = "view_statistics"  # supervisors' statistics dashboard
    VIEW_APPLICATIONS = "view_applications"  # 依申请公开: see cases of units in scope
    EXPORT_APPLICATIONS = "export_applications"  # 依申请公开: export case lists (audited)
    MANAGE_LETTERS = "manage_letters"  # 依申请公开: edit the letter templates (admin)
    EDIT_GUIDE = "edit_guide"  # 政府信息公开指南 of units in scope (条例 Art. 12)
    MANAGE_WORKPLANS = "manage_workplans"  # 工作台账: import, map names, publish, send 督办
    MODERATE = "moderate"  # 先审后发: publish or reject what the public wrote (moderation queue)
    # 行政规范性文件: signed by the organ's head after 集体审议 (国办发〔2018〕37号), so only the
    # head schedules or publishes one (documents.workflow)
    PUBLISH_NORMATIVE = "publish_normative"


_ALL_STAFF = {Perm.USE_WORKBENCH, Perm.VIEW_UNITS, Perm.VIEW_CALENDAR, Perm.VIEW_APPLICATIONS}
_ALL_STAFF |= {Perm.VIEW_REPORTS, Perm.EDIT_REPORTS}
_REPORT_HEADS = {Perm.PUBLISH_REPORTS, Perm.VIEW_STATISTICS}

_WORKPLAN_MANAGERS = {Perm.MANAGE_WORKPLANS}  # 工作台账 (issue 19): heads and supervisors

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.CLERK: frozenset(_ALL_STAFF | {Perm.HANDLE}),
    Role.REVIEWER: frozenset(_ALL_STAFF | {Perm.HANDLE, Perm.REVIEW, Perm.MODERATE}),
    Role.HEAD: frozenset(
        _ALL_STAFF
        | {Perm.HANDLE, Perm.REVIEW, Perm.APPROVE_EXTENSION, Perm.VIEW_STAFF, Perm.VIEW_AUDIT}
        | {Perm.EXPORT_APPLICATIONS, Perm.EDIT_GUIDE, Perm.MODERATE, Perm.PUBLISH_NORMATIVE}
        | _REPORT_HEADS
        | _WORKPLAN_MANAGERS
    ),
    Role.SUPERVISOR: frozenset(
        _ALL_STAFF
        | {Perm.REVIEW, Perm.VIEW_STAFF, Perm.VIEW_AUDIT, Perm.EXPORT_AUDIT}
        | {Perm.EXPORT_APPLICATIONS, Perm.MODERATE}
        | _REPORT_HEADS
        | _WORKPLAN_MANAGERS
    ),
    Role.ADMIN: frozenset(Perm),
}

# Roles whose scope reaches below their own unit.
_SUBTREE_ROLES = {Role.SUPERVISOR}
_GLOBAL_ROLES = {Role.ADMIN}


def roles_of(user: User | AnonymousUser | None) -> frozenset[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_gongkai_roles", None)
    if cached is None:
        assert isinstance(user, User)
        cached = frozenset(user.role_assignments.values_list("role", flat=True))
        user._gongkai_roles = cached  # type: ignore[attr-defined]
    return cached


def permissions_of(user: User | AnonymousUser | None) -> frozenset[Perm]:
    perms: set[Perm] = set()
    for role in roles_of(user):
        perms |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(perms)


def unit_ids_below(unit_ids: Iterable[int]) -> set[int]:
    """The given units and every unit below them (one query per tree level)."""
    found = set(unit_ids)
    frontier = set(found)
    while frontier:
        children = set(Unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - found
        found |= frontier
    return found


def scope_unit_ids(user: User | AnonymousUser | None, perm: Perm) -> set[int] | None:
    """Ids of the units where ``user`` holds ``perm``; ``None`` means every unit."""
    if user is None or not user.is_authenticated:
        return set()
    assert isinstance(user, User)
    roles = [r for r in roles_of(user) if perm in ROLE_PERMISSIONS.get(r, frozenset())]
    if not roles:
        return set()
    if any(r in _GLOBAL_ROLES for r in roles):
        return None
    if user.unit_id is None:
        return set()
    if any(r in _SUBTREE_ROLES for r in roles):
        return unit_ids_below([user.unit_id])
    return {user.unit_id}


def can(user: User | AnonymousUser | None, perm: Perm, unit: Unit | None = None) -> bool:
    """Does ``user`` hold ``perm`` (in ``unit``, when given)?"""
    if perm not in permissions_of(user):
        return False
    if unit is None:
        return True
    scope = scope_unit_ids(user, perm)
    return scope is None or unit.pk in scope


def require(user: User | AnonymousUser | None, perm: Perm, unit: Unit | None = None) -> User:
    if not can(user, perm, unit):
        raise AccessDenied("您没有权限执行此操作：如需办理，请联系本单位负责人或系统管理员。")
    assert isinstance(user, User)
    return user


def units_visible_to(
    user: User | AnonymousUser | None, perm: Perm = Perm.VIEW_UNITS
) -> QuerySet[Unit]:
    """Units in which ``user`` holds ``perm``, as a queryset."""
    scope = scope_unit_ids(user, perm)
    qs = Unit.objects.all()
    return qs if scope is None else qs.filter(id__in=scope)
