"""The API: every action with the same permission checks as the pages."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from gongkai.applications.machine import TRANSITIONS
from gongkai.applications.models import Application
from gongkai.applications.tests.conftest import CASE, PERSON, at, submit
from gongkai.testing import tiny_pdf

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_public_submit_and_track_without_personal_data(world, client):
    with at("2024-09-20"):
        r = post(
            client,
            "/api/public/applications",
            {"unit": world.office.code, **CASE, "applicant": PERSON},
        )
    assert r.status_code == 200, r.content
    code = r.json()["tracking_code"]
    assert r.json()["due_on"] == "2024-10-23"
    t = post(client, "/api/public/applications/track", {"code": code, "secret": "7777"})
    assert t.status_code == 200
    body = json.dumps(t.json(), ensure_ascii=False)
    assert "已收到" in body
    for value in (PERSON["name"], PERSON["phone"], PERSON["id_number"], PERSON["address"]):
        assert value not in body
    bad = post(client, "/api/public/applications/track", {"code": code, "secret": "0000"})
    assert bad.status_code == 404


def test_the_state_table_is_published_to_staff(world, client):
    client.force_login(world.clerk)
    rows = client.get("/api/applications/transitions").json()
    assert {r["action"] for r in rows} == set(TRANSITIONS)


def test_actions_through_the_api_with_the_same_checks(world, client):
    app = submit(world, "2024-09-20")
    url = f"/api/applications/{app.tracking_code}/actions/"
    client.force_login(world.other_clerk)
    with at("2024-09-20"):
        assert post(client, url + "register", {"version": app.version}).status_code == 403
    client.force_login(world.clerk)
    with at("2024-09-20"):
        r = post(client, url + "register", {"version": app.version})
        assert r.status_code == 200, r.content
        assert r.json()["state"] == "registered"
        v = r.json()["version"]
        # a stale version: 409 with the conflict message
        stale = post(client, url + "assign", {"version": app.version})
        assert stale.status_code == 409
        assert "刷新" in stale.json()["detail"]
        # the clerk cannot extend (Art. 33: the head approves)
        r = post(client, url + "extend", {"version": v, "payload": {"days": 5, "reason": "x"}})
        assert r.status_code == 403
        # illegal transition: 400 with the Chinese message
        r = post(client, url + "send_reply", {"version": v})
        assert r.status_code == 400
        assert "不能执行" in r.json()["detail"]
    client.force_login(world.head)
    with at("2024-09-23"):
        r = post(
            client, url + "extend", {"version": v, "payload": {"days": 5, "reason": "档案在外"}}
        )
    assert r.status_code == 200, r.content
    detail = r.json()
    assert detail["due_on"] == "2024-10-30"
    assert any("延期" in line for line in detail["deadline_explanation"])
    assert detail["applicant"]["id_number"] == PERSON["id_number"]


def test_register_paper_through_the_api(world, client):
    client.force_login(world.clerk)
    with at("2024-09-23"):
        r = post(
            client,
            "/api/applications",
            {
                "unit": world.office.code,
                **CASE,
                "applicant": PERSON,
                "channel": "ordinary_letter",
                "confirmed": "2024-09-23",
            },
        )
    assert r.status_code == 200, r.content
    assert r.json()["received_on"] == "2024-09-23"
    assert Application.objects.get().channel == "ordinary_letter"


def test_list_is_scoped(world, client):
    submit(world, "2024-09-20")
    client.force_login(world.other_clerk)
    assert client.get("/api/applications").json() == []
    client.force_login(world.supervisor)
    rows = client.get("/api/applications").json()
    assert len(rows) == 1
    assert "name" not in rows[0]


def test_the_openapi_schema_documents_every_applications_route(client):
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert "/api/applications/{code}/actions/{action}" in paths
    assert "/api/public/applications" in paths
    assert "/api/public/applications/track" in paths


def test_letters_files_and_the_conversion_queue_through_the_api(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from gongkai.applications.tests.conftest import act

    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "request_correction", "2024-09-23", what="请写明文号")
    seq = app.events.get(letter="correction").seq
    client.force_login(world.clerk)
    docx = client.get(f"/api/applications/{app.tracking_code}/letters/{seq}/docx")
    assert docx.status_code == 200
    assert docx.content[:2] == b"PK"
    pdf = client.get(f"/api/applications/{app.tracking_code}/letters/{seq}/pdf")
    assert pdf.content.startswith(b"%PDF")
    from django.core.files.uploadedfile import SimpleUploadedFile

    up = client.post(
        f"/api/applications/{app.tracking_code}/files",
        {"kind": "original", "file": SimpleUploadedFile("o.pdf", tiny_pdf())},
    )
    assert up.status_code == 200, up.content
    assert up.json()["kind"] == "original"
    assert client.get("/api/applications/conversion-queue").json() == []
    client.force_login(world.other_clerk)
    assert client.get(f"/api/applications/{app.tracking_code}/letters/{seq}/pdf").status_code == 404


def test_two_staff_updating_the_same_relief_record_the_second_gets_409_and_nothing_is_lost(
    world, client
):
    from django.test import Client

    from gongkai.applications.tests.test_pages import _replied
    from gongkai.audit.models import AuditEvent

    app = _replied(world)
    url = f"/api/applications/{app.tracking_code}"
    client.force_login(world.clerk)
    other = Client()
    other.force_login(world.reviewer)
    r = post(client, url + "/relief", {"kind": "reconsideration", "filed_on": "2024-11-20"})
    assert r.status_code == 200, r.content
    relief_id, created = r.json()["id"], r.json()["version"]
    first = client.get(url).json()["relief_cases"]
    second = other.get(url).json()["relief_cases"]
    assert [c["version"] for c in first] == [c["version"] for c in second] == [created]
    base = {"kind": "reconsideration", "filed_on": "2024-11-20", "relief_id": relief_id}
    missing = post(
        client, url + "/relief", {**base, "outcome": "upheld", "decided_on": "2025-01-10"}
    )
    assert missing.status_code == 400  # an update without the version read is refused
    assert "版本号" in missing.json()["detail"]
    r = post(
        client,
        url + "/relief",
        {**base, "outcome": "upheld", "decided_on": "2025-01-10", "version": created},
    )
    assert r.status_code == 200, r.content
    assert r.json()["version"] == created + 1
    stale = post(
        other,
        url + "/relief",
        {**base, "outcome": "corrected", "decided_on": "2025-01-12", "version": created},
    )
    assert stale.status_code == 409
    assert "刷新页面查看最新内容后再修改" in stale.json()["detail"]
    case = app.relief_cases.get()
    assert (case.outcome, str(case.decided_on)) == ("upheld", "2025-01-10")
    events = AuditEvent.objects.filter(
        action="application.relief", object_id=app.tracking_code
    ).order_by("pk")
    assert [e.after["outcome"] for e in events] == ["pending", "upheld"]
