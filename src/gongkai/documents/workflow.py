"""The document workflow, stated once: the UI, the API, the services and the tests read this table.

draft → submitted (attribute determination + confidentiality review, 先审查后公开、一事一审, by a
reviewer who is not the drafter) → approved → scheduled / published → revised (back to draft while
the live version stays public), repealed, lapsed (page stays, clearly marked) or withdrawn.

A 行政规范性文件 (``is_normative``) has two more conditions before it may be scheduled or published,
stated here with the rest (国务院办公厅《关于全面推行行政规范性文件合法性审核机制的指导意见》
国办发〔2018〕115号 and《关于加强行政规范性文件制定和监督管理工作的通知》国办发〔2018〕37号:
未经合法性审核或者经审核不合法的，不得提交集体审议；须经本机关集体审议决定，由本机关主要负责人签署):
the 合法性审核 (reviewer, date, opinion) and the 集体审议 (meeting, date) are recorded
(``NORMATIVE_RECORD``), and the step is taken by the head (``Transition.normative_perm``).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.core.errors import DomainError
from gongkai.documents.models import Document, State
from gongkai.org.access import Perm, can
from gongkai.org.models import User


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    perm: Perm
    # For a normative document: the permission the step needs instead of ``perm`` (the head
    # signs), and whether the 合法性审核 and 集体审议 must be on record first.
    normative_perm: Perm | None = None
    needs_normative_record: bool = False


def _t(
    name: str,
    label: str,
    sources: set[str],
    target: str,
    perm: Perm,
    normative_perm: Perm | None = None,
) -> Transition:
    return Transition(
        name,
        label,
        frozenset(sources),
        target,
        perm,
        normative_perm=normative_perm,
        needs_normative_record=normative_perm is not None,
    )


@dataclass(frozen=True)
class RecordStep:
    """A step that records something on the working copy without changing its state."""

    name: str
    label: str
    states: frozenset[str]
    perm: Perm


# 合法性审核 and 集体审议 of a normative document: recorded by a reviewer while it is being drafted,
# reviewed or waiting to be published (never on a published version: a revision records anew).
NORMATIVE_RECORD = RecordStep(
    "normative_record",
    "登记合法性审核和集体审议",
    frozenset({State.DRAFT, State.SUBMITTED, State.APPROVED}),
    Perm.REVIEW,
)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("submit", "提交审查", {State.DRAFT}, State.SUBMITTED, Perm.HANDLE),
        _t("return", "退回修改", {State.SUBMITTED}, State.DRAFT, Perm.REVIEW),
        _t("approve", "审查通过", {State.SUBMITTED}, State.APPROVED, Perm.REVIEW),
        _t(
            "schedule",
            "定时发布",
            {State.APPROVED},
            State.SCHEDULED,
            Perm.HANDLE,
            normative_perm=Perm.PUBLISH_NORMATIVE,
        ),
        _t("unschedule", "取消定时", {State.SCHEDULED}, State.APPROVED, Perm.HANDLE),
        _t(
            "publish",
            "发布",
            {State.APPROVED, State.SCHEDULED},
            State.PUBLISHED,
            Perm.HANDLE,
            normative_perm=Perm.PUBLISH_NORMATIVE,
        ),
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


def perm_for(t: Transition, doc: Document) -> Perm:
    """The permission ``t`` needs on ``doc``."""
    return t.normative_perm if doc.is_normative and t.normative_perm else t.perm


def missing_records(doc: Document) -> list[str]:
    """What a normative document still lacks before it may be scheduled or published."""
    if not doc.is_normative:
        return []
    missing = []
    if not (doc.legality_reviewer and doc.legality_reviewed_on and doc.legality_opinion):
        missing.append("合法性审核（审核机构或人员、日期、审核意见）")
    if not (doc.collective_meeting and doc.collective_decided_on):
        missing.append("集体审议（会议名称、日期）")
    return missing


def blockers(t: Transition, doc: Document) -> list[str]:
    """Why ``t`` cannot be taken on ``doc`` now, whoever asks (empty: nothing in the way)."""
    if t.needs_normative_record and (missing := missing_records(doc)):
        return [
            f"行政规范性文件{t.label}前须登记{'和'.join(missing)}"
            "（未经合法性审核或者经审核不合法的，不得提交集体审议、不得发布）。"
        ]
    return []


def offered(user: User, doc: Document) -> tuple[list[Transition], list[tuple[Transition, str]]]:
    """The steps ``user`` may take on ``doc`` now, and those the state allows but that are held
    back, each with the reason (shown as a hint, never as a button)."""
    ok: list[Transition] = []
    held: list[tuple[Transition, str]] = []
    for t in available(doc.state):
        if not can(user, t.perm, doc.unit) and not (
            t.normative_perm and can(user, t.normative_perm, doc.unit)
        ):
            continue  # not this user's step at all
        if not can(user, perm_for(t, doc), doc.unit):
            held.append(
                (t, f"行政规范性文件由本机关负责人{t.label}（须经集体审议并由负责人签署）。")
            )
        elif reasons := blockers(t, doc):
            held.append((t, reasons[0]))
        else:
            ok.append(t)
    return ok, held


def may_record_normative(user: User, doc: Document) -> bool:
    return (
        doc.is_normative
        and doc.state in NORMATIVE_RECORD.states
        and can(user, NORMATIVE_RECORD.perm, doc.unit)
    )
