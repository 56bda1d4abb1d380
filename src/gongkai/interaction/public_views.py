"""Public pages of 政民互动: the forms, the receipt, progress and rating by tracking code +
phone, 留言选登 and the monthly 留言办理情况. Nothing here shows a writer's personal data: lists
read only the published (masked, confirmed) fields; the progress page shows the writer their
own message's steps and reply, never their name, phone or e-mail."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from gongkai.core import ratelimit
from gongkai.core.errors import DomainError
from gongkai.core.middleware import current_context
from gongkai.interaction import selectors
from gongkai.interaction.channels import BOARD, ChannelKind
from gongkai.interaction.forms import MessageForm, RateForm, TrackForm
from gongkai.interaction.models import Channel, Message
from gongkai.interaction.services import message_rate, message_submit
from gongkai.org.models import Unit

SESSION_KEY = "interaction_submitted"
TRACK_KEY = "interaction_tracked"
STORED_PER_HOUR = 10  # messages an address may store an hour
ATTEMPTS_PER_HOUR = 60  # form posts of any kind an address may make an hour
LOOKUPS_PER_HOUR = 60
PAGE_SIZE = 20


def _ip(request: HttpRequest) -> str:
    return current_context().ip or request.META.get("REMOTE_ADDR", "") or "unknown"


def _units() -> list[Unit]:
    return list(Unit.objects.exclude(kind="division").order_by("code"))


def faq_suggest_available() -> bool:
    """The question box (the FAQ app's script) is on the forms when the FAQ app is installed."""
    return apps.is_installed("gongkai.faq")


def index(request: HttpRequest) -> HttpResponse:
    channels = selectors.public_channels()
    recent = list(selectors.published_messages()[:8])
    return render(
        request,
        "interaction/public/index.html",
        {"channels": channels, "recent": recent, "board_slug": BOARD},
    )


def _limited(request: HttpRequest) -> bool:
    over_attempts = not ratelimit.hit(
        "interaction.attempt", _ip(request), limit=ATTEMPTS_PER_HOUR, window_s=3600
    )
    return over_attempts or ratelimit.blocked(
        "interaction.store", _ip(request), limit=STORED_PER_HOUR
    )


def _handle_post(
    request: HttpRequest,
    form: MessageForm,
    channel: Channel,
    unit: Unit | None,
    document: object = None,
) -> HttpResponse | None:
    """Store the message when the form is valid; a response to return, or None to re-render."""
    if request.POST.get("website"):
        # a bot filled the hidden field: answer as if accepted, store nothing
        return render(request, "interaction/public/spam.html")
    if _limited(request):
        form.add_error(None, "提交过于频繁，请一小时后再试。您填写的内容已保留。")
        return None
    if not form.is_valid():
        return None
    data = form.cleaned_data
    if unit is None:
        unit = Unit.objects.filter(code=data.get("unit", "")).exclude(kind="division").first()
        if unit is None:
            form.add_error(
                "unit", gettext("请从列表中选择%(what)s。") % {"what": gettext(channel.unit_label)}
            )
            return None
    try:
        message = message_submit(channel=channel, unit=unit, values=data, document=document)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    ratelimit.hit("interaction.store", _ip(request), limit=STORED_PER_HOUR, window_s=3600)
    done = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*done[-19:], message.tracking_code]
    return redirect("interaction:receipt", message.tracking_code)


def write(request: HttpRequest, slug: str) -> HttpResponse:
    channel = get_object_or_404(Channel, slug=slug, kind=ChannelKind.FORM, active=True)
    form = MessageForm(request.POST or None, units=_units(), unit_label=channel.unit_label)
    status = 200
    if request.method == "POST":
        response = _handle_post(request, form, channel, None)
        if response is not None:
            return response
        status = 429 if any("过于频繁" in e for e in form.non_field_errors()) else 400
    return render(
        request,
        "interaction/public/write.html",
        {"channel": channel, "form": form, "faq_suggest": faq_suggest_available()},
        status=status,
    )


