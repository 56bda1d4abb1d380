"""The daily job: refresh deadline flags and remind the assignee and the unit's head, once.

A reminder is a notification on the workbench and, for staff with an e-mail address, an e-mail
through the outbox (gongkai.delivery). Both are keyed by (case, kind, due date, person): the
notification's unique constraint and the outbox's idempotency key, so a tick that runs twice,
on one node or two, reminds nobody twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.applications.machine import OPEN_STATES, State
from gongkai.applications.models import Application, Notification
from gongkai.applications.services import refresh_clock
from gongkai.applications.system import application_co_maker_silence
from gongkai.audit.services import audit_record
from gongkai.delivery.services import outbox_enqueue
from gongkai.formats import cn_date
from gongkai.org.models import Role, User


def _recipients(app: Application) -> list[User]:
    people: dict[int, User] = {}
    if app.assignee is not None and app.assignee.is_active:
        people[app.assignee.pk] = app.assignee
    heads = User.objects.filter(
        unit_id__in={app.unit_id, app.assigned_unit_id} - {None},
        role_assignments__role=Role.HEAD,
        is_active=True,
    )
    for head in heads:
        people[head.pk] = head
    return list(people.values())


def reminder_key(app: Application, kind: str, person: User) -> str:
    """The reminder's idempotency key: one per case, kind, due date and person."""
    assert app.due_on is not None
    return f"applications.reminder:{app.tracking_code}:{kind}:{app.due_on.isoformat()}:{person.pk}"


def applications_tick(now: datetime.datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    flagged = sent = resumed = 0
    for code in Application.objects.filter(state=State.CONSULTING).values_list(
        "tracking_code", flat=True
    ):
        resumed += application_co_maker_silence(code=code, today=today) is not None
    for app in Application.objects.filter(state__in=OPEN_STATES).select_related("unit", "assignee"):
        with transaction.atomic():
            old = (app.due_on, app.due_soon, app.overdue)
            if refresh_clock(app, today):
                app.save(
                    update_fields=[
                        "due_on",
                        "due_provisional",
                        "clock_paused",
                        "due_soon",
                        "overdue",
                    ]
                )
                audit_record(
                    actor=None,
                    action="application.flags",
                    obj_type="application",
                    obj_id=app.tracking_code,
                    obj_label=f"政府信息公开申请 {app.tracking_code}",
                    unit=app.unit,
                    before={"due_on": old[0], "due_soon": old[1], "overdue": old[2]},
                    after={"due_on": app.due_on, "due_soon": app.due_soon, "overdue": app.overdue},
                )
                flagged += 1
            kind = "overdue" if app.overdue else "due_soon" if app.due_soon else ""
            if not kind or app.due_on is None:
                continue
            text = (
                f"申请 {app.tracking_code} 已超过答复期限（{cn_date(app.due_on)}），请尽快办理。"
                if kind == "overdue"
                else f"申请 {app.tracking_code} 将于 {cn_date(app.due_on)} 到期，请及时答复。"
            )
            for person in _recipients(app):
                _, created = Notification.objects.get_or_create(
                    application=app,
                    recipient=person,
                    kind=kind,
                    due_on=app.due_on,
                    defaults={"message": text, "created_at": now},
                )
                if created:
                    audit_record(
                        actor=None,
                        action=f"application.remind_{kind}",
                        obj_type="application",
                        obj_id=app.tracking_code,
                        obj_label=f"政府信息公开申请 {app.tracking_code}",
                        unit=app.unit,
                        after={"recipient": person.username, "due_on": app.due_on},
                    )
                    sent += 1
                if person.email:
                    outbox_enqueue(
                        kind="email",
                        key=reminder_key(app, kind, person),
                        source="applications.reminder",
                        target=person.email,
                        subject=f"【政府信息公开申请】{text}",
                        body=f"{text}\n\n（本邮件由政府信息公开平台自动发送。）",
                        now=now,
                    )
    return {"flag_changes": flagged, "reminders_sent": sent, "co_maker_deemed_consent": resumed}
