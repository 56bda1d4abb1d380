"""Staff pages of 政民互动: the list (to-do filters), a message with its actions, statistics
and 社会关切, channel settings. Thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime

from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.errors import ConflictError, DomainError
from gongkai.core.privacy import highlight_personal_data
from gongkai.core.views import staff_view
from gongkai.interaction import selectors
from gongkai.interaction.machine import TRANSITIONS, State, actions_from
from gongkai.interaction.models import Channel
from gongkai.interaction.services import (
    channel_update,
    may_act,
    message_act,
    satisfaction_closes_on,
)
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import Unit, User


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@staff_view(Perm.USE_WORKBENCH)
def message_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    g = request.GET
    f = selectors.StaffFilter(
        state=g.get("state", "open")[:12], channel=g.get("channel", "")[:20], flag=g.get("flag", "")
    )
    qs = selectors.filter_messages(selectors.messages_visible_to(user), f, user)
    page = Paginator(qs.order_by("due_on", "received_at"), 50).get_page(g.get("page"))
    return render(
        request,
        "interaction/staff/list.html",
        {
            "page": page,
            "f": f,
            "states": State.choices,
            "channels": Channel.objects.all(),
            "counts": selectors.todo_counts(user),
        },
    )


@staff_view(Perm.USE_WORKBENCH)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    message = selectors.message_for(user, code)
    if message is None:
        raise Http404("没有这条留言，或不在您的管理范围内")
    actions = [t for t in actions_from(message.state) if may_act(user, message, t.action)]
    writer = selectors.may_see_writer(user, message)
    names = [message.name]
    return render(
        request,
        "interaction/staff/detail.html",
        {
            "m": message,
            "writer": writer,
            "content_marked": highlight_personal_data(message.content, names=names),
            "events": selectors.events_of(message),
            "actions": actions,
            "units": Unit.objects.order_by("code"),
            "closes_on": satisfaction_closes_on(message),
            "faq_ready": _faq_ready(user, message),
        },
    )


def _faq_ready(user: User, message: object) -> bool:
    from django.apps import apps

    from gongkai.org.access import can

    return (
        apps.is_installed("gongkai.faq")
        and getattr(message, "state", "") in (State.REPLIED, State.CLOSED)
        and can(user, Perm.REVIEW)
    )


@require_POST
@staff_view(Perm.USE_WORKBENCH)
def act(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    message = selectors.message_for(user, code)
    if message is None:
        raise Http404("没有这条留言，或不在您的管理范围内")
    action = request.POST.get("action", "")
    if action == "make_faq":
        return _make_faq(request, user, message)
    if action not in TRANSITIONS:
        flash.error(request, "没有这一办理步骤。")
        return redirect("interaction_staff:detail", code)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    to_unit = Unit.objects.filter(code=request.POST.get("to_unit", "")).first()
    try:
        done = message_act(
            actor=user,
            code=code,
            action=action,
            version=version,
            reason=request.POST.get("reason", ""),
            to_unit=to_unit,
            reply=request.POST.get("reply", ""),
        )
    except (ConflictError, DomainError) as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, f"已办理：{TRANSITIONS[action].label}（{done.get_state_display()}）")
    if selectors.message_for(user, code) is None:
        return redirect("interaction_staff:list")
    return redirect("interaction_staff:detail", code)


def _make_faq(request: HttpRequest, user: User, message: object) -> HttpResponse:
    from gongkai.interaction.services import message_to_faq

    raw = request.POST.get("documents", "").replace("，", ",").replace(" ", ",")
    try:
        ids = [int(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        flash.error(request, "相关政策文件编号应为数字，多个用逗号分隔。")
        return redirect("interaction_staff:detail", message.tracking_code)  # type: ignore[attr-defined]
    try:
        entry = message_to_faq(
            actor=user,
            code=message.tracking_code,  # type: ignore[attr-defined]
            question=request.POST.get("question", ""),
            answer=request.POST.get("answer", ""),
            documents=ids,
        )
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, f"已转为常见问题：{getattr(entry, 'question', '')}")
    return redirect("interaction_staff:detail", message.tracking_code)  # type: ignore[attr-defined]


def _period(request: HttpRequest) -> tuple[str, datetime.date, datetime.date]:
    today = timezone.localdate()
    month = request.GET.get("month", "")[:7]
    rng = selectors.month_range(month) if month else None
    if rng:
        return month, rng[0], rng[1]
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    return str(year), datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


@staff_view(Perm.VIEW_STATISTICS)
def stats(request: HttpRequest) -> HttpResponse:
    """Per channel, unit and month: received, replied on time, overdue, satisfaction,
    published; and 社会关切 (the most frequent topics and words of the period)."""
    user = _user(request)
    label, start, end = _period(request)
    scope = scope_all = units_visible_to(user, Perm.VIEW_STATISTICS)
    units = list(scope_all)
    topics, words = selectors.concerns(start, end, units)
    return render(
        request,
        "interaction/staff/stats.html",
        {
            "period": label,
            "by_channel": selectors.counts_by(start, end, "channel", units),
            "by_unit": selectors.counts_by(start, end, "unit", units),
            "by_month": selectors.counts_by(start, end, "month", units),
            "topics": topics,
            "words": words,
            "scope": scope,
        },
    )


@staff_view(Perm.MANAGE_UNITS)
def channels(request: HttpRequest) -> HttpResponse:
    return render(request, "interaction/staff/channels.html", {"channels": Channel.objects.all()})


@staff_view(Perm.MANAGE_UNITS)
def channel_edit(request: HttpRequest, slug: str) -> HttpResponse:
    channel = get_object_or_404(Channel, slug=slug)
    error = ""
    if request.method == "POST":
        try:
            channel_update(
                actor=_user(request),
                slug=slug,
                version=int(request.POST.get("version", "-1") or -1),
                reply_working_days=int(request.POST.get("reply_working_days", "0") or 0),
                publishes=request.POST.get("publishes") == "1",
                active=request.POST.get("active") == "1",
            )
        except ValueError:
            error = "答复时限应填写整数（工作日）。"
        except DomainError as exc:
            error = exc.message
        else:
            flash.success(request, f"已保存“{channel.name}”的设置。")
            return redirect("interaction_staff:channels")
    return render(
        request,
        "interaction/staff/channel_edit.html",
        {"channel": channel, "error": error},
        status=400 if error else 200,
    )
