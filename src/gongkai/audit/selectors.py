"""Reading the audit log, scoped by the access layer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from gongkai.audit.models import AuditEvent
from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import User

PLATFORM_WIDE_TYPES = ("calendar_year",)


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    object_type: str = ""
    actor: str = ""
    unit_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    text: str = ""


def audit_events_visible_to(
    user: User | AnonymousUser | None, flt: AuditFilter | None = None
) -> QuerySet[AuditEvent]:
    scope = scope_unit_ids(user, Perm.VIEW_AUDIT)
    qs = AuditEvent.objects.select_related("unit", "actor")
    if scope is not None:
        if not scope:
            return qs.none()
        # Platform-wide changes (the working-day calendar) concern every unit's deadlines.
        qs = qs.filter(
            Q(unit_id__in=scope) | Q(unit__isnull=True, object_type__in=PLATFORM_WIDE_TYPES)
        )
    if flt is None:
        return qs
    if flt.action:
        qs = qs.filter(action=flt.action)
    if flt.object_type:
        qs = qs.filter(object_type=flt.object_type)
    if flt.actor:
        qs = qs.filter(Q(actor_label__icontains=flt.actor) | Q(actor__username=flt.actor))
    if flt.unit_id:
        qs = qs.filter(unit_id=flt.unit_id)
    if flt.date_from:
        qs = qs.filter(at__date__gte=flt.date_from)
    if flt.date_to:
        qs = qs.filter(at__date__lte=flt.date_to)
    if flt.text:
        qs = qs.filter(Q(object_label__icontains=flt.text) | Q(object_id=flt.text))
    return qs
