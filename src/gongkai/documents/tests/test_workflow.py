"""The declared workflow: review before publishing by someone other than the drafter, versions,
repeal/lapse marks, scheduling by the tick, every step audited."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.core.errors import AccessDenied, DomainError, ValidationFailed
from gongkai.core.jobs import run_tick
from gongkai.documents import lifecycle, services
from gongkai.documents.models import DocumentVersion, OutboxEvent, State
from gongkai.documents.tests.conftest import record_normative
from gongkai.documents.workflow import TRANSITIONS, available, offered
from gongkai.org.models import Role
from gongkai.testing import make_staff

pytestmark = pytest.mark.django_db


def test_the_state_table_is_declared_once_and_every_state_is_reachable():
    targets = {t.target for t in TRANSITIONS.values()}
    assert set(State.values) - {State.DRAFT} <= targets
    assert [t.name for t in available(State.SUBMITTED)] == ["return", "approve"]


def test_the_drafter_cannot_approve_their_own_document(world, make_doc):
    drafter = make_staff("drafter-reviewer", world.office, Role.CLERK, Role.REVIEWER)
    doc = services.document_create(
        actor=drafter, unit=world.office, values={"title": "自审文件", "summary": "x"}
    )
    lifecycle.document_submit(actor=drafter, document=doc)
    with pytest.raises(DomainError, match="起草人不能审查自己起草的文件"):
        lifecycle.document_approve(
            actor=drafter, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
        )
    doc.refresh_from_db()
    assert doc.state == State.SUBMITTED
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    doc.refresh_from_db()
    assert doc.state == State.APPROVED
    assert doc.reviewed_by == world.reviewer


def test_a_submitter_who_did_not_draft_cannot_approve_either(world, make_doc):
    doc = make_doc()
    lifecycle.document_submit(actor=world.reviewer, document=doc)
    with pytest.raises(DomainError, match="起草人"):
        lifecycle.document_approve(
            actor=world.reviewer,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
        )


def test_a_clerk_without_review_permission_cannot_approve(world, make_doc):
    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    with pytest.raises(AccessDenied):
        lifecycle.document_approve(
            actor=world.other_clerk,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
        )


def test_approval_needs_attribute_and_confidentiality_review(world, make_doc):
    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    with pytest.raises(ValidationFailed) as exc:
        lifecycle.document_approve(
            actor=world.reviewer,
            document=doc,
            disclosure_mode="不予公开",
            confidentiality_checked=False,
        )
    assert "依据" in exc.value.message
    assert "保密审查" in exc.value.message


def test_illegal_transitions_are_refused_in_chinese(world, make_doc):
    doc = make_doc()
    with pytest.raises(DomainError, match="不能执行“发布”"):
        lifecycle.document_publish(actor=world.clerk, document=doc)
    with pytest.raises(DomainError, match="不能执行“审查通过”"):
        lifecycle.document_approve(
            actor=world.reviewer,
            document=doc,
            disclosure_mode="主动公开",
            confidentiality_checked=True,
        )


def test_a_document_not_for_proactive_disclosure_is_never_published(world, make_doc):
    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer,
        document=doc,
        disclosure_mode="依申请公开",
        disclosure_basis="条例第十六条 过程性信息",
        confidentiality_checked=True,
    )
    with pytest.raises(DomainError, match="不在网站发布"):
        lifecycle.document_publish(actor=world.clerk, document=doc)


def test_publication_assigns_the_index_number_per_unit_and_year_and_audits_each_step(
    world, make_doc, publish
):
    a, b = make_doc(), make_doc(title="第二份", written_on="2026-05-01")
    publish(a)
    publish(b)
    assert a.index_number == f"{world.office.code}/2026-00001"
    assert b.index_number == f"{world.office.code}/2026-00002"
    other = services.document_create(
        actor=world.other_clerk,
        unit=world.civil,
        values={"title": "民政", "summary": "x", "written_on": "2026-01-05"},
    )
    lifecycle.document_submit(actor=world.other_clerk, document=other)
    reviewer = make_staff("civil-reviewer", world.civil, Role.REVIEWER)
    lifecycle.document_approve(
        actor=reviewer, document=other, disclosure_mode="主动公开", confidentiality_checked=True
    )
    lifecycle.document_publish(actor=world.other_clerk, document=other)
    other.refresh_from_db()
    assert other.index_number == f"{world.civil.code}/2026-00001"
    actions = list(
        AuditEvent.objects.filter(object_type="document", object_id=str(a.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["document.create", "document.submit", "document.approve", "document.publish"]
    assert a.state == State.PUBLISHED
    assert a.live.number == 1
    assert OutboxEvent.objects.filter(document=a, action="publish", version=1).exists()


def test_revision_publishes_a_new_version_with_its_note_while_the_old_stays_public(
    world, make_doc, publish
):
    doc = make_doc()
    publish(doc)
    lifecycle.document_start_revision(actor=world.clerk, document=doc)
    services.document_update(
        actor=world.clerk, document=doc, values={"title": "关于加强政务公开工作的通知（修订）"}
    )
    doc.refresh_from_db()
    assert doc.is_public
    assert doc.live.title == "关于加强政务公开工作的通知"
    with pytest.raises(ValidationFailed, match="修订说明"):
        lifecycle.document_submit(actor=world.clerk, document=doc)
    services.document_update(actor=world.clerk, document=doc, values={"revision_note": "调整标题"})
    publish(doc)
    assert doc.live.number == 2
    assert doc.live.revision_note == "调整标题"
    assert DocumentVersion.objects.filter(document=doc).count() == 2
    assert OutboxEvent.objects.filter(document=doc, action="revise", version=2).exists()
    assert doc.index_number.endswith("-00001")


def test_repeal_keeps_the_page_with_a_link_to_its_replacement(world, make_doc, publish):
    old = make_doc(is_normative=True)
    publish(old)
    new = make_doc(title="新办法", is_normative=True)
    services.relation_add(actor=world.clerk, document=new, target=old, kind="replaces")
    publish(new)
    old.refresh_from_db()
    assert old.state == State.REPEALED
    assert old.validity == "废止"
    assert old.is_public
    assert OutboxEvent.objects.filter(document=old, action="repeal").exists()


def test_manual_repeal_and_withdrawal(world, make_doc, publish):
    doc = make_doc(is_normative=True)
    publish(doc)
    with pytest.raises(AccessDenied):
        lifecycle.document_repeal(actor=world.clerk, document=doc, note="x")
    lifecycle.document_repeal(actor=world.reviewer, document=doc, note="上位法修改")
    doc.refresh_from_db()
    assert (doc.state, doc.validity) == (State.REPEALED, "废止")
    lifecycle.document_withdraw(actor=world.reviewer, document=doc, reason="误发")
    doc.refresh_from_db()
    assert doc.state == State.WITHDRAWN
    assert not doc.is_public
    assert OutboxEvent.objects.filter(document=doc, action="withdraw").exists()


def test_a_repealed_document_never_reads_in_force(world, make_doc, publish, client):
    """Review: a repealed 意见 (not a 规范性文件) showed the 已废止 banner beside 有效性 “有效”."""
    doc = make_doc(
        title="关于支持企业发展的意见", doc_kind="意见", is_normative=False, validity="有效"
    )
    publish(doc)
    doc.refresh_from_db()
    lifecycle.document_repeal(actor=world.reviewer, document=doc, note="被新意见替代")
    doc.refresh_from_db()
    assert doc.state == State.REPEALED
    assert doc.validity in ("", "废止")
    page = client.get(f"/xxgk/documents/{doc.pk}/").content.decode()
    assert '<td id="validity"><strong>有效</strong>' not in page


def test_the_tick_publishes_scheduled_documents_and_lapses_expired_normative_ones(
    world, make_doc, publish
):
    today = timezone.localdate()
    lapsing = make_doc(
        is_normative=True,
        written_on=today - datetime.timedelta(days=10),
        effective_on=today,
        expires_on=today + datetime.timedelta(days=30),
    )
    publish(lapsing)
    doc = make_doc(title="定时发布的文件")
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    at = timezone.now() + datetime.timedelta(hours=2)
    lifecycle.document_schedule(actor=world.clerk, document=doc, at=at)
    run = run_tick()
    assert run.results["documents.schedule_and_lapse"] == {"published": 0, "lapsed": 0}
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        run = run_tick()
    assert run.ok
    assert run.results["documents.schedule_and_lapse"]["published"] == 1
    doc.refresh_from_db()
    assert doc.state == State.PUBLISHED
    assert doc.scheduled_for is None
    with time_machine.travel(at + datetime.timedelta(days=32)):
        run = run_tick()
        again = run_tick()
    assert run.results["documents.schedule_and_lapse"]["lapsed"] == 1
    assert again.results["documents.schedule_and_lapse"] == {"published": 0, "lapsed": 0}
    lapsing.refresh_from_db()
    assert (lapsing.state, lapsing.validity) == (State.LAPSED, "失效")
    assert AuditEvent.objects.filter(
        action="document.lapse", object_id=str(lapsing.pk), channel="job"
    ).exists()


def test_edits_after_submission_are_refused(world, make_doc):
    doc = make_doc()
    lifecycle.document_submit(actor=world.clerk, document=doc)
    with pytest.raises(DomainError, match="修订"):
        services.document_update(actor=world.clerk, document=doc, values={"title": "偷改"})


def test_every_declared_transition_is_audited(world, make_doc, publish):
    doc = make_doc(is_normative=True)
    other = make_doc(title="另一份", is_normative=True)
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_return(actor=world.reviewer, document=doc, note="请补充依据")
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    record_normative(doc, world.reviewer)
    from gongkai.documents.tests.conftest import _tag_if_policy

    _tag_if_policy(world, doc)  # a policy is scheduled or published with its 政策标签
    lifecycle.document_schedule(
        actor=world.head, document=doc, at=timezone.now() + datetime.timedelta(days=1)
    )
    lifecycle.document_unschedule(actor=world.clerk, document=doc)
    lifecycle.document_publish(actor=world.head, document=doc)
    lifecycle.document_start_revision(actor=world.clerk, document=doc)
    services.document_update(actor=world.clerk, document=doc, values={"revision_note": "更正错字"})
    publish(doc)
    lifecycle.document_lapse(actor=world.reviewer, document=doc)
    lifecycle.document_withdraw(actor=world.reviewer, document=doc, reason="误发")
    publish(other)
    lifecycle.document_repeal(actor=world.reviewer, document=other, note="上位法废止")
    actions = set(
        AuditEvent.objects.filter(object_type="document").values_list("action", flat=True)
    )
    assert {f"document.{name}" for name in TRANSITIONS} <= actions


def test_an_amending_document_marks_the_amended_one(world, client, make_doc, publish):
    from django.urls import reverse

    base = make_doc(title="原办法", is_normative=True)
    publish(base)
    amending = make_doc(title="关于修改《原办法》的决定", is_normative=True, doc_kind="决定")
    services.relation_add(actor=world.clerk, document=amending, target=base, kind="amends")
    publish(amending)
    base.refresh_from_db()
    assert base.validity == "已修改"
    assert base.state == State.PUBLISHED
    html = client.get(reverse("documents:detail", args=[base.pk])).content.decode()
    assert "本文件已修改" in html
    assert "关于修改《原办法》的决定" in html
    assert OutboxEvent.objects.filter(document=base, action="revise").exists()


def _approved_normative(world, make_doc):
    doc = make_doc(is_normative=True, doc_kind="规范性文件")
    lifecycle.document_submit(actor=world.clerk, document=doc)
    lifecycle.document_approve(
        actor=world.reviewer, document=doc, disclosure_mode="主动公开", confidentiality_checked=True
    )
    doc.refresh_from_db()
    return doc


def test_a_normative_document_needs_its_legality_review_and_deliberation_then_the_head(
    world, make_doc
):
    doc = _approved_normative(world, make_doc)
    # no record: nobody may publish it, not even the head
    with pytest.raises(DomainError, match="合法性审核"):
        lifecycle.document_publish(actor=world.head, document=doc)
    with pytest.raises(DomainError, match="集体审议"):
        lifecycle.document_schedule(
            actor=world.head, document=doc, at=timezone.now() + datetime.timedelta(days=1)
        )
    record_normative(doc, world.reviewer)
    doc.refresh_from_db()
    # recorded: the clerk (HANDLE) still may not, the head may
    with pytest.raises(AccessDenied):
        lifecycle.document_publish(actor=world.clerk, document=doc)
    with pytest.raises(AccessDenied):
        lifecycle.document_publish(actor=world.reviewer, document=doc)
    from gongkai.documents.tests.conftest import _tag_if_policy

    _tag_if_policy(world, doc)  # and with its 政策标签 (finder.wiring.publish_check)
    lifecycle.document_publish(actor=world.head, document=doc)
    doc.refresh_from_db()
    assert doc.state == State.PUBLISHED
    event = AuditEvent.objects.get(action="document.normative_record", object_id=str(doc.pk))
    assert event.after["collective_meeting"] == "测试区政府第3次常务会议"
    # a revision is reviewed and deliberated anew
    lifecycle.document_start_revision(actor=world.clerk, document=doc)
    doc.refresh_from_db()
    assert doc.legality_reviewed_on is None
    assert doc.collective_meeting == ""


def test_the_records_are_validated_and_only_reviewers_record_them(world, make_doc):
    doc = _approved_normative(world, make_doc)
    today = timezone.localdate()
    with pytest.raises(AccessDenied):
        lifecycle.document_record_normative(
            actor=world.clerk, document=doc, legality_reviewer="司法局",
            legality_reviewed_on=today, legality_opinion="合法", collective_meeting="常务会议",
            collective_decided_on=today,
        )  # fmt: skip
    with pytest.raises(ValidationFailed) as info:
        lifecycle.document_record_normative(
            actor=world.reviewer, document=doc, legality_reviewer="",
            legality_reviewed_on=today, legality_opinion="", collective_meeting="常务会议",
            collective_decided_on=today - datetime.timedelta(days=1),
        )  # fmt: skip
    text = str(info.value.problems)
    assert "合法性审核机构或人员" in text
    assert "合法性审核意见" in text
    assert "集体审议应在合法性审核之后" in text
    plain = make_doc(title="普通通知")
    with pytest.raises(DomainError, match="只有行政规范性文件"):
        record_normative(plain, world.reviewer)


def test_steps_are_offered_only_when_allowed(world, make_doc):
    doc = _approved_normative(world, make_doc)
    ok, held = offered(world.clerk, doc)
    assert "publish" not in [t.name for t in ok]
    assert any(t.name == "publish" for t, _ in held)
    ok, held = offered(world.head, doc)
    assert "publish" not in [t.name for t in ok]
    assert "集体审议" in {t.name: r for t, r in held}["publish"]
    record_normative(doc, world.reviewer)
    doc.refresh_from_db()
    assert "publish" in [t.name for t in offered(world.head, doc)[0]]
    reasons = {t.name: r for t, r in offered(world.clerk, doc)[1]}
    assert "负责人" in reasons["publish"]
    # an ordinary notice: the clerk publishes after review, as before
    notice = make_doc(title="普通通知")
    lifecycle.document_submit(actor=world.clerk, document=notice)
    lifecycle.document_approve(
        actor=world.reviewer, document=notice, disclosure_mode="主动公开",
        confidentiality_checked=True,
    )  # fmt: skip
    notice.refresh_from_db()
    assert "publish" in [t.name for t in offered(world.clerk, notice)[0]]
