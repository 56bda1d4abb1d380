"""The lifecycle through the services, on the real 2024 calendar (National Day: 10-01..07 off,
Sun 09-29 and Sat 10-12 worked)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications.jobs import applications_tick
from gongkai.applications.machine import State
from gongkai.applications.models import ApplicationEvent, Notification
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import application_register_paper, case_clock
from gongkai.applications.tests.conftest import CASE, PERSON, SHANGHAI, act, at, submit
from gongkai.audit.models import AuditEvent
from gongkai.audit.services import audit_record
from gongkai.core.errors import AccessDenied, ConflictError, DomainError, ValidationFailed
from gongkai.core.middleware import acting_through
from gongkai.workdays.arrangement import from_chinesecalendar
from gongkai.workdays.services import calendar_apply_import

D = dt.date
pytestmark = pytest.mark.usefixtures("calendar")


def test_art33_online_application_is_due_on_the_20th_working_day(world):
    app = submit(world, "2024-09-20")
    assert app.state == State.RECEIVED
    assert app.received_on == D(2024, 9, 20)
    # 09-23..27 (5), 09-29 make-up (6), 09-30 (7), 10-01..07 off, 10-08..11 (11), 10-12 make-up
    # (12), 10-14..18 (17), 10-21..23 (20)
    assert app.due_on == D(2024, 10, 23)
    lines = "\n".join(case_clock(app, D(2024, 9, 20)).lines)
    assert "国庆节" in lines
    assert "第三十三条第一款" in lines
    assert "民法典" in lines


def test_paper_entry_uses_the_art31_date_and_flags_late_entry(world):
    with at("2024-10-08"):
        app = application_register_paper(
            actor=world.clerk,
            unit=world.office,
            channel="registered_mail",
            values=CASE,
            applicant=PERSON,
            submitted=D(2024, 9, 24),
            signed=D(2024, 9, 27),
        )
    assert app.received_on == D(2024, 9, 27)
    assert app.state == State.REGISTERED
    assert app.late_entry is True  # 09-29, 09-30, 10-08: three working days
    assert "签收" in app.receipt_rule


def test_a_clerk_of_another_unit_cannot_register_or_act(world):
    with at("2024-09-20"), pytest.raises(AccessDenied):
        application_register_paper(
            actor=world.other_clerk,
            unit=world.office,
            channel="in_person",
            values=CASE,
            applicant=PERSON,
            submitted=D(2024, 9, 20),
        )
    app = submit(world, "2024-09-20")
    with pytest.raises(AccessDenied):
        act(world.other_clerk, app, "register", "2024-09-20")


def test_art30_correction_restarts_the_clock_from_the_corrected_application(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-23")
    app = act(world.clerk, app, "request_correction", "2024-09-24", what="请写明项目名称")
    assert app.state == State.CORRECTION
    assert app.overdue is False
    assert app.due_soon is False
    app = act(world.clerk, app, "receive_correction", "2024-10-09")
    assert app.state == State.HANDLING
    # from 10-09: 10-10, 10-11, 10-12 (make-up) (3), 10-14..18 (8), 10-21..25 (13),
    # 10-28..11-01 (18), 11-04 (19), 11-05 (20)
    assert app.due_on == D(2024, 11, 5)
    assert "第三十条" in "\n".join(case_clock(app, D(2024, 10, 9)).lines)


def test_art30_only_one_correction_notice_and_only_within_7_working_days(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    # 7th working day after 09-20: 09-23..27 (5), 09-29 (6), 09-30 (7)
    with pytest.raises(DomainError, match="7 个工作日内"):
        act(world.clerk, app, "request_correction", "2024-10-08", what="x")
    app2 = submit(world, "2024-09-20")
    act(world.clerk, app2, "register", "2024-09-20")
    act(world.clerk, app2, "request_correction", "2024-09-30", what="请写明文号")
    act(world.clerk, app2, "receive_correction", "2024-10-08")
    with pytest.raises(DomainError, match="只能发出一次"):
        act(world.clerk, app2, "request_correction", "2024-10-08", what="再补一次")


def test_art30_no_correction_in_time_is_deemed_withdrawn(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "request_correction", "2024-09-23", what="请写明文号", until="2024-10-10")
    with pytest.raises(DomainError, match="尚未届满"):
        act(world.clerk, app, "correction_lapsed", "2024-10-10")
    app = act(world.clerk, app, "correction_lapsed", "2024-10-11")
    assert app.state == State.CLOSED
    assert app.outcome == Outcome.NO_CORRECTION


def test_art32_33_consultation_pauses_the_clock(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20", unit=world.division.code)
    app = act(
        world.clerk,
        app,
        "start_consultation",
        "2024-09-23",
        party="third_party",
        party_name="某公司",
    )
    assert app.state == State.CONSULTING
    assert app.clock_paused
    app = act(world.clerk, app, "end_consultation", "2024-09-27", opinion="不同意公开")
    # 09-23..27 not counted; from 09-29: 09-29, 09-30, 10-08..11 (6), 10-12 (7), 10-14..18 (12),
    # 10-21..25 (17), 10-28..30 (20)
    assert app.due_on == D(2024, 10, 30)
    assert "第三十三条第二款" in "\n".join(case_clock(app, D(2024, 10, 1)).lines)


def test_art33_extension_only_by_the_head_once_and_at_most_20_days(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    with pytest.raises(AccessDenied):
        act(world.clerk, app, "extend", "2024-10-21", days=20, reason="需调取档案")
    with pytest.raises(ValidationFailed, match="20 个工作日"):
        act(world.head, app, "extend", "2024-10-21", days=21, reason="需调取档案")
    app = act(world.head, app, "extend", "2024-10-21", days=20, reason="需调取档案")
    assert app.due_on == D(2024, 11, 20)  # 20 working days after 10-23
    assert ApplicationEvent.objects.get(application=app, kind="extend").letter == "extension"
    with pytest.raises(DomainError, match="只能批准一次"):
        act(world.head, app, "extend", "2024-10-22", days=5, reason="再延")


def test_art42_fee_notice_pauses_then_unpaid_is_deemed_withdrawn(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    app = act(world.clerk, app, "fee_notice", "2024-09-23", method="per_volume", pages=150)
    assert app.state == State.FEE_PENDING
    assert app.clock_paused
    notice = ApplicationEvent.objects.get(application=app, kind="fee_notice")
    assert notice.data["amount"] == 1700
    # 20 working days counted from the day after the notice: 09-24..27, 09-29, 09-30, 10-08..12,
    # 10-14..18, 10-21..24
    assert notice.data["pay_by"] == "2024-10-24"
    with pytest.raises(DomainError, match="尚未届满"):
        act(world.clerk, app, "fee_lapsed", "2024-10-24")
    app = act(world.clerk, app, "fee_lapsed", "2024-10-25")
    assert (app.state, app.outcome) == (State.CLOSED, Outcome.FEE_UNPAID)


def test_per_piece_fee_counts_the_applicants_month(world):
    apps = [submit(world, "2024-09-20") for _ in range(11)]
    app = apps[-1]
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    app = act(world.clerk, app, "fee_notice", "2024-09-23", method="per_piece")
    notice = ApplicationEvent.objects.get(application=app, kind="fee_notice")
    assert (notice.data["quantity"], notice.data["amount"]) == (11, 100)
    act(world.clerk, apps[0], "register", "2024-09-20")
    act(world.clerk, apps[0], "assign", "2024-09-20")
    with pytest.raises(DomainError, match="无需收费"):  # the first of the month is free
        act(world.clerk, apps[0], "fee_notice", "2024-09-23", method="per_piece")


def _to_reply(world, app, outcome="partial", **extra):
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    act(
        world.clerk,
        app,
        "draft_reply",
        "2024-10-08",
        outcome=outcome,
        reply_text="经查，现将有关信息提供如下。",
        withheld="第三方联系方式|涉及个人隐私（条例第十五条）" if outcome == "partial" else "",
        **extra,
    )
    act(world.reviewer, app, "approve_reply", "2024-10-08")
    return act(world.clerk, app, "send_reply", "2024-10-09")


def test_reply_deliver_archive_records_exactly_one_outcome(world):
    app = _to_reply(world, submit(world, "2024-09-20"))
    assert app.state == State.REPLIED
    assert app.replied_on == D(2024, 10, 9)
    with pytest.raises(ValidationFailed, match="邮件单号"):
        act(world.clerk, app, "deliver", "2024-10-10", way="post")
    act(world.clerk, app, "deliver", "2024-10-10", way="post", tracking_number="EMS123")
    app = act(world.clerk, app, "archive", "2024-10-11")
    assert (app.state, app.outcome, app.closed_on) == (
        State.CLOSED,
        Outcome.PARTIAL,
        D(2024, 10, 11),
    )
    assert app.withheld == [{"item": "第三方联系方式", "reason": "涉及个人隐私（条例第十五条）"}]
    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds[0] == "received"
    assert kinds[-1] == "archive"
    assert AuditEvent.objects.filter(
        object_id=app.tracking_code, action="application.archive"
    ).exists()


def test_art37_partial_disclosure_must_list_what_was_withheld(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    with pytest.raises(ValidationFailed, match="第三十七条"):
        act(world.clerk, app, "draft_reply", "2024-10-08", outcome="partial", reply_text="x")


def test_withdrawal_closes_with_other(world):
    app = submit(world, "2024-09-20")
    app = act(world.clerk, app, "withdraw", "2024-09-23", note="申请人来电撤回")
    assert (app.state, app.outcome) == (State.CLOSED, Outcome.OTHER)
    with pytest.raises(DomainError, match="已办结归档"):
        act(world.clerk, app, "register", "2024-09-23")


def test_art35_excessive_request_gets_a_stated_later_date(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    with pytest.raises(ValidationFailed, match="需要申请人说明的事项"):
        act(world.clerk, app, "ask_reasons", "2024-09-23")
    app = act(
        world.clerk, app, "ask_reasons", "2024-09-23", question="请说明本月提交 40 件申请的用途"
    )
    assert app.due_on == D(2024, 10, 23)  # asking for reasons does not stop the clock
    app = act(
        world.head,
        app,
        "set_later_date",
        "2024-09-23",
        later_date="2024-12-31",
        reason="申请数量过大",
    )
    assert app.due_on == D(2024, 12, 31)
    assert "第三十五条" in "\n".join(case_clock(app, D(2024, 9, 23)).lines)


def test_two_clerks_at_once_one_wins_the_other_gets_a_clear_conflict(world):
    app = submit(world, "2024-09-20")
    seen = app.version
    from gongkai.applications.services import application_act
    from gongkai.testing import make_staff

    colleague = make_staff("clerk2", world.office, "clerk", full_name="赵经办")
    with at("2024-09-20"):
        application_act(actor=world.clerk, code=app.tracking_code, action="register", version=seen)
        with pytest.raises(ConflictError, match="王经办") as exc:
            application_act(
                actor=colleague, code=app.tracking_code, action="withdraw", version=seen
            )
    assert "刷新" in exc.value.message
    app.refresh_from_db()
    assert app.state == State.REGISTERED  # the first action stands, nothing overwritten
    assert list(app.events.values_list("kind", flat=True)) == ["received", "register"]


def test_the_tick_flags_and_reminds_the_assignee_and_head_exactly_once(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")  # assignee: the clerk
    with acting_through("job"):
        applications_tick(dt.datetime(2024, 10, 18, 8, tzinfo=SHANGHAI))  # 3 working days left
        app.refresh_from_db()
        assert app.due_soon
        assert not app.overdue
        applications_tick(dt.datetime(2024, 10, 18, 9, tzinfo=SHANGHAI))
    sent = Notification.objects.filter(application=app, kind="due_soon")
    assert sorted(sent.values_list("recipient__username", flat=True)) == ["clerk", "head"]
    with acting_through("job"):
        applications_tick(dt.datetime(2024, 10, 24, 8, tzinfo=SHANGHAI))
        applications_tick(dt.datetime(2024, 10, 25, 8, tzinfo=SHANGHAI))
    app.refresh_from_db()
    assert app.overdue
    assert Notification.objects.filter(application=app, kind="overdue").count() == 2
    from gongkai.applications.selectors import notifications_for

    mine = [n.message for n in notifications_for(world.head)]
    assert any("已超过答复期限" in m for m in mine)
    assert any("将于 2024年10月23日 到期" in m for m in mine)


def test_reminders_by_email_go_through_the_outbox_once_each(world):
    from gongkai.delivery.models import OutboxMessage

    world.clerk.email = "clerk@example.gov.cn"
    world.clerk.save(update_fields=["email"])
    audit_record(actor=None, action="test.email", obj_type="user", obj_id="clerk")
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    with acting_through("job"):
        for hour in (8, 9, 10):  # three ticks the same day: one e-mail
            applications_tick(dt.datetime(2024, 10, 18, hour, tzinfo=SHANGHAI))
    mails = OutboxMessage.objects.filter(source="applications.reminder")
    assert list(mails.values_list("key", "target")) == [
        (
            f"applications.reminder:{app.tracking_code}:due_soon:2024-10-23:{world.clerk.pk}",
            "clerk@example.gov.cn",
        )
    ]  # the head has no e-mail address: the workbench notification only
    assert "将于 2024年10月23日 到期" in mails.get().subject


def test_calendar_change_recomputes_stored_deadlines(world):
    app = submit(world, "2024-09-20")
    assert app.due_on == D(2024, 10, 23)
    extra = from_chinesecalendar(2024)
    extra.source = "测试：2024 年加放一天"
    extra.holidays[D(2024, 10, 21)] = "测试假日"
    with acting_through("cli"):
        calendar_apply_import(actor=None, arrangement=extra, replace=True, system=True)
    app.refresh_from_db()
    assert app.due_on == D(2024, 10, 24)


def test_art36_6_a_repeat_of_an_answered_application_is_flagged(world):
    first = submit(world, "2024-09-20")
    act(world.clerk, first, "register", "2024-09-20")
    act(world.clerk, first, "assign", "2024-09-20")
    act(world.clerk, first, "draft_reply", "2024-09-23", outcome="disclosed", reply_text="见附件")
    act(world.reviewer, first, "approve_reply", "2024-09-23")
    act(world.clerk, first, "send_reply", "2024-09-23")
    same = submit(world, "2024-10-08", values={"information": CASE["information"] + "。"})
    assert same.duplicate_of == first
    other_person = submit(world, "2024-10-08", applicant={"id_number": "110101199001010000"})
    assert other_person.duplicate_of is None
    different = submit(world, "2024-10-08", values={"information": "另一个项目的资金使用情况"})
    assert different.duplicate_of is None


def test_the_clerks_todo_list_groups_the_work(world):
    from gongkai.applications.todo import applications_todo

    submit(world, "2024-09-20")  # needs registration
    c = submit(world, "2024-09-20")
    act(world.clerk, c, "register", "2024-09-20")
    act(world.clerk, c, "request_correction", "2024-09-23", what="请补正")
    k = submit(world, "2024-09-20")
    act(world.clerk, k, "register", "2024-09-20")
    act(world.clerk, k, "assign", "2024-09-20")
    act(
        world.clerk, k, "start_consultation", "2024-09-23", party="third_party", party_name="某公司"
    )
    d = submit(world, "2024-09-20")
    act(world.clerk, d, "register", "2024-09-20")
    act(world.clerk, d, "assign", "2024-09-20")
    act(world.clerk, d, "draft_reply", "2024-09-23", outcome="not_held", reply_text="本机关不掌握")
    with at("2024-10-30"):
        with acting_through("job"):
            applications_tick(dt.datetime(2024, 10, 30, 8, tzinfo=SHANGHAI))
        items = {i.label: i.count for i in applications_todo(world.clerk)}
    assert items["待登记"] == 1
    assert items["待申请人补正"] == 1
    assert items["征求意见已超期"] == 1  # 15 working days from 09-23 passed
    assert items["待审批答复"] == 1
    assert items["已超期"] == 2  # the unregistered one and the drafted one (due 10-23)
    assert applications_todo(world.other_clerk) == []


def test_art34_a_silent_co_maker_is_deemed_to_agree_and_the_clock_resumes(world):
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    act(
        world.clerk,
        app,
        "start_consultation",
        "2024-09-23",
        party="co_maker",
        party_name="区财政局",
    )
    reply_by = ApplicationEvent.objects.get(application=app, kind="start_consultation").data[
        "reply_by"
    ]
    # 15 working days from 09-23: 09-24..27, 09-29, 09-30, 10-08..12, 10-14..17
    assert reply_by == "2024-10-17"
    with acting_through("job"):
        applications_tick(dt.datetime(2024, 10, 17, 8, tzinfo=SHANGHAI))
        app.refresh_from_db()
        assert app.state == State.CONSULTING  # not yet: the 15th day is still theirs
        result = applications_tick(dt.datetime(2024, 10, 18, 8, tzinfo=SHANGHAI))
    app.refresh_from_db()
    assert result["co_maker_deemed_consent"] == 1
    assert app.state == State.HANDLING
    last = app.events.order_by("-seq").first()
    assert "视为同意" in last.label
    assert last.on == D(2024, 10, 17)
    # paused 09-23..10-17; 20 working days from 10-18 on: 10-18 (1), 10-21..25 (6),
    # 10-28..11-01 (11), 11-04..08 (16), 11-11..14 (20)
    assert app.due_on == D(2024, 11, 14)


def test_fee_count_and_duplicates_are_per_agency(world):
    from gongkai.applications.matching import monthly_number

    for _ in range(3):
        submit(world, "2024-09-20")
    elsewhere = submit(world, "2024-09-20", unit=world.civil)
    assert monthly_number(elsewhere) == 1


def test_whoever_drafted_the_reply_cannot_approve_it(world):
    """Review finding: one person with both roles drafted and approved a reply alone; a reply,
    like a document, is checked by a second person."""
    from gongkai.org.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=world.reviewer, role=Role.CLERK)
    app = submit(world, "2024-09-20")
    act(world.clerk, app, "register", "2024-09-20")
    act(world.clerk, app, "assign", "2024-09-20")
    act(
        world.reviewer,
        app,
        "draft_reply",
        "2024-10-08",
        outcome="disclosed",
        reply_text="经查，现将有关信息提供如下。",
    )
    with pytest.raises(DomainError, match="不能审批自己拟写的答复"):
        act(world.reviewer, app, "approve_reply", "2024-10-08")
    app.refresh_from_db()
    assert app.state == State.DRAFTED
    act(world.head, app, "approve_reply", "2024-10-08")
    app.refresh_from_db()
    assert app.state == State.APPROVED
