"""The ledger's API: staff read their plans and tasks and report progress; the public reads the
published plans only."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.workplans import services
from gongkai.workplans.tests.test_ledger import make_plan

pytestmark = pytest.mark.django_db


def test_staff_read_tasks_and_report_progress_through_the_api(world, client: Client):
    plan = make_plan(world)
    client.force_login(world.clerk)
    assert [p["id"] for p in client.get("/api/workplans").json()] == [plan.pk]
    tasks = client.get(f"/api/workplans/{plan.pk}/tasks").json()
    assert [t["n"] for t in tasks] == [1, 2, 3]
    assert tasks[0]["units"]["resp"] == [world.office.code]
    assert tasks[0]["due_date"] == "2024-03-31"
    body = {
        "unit": world.office.code,
        "version": tasks[0]["version"],
        "status": "in_progress",
        "text": "已启动",
    }
    r = client.post(
        f"/api/workplans/tasks/{tasks[0]['id']}/progress", body, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "in_progress"
    stale = client.post(
        f"/api/workplans/tasks/{tasks[0]['id']}/progress", body, content_type="application/json"
    )
    assert stale.status_code == 409
    assert "已被他人更新" in stale.json()["detail"]
    bad = dict(body, version=r.json()["task_version"], status="done")
    refused = client.post(
        f"/api/workplans/tasks/{tasks[0]['id']}/progress", bad, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "佐证材料" in refused.json()["detail"]


def test_the_public_api_lists_only_public_plans(world, client: Client):
    plan = make_plan(world)
    assert client.get("/api/public/workplans").json() == []
    assert client.get(f"/api/public/workplans/{plan.pk}").status_code == 404
    services.plan_update(
        actor=world.supervisor, plan=plan, version=plan.version, values={"is_public": True}
    )
    rows = client.get(f"/api/public/workplans/{plan.pk}").json()
    assert [r["n"] for r in rows] == [1, 2, 3]
    assert all("person" not in r for r in rows)
