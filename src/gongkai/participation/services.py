"""Writes of participation. Each service owns its transaction, the access check (org.access),
the audit record and the version check for concurrent edits. Public submissions (comments,
survey answers, topics, registrations) need no account and go through the shared moderation
queue where the text is to be published."""

from __future__ import annotations

import datetime
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.audit.services import audit_record
from gongkai.core.errors import ConflictError, DomainError, ValidationFailed
from gongkai.documents.models import Document
from gongkai.formats import cn_date
from gongkai.moderation.models import ModerationItem
from gongkai.moderation.services import moderation_submit
from gongkai.org.access import Perm, require
from gongkai.org.models import Unit, User
from gongkai.participation import rules, selectors
from gongkai.participation.models import (
    ActivitySession,
    Adjustment,
    Answer,
    Catalogue,
    CatalogueItem,
    Comment,
    Consultation,
    Decision,
    Material,
    MaterialKind,
    Meeting,
    OpenActivity,
    PubState,
    Question,
    QuestionKind,
    Questionnaire,
    Registration,
    RegState,
    Representative,
    RepresentativeKind,
    Response,
    ResponseAnswer,
    Section,
    Theme,
    TopicProposal,
    TopicVote,
    UnitTarget,
)

COMMENT_KIND = "participation.comment"
SURVEY_TEXT_KIND = "participation.survey_text"
TOPIC_KIND = "participation.topic"
MAX_COMMENT = 5000
PUBLIC = "公众"


def _audit(
    actor: User | None,
    action: str,
    obj: Any,
    label: str,
    unit: Unit,
    after: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
) -> None:
    kind, pk = obj.audit_key()
    audit_record(
        actor=actor,
        actor_label=None if actor else PUBLIC,
        action=f"participation.{action}",
        obj_type=kind,
        obj_id=pk,
        obj_label=label[:200],
        unit=unit,
        before=before,
        after=after,
    )


def _check_version(obj: Any, version: int, what: str) -> None:
    if obj.version != version:
        raise ConflictError(f"{what}已被他人修改，您的操作未执行。请刷新页面查看最新内容后再试。")


# the records a staff member changes, each of one unit
Owned = TypeVar("Owned", Catalogue, Consultation, Decision, Meeting, OpenActivity)


def _lock(model: type[Owned], pk: int) -> Owned:
    return model.objects.select_for_update().select_related("unit").get(pk=pk)


def _locked_for(
    model: type[Owned],
    pk: int,
    actor: User | None,
    perm: Perm,
    *,
    system: bool = False,
    version: int | None = None,
    what: str = "",
) -> Owned:
    """``model`` ``pk`` locked for a change by ``actor``, who must hold ``perm`` on its unit (a
    ``system`` run is not checked); with ``version``, the one the form was read at (``what``
    names the record in the ConflictError when another change came first)."""
    obj = _lock(model, pk)
    if not system:
        require(actor, perm, obj.unit)
    if version is not None:
        _check_version(obj, version, what)
    return obj


