"""The API: public reads (no personal data), staff actions through the same services."""

from __future__ import annotations

import pytest

from gongkai.participation.tests.conftest import at, comment, make_flow, moderate

pytestmark = pytest.mark.usefixtures("calendar")


def test_public_reads_show_published_comments_only(world, client):
    with at("2025-09-01"):
        flow = make_flow(world)
        shown = comment(flow.consultation, "公开的意见", section=1)
        comment(flow.consultation, "待审核的意见")
    moderate(world, shown)
    with at("2025-09-02"):
        data = client.get(f"/api/public/participation/consultations/{flow.consultation.pk}").json()
        decisions = client.get("/api/public/participation/decisions").json()
    assert [c["text"] for c in data["comments"]] == ["公开的意见"]
    assert data["days"] == 30
    assert [s["number"] for s in data["sections"]] == [1, 2]
    assert decisions[0]["stage"] == "consulting"
    assert client.get("/api/public/participation/decisions/999999").status_code == 404


def test_staff_answer_through_the_api_with_version_check_and_scope(world, client):
    with at("2025-09-01"):
        flow = make_flow(world)
        c = comment(flow.consultation, "意见")
    moderate(world, c)
    c.refresh_from_db()
    client.force_login(world.clerk)
    url = f"/api/participation/comments/{c.pk}/answer"
    bad = client.post(
        url, {"version": c.version, "answer": "not_adopted"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert "请写明理由" in bad.json()["detail"]
    ok = client.post(
        url,
        {"version": c.version, "answer": "not_adopted", "reason": "另行研究。"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    stale = client.post(
        url, {"version": c.version, "answer": "adopted"}, content_type="application/json"
    )
    assert stale.status_code == 409
    client.force_login(world.other_clerk)
    assert (
        client.post(
            url, {"version": c.version + 1, "answer": "adopted"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_figures_for_supervisors(world, client):
    client.force_login(world.supervisor)
    rows = client.get("/api/participation/figures?year=2025").json()
    office = next(r for r in rows if r["unit"] == world.office.name)
    assert office["meetings_target"] == 4
    assert "重大行政决策事项目录" in office["annual_report_paragraph"]


def test_public_decisions_and_consultations_are_found_by_the_site_search(world, client):
    from gongkai.search.services import search_index_rebuild

    with at("2025-09-01"):
        flow = make_flow(world)
        comment(flow.consultation, "不应被检索到的评论文字")
    search_index_rebuild(actor=None)
    page = client.get("/search/?q=综合为老服务中心").content.decode()
    assert f"/juece/consultations/{flow.consultation.pk}/" in page
    assert "不应被检索到的评论文字" not in client.get("/search/?q=评论文字").content.decode()
