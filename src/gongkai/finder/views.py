"""Public pages of 政策北斗: the finder, the 惠企政策清单, subscriptions (double opt-in, one-click
unsubscribe, a private feed), and the relay partners' confirmation page."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongkai.banshi.models import ServiceItem
from gongkai.core import ratelimit
from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.middleware import client_ip
from gongkai.documents.models import Document
from gongkai.finder.models import Delivery, Relay, Subscriber
from gongkai.finder.selectors import match
from gongkai.finder.services import (
    clean_criteria,
    relay_confirm,
    subscribe,
    subscription_confirm,
    unsubscribe,
)
from gongkai.finder.vocab import groups, value_text

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
                subscribed = subscribe(email=email, criteria=criteria)
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


def _subscriber(token: str) -> Subscriber:
    sub = Subscriber.objects.filter(token=token[:64]).first()
    if sub is None:
        raise Http404("链接无效或已过期")
    return sub


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sub = subscription_confirm(token=token)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return render(
        request, "finder/manage.html", {"sub": sub, "just_confirmed": True, **_manage(sub)}
    )


def _manage(sub: Subscriber) -> dict[str, object]:
    labels = {g.key: g.label_text for g in groups()}
    return {
        "criteria": [
            (labels.get(k, k), gettext("、").join(value_text(x) for x in v))
            for k, v in sub.criteria.items()
        ],
        "deliveries": Delivery.objects.filter(subscriber=sub)
        .select_related("document__live")
        .order_by("-sent_at")[:100],
    }


def manage(request: HttpRequest, token: str) -> HttpResponse:
    sub = _subscriber(token)
    return render(request, "finder/manage.html", {"sub": sub, **_manage(sub)})


@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    sub = _subscriber(token)
    if request.method == "POST":
        sub = unsubscribe(token=token)
    return render(request, "finder/unsubscribe.html", {"sub": sub})


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A private Atom feed of the subscriber's matching policies (the address is the secret)."""
    sub = _subscriber(token)
    f = Atom1Feed(
        title="政策北斗：我的政策推送", link=request.build_absolute_uri("/"), description=""
    )
    for m in match(sub.criteria, limit=50):
        d = m.document
        f.add_item(
            title=d.live.title if d.live else d.title,
            link=request.build_absolute_uri(f"/xxgk/documents/{d.pk}/"),
            description="；".join(m.reasons),
            pubdate=timezone.make_aware(
                datetime.datetime.combine(d.published_on, datetime.time.min)
            )
            if d.published_on
            else None,
            unique_id=f"doc-{d.pk}",
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
