"""``make demo`` shows a case at every stage (through the services, idempotent)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.applications.models import Application


@pytest.mark.django_db
def test_demo_data_has_a_case_at_every_stage_and_is_idempotent():
    call_command("demo-data", stdout=io.StringIO())
    states = set(Application.objects.values_list("state", flat=True))
    assert {"received", "handling", "correction", "consulting", "closed"} <= states
    assert Application.objects.filter(late_entry=True).exists()
    assert Application.objects.filter(events__kind="extend").exists()
    n = Application.objects.count()
    call_command("demo-data", stdout=io.StringIO())
    assert Application.objects.count() == n
