"""The tick: refresh due-soon/overdue, remind the handling unit once per deadline, and close
replied messages whose writer did not rate them within the window (decision 0013)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.formats import cn_date
from gongkai.interaction.machine import OPEN_STATES, State
from gongkai.interaction.models import Message, Reminder
from gongkai.interaction.services import _event, refresh_flags, satisfaction_closes_on
from gongkai.org.models import Role, User


def _recipients(message: Message) -> list[User]:
    unit_id = message.handling_unit_id or message.unit_id
    return list(
        User.objects.filter(
            unit_id=unit_id,
            role_assignments__role__in=[Role.CLERK, Role.HEAD],
            is_active=True,
        ).distinct()
    )


def interaction_tick(now: datetime.datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    flagged = sent = closed = 0
    for message in Message.objects.filter(state__in=OPEN_STATES).select_related("channel"):
        with transaction.atomic():
            if refresh_flags(message, today):
                message.save(update_fields=["due_soon", "overdue"])
                audit_record(
                    actor=None,
                    action="interaction.flags",
                    obj_type="interaction.message",
                    obj_id=message.tracking_code,
                    after={"due_soon": message.due_soon, "overdue": message.overdue},
                )
                flagged += 1
            kind = "overdue" if message.overdue else "due_soon" if message.due_soon else ""
            if not kind:
                continue
            text = (
                f"{message.channel.name}留言 {message.tracking_code} 已超过答复期限"
                f"（{cn_date(message.due_on)}），请尽快答复。"
                if kind == "overdue"
                else f"{message.channel.name}留言 {message.tracking_code} 将于 "
                f"{cn_date(message.due_on)} 到期，请及时答复。"
            )
            for person in _recipients(message):
                _, created = Reminder.objects.get_or_create(
                    message=message,
                    recipient=person,
                    kind=kind,
                    due_on=message.due_on,
                    defaults={"text": text, "created_at": now},
                )
                if created:
                    audit_record(
                        actor=None,
                        action=f"interaction.remind_{kind}",
                        obj_type="interaction.message",
                        obj_id=message.tracking_code,
                        after={"recipient": person.username, "due_on": message.due_on},
                    )
                    sent += 1
    for message in Message.objects.filter(state=State.REPLIED, replied_on__isnull=False):
        ends = satisfaction_closes_on(message)
        if ends is None or today <= ends:
            continue
        with transaction.atomic():
            locked = Message.objects.select_for_update().get(pk=message.pk)
            if locked.state != State.REPLIED:
                continue
            locked.state = State.CLOSED
            locked.closed_on = today
            locked.version += 1
            locked.save()
            _event(locked, "close", None, label="评价期满，已办结")
            audit_record(
                actor=None,
                action="interaction.close_unrated",
                obj_type="interaction.message",
                obj_id=locked.tracking_code,
                after={"state": locked.state},
            )
            closed += 1
    return {"flag_changes": flagged, "reminders_sent": sent, "closed_unrated": closed}
