"""The workflow steps (workflow.TRANSITIONS): review, approval, scheduling, publication, revision,
repeal, lapse and withdrawal. Publication writes the version, the publication log and the outbox
in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.documents import privacy_review, publication
from gongkai.documents.models import (
    Attachment,
    Document,
    DocumentRelation,
    DocumentVersion,
    OutboxAction,
    OutboxEvent,
    State,
)
from gongkai.documents.numbers import format_index_number
from gongkai.documents.render import render_version
from gongkai.documents.services import Actor, snapshot
from gongkai.documents.vocab import DisclosureMode, RelationKind, Validity
from gongkai.documents.workflow import (
    NORMATIVE_RECORD,
    Transition,
    blockers,
    perm_for,
    transition,
)
from gongkai.org.access import require
from gongkai.org.models import User

NEEDS_INTERPRETATION = (
    "规范性文件和重大政策应同步发布政策解读（三同步）：本文件尚无解读，已列入待办。"
)


@dataclass
class StepResult:
    document: Document
    warnings: list[str] = field(default_factory=list)


# (document id, version) the acting user's page showed, set by ``acting_on_version``: a step
# taken from a page read before another step or edit is refused under the row lock.
_expected: ContextVar[tuple[int, int] | None] = ContextVar("document_expected", default=None)


@contextmanager
def acting_on_version(document_id: int, version: int) -> Iterator[None]:
    """Within this block, a workflow step on ``document_id`` goes ahead only if the document is
    still at ``version`` (the one the user's page showed), checked after locking the row."""
    token = _expected.set((document_id, version))
    try:
        yield
    finally:
        _expected.reset(token)


def _load(doc: Document) -> Document:
    locked = (
        Document.objects.select_for_update(of=("self",))
        .select_related("unit", "topic", "live")
        .get(pk=doc.pk)
    )
    expected = _expected.get()
    if expected is not None and expected[0] == locked.pk and expected[1] != locked.version:
        # e.g. returned, edited and resubmitted since the page was read: never act on content
        # the user has not seen
        raise ConflictError(
            "操作未执行：在您打开此页面之后，该文件已被他人修改或办理。请查看下方最新内容后再操作。"
        )
    return locked


def _step(
    doc: Document,
    name: str,
    actor: Actor,
    *,
    system: bool,
    after: dict[str, Any] | None = None,
) -> Transition:
    t = transition(name, doc.state)
    if not system:
        require(actor, perm_for(t, doc), doc.unit)
    if reasons := blockers(t, doc):
        raise DomainError(reasons[0])
    doc.version += 1  # every step is saved; an edit form read before it is then stale
    return t


def _audit(
    doc: Document, actor: Actor, name: str, before: str, extra: dict[str, Any] | None = None
) -> None:
    audit_record(
        actor=actor,
        action=f"document.{name}",
        obj_type="document",
        obj_id=doc.pk,
        obj_label=doc.title,
        unit=doc.unit,
        before={"state": before},
        after={"state": doc.state, **(extra or {})},
    )


def document_submit(*, actor: Actor, document: Document) -> Document:
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "submit", actor, system=False)
        problems = []
        if doc.live_id and not doc.revision_note:
            problems.append("这是对已发布文件的修订：请填写修订说明")
        if not doc.summary and not doc.body and not doc.attachments.filter(removed=False).exists():
            problems.append("请填写内容概述或正文，或上传附件")
        if problems:
            raise ValidationFailed(problems)
        before = doc.state
        doc.state = State.SUBMITTED
        doc.submitted_by = actor if isinstance(actor, User) else None
        doc.reviewed_by = None
        doc.save()
        _audit(doc, actor, "submit", before)
    return doc


def document_return(*, actor: Actor, document: Document, note: str) -> Document:
    if not note.strip():
        raise ValidationFailed(["退回时请写明需要修改的内容"])
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "return", actor, system=False)
        before = doc.state
        doc.state = State.DRAFT
        doc.review_note = note.strip()
        doc.save()
        _audit(doc, actor, "return", before, {"note": doc.review_note})
    return doc


