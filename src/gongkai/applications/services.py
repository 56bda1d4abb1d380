"""All writes to disclosure requests. Each function is one transaction that checks the access
layer, appends to the case's event history, recomputes its clock and writes the audit log."""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.applications import conf
from gongkai.applications.clock import Clock, ClockEvent, compute_clock
from gongkai.applications.intake import PAPER_CHANNELS, Channel, late_entry, receipt_date
from gongkai.applications.machine import REPLIED_STATES, State, check
from gongkai.applications.models import Applicant, Application, ApplicationEvent
from gongkai.applications.outcomes import ApplicantType
from gongkai.audit.services import audit_record
from gongkai.core.errors import AccessDenied, ConflictError, DomainError, ValidationFailed
from gongkai.org.access import Perm, can
from gongkai.org.models import Unit, User
from gongkai.workdays.counting import working_days_between
from gongkai.workdays.selectors import load_calendar

Actor = User | AnonymousUser | None

_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
APPLICANT_FIELDS = (
    "name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
)
CASE_FIELDS = ("applicant_type", "information", "provision_form", "delivery_way")


def new_tracking_code(year: int) -> str:
    for _ in range(20):
        code = f"GK{year}-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if not Application.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("无法生成不重复的查询码")


def _actor_label(actor: Actor) -> str:
    if isinstance(actor, User):
        return actor.full_name or actor.username
    return "系统"


def may_act(actor: Actor, perm: Perm, app: Application) -> bool:
    """Does ``actor`` hold ``perm`` for the unit applied to or the division handling the case?"""
    if can(actor, perm, app.unit):
        return True
    return app.assigned_unit is not None and can(actor, perm, app.assigned_unit)


def _require_on(actor: Actor, perm: Perm, app: Application) -> User:
    if not may_act(actor, perm, app):
        raise AccessDenied(
            "您没有权限办理此申请：该申请不属于您所在机构，或您的角色不能执行此操作。"
        )
    assert isinstance(actor, User)
    return actor


def _append_event(
    app: Application,
    *,
    actor: Actor,
    kind: str,
    label: str,
    on: datetime.date,
    state_before: str = "",
    data: dict[str, Any] | None = None,
    letter: str = "",
    actor_label: str = "",
) -> ApplicationEvent:
    last = app.events.order_by("-seq").values_list("seq", flat=True).first() or 0
    return ApplicationEvent.objects.create(
        application=app,
        seq=last + 1,
        kind=kind,
        label=label,
        actor=actor if isinstance(actor, User) else None,
        actor_label=actor_label or _actor_label(actor),
        at=timezone.now(),
        on=on,
        state_before=state_before,
        state_after=app.state,
        data=data or {},
        letter=letter,
    )


def clock_events(app: Application) -> list[ClockEvent]:
    return [ClockEvent(e.kind, e.on, e.data) for e in app.events.order_by("seq")]


def case_clock(app: Application, today: datetime.date | None = None) -> Clock:
    return compute_clock(
        clock_events(app),
        load_calendar(),
        today=today or timezone.localdate(),
        count_start_day=conf.count_start_day(),
        fee_window_pauses=conf.fee_window_pauses_clock(),
    )


def refresh_clock(app: Application, today: datetime.date | None = None) -> bool:
    """Recompute the stored deadline and flags of ``app``; True when anything changed."""
    today = today or timezone.localdate()
    before = (app.due_on, app.due_provisional, app.clock_paused, app.due_soon, app.overdue)
    if app.imported and not app.events.filter(kind="received").exists():
        return False
    clock = case_clock(app, today)
    app.due_on = clock.due
    app.due_provisional = clock.provisional
    app.clock_paused = clock.paused
    waiting = app.state not in REPLIED_STATES and not clock.paused
    waiting = waiting and app.state != State.CORRECTION
    app.overdue = waiting and today > clock.due
    if waiting and not app.overdue:
        left, _ = working_days_between(load_calendar(), today, clock.due)
        app.due_soon = left <= conf.due_soon_working_days()
    else:
        app.due_soon = False
    return before != (app.due_on, app.due_provisional, app.clock_paused, app.due_soon, app.overdue)


