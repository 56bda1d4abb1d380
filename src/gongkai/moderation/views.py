"""The moderators' queue: every item waiting for a decision, with its personal data marked."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.privacy import highlight_personal_data
from gongkai.core.views import staff_view
from gongkai.moderation.models import ModerationState, RejectReason
from gongkai.moderation.registry import moderation_kind, moderation_kinds
from gongkai.moderation.selectors import moderation_items_visible_to, moderation_pending_for
from gongkai.moderation.services import _names, moderation_decide, moderation_preview
from gongkai.org.access import Perm
from gongkai.org.models import User

PAGE_SIZE = 50


@staff_view(Perm.MODERATE)
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    kinds = moderation_kinds()
    kind = request.GET.get("kind", "")
    if kind and kind not in {k.name for k in kinds}:
        kind = ""
    pending = list(moderation_pending_for(user, kind)[:PAGE_SIZE])
    rows = []
    for item in pending:
        k = moderation_kind(item.kind)
        rows.append(
            {
                "item": item,
                "kind": k,
                "marked": highlight_personal_data(item.text, names=_names(item)),
                "preview": moderation_preview(item),
                "url": k.url(item) if k.url else "",
            }
        )
    recent = (
        moderation_items_visible_to(user)
        .exclude(state=ModerationState.PENDING)
        .order_by("-decided_at")[:20]
    )
    return render(
        request,
        "moderation/queue.html",
        {
            "rows": rows,
            "kinds": kinds,
            "kind": kind,
            "recent": recent,
            "reasons": RejectReason.choices,
        },
    )


@require_POST
@staff_view(Perm.MODERATE)
def decide(request: HttpRequest, item_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not moderation_items_visible_to(user).filter(pk=item_id).exists():
        raise Http404("没有这个待审核条目，或不在您的管理范围内")
    decision = request.POST.get("decision", "")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        item = moderation_decide(
            actor=user,
            item_id=item_id,
            decision=decision,
            version=version,
            reason=request.POST.get("reason", ""),
            reason_text=request.POST.get("reason_text", ""),
            text=request.POST.get("text"),
        )
    except (ConflictError, ValidationFailed) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已处理：“{item.title or item.kind}” {item.get_state_display()}。"
        )
    kind = request.POST.get("kind", "")
    target = reverse("moderation:queue")
    if kind in {k.name for k in moderation_kinds()}:
        target += "?" + urlencode({"kind": kind})
    return redirect(target)
