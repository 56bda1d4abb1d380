"""Writes of the moderation queue: submit an item, decide it. One decision wins."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.privacy import mask_personal_data
from gongkai.moderation.models import (
    TRANSITIONS,
    ModerationItem,
    ModerationState,
    RejectReason,
)
from gongkai.moderation.registry import moderation_kind
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User


def moderation_submit(
    *,
    kind: str,
    object_id: object,
    unit: Unit,
    text: str,
    title: str = "",
    submitted_at: datetime.datetime | None = None,
) -> ModerationItem:
    """Queue a new public item for a decision. Called by the owning capability inside its own
    transaction (the item and its queue entry are written together or not at all)."""
    moderation_kind(kind)  # an unregistered kind is a programming error, loudly
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("moderation_submit must run inside the submitting service's transaction")
    item = ModerationItem.objects.create(
        kind=kind,
        object_id=str(object_id),
        unit=unit,
        title=title[:200],
        text=text,
        submitted_at=submitted_at or timezone.now(),
    )
    audit_record(
        actor=None,
        actor_label="公众",
        action="moderation.submit",
        obj_type="moderation",
        obj_id=f"{kind}#{object_id}",
        obj_label=title[:200] or kind,
        unit=unit,
        after={"state": item.state},
    )
    return item


def _names(item: ModerationItem) -> list[str]:
    k = moderation_kind(item.kind)
    return k.names(item) if k.names else []


def moderation_preview(item: ModerationItem) -> str:
    """The text as it would be published: personal data masked (the moderator confirms it)."""
    return mask_personal_data(item.text, names=_names(item)).text


@transaction.atomic
def moderation_decide(
    *,
    actor: User,
    item_id: int,
    decision: str,
    version: int,
    reason: str = "",
    reason_text: str = "",
    text: str | None = None,
) -> ModerationItem:
    """Publish or reject one item. ``version`` is the one the moderator read: when someone else
    decided (or changed) the item meanwhile, this refuses with a message naming who and what,
    and nothing changes. ``text`` is the text to publish as the moderator confirmed it (defaults
    to the masked preview); it is masked again, so a moderator cannot publish personal data
    by accident."""
    item = ModerationItem.objects.select_for_update().select_related("unit").get(pk=item_id)
    require(actor, Perm.MODERATE, item.unit)
    if item.version != version:
        who = item.decided_by.full_name or item.decided_by.username if item.decided_by else "他人"
        raise ConflictError(
            f"该条目已由{who}处理为“{item.get_state_display()}”，您的操作未执行。"
            "请刷新页面查看最新状态。"
        )
    if decision not in TRANSITIONS[item.state]:
        raise ValidationFailed(
            [f"该条目当前为“{item.get_state_display()}”，不能改为“{_label(decision)}”。"]
        )
    problems: list[str] = []
    if decision == ModerationState.REJECTED:
        if reason not in RejectReason.values:
            problems.append("请选择不予发布的理由。")
        elif reason == RejectReason.OTHER and not reason_text.strip():
            problems.append("理由为“其他”时，请填写理由说明。")
    published = ""
    if decision == ModerationState.PUBLISHED:
        source = text if text is not None else item.text
        published = mask_personal_data(source, names=_names(item)).text.strip()
        if not published:
            problems.append("发布文本不能为空。")
    if problems:
        raise ValidationFailed(problems)
    before = {"state": item.state}
    item.state = decision
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.reason = reason if decision == ModerationState.REJECTED else ""
    item.reason_text = reason_text.strip()[:500] if decision == ModerationState.REJECTED else ""
    item.published_text = published
    item.version += 1
    item.save()
    kind = moderation_kind(item.kind)
    if decision == ModerationState.PUBLISHED:
        kind.on_publish(item, actor, published)
    else:
        kind.on_reject(item, actor)
    audit_record(
        actor=actor,
        action=f"moderation.{decision}",
        obj_type="moderation",
        obj_id=f"{item.kind}#{item.object_id}",
        obj_label=item.title or item.kind,
        unit=item.unit,
        before=before,
        after={"state": item.state, "reason": item.reason, "reason_text": item.reason_text},
    )
    return item


def _label(state: str) -> str:
    try:
        return str(ModerationState(state).label)
    except ValueError:
        return state
