"""The rule of each action of the lifecycle (what it checks, what it records).

Each handler receives the locked case in an ``ActionContext``; the generic
``services.application_act`` checks the state machine, permission and version before, and
appends the event, recomputes the clock and audits after.
"""

from __future__ import annotations

from collections.abc import Callable

from gongkai import statute
from gongkai.applications import conf
from gongkai.applications.clock import correction_notice_deadline
from gongkai.applications.fees import FeeMethod, quote
from gongkai.applications.machine import TRANSITIONS
from gongkai.applications.matching import monthly_number
from gongkai.applications.models import DeliveryWay
from gongkai.applications.outcomes import OUTCOME_RULES, REPLY_OUTCOMES, Outcome
from gongkai.applications.selectors import assign_units, may_handle_in
from gongkai.applications.services import ActionContext, ActionResult, case_clock
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.formats import cn_date
from gongkai.org.models import User, normalize_username
from gongkai.workdays.counting import add_working_days, fmt_date
from gongkai.workdays.selectors import load_calendar

ART = "《政府信息公开条例》"


def _done(ctx: ActionContext, kind: str) -> bool:
    return ctx.app.events.filter(kind=kind).exists()


def _last(ctx: ActionContext, kind: str):  # type: ignore[no-untyped-def]
    return ctx.app.events.filter(kind=kind).order_by("-seq").first()


def register(ctx: ActionContext) -> ActionResult:
    return ActionResult("登记受理", {})


def request_correction(ctx: ActionContext) -> ActionResult:
    """Art. 30: ONE correction notice, within 7 working days of receipt, naming what to correct
    and a reasonable period."""
    if _done(ctx, "request_correction"):
        raise DomainError(f"补正告知只能发出一次（{ART}第三十条），本申请已发出过补正告知书。")
    cal = load_calendar()
    latest = correction_notice_deadline(
        cal, ctx.app.received_on, count_start_day=conf.count_start_day()
    )
    if ctx.on > latest:
        raise DomainError(
            f"补正告知应在收到申请之日起 {statute.CORRECTION_NOTICE_WORKING_DAYS} 个工作日内一次性发出"
            f"（{ART}第三十条），本申请的最后期限为 {fmt_date(latest)}，已经过期，不能再要求补正。"
        )
    what = ctx.text("what", required=True, label="需要补正的事项")
    until = ctx.date("until", required=False, label="补正期限")
    if until is None:
        until = add_working_days(cal, ctx.on, conf.correction_period_working_days()).end
    if until <= ctx.on:
        raise ValidationFailed(["补正期限应晚于告知日期，并给申请人留出合理时间"])
    return ActionResult(
        f"发出补正告知书，请于 {until.isoformat()} 前补正",
        {"what": what, "until": until.isoformat(), "notice_by": latest.isoformat()},
        letter="correction",
    )


def receive_correction(ctx: ActionContext) -> ActionResult:
    asked = _last(ctx, "request_correction")
    if asked is not None and ctx.on < asked.on:
        raise ValidationFailed(["收到补正的日期不能早于发出补正告知的日期"])
    return ActionResult(
        "收到补正后的申请，答复期限重新起算",
        {"note": ctx.text("note"), "content": ctx.text("information")},
    )


def correction_lapsed(ctx: ActionContext) -> ActionResult:
    asked = _last(ctx, "request_correction")
    assert asked is not None
    until = asked.data["until"]
    if ctx.today.isoformat() <= until:
        raise DomainError(f"补正期限 {until} 尚未届满，不能按逾期不补正处理。")
    ctx.app.outcome = Outcome.NO_CORRECTION
    ctx.app.closed_on = ctx.on
    return ActionResult(
        f"申请人无正当理由逾期未补正，视为放弃申请（{ART}第三十条）",
        {"outcome": Outcome.NO_CORRECTION, "until": until},
    )


