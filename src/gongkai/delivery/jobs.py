"""The tick job that sends the outbox."""

from __future__ import annotations

import datetime
from typing import Any


def delivery_tick(now: datetime.datetime) -> dict[str, Any]:
    from gongkai.core.jobs import node_name
    from gongkai.delivery.services import deliver_due

    return deliver_due(now, node=node_name())


def register() -> None:
    from gongkai.core.jobs import register_tick_job

    register_tick_job("delivery.send", delivery_tick)
