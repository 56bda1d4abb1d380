"""A decision from catalogue to adoption report, through the staff and public pages: the to-do
list shows the report's due date, the supervisors' page the figures, the document page links
back to the decision, and the annual report gets a suggested paragraph."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.errors import ValidationFailed
from gongkai.participation import selectors, services
from gongkai.participation.tests.conftest import (
    at,
    comment,
    make_flow,
    moderate,
    publish_document,
    result_document,
)

pytestmark = pytest.mark.usefixtures("calendar")


def _decided(world):
    with at("2025-09-01"):
        flow = make_flow(world)
        c = comment(flow.consultation, "建议第二条增加助餐点。", section=2)
    moderate(world, c)
    c.refresh_from_db()
    services.comment_answer(
        actor=world.clerk,
        comment_id=c.pk,
        version=c.version,
        answer="not_adopted",
        reason="助餐点另行规划。",
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
    return flow, doc


def test_the_report_waits_for_the_published_document_and_every_answer(world):
    with at("2025-09-01"):
        flow = make_flow(world)
        c = comment(flow.consultation, "意见")
    moderate(world, c)
    with pytest.raises(ValidationFailed, match="决策文件公开后"):
        services.decision_publish_report(
            actor=world.reviewer, decision_id=flow.decision.pk, version=flow.decision.version
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
    with pytest.raises(ValidationFailed, match="1 条已发布的意见未答复"):
        services.decision_publish_report(
            actor=world.reviewer, decision_id=flow.decision.pk, version=flow.decision.version
        )


def test_the_todo_list_shows_the_due_date_then_nothing_once_published(world, login):
    flow, _doc = _decided(world)
    c = login(world.clerk)
    with at("2025-10-14"):
        home = c.get("/staff/").content.decode()
    assert "意见采纳情况即将到期" in home
    assert "应于2025年10月16日前公布" in home
    with at("2025-10-20"):
        assert "意见采纳情况已逾期" in c.get("/staff/").content.decode()
    with at("2025-10-15"):
        services.decision_publish_report(
            actor=world.reviewer, decision_id=flow.decision.pk, version=flow.decision.version
        )
        assert "意见采纳情况" not in c.get("/staff/").content.decode()
    flow.decision.refresh_from_db()
    assert selectors.report_timeliness(flow.decision).state == "on_time"


def test_the_public_decision_page_shows_every_stage_and_the_document_links_back(world, client):
    flow, doc = _decided(world)
    with at("2025-10-15"):
        services.decision_publish_report(
            actor=world.reviewer, decision_id=flow.decision.pk, version=flow.decision.version
        )
        page = client.get(f"/juece/decisions/{flow.decision.pk}/").content.decode()
    assert "公开征求意见" in page
    assert "决策结果" in page
    assert f"/xxgk/documents/{doc.pk}/" in page
    assert "意见收集和采纳情况" in page
    assert "不采纳1条" in page
    assert "已公开采纳情况" in page
    doc_page = client.get(f"/xxgk/documents/{doc.pk}/").content.decode()
    assert "相关重大行政决策" in doc_page
    assert f"/juece/decisions/{flow.decision.pk}/" in doc_page


def test_staff_publish_the_report_through_the_decision_page(world, login):
    flow, _doc = _decided(world)
    c = login(world.reviewer)
    with at("2025-10-15"):
        page = c.get(f"/staff/participation/decisions/{flow.decision.pk}/").content.decode()
        assert "2025年10月16日" in page
        r = c.post(
            f"/staff/participation/decisions/{flow.decision.pk}/",
            {"action": "report", "version": flow.decision.version},
            follow=True,
        )
    assert "意见收集和采纳情况已公布" in r.content.decode()
    flow.decision.refresh_from_db()
    assert flow.decision.report_published_on == dt.date(2025, 10, 15)


def test_the_supervisors_figures_and_the_annual_report_paragraph(world, login):
    flow, _doc = _decided(world)
    with at("2025-10-20"):
        services.decision_publish_report(
            actor=world.reviewer, decision_id=flow.decision.pk, version=flow.decision.version
        )
    f = selectors.year_figures(world.office, 2025, on=dt.date(2025, 12, 31))
    assert (f.consultations, f.consultation_days_min, f.reports_late, f.reports_on_time) == (
        1,
        30,
        1,
        0,
    )
    assert f.catalogue is not None
    assert f.catalogue.state == "overdue"  # no catalogue recorded for 2025
    text = selectors.annual_report_paragraph(world.office, 2025)
    assert "2025年度重大行政决策事项目录尚未公开" in text
    assert "对1件决策草案公开征求意见，征求意见期平均30.0日" in text
    assert "邀请公众代表列席决策会议0次（目标4次）" in text
    page = login(world.supervisor).get("/staff/supervision/?year=2025").content.decode()
    assert "重大行政决策与公众参与" in page
    assert "采纳情况逾期公开（件）" in page


def test_catalogue_publish_adjust_and_public_page(world, client):
    cat = services.catalogue_save(
        actor=world.clerk,
        unit=world.office,
        year=2025,
        items=[
            {
                "name": "示范区养老服务设施布局规划",
                "lead_unit": "区民政局",
                "legal_basis": "《老年人权益保障法》",
                "planned_timing": "2025年第四季度",
                "hearing": True,
            }
        ],
    )
    assert client.get(f"/juece/catalogues/{cat.pk}/").status_code == 404  # not public yet
    with pytest.raises(Exception, match="权限"):
        services.catalogue_publish(actor=world.clerk, catalogue_id=cat.pk, version=cat.version)
    services.catalogue_publish(
        actor=world.reviewer, catalogue_id=cat.pk, version=cat.version, on=dt.date(2025, 3, 20)
    )
    cat.refresh_from_db()
    with pytest.raises(ValidationFailed, match="目录调整"):
        services.catalogue_save(
            actor=world.clerk, unit=world.office, year=2025, items=[{"name": "x", "lead_unit": "y"}]
        )
    services.catalogue_adjust(
        actor=world.clerk,
        catalogue_id=cat.pk,
        version=cat.version,
        description="根据区政府常务会议决定，增补一项。",
        add={"name": "示范区停车设施专项规划", "lead_unit": "区交通委"},
        on=dt.date(2025, 6, 1),
    )
    page = client.get(f"/juece/catalogues/{cat.pk}/").content.decode()
    assert "示范区停车设施专项规划" in page
    assert "根据区政府常务会议决定，增补一项。" in page
    assert "目录调整情况" in page
    assert "2025年度" in client.get("/juece/").content.decode()


def test_staff_pages_render_for_the_office_and_hide_other_units(world, login):
    with at("2025-09-01"):
        flow = make_flow(world)
    c = login(world.clerk)
    for url in (
        "/staff/participation/",
        f"/staff/participation/decisions/{flow.decision.pk}/",
        f"/staff/participation/consultations/{flow.consultation.pk}/",
    ):
        assert c.get(url).status_code == 200, url
    other = login(world.other_clerk)
    assert other.get(f"/staff/participation/decisions/{flow.decision.pk}/").status_code == 404


def test_the_demo_has_a_decision_at_each_stage_and_is_idempotent(db):
    import io

    from django.core.management import call_command

    from gongkai.participation.models import (
        Catalogue,
        Comment,
        Meeting,
        PubState,
        Registration,
    )

    load = io.StringIO()
    call_command("demo-data", stdout=load)
    assert Catalogue.objects.filter(published_on__isnull=False).count() == 1
    stages = {selectors.decision_stage(d) for d in selectors.public_decisions()}
    assert stages == {"planned", "consulting", "deciding", "decided", "reported"}
    states = set(Comment.objects.values_list("state", flat=True))
    assert {PubState.PUBLISHED, PubState.PENDING} <= states
    assert Meeting.objects.get().representatives.filter(attended=True).count() == 4
    assert Registration.objects.filter(state="waiting").count() == 1
    n = Comment.objects.count()
    call_command("demo-data", stdout=io.StringIO())
    assert Comment.objects.count() == n
