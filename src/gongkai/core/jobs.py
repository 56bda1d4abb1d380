"""The platform's scheduled job, ``gongkai tick``: modules register what runs on each tick.

A job is a function taking the run's ``now`` (aware datetime) and returning a short summary
dict (counts). Each job runs in its own transaction; a failing job is reported and does not
stop the others. ``make demo`` runs the tick every minute; production runs it from cron or a
systemd timer. Jobs must be idempotent: running a tick twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.middleware import acting_through
from gongkai.core.models import TickRun

TickJob = Callable[[datetime.datetime], dict[str, Any]]

_jobs: dict[str, TickJob] = {}
log = logging.getLogger(__name__)


def register_tick_job(name: str, fn: TickJob) -> None:
    _jobs[name] = fn


def unregister_tick_job(name: str) -> None:
    _jobs.pop(name, None)


def registered_jobs() -> list[str]:
    return sorted(_jobs)


def run_tick(now: datetime.datetime | None = None) -> TickRun:
    now = now or timezone.now()
    run = TickRun.objects.create(started_at=now)
    results: dict[str, Any] = {}
    ok = True
    with acting_through("job"):
        for name in sorted(_jobs):
            try:
                with transaction.atomic():
                    results[name] = _jobs[name](now)
            except Exception as exc:  # one failing job must not stop the others
                ok = False
                log.exception("tick job %s failed", name)
                results[name] = {
                    "error": f"{type(exc).__name__}: {exc}",
                    "trace": traceback.format_exc(limit=3),
                }
    run.results = results
    run.ok = ok
    run.finished_at = timezone.now()
    run.save(update_fields=["results", "ok", "finished_at"])
    return run


def last_tick() -> TickRun | None:
    return TickRun.objects.order_by("-started_at").first()
