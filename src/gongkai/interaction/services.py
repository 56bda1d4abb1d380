"""Writes of 政民互动: one transaction each, access checked, every change audited."""

from __future__ import annotations

import datetime
import re
import secrets
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.privacy import mask_personal_data
from gongkai.interaction.channels import (
    DEFAULT_CHANNELS,
    DUE_SOON_WORKING_DAYS,
    SATISFACTION_WORKING_DAYS,
)
from gongkai.interaction.machine import (
    OPEN_STATES,
    PUBLIC_STEP_LABELS,
    TRANSITIONS,
    Publication,
    Satisfaction,
    State,
)
from gongkai.interaction.models import Channel, Message, MessageEvent
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.workdays.counting import add_working_days, working_days_between
from gongkai.workdays.selectors import load_calendar

MODERATION_KIND = "interaction.message"
REPLY_MARK = "【答复】"  # separates the message from the reply in the text a moderator confirms
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PHONE = re.compile(r"^1[3-9]\d{9}$")


# --- channels --------------------------------------------------------------------------------


@transaction.atomic
def channels_install_defaults() -> int:
    """Create the default channels that do not exist yet (idempotent); return how many."""
    created = 0
    for d in DEFAULT_CHANNELS:
        if Channel.objects.filter(slug=d.slug).exists():
            continue
        Channel.objects.create(
            slug=d.slug,
            name=d.name,
            kind=d.kind,
            reply_working_days=d.reply_working_days,
            order=d.order,
            unit_label=d.unit_label,
            intro=d.intro,
        )
        audit_record(
            actor=None,
            actor_label="系统",
            action="interaction.channel_create",
            obj_type="interaction.channel",
            obj_id=d.slug,
            obj_label=d.name,
            after={"reply_working_days": d.reply_working_days},
        )
        created += 1
    return created


@transaction.atomic
def channel_update(
    *,
    actor: User,
    slug: str,
    version: int,
    reply_working_days: int,
    publishes: bool,
    active: bool,
) -> Channel:
    """An administrator sets a channel's reply limit and visibility (open messages keep the
    deadline they were given when received)."""
    require(actor, Perm.MANAGE_UNITS)
    channel = Channel.objects.select_for_update().get(slug=slug)
    if channel.version != version:
        raise ConflictError("该渠道的设置已被他人修改，请刷新页面查看最新内容后再修改。")
    if not 1 <= reply_working_days <= 60:
        raise ValidationFailed(["答复时限应为 1 至 60 个工作日。"])
    before = {
        "reply_working_days": channel.reply_working_days,
        "publishes": channel.publishes,
        "active": channel.active,
    }
    channel.reply_working_days = reply_working_days
    channel.publishes = publishes
    channel.active = active
    channel.version += 1
    channel.save()
    audit_record(
        actor=actor,
        action="interaction.channel_update",
        obj_type="interaction.channel",
        obj_id=slug,
        obj_label=channel.name,
        before=before,
        after={"reply_working_days": reply_working_days, "publishes": publishes, "active": active},
    )
    return channel


# --- the clock ---------------------------------------------------------------------------------


def reply_due_on(received_on: datetime.date, channel: Channel) -> datetime.date:
    """The reply deadline: the channel's limit in working days counted from the day after
    receipt, on the project's working-day calendar."""
    return add_working_days(load_calendar(), received_on, channel.reply_working_days).end


def refresh_flags(message: Message, today: datetime.date) -> bool:
    """Recompute due-soon/overdue for ``today``; True when they changed (not saved)."""
    old = (message.due_soon, message.overdue)
    if message.state in OPEN_STATES:
        overdue = today > message.due_on
        if overdue:
            due_soon = False
        else:
            left, _ = working_days_between(load_calendar(), today, message.due_on)
            due_soon = left <= DUE_SOON_WORKING_DAYS
    else:
        due_soon = overdue = False
    message.due_soon, message.overdue = due_soon, overdue
    return (due_soon, overdue) != old


# --- intake ----------------------------------------------------------------------------------