def _save_change(
    actor: User | None,
    action: str,
    obj: Any,
    label: str,
    unit: Unit,
    after: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> None:
    """Save a change of a versioned record (its version moves on) and audit it."""
    obj.version += 1
    obj.save()
    _audit(actor, action, obj, label, unit, after, before)


# --- 目录 ---------------------------------------------------------------------------------------

ITEM_FIELDS = (
    "name",
    "lead_unit",
    "legal_basis",
    "planned_timing",
    "hearing",
    "expert_review",
    "risk_assessment",
)


def clean_item(values: dict[str, Any], where: str = "") -> tuple[dict[str, Any], list[str]]:
    problems = []
    out = {k: values.get(k, "") for k in ITEM_FIELDS}
    for flag in ("hearing", "expert_review", "risk_assessment"):
        out[flag] = bool(values.get(flag))
    for key in ("name", "lead_unit", "legal_basis", "planned_timing"):
        out[key] = str(out[key] or "").strip()
    if not out["name"]:
        problems.append(f"{where}请填写决策事项名称")
    elif len(out["name"]) > 200:
        problems.append(f"{where}决策事项名称最多 200 个字")
    if not out["lead_unit"]:
        problems.append(f"{where}请填写承办单位")
    return out, problems


@transaction.atomic
def catalogue_save(
    *, actor: User | None, unit: Unit, year: int, items: list[dict[str, Any]], system: bool = False
) -> Catalogue:
    """Create or replace the items of a catalogue not yet published (whole list or nothing)."""
    if not system:
        require(actor, Perm.HANDLE, unit)
    if not 2000 <= year <= 2100:
        raise ValidationFailed([f"年度 {year} 不正确，请填写四位年份"])
    problems: list[str] = []
    cleaned = []
    for i, values in enumerate(items, start=1):
        item, p = clean_item(values, f"第{i}项：")
        cleaned.append(item)
        problems.extend(p)
    if not cleaned:
        problems.append("目录至少需要一项决策事项")
    if problems:
        raise ValidationFailed(problems)
    cat, _ = Catalogue.objects.select_for_update().get_or_create(unit=unit, year=year)
    if cat.published_on:
        raise ValidationFailed(["目录已公布：公布后的变化请以“目录调整”记录，以便公众看到调整情况"])
    if cat.items.filter(decisions__isnull=False).exists():
        raise ValidationFailed(["已有决策关联到目录中的事项，不能整体替换；请逐项调整"])
    cat.items.all().delete()
    for n, item in enumerate(cleaned, start=1):
        CatalogueItem.objects.create(catalogue=cat, number=n, **item)
    _save_change(actor, "catalogue.save", cat, str(cat), unit, {"items": len(cleaned)})
    return cat


@transaction.atomic
def catalogue_publish(
    *, actor: User, catalogue_id: int, version: int, on: datetime.date | None = None
) -> Catalogue:
    cat = _locked_for(Catalogue, catalogue_id, actor, Perm.REVIEW, version=version, what="该目录")
    if cat.published_on:
        raise ValidationFailed(["该目录已公布"])
    if not cat.items.exists():
        raise ValidationFailed(["目录没有事项，不能公布"])
    cat.published_on = on or selectors.today()
    _save_change(
        actor, "catalogue.publish", cat, str(cat), cat.unit, {"published_on": str(cat.published_on)}
    )
    return cat


@transaction.atomic
def catalogue_adjust(
    *,
    actor: User,
    catalogue_id: int,
    version: int,
    description: str,
    add: dict[str, Any] | None = None,
    withdraw_item_id: int | None = None,
    on: datetime.date | None = None,
) -> Catalogue:
    """Record an adjustment to a published catalogue: add an item or withdraw one, with words."""
    cat = _locked_for(Catalogue, catalogue_id, actor, Perm.HANDLE, version=version, what="该目录")
    problems = []
    if not cat.published_on:
        problems.append("目录尚未公布，可直接修改事项，无需记录调整")
    if not description.strip():
        problems.append("请填写调整内容和理由")
    item = None
    if add:
        item, p = clean_item(add)
        problems.extend(p)
    if withdraw_item_id is not None and not cat.items.filter(pk=withdraw_item_id).exists():
        problems.append("要调出的事项不在该目录中")
    if problems:
        raise ValidationFailed(problems)
    if item is not None:
        n = (cat.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        CatalogueItem.objects.create(catalogue=cat, number=n, **item)
    if withdraw_item_id is not None:
        cat.items.filter(pk=withdraw_item_id).update(withdrawn=True)
    Adjustment.objects.create(
        catalogue=cat, on_date=on or selectors.today(), description=description.strip()[:500]
    )
    _save_change(
        actor, "catalogue.adjust", cat, str(cat), cat.unit, {"description": description[:200]}
    )
    return cat


# --- 决策 ---------------------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    actor: User | None,
    unit: Unit,
    year: int,
    title: str,
    background: str = "",
    item: CatalogueItem | None = None,
    public: bool = True,
    system: bool = False,
) -> Decision:
    if not system:
        require(actor, Perm.HANDLE, unit)
    problems = []
    if not title.strip():
        problems.append("请填写决策事项名称")
    if item is not None and item.catalogue.unit_id != unit.pk:
        problems.append("目录事项不属于本单位")
    if problems:
        raise ValidationFailed(problems)
    d = Decision.objects.create(
        unit=unit,
        year=year,
        title=title.strip()[:200],
        background=background,
        item=item,
        public=public,
    )
    _audit(actor, "decision.create", d, d.title, unit, {"public": public})
    return d


@transaction.atomic
def material_add(
    *,
    actor: User | None,
    decision: Decision,
    kind: str,
    title: str,
    on_date: datetime.date,
    summary: str = "",
    url: str = "",
    system: bool = False,
) -> Material:
    if not system:
        require(actor, Perm.HANDLE, decision.unit)
    problems = []
    if kind not in MaterialKind.values:
        problems.append("请选择材料类别")
    if not title.strip():
        problems.append("请填写标题")
    if url and not url.startswith(("https://", "http://", "/")):
        problems.append("链接应以 https:// 或 / 开头")
    if problems:
        raise ValidationFailed(problems)
    m = Material.objects.create(
        decision=decision,
        kind=kind,
        title=title.strip()[:200],
        on_date=on_date,
        summary=summary,
        url=url,
    )
    _audit(
        actor,
        "decision.material",
        decision,
        decision.title,
        decision.unit,
        {"kind": kind, "title": title[:100]},
    )
    return m


@transaction.atomic
def decision_link_result(
    *, actor: User | None, decision_id: int, version: int, document_id: int, system: bool = False
) -> Decision:
    """Link the decision to its result, a document of the same unit (the link is shown on both
    pages: the decision's timeline and the document's 'related participation' block)."""
    d = _locked_for(
        Decision, decision_id, actor, Perm.HANDLE, system=system, version=version, what="该决策"
    )
    doc = Document.objects.filter(pk=document_id).first()
    if doc is None or doc.unit_id != d.unit_id:
        raise ValidationFailed(["找不到该文件，或该文件不属于本单位"])
    before = {"result_document": d.result_document_id}
    d.result_document = doc
    _save_change(actor, "decision.result", d, d.title, d.unit, {"result_document": doc.pk}, before)
    return d


def adoption_report_text(decision: Decision) -> str:
    """The 意见收集和采纳情况 generated from the staff's answers: counts, themes, reasons (the
    reasons why concentrated opinions were not adopted are stated)."""
    lines = []
    for c in decision.consultations.filter(published=True).order_by("opens_on"):
        comments = list(c.comments.exclude(state=PubState.REJECTED))
        received = len(comments)
        answered = [x for x in comments if x.answer or (x.theme and x.theme.answer)]

        def ans(x: Comment) -> str:
            return x.answer or (x.theme.answer if x.theme else "")

        counts = {a: sum(1 for x in answered if ans(x) == a) for a in Answer.values}
        lines.append(
            f"《{c.title}》于{c.opens_on:%Y年%-m月%-d日}至{c.closes_on:%Y年%-m月%-d日}公开征求意见，"
            f"共收到意见{received}条；其中采纳{counts[Answer.ADOPTED]}条，"
            f"部分采纳{counts[Answer.PARTLY]}条，不采纳{counts[Answer.NOT_ADOPTED]}条。"
        )
        for t in c.themes.exclude(answer=""):
            n = t.comments.exclude(state=PubState.REJECTED).count()
            lines.append(f"关于“{t.title}”（{n}条）：{t.get_answer_display()}。{t.reason}".strip())
        for x in comments:
            if x.answer and x.theme_id is None and x.state == PubState.PUBLISHED:
                where = f"第{x.section.number}条" if x.section else "草案整体"
                lines.append(f"关于{where}的意见：{x.get_answer_display()}。{x.reason}".strip())
    if not lines:
        lines.append("本事项未收到公众意见。")
    return "\n".join(lines)


@transaction.atomic
def decision_publish_report(
    *, actor: User, decision_id: int, version: int, on: datetime.date | None = None
) -> Decision:
    d = _locked_for(Decision, decision_id, actor, Perm.REVIEW, version=version, what="该决策")
    if d.report_published_on:
        raise ValidationFailed(["意见采纳情况已公布"])
    if selectors.result_published_on(d) is None:
        raise ValidationFailed(["决策文件公开后才能公布意见采纳情况：请先关联并发布决策结果文件"])
    unanswered = Comment.objects.filter(
        consultation__decision=d, state=PubState.PUBLISHED, answer="", theme__isnull=True
    ).count()
    unanswered += Comment.objects.filter(
        consultation__decision=d, state=PubState.PUBLISHED, answer="", theme__answer=""
    ).count()
    if unanswered:
        raise ValidationFailed(
            [f"还有 {unanswered} 条已发布的意见未答复（采纳、部分采纳或不采纳）"]
        )
    d.report_text = adoption_report_text(d)
    d.report_published_on = on or selectors.today()
    due = selectors.report_due(d)
    _save_change(
        actor,
        "decision.report",
        d,
        d.title,
        d.unit,
        {"published_on": str(d.report_published_on), "due": str(due)},
    )
    return d


# --- 征求意见 -----------------------------------------------------------------------------------


@transaction.atomic
def consultation_create(
    *,
    actor: User | None,
    unit: Unit,
    title: str,
    sections: list[tuple[str, str]],
    opens_on: datetime.date,
    closes_on: datetime.date,
    short_reason: str = "",
    explanation: str = "",
    interpretation: str = "",
    decision: Decision | None = None,
    published: bool = False,
    system: bool = False,
) -> Consultation:
    """A draft put out for comment, its text in numbered sections. The period is at least
    rules.CONSULTATION_MIN_DAYS days unless a reason is recorded (713号 Art. 14)."""
    if not system:
        require(actor, Perm.HANDLE, unit)
    problems = []
    if not title.strip():
        problems.append("请填写草案名称")
    if not sections or not any(t.strip() for _, t in sections):
        problems.append("请至少填写一条草案条文")
    if closes_on <= opens_on:
        problems.append("截止日期应晚于开始日期")
    elif closes_on < selectors.consultation_min_close(opens_on) and not short_reason.strip():
        problems.append(
            f"征求意见期限一般不少于{rules.CONSULTATION_MIN_DAYS}日（{rules.ARTICLE_CONSULTATION}），"
            f"截止日期不早于{cn_date(selectors.consultation_min_close(opens_on))}；"
            "确需缩短的，请填写缩短的理由"
        )
    if decision is not None and decision.unit_id != unit.pk:
        problems.append("该决策不属于本单位")
    if problems:
        raise ValidationFailed(problems)
    c = Consultation.objects.create(
        unit=unit,
        decision=decision,
        title=title.strip()[:200],
        explanation=explanation,
        interpretation=interpretation,
        opens_on=opens_on,
        closes_on=closes_on,
        short_reason=short_reason.strip()[:300],
        published=published,
    )
    n = 0
    for heading, text in sections:
        if text.strip():
            n += 1
            Section.objects.create(
                consultation=c, number=n, heading=heading.strip()[:120], text=text.strip()
            )
    _audit(actor, "consultation.create", c, c.title, unit, {"days": c.duration_days, "sections": n})
    return c


@transaction.atomic
def consultation_publish(*, actor: User, consultation_id: int, version: int) -> Consultation:
    c = _locked_for(
        Consultation, consultation_id, actor, Perm.REVIEW, version=version, what="该征求意见"
    )
    c.published = True
    _save_change(actor, "consultation.publish", c, c.title, c.unit, {"published": True})
    return c


def _mod_title(text: str) -> str:
    return text[:60]


@transaction.atomic
def comment_submit(
    *,
    consultation_id: int,
    text: str,
    section_number: int | None = None,
    name: str = "",
    contact: str = "",
    now: datetime.datetime | None = None,
) -> Comment:
    """A comment from anyone, without an account. It waits for a moderator (先审后发)."""
    now = now or timezone.now()
    c = selectors.public_consultation(consultation_id)
    problems = []
    if c is None:
        raise ValidationFailed(["找不到该征求意见"])
    day = timezone.localtime(now).date()
    if not c.opens_on <= day <= c.closes_on:
        problems.append(
            f"该草案的征求意见期为{cn_date(c.opens_on)}至{cn_date(c.closes_on)}，当前不在期限内"
        )
    section = None
    if section_number is not None:
        section = c.sections.filter(number=section_number).first()
        if section is None:
            problems.append("请选择草案中存在的条文，或选择“对草案整体”")
    text = text.strip()
    if not text:
        problems.append("请填写意见内容")
    elif len(text) > MAX_COMMENT:
        problems.append(f"意见内容最多 {MAX_COMMENT} 个字，当前 {len(text)} 个字")
    if len(name) > 60:
        problems.append("姓名最多 60 个字")
    if len(contact) > 120:
        problems.append("联系方式最多 120 个字")
    if problems:
        raise ValidationFailed(problems)
    comment = Comment.objects.create(
        consultation=c,
        section=section,
        text=text,
        name=name.strip(),
        contact=contact.strip(),
        submitted_at=now,
    )
    where = f"第{section.number}条" if section else "整体"
    moderation_submit(
        kind=COMMENT_KIND,
        object_id=comment.pk,
        unit=c.unit,
        text=text,
        title=f"{c.title}（{where}）",
        submitted_at=now,
    )
    _audit(None, "comment.submit", comment, c.title, c.unit, {"section": where})
    return comment


def _text_decided(
    model: type[Comment] | type[ResponseAnswer],
    what: str,
    item: ModerationItem,
    actor: User,
    text: str,
    state: PubState,
) -> None:
    """The moderation queue's decision on a comment or a survey answer's text: published with
    the moderated ``text``, or rejected (``text`` empty); audited as ``{what}.{state}``."""
    obj = model.objects.select_for_update().get(pk=int(item.object_id))
    obj.state, obj.published_text = state, text
    _save_change(actor, f"{what}.{state}", obj, item.title, item.unit, {"state": state})


def _comment_publish(item: ModerationItem, actor: User, text: str) -> None:
    _text_decided(Comment, "comment", item, actor, text, PubState.PUBLISHED)


def _comment_reject(item: ModerationItem, actor: User) -> None:
    _text_decided(Comment, "comment", item, actor, "", PubState.REJECTED)


def _comment_names(item: ModerationItem) -> list[str]:
    name = Comment.objects.filter(pk=int(item.object_id)).values_list("name", flat=True).first()
    return [name] if name else []


def _answer_problems(answer: str, reason: str) -> list[str]:
    problems = []
    if answer not in Answer.values:
        problems.append("请选择采纳、部分采纳或不采纳")
    elif answer != Answer.ADOPTED and not reason.strip():
        problems.append("部分采纳或不采纳的，请写明理由")
    return problems


@transaction.atomic
def theme_create(*, actor: User, consultation_id: int, title: str) -> Theme:
    c = _locked_for(Consultation, consultation_id, actor, Perm.HANDLE)
    if not title.strip():
        raise ValidationFailed(["请填写意见主题"])
    t = Theme.objects.create(consultation=c, title=title.strip()[:200])
    _audit(actor, "theme.create", c, c.title, c.unit, {"theme": t.title})
    return t


@transaction.atomic
def theme_answer(*, actor: User, theme_id: int, answer: str, reason: str) -> Theme:
    t = Theme.objects.select_for_update().select_related("consultation__unit").get(pk=theme_id)
    require(actor, Perm.HANDLE, t.consultation.unit)
    problems = _answer_problems(answer, reason)
    if problems:
        raise ValidationFailed(problems)
    t.answer, t.reason = answer, reason.strip()
    t.save()
    _audit(actor, "theme.answer", t.consultation, t.title, t.consultation.unit, {"answer": answer})
    return t


@transaction.atomic
def comment_answer(
    *,
    actor: User,
    comment_id: int,
    version: int,
    answer: str = "",
    reason: str = "",
    theme_id: int | None = None,
) -> Comment:
    """Answer a comment (采纳/部分采纳/不采纳 + reason) or put it under a theme answered as a
    whole. Only published comments are answered in public; version-checked."""
    comment = (
        Comment.objects.select_for_update().select_related("consultation__unit").get(pk=comment_id)
    )
    unit = comment.consultation.unit
    require(actor, Perm.HANDLE, unit)
    _check_version(comment, version, "该意见")
    problems = []
    if comment.state != PubState.PUBLISHED:
        problems.append("该意见尚未发布（或不予发布），发布后再答复")
    theme = None
    if theme_id is not None:
        theme = Theme.objects.filter(pk=theme_id, consultation=comment.consultation).first()
        if theme is None:
            problems.append("该主题不属于本次征求意见")
    else:
        problems.extend(_answer_problems(answer, reason))
    if problems:
        raise ValidationFailed(problems)
    before = {"answer": comment.answer, "theme": comment.theme_id}
    comment.theme = theme
    comment.answer = "" if theme else answer
    comment.reason = "" if theme else reason.strip()
    _save_change(
        actor,
        "comment.answer",
        comment,
        comment.consultation.title,
        unit,
        {"answer": comment.answer, "theme": comment.theme_id},
        before,
    )
    return comment


# --- 问卷 ---------------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create(
    *,
    actor: User | None,
    unit: Unit,
    title: str,
    questions: list[dict[str, Any]],
    consultation: Consultation | None = None,
    activity: OpenActivity | None = None,
    system: bool = False,
) -> Questionnaire:
    if not system:
        require(actor, Perm.HANDLE, unit)
    problems = []
    if not title.strip():
        problems.append("请填写问卷标题")
    for i, q in enumerate(questions, start=1):
        if q.get("kind") not in QuestionKind.values:
            problems.append(f"第{i}题：请选择题型")
        if not str(q.get("text", "")).strip():
            problems.append(f"第{i}题：请填写题目")
        if (
            q.get("kind") in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
            and len(q.get("choices") or []) < 2
        ):
            problems.append(f"第{i}题：选择题至少需要两个选项")
    if not questions:
        problems.append("问卷至少需要一道题")
    if problems:
        raise ValidationFailed(problems)
    qn = Questionnaire.objects.create(
        unit=unit, title=title.strip()[:200], consultation=consultation, activity=activity
    )
    for i, q in enumerate(questions, start=1):
        Question.objects.create(
            questionnaire=qn,
            number=i,
            kind=q["kind"],
            text=str(q["text"]).strip()[:300],
            choices=[str(c) for c in q.get("choices") or []],
        )
    _audit(actor, "questionnaire.create", qn, qn.title, unit, {"questions": len(questions)})
    return qn


