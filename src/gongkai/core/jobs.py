"""The platform's scheduled job, ``gongkai tick``: modules register what runs on each tick.

A job is a function taking the run's ``now`` (aware datetime) and returning a short summary
dict (counts). Each job runs in its own transaction; a failing job is reported and does not
stop the others. ``make demo`` runs the tick every minute; production runs it from cron or a
systemd timer, on every node. Jobs must be idempotent: running a tick twice changes nothing
the second time.

Several nodes (issue 20, decision 0011): before running a job, a tick takes the job's lease, a
``JobLease`` row in the shared database, locked with ``SELECT … FOR UPDATE SKIP LOCKED`` on
PostgreSQL (on SQLite the one database file serialises writers, which is enough). A tick that
finds the lease held, or the job already run within GONGKAI_TICK_PERIOD_SECONDS, skips it; a
holder that dies mid-run loses its lease after GONGKAI_TICK_LEASE_SECONDS. ``TickRun.node``
records which node ran what.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.core.middleware import acting_through
from gongkai.core.models import JobLease, TickRun

TickJob = Callable[[datetime.datetime], dict[str, Any]]

_jobs: dict[str, TickJob] = {}
log = logging.getLogger(__name__)


def register_tick_job(name: str, fn: TickJob) -> None:
    _jobs[name] = fn


def unregister_tick_job(name: str) -> None:
    _jobs.pop(name, None)


def registered_jobs() -> list[str]:
    return sorted(_jobs)


def node_name() -> str:
    """This process as the tick history names it: GONGKAI_NODE_NAME, else hostname:pid."""
    configured = getattr(settings, "GONGKAI_NODE_NAME", "")
    return configured or f"{socket.gethostname()}:{os.getpid()}"


def acquire_lease(name: str, node: str) -> tuple[bool, str]:
    """Take job ``name``'s lease for ``node``. Returns (taken, why-not in Chinese)."""
    wall = timezone.now()
    JobLease.objects.bulk_create([JobLease(name=name)], ignore_conflicts=True)
    with transaction.atomic():
        lease = JobLease.objects.select_for_update(skip_locked=True).filter(name=name).first()
        if lease is None:  # another node is taking it at this very moment
            return False, "另一节点正在领取该任务"
        if lease.expires_at is not None and lease.expires_at > wall:
            if lease.holder:
                return False, f"节点 {lease.holder} 正在运行该任务"
            return False, f"本周期已由节点 {lease.last_node} 运行"
        lease.holder = node
        lease.expires_at = wall + datetime.timedelta(seconds=settings.GONGKAI_TICK_LEASE_SECONDS)
        lease.last_started_at = wall
        lease.save(update_fields=["holder", "expires_at", "last_started_at"])
    return True, ""


def release_lease(name: str, node: str) -> None:
    """The run is over: the job is free again once its period has passed since the start."""
    wall = timezone.now()
    with transaction.atomic():
        lease = JobLease.objects.select_for_update().filter(name=name, holder=node).first()
        if lease is None:  # our lease lapsed and another node took it: leave theirs alone
            return
        started = lease.last_started_at or wall
        lease.holder = ""
        lease.expires_at = started + datetime.timedelta(
            seconds=settings.GONGKAI_TICK_PERIOD_SECONDS
        )
        lease.last_finished_at = wall
        lease.last_node = node
        lease.save(update_fields=["holder", "expires_at", "last_finished_at", "last_node"])


def run_tick(now: datetime.datetime | None = None, *, node: str = "") -> TickRun:
    now = now or timezone.now()
    node = node or node_name()
    run = TickRun.objects.create(started_at=now, node=node)
    results: dict[str, Any] = {}
    ok = True
    with acting_through("job"):
        for name in sorted(_jobs):
            taken, why = acquire_lease(name, node)
            if not taken:
                results[name] = {"skipped": why}
                continue
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
            finally:
                release_lease(name, node)
    run.results = results
    run.ok = ok
    run.finished_at = timezone.now()
    run.save(update_fields=["results", "ok", "finished_at"])
    return run


def last_tick() -> TickRun | None:
    return TickRun.objects.order_by("-started_at").first()
