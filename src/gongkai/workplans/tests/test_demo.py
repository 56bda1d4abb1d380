"""The demo has two plans, one public, with progress in every state, a 督办 open and one replied."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.workplans.models import Notice, NoticeState, Status, WorkPlan


@pytest.mark.django_db
def test_the_demo_builds_two_plans_one_public_with_every_status():
    call_command("demo-data", stdout=io.StringIO())
    plans = list(WorkPlan.objects.order_by("pk"))
    assert len(plans) == 2
    assert [p.is_public for p in plans] == [True, False]
    statuses = set(plans[0].tasks.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert set(Notice.objects.values_list("state", flat=True)) == set(NoticeState.values)
    assert not plans[0].tasks.filter(task_units__unit__isnull=True).exists()  # 各街道 was mapped
    call_command("demo-data", stdout=io.StringIO())
    assert WorkPlan.objects.count() == 2