@transaction.atomic
def response_submit(
    *, questionnaire_id: int, answers: dict[int, Any], now: datetime.datetime | None = None
) -> Response:
    """One anonymous response. ``answers``: question number → chosen option (single), list of
    options (multiple), 1–5 (scale) or text (moderated before it is shown)."""
    qn = (
        Questionnaire.objects.select_related("unit")
        .filter(pk=questionnaire_id, is_open=True)
        .first()
    )
    if qn is None:
        raise ValidationFailed(["该问卷不存在或已停止收集"])
    now = now or timezone.now()
    problems = []
    rows: list[tuple[Question, dict[str, Any]]] = []
    for q in qn.questions.all():
        v = answers.get(q.number)
        if v in (None, "", []):
            continue
        if q.kind == QuestionKind.SINGLE:
            if v not in q.choices:
                problems.append(f"第{q.number}题：请从选项中选择")
            rows.append((q, {"choices": [v]}))
        elif q.kind == QuestionKind.MULTIPLE:
            vs = v if isinstance(v, list) else [v]
            if any(x not in q.choices for x in vs):
                problems.append(f"第{q.number}题：请从选项中选择")
            rows.append((q, {"choices": list(vs)}))
        elif q.kind == QuestionKind.SCALE:
            try:
                n = int(v)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                n = 0
            if not 1 <= n <= 5:
                problems.append(f"第{q.number}题：请选择 1 到 5 分")
            rows.append((q, {"scale": n}))
        else:
            text = str(v).strip()
            if len(text) > MAX_COMMENT:
                problems.append(f"第{q.number}题：最多 {MAX_COMMENT} 个字")
            rows.append((q, {"text": text, "state": PubState.PENDING}))
    if not rows:
        problems.append("请至少回答一道题")
    if problems:
        raise ValidationFailed(problems)
    r = Response.objects.create(questionnaire=qn, submitted_at=now)
    for q, values in rows:
        a = ResponseAnswer.objects.create(response=r, question=q, **values)
        if q.kind == QuestionKind.TEXT:
            moderation_submit(
                kind=SURVEY_TEXT_KIND,
                object_id=a.pk,
                unit=qn.unit,
                text=a.text,
                title=f"{qn.title}：第{q.number}题",
                submitted_at=now,
            )
    _audit(None, "response.submit", r, qn.title, qn.unit, {"answers": len(rows)})
    return r


