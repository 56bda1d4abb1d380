"""Comments on a draft: anyone may comment without an account, on the whole or on a section;
nothing shows until a moderator publishes it (masked); a refused post keeps what was typed;
staff answer 采纳/部分采纳/不采纳 with a reason; the report is generated from the answers."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.moderation.models import ModerationItem
from gongkai.participation import services
from gongkai.participation.models import Comment, PubState
from gongkai.participation.tests.conftest import at, comment, make_flow, moderate
from gongkai.testing import solve_challenge

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture(autouse=True)
def _fresh_limits(db):
    cache.clear()


def _answer(page: str) -> tuple[str, str]:
    """Read the sum the page asks (in Chinese words) and answer it, as a person would."""
    token = re.search(r'name="challenge" value="([^"]+)"', page)
    assert token is not None
    return token.group(1), solve_challenge(page)


def _post(client, flow, **over):
    page = client.get(f"/juece/consultations/{flow.consultation.pk}/").content.decode()
    token, answer = _answer(page)
    data = {
        "section": "2",
        "text": "建议每个街道的为老服务中心配备助浴设施。",
        "name": "",
        "contact": "",
        "challenge": token,
        "answer": answer,
        "website": "",
    }
    data.update(over)
    return client.post(f"/juece/consultations/{flow.consultation.pk}/", data)


def test_a_comment_on_a_section_waits_for_a_moderator_then_shows_masked(world, client):
    with at("2025-09-01"):
        flow = make_flow(world)
        r = _post(
            client,
            flow,
            text="第二条很好。我住幸福路12号，电话13812345678",
            name="柯南测试",
            contact="13812345678",
        )
        assert r.status_code == 302
        page = client.get(f"/juece/consultations/{flow.consultation.pk}/").content.decode()
        assert "第二条很好" not in page  # pending: invisible
        assert "经审核后公开" in client.get(r["Location"]).content.decode()
        c = Comment.objects.get()
        assert c.section.number == 2
        assert c.state == PubState.PENDING
        moderate(world, c)
        page = client.get(f"/juece/consultations/{flow.consultation.pk}/").content.decode()
    assert "第二条很好" in page
    for secret in ("13812345678", "柯南测试", "幸福路12号"):
        assert secret not in page


def test_a_wrong_sum_is_refused_and_everything_typed_is_kept(world, client):
    with at("2025-09-01"):
        flow = make_flow(world)
        r = _post(client, flow, answer="999", text="保留我写的这段话", name="张三丰测")
    assert r.status_code == 400
    page = r.content.decode()
    assert "验证问题的答案不对" in page
    assert "保留我写的这段话" in page
    assert 'value="张三丰测"' in page
    assert Comment.objects.count() == 0


def test_the_honeypot_stores_nothing(world, client):
    with at("2025-09-01"):
        flow = make_flow(world)
        r = _post(client, flow, website="http://spam.example")
    assert r.status_code == 200
    assert Comment.objects.count() == 0


def test_the_rate_limit_refuses_with_429_and_keeps_the_text(world, client, monkeypatch):
    from gongkai.participation import views

    monkeypatch.setattr(views, "COMMENTS_PER_HOUR", 2)
    with at("2025-09-01"):
        flow = make_flow(world)
        assert _post(client, flow).status_code == 302
        assert _post(client, flow).status_code == 302
        r = _post(client, flow, text="第三条意见不要丢")
    assert r.status_code == 429
    assert "第三条意见不要丢" in r.content.decode()
    assert Comment.objects.count() == 2


def test_comments_outside_the_period_are_refused(world):
    with at("2025-09-01"):
        flow = make_flow(world)
    with at("2025-09-20"), pytest.raises(ValidationFailed, match="不在期限内"):
        comment(flow.consultation)


def test_moderation_states_pending_published_rejected(world):
    with at("2025-09-01"):
        flow = make_flow(world)
        a, b = comment(flow.consultation, "甲意见"), comment(flow.consultation, "乙意见")
    assert {a.state, b.state} == {PubState.PENDING}
    moderate(world, a)
    moderate(world, b, decision="rejected", reason="off_topic")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == PubState.PUBLISHED
    assert a.published_text == "甲意见"
    assert b.state == PubState.REJECTED
    assert b.published_text == ""
    with pytest.raises(ValidationFailed, match="尚未发布"):
        services.comment_answer(
            actor=world.clerk, comment_id=b.pk, version=b.version, answer="adopted", reason=""
        )


def test_concurrent_moderation_through_the_queue_page_one_wins(world, client):
    """Two moderators open the queue on the same comment; the second decision is refused
    with a clear message and the comment stays as the first decided it."""
    from django.test import Client

    with at("2025-09-01"):
        flow = make_flow(world)
        c = comment(flow.consultation, "同时审核的意见")
    item = ModerationItem.objects.get(kind=services.COMMENT_KIND, object_id=str(c.pk))
    first, second = Client(), Client()
    first.force_login(world.reviewer)
    second.force_login(world.head)
    assert "同时审核的意见" in first.get("/staff/moderation/").content.decode()
    assert "同时审核的意见" in second.get("/staff/moderation/").content.decode()
    r1 = first.post(
        f"/staff/moderation/{item.pk}/decide/", {"decision": "published", "version": item.version}
    )
    r2 = second.post(
        f"/staff/moderation/{item.pk}/decide/",
        {"decision": "rejected", "reason": "spam", "version": item.version},
        follow=True,
    )
    assert r1.status_code == 302
    assert "已由郑审核处理为“已发布”" in r2.content.decode()
    c.refresh_from_db()
    assert c.state == PubState.PUBLISHED
    page = client.get(f"/juece/consultations/{flow.consultation.pk}/").content.decode()
    assert "同时审核的意见" in page


def test_answers_need_a_reason_unless_adopted_and_are_version_checked(world):
    with at("2025-09-01"):
        flow = make_flow(world)
        c = comment(flow.consultation, "建议取消第一条")
    moderate(world, c)
    c.refresh_from_db()
    with pytest.raises(ValidationFailed, match="请写明理由"):
        services.comment_answer(
            actor=world.clerk, comment_id=c.pk, version=c.version, answer="not_adopted"
        )
    services.comment_answer(
        actor=world.clerk,
        comment_id=c.pk,
        version=c.version,
        answer="not_adopted",
        reason="第一条为规划目的，不宜删除。",
    )
    with pytest.raises(ConflictError):
        services.comment_answer(
            actor=world.reviewer, comment_id=c.pk, version=c.version, answer="adopted"
        )


def test_the_report_counts_answers_by_theme_and_comment_and_gives_reasons(world):
    with at("2025-09-01"):
        flow = make_flow(world)
        a = comment(flow.consultation, "多建食堂", section=2)
        b = comment(flow.consultation, "食堂要便宜", section=2)
        c = comment(flow.consultation, "取消规划", section=None)
    for x in (a, b, c):
        moderate(world, x)
    theme = services.theme_create(
        actor=world.clerk, consultation_id=flow.consultation.pk, title="社区食堂"
    )
    services.theme_answer(
        actor=world.clerk, theme_id=theme.pk, answer="partly", reason="纳入有条件的街道。"
    )
    for x in (a, b):
        x.refresh_from_db()
        services.comment_answer(
            actor=world.clerk, comment_id=x.pk, version=x.version, theme_id=theme.pk
        )
    c.refresh_from_db()
    services.comment_answer(
        actor=world.clerk,
        comment_id=c.pk,
        version=c.version,
        answer="not_adopted",
        reason="规划有法定依据。",
    )
    text = services.adoption_report_text(flow.decision)
    assert "共收到意见3条；其中采纳0条，部分采纳2条，不采纳1条" in text
    assert "关于“社区食堂”（2条）：部分采纳。纳入有条件的街道。" in text
    assert "关于草案整体的意见：不采纳。规划有法定依据。" in text


def test_staff_of_another_unit_cannot_open_or_answer(world):
    with at("2025-09-01"):
        flow = make_flow(world)
        c = comment(flow.consultation)
    moderate(world, c)
    c.refresh_from_db()
    from gongkai.core.errors import AccessDenied

    with pytest.raises(AccessDenied):
        services.comment_answer(
            actor=world.other_clerk, comment_id=c.pk, version=c.version, answer="adopted"
        )
