"""Public pages of the 重大行政决策 section. They read only the public selectors: published
catalogues, decisions, consultations with moderated (masked) comments, meeting records and open
activities. No name or contact typed by the public is ever rendered here."""

from __future__ import annotations

import contextlib
import secrets
from itertools import groupby
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from gongkai.core import ratelimit
from gongkai.core.errors import ValidationFailed
from gongkai.core.middleware import current_context
from gongkai.participation import selectors, services
from gongkai.participation.forms import CommentForm, RegistrationForm, TopicForm
from gongkai.participation.models import (
    CatalogueItem,
    MaterialKind,
    QuestionKind,
    Questionnaire,
    Registration,
    RegState,
)
from gongkai.participation.services import AlreadyVoted

COMMENTS_PER_HOUR = 10  # stored comments an address may make an hour
POSTS_PER_HOUR = 60  # posts of any kind (wrong answers included) an address may make an hour
VOTES_PER_HOUR = 100  # topic votes (refused ones included) an address may post an hour
# The signed cookie that tells a returning browser on another network (services.topic_vote).
VOTER_COOKIE = "gk_voter"
VOTER_COOKIE_SALT = "gongkai.participation.voter"
VOTER_COOKIE_AGE_S = 400 * 24 * 3600  # a year's open-activity season and the next


def _ip(request: HttpRequest) -> str:
    return current_context().ip or request.META.get("REMOTE_ADDR", "") or "unknown"


def _limited(request: HttpRequest, scope: str, limit: int) -> bool:
    """Count one post; True once the address is over the hour's limit (core.ratelimit)."""
    return not ratelimit.hit(f"participation.{scope}", _ip(request), limit=limit, window_s=3600)


def index(request: HttpRequest) -> HttpResponse:
    catalogues = list(selectors.public_catalogues())
    by_year = [(year, list(cats)) for year, cats in groupby(catalogues, key=lambda c: c.year)]
    today = selectors.today()
    consultations = list(selectors.public_consultations().order_by("-opens_on", "-pk")[:20])
    return render(
        request,
        "participation/index.html",
        {
            "by_year": by_year,
            "stages": selectors.decisions_by_stage(today),
            "open_now": [c for c in consultations if c.opens_on <= today <= c.closes_on],
            "closed": [c for c in consultations if c.closes_on < today],
            "meetings": selectors.public_meetings()[:10],
            "activities": selectors.public_activities()[:10],
        },
    )


def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    cat = selectors.public_catalogue(pk)
    if cat is None:
        raise Http404("找不到该目录")
    items: list[CatalogueItem] = list(cat.items.prefetch_related("decisions"))
    return render(
        request,
        "participation/catalogue.html",
        {
            "cat": cat,
            "items": items,
            "adjustments": cat.adjustments.all(),
            "timeliness": selectors.catalogue_timeliness(cat),
        },
    )


def decision(request: HttpRequest, pk: int) -> HttpResponse:
    d = selectors.public_decision(pk)
    if d is None:
        raise Http404("找不到该决策事项")
    published_on = selectors.result_published_on(d)
    materials = list(d.materials.all())
    consultations = [c for c in d.consultations.all() if c.published]
    steps: list[dict[str, Any]] = []
    for kind in (MaterialKind.BACKGROUND, MaterialKind.DRAFT, MaterialKind.EXPLANATION):
        for m in materials:
            if m.kind == kind:
                steps.append({"label": m.get_kind_display(), "material": m, "date": m.on_date})
    for c in consultations:
        steps.append(
            {
                "label": gettext_noop("公开征求意见"),
                "consultation": c,
                "date": c.opens_on,
                "count": selectors.published_comments(c).count(),
            }
        )
    others = [
        m
        for m in materials
        if m.kind not in (MaterialKind.BACKGROUND, MaterialKind.DRAFT, MaterialKind.EXPLANATION)
    ]
    for m in others:
        steps.append({"label": m.get_kind_display(), "material": m, "date": m.on_date})
    for meeting in selectors.public_meetings().filter(decisions=d):
        steps.append(
            {
                "label": gettext_noop("公众代表列席决策会议"),
                "meeting": meeting,
                "date": meeting.held_on,
            }
        )
    if published_on:
        steps.append(
            {"label": gettext_noop("决策结果"), "document": d.result_document, "date": published_on}
        )
    if d.report_published_on:
        steps.append(
            {
                "label": gettext_noop("意见收集和采纳情况"),
                "report": d.report_text,
                "date": d.report_published_on,
            }
        )
    steps.sort(key=lambda s: s["date"])
    return render(
        request,
        "participation/decision.html",
        {
            "d": d,
            "steps": steps,
            "stage": selectors.stage_label(selectors.decision_stage(d)),
            "report_due": selectors.report_due(d),
        },
    )


