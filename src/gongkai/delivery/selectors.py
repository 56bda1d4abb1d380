"""Reads of the outbox (no personal data in it beyond staff e-mail addresses)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.delivery.models import OutboxMessage


def outbox_messages(*, source: str = "", status: str = "") -> QuerySet[OutboxMessage]:
    qs = OutboxMessage.objects.all()
    if source:
        qs = qs.filter(source=source)
    if status:
        qs = qs.filter(status=status)
    return qs
