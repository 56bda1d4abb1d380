"""The handling of a message: the one state machine, deadlines on the working-day calendar,
routing and sending back, reviewed replies, 选登 through the moderation queue, rating, the
tick's reminders (never twice), access by unit, concurrent edits refused."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import AccessDenied, ConflictError, ValidationFailed
from gongkai.interaction.jobs import interaction_tick
from gongkai.interaction.machine import Publication, State
from gongkai.interaction.models import Message, Reminder
from gongkai.interaction.services import message_act, message_rate
from gongkai.interaction.tests.conftest import SHANGHAI, WRITER, act, at, submit
from gongkai.moderation.models import ModerationItem
from gongkai.moderation.services import moderation_decide

pytestmark = pytest.mark.usefixtures("calendar")


def test_a_message_gets_a_deadline_in_working_days_skipping_the_national_day_holiday(world):
    # 2025-09-30 (Tue) + 5 working days: 1–8 October are the holiday and 11 October (Sat) a
    # make-up working day, so the days counted are 9, 10, 11, 13 and 14 October
    message = submit(world, "2025-09-30")
    assert message.state == State.RECEIVED
    assert message.due_on == dt.date(2025, 10, 14)
    assert message.publication == Publication.WAITING


def test_the_full_path_routed_to_another_unit_answered_reviewed_published_masked_and_rated(
    world, civil_staff
):
    message = submit(world)
    act(world.clerk, message, "route", to_unit=world.civil)
    message.refresh_from_db()
    assert message.state == State.ROUTED
    assert message.handling_unit == world.civil
    # the receiving unit's clerk cannot draft for the other unit
    with pytest.raises(AccessDenied):
        act(world.clerk, message, "draft_reply", reply="答复")
    act(
        world.other_clerk,
        message,
        "draft_reply",
        reply="欧阳咨询乙您好：补贴可在街道受理窗口申请。",
    )
    with pytest.raises(AccessDenied):
        act(world.other_clerk, message, "approve_reply")  # a clerk cannot review
    act(civil_staff["reviewer"], message, "approve_reply")
    done = act(world.other_clerk, message, "send_reply", day="2026-11-05")
    assert done.state == State.REPLIED
    assert done.replied_on_time is True
    assert done.publication == Publication.PENDING
    item = ModerationItem.objects.get(kind="interaction.message", object_id=str(done.pk))
    assert item.unit == world.civil
    # the other unit's reviewer confirms the masked text
    moderation_decide(
        actor=civil_staff["reviewer"], item_id=item.pk, decision="published", version=item.version
    )
    done.refresh_from_db()
    assert done.publication == Publication.PUBLISHED
    public = f"{done.published_title}{done.published_content}{done.published_reply}"
    for secret in ("欧阳咨询乙", "13911112222", "110101199003077774", "幸福路88号"):
        assert secret not in public
    assert "加装电梯补贴" in done.published_content
    assert "街道受理窗口" in done.published_reply
    rated = message_rate(code=done.tracking_code, phone="139-1111-2222", satisfaction="satisfied")
    assert rated.state == State.CLOSED
    assert rated.satisfaction == "satisfied"
    actions = set(
        AuditEvent.objects.filter(object_id=done.tracking_code).values_list("action", flat=True)
    )
    assert {
        "interaction.receive",
        "interaction.route",
        "interaction.draft_reply",
        "interaction.approve_reply",
        "interaction.send_reply",
        "interaction.publish",
        "interaction.rate",
    } <= actions


def test_the_handling_unit_sends_a_message_back_with_a_reason_and_it_is_routed_again(world):
    message = submit(world)
    act(world.clerk, message, "route", to_unit=world.civil)
    with pytest.raises(ValidationFailed, match="理由"):
        act(world.other_clerk, message, "send_back")
    back = act(world.other_clerk, message, "send_back", reason="不属于本部门职责，应由教育局办理")
    assert back.state == State.RECEIVED
    assert back.handling_unit is None
    assert back.return_reason.startswith("不属于本部门")
    again = act(world.clerk, message, "route", to_unit=world.office)
    assert again.state == State.ROUTED
    with pytest.raises(ValidationFailed, match="无需退回"):
        act(world.clerk, message, "send_back", reason="x")


def test_a_step_not_allowed_from_the_state_is_refused_in_chinese(world):
    message = submit(world)
    with pytest.raises(ValidationFailed, match="当前为“已收到"):
        act(world.clerk, message, "send_reply")


def test_two_clerks_acting_on_the_same_version_one_wins(world):
    message = submit(world)
    stale = message.version
    act(world.clerk, message, "route", to_unit=world.office)
    with pytest.raises(ConflictError, match="已被他人办理"), at("2026-11-03"):
        message_act(
            actor=world.head,
            code=message.tracking_code,
            action="decline",
            version=stale,
            reason="重复",
        )


def test_another_units_clerk_cannot_route_a_message_they_did_not_receive(world):
    message = submit(world)
    with pytest.raises(AccessDenied):
        act(world.other_clerk, message, "route", to_unit=world.civil)


def test_a_message_whose_writer_did_not_choose_public_never_reaches_the_queue(world):
    message = submit(world, wants_public=False)
    act(world.clerk, message, "route", to_unit=world.office)
    act(world.clerk, message, "draft_reply", reply="答复如下。")
    act(world.reviewer, message, "approve_reply")
    done = act(world.clerk, message, "send_reply")
    assert done.publication == Publication.NOT_CHOSEN
    assert not ModerationItem.objects.filter(object_id=str(done.pk)).exists()


def test_rating_needs_the_right_phone_and_a_reply(world):
    message = submit(world)
    with pytest.raises(ValidationFailed, match="不匹配"):
        message_rate(code=message.tracking_code, phone="13900000000", satisfaction="satisfied")
    with pytest.raises(ValidationFailed, match="尚未答复"):
        message_rate(code=message.tracking_code, phone=WRITER["phone"], satisfaction="basic")


def test_the_tick_flags_due_soon_and_overdue_and_reminds_each_person_once(world):
    message = submit(world, "2026-11-02")  # due 2026-11-09 (5 working days)
    assert message.due_on == dt.date(2026, 11, 9)
    act(world.clerk, message, "route", to_unit=world.office)
    now = dt.datetime(2026, 11, 6, 7, tzinfo=SHANGHAI)
    first = interaction_tick(now)
    message.refresh_from_db()
    assert message.due_soon
    assert not message.overdue
    assert first["reminders_sent"] == 2  # the office's clerk and head
    again = interaction_tick(now)
    assert again["reminders_sent"] == 0
    late = interaction_tick(dt.datetime(2026, 11, 10, 7, tzinfo=SHANGHAI))
    message.refresh_from_db()
    assert message.overdue
    assert late["reminders_sent"] == 2
    assert Reminder.objects.filter(message=message).count() == 4
    assert interaction_tick(dt.datetime(2026, 11, 11, 7, tzinfo=SHANGHAI))["reminders_sent"] == 0


def test_a_reply_not_rated_within_the_window_is_closed_by_the_tick(world):
    message = submit(world)
    act(world.clerk, message, "route", to_unit=world.office)
    act(world.clerk, message, "draft_reply", reply="答复如下。")
    act(world.reviewer, message, "approve_reply")
    act(world.clerk, message, "send_reply", day="2026-11-04")
    assert interaction_tick(dt.datetime(2026, 11, 10, 7, tzinfo=SHANGHAI))["closed_unrated"] == 0
    assert interaction_tick(dt.datetime(2026, 12, 1, 7, tzinfo=SHANGHAI))["closed_unrated"] == 1
    assert Message.objects.get(pk=message.pk).state == State.CLOSED


def test_a_late_reply_counts_as_overdue_in_the_statistics(world):
    from gongkai.interaction.selectors import counts_by

    on_time = submit(world)
    late = submit(world, title="第二条")
    for m, day in ((on_time, "2026-11-03"), (late, "2026-11-20")):
        act(world.clerk, m, "route", to_unit=world.office, day=day)
        act(world.clerk, m, "draft_reply", reply="答复如下。", day=day)
        act(world.reviewer, m, "approve_reply", day=day)
        act(world.clerk, m, "send_reply", day=day)
    rows = dict(counts_by(dt.date(2026, 11, 1), dt.date(2026, 12, 1), "unit"))
    c = rows[world.office.name]
    assert (c.received, c.replied, c.on_time, c.overdue) == (2, 2, 1, 1)
