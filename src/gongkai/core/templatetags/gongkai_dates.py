"""Dates kept as ISO text (a document version's metadata, an event's data) shown like dates
(decision 0018): ``{{ meta.written_on|as_date|date|default:"—" }}``."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

register = template.Library()


@register.filter
def as_date(value: Any) -> Any:
    """A date for an ISO 8601 date string ("2026-12-06"); anything else unchanged."""
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value