def assign(ctx: ActionContext) -> ActionResult:
    """分办: to a unit of ``selectors.assign_units`` and a handler passing
    ``selectors.may_handle_in`` (the form offers exactly these; the API's codes and usernames
    are checked the same way). No unit: the current one; no handler: the actor."""
    app = ctx.app
    current = app.assigned_unit or app.unit
    code = ctx.text("unit") or current.code
    target = next((u for u in assign_units(app) if u.code == code), None)
    if target is None:
        raise ValidationFailed(
            [
                f"不能分办到“{code}”：只能分办给受理机关{app.unit.name}或其内设机构，"
                "请从承办机构列表中选择"
            ]
        )
    username = normalize_username(ctx.text("assignee"))
    if username:
        person = User.objects.filter(username=username).first()
        if person is None or not may_handle_in(person, target, app):
            shown = (person.full_name or person.username) if person else username
            raise ValidationFailed(
                [
                    f"“{shown}”不能承办该申请：承办人应是{app.unit.name}或其内设机构的在职工作人员，"
                    f"并在{target.name}或{app.unit.name}有经办权限，请从承办人列表中选择"
                ]
            )
    else:
        person = ctx.actor
        if not may_handle_in(person, target, app):
            raise ValidationFailed(
                [
                    f"您不能承办分办给{target.name}的申请：请从承办人列表中选择{app.unit.name}或其"
                    "内设机构有经办权限的工作人员"
                ]
            )
    app.assigned_unit = target
    app.assignee = person
    return ActionResult(
        f"分办至{target.name}，承办人{person.full_name or person.username}",
        {"unit": target.code, "assignee": person.username},
    )


def consult_internal(ctx: ActionContext) -> ActionResult:
    note = ctx.text("note", required=True, label="会商内容")
    return ActionResult(f"内部会商：{note[:80]}", {"note": note, "with": ctx.text("with")})


PARTIES = {
    "third_party": ("第三方", f"{ART}第三十二条"),
    "other_agency": ("其他机关", f"{ART}第三十三条第二款"),
    "co_maker": ("共同制作机关", f"{ART}第三十四条"),
}


def start_consultation(ctx: ActionContext) -> ActionResult:
    party = ctx.text("party") or "third_party"
    if party not in PARTIES:
        raise ValidationFailed(["征求意见对象应为第三方、其他机关或共同制作机关"])
    name = ctx.text("party_name", required=True, label="被征求意见方名称")
    label, basis = PARTIES[party]
    reply_by = add_working_days(load_calendar(), ctx.on, statute.THIRD_PARTY_REPLY_WORKING_DAYS).end
    return ActionResult(
        f"书面征求{label}（{name}）意见，暂停计时，请于 {reply_by.isoformat()} 前答复",
        {
            "party": party,
            "party_label": f"征求{label}意见",
            "party_name": name,
            "reply_by": reply_by.isoformat(),
            "basis": basis,
            "question": ctx.text("question"),
        },
        letter="consultation" if party == "third_party" else "",
    )


def end_consultation(ctx: ActionContext) -> ActionResult:
    started = _last(ctx, "start_consultation")
    if started is not None and ctx.on < started.on:
        raise ValidationFailed(["意见收到日期不能早于征求意见的日期"])
    opinion = ctx.text("opinion") or "逾期未提出意见"
    return ActionResult(f"收到意见（{opinion[:40]}），次日恢复计时", {"opinion": opinion})


def extend(ctx: ActionContext) -> ActionResult:
    """Art. 33: approved by the head of the disclosure office, once, at most 20 working days."""
    if _done(ctx, "extend"):
        raise DomainError(f"延期答复只能批准一次（{ART}第三十三条），本申请已经延期。")
    try:
        days = int(ctx.payload.get("days") or statute.EXTENSION_MAX_WORKING_DAYS)
    except (TypeError, ValueError):
        raise ValidationFailed(["延长的工作日数应为整数"]) from None
    if not 1 <= days <= statute.EXTENSION_MAX_WORKING_DAYS:
        raise ValidationFailed(
            [
                f"延长期限最长不得超过 {statute.EXTENSION_MAX_WORKING_DAYS} 个工作日（{ART}第三十三条）"
            ]
        )
    reason = ctx.text("reason", required=True, label="延期理由")
    clock = case_clock(ctx.app, ctx.today)
    if ctx.on > clock.due:
        raise DomainError(
            f"答复期限 {cn_date(clock.due)} 已过，不能再批准延期：延期应在期限届满前决定并告知申请人。"
        )
    return ActionResult(
        f"负责人批准延期 {days} 个工作日，并告知申请人",
        {"days": days, "reason": reason, "approved_by": ctx.actor.username},
        letter="extension",
    )


