"""The public pages of 重大行政决策 and 公众参与 reach /sitemap.xml and the Atom feed (review
finding: they were missing), with <updated> from the data; nothing unpublished does."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from gongkai.participation import services
from gongkai.participation.tests.conftest import SHANGHAI, at, make_flow

pytestmark = pytest.mark.usefixtures("calendar")
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(body: bytes) -> dict[str, tuple[str, str]]:
    """link path → (title, updated) of every entry."""
    out = {}
    for e in ET.fromstring(body).iter(f"{ATOM}entry"):  # noqa: S314 - our own feed
        link = e.find(f"{ATOM}link")
        assert link is not None
        path = "/" + link.get("href", "").split("/", 3)[3]
        out[path] = (e.findtext(f"{ATOM}title") or "", e.findtext(f"{ATOM}updated") or "")
    return out


def test_public_participation_pages_are_in_the_sitemap_and_the_feed_and_the_rest_is_not(
    world, client
):
    with at("2025-08-20"):
        flow = make_flow(world)
    hidden_consultation = services.consultation_create(
        actor=world.clerk,
        unit=world.office,
        decision=None,
        title="尚未公开的征求意见稿",
        sections=[("目的", "内部讨论。")],
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 10, 9),
    )
    hidden_decision = services.decision_create(
        actor=world.clerk, unit=world.office, year=2025, title="未公开的决策事项", public=False
    )
    held = services.meeting_create(
        actor=world.clerk,
        unit=world.office,
        title="区政府常务会议",
        held_on=dt.date(2025, 9, 20),
        decisions=[flow.decision],
    )
    services.meeting_publish_record(
        actor=world.reviewer, meeting_id=held.pk, version=held.version, record="会议审议了规划。"
    )
    planned = services.meeting_create(
        actor=world.clerk, unit=world.office, title="尚未召开的会议", held_on=dt.date(2025, 12, 1)
    )
    activity = services.activity_create(
        actor=world.clerk, unit=world.office, year=2025, title="政府开放日"
    )
    services.session_add(
        actor=world.clerk,
        activity_id=activity.pk,
        place="区政务服务中心",
        starts_at=dt.datetime(2025, 8, 15, 9, tzinfo=SHANGHAI),
        capacity=10,
    )
    activity.refresh_from_db()
    services.activity_publish_summary(
        actor=world.reviewer,
        activity_id=activity.pk,
        version=activity.version,
        summary="共接待市民40人次。",
        on=dt.date(2025, 8, 20),
    )
    private = services.activity_create(
        actor=world.clerk, unit=world.office, year=2025, title="内部筹备的活动", public=False
    )
    cat = services.catalogue_save(
        actor=world.clerk,
        unit=world.office,
        year=2025,
        items=[{"name": "示范区养老服务设施布局规划", "lead_unit": "区民政局"}],
    )
    draft_cat = services.catalogue_save(
        actor=world.clerk,
        unit=world.office,
        year=2026,
        items=[{"name": "草稿中的事项", "lead_unit": "区民政局"}],
    )
    with at("2025-03-31"):
        services.catalogue_publish(actor=world.reviewer, catalogue_id=cat.pk, version=cat.version)

    sitemap = client.get("/sitemap.xml").content.decode()
    shown = {
        f"/juece/catalogues/{cat.pk}/": "2025-03-31",
        f"/juece/decisions/{flow.decision.pk}/": "2025-09-20",  # the meeting, its latest step
        f"/juece/consultations/{flow.consultation.pk}/": "2025-08-20",
        f"/juece/meetings/{held.pk}/": "2025-09-20",
        f"/juece/activities/{activity.pk}/": "2025-08-20",
    }
    for path, day in shown.items():
        assert f"{path}</loc><lastmod>{day}</lastmod>" in sitemap, path
    assert "/juece/</loc>" in sitemap
    assert "/juece/activities/topics/</loc>" in sitemap
    for path in (
        f"/juece/consultations/{hidden_consultation.pk}/",
        f"/juece/decisions/{hidden_decision.pk}/",
        f"/juece/meetings/{planned.pk}/",
        f"/juece/activities/{private.pk}/",
        f"/juece/catalogues/{draft_cat.pk}/",
    ):
        assert path not in sitemap, path

    body = client.get("/xxgk/feed.atom").content
    feed = _feed(body)
    assert feed[f"/juece/consultations/{flow.consultation.pk}/"] == (
        flow.consultation.title,
        "2025-08-20T00:00:00+08:00",
    )
    assert feed[f"/juece/meetings/{held.pk}/"][1] == "2025-09-20T00:00:00+08:00"
    assert (
        feed[f"/juece/catalogues/{cat.pk}/"][0]
        == f"{world.office.name}2025年度重大行政决策事项目录"
    )
    assert not any(p.startswith(f"/juece/consultations/{hidden_consultation.pk}/") for p in feed)
    assert "尚未公开的征求意见稿" not in body.decode()
    assert "内部筹备的活动" not in body.decode()
    # <updated> comes from the data: identical requests give identical bytes
    assert client.get("/xxgk/feed.atom").content == body
    assert client.get("/sitemap.xml").content.decode() == sitemap


def test_a_survey_is_listed_with_its_consultation_and_hidden_with_it(world, client):
    with at("2025-08-20"):
        flow = make_flow(world)
    survey = services.questionnaire_create(
        actor=world.clerk,
        unit=world.office,
        title="养老服务需求调查",
        consultation=flow.consultation,
        questions=[{"text": "您最需要哪类服务？", "kind": "single", "choices": ["助餐", "助浴"]}],
    )
    assert f"/juece/surveys/{survey.pk}/</loc>" in client.get("/sitemap.xml").content.decode()
    flow.consultation.published = False
    flow.consultation.save()
    assert f"/juece/surveys/{survey.pk}/" not in client.get("/sitemap.xml").content.decode()
