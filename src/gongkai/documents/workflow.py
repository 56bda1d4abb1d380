"""The document workflow, stated once: the UI, the API, the services and the tests read this table.

draft → submitted (attribute determination + confidentiality review, 先审查后公开、一事一审, by a
reviewer who is not the drafter) → approved → scheduled / published → revised (back to draft while
the live version stays public), repealed, lapsed (page stays, clearly marked) or withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.errors import DomainError
from gongkai.documents.models import State
from gongkai.org.access import Perm


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    perm: Perm


def _t(name: str, label: str, sources: set[str], target: str, perm: Perm) -> Transition:
    return Transition(name, label, frozenset(sources), target, perm)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("submit", "提交审查", {State.DRAFT}, State.SUBMITTED, Perm.HANDLE),
        _t("return", "退回修改", {State.SUBMITTED}, State.DRAFT, Perm.REVIEW),
        _t("approve", "审查通过", {State.SUBMITTED}, State.APPROVED, Perm.REVIEW),
        _t("schedule", "定时发布", {State.APPROVED}, State.SCHEDULED, Perm.HANDLE),
        _t("unschedule", "取消定时", {State.SCHEDULED}, State.APPROVED, Perm.HANDLE),
        _t("publish", "发布", {State.APPROVED, State.SCHEDULED}, State.PUBLISHED, Perm.HANDLE),
        _t("revise", "修订", {State.PUBLISHED}, State.DRAFT, Perm.HANDLE),
        _t("repeal", "废止", {State.PUBLISHED}, State.REPEALED, Perm.REVIEW),
        _t("lapse", "标记失效", {State.PUBLISHED}, State.LAPSED, Perm.REVIEW),
        _t(
            "withdraw",
            "撤回",
            {State.PUBLISHED, State.REPEALED, State.LAPSED},
            State.WITHDRAWN,
            Perm.REVIEW,
        ),
    )
}


def transition(name: str, current: str) -> Transition:
    t = TRANSITIONS.get(name)
    if t is None:
        raise DomainError(f"未知的操作“{name}”")
    if current not in t.sources:
        allowed = "、".join(State(s).label for s in sorted(t.sources))
        raise DomainError(
            f"当前状态“{State(current).label}”不能执行“{t.label}”：只有处于{allowed}状态的文件可以{t.label}。"
        )
    return t


def available(current: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if current in t.sources]
