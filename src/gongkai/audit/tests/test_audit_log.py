"""The audit log (条例 Art. 45): append-only, written with the change, filterable, exportable."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from gongkai.audit.models import AppendOnlyError, AuditEvent
from gongkai.audit.services import audit_record


@pytest.mark.django_db
def test_no_code_path_updates_or_deletes_an_event(world):
    event = AuditEvent.objects.first()
    assert event is not None
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        event.delete()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()


@pytest.mark.django_db
def test_the_database_itself_refuses_tampering(world):
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == event.action
    # On PostgreSQL DELETE is refused too; on SQLite the test harness's flush needs DELETE,
    # so there the application layer alone refuses it (migration 0003 explains).
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_an_event_is_written_only_inside_the_changes_transaction():
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="x", obj_type="t", obj_id=1)


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_event(world):
    before = AuditEvent.objects.count()

    def failing_change() -> None:
        with transaction.atomic():
            audit_record(actor=world.admin, action="demo.fail", obj_type="t", obj_id=1)
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        failing_change()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_an_edit_through_the_page_records_actor_unit_before_after_channel_and_ip(world, client):
    client.force_login(world.admin)
    url = reverse("workbench:unit-edit", args=[world.office.code])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["phone"] = "021-99999"
    response = client.post(url, data, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="unit.update")
    assert event.actor == world.admin
    assert event.unit == world.office
    assert event.before == {"phone": "021-1"}
    assert event.after == {"phone": "021-99999"}
    assert event.channel == "web"
    assert event.ip == "10.1.2.3"


@pytest.mark.django_db
def test_the_audit_page_filters_and_scopes(world, client):
    client.force_login(world.head)  # office head: sees the office's events only
    page = client.get(reverse("workbench:audit")).content.decode()
    assert "测试区人民政府办公室" in page
    assert "测试区民政局" not in page.split("<tbody>")[1]
    client.force_login(world.admin)
    filtered = client.get(reverse("workbench:audit"), {"action": "unit.create", "q": "G0001-02"})
    rows = filtered.context["events"]
    assert [e.object_id for e in rows] == ["G0001-02"]


@pytest.mark.django_db
def test_csv_export_contains_the_filtered_events_and_is_itself_audited(world, client):
    client.force_login(world.supervisor)
    response = client.get(reverse("workbench:audit-export"), {"action": "staff.create"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["时间", "操作人", "机构", "操作"]
    assert {r[3] for r in rows[1:]} == {"staff.create"}
    assert len(rows) - 1 == 6  # six staff in the test world
    assert AuditEvent.objects.filter(action="audit.export", actor=world.supervisor).exists()


@pytest.mark.django_db
def test_the_audit_api_returns_events_with_before_and_after(world, client):
    client.force_login(world.admin)
    data = client.get("/api/audit", {"action": "unit.create"}).json()
    assert len(data) == 4
    assert all(e["after"]["code"] == e["object_id"] for e in data)


@pytest.mark.django_db
def test_the_calendar_seed_is_in_the_log_and_supervisors_see_calendar_changes(world, client):
    seeded = set(
        AuditEvent.objects.filter(action="calendar.seed").values_list("object_id", flat=True)
    )
    assert seeded == {str(y) for y in range(2019, 2027)}
    client.force_login(world.supervisor)
    html = client.get(reverse("workbench:audit"), {"action": "calendar.seed"}).content.decode()
    assert "2024年工作日日历" in html
    client.force_login(world.head)
    html = client.get(reverse("workbench:audit"), {"action": "calendar.seed"}).content.decode()
    assert "2024年工作日日历" in html
