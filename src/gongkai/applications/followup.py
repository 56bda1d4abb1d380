"""Writes after the reply: reconsideration/litigation records (条例 Art. 51; report table 四),
the conversion-to-proactive decision (Art. 44) and the audited export."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from gongkai.applications.machine import REPLIED_STATES
from gongkai.applications.models import Application, ReliefCase
from gongkai.applications.outcomes import ReliefKind, ReliefOutcome
from gongkai.applications.services import Actor, _append_event, _require_on
from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.org.access import Perm, require
from gongkai.org.models import User


def _locked(code: str) -> Application:
    app = Application.objects.select_for_update().filter(tracking_code=code).first()
    if app is None:
        raise DomainError(f"找不到查询码为“{code}”的申请。")
    return app


def relief_record(
    *,
    actor: Actor,
    code: str,
    kind: str,
    filed_on: datetime.date,
    outcome: str = ReliefOutcome.PENDING,
    body: str = "",
    decided_on: datetime.date | None = None,
    note: str = "",
    relief_id: int | None = None,
    version: int | None = None,
) -> ReliefCase:
    """Record (or update, with ``relief_id``) a reconsideration or lawsuit about the reply. An
    update names the ``version`` of the record the editor read (optimistic concurrency): a
    record changed meanwhile by someone else is never silently overwritten."""
    problems = []
    if kind not in ReliefKind.values:
        problems.append("类型应为行政复议、行政诉讼（直接起诉）或行政诉讼（复议后起诉）")
    if outcome not in ReliefOutcome.values:
        problems.append("结果应为结果维持、结果纠正、其他结果或尚未审结")
    if outcome != ReliefOutcome.PENDING and decided_on is None:
        problems.append("已审结的，请填写审结日期")
    if decided_on and decided_on < filed_on:
        problems.append("审结日期不能早于受理日期")
    if relief_id is not None and version is None:
        problems.append("修改已登记的复议诉讼时，请同时提供读取时的版本号（version）")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        app = _locked(code)
        user = _require_on(actor, Perm.HANDLE, app)
        if app.state not in REPLIED_STATES:
            raise DomainError("复议、诉讼只能针对已作出的答复登记：该申请尚未答复。")
        if relief_id is not None:
            case = (
                ReliefCase.objects.select_for_update().filter(pk=relief_id, application=app).first()
            )
            if case is None:
                raise DomainError(f"该申请没有编号为 {relief_id} 的复议诉讼记录。")
            if case.version != version:
                raise ConflictError(
                    "保存失败：在您编辑期间，该复议诉讼记录已被他人修改。"
                    "请刷新页面查看最新内容后再修改。"
                )
            case.version += 1
            before: dict[str, Any] | None = {"outcome": case.outcome, "decided_on": case.decided_on}
        else:
            case = ReliefCase(application=app)
            before = None
        case.kind, case.filed_on, case.outcome = kind, filed_on, outcome
        case.body, case.decided_on, case.note = body, decided_on, note
        case.save()
        label = f"{ReliefKind(kind).label}：{ReliefOutcome(outcome).label}"
        _append_event(
            app,
            actor=user,
            kind="relief",
            label=label,
            on=filed_on,
            data={
                "relief_id": case.pk,
                "kind": kind,
                "outcome": outcome,
                "decided_on": decided_on.isoformat() if decided_on else None,
            },
        )
        audit_record(
            actor=user,
            action="application.relief",
            obj_type="application",
            obj_id=app.tracking_code,
            obj_label=f"政府信息公开申请 {app.tracking_code}",
            unit=app.unit,
            before=before,
            after={
                "kind": kind,
                "outcome": outcome,
                "filed_on": filed_on,
                "decided_on": decided_on,
            },
        )
        return case


CONVERT_DECISIONS = {"publish": "转为主动公开（生成草稿）", "not_needed": "不需要转为主动公开"}


def _hand_to_documents(user: User, app: Application) -> int:
    """Art. 44: hand a draft to the proactive-disclosure module; staff review it there."""
    from gongkai.documents.services import document_create

    doc = document_create(
        actor=user,
        unit=app.unit,
        values={
            "title": f"依申请公开转主动公开：{app.information[:80]}",
            "summary": app.information[:500],
            "body": app.reply_text,
            "source": f"依申请公开答复（{app.tracking_code}）转主动公开",
            "disclosure_basis": "《中华人民共和国政府信息公开条例》第四十四条",
        },
    )
    return int(doc.pk)


def application_convert_decide(
    *, actor: Actor, code: str, decision: str, note: str = ""
) -> Application:
    """Decide on the Art. 44 conversion prompt (the documents module takes the draft). A case
    is decided once: a second decision from a page read before the first is refused, so it
    neither overwrites the first nor hands a second draft to the documents module."""
    if decision not in CONVERT_DECISIONS:
        raise ValidationFailed(["处理结果应为“已转为主动公开”或“不需要转为主动公开”"])
    with transaction.atomic():
        app = _locked(code)
        user = _require_on(actor, Perm.HANDLE, app)
        if app.replied_on is None:
            raise DomainError("答复后才能决定是否转为主动公开。")
        if app.convert_decided:
            raise ConflictError(
                f"该申请已由他人作出处理：“{CONVERT_DECISIONS.get(app.convert_decided, '')}”。"
                "您的选择没有保存。请刷新页面查看最新内容后再修改。"
            )
        app.convert_decided = decision
        app.save(update_fields=["convert_decided"])
        data: dict[str, Any] = {"decision": decision, "note": note}
        if decision == "publish":
            data["document_id"] = _hand_to_documents(user, app)
        _append_event(
            app,
            actor=user,
            kind="convert",
            label=CONVERT_DECISIONS[decision]
            + (
                f"：已交主动公开模块，草稿编号 {data['document_id']}"
                if "document_id" in data
                else ""
            ),
            on=app.replied_on,
            data=data,
        )
        audit_record(
            actor=user,
            action="application.convert",
            obj_type="application",
            obj_id=app.tracking_code,
            obj_label=f"政府信息公开申请 {app.tracking_code}",
            unit=app.unit,
            after=data,
        )
        return app


def applications_export_record(
    *, actor: Actor, fmt: str, filters: dict[str, Any], count: int
) -> None:
    """Exports say who exported what (issue 3 §7)."""
    with transaction.atomic():
        user = require(actor, Perm.EXPORT_APPLICATIONS)
        audit_record(
            actor=user,
            action="application.export",
            obj_type="application_export",
            obj_id=fmt,
            obj_label=f"导出依申请公开台账（{count} 件）",
            unit=user.unit,
            after={"format": fmt, "filters": filters, "rows": count},
        )


def letter_template_save(*, actor: Actor, kind: str, body: str, version: int) -> None:
    """Save an edited letter template; an empty body restores the default text. ``version`` is
    the one the editor read (0: never edited): a template changed meanwhile by someone else is
    never silently overwritten. Restoring the default keeps the row with an empty body, so
    versions only grow and a page read before a reset and a new edit is still seen as stale."""
    from gongkai.applications.letters import check_template
    from gongkai.applications.models import LetterTemplate
    from gongkai.applications.selectors import LETTER_TITLES

    if kind not in LETTER_TITLES:
        raise ValidationFailed([f"未知的文书类型“{kind}”"])
    body = body.replace("\r\n", "\n").strip()
    if body:
        problems = check_template(body)
        if problems:
            raise ValidationFailed(problems)
    with transaction.atomic():
        user = require(actor, Perm.MANAGE_LETTERS)
        current = LetterTemplate.objects.select_for_update().filter(kind=kind).first()
        if (current.version if current else 0) != version:
            raise ConflictError(
                "保存失败：在您编辑期间，该文书模板已被他人修改。请刷新页面查看最新内容后再修改。"
            )
        before = {"body": current.body} if current and current.body else None
        if not body:
            if current is not None and current.body:
                current.body, current.updated_by = "", user
                current.version += 1
                current.save()
        elif current is None:
            LetterTemplate.objects.create(kind=kind, body=body, updated_by=user)
        else:
            current.body, current.updated_by = body, user
            current.version += 1
            current.save()
        audit_record(
            actor=user,
            action="letter_template.reset" if not body else "letter_template.save",
            obj_type="letter_template",
            obj_id=kind,
            obj_label=f"文书模板：{LETTER_TITLES[kind]}",
            before=before,
            after={"body": body} if body else None,
        )