def applicant_format_problems(data: dict[str, str]) -> dict[str, str]:
    """What is wrong with the form of the applicant's phone, ID number and postcode, by field;
    the public form shows these next to the fields, in the same round as its own checks."""
    problems = {}
    phone, id_type, id_number = (
        data.get("phone", ""),
        data.get("id_type", ""),
        data.get("id_number", ""),
    )
    if phone and not re.fullmatch(r"[0-9+\-() ]{5,20}", phone):
        problems["phone"] = gettext("联系电话格式不对：请只填写数字、空格或“-”")
    if id_type == "id_card" and id_number and not re.fullmatch(r"\d{17}[\dXx]", id_number):
        problems["id_number"] = gettext(
            "居民身份证号码应为 18 位：前 17 位为数字，最后一位为数字或 X"
        )
    if (
        id_type == "credit_code"
        and id_number
        and not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", id_number.upper())
    ):
        problems["id_number"] = gettext("统一社会信用代码应为 18 位数字或大写字母")
    if data.get("postcode") and not re.fullmatch(r"\d{6}", data["postcode"]):
        problems["postcode"] = gettext("邮政编码应为 6 位数字")
    return problems


def _clean_applicant(values: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    data = {k: str(values.get(k) or "").strip() for k in APPLICANT_FIELDS}
    problems = []
    if not data["name"]:
        problems.append("请填写申请人姓名或单位名称")
    if not (data["phone"] or data["email"] or data["address"]):
        problems.append("请至少填写一种联系方式（电话、电子邮箱或通信地址），以便送达答复")
    if data["id_number"] and not data["id_type"]:
        problems.append("填写了证件号码时，请同时选择证件类型")
    problems += applicant_format_problems(data).values()
    return data, problems


def _clean_case(values: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    data = {k: str(values.get(k) or "").strip() for k in CASE_FIELDS}
    problems = []
    if data["applicant_type"] not in ApplicantType.values:
        problems.append("请选择申请人类型：自然人，或法人或其他组织（并选择具体类别）")
    if len(data["information"]) < 4:
        problems.append(
            "请写明所需政府信息的名称、文号或便于查询的其他特征性描述（条例第二十九条）"
        )
    return data, problems


def _create(
    *,
    actor: Actor,
    unit: Unit,
    channel: str,
    received: datetime.date,
    rule: str,
    values: dict[str, Any],
    applicant: dict[str, Any],
    state: State,
    late: bool = False,
    extra_event: dict[str, Any] | None = None,
) -> Application:
    case, p1 = _clean_case(values)
    person, p2 = _clean_applicant(applicant)
    if p1 + p2:
        raise ValidationFailed(p1 + p2)
    app = Application.objects.create(
        tracking_code=new_tracking_code(received.year),
        unit=unit,
        channel=channel,
        received_on=received,
        receipt_rule=rule[:200],
        entered_at=timezone.now(),
        late_entry=late,
        state=state,
        **case,
    )
    Applicant.objects.create(application=app, **person)
    _append_event(
        app,
        actor=actor,
        kind="received",
        label=f"收到申请（{Channel(channel).label}）",
        on=received,
        data={"rule": rule, **(extra_event or {})},
    )
    from gongkai.applications.matching import mark_duplicate

    mark_duplicate(app)
    refresh_clock(app)
    app.save()
    audit_record(
        actor=actor,
        action="application.receive",
        obj_type="application",
        obj_id=app.tracking_code,
        obj_label=f"政府信息公开申请 {app.tracking_code}",
        unit=unit,
        after={
            "channel": channel,
            "received_on": received,
            "state": app.state,
            "applicant_type": app.applicant_type,
            "late_entry": late,
        },  # personal data is deliberately not copied into the audit log
    )
    return app


def application_submit_online(
    *,
    unit: Unit,
    values: dict[str, Any],
    applicant: dict[str, Any],
    attachments: list[tuple[str, bytes]] | None = None,
) -> Application:
    """A citizen's online application (no account, 条例 Art. 29): received the day it is
    submitted, which the platform confirms at once (Art. 31)."""
    with transaction.atomic():
        today = timezone.localdate()
        received, rule = receipt_date(Channel.ONLINE, submitted=today)
        app = _create(
            actor=None,
            unit=unit,
            channel=Channel.ONLINE,
            received=received,
            rule=rule,
            values=values,
            applicant=applicant,
            state=State.RECEIVED,
        )
        if attachments:
            from gongkai.applications.files import store_file
            from gongkai.applications.models import FileKind

            for name, data in attachments:
                store_file(app, kind=FileKind.IDENTITY_PROOF, name=name, data=data, actor=None)
        return app


def application_register_paper(
    *,
    actor: Actor,
    unit: Unit,
    channel: str,
    values: dict[str, Any],
    applicant: dict[str, Any],
    submitted: datetime.date | None = None,
    signed: datetime.date | None = None,
    confirmed: datetime.date | None = None,
) -> Application:
    """Staff enter an application that arrived on paper, by mail, fax or e-mail; it is received
    per Art. 31 for its channel and registered at once. Entry later than 2 working days after
    receipt is flagged (seed 004 item 8)."""
    if channel not in PAPER_CHANNELS:
        raise ValidationFailed(["请选择收件渠道：当面提交、邮政挂号信、平常信函、传真或电子邮件"])
    with transaction.atomic():
        user = actor if isinstance(actor, User) else None
        if not can(user, Perm.HANDLE, unit):
            raise AccessDenied("您没有权限为该机关登记申请。")
        received, rule = receipt_date(
            channel, submitted=submitted, signed=signed, confirmed=confirmed
        )
        today = timezone.localdate()
        if received > today:
            raise ValidationFailed(["收到申请日期不能晚于今天"])
        late, n = late_entry(load_calendar(), received, today)
        app = _create(
            actor=actor,
            unit=unit,
            channel=channel,
            received=received,
            rule=rule,
            values=values,
            applicant=applicant,
            state=State.REGISTERED,
            late=late,
            extra_event={"entered_working_days_after": n},
        )
        _append_event(
            app,
            actor=actor,
            kind="register",
            label="登记受理" + ("（录入超过 2 个工作日）" if late else ""),
            on=today,
            state_before=State.RECEIVED,
        )
        return app


@dataclass
class ActionContext:
    """What an action handler gets: the locked case, the actor, the date and the payload."""

    app: Application
    actor: User
    on: datetime.date
    payload: dict[str, Any]
    today: datetime.date

    def date(self, key: str, *, required: bool = True, label: str = "日期") -> datetime.date | None:
        raw = self.payload.get(key)
        if raw in (None, ""):
            if required:
                raise ValidationFailed([f"请填写{label}"])
            return None
        if isinstance(raw, datetime.date):
            return raw
        try:
            return datetime.date.fromisoformat(str(raw))
        except ValueError:
            raise ValidationFailed([f"{label}格式不对：请写成 YYYY-MM-DD"]) from None

    def text(self, key: str, *, required: bool = False, label: str = "内容") -> str:
        value = str(self.payload.get(key) or "").strip()
        if required and not value:
            raise ValidationFailed([f"请填写{label}"])
        return value


@dataclass
class ActionResult:
    """What a handler tells the generic transition to record."""

    label: str
    data: dict[str, Any]
    letter: str = ""
    on: datetime.date | None = None


def application_act(
    *,
    actor: Actor,
    code: str,
    action: str,
    version: int,
    payload: dict[str, Any] | None = None,
) -> Application:
    """Perform ``action`` (machine.TRANSITIONS) on the case ``code``, as read at ``version``.

    Optimistic concurrency: if someone acted on the case after the actor read it, the action is
    refused with a ConflictError naming who did what, and nothing is written."""
    from gongkai.applications.actions import HANDLERS

    payload = dict(payload or {})
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("unit", "assigned_unit")
            .filter(tracking_code=code)
            .first()
        )
        if app is None:
            raise DomainError(f"找不到查询码为“{code}”的申请。")
        user = _require_on(actor, Perm.VIEW_APPLICATIONS, app)
        if app.version != version:
            last = app.events.order_by("-seq").first()
            who = (
                f"{last.actor_label}于{timezone.localtime(last.at):%H:%M}“{last.label}”"
                if last
                else "他人"
            )
            raise ConflictError(
                f"该申请刚刚已由{who}，当前状态为“{State(app.state).label}”。"
                "您的操作没有执行，也没有覆盖对方的办理结果：请刷新页面，查看最新情况后再决定是否继续。"
            )
        t = check(action, app.state)
        _require_on(user, t.perm, app)
        today = timezone.localdate()
        ctx = ActionContext(app=app, actor=user, on=today, payload=payload, today=today)
        on = ctx.date("on", required=False, label="事项日期") or today
        if on > today:
            raise ValidationFailed(["事项日期不能晚于今天"])
        ctx.on = on
        before = {"state": app.state, "due_on": app.due_on, "outcome": app.outcome}
        result: ActionResult = HANDLERS[action](ctx)
        state_before = app.state
        if t.target is not None:
            app.state = t.target
        updated = Application.objects.filter(pk=app.pk, version=version).update(
            version=F("version") + 1
        )
        if updated != 1:  # belt and braces where the database has no row locks
            raise ConflictError("该申请刚刚已被他人修改，请刷新页面后再操作。")
        app.version = version + 1
        _append_event(
            app,
            actor=user,
            kind=action,
            label=result.label,
            on=result.on or ctx.on,
            state_before=state_before,
            data=result.data,
            letter=result.letter,
        )
        refresh_clock(app, today)
        app.save()
        audit_record(
            actor=user,
            action=f"application.{action}",
            obj_type="application",
            obj_id=app.tracking_code,
            obj_label=f"政府信息公开申请 {app.tracking_code}",
            unit=app.unit,
            before=before,
            after={
                "state": app.state,
                "due_on": app.due_on,
                "outcome": app.outcome,
                **{k: v for k, v in result.data.items() if k not in {"reply_text"}},
            },
        )
        return app


CORRECTION_FILE_TYPES = ("pdf", "jpg", "jpeg", "png")
MAX_CORRECTION_FILES = 5


def application_correct_online(
    *, code: str, content: str, files: list[tuple[str, bytes]] | None = None
) -> Application:
    """The applicant submits the correction the notice asked for, online (条例第三十条): the
    same step staff record as “收到补正材料”, received the day it is submitted (Art. 31 for
    online submissions), so the reply period starts afresh from that day (clock.py).

    The caller (the tracking page) has checked that this browser proved it is the applicant.
    Files: PDF, JPG or PNG, kept as the case's originals (never published)."""
    from gongkai.applications.actions import receive_correction
    from gongkai.applications.files import store_file
    from gongkai.applications.models import FileKind
    from gongkai.documents.attachments import extension

    files = files or []
    problems = []
    if len(content.strip()) < 4 and not files:
        problems.append("请写明补正的内容（例如所需信息的名称、文号、时间范围），或上传补正材料")
    if len(content) > 5000:
        problems.append("补正说明请控制在 5000 字以内")
    if len(files) > MAX_CORRECTION_FILES:
        problems.append(f"一次最多上传 {MAX_CORRECTION_FILES} 个文件")
    for name, _ in files:
        if extension(name) not in CORRECTION_FILE_TYPES:
            problems.append(f"文件“{name}”的类型不支持：请上传 PDF、JPG 或 PNG 文件")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("unit", "assigned_unit")
            .filter(tracking_code=code)
            .first()
        )
        if app is None:
            raise DomainError("找不到该申请。")
        t = check("receive_correction", app.state)
        today = timezone.localdate()
        asked = app.events.filter(kind="request_correction").order_by("-seq").first()
        until = str(asked.data.get("until", "")) if asked is not None else ""
        if until and today.isoformat() > until:
            raise DomainError(
                f"补正期限已于 {until} 届满，不能再在网上补正；如有正当理由，请联系{app.unit.name}。"
            )
        ctx = ActionContext(
            app=app,
            actor=None,  # type: ignore[arg-type]  # the applicant, without an account
            on=today,
            payload={"note": "申请人网上补正", "information": content.strip()},
            today=today,
        )
        result = receive_correction(ctx)
        stored = [
            store_file(
                app, kind=FileKind.ORIGINAL, name=name, data=data, actor=None, note="申请人补正材料"
            )
            for name, data in files
        ]
        state_before = app.state
        assert t.target is not None
        app.state = t.target
        app.version += 1
        _append_event(
            app,
            actor=None,
            kind="receive_correction",
            label=result.label + "（申请人网上提交）",
            on=today,
            state_before=state_before,
            data={
                **result.data,
                "via": "online",
                "files": [{"id": f.pk, "name": f.name, "sha256": f.sha256} for f in stored],
            },
            actor_label="申请人",
        )
        refresh_clock(app, today)
        app.save()
        audit_record(
            actor=None,
            actor_label="申请人（网上补正）",
            action="application.receive_correction",
            obj_type="application",
            obj_id=app.tracking_code,
            obj_label=f"政府信息公开申请 {app.tracking_code}",
            unit=app.unit,
            before={"state": state_before},
            after={"state": app.state, "due_on": app.due_on, "files": len(stored)},
        )
        return app
