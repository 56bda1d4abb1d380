"""Writes to FAQ entries: create (by hand or from a good reply), edit (version-checked), the
state steps, the public's “已解决” count and the repealed-policy flag.

Every write checks the access layer, runs in one transaction and records an audit event.
Answers (and questions made from the public's messages) are masked by core.privacy before they
are stored: an FAQ entry is public text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.privacy import mask_personal_data
from gongkai.faq.models import TRANSITIONS, FaqEntry, FaqState
from gongkai.org.access import Perm, can, require
from gongkai.org.models import Unit, User

MAX_QUESTION = 300
MAX_ANSWER = 5000
MAX_KEYWORDS = 200
MAX_TOPIC = 60
MAX_DOCUMENTS = 20


def snapshot(entry: FaqEntry) -> dict[str, Any]:
    return {
        "question": entry.question,
        "answer": entry.answer,
        "keywords": entry.keywords,
        "topic": entry.topic,
        "valid_from": entry.valid_from.isoformat() if entry.valid_from else None,
        "valid_until": entry.valid_until.isoformat() if entry.valid_until else None,
        "state": entry.state,
        "documents": sorted(entry.documents.values_list("pk", flat=True)) if entry.pk else [],
        "needs_review": entry.needs_review,
    }


def _documents(items: Iterable[Any]) -> tuple[list[Any], list[str]]:
    """Policy documents an entry may cite: public ones only (the entry is public)."""
    from gongkai.documents.models import Document
    from gongkai.documents.selectors import public_documents

    ids: list[int] = []
    problems: list[str] = []
    for item in items:
        pk = item.pk if isinstance(item, Document) else item
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            problems.append(f"相关政策文件编号“{pk}”不正确，应为数字。")
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_DOCUMENTS:
        problems.append(f"相关政策文件最多 {MAX_DOCUMENTS} 个。")
    found = {d.pk: d for d in public_documents().filter(pk__in=ids)}
    for pk in ids:
        if pk not in found:
            problems.append(f"相关政策文件 {pk} 不存在或未公开，只能关联已公开的政策文件。")
    return [found[pk] for pk in ids if pk in found], problems


def _clean(
    values: Mapping[str, Any], names: Iterable[str] = ()
) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    question = " ".join(str(values.get("question") or "").split())
    answer = str(values.get("answer") or "").strip()
    keywords = " ".join(str(values.get("keywords") or "").split())
    topic = " ".join(str(values.get("topic") or "").split())
    if not question:
        problems.append("请填写“问题”。")
    elif len(question) > MAX_QUESTION:
        problems.append(f"“问题”最多 {MAX_QUESTION} 个字，现有 {len(question)} 个字。")
    if not answer:
        problems.append("请填写“答复”。")
    elif len(answer) > MAX_ANSWER:
        problems.append(f"“答复”最多 {MAX_ANSWER} 个字，现有 {len(answer)} 个字。")
    if len(keywords) > MAX_KEYWORDS:
        problems.append(f"“关键词”最多 {MAX_KEYWORDS} 个字。")
    if len(topic) > MAX_TOPIC:
        problems.append(f"“主题”最多 {MAX_TOPIC} 个字。")
    dates: dict[str, datetime.date | None] = {}
    for name, label in (("valid_from", "有效期起"), ("valid_until", "有效期止")):
        raw = values.get(name)
        if raw in (None, ""):
            dates[name] = None
        elif isinstance(raw, datetime.date):
            dates[name] = raw
        else:
            try:
                dates[name] = datetime.date.fromisoformat(str(raw))
            except ValueError:
                dates[name] = None
                problems.append(f"“{label}”应为日期，格式 YYYY-MM-DD，如 2026-01-31。")
    if dates["valid_from"] and dates["valid_until"] and dates["valid_until"] < dates["valid_from"]:
        problems.append("“有效期止”不能早于“有效期起”。")
    # public text: personal data typed into it is masked before it is stored
    known = [n for n in names if n]
    cleaned = {
        "question": mask_personal_data(question, names=known).text,
        "answer": mask_personal_data(answer, names=known).text,
        "keywords": keywords,
        "topic": topic,
        **dates,
    }
    return cleaned, problems


@transaction.atomic
def faq_create(
    *,
    actor: User,
    unit: Unit,
    values: Mapping[str, Any],
    documents: Iterable[Any] = (),
    source: str = "",
    publish: bool = False,
    submit: bool = False,
    names: Iterable[str] = (),
) -> FaqEntry:
    """A new entry of ``unit``. Staff who may handle in the unit draft it (or, with ``submit``,
    send it for review at once); with ``publish`` (and the review permission in the unit) it is
    published at once."""
    require(actor, Perm.HANDLE, unit)
    if publish:
        require(actor, Perm.REVIEW, unit)
    state = FaqState.PUBLISHED if publish else FaqState.SUBMITTED if submit else FaqState.DRAFT
    cleaned, problems = _clean(values, names)
    docs, doc_problems = _documents(documents)
    problems += doc_problems
    if problems:
        raise ValidationFailed(problems)
    now = timezone.now()
    entry = FaqEntry.objects.create(
        unit=unit,
        source=source[:80],
        created_by=actor,
        state=state,
        reviewed_by=actor if publish else None,
        published_at=now if publish else None,
        **cleaned,
    )
    entry.documents.set(docs)
    audit_record(
        actor=actor,
        action="faq.create",
        obj_type="faq",
        obj_id=entry.pk,
        obj_label=entry.question[:200],
        unit=unit,
        after=snapshot(entry) | {"source": entry.source},
    )
    return entry


def faq_create_from_reply(
    *,
    actor: User,
    question: str,
    answer: str,
    unit: Unit,
    documents: Iterable[Any] = (),
    topic: str = "",
    source: str = "",
    names: Iterable[str] = (),
) -> FaqEntry:
    """One step from a good reply to an FAQ entry (used by the messages app).

    The question and the answer are masked (core.privacy) before they are stored. The actor
    needs the handling permission in ``unit``; when they also hold the review permission there
    (a reviewer or head — the reply itself was reviewed), the entry is published at once,
    otherwise it waits in the unit's review list as 待审核. ``documents``: the policy documents
    (Document objects or ids) the reply concerns — public ones only. ``source`` says where it
    came from, e.g. ``"message:123"``. ``names``: people's names to mask
    wherever they appear (the writer's name). Raises ValidationFailed / AccessDenied with a Chinese
    message."""
    require(actor, Perm.HANDLE, unit)
    publish = can(actor, Perm.REVIEW, unit)
    return faq_create(
        actor=actor,
        unit=unit,
        values={"question": question, "answer": answer, "topic": topic},
        documents=documents,
        source=source or "reply",
        publish=publish,
        submit=not publish,
        names=names,
    )


def _locked(entry_id: int, version: int) -> FaqEntry:
    try:
        entry = FaqEntry.objects.select_for_update().select_related("unit").get(pk=entry_id)
    except FaqEntry.DoesNotExist:
        raise ValidationFailed(["该常见问题不存在或已删除。"]) from None
    if entry.version != version:
        raise ConflictError(
            "该常见问题已被他人修改（您看到的是第 "
            f"{version} 版，现在是第 {entry.version} 版），您的修改未保存。请刷新后重新修改。"
        )
    return entry


@transaction.atomic
def faq_update(
    *,
    actor: User,
    entry_id: int,
    version: int,
    values: Mapping[str, Any],
    documents: Iterable[Any] = (),
) -> FaqEntry:
    """Edit an entry; ``version`` is the one the editor read (a concurrent edit is refused).
    Editing a published entry needs the review permission; an edit clears the review flag."""
    entry = _locked(entry_id, version)
    require(actor, Perm.HANDLE, entry.unit)
    if entry.state == FaqState.PUBLISHED:
        require(actor, Perm.REVIEW, entry.unit)
    before = snapshot(entry)
    cleaned, problems = _clean(values)
    docs, doc_problems = _documents(documents)
    problems += doc_problems
    if problems:
        raise ValidationFailed(problems)
    for k, v in cleaned.items():
        setattr(entry, k, v)
    entry.needs_review = False
    entry.review_reason = ""
    entry.version += 1
    entry.search_dirty = True
    entry.save()
    entry.documents.set(docs)
    audit_record(
        actor=actor,
        action="faq.update",
        obj_type="faq",
        obj_id=entry.pk,
        obj_label=entry.question[:200],
        unit=entry.unit,
        before=before,
        after=snapshot(entry),
    )
    return entry


_STEP_PERM = {
    FaqState.SUBMITTED: Perm.HANDLE,
    FaqState.DRAFT: Perm.HANDLE,
    FaqState.PUBLISHED: Perm.REVIEW,
    FaqState.RETIRED: Perm.REVIEW,
}


@transaction.atomic
def faq_transition(*, actor: User, entry_id: int, version: int, to: str) -> FaqEntry:
    """Submit for review, publish (审核发布), retire (停用) or take back to draft."""
    entry = _locked(entry_id, version)
    try:
        target = FaqState(to)
    except ValueError:
        raise ValidationFailed([f"未知的状态“{to}”。"]) from None
    require(actor, _STEP_PERM[target], entry.unit)
    if target not in TRANSITIONS[entry.state]:
        raise ValidationFailed(
            [f"该常见问题当前为“{entry.get_state_display()}”，不能改为“{target.label}”。"]
        )
    before = {"state": entry.state}
    entry.state = target
    if target == FaqState.PUBLISHED:
        entry.reviewed_by = actor
        entry.published_at = timezone.now()
        entry.needs_review = False
        entry.review_reason = ""
    entry.version += 1
    entry.search_dirty = True
    entry.save()
    audit_record(
        actor=actor,
        action=f"faq.{target.value}",
        obj_type="faq",
        obj_id=entry.pk,
        obj_label=entry.question[:200],
        unit=entry.unit,
        before=before,
        after={"state": entry.state},
    )
    return entry


@transaction.atomic
def faq_record_resolved(*, entry_id: int) -> bool:
    """The public said a suggested entry answered their question (“已解决”): one more for the
    entry. Only published entries count; nothing personal is stored."""
    from gongkai.faq.selectors import public_entries

    entry = public_entries().filter(pk=entry_id).first()
    if entry is None:
        return False
    FaqEntry.objects.filter(pk=entry.pk).update(resolved_count=F("resolved_count") + 1)
    audit_record(
        actor=None,
        actor_label="公众",
        action="faq.resolved",
        obj_type="faq",
        obj_id=entry.pk,
        obj_label=entry.question[:200],
        unit=entry.unit,
    )
    return True


_LAPSED_LABELS = {"repealed": "已废止", "lapsed": "已失效"}


@transaction.atomic
def faq_flag_cited_policies(now: datetime.datetime | None = None) -> int:
    """Flag every current entry that cites a repealed or lapsed policy for review (tick job).
    An entry already flagged is left alone, so the flag and its audit event happen once."""
    from gongkai.documents.models import State
    from gongkai.documents.vocab import Validity

    gone_states = [State.REPEALED, State.LAPSED]
    gone_validity = [Validity.REPEALED, Validity.LAPSED]
    ids = set(
        FaqEntry.objects.filter(needs_review=False)
        .exclude(state=FaqState.RETIRED)
        .filter(Q(documents__state__in=gone_states) | Q(documents__validity__in=gone_validity))
        .values_list("pk", flat=True)
    )
    flagged = 0
    for entry in FaqEntry.objects.select_for_update().filter(pk__in=ids).select_related("unit"):
        cited = [
            d
            for d in entry.documents.all()
            if d.state in gone_states or d.validity in gone_validity
        ]
        if not cited:
            continue
        names = "、".join(
            f"《{d.title}》（{_LAPSED_LABELS.get(d.state) or d.validity}）" for d in cited[:3]
        )
        entry.needs_review = True
        entry.review_reason = f"所引政策{names}已不再有效，请复核答复。"[:300]
        entry.save(update_fields=["needs_review", "review_reason", "updated_at"])
        audit_record(
            actor=None,
            actor_label="系统",
            action="faq.flag",
            obj_type="faq",
            obj_id=entry.pk,
            obj_label=entry.question[:200],
            unit=entry.unit,
            after={"needs_review": True, "reason": entry.review_reason},
        )
        flagged += 1
    return flagged