def new_tracking_code(year: int) -> str:
    for _ in range(20):
        code = f"HD{year}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if not Message.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("无法生成不重复的查询码")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def validate_values(values: dict[str, Any]) -> dict[str, Any]:
    """The seed's 政策咨询 fields, checked the same way for every form and the API."""
    problems = []
    clean: dict[str, Any] = {
        "name": str(values.get("name") or "").strip(),
        "phone": _digits(str(values.get("phone") or "")),
        "email": str(values.get("email") or "").strip(),
        "title": str(values.get("title") or "").strip(),
        "content": str(values.get("content") or "").strip(),
        "wants_public": bool(values.get("wants_public")),
    }
    name, phone, email = str(clean["name"]), str(clean["phone"]), str(clean["email"])
    title, content = str(clean["title"]), str(clean["content"])
    if not name:
        problems.append("请填写姓名。")
    elif len(name) > 60:
        problems.append("姓名最多 60 个字。")
    if not _PHONE.match(phone):
        problems.append("请填写 11 位手机号码，例如 13812345678。")
    if email and not re.match(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", email):
        problems.append("邮箱格式不正确，例如 name@example.com；不需要可不填。")
    if not title:
        problems.append("请填写标题。")
    elif len(title) > 100:
        problems.append("标题最多 100 个字。")
    if not content:
        problems.append("请填写内容。")
    elif len(content) > 3000:
        problems.append("内容最多 3000 个字，请精简后再提交。")
    if problems:
        raise ValidationFailed(problems)
    return clean


def _event(
    message: Message, action: str, actor: User | None, note: str = "", label: str = ""
) -> MessageEvent:
    seq = (message.events.aggregate(m=Max("seq"))["m"] or 0) + 1
    return MessageEvent.objects.create(
        message=message,
        seq=seq,
        action=action,
        label=label or PUBLIC_STEP_LABELS.get(action, action),
        at=timezone.now(),
        actor=actor,
        actor_label=(actor.full_name or actor.username) if actor else "",
        note=note,
        state_after=message.state,
    )


@transaction.atomic
def message_submit(
    *,
    channel: Channel,
    unit: Unit,
    values: dict[str, Any],
    document: Any = None,
    received_at: datetime.datetime | None = None,
) -> Message:
    """A citizen's message through a public form (or the board under a policy document)."""
    if not channel.active or channel.kind == "imported":
        raise ValidationFailed([f"“{channel.name}”不接受在线留言。"])
    if unit.kind == "division":
        raise ValidationFailed(["请选择一个机关或部门，不能选择内设科室。"])
    clean = validate_values(values)
    received_at = received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    message = Message.objects.create(
        tracking_code=new_tracking_code(received_on.year),
        channel=channel,
        unit=unit,
        document=document,
        topic=getattr(document, "topic", None),
        received_at=received_at,
        received_on=received_on,
        due_on=reply_due_on(received_on, channel),
        publication=Publication.WAITING if clean["wants_public"] else Publication.NOT_CHOSEN,
        **clean,
    )
    refresh_flags(message, timezone.localdate())  # a message entered late may be due already
    message.save(update_fields=["due_soon", "overdue"])
    _event(message, "receive", None)
    audit_record(
        actor=None,
        actor_label="公众",
        action="interaction.receive",
        obj_type="interaction.message",
        obj_id=message.tracking_code,
        obj_label=f"{channel.name}：{message.title}"[:200],
        unit=unit,
        after={"state": message.state, "due_on": message.due_on, "channel": channel.slug},
    )
    return message


# --- handling --------------------------------------------------------------------------------


def _label(message: Message) -> str:
    return f"{message.channel.name}留言 {message.tracking_code}"


def acting_unit(message: Message, which: str) -> Unit:
    if which == "receiving":
        return message.unit
    return message.handling_unit or message.unit


def may_act(user: User, message: Message, action: str) -> bool:
    from gongkai.org.access import can

    t = TRANSITIONS.get(action)
    if t is None or message.state not in t.sources:
        return False
    if action == "send_back" and message.handling_unit_id in (None, message.unit_id):
        return False
    return can(user, t.perm, acting_unit(message, t.unit))


def submit_for_publication(message: Message) -> None:
    """After the reply: a message whose writer chose 公开 waits for a moderator (先审后发)."""
    from gongkai.moderation.services import moderation_submit

    if not message.wants_public or not message.channel.publishes:
        return
    if message.publication not in (Publication.WAITING, Publication.NOT_CHOSEN):
        return
    message.publication = Publication.PENDING
    moderation_submit(
        kind=MODERATION_KIND,
        object_id=message.pk,
        unit=message.reply_unit or acting_unit(message, "responsible"),
        text=f"{message.content}\n\n{REPLY_MARK}\n{message.reply_text}",
        title=message.title,
    )


@transaction.atomic
def message_act(
    *,
    actor: User,
    code: str,
    action: str,
    version: int,
    reason: str = "",
    to_unit: Unit | None = None,
    reply: str = "",
    today: datetime.date | None = None,
) -> Message:
    """Take one step of ``TRANSITIONS``; refused with a Chinese message when the state, the
    actor's role and unit, the input or the version the actor read do not allow it."""
    message = (
        Message.objects.select_for_update(of=("self",))  # PostgreSQL: not the outer joins
        .select_related("channel", "unit", "handling_unit")
        .get(tracking_code=code)
    )
    t = TRANSITIONS.get(action)
    if t is None:
        raise ValidationFailed([f"没有“{action}”这一办理步骤。"])
    require(actor, t.perm, acting_unit(message, t.unit))
    if message.version != version:
        raise ConflictError(
            "该留言已被他人办理（当前状态："
            f"{message.get_state_display()}），您的操作未执行。请刷新页面查看最新内容后再办理。"
        )
    if message.state not in t.sources:
        raise ValidationFailed([f"该留言当前为“{message.get_state_display()}”，不能“{t.label}”。"])
    problems: list[str] = []
    reason = reason.strip()
    reply = reply.strip()
    if "reason" in t.needs and not reason:
        problems.append(f"请填写“{t.label}”的理由。")
    if "unit" in t.needs and to_unit is None:
        problems.append("请选择承办部门。")
    if "reply" in t.needs and not reply:
        problems.append("请填写答复内容。")
    if action == "send_back" and message.handling_unit_id in (None, message.unit_id):
        problems.append("该留言由受理部门自行办理，无需退回。")
    if action == "approve_reply" and message.drafted_by_id == getattr(actor, "pk", None):
        # a reply is checked by a second person, as a document is (一事一审)
        problems.append("拟写答复的人不能审核自己拟写的答复：请由本单位其他审核人员审核。")
    if problems:
        raise ValidationFailed(problems)
    today = today or timezone.localdate()
    before = {"state": message.state, "handling_unit": acting_unit(message, "responsible").code}
    label = ""
    note = reason
    if action == "route":
        assert to_unit is not None
        from gongkai.org.access import unit_ids_below

        inside = to_unit.pk in unit_ids_below([message.unit_id])
        label = (
            "已受理，由受理部门办理"
            if to_unit.pk == message.unit_id
            else f"已{'分办' if inside else '转办'}至{to_unit.name}"
        )
        message.handling_unit = to_unit
        message.return_reason = ""
    elif action == "send_back":
        label = f"{acting_unit(message, 'responsible').name}退回，重新分办"
        message.return_reason = reason
        message.handling_unit = None
    elif action == "draft_reply":
        message.reply_text = reply
        message.drafted_by = actor
        note = reply
    elif action == "return_draft":
        message.return_reason = reason
    elif action == "approve_reply":
        message.approved_by = actor
    elif action == "send_reply":
        message.reply_unit = acting_unit(message, "responsible")
        message.replied_on = today
        message.replied_on_time = today <= message.due_on
    elif action in ("close", "decline"):
        message.closed_on = today
        if action == "decline":
            message.return_reason = reason
            if message.publication == Publication.WAITING:
                message.publication = Publication.NOT_CHOSEN
    message.state = t.target
    if action == "send_reply":
        submit_for_publication(message)
    refresh_flags(message, max(today, timezone.localdate()))
    message.version += 1
    message.save()
    _event(message, action, actor, note=note, label=label)
    audit_record(
        actor=actor,
        action=f"interaction.{action}",
        obj_type="interaction.message",
        obj_id=message.tracking_code,
        obj_label=_label(message),
        unit=acting_unit(message, "responsible"),
        before=before,
        after={
            "state": message.state,
            "handling_unit": acting_unit(message, "responsible").code,
            "reason": reason,
        },
    )
    return message


@transaction.atomic
def message_rate(*, code: str, phone: str, satisfaction: str, note: str = "") -> Message:
    """The writer rates the reply (满意/基本满意/不满意), proving who they are with the tracking
    code and the phone they gave; the message is then closed."""
    from gongkai.interaction.selectors import message_matching

    found = message_matching(code, phone)
    if found is None:
        raise ValidationFailed(["查询码与手机号码不匹配，请核对后重试。"])
    message = Message.objects.select_for_update().get(pk=found.pk)
    if message.state != State.REPLIED:
        raise ValidationFailed(
            ["该留言尚未答复，暂不能评价。"]
            if message.state in OPEN_STATES
            else ["该留言已办结，不能再评价。"]
        )
    if satisfaction not in Satisfaction.values:
        raise ValidationFailed(["请选择满意、基本满意或不满意。"])
    message.satisfaction = satisfaction
    message.satisfaction_note = note.strip()[:300]
    message.state = State.CLOSED
    message.closed_on = timezone.localdate()
    message.version += 1
    message.save()
    _event(message, "rate", None, note=message.satisfaction_note)
    audit_record(
        actor=None,
        actor_label="写信人",
        action="interaction.rate",
        obj_type="interaction.message",
        obj_id=message.tracking_code,
        obj_label=_label(message),
        unit=message.reply_unit or message.unit,
        after={"satisfaction": satisfaction, "state": message.state},
    )
    return message


def satisfaction_closes_on(message: Message) -> datetime.date | None:
    if message.replied_on is None:
        return None
    return add_working_days(load_calendar(), message.replied_on, SATISFACTION_WORKING_DAYS).end


# --- publication (留言选登), called by the moderation queue ------------------------------------


def _split(text: str) -> tuple[str, str]:
    if REPLY_MARK in text:
        content, reply = text.split(REPLY_MARK, 1)
        return content.strip(), reply.strip()
    return text.strip(), ""


def on_publish(item: Any, actor: User, text: str) -> None:
    """The moderator confirmed the masked text: store it and make the message public."""
    message = Message.objects.select_for_update().get(pk=int(item.object_id))
    content, reply = _split(text)
    names = [message.name]
    message.published_title = mask_personal_data(message.title, names=names).text
    message.published_content = content
    message.published_reply = reply or mask_personal_data(message.reply_text, names=names).text
    message.publication = Publication.PUBLISHED
    message.published_on = timezone.localdate()
    message.version += 1
    message.save()
    _event(message, "publish", actor)
    audit_record(
        actor=actor,
        action="interaction.publish",
        obj_type="interaction.message",
        obj_id=message.tracking_code,
        obj_label=_label(message),
        unit=item.unit,
        after={"publication": message.publication},
    )


def on_reject(item: Any, actor: User) -> None:
    message = Message.objects.select_for_update().get(pk=int(item.object_id))
    before = message.publication
    message.publication = Publication.REJECTED
    message.published_title = message.published_content = message.published_reply = ""
    message.published_on = None
    message.version += 1
    message.save()
    audit_record(
        actor=actor,
        action="interaction.unpublish",
        obj_type="interaction.message",
        obj_id=message.tracking_code,
        obj_label=_label(message),
        unit=item.unit,
        before={"publication": before},
        after={"publication": message.publication},
    )


def writer_names(item: Any) -> list[str]:
    message = Message.objects.filter(pk=int(item.object_id)).only("name").first()
    return [message.name] if message else []


# --- a good reply becomes an FAQ entry (the FAQ app, gongkai.faq) -----------------------------


def message_to_faq(
    *,
    actor: User,
    code: str,
    question: str = "",
    answer: str = "",
    documents: list[int] | None = None,
) -> Any:
    """One step: the replied message's question and reply become an FAQ entry (the FAQ app
    masks the answer; the question defaults to the published, masked title)."""
    from django.apps import apps

    if not apps.is_installed("gongkai.faq"):
        raise ValidationFailed(["本平台未启用常见问题（FAQ）功能。"])
    from gongkai.faq.services import faq_create_from_reply

    message = Message.objects.select_related("channel", "unit", "reply_unit", "document").get(
        tracking_code=code
    )
    require(actor, Perm.REVIEW, message.reply_unit or message.unit)
    if message.state not in (State.REPLIED, State.CLOSED) or not message.reply_text:
        raise ValidationFailed(["只有已答复的留言可以转为常见问题。"])
    names = [message.name]
    q = (
        question.strip()
        or message.published_title
        or mask_personal_data(message.title, names=names).text
    )
    a = (
        answer.strip()
        or message.published_reply
        or mask_personal_data(message.reply_text, names=names).text
    )
    return faq_create_from_reply(
        actor=actor,
        question=q,
        answer=a,
        unit=message.reply_unit or message.unit,
        documents=documents
        if documents is not None
        else ([message.document.pk] if message.document else []),
        topic=message.topic.name if message.topic else "",
        source=f"{message.channel.name}留言 {message.tracking_code}",
    )
