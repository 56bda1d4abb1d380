"""Public representatives at meetings (列席) and open activities (政府开放活动): the records,
registration with a waiting list and cancellation, check-in, topics voted on, and the yearly
counts against the targets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from gongkai.core.errors import ValidationFailed
from gongkai.participation import selectors, services
from gongkai.participation.models import RegState
from gongkai.participation.tests.conftest import SHANGHAI, at

pytestmark = pytest.mark.usefixtures("calendar")


def _meeting(world, day: str, attended: bool = True):
    m = services.meeting_create(
        actor=world.clerk,
        unit=world.office,
        title=f"区政府常务会议（{day}）",
        held_on=dt.date.fromisoformat(day),
    )
    r = services.representative_add(
        actor=world.clerk,
        meeting_id=m.pk,
        kind="citizen",
        name="钱多多测",
        contact="13655556666",
        selected=True,
    )
    services.representative_record(
        actor=world.clerk,
        representative_id=r.pk,
        selected=True,
        attended=attended,
        opinion="建议加快实施，联系我13655556666" if attended else "",
        adoption="adopted" if attended else "",
    )
    m.refresh_from_db()
    services.meeting_publish_record(
        actor=world.reviewer,
        meeting_id=m.pk,
        version=m.version,
        record="会议听取了钱多多测等代表的意见。",
    )
    return m


def test_meetings_count_only_when_a_representative_attended_and_meet_the_target(world):
    for day in ("2025-02-10", "2025-05-12", "2025-08-11"):
        _meeting(world, day)
    _meeting(world, "2025-11-10", attended=False)
    f = selectors.year_figures(world.office, 2025, on=dt.date(2025, 12, 31))
    assert f.meetings == 3
    assert f.meetings_target == 4
    _meeting(world, "2025-12-01")
    assert selectors.year_figures(world.office, 2025).meetings == 4
    assert selectors.year_figures(world.office, 2024).meetings == 0


def test_a_unit_may_set_its_own_target(world):
    services.unit_target_set(actor=world.admin, unit=world.office, meetings=6, open_activities=2)
    f = selectors.year_figures(world.office, 2025)
    assert (f.meetings_target, f.activities_target) == (6, 2)
    assert selectors.year_figures(world.civil, 2025).meetings_target == 4


def test_the_public_record_has_no_name_or_contact(world, client):
    m = _meeting(world, "2025-05-12")
    page = client.get(f"/juece/meetings/{m.pk}/").content.decode()
    assert "市民代表" in page
    assert "建议加快实施" in page
    for secret in ("钱多多测", "13655556666"):
        assert secret not in page


def test_representatives_who_were_not_selected_cannot_be_recorded_present(world):
    m = services.meeting_create(
        actor=world.clerk, unit=world.office, title="会", held_on=dt.date(2025, 5, 1)
    )
    r = services.representative_add(actor=world.clerk, meeting_id=m.pk, kind="media", name="记者甲")
    with pytest.raises(ValidationFailed, match="未确定列席"):
        services.representative_record(
            actor=world.clerk, representative_id=r.pk, selected=False, attended=True
        )


def _activity(world, capacity=2):
    a = services.activity_create(
        actor=world.clerk, unit=world.office, year=2025, title="走进区政务服务中心"
    )
    s = services.session_add(
        actor=world.clerk,
        activity_id=a.pk,
        place="区政务服务中心",
        starts_at=dt.datetime(2025, 8, 15, 9, tzinfo=SHANGHAI),
        capacity=capacity,
    )
    return a, s


def test_registration_fills_places_then_waits_and_a_cancellation_promotes_the_first_waiting(world):
    _a, s = _activity(world, capacity=2)
    with at("2025-08-01"):
        r1 = services.registration_submit(session_id=s.pk, name="甲", contact="13000000001")
        r2 = services.registration_submit(session_id=s.pk, name="乙", contact="13000000002")
        r3 = services.registration_submit(session_id=s.pk, name="丙", contact="13000000003")
        r4 = services.registration_submit(session_id=s.pk, name="丁", contact="13000000004")
    assert [r.state for r in (r1, r2, r3, r4)] == [RegState.CONFIRMED] * 2 + [RegState.WAITING] * 2
    services.registration_cancel(code=r2.code)
    r3.refresh_from_db()
    r4.refresh_from_db()
    assert r3.state == RegState.CONFIRMED
    assert r4.state == RegState.WAITING
    with pytest.raises(ValidationFailed, match="已取消"):
        services.registration_cancel(code=r2.code)
    services.registration_check_in(actor=world.clerk, registration_id=r1.pk)
    with pytest.raises(ValidationFailed, match="不能签到"):
        services.registration_check_in(actor=world.clerk, registration_id=r4.pk)


def test_registering_and_cancelling_through_the_pages_uses_a_private_link(world, client):
    import re

    from gongkai.testing import solve_challenge

    cache.clear()
    a, s = _activity(world, capacity=1)
    with at("2025-08-01"):
        page = client.get(f"/juece/activities/{a.pk}/").content.decode()
        token = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
        r = client.post(
            f"/juece/activities/{a.pk}/",
            {
                "session": str(s.pk),
                "name": "孙悟空测",
                "contact": "13811112222",
                "challenge": token,
                "answer": solve_challenge(page),
                "website": "",
            },
        )
        assert r.status_code == 302
        mine = client.get(r["Location"]).content.decode()
        assert "报名成功" in mine
        client.post(r["Location"], {"cancel": "1"})
        assert "已取消" in client.get(r["Location"]).content.decode()
        public = client.get(f"/juece/activities/{a.pk}/").content.decode()
    assert "孙悟空测" not in public
    assert "13811112222" not in public


def test_open_activities_count_once_the_summary_is_published_and_august_is_the_open_month(world):
    a, _s = _activity(world)
    assert selectors.year_figures(world.office, 2025).activities == 0
    services.activity_publish_summary(
        actor=world.reviewer,
        activity_id=a.pk,
        version=a.version,
        summary="共接待市民40人次。",
        on=dt.date(2025, 8, 20),
    )
    f = selectors.year_figures(world.office, 2025)
    assert f.activities == 1
    assert f.activities_target == 1
    assert f.open_month_activities == 1


def test_topics_are_moderated_before_they_can_be_voted_on(world):
    from gongkai.moderation.models import ModerationItem
    from gongkai.moderation.services import moderation_decide

    with at("2025-06-01"):
        t = services.topic_submit(
            unit=world.office, year=2025, text="开放垃圾分类处理中心，电话13712341234"
        )
    with pytest.raises(ValidationFailed):
        services.topic_vote(topic_id=t.pk, address="203.0.113.5")
    item = ModerationItem.objects.get(kind=services.TOPIC_KIND, object_id=str(t.pk))
    moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
    )
    services.topic_vote(topic_id=t.pk, address="203.0.113.5")
    t.refresh_from_db()
    assert t.votes == 1
    assert "13712341234" not in t.published_text


def test_a_questionnaire_made_on_the_staff_page_is_answered_and_aggregated(world, login, client):
    from gongkai.moderation.models import ModerationItem
    from gongkai.moderation.services import moderation_decide
    from gongkai.participation.models import Questionnaire

    a, _s = _activity(world)
    staff = login(world.clerk)
    bad = staff.post(
        f"/staff/participation/activities/{a.pk}/",
        {"action": "survey", "title": "反馈", "questions": "判断|好不好"},
        follow=True,
    )
    assert "第1行：应为“题型|题目|选项1;选项2”" in bad.content.decode()
    staff.post(
        f"/staff/participation/activities/{a.pk}/",
        {
            "action": "survey",
            "title": "开放日反馈",
            "questions": "单选|是否满意|满意;不满意\n多选|喜欢哪些环节|参观;座谈;体验\n量表|总体评分\n文字|其他建议",
        },
    )
    q = Questionnaire.objects.get(activity=a)
    staff.logout()
    for one, many, score, text in (
        ("满意", ["参观", "座谈"], "5", "希望多办"),
        ("不满意", ["参观"], "3", ""),
    ):
        r = client.post(f"/juece/surveys/{q.pk}/", {"q1": one, "q2": many, "q3": score, "q4": text})
        assert r.status_code == 302
    page = client.get(f"/juece/surveys/{q.pk}/").content.decode()
    assert "满意：1" in page
    assert "参观：2" in page
    assert "平均分：4.0" in page
    assert "希望多办" not in page  # free text waits for a moderator
    item = ModerationItem.objects.get(kind="participation.survey_text")
    moderation_decide(
        actor=world.reviewer, item_id=item.pk, decision="published", version=item.version
    )
    assert "希望多办" in client.get(f"/juece/surveys/{q.pk}/").content.decode()
    refused = client.post(f"/juece/surveys/{q.pk}/", {"q1": "随便", "q4": "保留的回答"})
    assert refused.status_code == 400
    assert "保留的回答" in refused.content.decode()


def test_the_session_choice_shows_beijing_time_like_the_table(world, client):
    """Review finding: the table said 09:00 and the sign-up list 01:00 (UTC)."""
    import re

    a, _s = _activity(world)
    with at("2025-08-01"):
        page = client.get(f"/juece/activities/{a.pk}/").content.decode()
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert any("2025年8月15日 09:00" in o for o in options), options
    assert not any("01:00" in o for o in options)
