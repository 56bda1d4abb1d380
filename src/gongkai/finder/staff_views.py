"""Workbench: policy tags of the unit's policies, relay partners and the push statistics."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.core.errors import DomainError, ValidationFailed
from gongkai.core.views import staff_view
from gongkai.documents.selectors import document_for_staff, documents_visible_to
from gongkai.finder.models import Delivery, Partner, PolicyTagging, Relay
from gongkai.finder.policy import is_policy, policy_q
from gongkai.finder.selectors import inherited_tags, tags_of
from gongkai.finder.services import partner_register, tags_set
from gongkai.finder.vocab import groups
from gongkai.org.access import Perm, units_visible_to
from gongkai.org.models import User


@staff_view(Perm.HANDLE)
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    units = list(units_visible_to(user, Perm.HANDLE).order_by("code"))
    problems: list[str] = []
    if request.method == "POST" and units:
        unit = next((u for u in units if u.code == request.POST.get("unit")), units[0])
        try:
            partner_register(
                actor=user,
                unit=unit,
                name=request.POST.get("name", ""),
                kind=request.POST.get("kind", ""),
                email=request.POST.get("email", ""),
                criteria={g.key: request.POST.getlist(g.key) for g in groups()},
            )
        except (ValidationFailed, DomainError) as exc:
            problems = getattr(exc, "problems", None) or [exc.message]
        else:
            messages.success(request, "已登记接力单位。")
            return redirect("finder_staff:home")
    docs = list(
        documents_visible_to(user)
        .filter(policy_q() | Q(is_interpretation=True))
        .order_by("-pk")[:100]
    )
    own = set(PolicyTagging.objects.filter(document__in=docs).values_list("document_id", flat=True))
    carried = tags_of([d.pk for d in docs])  # an interpretation carries its policy's tags
    partners = (
        Partner.objects.filter(unit__in=units)
        .annotate(n=Count("relays"), reached=Sum("relays__reached"))
        .order_by("name")
    )
    pushes = (
        Delivery.objects.filter(document__unit__in=units)
        .values("document_id", "document__title")
        .annotate(n=Count("id"))
        .order_by("-n")[:20]
    )
    relays = Relay.objects.filter(partner__unit__in=units)
    per_policy = (
        relays.values("document_id", "document__title")
        .annotate(
            n=Count("id"),
            confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
            reached=Sum("reached"),
        )
        .order_by("-n", "document_id")[:50]
    )
    return render(
        request,
        "finder/staff_home.html",
        {
            "docs": [
                (d, "own" if d.pk in own else "inherited" if d.pk in carried else "") for d in docs
            ],
            "relays_per_policy": per_policy,
            "partners": partners,
            "pushes": pushes,
            "relays_confirmed": relays.exclude(confirmed_at=None).count(),
            "relays_total": relays.count(),
            "groups": groups(),
            "units": units,
            "problems": problems,
        },
    )


@staff_view(Perm.HANDLE)
def tags(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    doc = document_for_staff(user, pk)
    if doc is None:
        raise Http404("没有这份文件，或不在您的管理范围内")
    current: dict[str, list[str]] = {}
    for g, v in PolicyTagging.objects.filter(document=doc).values_list("group", "value"):
        current.setdefault(g, []).append(v)
    inherited = False
    if not current:  # an interpretation starts from its policy's tags
        current = inherited_tags(doc)
        inherited = bool(current)
    problems: list[str] = []
    if request.method == "POST":
        try:
            tags_set(
                actor=user,
                document=doc,
                tags={g.key: request.POST.getlist(g.key) for g in groups()},
            )
        except (ValidationFailed, DomainError) as exc:
            problems = getattr(exc, "problems", None) or [exc.message]
        else:
            messages.success(request, "已保存政策标签。")
            return redirect("finder_staff:tags", doc.pk)
    return render(
        request,
        "finder/staff_tags.html",
        {
            "doc": doc,
            "groups": groups(),
            "current": current,
            "inherited": inherited,
            "policy": is_policy(doc),
            "problems": problems,
        },
    )
