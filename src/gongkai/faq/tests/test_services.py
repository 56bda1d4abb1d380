"""FAQ writes: create from a reply (masked, audited, scoped), edits under a version check, steps."""

from __future__ import annotations

import pytest

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import AccessDenied, ConflictError, ValidationFailed
from gongkai.faq import services
from gongkai.faq.models import FaqState
from gongkai.faq.selectors import entries_for_document, public_entries


def test_create_from_reply_by_a_reviewer_publishes_masked_and_audited(world, policy):
    e = services.faq_create_from_reply(
        actor=world.reviewer,
        question="低保怎么申请？我的电话13912345678",
        answer="请携带身份证到街道受理窗口申请，可致电13912345678咨询，或发邮件到 zhang.san@example.com。",
        unit=world.office,
        documents=[policy],
        topic="社会救助",
        source="message:42",
    )
    assert e.state == FaqState.PUBLISHED
    assert "13912345678" not in e.question + e.answer
    assert "zhang.san@example.com" not in e.answer
    assert "【手机号码已隐去】" in e.answer
    assert e.source == "message:42"
    assert [d.pk for d in e.documents.all()] == [policy.pk]
    assert entries_for_document(policy.pk) == [e]
    ev = AuditEvent.objects.get(action="faq.create", object_id=str(e.pk))
    assert ev.actor_id == world.reviewer.pk
    assert ev.after["state"] == "published"


def test_create_from_reply_by_a_clerk_waits_for_review(world):
    e = services.faq_create_from_reply(
        actor=world.clerk, question="问题一", answer="答复一", unit=world.office
    )
    assert e.state == FaqState.SUBMITTED
    assert not public_entries().filter(pk=e.pk).exists()
    published = services.faq_transition(
        actor=world.reviewer, entry_id=e.pk, version=e.version, to="published"
    )
    assert published.state == FaqState.PUBLISHED
    assert published.reviewed_by == world.reviewer
    assert public_entries().filter(pk=e.pk).exists()


def test_create_from_reply_needs_a_permission_in_the_unit(world):
    with pytest.raises(AccessDenied):
        services.faq_create_from_reply(
            actor=world.other_clerk, question="问", answer="答", unit=world.office
        )


def test_only_public_documents_may_be_cited(world, make_doc):
    draft = make_doc(title="未发布的草稿")
    with pytest.raises(ValidationFailed) as exc:
        services.faq_create_from_reply(
            actor=world.reviewer, question="问", answer="答", unit=world.office, documents=[draft]
        )
    assert "只能关联已公开的政策文件" in exc.value.message


def test_validation_says_what_to_fix(world):
    with pytest.raises(ValidationFailed) as exc:
        services.faq_create(
            actor=world.clerk,
            unit=world.office,
            values={
                "question": "",
                "answer": "",
                "valid_from": "2026-05-01",
                "valid_until": "2026-04-01",
            },
        )
    assert exc.value.problems == [
        "请填写“问题”。",
        "请填写“答复”。",
        "“有效期止”不能早于“有效期起”。",
    ]


def test_a_concurrent_edit_is_refused_and_changes_nothing(world):
    e = services.faq_create(
        actor=world.clerk, unit=world.office, values={"question": "原问题", "answer": "原答复"}
    )
    services.faq_update(
        actor=world.clerk, entry_id=e.pk, version=1, values={"question": "甲改", "answer": "甲答"}
    )
    with pytest.raises(ConflictError) as exc:
        services.faq_update(
            actor=world.reviewer,
            entry_id=e.pk,
            version=1,
            values={"question": "乙改", "answer": "乙答"},
        )
    assert "已被他人修改" in exc.value.message
    e.refresh_from_db()
    assert (e.question, e.version) == ("甲改", 2)


def test_a_clerk_cannot_publish_or_edit_a_published_entry(world, faq):
    draft = services.faq_create(
        actor=world.clerk, unit=world.office, values={"question": "问", "answer": "答"}
    )
    with pytest.raises(AccessDenied):
        services.faq_transition(actor=world.clerk, entry_id=draft.pk, version=1, to="published")
    live = faq("已发布的问题", "已发布的答复")
    with pytest.raises(AccessDenied):
        services.faq_update(
            actor=world.clerk,
            entry_id=live.pk,
            version=live.version,
            values={"question": "x", "answer": "y"},
        )


def test_validity_dates_bound_the_public_set(world, faq):
    import datetime

    e = faq("过期的问题", "过期的答复")
    services.faq_update(
        actor=world.reviewer,
        entry_id=e.pk,
        version=e.version,
        values={"question": e.question, "answer": e.answer, "valid_until": "2020-12-31"},
    )
    assert not public_entries().filter(pk=e.pk).exists()
    assert public_entries(datetime.date(2020, 6, 1)).filter(pk=e.pk).exists()
