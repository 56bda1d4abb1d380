"""Reads of the moderation queue, scoped to the units where the user moderates."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.moderation.models import ModerationItem, ModerationState
from gongkai.org.access import Perm, scope_unit_ids
from gongkai.org.models import User


def moderation_items_visible_to(user: User) -> QuerySet[ModerationItem]:
    scope = scope_unit_ids(user, Perm.MODERATE)
    qs = ModerationItem.objects.select_related("unit", "decided_by")
    if scope is None:
        return qs
    return qs.filter(unit_id__in=scope)


def moderation_pending_for(user: User, kind: str = "") -> QuerySet[ModerationItem]:
    qs = moderation_items_visible_to(user).filter(state=ModerationState.PENDING)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("submitted_at", "pk")