def _survey_text_decided(item: ModerationItem, actor: User, text: str, state: PubState) -> None:
    _text_decided(ResponseAnswer, "response", item, actor, text, state)


# --- 列席 ---------------------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    unit: Unit,
    title: str,
    held_on: datetime.date,
    call_text: str = "",
    decisions: list[Decision] | None = None,
    system: bool = False,
) -> Meeting:
    if not system:
        require(actor, Perm.HANDLE, unit)
    if not title.strip():
        raise ValidationFailed(["请填写会议名称"])
    if any(d.unit_id != unit.pk for d in decisions or []):
        raise ValidationFailed(["会议议题只能是本单位的决策事项"])
    m = Meeting.objects.create(
        unit=unit, title=title.strip()[:200], held_on=held_on, call_text=call_text
    )
    if decisions:
        m.decisions.set(decisions)
    _audit(actor, "meeting.create", m, m.title, unit, {"held_on": str(held_on)})
    return m


@transaction.atomic
def representative_add(
    *,
    actor: User | None,
    meeting_id: int,
    kind: str,
    name: str,
    contact: str = "",
    selected: bool = False,
    system: bool = False,
) -> Representative:
    m = _locked_for(Meeting, meeting_id, actor, Perm.HANDLE, system=system)
    problems = []
    if kind not in RepresentativeKind.values:
        problems.append("请选择代表类别（市民、企业、专家、媒体）")
    if not name.strip():
        problems.append("请填写代表姓名")
    if problems:
        raise ValidationFailed(problems)
    r = Representative.objects.create(
        meeting=m,
        kind=kind,
        name=name.strip()[:60],
        contact=contact.strip()[:120],
        selected=selected,
    )
    _audit(
        actor, "meeting.representative", m, m.title, m.unit, {"kind": kind, "selected": selected}
    )
    return r


