"""System writes (no member of staff acts): recomputing deadlines when the calendar changes,
and the Art. 34 deemed consent of a silent co-making agency. Same rules as services.py: one
transaction, the event history, the clock and the audit log."""

from __future__ import annotations

import datetime

from django.db import transaction

from gongkai.applications.machine import State
from gongkai.applications.models import Application
from gongkai.applications.services import _append_event, refresh_clock
from gongkai.audit.services import audit_record


def applications_recompute_deadlines() -> int:
    """Calendar changed: recompute the stored deadline of every open case (registered with
    workdays.hooks). Returns how many cases changed."""
    changed = 0
    for app in Application.objects.exclude(state=State.CLOSED):
        old = app.due_on
        if refresh_clock(app):
            app.save(
                update_fields=["due_on", "due_provisional", "clock_paused", "due_soon", "overdue"]
            )
            audit_record(
                actor=None,
                action="application.deadline_recomputed",
                obj_type="application",
                obj_id=app.tracking_code,
                obj_label=f"政府信息公开申请 {app.tracking_code}",
                unit=app.unit,
                before={"due_on": old},
                after={"due_on": app.due_on, "provisional": app.due_provisional},
            )
            changed += 1
    return changed


def application_co_maker_silence(*, code: str, today: datetime.date) -> Application | None:
    """条例 Art. 34: a co-making agency that does not answer within 15 working days is deemed to
    agree. The daily job resumes the clock as of the reply-by date (system action, audited)."""
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(tracking_code=code, state=State.CONSULTING)
            .first()
        )
        if app is None:
            return None
        started = app.events.filter(kind="start_consultation").order_by("-seq").first()
        if started is None or started.data.get("party") != "co_maker":
            return None
        reply_by = datetime.date.fromisoformat(str(started.data["reply_by"]))
        if today <= reply_by:
            return None
        app.state = State.HANDLING
        app.version += 1
        _append_event(
            app,
            actor=None,
            kind="end_consultation",
            label="共同制作机关逾期未提出意见，视为同意（条例第三十四条），恢复计时",
            on=reply_by,
            state_before=State.CONSULTING,
            data={"opinion": "逾期未提出意见，视为同意", "basis": "条例第三十四条"},
        )
        refresh_clock(app, today)
        app.save()
        audit_record(
            actor=None,
            action="application.end_consultation",
            obj_type="application",
            obj_id=app.tracking_code,
            obj_label=f"政府信息公开申请 {app.tracking_code}",
            unit=app.unit,
            after={"state": app.state, "due_on": app.due_on, "deemed_consent": True},
        )
        return app