def document_approve(
    *,
    actor: Actor,
    document: Document,
    disclosure_mode: str,
    disclosure_basis: str = "",
    confidentiality_checked: bool,
    note: str = "",
    personal_data_confirmed: bool = False,
    personal_data_reason: str = "",
) -> Document:
    """Attribute determination and confidentiality review (先审查、后公开，一事一审).

    A document to be published (主动公开) is scanned for personal data first
    (``privacy_review.findings``: title, summary, body, attachments' names and text
    alternatives). When something is found, approval goes ahead only if the reviewer confirms
    (``personal_data_confirmed``) with a reason that it may be published, e.g. a unit's office
    telephone; the findings and the reason are recorded in the audit event."""
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "approve", actor, system=False)
        assert isinstance(actor, User)
        if actor.pk in {doc.drafted_by_id, doc.submitted_by_id}:
            raise DomainError(
                "起草人不能审查自己起草的文件：请由本单位其他审核人审查（一事一审）。"
            )
        problems = []
        if (
            disclosure_mode not in DisclosureMode.values
            or disclosure_mode == DisclosureMode.UNDETERMINED
        ):
            problems.append("请确定公开属性：主动公开、依申请公开或不予公开")
        if (
            disclosure_mode in (DisclosureMode.ON_REQUEST, DisclosureMode.NOT_DISCLOSED)
            and not disclosure_basis.strip()
        ):
            problems.append(
                "依申请公开或不予公开须写明依据（例如条例第十四条、第十五条、第十六条）"
            )
        if not confidentiality_checked:
            problems.append("请完成保密审查后再审查通过")
        found = privacy_review.findings(doc) if disclosure_mode == DisclosureMode.PROACTIVE else []
        reason = personal_data_reason.strip()
        if found and not personal_data_confirmed:
            listed = "；".join(f"{f.where}：{f.label}“{f.text}”" for f in found[:5])
            more = f"等 {len(found)} 处" if len(found) > 5 else ""
            problems.append(
                f"文件中有疑似个人信息（{listed}{more}）：请核实。如确属可以公开的信息"
                "（如单位办公电话），请勾选确认并写明理由；否则请退回修改"
            )
        elif found and not reason:
            problems.append("请写明疑似个人信息可以公开的理由（例如：为本单位公布的办公电话）")
        if problems:
            raise ValidationFailed(problems)
        before = doc.state
        doc.disclosure_mode = disclosure_mode
        doc.disclosure_basis = disclosure_basis.strip()
        doc.confidentiality_checked = True
        doc.reviewed_by = actor
        doc.review_note = note.strip()
        doc.state = State.APPROVED
        doc.save()
        _audit(
            doc,
            actor,
            "approve",
            before,
            {
                "disclosure_mode": disclosure_mode,
                "disclosure_basis": doc.disclosure_basis,
                "note": doc.review_note,
                **({"personal_data": privacy_review.audit_entry(found, reason)} if found else {}),
            },
        )
    return doc