@transaction.atomic
def representative_record(
    *,
    actor: User | None,
    representative_id: int,
    selected: bool,
    attended: bool,
    opinion: str = "",
    adoption: str = "",
    adoption_reason: str = "",
    system: bool = False,
) -> Representative:
    """Selection, attendance, the opinions given at the meeting and whether they were adopted.
    The public record shows the opinion masked, never the name or contact."""
    from gongkai.core.privacy import mask_personal_data

    r = (
        Representative.objects.select_for_update()
        .select_related("meeting__unit")
        .get(pk=representative_id)
    )
    if not system:
        require(actor, Perm.HANDLE, r.meeting.unit)
    problems = []
    if attended and not selected:
        problems.append("未确定列席的代表不能记为出席")
    if adoption:
        problems.extend(_answer_problems(adoption, adoption_reason))
    if opinion.strip() and not attended:
        problems.append("只有出席的代表才有会上意见")
    if problems:
        raise ValidationFailed(problems)
    r.selected, r.attended = selected, attended
    r.opinion = opinion.strip()
    r.published_opinion = mask_personal_data(r.opinion, names=[r.name]).text
    r.adoption, r.adoption_reason = adoption, adoption_reason.strip()
    r.save()
    _audit(
        actor,
        "meeting.attendance",
        r.meeting,
        r.meeting.title,
        r.meeting.unit,
        {"selected": selected, "attended": attended, "adoption": adoption},
    )
    return r


