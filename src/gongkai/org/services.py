"""Writes to units and staff. Every change is audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from gongkai.audit.services import audit_record, diff
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.org.access import Perm, require
from gongkai.org.models import Role, RoleAssignment, Unit, UnitKind, User, normalize_username
from gongkai.org.tabular import read_table

# (model attribute, header in files and on forms). The first three are required in imports.
UNIT_FIELDS: list[tuple[str, str]] = [
    ("code", "代码"),
    ("name", "名称"),
    ("parent", "上级代码"),
    ("short_name", "简称"),
    ("kind", "类型"),
    ("sort_order", "排序"),
    ("office_address", "公开办公地址"),
    ("office_hours", "办公时间"),
    ("phone", "联系电话"),
    ("fax", "传真"),
    ("email", "电子邮箱"),
    ("postcode", "邮政编码"),
    ("reconsideration_body", "行政复议机关"),
    ("court", "管辖法院"),
]
EDITABLE = [a for a, _ in UNIT_FIELDS if a not in ("code", "parent")]
KIND_BY_LABEL = {label: value for value, label in UnitKind.choices} | {
    value: value for value, _ in UnitKind.choices
}


def unit_snapshot(unit: Unit) -> dict[str, Any]:
    data: dict[str, Any] = {a: getattr(unit, a) for a in EDITABLE}
    data["code"] = unit.code
    data["parent"] = unit.parent.code if unit.parent_id and unit.parent else ""
    return data


def _check_values(values: dict[str, Any], where: str = "") -> list[str]:
    prefix = f"{where}：" if where else ""
    problems = []
    code = str(values.get("code", "")).strip()
    if not code:
        problems.append(f"{prefix}“代码”不能为空")
    elif len(code) > 32 or not code.replace("-", "").replace("_", "").isalnum():
        problems.append(f"{prefix}代码“{code}”无效：只能由字母、数字、-、_ 组成，最长 32 位")
    if not str(values.get("name", "")).strip():
        problems.append(f"{prefix}“名称”不能为空")
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            problems.append(f"{prefix}电子邮箱“{values['email']}”格式不对")
    kind = values.get("kind")
    if kind and kind not in KIND_BY_LABEL:
        choices = "、".join(label for _, label in UnitKind.choices)
        problems.append(f"{prefix}类型“{kind}”无效，可选：{choices}")
    for attr, header in UNIT_FIELDS:
        if attr in ("parent", "kind", "sort_order"):
            continue
        field = Unit._meta.get_field(attr)
        limit = getattr(field, "max_length", None)
        value = str(values.get(attr) or "")
        if limit and len(value) > limit:
            problems.append(f"{prefix}“{header}”最长 {limit} 个字符，现有 {len(value)} 个")
    order = values.get("sort_order")
    if order not in (None, "") and not str(order).isdigit():
        problems.append(f"{prefix}排序“{order}”应为非负整数")
    return problems


def _would_cycle(unit: Unit, new_parent: Unit | None) -> bool:
    node = new_parent
    while node is not None:
        if node.pk == unit.pk:
            return True
        node = node.parent
    return False


def unit_create(
    *, actor: User | AnonymousUser | None, values: dict[str, Any], system: bool = False
) -> Unit:
    parent_code = str(values.get("parent") or "").strip()
    with transaction.atomic():
        parent = Unit.objects.filter(code=parent_code).first() if parent_code else None
        if parent_code and parent is None:
            raise ValidationFailed([f"上级代码“{parent_code}”不存在"])
        if not system:
            require(actor, Perm.MANAGE_UNITS, parent)
        problems = _check_values(values)
        if Unit.objects.filter(code=str(values.get("code", "")).strip()).exists():
            problems.append(f"代码“{values['code']}”已被其他机构使用")
        if problems:
            raise ValidationFailed(problems)
        unit = Unit(code=str(values["code"]).strip(), parent=parent)
        _assign(unit, values)
        unit.save()
        audit_record(
            actor=actor,
            action="unit.create",
            obj_type="unit",
            obj_id=unit.code,
            obj_label=unit.name,
            unit=unit,
            after=unit_snapshot(unit),
        )
    return unit


def _assign(unit: Unit, values: dict[str, Any]) -> None:
    for attr in EDITABLE:
        if attr not in values:
            continue
        value = values[attr]
        if attr == "kind":
            value = KIND_BY_LABEL.get(value or "", UnitKind.OTHER)
        elif attr == "sort_order":
            value = int(value or 0)
        else:
            value = str(value or "").strip()
        setattr(unit, attr, value)


def unit_update(
    *, actor: User | AnonymousUser | None, unit: Unit, values: dict[str, Any], version: int
) -> Unit:
    """Update a unit; ``version`` is the one the editor read (optimistic concurrency)."""
    with transaction.atomic():
        locked = (
            Unit.objects.select_for_update(of=("self",)).select_related("parent").get(pk=unit.pk)
        )
        require(actor, Perm.MANAGE_UNITS, locked)
        if locked.version != version:
            raise ConflictError(
                "保存失败：在您编辑期间，该机构信息已被他人修改。请刷新页面查看最新内容后再修改。"
            )
        # A partial update keeps the other fields as they are.
        values = {**{a: getattr(locked, a) for a in EDITABLE}, **values}
        problems = _check_values({**values, "code": locked.code})
        parent = locked.parent
        if "parent" in values:
            parent_code = str(values.get("parent") or "").strip()
            parent = Unit.objects.filter(code=parent_code).first() if parent_code else None
            if parent_code and parent is None:
                problems.append(f"上级代码“{parent_code}”不存在")
            elif parent is not None and _would_cycle(locked, parent):
                problems.append("不能把机构设为自己或自己下级机构的下级")
        if problems:
            raise ValidationFailed(problems)
        before = unit_snapshot(locked)
        locked.parent = parent
        _assign(locked, values)
        after = unit_snapshot(locked)
        changed_before, changed_after = diff(before, after)
        if not changed_after:
            return locked
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="unit.update",
            obj_type="unit",
            obj_id=locked.code,
            obj_label=locked.name,
            unit=locked,
            before=changed_before,
            after=changed_after,
        )
    return locked


@dataclass
class UnitImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def units_import(
    *,
    actor: User | AnonymousUser | None,
    path: Path | str,
    content: bytes | None = None,
    system: bool = False,
) -> UnitImportResult:
    """Import units from CSV/XLSX (headers 代码, 名称, 上级代码, more optional). Whole file or
    nothing; every bad row reported with its line number; re-importing changes nothing."""
    if not system:
        require(actor, Perm.MANAGE_UNITS)
    table = read_table(path, content=content)
    header_to_attr = {h: a for a, h in UNIT_FIELDS}
    missing = [h for h in ("代码", "名称", "上级代码") if h not in table.headers]
    if missing:
        raise ValidationFailed(
            [f"缺少表头：{'、'.join(missing)}。第一行必须包含 代码、名称、上级代码"]
        )
    unknown = [h for h in table.headers if h and h not in header_to_attr]
    problems: list[str] = []
    if unknown:
        known = "、".join(h for _, h in UNIT_FIELDS)
        problems.append(f"无法识别的表头：{'、'.join(unknown)}（可用表头：{known}）")
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    for line, raw in table.rows:
        values = {header_to_attr[h]: v for h, v in raw.items() if h in header_to_attr}
        where = f"第 {line} 行"
        problems.extend(_check_values(values, where))
        code = values.get("code", "")
        if code in rows:
            problems.append(f"{where}：代码“{code}”与第 {rows[code][0]} 行重复")
        elif code:
            rows[code] = (line, values)
    existing = {u.code: u for u in Unit.objects.select_related("parent")}
    for code, (line, values) in rows.items():
        parent = values.get("parent", "")
        if parent and parent not in rows and parent not in existing:
            problems.append(f"第 {line} 行：上级代码“{parent}”既不在文件中，也不是已有机构")
        if parent == code:
            problems.append(f"第 {line} 行：机构不能是自己的上级")
    if problems:
        raise ValidationFailed(problems)
    # Order rows so every parent comes before its children; a cycle is an error.
    ordered: list[str] = []
    state: dict[str, int] = {}

    def visit(code: str, trail: list[str]) -> None:
        if state.get(code) == 2:
            return
        if state.get(code) == 1:
            raise ValidationFailed([f"上级关系出现循环：{' → '.join([*trail, code])}"])
        state[code] = 1
        parent = rows[code][1].get("parent", "")
        if parent in rows:
            visit(parent, [*trail, code])
        state[code] = 2
        ordered.append(code)

    for code in rows:
        visit(code, [])
    result = UnitImportResult()
    with transaction.atomic():
        # Update the units as they are now, not as read above: an edit saved meanwhile on the
        # workbench keeps the fields this file does not set.
        existing.update(
            (u.code, u)
            for u in Unit.objects.select_for_update(of=("self",))
            .select_related("parent")
            .filter(code__in=list(rows))
        )
        for code in ordered:
            line, values = rows[code]
            parent_code = values.get("parent", "")
            parent_unit = existing.get(parent_code) if parent_code else None
            unit = existing.get(code)
            if unit is None:
                unit = Unit(code=code, parent=parent_unit)
                _assign(unit, values)
                unit.save()
                existing[code] = unit
                audit_record(
                    actor=actor,
                    action="unit.import.create",
                    obj_type="unit",
                    obj_id=code,
                    obj_label=unit.name,
                    unit=unit,
                    after=unit_snapshot(unit),
                )
                result.created.append(code)
                continue
            if parent_unit is not None and _would_cycle(unit, parent_unit):
                raise ValidationFailed([f"第 {line} 行：不能把机构设为自己下级机构的下级"])
            before = unit_snapshot(unit)
            unit.parent = parent_unit
            _assign(unit, values)
            changed_before, changed_after = diff(before, unit_snapshot(unit))
            if not changed_after:
                result.unchanged.append(code)
                continue
            unit.version += 1
            unit.save()
            audit_record(
                actor=actor,
                action="unit.import.update",
                obj_type="unit",
                obj_id=code,
                obj_label=unit.name,
                unit=unit,
                before=changed_before,
                after=changed_after,
            )
            result.updated.append(code)
    return result


def _username_problems(username: str) -> list[str]:
    if not username.strip():
        return ["用户名不能为空"]
    if len(username) > 150:
        return ["用户名最长 150 个字符"]
    try:
        User.username_validator(username)
    except ValidationError:
        return [f"用户名“{username}”无效：只能包含字母、数字和 @ . + - _"]
    return []


def _password_problems(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [f"密码不符合要求：{m}" for m in exc.messages]
    return []


def staff_create(
    *,
    actor: User | AnonymousUser | None,
    username: str,
    password: str,
    full_name: str,
    unit: Unit,
    roles: list[str],
    system: bool = False,
) -> User:
    if not system:
        require(actor, Perm.MANAGE_STAFF, unit)
    bad = [r for r in roles if r not in Role.values]
    if bad:
        raise ValidationFailed([f"角色“{r}”无效，可选：{'、'.join(Role.labels)}" for r in bad])
    username = normalize_username(username)
    problems = _username_problems(username)
    user = User(username=username, full_name=full_name, unit=unit)
    problems += _password_problems(password, user)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise DomainError(f"用户名“{username}”已存在")
        user.set_password(password)
        user.save()
        RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r) for r in roles])
        audit_record(
            actor=actor,
            action="staff.create",
            obj_type="user",
            obj_id=username,
            obj_label=full_name,
            unit=unit,
            after={"unit": unit.code, "roles": sorted(roles)},
        )
    return user


def staff_update(
    *,
    actor: User | AnonymousUser | None,
    user: User,
    full_name: str,
    unit: Unit,
    roles: list[str],
    is_active: bool,
    version: int,
    new_password: str = "",
) -> User:
    """Change a staff member's unit, roles, active state or password (audited). ``version`` is
    the one the editor read (optimistic concurrency): a person changed meanwhile by someone else
    is never silently overwritten."""
    bad = [r for r in roles if r not in Role.values]
    if bad:
        raise ValidationFailed([f"角色“{r}”无效，可选：{'、'.join(Role.labels)}" for r in bad])
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        require(actor, Perm.MANAGE_STAFF, locked.unit)
        require(actor, Perm.MANAGE_STAFF, unit)
        if locked.version != version:
            raise ConflictError(
                "保存失败：在您编辑期间，该人员的信息已被他人修改。请刷新页面查看最新内容后再修改。"
            )
        if (
            locked.pk == getattr(actor, "pk", None)
            and (not is_active or Role.ADMIN not in roles)
            and Role.ADMIN in set(locked.role_assignments.values_list("role", flat=True))
        ):
            raise DomainError("不能停用自己或取消自己的系统管理员角色，请由另一位管理员操作。")
        before = {
            "full_name": locked.full_name,
            "unit": locked.unit.code if locked.unit else "",
            "roles": sorted(locked.role_assignments.values_list("role", flat=True)),
            "is_active": locked.is_active,
        }
        after = {
            "full_name": full_name,
            "unit": unit.code,
            "roles": sorted(set(roles)),
            "is_active": is_active,
        }
        changed_before, changed_after = diff(before, after)
        if new_password:
            problems = _password_problems(new_password, locked)
            if problems:
                raise ValidationFailed(problems)
            locked.set_password(new_password)
            changed_after["password_changed"] = True
        if not changed_after:
            return locked
        locked.full_name, locked.unit, locked.is_active = full_name, unit, is_active
        locked.version += 1
        locked.save(update_fields=["full_name", "unit", "is_active", "password", "version"])
        locked.role_assignments.exclude(role__in=roles).delete()
        have = set(locked.role_assignments.values_list("role", flat=True))
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=locked, role=r) for r in sorted(set(roles) - have)]
        )
        audit_record(
            actor=actor,
            action="staff.update",
            obj_type="user",
            obj_id=locked.username,
            obj_label=str(locked),
            unit=unit,
            before=changed_before,
            after=changed_after,
        )
    return locked