def document_record_normative(
    *,
    actor: Actor,
    document: Document,
    legality_reviewer: str,
    legality_reviewed_on: datetime.date | None,
    legality_opinion: str,
    collective_meeting: str,
    collective_decided_on: datetime.date | None,
) -> Document:
    """Record the 合法性审核 and the 集体审议 of a normative document (workflow.NORMATIVE_RECORD)."""
    with transaction.atomic():
        doc = _load(document)
        require(actor, NORMATIVE_RECORD.perm, doc.unit)
        if not doc.is_normative:
            raise DomainError("只有行政规范性文件需要登记合法性审核和集体审议。")
        if doc.state not in NORMATIVE_RECORD.states:
            raise DomainError(
                f"当前状态“{doc.get_state_display()}”不能登记：已发布的文件请先修订，再重新登记。"
            )
        today = timezone.localdate()
        problems = []
        if not legality_reviewer.strip():
            problems.append("请填写合法性审核机构或人员（例如 区司法局）")
        if legality_reviewed_on is None:
            problems.append("请填写合法性审核日期")
        if not legality_opinion.strip():
            problems.append("请填写合法性审核意见（例如 经审核，该文件合法）")
        if not collective_meeting.strip():
            problems.append("请填写集体审议的会议（例如 区政府第12次常务会议）")
        if collective_decided_on is None:
            problems.append("请填写集体审议日期")
        for label, d in (
            ("合法性审核日期", legality_reviewed_on),
            ("集体审议日期", collective_decided_on),
        ):
            if d is not None and d > today:
                problems.append(f"{label}不能晚于今天")
        if (
            legality_reviewed_on
            and collective_decided_on
            and collective_decided_on < legality_reviewed_on
        ):
            problems.append("集体审议应在合法性审核之后：未经合法性审核的，不得提交集体审议")
        if problems:
            raise ValidationFailed(problems)
        doc.legality_reviewer = legality_reviewer.strip()
        doc.legality_reviewed_on = legality_reviewed_on
        doc.legality_opinion = legality_opinion.strip()
        doc.collective_meeting = collective_meeting.strip()
        doc.collective_decided_on = collective_decided_on
        doc.version += 1
        doc.save()
        audit_record(
            actor=actor,
            action="document.normative_record",
            obj_type="document",
            obj_id=doc.pk,
            obj_label=doc.title,
            unit=doc.unit,
            after={
                "legality_reviewer": doc.legality_reviewer,
                "legality_reviewed_on": str(legality_reviewed_on),
                "legality_opinion": doc.legality_opinion,
                "collective_meeting": doc.collective_meeting,
                "collective_decided_on": str(collective_decided_on),
            },
        )
    return doc


def document_schedule(*, actor: Actor, document: Document, at: datetime.datetime) -> Document:
    if timezone.is_naive(at):
        raise DomainError("定时发布时间须包含时区")
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "schedule", actor, system=False)
        _must_be_proactive(doc)
        if at <= timezone.now():
            raise ValidationFailed(["定时发布时间应晚于现在；要立即发布请点“发布”"])
        from gongkai.documents.blocks import publish_problems

        if problems := publish_problems(doc):  # the tick job publishes it unattended later
            raise ValidationFailed(problems)
        before = doc.state
        doc.state = State.SCHEDULED
        doc.scheduled_for = at
        doc.save()
        _audit(doc, actor, "schedule", before, {"scheduled_for": at.isoformat()})
    return doc


def document_unschedule(*, actor: Actor, document: Document) -> Document:
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "unschedule", actor, system=False)
        before = doc.state
        doc.state = State.APPROVED
        doc.scheduled_for = None
        doc.save()
        _audit(doc, actor, "unschedule", before)
    return doc


def _must_be_proactive(doc: Document) -> None:
    if doc.disclosure_mode != DisclosureMode.PROACTIVE:
        raise DomainError(
            f"该文件的公开属性为“{doc.get_disclosure_mode_display()}”，不在网站发布；"
            "如需主动公开，请修订后重新审查。"
        )


def _assign_index_number(doc: Document, today: datetime.date) -> None:
    year = doc.written_on.year if doc.written_on else today.year
    publication._lock()
    last = Document.objects.filter(unit=doc.unit, index_year=year).aggregate(m=Max("index_seq"))[
        "m"
    ]
    doc.index_year = year
    doc.index_seq = (last or 0) + 1
    doc.index_number = format_index_number(unit_code=doc.unit.code, year=year, seq=doc.index_seq)


def has_interpretation(doc: Document) -> bool:
    from gongkai.documents.selectors import interpreting

    return interpreting().filter(target=doc).exists()


def _outbox(doc: Document, action: str) -> None:
    OutboxEvent.objects.create(document=doc, version=doc.live_number, action=action)