@transaction.atomic
def meeting_publish_record(
    *, actor: User | None, meeting_id: int, version: int, record: str, system: bool = False
) -> Meeting:
    from gongkai.core.privacy import mask_personal_data

    m = _locked_for(
        Meeting, meeting_id, actor, Perm.REVIEW, system=system, version=version, what="该会议"
    )
    names = list(m.representatives.values_list("name", flat=True))
    m.record = mask_personal_data(record.strip(), names=names).text
    m.held = True
    _save_change(actor, "meeting.publish", m, m.title, m.unit, {"held": True})
    return m


# --- 政府开放活动 -------------------------------------------------------------------------------


@transaction.atomic
def activity_create(
    *,
    actor: User | None,
    unit: Unit,
    year: int,
    title: str,
    description: str = "",
    public: bool = True,
    system: bool = False,
) -> OpenActivity:
    if not system:
        require(actor, Perm.HANDLE, unit)
    if not title.strip():
        raise ValidationFailed(["请填写活动名称"])
    a = OpenActivity.objects.create(
        unit=unit, year=year, title=title.strip()[:200], description=description, public=public
    )
    _audit(actor, "activity.create", a, a.title, unit, {"year": year})
    return a


@transaction.atomic
def session_add(
    *,
    actor: User | None,
    activity_id: int,
    starts_at: datetime.datetime,
    place: str,
    capacity: int,
    system: bool = False,
) -> ActivitySession:
    a = _locked_for(OpenActivity, activity_id, actor, Perm.HANDLE, system=system)
    problems = []
    if capacity < 1:
        problems.append("名额至少为 1")
    if not place.strip():
        problems.append("请填写活动地点")
    if problems:
        raise ValidationFailed(problems)
    s = ActivitySession.objects.create(
        activity=a, starts_at=starts_at, place=place.strip()[:200], capacity=capacity
    )
    _audit(actor, "activity.session", a, a.title, a.unit, {"capacity": capacity})
    return s


