from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.org.models import Role, Unit, User


@pytest.mark.django_db
def test_demo_data_builds_a_district_with_every_role_and_running_it_twice_changes_nothing():
    out = io.StringIO()
    call_command("demo-data", stdout=out)
    text = out.getvalue()
    assert "新增机构 11 个" in text
    assert "admin" in text
    assert "密码" in text
    district = Unit.objects.get(name="示范市示范区人民政府")
    kinds = set(district.children.values_list("kind", flat=True))
    assert {"office", "department", "street"} <= kinds
    roles = set(User.objects.values_list("role_assignments__role", flat=True))
    assert roles == set(Role.values)
    counts = (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count())
    out2 = io.StringIO()
    call_command("demo-data", stdout=out2)
    assert "新增机构 0 个，新增人员 0 个" in out2.getvalue()
    assert (Unit.objects.count(), User.objects.count(), AuditEvent.objects.count()) == counts