def board(request: HttpRequest, document_id: int) -> HttpResponse:
    """政策留言板: the message form of one published policy document (also shown under it)."""
    from gongkai.interaction.blocks import board_document

    document = board_document(document_id)
    if document is None:
        raise Http404("该文件未发布或不设留言板")
    channel = get_object_or_404(Channel, slug=BOARD, active=True)
    form = MessageForm(request.POST or None, with_unit=False)
    status = 200
    if request.method == "POST":
        response = _handle_post(request, form, channel, document.unit, document)
        if response is not None:
            return response
        status = 400
    return render(
        request,
        "interaction/public/board.html",
        {
            "channel": channel,
            "document": document,
            "form": form,
            "messages_published": selectors.published_for_document(document.pk),
            "faq_suggest": faq_suggest_available(),
        },
        status=status,
    )


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    if code not in request.session.get(SESSION_KEY, []):
        raise Http404("回执只能在提交留言的浏览器中查看；请使用查询码和手机号码查询办理进度。")
    message = get_object_or_404(
        Message.objects.select_related("channel", "unit"), tracking_code=code
    )
    return render(request, "interaction/public/receipt.html", {"message": message})


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    progress = None
    status = 200
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit(
            "interaction.track", _ip(request), limit=LOOKUPS_PER_HOUR, window_s=3600
        ):
            form.add_error(None, "查询过于频繁，请稍后再试。")
            status = 429
        else:
            progress = selectors.public_progress(
                form.cleaned_data["code"], form.cleaned_data["phone"]
            )
            if progress is None:
                form.add_error(None, "查询码与手机号码不匹配，请核对后重试。")
                status = 404
            else:
                request.session[TRACK_KEY] = [progress.tracking_code, form.cleaned_data["phone"]]
                form = TrackForm()  # the phone is not echoed back into the page
    elif request.method == "GET" and request.session.get(TRACK_KEY):
        code, phone = request.session[TRACK_KEY]
        progress = selectors.public_progress(code, phone)
    return render(
        request,
        "interaction/public/track.html",
        {"form": form, "progress": progress, "rate_form": RateForm()},
        status=status,
    )


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """The writer rates the reply, in the browser that just looked the message up."""
    tracked = request.session.get(TRACK_KEY)
    if not tracked:
        return redirect("interaction:track")
    code, phone = tracked
    form = RateForm(request.POST)
    progress = selectors.public_progress(code, phone)
    if progress is None:
        return redirect("interaction:track")
    if form.is_valid():
        try:
            message_rate(
                code=code,
                phone=phone,
                satisfaction=form.cleaned_data["satisfaction"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("interaction:track")
    return render(
        request,
        "interaction/public/track.html",
        {"form": TrackForm(), "progress": progress, "rate_form": form},
        status=400,
    )


def published(request: HttpRequest) -> HttpResponse:
    g = request.GET
    f = selectors.PublicFilter(
        channel=g.get("channel", "")[:20],
        unit=g.get("unit", "")[:40],
        topic=g.get("topic", "")[:16],
        month=g.get("month", "")[:7],
    )
    qs = selectors.filter_published(selectors.published_messages(), f)
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("page"))
    from gongkai.documents.models import Topic

    base = selectors.published_messages()
    months = sorted(
        {f"{d:%Y-%m}" for d in base.exclude(replied_on=None).dates("replied_on", "month")},
        reverse=True,
    )
    params = {k: v for k, v in g.items() if k != "page" and v}
    return render(
        request,
        "interaction/public/published.html",
        {
            "page": page,
            "f": f,
            "channels": selectors.public_channels(),
            "units": _units(),
            "topics": Topic.objects.filter(parent__isnull=True),
            "months": months,
            "query": "&".join(f"{k}={v}" for k, v in params.items()),
        },
    )


def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = selectors.published_messages().filter(pk=pk).first()
    if message is None:
        raise Http404("没有这条选登留言")
    return render(request, "interaction/public/published_detail.html", {"m": message})


def monthly(request: HttpRequest) -> HttpResponse:
    """留言办理情况: the month's counts by channel and unit; no personal data, counts only."""
    today = timezone.localdate()
    default = (today.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    month = request.GET.get("month", "")[:7] or default
    rng = selectors.month_range(month)
    if rng is None:
        month, rng = default, selectors.month_range(default)
    assert rng is not None
    start, end = rng
    return render(
        request,
        "interaction/public/monthly.html",
        {
            "month": month,
            "total": selectors.counts_total(start, end),
            "by_channel": selectors.counts_by(start, end, "channel"),
            "by_unit": selectors.counts_by(start, end, "unit"),
            # back as far as the first message received, not into empty years
            "prev": (
                (start - datetime.timedelta(days=1)).strftime("%Y-%m")
                if selectors.any_received_before(start)
                else ""
            ),
            "next": end.strftime("%Y-%m") if end <= today else "",
        },
    )
