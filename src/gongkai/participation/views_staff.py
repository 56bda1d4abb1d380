"""Staff pages of participation: thin callers of services; objects read through the scoped
selectors (other units' objects answer 404). Each page takes its own form posts (``action``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.views import staff_view
from gongkai.documents.selectors import documents_visible_to
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import User
from gongkai.participation import selectors, services
from gongkai.participation.models import (
    Answer,
    MaterialKind,
    RepresentativeKind,
)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _date(value: str, label: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed([f"“{label}”应为日期，格式 YYYY-MM-DD"]) from None


def _int(value: str, label: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed([f"“{label}”应为整数"]) from None


def _run(request: HttpRequest, fn: Callable[[], Any], ok: str) -> bool:
    try:
        fn()
    except (ValidationFailed, ConflictError) as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, ok)
    return True


KIND_WORDS = {"单选": "single", "多选": "multiple", "量表": "scale", "文字": "text"}
KIND_WORDS.update({v: v for v in KIND_WORDS.values()})  # the English words too


def parse_questions(text: str) -> list[dict[str, Any]]:
    """One question a line: 题型|题目|选项1;选项2 (题型: 单选、多选、量表、文字)."""
    out: list[dict[str, Any]] = []
    problems = []
    for n, line in enumerate([ln for ln in text.splitlines() if ln.strip()], start=1):
        parts = [x.strip() for x in line.replace("｜", "|").split("|")]
        kind = KIND_WORDS.get(parts[0])
        if kind is None or len(parts) < 2:
            problems.append(f"第{n}行：应为“题型|题目|选项1;选项2”，题型为单选、多选、量表或文字")
            continue
        choices = [
            c.strip()
            for c in (parts[2] if len(parts) > 2 else "").replace("；", ";").split(";")
            if c.strip()
        ]
        out.append({"kind": kind, "text": parts[1], "choices": choices})
    if problems:
        raise ValidationFailed(problems)
    return out


def _units(user: User) -> list[Any]:
    return [u for u in units_visible_to(user, Perm.HANDLE) if u.kind != "division"]


@staff_view(Perm.HANDLE)
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = _units(user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        unit = next((u for u in units if u.code == request.POST.get("unit")), None)
        if unit is None:
            messages.error(request, "请选择本单位（或您管理范围内的单位）")
            return redirect("participation_staff:home")
        p = request.POST
        year = selectors.today().year
        if action == "catalogue":
            lines = [ln for ln in p.get("items", "").splitlines() if ln.strip()]
            items = []
            for ln in lines:
                parts = [x.strip() for x in ln.replace("｜", "|").split("|")]
                parts += [""] * (4 - len(parts))
                items.append(
                    {
                        "name": parts[0],
                        "lead_unit": parts[1],
                        "legal_basis": parts[2],
                        "planned_timing": parts[3],
                    }
                )
            _run(
                request,
                lambda: services.catalogue_save(
                    actor=user, unit=unit, year=_int(p.get("year", ""), "年度"), items=items
                ),
                "目录已保存，待审核公布",
            )
        elif action == "decision":
            _run(
                request,
                lambda: services.decision_create(
                    actor=user,
                    unit=unit,
                    year=year,
                    title=p.get("title", ""),
                    background=p.get("background", ""),
                ),
                "决策事项已建立",
            )
        elif action == "consultation":

            def make() -> None:
                blocks = [
                    b.strip()
                    for b in p.get("sections", "").replace("\r\n", "\n").split("\n\n")
                    if b.strip()
                ]
                decision = (
                    selectors.decisions_visible_to(user).filter(pk=p.get("decision") or 0).first()
                )
                services.consultation_create(
                    actor=user,
                    unit=unit,
                    title=p.get("title", ""),
                    sections=[("", b) for b in blocks],
                    opens_on=_date(p.get("opens_on", ""), "开始日期"),
                    closes_on=_date(p.get("closes_on", ""), "截止日期"),
                    short_reason=p.get("short_reason", ""),
                    interpretation=p.get("interpretation", ""),
                    explanation=p.get("explanation", ""),
                    decision=decision,
                )

            _run(request, make, "征求意见已建立，待审核公开")
        elif action == "meeting":
            _run(
                request,
                lambda: services.meeting_create(
                    actor=user,
                    unit=unit,
                    title=p.get("title", ""),
                    held_on=_date(p.get("held_on", ""), "会议日期"),
                    call_text=p.get("call_text", ""),
                ),
                "会议已建立",
            )
        elif action == "activity":
            _run(
                request,
                lambda: services.activity_create(
                    actor=user,
                    unit=unit,
                    year=year,
                    title=p.get("title", ""),
                    description=p.get("description", ""),
                ),
                "开放活动已建立",
            )
        return redirect("participation_staff:home")
    today = selectors.today()
    decisions = [
        (
            d,
            selectors.report_timeliness(d, today),
            selectors.stage_label(selectors.decision_stage(d, today)),
        )
        for d in selectors.decisions_visible_to(user)
        .prefetch_related("consultations")
        .order_by("-year", "-pk")[:100]
    ]
    return render(
        request,
        "participation/staff/home.html",
        {
            "units": units,
            "decisions": decisions,
            "catalogues": [
                (c, selectors.catalogue_timeliness(c, today))
                for c in selectors.catalogues_visible_to(user).order_by("-year")[:50]
            ],
            "consultations": selectors.consultations_visible_to(user).order_by("-opens_on")[:50],
            "meetings": selectors.meetings_visible_to(user)[:50],
            "activities": selectors.activities_visible_to(user)[:50],
            "year": today.year,
            "min_days": services.rules.CONSULTATION_MIN_DAYS,
        },
    )


@staff_view(Perm.HANDLE)
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cat = selectors.catalogues_visible_to(user).filter(pk=pk).first()
    if cat is None:
        raise Http404("找不到该目录，或不在您的管理范围内")
    if request.method == "POST":
        p = request.POST
        version = _int(p.get("version", "-1"), "版本")
        if p.get("action") == "publish":
            _run(
                request,
                lambda: services.catalogue_publish(
                    actor=user, catalogue_id=cat.pk, version=version
                ),
                "目录已公布",
            )
        elif p.get("action") == "adjust":
            add = None
            if p.get("add_name", "").strip():
                add = {"name": p.get("add_name", ""), "lead_unit": p.get("add_lead_unit", "")}
            withdraw = p.get("withdraw") or None
            _run(
                request,
                lambda: services.catalogue_adjust(
                    actor=user,
                    catalogue_id=cat.pk,
                    version=version,
                    description=p.get("description", ""),
                    add=add,
                    withdraw_item_id=int(withdraw) if withdraw and withdraw.isdigit() else None,
                ),
                "调整已记录",
            )
        return redirect("participation_staff:catalogue", cat.pk)
    return render(
        request,
        "participation/staff/catalogue.html",
        {
            "cat": cat,
            "items": cat.items.all(),
            "adjustments": cat.adjustments.all(),
            "timeliness": selectors.catalogue_timeliness(cat),
        },
    )


@staff_view(Perm.HANDLE)
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    d = selectors.decisions_visible_to(user).filter(pk=pk).first()
    if d is None:
        raise Http404("找不到该决策，或不在您的管理范围内")
    if request.method == "POST":
        p = request.POST
        version = _int(p.get("version", "-1"), "版本")
        action = p.get("action")
        if action == "result":
            _run(
                request,
                lambda: services.decision_link_result(
                    actor=user,
                    decision_id=d.pk,
                    version=version,
                    document_id=_int(p.get("document", ""), "决策结果文件"),
                ),
                "已关联决策结果文件",
            )
        elif action == "material":
            _run(
                request,
                lambda: services.material_add(
                    actor=user,
                    decision=d,
                    kind=p.get("kind", ""),
                    title=p.get("title", ""),
                    on_date=_date(p.get("on_date", ""), "日期"),
                    summary=p.get("summary", ""),
                    url=p.get("url", ""),
                ),
                "材料已添加",
            )
        elif action == "report":
            _run(
                request,
                lambda: services.decision_publish_report(
                    actor=user, decision_id=d.pk, version=version
                ),
                "意见收集和采纳情况已公布",
            )
        return redirect("participation_staff:decision", d.pk)
    docs = documents_visible_to(user).filter(unit=d.unit).order_by("-pk")[:50]
    return render(
        request,
        "participation/staff/decision.html",
        {
            "d": d,
            "timeliness": selectors.report_timeliness(d),
            "published_on": selectors.result_published_on(d),
            "preview": services.adoption_report_text(d),
            "docs": docs,
            "kinds": MaterialKind.choices,
            "stage": selectors.stage_label(selectors.decision_stage(d)),
            "consultations": d.consultations.all(),
        },
    )


@staff_view(Perm.HANDLE)
def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    c = selectors.consultations_visible_to(user).filter(pk=pk).first()
    if c is None:
        raise Http404("找不到该征求意见，或不在您的管理范围内")
    if request.method == "POST":
        p = request.POST
        action = p.get("action")
        if action == "publish":
            _run(
                request,
                lambda: services.consultation_publish(
                    actor=user, consultation_id=c.pk, version=_int(p.get("version", ""), "版本")
                ),
                "已公开征求意见",
            )
        elif action == "theme":
            _run(
                request,
                lambda: services.theme_create(
                    actor=user, consultation_id=c.pk, title=p.get("title", "")
                ),
                "主题已建立",
            )
        elif action == "theme_answer":
            _run(
                request,
                lambda: services.theme_answer(
                    actor=user,
                    theme_id=_int(p.get("theme", ""), "主题"),
                    answer=p.get("answer", ""),
                    reason=p.get("reason", ""),
                ),
                "主题已答复",
            )
        elif action == "survey":
            _run(
                request,
                lambda: services.questionnaire_create(
                    actor=user,
                    unit=c.unit,
                    consultation=c,
                    title=p.get("title", ""),
                    questions=parse_questions(p.get("questions", "")),
                ),
                "问卷已建立",
            )
        elif action == "answer":
            theme = p.get("theme", "")
            _run(
                request,
                lambda: services.comment_answer(
                    actor=user,
                    comment_id=_int(p.get("comment", ""), "意见"),
                    version=_int(p.get("version", ""), "版本"),
                    answer=p.get("answer", ""),
                    reason=p.get("reason", ""),
                    theme_id=int(theme) if theme.isdigit() else None,
                ),
                "意见已答复",
            )
        return redirect("participation_staff:consultation", c.pk)
    return render(
        request,
        "participation/staff/consultation.html",
        {
            "c": c,
            "comments": c.comments.select_related("section", "theme"),
            "themes": c.themes.all(),
            "surveys": c.surveys.all(),
            "answers": Answer.choices,
        },
    )


@staff_view(Perm.HANDLE)
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    m = selectors.meetings_visible_to(user).filter(pk=pk).first()
    if m is None:
        raise Http404("找不到该会议，或不在您的管理范围内")
    if request.method == "POST":
        p = request.POST
        action = p.get("action")
        if action == "add":
            _run(
                request,
                lambda: services.representative_add(
                    actor=user,
                    meeting_id=m.pk,
                    kind=p.get("kind", ""),
                    name=p.get("name", ""),
                    contact=p.get("contact", ""),
                    selected=bool(p.get("selected")),
                ),
                "代表已登记",
            )
        elif action == "record_rep":
            rep = m.representatives.filter(pk=_int(p.get("rep", ""), "代表")).first()
            if rep is not None:
                _run(
                    request,
                    lambda: services.representative_record(
                        actor=user,
                        representative_id=rep.pk,
                        selected=bool(p.get("selected")),
                        attended=bool(p.get("attended")),
                        opinion=p.get("opinion", ""),
                        adoption=p.get("adoption", ""),
                        adoption_reason=p.get("adoption_reason", ""),
                    ),
                    "已保存",
                )
        elif action == "decisions":
            ids = [int(x) for x in p.getlist("decisions") if x.isdigit()]
            chosen = list(selectors.decisions_visible_to(user).filter(pk__in=ids, unit=m.unit))
            _run(request, lambda: _set_decisions(user, m, chosen), "会议议题已保存")
        elif action == "publish":
            _run(
                request,
                lambda: services.meeting_publish_record(
                    actor=user,
                    meeting_id=m.pk,
                    version=_int(p.get("version", ""), "版本"),
                    record=p.get("record", ""),
                ),
                "会议记录已公开",
            )
        return redirect("participation_staff:meeting", m.pk)
    return render(
        request,
        "participation/staff/meeting.html",
        {
            "m": m,
            "reps": m.representatives.all(),
            "kinds": RepresentativeKind.choices,
            "answers": Answer.choices,
            "decisions": selectors.decisions_visible_to(user).filter(unit=m.unit),
            "chosen": set(m.decisions.values_list("pk", flat=True)),
        },
    )


def _set_decisions(user: User, m: Any, chosen: list[Any]) -> None:
    from django.db import transaction

    from gongkai.org.access import require

    with transaction.atomic():
        require(user, Perm.HANDLE, m.unit)
        m.decisions.set(chosen)
        services._audit(
            user, "meeting.decisions", m, m.title, m.unit, {"decisions": [d.pk for d in chosen]}
        )


@staff_view(Perm.HANDLE)
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    a = selectors.activities_visible_to(user).filter(pk=pk).first()
    if a is None:
        raise Http404("找不到该活动，或不在您的管理范围内")
    if request.method == "POST":
        p = request.POST
        action = p.get("action")
        if action == "session":

            def add() -> None:
                try:
                    starts = datetime.datetime.fromisoformat(p.get("starts_at", "").strip())
                except ValueError:
                    raise ValidationFailed(
                        ["“开始时间”应为日期时间，格式 YYYY-MM-DDTHH:MM"]
                    ) from None
                if timezone.is_naive(starts):
                    starts = timezone.make_aware(starts)
                services.session_add(
                    actor=user,
                    activity_id=a.pk,
                    starts_at=starts,
                    place=p.get("place", ""),
                    capacity=_int(p.get("capacity", ""), "名额"),
                )

            _run(request, add, "场次已添加")
        elif action == "check_in":
            reg = (
                selectors.registrations_for_staff(user, a)
                .filter(pk=_int(p.get("registration", ""), "报名"))
                .first()
            )
            if reg is not None:
                _run(
                    request,
                    lambda: services.registration_check_in(actor=user, registration_id=reg.pk),
                    "已签到",
                )
        elif action == "survey":
            _run(
                request,
                lambda: services.questionnaire_create(
                    actor=user,
                    unit=a.unit,
                    activity=a,
                    title=p.get("title", ""),
                    questions=parse_questions(p.get("questions", "")),
                ),
                "反馈问卷已建立",
            )
        elif action == "summary":
            _run(
                request,
                lambda: services.activity_publish_summary(
                    actor=user,
                    activity_id=a.pk,
                    version=_int(p.get("version", ""), "版本"),
                    summary=p.get("summary", ""),
                ),
                "活动总结已公布",
            )
        return redirect("participation_staff:activity", a.pk)
    return render(
        request,
        "participation/staff/activity.html",
        {
            "a": a,
            "sessions": a.sessions.all(),
            "registrations": selectors.registrations_for_staff(user, a),
        },
    )