def fee_notice(ctx: ActionContext) -> ActionResult:
    method = ctx.text("method") or FeeMethod.PER_PIECE
    if method not in FeeMethod.LABELS:
        raise ValidationFailed(["收费方式应为按件计收（per_piece）或按量计收（per_volume）"])
    if method == FeeMethod.PER_PIECE:
        quantity = monthly_number(ctx.app)
    else:
        try:
            quantity = int(ctx.payload.get("pages") or 0)
        except (TypeError, ValueError):
            raise ValidationFailed(["页数应为整数"]) from None
        if quantity <= 0:
            raise ValidationFailed(["按量计收时请填写页数"])
    q = quote(method, quantity)
    if q.amount <= 0:
        raise DomainError("按收费标准本申请无需收费，不能发出收费通知。")
    pay_by = add_working_days(load_calendar(), ctx.on, statute.FEE_PAYMENT_WORKING_DAYS).end
    return ActionResult(
        f"发出收费通知：{FeeMethod.LABELS[method]} {q.amount} 元，请于 {pay_by.isoformat()} 前缴纳",
        {
            "method": method,
            "quantity": quantity,
            "amount": q.amount,
            "pay_by": pay_by.isoformat(),
            "lines": q.lines,
            "how_to_pay": ctx.text("how_to_pay") or "请按通知所列账户缴纳，并注明查询码。",
        },
        letter="fee",
    )


def fee_paid(ctx: ActionContext) -> ActionResult:
    return ActionResult("申请人已缴纳信息处理费，恢复计时", {"receipt_no": ctx.text("receipt_no")})


def fee_lapsed(ctx: ActionContext) -> ActionResult:
    notice = _last(ctx, "fee_notice")
    assert notice is not None
    if ctx.today.isoformat() <= notice.data["pay_by"]:
        raise DomainError(f"缴费期限 {notice.data['pay_by']} 尚未届满，不能按逾期未缴费处理。")
    ctx.app.outcome = Outcome.FEE_UNPAID
    ctx.app.closed_on = ctx.on
    return ActionResult(
        "申请人逾期未缴纳信息处理费，视为放弃申请（条例第四十二条）",
        {"outcome": Outcome.FEE_UNPAID},
    )


def ask_reasons(ctx: ActionContext) -> ActionResult:
    """Art. 35: the agency may ask the applicant to state the reasons; unreasonable ones end in
    the reply 无正当理由大量反复申请, reasonable ones in a stated later date."""
    question = ctx.text("question", required=True, label="需要申请人说明的事项")
    return ActionResult("要求申请人说明申请理由（条例第三十五条）", {"question": question})


def set_later_date(ctx: ActionContext) -> ActionResult:
    later = ctx.date("later_date", label="确定的答复日期")
    assert later is not None
    clock = case_clock(ctx.app, ctx.today)
    if later <= clock.due:
        raise ValidationFailed([f"延后答复日期应晚于当前答复期限 {cn_date(clock.due)}"])
    reason = ctx.text("reason", required=True, label="理由")
    return ActionResult(
        f"申请数量明显超过合理范围，确定于 {later.isoformat()} 前答复并告知申请人（条例第三十五条）",
        {"later_date": later.isoformat(), "reason": reason},
    )


