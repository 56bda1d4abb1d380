"""Public pages of 政策北斗: the finder, the 惠企政策清单, subscriptions (double opt-in, one-click
unsubscribe, a private feed), and the relay partners' confirmation page."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongkai.banshi.models import ServiceItem
from gongkai.core import ratelimit
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.middleware import client_ip
from gongkai.documents.models import Document
from gongkai.finder.models import Delivery, GuideDelivery, Relay, Subscriber
from gongkai.finder.push import (
    PushItem,
    criteria_text,
    part_field_names,
    subscription_matches,
    topic_choices,
    unit_choices,
)
from gongkai.finder.selectors import match
from gongkai.finder.services import (
    clean_criteria,
    relay_confirm,
    subscribe,
    subscription_confirm,
    subscription_update,
    unsubscribe,
)
from gongkai.finder.vocab import groups

SUBSCRIPTIONS_PER_HOUR = 10


def _criteria(request: HttpRequest) -> tuple[dict[str, list[str]], list[str]]:
    data = request.POST if request.method == "POST" else request.GET
    return clean_criteria({g.key: data.getlist(g.key) for g in groups()})


def _services(docs: list[Document]) -> dict[int, list[ServiceItem]]:
    from gongkai.banshi.selectors import services_named_by

    return services_named_by([d.pk for d in docs])


@require_http_methods(["GET", "POST"])
def finder(request: HttpRequest) -> HttpResponse:
    criteria, problems = _criteria(request)
    results = match(criteria) if criteria and not problems else []
    services = _services([m.document for m in results])
    subscribed = None
    sub_problems: list[str] = []
    email = ""
    if request.method == "POST":
        email = request.POST.get("email", "")
        if request.POST.get("website"):  # the honeypot field people do not see
            sub_problems.append("提交未成功，请稍后再试。")
        elif not ratelimit.hit(
            "finder-subscribe",
            client_ip(request) or "-",
            limit=SUBSCRIPTIONS_PER_HOUR,
            window_s=3600,
        ):
            sub_problems.append("订阅过于频繁，请一小时后再试。")
        else:
            try:
                subscribed = subscribe(
                    email=email,
                    criteria={
                        **criteria,
                        **{k: request.POST.getlist(k) for k in ("unit", "topic")},
                    },
                    language=translation.get_language(),
                )
            except ValidationFailed as exc:
                sub_problems = exc.problems
    return render(
        request,
        "finder/finder.html",
        {
            "groups": groups(),
            "criteria": criteria,
            "problems": problems,
            "results": [(m, services.get(m.document.pk, [])) for m in results],
            "asked": bool(criteria),
            "subscribed": subscribed,
            "sub_problems": sub_problems,
            "email": email if sub_problems else "",
            "units": unit_choices(),
            "topics": topic_choices(top_only=True),
            "sub_chosen": {k: request.POST.getlist(k) for k in ("unit", "topic")}
            if sub_problems
            else {},
        },
    )


def enterprise_list(request: HttpRequest) -> HttpResponse:
    """惠企政策清单: every policy in force for enterprises, by kind of support."""
    sections = []
    for support, text in next(g for g in groups() if g.key == "support").choices:
        found = match({"who": ["企业"], "support": [support]})
        found = [m for m in found if m.overlaps_in("support")]
        if found:
            services = _services([m.document for m in found])
            sections.append((text, [(m, services.get(m.document.pk, [])) for m in found]))
    return render(request, "finder/enterprise.html", {"sections": sections})


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page reached only through a subscriber's private token: never indexed, never kept by
    a shared cache or the browser's history cache."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "no-store, private"
        return response

    return wrapped


def _subscriber(token: str) -> Subscriber:
    sub = Subscriber.objects.filter(token=token[:64]).first()
    if sub is None:
        raise Http404("链接无效或已过期")
    return sub


@private
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sub = subscription_confirm(token=token)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "finder/manage.html",
        {"sub": sub, "just_confirmed": sub.active, **_manage(sub, sub.criteria)},
    )


def _manage(sub: Subscriber, chosen: dict[str, list[str]]) -> dict[str, object]:
    return {
        "criteria": criteria_text(sub.criteria),
        "chosen": chosen,
        "groups": groups(),
        "units": unit_choices(),
        "topics": topic_choices(),
        "deliveries": Delivery.objects.filter(subscriber=sub)
        .select_related("document__live")
        .order_by("-sent_at")[:100],
        "guide_deliveries": GuideDelivery.objects.filter(subscriber=sub).order_by("-sent_at")[:100],
    }


@private
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The subscriber's page: what they asked for, what was sent, and a form to change it."""
    sub = _subscriber(token)
    chosen: dict[str, list[str]] = sub.criteria
    problems: list[str] = []
    if request.method == "POST":
        raw = {k: request.POST.getlist(k) for k in part_field_names()}
        try:
            subscription_update(token=token, criteria=raw)
        except ValidationFailed as exc:
            problems = exc.problems
            chosen = raw
        except DomainError as exc:
            problems = [exc.message]
        else:
            messages.success(request, gettext("订阅条件已修改，下一次推送起按新条件发送。"))
            return redirect("finder:manage", sub.token)
    return render(
        request,
        "finder/manage.html",
        {"sub": sub, "problems": problems, **_manage(sub, chosen)},
    )