def _publish(doc: Document, actor: Actor, now: datetime.datetime) -> list[str]:
    _must_be_proactive(doc)
    today = timezone.localdate(now)
    revising = doc.live_id is not None
    if revising and not doc.revision_note:
        raise ValidationFailed(["修订发布须填写修订说明"])
    if not doc.index_number:
        _assign_index_number(doc, today)
    if not doc.published_on:
        doc.published_on = today
    if doc.is_normative and not doc.validity:
        doc.validity = Validity.VALID
    number = (doc.live_number or 0) + 1
    doc.state = State.PUBLISHED
    doc.scheduled_for = None
    doc.first_published_at = doc.first_published_at or now
    meta = snapshot(doc)
    meta["version"] = number
    rendered = render_version(meta, doc.body, doc.summary, doc.revision_note if revising else "")
    digest = publication.sha256_hex(rendered.encode())
    version = DocumentVersion.objects.create(
        document=doc,
        number=number,
        title=doc.title,
        body=doc.body,
        summary=doc.summary,
        metadata=meta,
        revision_note=doc.revision_note if revising else "",
        published_at=now,
        published_by=actor if isinstance(actor, User) else None,
        rendered=rendered,
        sha256=digest,
    )
    doc.live = version
    doc.revision_note = ""
    doc.save()
    publication.append(
        kind="version",
        document=doc,
        version_number=number,
        name=f"{doc.title}（第{number}版）.html",
        sha256=digest,
        published_at=now,
    )
    for att in Attachment.objects.filter(
        document=doc, removed=False, published_version=0, removed_in_version=0
    ):
        att.published_version = number
        att.save(update_fields=["published_version"])
        publication.append(
            kind="attachment",
            document=doc,
            version_number=number,
            attachment=att,
            name=att.name,
            sha256=att.sha256,
            published_at=now,
        )
    _outbox(doc, OutboxAction.REVISE if revising else OutboxAction.PUBLISH)
    _apply_relations(doc, actor, now)
    warnings = []
    if (doc.is_normative or doc.is_major_policy) and not has_interpretation(doc):
        warnings.append(NEEDS_INTERPRETATION)
    return warnings


def _apply_relations(doc: Document, actor: Actor, now: datetime.datetime) -> None:
    """Publishing a document that amends / repeals / replaces others updates their validity."""
    for rel in DocumentRelation.objects.filter(source=doc).select_related("target__unit"):
        target = (
            Document.objects.select_for_update(of=("self",))
            .select_related("unit", "live")
            .get(pk=rel.target_id)
        )
        if not target.is_public:
            continue
        before = {"state": target.state, "validity": target.validity}
        if (
            rel.kind == RelationKind.AMENDS
            and target.is_normative
            and target.validity == Validity.VALID
        ):
            target.validity = Validity.AMENDED
            target.version += 1
            target.save(update_fields=["validity", "version", "updated_at"])
            _outbox(target, OutboxAction.REVISE)
        elif (
            rel.kind in (RelationKind.REPEALS, RelationKind.REPLACES)
            and target.state == State.PUBLISHED
        ):
            target.state = State.REPEALED
            target.validity = Validity.REPEALED if target.is_normative else target.validity
            target.expires_on = target.expires_on or timezone.localdate(now)
            target.version += 1
            target.save(update_fields=["state", "validity", "expires_on", "version", "updated_at"])
            _outbox(target, OutboxAction.REPEAL)
        else:
            continue
        audit_record(
            actor=actor,
            action=f"document.{rel.kind}_by",
            obj_type="document",
            obj_id=target.pk,
            obj_label=target.title,
            unit=target.unit,
            before=before,
            after={"state": target.state, "validity": target.validity, "by": doc.pk},
        )


