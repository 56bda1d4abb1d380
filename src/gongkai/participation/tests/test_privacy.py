"""Commenters', registrants' and representatives' names and contacts never reach a public page,
feed, search result or public API response (the applications' privacy scan, extended with
distinctive values seeded into every kind of participation record)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.applications.tests.test_privacy import _public_paths
from gongkai.participation import services
from gongkai.participation.tests.conftest import (
    SHANGHAI,
    at,
    comment,
    make_flow,
    moderate,
    publish_document,
    result_document,
)
from gongkai.workbench.tests.test_role_matrix import api_routes

pytestmark = pytest.mark.usefixtures("calendar")

COMMENTER = {"name": "龘靐评论人", "contact": "13566667777"}
REGISTRANT = {"name": "齉龘报名人", "contact": "zzq-secret-registrant@example.net"}
REPRESENTATIVE = {"name": "靐齉代表人", "contact": "13499998888"}
ID_NUMBER = "11010119800101999X"
NEEDLES = [
    *COMMENTER.values(),
    *REGISTRANT.values(),
    *REPRESENTATIVE.values(),
    ID_NUMBER,
    "龘靐",
    "齉龘",
    "靐齉",
    "66667777",
    "99998888",
]


def _scan(label: str, body: bytes) -> None:
    import json

    text = body.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    for needle in NEEDLES:
        assert needle not in text, f"{label} leaks {needle!r}"


def test_no_public_response_contains_participants_personal_data(world, client):
    cache.clear()
    with at("2025-09-01"):
        flow = make_flow(world)
        published = comment(
            flow.consultation,
            f"我是{COMMENTER['name']}，身份证{ID_NUMBER}，电话{COMMENTER['contact']}，支持第二条。",
            section=2,
            **COMMENTER,
        )
        comment(
            flow.consultation, f"待审核：{COMMENTER['name']} {COMMENTER['contact']}", **COMMENTER
        )
    moderate(world, published)
    published.refresh_from_db()
    services.comment_answer(
        actor=world.clerk, comment_id=published.pk, version=published.version, answer="adopted"
    )
    doc = result_document(world)
    services.decision_link_result(
        actor=world.clerk,
        decision_id=flow.decision.pk,
        version=flow.decision.version,
        document_id=doc.pk,
    )
    with at("2025-09-26"):
        publish_document(world, doc)
    flow.decision.refresh_from_db()
    with at("2025-10-10"):
        services.decision_publish_report(
            actor=world.reviewer, decision_id=flow.decision.pk, version=flow.decision.version
        )
    m = services.meeting_create(
        actor=world.clerk,
        unit=world.office,
        title="常务会议",
        held_on=dt.date(2025, 9, 20),
        decisions=[flow.decision],
    )
    rep = services.representative_add(
        actor=world.clerk, meeting_id=m.pk, kind="expert", selected=True, **REPRESENTATIVE
    )
    services.representative_record(
        actor=world.clerk,
        representative_id=rep.pk,
        selected=True,
        attended=True,
        opinion=f"{REPRESENTATIVE['name']}建议分期实施，请回电{REPRESENTATIVE['contact']}",
        adoption="partly",
        adoption_reason="分两期实施。",
    )
    m.refresh_from_db()
    services.meeting_publish_record(
        actor=world.reviewer,
        meeting_id=m.pk,
        version=m.version,
        record=f"{REPRESENTATIVE['name']}等代表列席会议。",
    )
    a = services.activity_create(actor=world.clerk, unit=world.office, year=2025, title="开放日")
    s = services.session_add(
        actor=world.clerk,
        activity_id=a.pk,
        place="区政务服务中心",
        starts_at=dt.datetime(2025, 8, 15, 9, tzinfo=SHANGHAI),
        capacity=1,
    )
    with at("2025-08-01"):
        reg = services.registration_submit(session_id=s.pk, **REGISTRANT)
        services.registration_submit(session_id=s.pk, name="候补人", contact="13000000000")
    a.refresh_from_db()
    services.activity_publish_summary(
        actor=world.reviewer,
        activity_id=a.pk,
        version=a.version,
        summary=f"{REGISTRANT['name']}等市民参加。",
        on=dt.date(2025, 8, 20),
    )
    cat = services.catalogue_save(
        actor=world.clerk,
        unit=world.office,
        year=2025,
        items=[{"name": "示范区养老服务设施布局规划", "lead_unit": "区民政局"}],
    )
    services.catalogue_publish(actor=world.reviewer, catalogue_id=cat.pk, version=cat.version)

    scanned = 0
    paths = set(_public_paths()) | {
        f"/juece/decisions/{flow.decision.pk}/",
        f"/juece/consultations/{flow.consultation.pk}/",
        f"/juece/meetings/{m.pk}/",
        f"/juece/activities/{a.pk}/",
        f"/juece/catalogues/{cat.pk}/",
        f"/juece/registrations/{reg.code}/",  # the registrant's own page shows no name either
        f"/xxgk/documents/{doc.pk}/",
        f"/api/public/participation/decisions/{flow.decision.pk}",
        f"/api/public/participation/consultations/{flow.consultation.pk}",
        "/search/?q=养老服务",
    }
    for method, path, _view in api_routes():
        if method == "GET" and path.startswith("/api/public/") and "{" not in path:
            paths.add(path)
    for path in sorted(paths):
        response = client.get(path)
        if response.status_code == 200 and not response.streaming:
            _scan(path, response.content)
            scanned += 1
    assert scanned >= 15
    # the sitemap and the feed the scan read list the participation pages
    for feed in ("/sitemap.xml", "/xxgk/feed.atom"):
        listed = client.get(feed).content.decode()
        for path in (
            f"/juece/consultations/{flow.consultation.pk}/",
            f"/juece/meetings/{m.pk}/",
            f"/juece/activities/{a.pk}/",
        ):
            assert path in listed, (feed, path)
    # the pages that show these records did show them (the scan looked at real content)
    assert (
        "支持第二条" in client.get(f"/juece/consultations/{flow.consultation.pk}/").content.decode()
    )
    assert "建议分期实施" in client.get(f"/juece/meetings/{m.pk}/").content.decode()
    assert "等市民参加" in client.get(f"/juece/activities/{a.pk}/").content.decode()
