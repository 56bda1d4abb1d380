"""The handling of a message, stated once (decision 0013).

received ─审查受理、分办/转办─▶ routed ─拟写答复─▶ drafted ─审核通过─▶ approved ─发出答复─▶ replied
   │                          ▲   │                  │                                 │
   └─不予受理─▶ closed        │   └─退回（说明理由）─▶ received                        ├─写信人评价─▶ closed
                              └──────退回修改──────────┘                                 └─逾期未评价/办结─▶ closed

``TRANSITIONS`` is the one table the services, the staff page, the API and the tests read. Each
action names the unit whose staff may take it: ``receiving`` (the unit the writer addressed, or
the import's unit) or ``responsible`` (the unit it was routed to, else the receiving unit).
Publication (留言选登) runs beside it: only when the writer chose 公开, only after the reply,
through the moderation queue (``Publication``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_noop

from gongkai.org.access import Perm


class State(models.TextChoices):
    RECEIVED = "received", gettext_noop("已收到（待审查分办）")
    ROUTED = "routed", gettext_noop("办理中")
    DRAFTED = "drafted", gettext_noop("答复已拟稿（待审核）")
    APPROVED = "approved", gettext_noop("答复已审核（待发出）")
    REPLIED = "replied", gettext_noop("已答复（待评价）")
    CLOSED = "closed", gettext_noop("已办结")


OPEN_STATES = frozenset({State.RECEIVED, State.ROUTED, State.DRAFTED, State.APPROVED})
ANSWERED_STATES = frozenset({State.REPLIED, State.CLOSED})


class Publication(models.TextChoices):
    NOT_CHOSEN = "not_chosen", gettext_noop("写信人未选择公开")
    WAITING = "waiting", gettext_noop("答复后送审")
    PENDING = "pending", gettext_noop("待审核选登")
    PUBLISHED = "published", gettext_noop("已选登")
    REJECTED = "rejected", gettext_noop("不予选登")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", gettext_noop("满意")
    BASIC = "basic", gettext_noop("基本满意")
    UNSATISFIED = "unsatisfied", gettext_noop("不满意")


# Public labels of the steps (the progress page shows these, never staff notes).
PUBLIC_STEP_LABELS: dict[str, str] = {
    "receive": gettext_noop("已收到留言"),
    "import": gettext_noop("已收到留言"),
    "route": gettext_noop("已受理并交承办部门办理"),
    "send_back": gettext_noop("承办部门退回，重新分办"),
    "draft_reply": gettext_noop("承办部门正在拟写答复"),
    "return_draft": gettext_noop("承办部门正在修改答复"),
    "approve_reply": gettext_noop("答复已审核"),
    "send_reply": gettext_noop("已答复"),
    "decline": gettext_noop("不予受理"),
    "rate": gettext_noop("写信人已评价"),
    "close": gettext_noop("已办结"),
    "publish": gettext_noop("已选登公开"),
}


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[State, ...]
    target: State
    perm: Perm
    unit: str  # "receiving" | "responsible"
    needs: tuple[str, ...] = ()  # form fields the action requires: "reason", "unit", "reply"


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "route",
            "审查受理并分办/转办",
            (State.RECEIVED,),
            State.ROUTED,
            Perm.HANDLE,
            "receiving",
            ("unit",),
        ),
        Transition(
            "decline",
            "不予受理（说明理由）",
            (State.RECEIVED,),
            State.CLOSED,
            Perm.HANDLE,
            "receiving",
            ("reason",),
        ),
        Transition(
            "send_back",
            "退回受理部门（说明理由）",
            (State.ROUTED,),
            State.RECEIVED,
            Perm.HANDLE,
            "responsible",
            ("reason",),
        ),
        Transition(
            "draft_reply",
            "拟写答复",
            (State.ROUTED, State.DRAFTED),
            State.DRAFTED,
            Perm.HANDLE,
            "responsible",
            ("reply",),
        ),
        Transition(
            "return_draft",
            "退回修改答复（说明理由）",
            (State.DRAFTED,),
            State.ROUTED,
            Perm.REVIEW,
            "responsible",
            ("reason",),
        ),
        Transition(
            "approve_reply",
            "审核通过答复",
            (State.DRAFTED,),
            State.APPROVED,
            Perm.REVIEW,
            "responsible",
        ),
        Transition(
            "send_reply",
            "发出答复",
            (State.APPROVED,),
            State.REPLIED,
            Perm.HANDLE,
            "responsible",
        ),
        Transition(
            "close",
            "办结（写信人未评价）",
            (State.REPLIED,),
            State.CLOSED,
            Perm.HANDLE,
            "responsible",
        ),
    )
}


def actions_from(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]