def consultation(request: HttpRequest, pk: int) -> HttpResponse:
    c = selectors.public_consultation(pk)
    if c is None:
        raise Http404("找不到该征求意见")
    sections = list(c.sections.all())
    choices = [(str(s.number), f"第{s.number}条 {s.heading}".strip()) for s in sections]
    today = selectors.today()
    is_open = c.opens_on <= today <= c.closes_on
    form = CommentForm(request.POST or None, sections=choices)
    status = 200
    submitted = False
    limited = False
    if request.method == "POST" and is_open:
        if request.POST.get("website"):
            return render(request, "participation/thanks.html", {"c": c})  # a bot: store nothing
        if _limited(request, "comment-post", POSTS_PER_HOUR) or ratelimit.blocked(
            "participation.comment", _ip(request), limit=COMMENTS_PER_HOUR
        ):
            limited = True
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.comment_submit(
                    consultation_id=c.pk,
                    text=data["text"],
                    section_number=int(data["section"]) if data["section"] else None,
                    name=data["name"],
                    contact=data["contact"],
                )
            except ValidationFailed as exc:
                for p in exc.problems:
                    form.add_error(None, p)
            else:
                ratelimit.hit(
                    "participation.comment", _ip(request), limit=COMMENTS_PER_HOUR, window_s=3600
                )
                return redirect(
                    reverse("participation:consultation", args=[c.pk]) + "?submitted=1#comment-form"
                )
        if form.errors:
            status = 400
            if "answer" in form.errors:
                form.renew_challenge()
    submitted = request.GET.get("submitted") == "1"
    comments = list(selectors.published_comments(c))
    by_section: dict[int | None, list[Any]] = {}
    for cm in comments:
        by_section.setdefault(cm.section.number if cm.section else None, []).append(cm)
    return render(
        request,
        "participation/consultation.html",
        {
            "c": c,
            "sections": [(s, by_section.get(s.number, [])) for s in sections],
            "general": by_section.get(None, []),
            "form": form,
            "is_open": is_open,
            "submitted": submitted,
            "limited": limited,
            "surveys": c.surveys.all(),
            "comment_count": len(comments),
        },
        status=status,
    )


