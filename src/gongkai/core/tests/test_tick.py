"""``gongkai tick``: runs every registered job, records the run, survives a failing job."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.jobs import last_tick, register_tick_job, unregister_tick_job
from gongkai.core.models import TickRun


@pytest.fixture
def jobs():
    names: list[str] = []

    def add(name, fn):
        register_tick_job(name, fn)
        names.append(name)

    yield add
    for name in names:
        unregister_tick_job(name)


@pytest.mark.django_db
def test_a_tick_runs_each_job_and_records_its_result(jobs):
    seen = []
    jobs("test-a", lambda now: seen.append(now) or {"flagged": 2})
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert len(seen) == 1
    run = last_tick()
    assert run is not None
    assert run.ok
    assert run.results["test-a"] == {"flagged": 2}
    assert "test-a" in out.getvalue()


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_others_still_run(jobs):
    def broken(now):
        raise RuntimeError("boom")

    jobs("test-broken", broken)
    jobs("test-fine", lambda now: {"ok": 1})
    with pytest.raises(CommandError, match="有定时任务失败"):
        call_command("tick", stdout=io.StringIO())
    run = TickRun.objects.get()
    assert not run.ok
    assert "boom" in run.results["test-broken"]["error"]
    assert run.results["test-fine"] == {"ok": 1}


@pytest.mark.django_db
def test_the_workbench_shows_the_last_tick(world, client, jobs):
    client.force_login(world.clerk)
    assert "定时任务尚未运行" in client.get("/staff/").content.decode()
    call_command("tick", stdout=io.StringIO())
    assert "定时任务上次运行" in client.get("/staff/").content.decode()
