"""Staff pages: the FAQ list of the units in scope, create, edit (version-checked), the steps
(submit, publish, retire). Thin: the rules are in services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core.errors import AccessDenied, ConflictError, ValidationFailed
from gongkai.core.privacy import highlight_personal_data
from gongkai.core.views import staff_view
from gongkai.faq import selectors, services
from gongkai.faq.models import TRANSITIONS, FaqEntry, FaqState
from gongkai.org.access import Perm, can, units_visible_to
from gongkai.org.models import Unit, User

PAGE_SIZE = 100
FIELDS = ("question", "answer", "keywords", "topic", "valid_from", "valid_until")


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _doc_ids(raw: str) -> list[str]:
    for sep in ("，", ",", "、", ";", "；"):
        raw = raw.replace(sep, " ")
    return [x for x in raw.split() if x]


@staff_view(Perm.HANDLE)
def entry_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    qs = selectors.entries_visible_to(user)
    state = request.GET.get("state", "")
    if state in FaqState.values:
        qs = qs.filter(state=state)
    flag = request.GET.get("flag") == "1"
    if flag:
        qs = qs.filter(needs_review=True)
    return render(
        request,
        "faq/staff/list.html",
        {
            "entries": qs[:PAGE_SIZE],
            "states": FaqState.choices,
            "state": state,
            "flag": flag,
        },
    )


def _form_context(user: User, entry: FaqEntry | None, data: Any = None) -> dict[str, Any]:
    units = units_visible_to(user, Perm.HANDLE)
    values: dict[str, Any] = {}
    if data is not None:
        values = {f: data.get(f, "") for f in FIELDS}
        values["documents"] = data.get("documents", "")
        values["unit"] = data.get("unit", "")
    elif entry is not None:
        values = {f: getattr(entry, f) or "" for f in FIELDS}
        values["valid_from"] = entry.valid_from.isoformat() if entry.valid_from else ""
        values["valid_until"] = entry.valid_until.isoformat() if entry.valid_until else ""
        values["documents"] = " ".join(
            str(pk) for pk in entry.documents.values_list("pk", flat=True)
        )
    ctx: dict[str, Any] = {"entry": entry, "values": values, "units": units}
    if entry is not None:
        ctx["steps"] = [
            FaqState(s)
            for s in sorted(TRANSITIONS[entry.state])
            if can(user, services._STEP_PERM[FaqState(s)], entry.unit)
        ]
        ctx["linked"] = list(entry.documents.all())
        ctx["marked_answer"] = highlight_personal_data(entry.answer)
    return ctx


@staff_view(Perm.HANDLE)
def entry_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    ctx = _form_context(user, None, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        unit = Unit.objects.filter(pk=request.POST.get("unit") or 0).first() or user.unit
        try:
            if unit is None:
                raise ValidationFailed(["请选择负责机构。"])
            e = services.faq_create(
                actor=user,
                unit=unit,
                values=request.POST,
                documents=_doc_ids(request.POST.get("documents", "")),
            )
        except (ValidationFailed, AccessDenied) as exc:
            ctx["errors"] = getattr(exc, "problems", [exc.message])
            return render(request, "faq/staff/form.html", ctx, status=400)
        messages.success(request, "已保存为草稿。")
        return redirect("faq_staff:edit", e.pk)
    return render(request, "faq/staff/form.html", ctx)


@staff_view(Perm.HANDLE)
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.entry_for_staff(user, pk)
    if entry is None:
        raise Http404("该常见问题不存在或不在您的权限范围内")
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", "0"))
            entry = services.faq_update(
                actor=user,
                entry_id=entry.pk,
                version=version,
                values=request.POST,
                documents=_doc_ids(request.POST.get("documents", "")),
            )
        except (ValidationFailed, ConflictError) as exc:
            ctx = _form_context(user, entry, request.POST)
            ctx["errors"] = getattr(exc, "problems", [exc.message])
            ctx["conflict"] = isinstance(exc, ConflictError)
            return render(
                request, "faq/staff/form.html", ctx, status=409 if ctx["conflict"] else 400
            )
        except ValueError:
            raise Http404("版本号不正确") from None
        messages.success(request, "已保存。")
        return redirect("faq_staff:edit", entry.pk)
    return render(request, "faq/staff/form.html", _form_context(user, entry))


@require_POST
@staff_view(Perm.HANDLE)
def entry_step(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.entry_for_staff(user, pk)
    if entry is None:
        raise Http404("该常见问题不存在或不在您的权限范围内")
    try:
        version = int(request.POST.get("version", "0"))
    except ValueError:
        version = -1
    try:
        entry = services.faq_transition(
            actor=user, entry_id=entry.pk, version=version, to=request.POST.get("to", "")
        )
    except (ValidationFailed, ConflictError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已改为“{entry.get_state_display()}”。")
    return redirect("faq_staff:edit", pk)