def survey(request: HttpRequest, pk: int) -> HttpResponse:
    q = Questionnaire.objects.filter(pk=pk).select_related("consultation", "activity").first()
    if (
        q is None
        or (q.consultation and not q.consultation.published)
        or (q.activity and not q.activity.public)
    ):
        raise Http404("找不到该问卷")
    errors: list[str] = []
    status = 200
    if request.method == "POST" and q.is_open:
        if request.POST.get("website"):
            return render(request, "participation/thanks.html", {"survey": q})
        if _limited(request, "survey", 30):
            errors.append("同一网络地址提交过于频繁，请稍后再试。您填写的内容已保留。")
            status = 429
        else:
            answers: dict[int, Any] = {}
            for question in q.questions.all():
                key = f"q{question.number}"
                if question.kind == QuestionKind.MULTIPLE:
                    answers[question.number] = request.POST.getlist(key)
                else:
                    answers[question.number] = request.POST.get(key, "")
            try:
                services.response_submit(questionnaire_id=q.pk, answers=answers)
            except ValidationFailed as exc:
                errors = exc.problems
                status = 400
            else:
                return redirect(reverse("participation:survey", args=[q.pk]) + "?submitted=1")
    return render(
        request,
        "participation/survey.html",
        {
            "q": q,
            "results": selectors.questionnaire_results(q),
            "errors": errors,
            "questions": [
                (x, request.POST.getlist(f"q{x.number}") if errors else [])
                for x in q.questions.all()
            ],
            "submitted": request.GET.get("submitted") == "1",
        },
        status=status,
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.public_meetings().filter(pk=pk).first()
    if m is None:
        raise Http404("找不到该会议")
    reps = [r for r in m.representatives.all() if r.attended]
    return render(request, "participation/meeting.html", {"m": m, "reps": reps})


def activity(request: HttpRequest, pk: int) -> HttpResponse:
    a = selectors.public_activities().filter(pk=pk).first()
    if a is None:
        raise Http404("找不到该活动")
    sessions = list(a.sessions.all())
    now_sessions = [
        (str(s.pk), f"{date_format(timezone.localtime(s.starts_at), 'DATETIME_FORMAT')} {s.place}")
        for s in sessions
        if s.starts_at > timezone.now()
    ]
    form = RegistrationForm(request.POST or None, sessions=now_sessions)
    status = 200
    limited = False
    if request.method == "POST":
        if request.POST.get("website"):
            return render(request, "participation/thanks.html", {"activity": a})
        if _limited(request, "register", 20):
            limited, status = True, 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                reg = services.registration_submit(
                    session_id=int(data["session"]), name=data["name"], contact=data["contact"]
                )
            except ValidationFailed as exc:
                for p in exc.problems:
                    form.add_error(None, p)
            else:
                return redirect("participation:registration", reg.code)
        if form.errors:
            status = 400
            if "answer" in form.errors:
                form.renew_challenge()
    places = []
    for s in sessions:
        taken = s.registrations.filter(state=RegState.CONFIRMED).count()
        places.append((s, max(0, s.capacity - taken), selectors.waiting_count(s.pk)))
    return render(
        request,
        "participation/activity.html",
        {"a": a, "places": places, "form": form, "limited": limited, "surveys": a.surveys.all()},
        status=status,
    )


def registration(request: HttpRequest, code: str) -> HttpResponse:
    """The registrant's private page (the link is the key): see the state, cancel."""
    r = Registration.objects.select_related("session__activity").filter(code=code).first()
    if r is None:
        raise Http404("找不到该报名，请核对链接")
    if request.method == "POST" and request.POST.get("cancel"):
        with contextlib.suppress(ValidationFailed):
            services.registration_cancel(code=code)
        return redirect("participation:registration", code)
    return render(request, "participation/registration.html", {"r": r})


def topics(request: HttpRequest) -> HttpResponse:
    """Topics for open activities: the public proposes (moderated) and votes."""
    from gongkai.org.models import Unit

    units = list(Unit.objects.exclude(kind="division").order_by("code"))
    form = TopicForm(request.POST if request.POST.get("action") == "propose" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get("website"):
            return render(request, "participation/thanks.html", {})
        if request.POST.get("action") == "vote":
            return _vote(request)
        unit = next((u for u in units if u.code == request.POST.get("unit")), None)
        if _limited(request, "topic", 10):
            form.add_error(None, "同一网络地址提交过于频繁，请稍后再试。您填写的内容已保留。")
            status = 429
        elif form.is_valid():
            if unit is None:
                form.add_error(None, "请选择向哪个单位提出建议")
            else:
                try:
                    services.topic_submit(
                        unit=unit, year=selectors.today().year, text=form.cleaned_data["text"]
                    )
                except ValidationFailed as exc:
                    for p in exc.problems:
                        form.add_error(None, p)
                else:
                    return redirect(reverse("participation:topics") + "?proposed=1")
        if form.errors:
            status = 400
            if "answer" in form.errors:
                form.renew_challenge()
    return _topics_page(request, form=form, units=units, status=status)


def _topics_page(
    request: HttpRequest,
    *,
    form: TopicForm | None = None,
    units: list[Any] | None = None,
    status: int = 200,
    vote_error: str = "",
) -> HttpResponse:
    from gongkai.org.models import Unit

    if units is None:
        units = list(Unit.objects.exclude(kind="division").order_by("code"))
    topics = list(selectors.published_topics()[:50])
    voted = selectors.topics_voted(
        [t.pk for t in topics], address=_ip(request), browser_id=_voter_id(request)
    )
    return render(
        request,
        "participation/topics.html",
        {
            "topics": topics,
            "form": form or TopicForm(None),
            "units": units,
            "proposed": request.GET.get("proposed") == "1",
            "voted": voted,
            "vote_error": vote_error,
            "vote_counted": request.GET.get("voted") == "1" and not vote_error,
            "chosen_unit": request.POST.get("unit", ""),
        },
        status=status,
    )


def _voter_id(request: HttpRequest) -> str:
    """The random id in the visitor's signed cookie ("" when none, or when it was tampered with)."""
    value = request.get_signed_cookie(VOTER_COOKIE, default="", salt=VOTER_COOKIE_SALT)
    return value if isinstance(value, str) and len(value) <= 64 else ""


def _vote(request: HttpRequest) -> HttpResponse:
    """One vote for a published topic: once per visitor and topic (services.topic_vote), within
    the address's hourly limit; the honeypot was checked by the caller."""
    tid = request.POST.get("topic", "")
    if _limited(request, "vote", VOTES_PER_HOUR):
        return _topics_page(
            request,
            status=429,
            vote_error=gettext("同一网络地址投票过于频繁，请一小时后再试。"),
        )
    voter = _voter_id(request) or secrets.token_urlsafe(18)
    try:
        if not tid.isdigit():
            raise ValidationFailed([gettext("找不到该主题")])
        services.topic_vote(topic_id=int(tid), address=_ip(request), browser_id=voter)
    except AlreadyVoted as exc:
        response = _topics_page(request, status=409, vote_error=exc.message)
    except ValidationFailed as exc:
        response = _topics_page(request, status=400, vote_error=exc.message)
    else:
        response = redirect(reverse("participation:topics") + "?voted=1#topics")
    response.set_signed_cookie(
        VOTER_COOKIE,
        voter,
        salt=VOTER_COOKIE_SALT,
        max_age=VOTER_COOKIE_AGE_S,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