@transaction.atomic
def registration_submit(
    *, session_id: int, name: str, contact: str, now: datetime.datetime | None = None
) -> Registration:
    """Register for a session: confirmed while places remain, otherwise on the waiting list.
    The returned code is the registrant's private link to see or cancel the registration."""
    now = now or timezone.now()
    s = (
        ActivitySession.objects.select_for_update()
        .select_related("activity__unit")
        .filter(pk=session_id, activity__public=True)
        .first()
    )
    if s is None:
        raise ValidationFailed(["找不到该场次"])
    problems = []
    if s.starts_at <= now:
        problems.append("该场次已开始或已结束，不能再报名")
    if not name.strip():
        problems.append("请填写姓名（仅用于现场签到，不会公开）")
    if not contact.strip():
        problems.append("请填写联系电话或电子邮箱（仅用于活动通知，不会公开）")
    if len(name) > 60 or len(contact) > 120:
        problems.append("姓名最多 60 个字，联系方式最多 120 个字")
    if problems:
        raise ValidationFailed(problems)
    taken = s.registrations.filter(state=RegState.CONFIRMED).count()
    state = RegState.CONFIRMED if taken < s.capacity else RegState.WAITING
    r = Registration.objects.create(
        session=s, name=name.strip(), contact=contact.strip(), state=state, created_at=now
    )
    _audit(None, "registration.submit", r, s.activity.title, s.activity.unit, {"state": state})
    return r


@transaction.atomic
def registration_cancel(*, code: str) -> Registration:
    """Cancel by the private code; the first on the waiting list takes the freed place."""
    r = (
        Registration.objects.select_for_update()
        .select_related("session__activity__unit")
        .filter(code=code)
        .first()
    )
    if r is None:
        raise ValidationFailed(["找不到该报名，请核对链接"])
    if r.state == RegState.CANCELLED:
        raise ValidationFailed(["该报名已取消"])
    was = r.state
    r.state = RegState.CANCELLED
    r.save()
    act = r.session.activity
    _audit(None, "registration.cancel", r, act.title, act.unit, {"state": r.state}, {"state": was})
    if was == RegState.CONFIRMED:
        nxt = (
            Registration.objects.select_for_update()
            .filter(session=r.session, state=RegState.WAITING)
            .order_by("created_at", "pk")
            .first()
        )
        if nxt is not None:
            nxt.state = RegState.CONFIRMED
            nxt.save()
            _audit(
                None,
                "registration.promote",
                nxt,
                act.title,
                act.unit,
                {"state": nxt.state},
                {"state": RegState.WAITING},
            )
    return r


@transaction.atomic
def registration_check_in(*, actor: User, registration_id: int) -> Registration:
    r = (
        Registration.objects.select_for_update()
        .select_related("session__activity__unit")
        .get(pk=registration_id)
    )
    act = r.session.activity
    require(actor, Perm.HANDLE, act.unit)
    if r.state != RegState.CONFIRMED:
        raise ValidationFailed([f"该报名为“{r.get_state_display()}”，不能签到"])
    if r.checked_in_at:
        raise ValidationFailed(["已签到"])
    r.checked_in_at = timezone.now()
    r.save()
    _audit(actor, "registration.check_in", r, act.title, act.unit, {"checked_in": True})
    return r


@transaction.atomic
def activity_publish_summary(
    *,
    actor: User | None,
    activity_id: int,
    version: int,
    summary: str,
    on: datetime.date | None = None,
    system: bool = False,
) -> OpenActivity:
    from gongkai.core.privacy import mask_personal_data

    a = _locked_for(
        OpenActivity, activity_id, actor, Perm.REVIEW, system=system, version=version, what="该活动"
    )
    if not summary.strip():
        raise ValidationFailed(["请填写活动总结"])
    names = list(Registration.objects.filter(session__activity=a).values_list("name", flat=True))
    a.summary = mask_personal_data(summary.strip(), names=names).text
    a.summary_published_on = on or selectors.today()
    _save_change(
        actor, "activity.summary", a, a.title, a.unit, {"published_on": str(a.summary_published_on)}
    )
    return a


