"""Issue 20 item 1: any number of ticks on any number of nodes run each job once per period."""

from __future__ import annotations

import datetime
import json
import subprocess
from typing import Any

import pytest
from django.utils import timezone

from gongkai.core.jobs import register_tick_job, run_tick, unregister_tick_job
from gongkai.core.models import JobLease, TickRun
from gongkai.core.tests.nodes import GONGKAI, empty_database, gongkai, node_env


@pytest.fixture
def counted_job():
    calls: list[datetime.datetime] = []

    def job(now: datetime.datetime) -> dict[str, Any]:
        calls.append(now)
        return {"ran": 1}

    register_tick_job("test-leased", job)
    yield calls
    unregister_tick_job("test-leased")


def _tick(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*GONGKAI, "tick", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_tick_processes_run_each_job_once(tmp_path):
    """Two `gongkai tick` processes, as two machines' timers would start them, on one database
    (a SQLite file, or a PostgreSQL database in that leg): every registered job runs once."""
    with empty_database(tmp_path) as db:
        base = node_env(db, tmp_path / "var-a")
        gongkai(base, "migrate", "--noinput", "-v", "0")
        envs = [
            node_env(
                db,
                tmp_path / f"var-{n}",
                GONGKAI_NODE_NAME=f"node-{n}",
                GONGKAI_TICK_PERIOD_SECONDS="600",
            )
            for n in ("a", "b")
        ]
        procs = [_tick(env) for env in envs]
        runs = []
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            runs.append(json.loads(out.strip().splitlines()[-1]))
        jobs = set(runs[0]["results"]) | set(runs[1]["results"])
        assert {"applications", "search.sync", "documents.schedule_and_lapse"} <= jobs
        for job in jobs:
            ran = [r["node"] for r in runs if "skipped" not in r["results"][job]]
            assert len(ran) == 1, (job, runs)
        # a third tick in the period runs nothing and says which node ran each job
        third = json.loads(gongkai(base, "tick", "--json").stdout.strip().splitlines()[-1])
        assert all("skipped" in result for result in third["results"].values())
        assert "本周期已由节点 node-" in third["results"]["applications"]["skipped"]


@pytest.mark.django_db
def test_a_tick_skips_a_job_another_node_is_running(settings):
    """While node-a runs the job (and holds its lease), a tick on node-b skips it."""
    settings.GONGKAI_TICK_PERIOD_SECONDS = 0  # only the lease keeps the second tick out
    seen: list[dict[str, Any]] = []

    def job(now: datetime.datetime) -> dict[str, Any]:
        if not seen:
            seen.append({})
            seen[0] = run_tick(node="node-b").results["test-nested"]
        return {"ran": 1}

    register_tick_job("test-nested", job)
    try:
        first = run_tick(node="node-a")
    finally:
        unregister_tick_job("test-nested")
    assert first.results["test-nested"] == {"ran": 1}
    assert seen == [{"skipped": "节点 node-a 正在运行该任务"}]


@pytest.mark.django_db
def test_a_crashed_holders_lease_expires(counted_job):
    calls = counted_job
    wall = timezone.now()
    JobLease.objects.create(
        name="test-leased", holder="dead-node:1", expires_at=wall + datetime.timedelta(minutes=5)
    )
    run = run_tick(node="node-b")
    assert calls == []
    assert run.results["test-leased"] == {"skipped": "节点 dead-node:1 正在运行该任务"}
    JobLease.objects.filter(name="test-leased").update(
        expires_at=wall - datetime.timedelta(seconds=1)
    )
    run = run_tick(node="node-b")
    assert len(calls) == 1
    assert run.node == "node-b"
    lease = JobLease.objects.get(name="test-leased")
    assert (lease.holder, lease.last_node) == ("", "node-b")


@pytest.mark.django_db
def test_the_tick_history_names_the_node(counted_job, settings):
    settings.GONGKAI_NODE_NAME = "web-2"
    run = run_tick()
    assert TickRun.objects.get(pk=run.pk).node == "web-2"
    settings.GONGKAI_NODE_NAME = ""
    import os
    import socket

    assert run_tick().node == f"{socket.gethostname()}:{os.getpid()}"
