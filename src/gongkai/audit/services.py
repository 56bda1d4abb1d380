"""Writing the audit log. Services call ``audit_record`` inside their own transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from gongkai.audit.models import AuditEvent
from gongkai.core.middleware import current_context
from gongkai.org.models import Unit, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj_type: str,
    obj_id: object,
    obj_label: str = "",
    unit: Unit | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    ctx = current_context()
    real_actor = actor if isinstance(actor, User) else None
    label = actor_label or (
        f"{real_actor.full_name or real_actor.username}" if real_actor else "系统"
    )
    return AuditEvent.objects.create(
        actor=real_actor,
        actor_label=label[:120],
        unit=unit,
        action=action,
        object_type=obj_type,
        object_id=str(obj_id),
        object_label=obj_label[:200],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        channel=ctx.channel,
        ip=ctx.ip,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