@private
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    sub = _subscriber(token)
    if request.method == "POST":
        sub = unsubscribe(token=token)
    return render(request, "finder/unsubscribe.html", {"sub": sub})


def _entry_html(item: PushItem, site_url: str) -> str:
    """A feed entry's content: why it matched, support, until when, how to apply (办)."""
    from django.template.loader import render_to_string

    return render_to_string("finder/_push_item.html", {"item": item, "site_url": site_url})


@private
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private Atom feed of the subscriber's matching policies (the address is the secret);
    gone once unsubscribed. Entry ids are the documents' absolute URLs (IRIs, RFC 4287 4.2.6)."""
    sub = _subscriber(token)
    if sub.unsubscribed_at is not None:
        return HttpResponse(
            gettext("此订阅已退订，订阅源已停止。"),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    f = Atom1Feed(
        title=gettext("政策北斗：我的政策推送"),
        link=request.build_absolute_uri("/"),
        description="",
        feed_guid=request.build_absolute_uri(reverse("finder:finder")),
    )
    for item in subscription_matches(sub.criteria, limit=50):
        d = item.document
        url = request.build_absolute_uri(reverse("documents:detail", args=[d.pk]))
        f.add_item(
            title=item.title,
            link=url,
            description=_entry_html(item, request.build_absolute_uri("/").rstrip("/")),
            pubdate=timezone.make_aware(
                datetime.datetime.combine(d.published_on, datetime.time.min)
            )
            if d.published_on
            else None,
            unique_id=url,
        )
    return HttpResponse(f.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


@require_http_methods(["GET", "POST"])
def relay(request: HttpRequest, token: str, document_id: int) -> HttpResponse:
    found = (
        Relay.objects.filter(partner__token=token[:64], document_id=document_id)
        .select_related("partner", "document__live")
        .first()
    )
    if found is None:
        raise Http404("链接无效")
    problems: list[str] = []
    if request.method == "POST":
        raw = request.POST.get("reached", "").strip()
        try:
            found = relay_confirm(
                token=token, document_id=document_id, reached=int(raw) if raw.isdigit() else -1
            )
        except ValidationFailed as exc:
            problems = exc.problems
    return render(request, "finder/relay.html", {"relay": found, "problems": problems})


def document_block(document: Document, request: HttpRequest) -> str:
    """documents.blocks: a policy's tags on its page, each a chip that opens 政策北斗 with that
    answer (shown publicly and browsable, in the active language)."""
    from django.template.loader import render_to_string

    from gongkai.finder.models import PolicyTagging
    from gongkai.finder.selectors import tags_of

    tags = tags_of([document.pk]).get(document.pk)
    if not tags:
        return ""
    chips = [
        (g.label_text, g.key, v, text)
        for g in groups()
        for v, text in g.choices
        if v in tags.get(g.key, ())
    ]
    inherited = not PolicyTagging.objects.filter(document=document).exists()
    return render_to_string(
        "finder/_document_tags.html",
        {"chips": chips, "inherited": inherited},
        request=request,
    )
