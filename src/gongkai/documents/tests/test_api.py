"""The API: public read of published documents, staff management through the same services."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_staff_draft_review_and_publish_through_the_api(world, client):
    client.force_login(world.clerk)
    r = _post(
        client,
        "/api/documents",
        {
            "values": {
                "title": "接口起草的通知",
                "summary": "概述",
                "doc_number": "测政办发[2026]7号",
            }
        },
    )
    assert r.status_code == 201, r.content
    doc = r.json()
    assert doc["doc_number"] == "测政办发〔2026〕7号"
    assert doc["state"] == "draft"
    assert _post(client, f"/api/documents/{doc['id']}/transitions/submit", {}).status_code == 200
    r = _post(
        client,
        f"/api/documents/{doc['id']}/transitions/approve",
        {"disclosure_mode": "主动公开", "confidentiality_checked": True},
    )
    assert r.status_code == 403  # a clerk has no REVIEW permission
    client.force_login(world.reviewer)
    r = _post(
        client,
        f"/api/documents/{doc['id']}/transitions/approve",
        {"disclosure_mode": "主动公开", "confidentiality_checked": True},
    )
    assert r.status_code == 200, r.content
    client.force_login(world.clerk)
    r = _post(client, f"/api/documents/{doc['id']}/transitions/publish", {})
    assert r.json()["document"]["state"] == "published"
    client.logout()
    public = client.get("/api/public/documents").json()
    assert [d["title"] for d in public] == ["接口起草的通知"]
    detail = client.get(f"/api/public/documents/{doc['id']}").json()
    assert detail["index_number"].startswith(world.office.code + "/")
    verify = client.get(f"/api/public/verify/{detail['version_sha256']}").json()
    assert verify["published"] is True
    assert verify["entries"][0]["unit_name"] == world.office.name
    assert verify["entries"][0]["signature_ok"] is True


def test_the_drafter_cannot_approve_through_the_api_either(world, client):
    client.force_login(world.reviewer)
    doc = _post(
        client, "/api/documents", {"values": {"title": "审核人自己起草", "summary": "x"}}
    ).json()
    _post(client, f"/api/documents/{doc['id']}/transitions/submit", {})
    r = _post(
        client,
        f"/api/documents/{doc['id']}/transitions/approve",
        {"disclosure_mode": "主动公开", "confidentiality_checked": True},
    )
    assert r.status_code == 400
    assert "起草人不能审查" in r.json()["detail"]


def test_staff_api_is_scoped_to_the_units_of_the_user(world, client, make_doc):
    make_doc(title="区府办的草稿")
    client.force_login(world.other_clerk)
    assert client.get("/api/documents").json() == []
    client.force_login(world.supervisor)
    assert [d["title"] for d in client.get("/api/documents").json()] == ["区府办的草稿"]


def test_illegal_transition_is_a_clear_error(world, client, make_doc):
    doc = make_doc()
    client.force_login(world.clerk)
    r = _post(client, f"/api/documents/{doc.pk}/transitions/publish", {})
    assert r.status_code == 400
    assert "不能执行“发布”" in r.json()["detail"]


def test_the_openapi_schema_documents_the_document_routes(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/public/documents",
        "/api/public/documents/{doc_id}",
        "/api/public/verify/{sha256}",
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/documents/{doc_id}/transitions/{name}",
    ):
        assert path in paths, path