@transaction.atomic
def topic_submit(
    *, unit: Unit, year: int, text: str, now: datetime.datetime | None = None
) -> TopicProposal:
    now = now or timezone.now()
    text = text.strip()
    if not text:
        raise ValidationFailed(["请填写建议的开放活动主题"])
    if len(text) > 500:
        raise ValidationFailed([f"主题建议最多 500 个字，当前 {len(text)} 个字"])
    t = TopicProposal.objects.create(unit=unit, year=year, text=text, submitted_at=now)
    moderation_submit(
        kind=TOPIC_KIND,
        object_id=t.pk,
        unit=unit,
        text=text,
        title="开放活动主题建议",
        submitted_at=now,
    )
    _audit(None, "topic.submit", t, "开放活动主题建议", unit, {"year": year})
    return t


class AlreadyVoted(DomainError):
    """This visitor (the same network address or the same browser) has voted on the topic."""


@transaction.atomic
def topic_vote(
    *, topic_id: int, address: str, browser_id: str = "", now: datetime.datetime | None = None
) -> TopicProposal:
    """Count one visitor's vote on a published topic, once per topic.

    A visitor is known by their network address (an IPv6 address by its /64) and by the random
    id in their signed cookie (``browser_id``); a second vote from either on the same topic is
    refused with ``AlreadyVoted``. Only keyed digests of the two are stored (``vote_key``), never
    the address; the audit event is written as for every public write.

    What this prevents: voting again by reloading the page, clearing cookies or opening a private
    window, scripting votes from one address, and voting again from another network in the same
    browser. What it does not: a determined person with many addresses (mobile data, proxies,
    VPNs) and fresh browsers for each can still vote once per address; and people sharing one
    address (an office or a school behind one NAT) count once per topic between them. The count
    is a sign of interest for choosing open-activity themes, not a ballot.
    """
    if not address.strip():
        raise ValidationFailed([gettext("无法识别您的网络地址，未能计票，请稍后再试。")])
    now = now or timezone.now()
    t = (
        TopicProposal.objects.select_for_update()
        .select_related("unit")
        .filter(pk=topic_id, state=PubState.PUBLISHED)
        .first()
    )
    if t is None:
        raise ValidationFailed([gettext("找不到该主题")])
    address_key = selectors.vote_key(t.pk, "address", selectors.voting_network(address))
    browser_key = selectors.vote_key(t.pk, "browser", browser_id) if browser_id else ""
    seen = Q(address_key=address_key)
    if browser_key:
        seen |= Q(browser_key=browser_key)
    already = gettext("您已为这个主题投过票：每位访问者对每个主题只能投一票。")
    if TopicVote.objects.filter(seen, topic=t).exists():
        raise AlreadyVoted(already)
    try:
        with transaction.atomic():  # a concurrent vote from the same address loses here
            TopicVote.objects.create(
                topic=t, address_key=address_key, browser_key=browser_key, voted_at=now
            )
    except IntegrityError as exc:
        raise AlreadyVoted(already) from exc
    TopicProposal.objects.filter(pk=t.pk).update(votes=F("votes") + 1)
    t.refresh_from_db()
    _audit(None, "topic.vote", t, "开放活动主题建议", t.unit, {"votes": t.votes})
    return t


def _topic_decided(item: ModerationItem, actor: User, text: str, state: str) -> None:
    t = TopicProposal.objects.select_for_update().get(pk=int(item.object_id))
    t.state, t.published_text = state, text
    t.save()
    _audit(actor, f"topic.{state}", t, item.title, item.unit, {"state": state})


@transaction.atomic
def unit_target_set(*, actor: User, unit: Unit, meetings: int, open_activities: int) -> UnitTarget:
    require(actor, Perm.MANAGE_UNITS, unit)
    if meetings < 0 or open_activities < 0:
        raise ValidationFailed(["年度目标不能为负数"])
    t, _ = UnitTarget.objects.update_or_create(
        unit=unit,
        defaults={"meetings": meetings, "open_activities": open_activities, "updated_by": actor},
    )
    _audit(
        actor,
        "target.set",
        t,
        unit.name,
        unit,
        {"meetings": meetings, "open_activities": open_activities},
    )
    return t


def register_moderation_kinds() -> None:
    from gongkai.moderation.registry import ModerationKind, register_moderation_kind

    register_moderation_kind(
        ModerationKind(
            name=COMMENT_KIND,
            label="征求意见",
            on_publish=_comment_publish,
            on_reject=_comment_reject,
            names=_comment_names,
        )
    )
    register_moderation_kind(
        ModerationKind(
            name=SURVEY_TEXT_KIND,
            label="问卷文字回答",
            on_publish=lambda item, actor, text: _survey_text_decided(
                item, actor, text, PubState.PUBLISHED
            ),
            on_reject=lambda item, actor: _survey_text_decided(item, actor, "", PubState.REJECTED),
        )
    )
    register_moderation_kind(
        ModerationKind(
            name=TOPIC_KIND,
            label="开放活动主题建议",
            on_publish=lambda item, actor, text: _topic_decided(
                item, actor, text, PubState.PUBLISHED
            ),
            on_reject=lambda item, actor: _topic_decided(item, actor, "", PubState.REJECTED),
        )
    )