def draft_reply(ctx: ActionContext) -> ActionResult:
    raw = ctx.text("outcome", required=True, label="答复类型")
    if raw not in {o.value for o in REPLY_OUTCOMES}:
        raise ValidationFailed([f"答复类型“{raw}”无效，请从列表中选择"])
    outcome = Outcome(raw)
    withheld = ctx.payload.get("withheld") or []
    if isinstance(withheld, str):
        withheld = [
            {"item": a.strip(), "reason": b.strip()}
            for a, _, b in (line.partition("|") for line in withheld.splitlines())
            if a.strip()
        ]
    if outcome == Outcome.PARTIAL:
        if not withheld or any(not w.get("item") or not w.get("reason") for w in withheld):
            raise ValidationFailed(
                ["部分公开时，请逐项列明不予公开的内容及理由（条例第三十七条），每行写“内容|理由”"]
            )
    else:
        withheld = []
    text = ctx.text("reply_text", required=True, label="答复正文")
    ctx.app.outcome = outcome
    ctx.app.reply_text = text
    ctx.app.withheld = withheld
    ctx.app.convert_suggested = bool(ctx.payload.get("convert_suggested"))
    rule = OUTCOME_RULES[outcome]
    return ActionResult(
        f"拟写答复：{outcome.label}",
        {
            "outcome": outcome.value,
            "basis": rule.basis,
            "withheld": withheld,
            "reply_text": text,
        },
    )


def return_draft(ctx: ActionContext) -> ActionResult:
    ctx.app.outcome = ""
    return ActionResult("审核退回修改", {"note": ctx.text("note", required=True, label="退回意见")})


def approve_reply(ctx: ActionContext) -> ActionResult:
    # the reply is checked by a second person, as a document is (documents.lifecycle: 一事一审)
    drafted = _last(ctx, "draft_reply")
    if drafted is not None and drafted.actor_id == ctx.actor.pk:
        raise DomainError(
            "拟写答复的人不能审批自己拟写的答复：请由本机关其他审核人员审批（一事一审）。"
        )
    return ActionResult(
        f"审批同意答复（{Outcome(ctx.app.outcome).label}）", {"note": ctx.text("note")}
    )


def send_reply(ctx: ActionContext) -> ActionResult:
    clock = case_clock(ctx.app, ctx.today)
    ctx.app.replied_on = ctx.on
    late = ctx.on > clock.due
    return ActionResult(
        "出具答复书" + ("（超过答复期限）" if late else ""),
        {"outcome": ctx.app.outcome, "due_on": clock.due.isoformat(), "late": late},
        letter="reply",
    )


def deliver(ctx: ActionContext) -> ActionResult:
    way = ctx.text("way") or ctx.app.delivery_way
    if way not in DeliveryWay.values:
        raise ValidationFailed(["请选择送达方式：邮寄、电子邮件、当面领取或网上获取"])
    tracking = ctx.text("tracking_number")
    if way == DeliveryWay.POST and not tracking:
        raise ValidationFailed(["邮寄送达时请填写邮件单号"])
    return ActionResult(
        f"已送达（{DeliveryWay(way).label}{'，单号 ' + tracking if tracking else ''}）",
        {"way": way, "tracking_number": tracking},
    )


def archive(ctx: ActionContext) -> ActionResult:
    ctx.app.closed_on = ctx.on
    return ActionResult("办结归档", {"outcome": ctx.app.outcome})


def withdraw(ctx: ActionContext) -> ActionResult:
    ctx.app.outcome = Outcome.OTHER
    ctx.app.closed_on = ctx.on
    return ActionResult(
        "申请人撤回申请，终止办理",
        {"outcome": Outcome.OTHER, "note": ctx.text("note")},
    )


HANDLERS: dict[str, Callable[[ActionContext], ActionResult]] = {
    "register": register,
    "request_correction": request_correction,
    "receive_correction": receive_correction,
    "correction_lapsed": correction_lapsed,
    "assign": assign,
    "consult_internal": consult_internal,
    "start_consultation": start_consultation,
    "end_consultation": end_consultation,
    "extend": extend,
    "fee_notice": fee_notice,
    "fee_paid": fee_paid,
    "fee_lapsed": fee_lapsed,
    "ask_reasons": ask_reasons,
    "set_later_date": set_later_date,
    "draft_reply": draft_reply,
    "return_draft": return_draft,
    "approve_reply": approve_reply,
    "send_reply": send_reply,
    "deliver": deliver,
    "archive": archive,
    "withdraw": withdraw,
}
assert set(HANDLERS) == set(TRANSITIONS), "every declared transition needs its handler"
