"""The lifecycle of a disclosure request, stated once.

``TRANSITIONS`` is the one table the services, the case page, the API and the tests read: for each
action, the states it may start from, the state it leads to (``None``: stays where it is), the
permission it needs and its label. Anything not in the table is refused with a Chinese message.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from gongkai.core.errors import DomainError
from gongkai.org.access import Perm


class State(models.TextChoices):
    RECEIVED = "received", "已收到（待登记）"
    REGISTERED = "registered", "已登记受理"
    CORRECTION = "correction", "待申请人补正"
    HANDLING = "handling", "办理中"
    CONSULTING = "consulting", "征求意见中（暂停计时）"
    FEE_PENDING = "fee_pending", "待缴纳信息处理费（暂停计时）"
    DRAFTED = "drafted", "答复已拟稿（待审批）"
    APPROVED = "approved", "答复已审批"
    REPLIED = "replied", "已答复"
    DELIVERED = "delivered", "已送达"
    CLOSED = "closed", "已办结归档"


OPEN_STATES = frozenset(State) - {State.CLOSED}
# States in which the reply clock runs (paused states and those after the reply do not count).
CLOCK_RUNNING = frozenset(
    {State.RECEIVED, State.REGISTERED, State.HANDLING, State.DRAFTED, State.APPROVED}
)
# The reply has left the agency: the deadline has been met or missed for good.
REPLIED_STATES = frozenset({State.REPLIED, State.DELIVERED, State.CLOSED})

_BEFORE_REPLY = (
    State.RECEIVED,
    State.REGISTERED,
    State.CORRECTION,
    State.HANDLING,
    State.CONSULTING,
    State.FEE_PENDING,
    State.DRAFTED,
    State.APPROVED,
)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[State, ...]
    target: State | None  # None: the state does not change
    perm: Perm
    basis: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("register", "登记受理", (State.RECEIVED,), State.REGISTERED, Perm.HANDLE),
        Transition(
            "request_correction",
            "发出补正告知书",
            (State.REGISTERED, State.HANDLING),
            State.CORRECTION,
            Perm.HANDLE,
            "条例第三十条",
        ),
        Transition(
            "receive_correction",
            "收到补正材料",
            (State.CORRECTION,),
            State.HANDLING,
            Perm.HANDLE,
            "条例第三十条",
        ),
        Transition(
            "correction_lapsed",
            "逾期未补正，视为放弃申请",
            (State.CORRECTION,),
            State.CLOSED,
            Perm.HANDLE,
            "条例第三十条",
        ),
        Transition(
            "assign",
            "分办/转办理人",
            (State.REGISTERED, State.HANDLING),
            State.HANDLING,
            Perm.HANDLE,
        ),
        Transition("consult_internal", "内部会商", (State.HANDLING,), None, Perm.HANDLE),
        Transition(
            "start_consultation",
            "征求第三方/其他机关意见（暂停计时）",
            (State.HANDLING,),
            State.CONSULTING,
            Perm.HANDLE,
            "条例第三十二条、第三十四条",
        ),
        Transition(
            "end_consultation",
            "收到意见，恢复计时",
            (State.CONSULTING,),
            State.HANDLING,
            Perm.HANDLE,
            "条例第三十三条第二款",
        ),
        Transition(
            "extend",
            "批准延期答复",
            (State.REGISTERED, State.HANDLING, State.CONSULTING, State.DRAFTED),
            None,
            Perm.APPROVE_EXTENSION,
            "条例第三十三条第一款",
        ),
        Transition(
            "fee_notice",
            "发出收费通知（暂停计时）",
            (State.HANDLING,),
            State.FEE_PENDING,
            Perm.HANDLE,
            "条例第四十二条",
        ),
        Transition(
            "fee_paid", "已缴费，恢复计时", (State.FEE_PENDING,), State.HANDLING, Perm.HANDLE
        ),
        Transition(
            "fee_lapsed",
            "逾期未缴费，视为放弃申请",
            (State.FEE_PENDING,),
            State.CLOSED,
            Perm.HANDLE,
            "条例第四十二条",
        ),
        Transition(
            "ask_reasons",
            "要求申请人说明理由（数量、频次明显超过合理范围）",
            (State.HANDLING,),
            None,
            Perm.HANDLE,
            "条例第三十五条",
        ),
        Transition(
            "set_later_date",
            "申请数量明显超过合理范围，确定延后答复日期",
            (State.HANDLING,),
            None,
            Perm.APPROVE_EXTENSION,
            "条例第三十五条",
        ),
        Transition("draft_reply", "拟写答复", (State.HANDLING,), State.DRAFTED, Perm.HANDLE),
        Transition("return_draft", "退回修改", (State.DRAFTED,), State.HANDLING, Perm.REVIEW),
        Transition("approve_reply", "审批答复", (State.DRAFTED,), State.APPROVED, Perm.REVIEW),
        Transition("send_reply", "出具答复", (State.APPROVED,), State.REPLIED, Perm.HANDLE),
        Transition("deliver", "送达", (State.REPLIED,), State.DELIVERED, Perm.HANDLE),
        Transition("archive", "办结归档", (State.DELIVERED,), State.CLOSED, Perm.HANDLE),
        Transition("withdraw", "申请人撤回申请", _BEFORE_REPLY, State.CLOSED, Perm.HANDLE),
    )
}


def transition(action: str) -> Transition:
    try:
        return TRANSITIONS[action]
    except KeyError:
        raise DomainError(f"未知的操作“{action}”。") from None


def check(action: str, state: str) -> Transition:
    """The transition for ``action`` from ``state``, or a clear refusal."""
    t = transition(action)
    if State(state) not in t.sources:
        allowed = "、".join(s.label for s in t.sources)
        raise DomainError(
            f"当前状态为“{State(state).label}”，不能执行“{t.label}”：该操作只能在"
            f"“{allowed}”状态下进行。"
        )
    return t


# Steps the law allows once per case: one correction notice (条例第三十条 一次性告知) and one
# extension (条例第三十三条 延长答复期限最长不得超过20个工作日, approved once). Not offered again.
ONCE_PER_CASE = frozenset({"request_correction", "extend"})


def actions_from(state: str, done: frozenset[str] | set[str] = frozenset()) -> list[Transition]:
    """The steps the state allows, less the once-only ones already in ``done`` (event kinds)."""
    return [
        t
        for t in TRANSITIONS.values()
        if State(state) in t.sources and not (t.action in ONCE_PER_CASE and t.action in done)
    ]