def document_publish(*, actor: Actor, document: Document, system: bool = False) -> StepResult:
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "publish", actor, system=system)
        from gongkai.documents.blocks import publish_problems

        if not system and (problems := publish_problems(doc)):
            raise ValidationFailed(problems)
        before = doc.state
        now = timezone.now()
        warnings = _publish(doc, actor, now)
        _audit(
            doc,
            actor,
            "publish",
            before,
            {
                "version": doc.live_number,
                "index_number": doc.index_number,
                "sha256": doc.live.sha256 if doc.live else "",
            },
        )
    return StepResult(doc, warnings)


def document_start_revision(*, actor: Actor, document: Document) -> Document:
    """Open a revision: the working copy becomes a draft; the live version stays public."""
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "revise", actor, system=False)
        before = doc.state
        doc.state = State.DRAFT
        doc.confidentiality_checked = False
        doc.legality_reviewer = doc.legality_opinion = doc.collective_meeting = ""
        doc.legality_reviewed_on = doc.collective_decided_on = None
        doc.reviewed_by = None
        doc.submitted_by = None
        if isinstance(actor, User):
            doc.drafted_by = actor
        doc.save()
        _audit(doc, actor, "revise", before, {"live_version": doc.live_number})
    return doc


def document_repeal(
    *,
    actor: Actor,
    document: Document,
    note: str,
    replaced_by: Document | None = None,
    on: datetime.date | None = None,
) -> Document:
    """废止: the page stays public with a prominent mark and a link to what replaced it."""
    if not note.strip():
        raise ValidationFailed(["请写明废止的理由或依据"])
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "repeal", actor, system=False)
        before = doc.state
        doc.state = State.REPEALED
        if doc.is_normative or doc.validity:  # whatever it said of itself, it is repealed now
            doc.validity = Validity.REPEALED
        doc.expires_on = on or timezone.localdate()
        doc.review_note = note.strip()
        doc.save()
        if replaced_by is not None:
            DocumentRelation.objects.get_or_create(
                source=replaced_by, target=doc, kind=RelationKind.REPLACES
            )
        _outbox(doc, OutboxAction.REPEAL)
        _audit(
            doc,
            actor,
            "repeal",
            before,
            {"note": doc.review_note, "replaced_by": replaced_by.pk if replaced_by else None},
        )
    return doc


def document_lapse(*, actor: Actor, document: Document, system: bool = False) -> Document:
    """失效: a normative document's validity period ended (automatically by the tick job)."""
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "lapse", actor, system=system)
        before = doc.state
        doc.state = State.LAPSED
        if doc.is_normative:
            doc.validity = Validity.LAPSED
        doc.expires_on = doc.expires_on or timezone.localdate()
        doc.save()
        _outbox(doc, OutboxAction.LAPSE)
        _audit(doc, actor, "lapse", before, {"expires_on": doc.expires_on.isoformat()})
    return doc


def document_withdraw(*, actor: Actor, document: Document, reason: str) -> Document:
    """撤回: taken off the public site entirely (e.g. published in error)."""
    if not reason.strip():
        raise ValidationFailed(["请写明撤回原因"])
    with transaction.atomic():
        doc = _load(document)
        _step(doc, "withdraw", actor, system=False)
        before = doc.state
        doc.state = State.WITHDRAWN
        doc.withdrawn_reason = reason.strip()
        doc.save()
        _outbox(doc, OutboxAction.WITHDRAW)
        _audit(doc, actor, "withdraw", before, {"reason": doc.withdrawn_reason})
    return doc


def run_scheduled_and_lapses(now: datetime.datetime) -> dict[str, int]:
    """Tick job: publish due scheduled documents; lapse normative documents past their date."""
    published = lapsed = 0
    for doc in Document.objects.filter(state=State.SCHEDULED, scheduled_for__lte=now).order_by(
        "scheduled_for"
    ):
        document_publish(actor=None, document=doc, system=True)
        published += 1
    today = timezone.localdate(now)
    for doc in Document.objects.filter(
        state=State.PUBLISHED, is_normative=True, expires_on__isnull=False, expires_on__lt=today
    ):
        document_lapse(actor=None, document=doc, system=True)
        lapsed += 1
    return {"published": published, "lapsed": lapsed}
