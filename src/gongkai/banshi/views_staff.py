"""Staff pages of 办事服务: the service items of one's units, the edit page (version-checked)
with each material's blank form (upload, replace, remove) and 撤下. Thin: the rules are in
services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.banshi import selectors, services
from gongkai.banshi.models import ListKind, ServiceItem
from gongkai.core.errors import ConflictError, ValidationFailed
from gongkai.core.views import staff_view
from gongkai.org.access import Perm
from gongkai.org.models import User

FIELDS = [f for f in services.HEADERS.values() if f not in ("code", "materials")]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _item(request: HttpRequest, code: str) -> ServiceItem:
    item = selectors.item_for_staff(_user(request), code)
    if item is None:
        raise Http404("该事项不存在，或不在您的权限范围内")
    return item


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # refused as a conflict: the page was not the edit page


def materials_text(item: ServiceItem) -> str:
    """The materials as the edit box and the import file write them."""
    lines = []
    for n, m in enumerate(item.materials, 1):
        line = f"{n}. {m['name']}" + (f"（{m['note']}）" if m.get("note") else "")
        lines.append(line + (f"|{m['form_url']}" if m.get("form_url") else ""))
    return "\n".join(lines)


@staff_view(Perm.HANDLE)
def item_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "banshi/staff/list.html",
        {"items": selectors.items_for_staff(_user(request))[:500]},
    )


def _edit_context(item: ServiceItem, data: Any = None) -> dict[str, Any]:
    if data is not None:
        values = {f: data.get(f, "") for f in FIELDS}
        values["materials"] = data.get("materials", "")
    else:
        values = {f: getattr(item, f) for f in FIELDS}
        values["materials"] = materials_text(item)
    forms = {f.material: f for f in item.blank_forms.all()}
    return {
        "item": item,
        "values": values,
        "kinds": ListKind.values,
        "materials": [{**m, "blank": forms.get(m["name"])} for m in item.materials],
        "form_types": "、".join(services.FORM_TYPES.values()),
        "max_form_mb": services.MAX_FORM_BYTES // (1024 * 1024),
    }


@staff_view(Perm.HANDLE)
def item_edit(request: HttpRequest, code: str) -> HttpResponse:
    item = _item(request, code)
    if request.method == "POST":
        raw = {f: request.POST.get(f, "") for f in FIELDS}
        raw["materials"] = request.POST.get("materials", "")
        raw["code"] = item.code
        try:
            services.service_save(
                actor=_user(request), unit=item.unit, raw=raw, version=_version(request)
            )
        except (ValidationFailed, ConflictError) as exc:
            ctx = _edit_context(item, request.POST)
            ctx["errors"] = getattr(exc, "problems", [exc.message])
            ctx["conflict"] = isinstance(exc, ConflictError)
            return render(
                request, "banshi/staff/edit.html", ctx, status=409 if ctx["conflict"] else 400
            )
        messages.success(request, "已保存。")
        return redirect("banshi_staff:edit", item.code)
    return render(request, "banshi/staff/edit.html", _edit_context(item))


@require_POST
@staff_view(Perm.HANDLE)
def item_form(request: HttpRequest, code: str) -> HttpResponse:
    """Upload, replace or remove one material's blank form."""
    item = _item(request, code)
    material = request.POST.get("material", "")
    try:
        if request.POST.get("action") == "remove":
            services.blank_form_remove(
                actor=_user(request), item=item, material=material, version=_version(request)
            )
            messages.success(request, f"已删除材料“{material}”的空白表格。")
        else:
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationFailed([f"请为材料“{material}”选择要上传的空白表格文件"])
            services.blank_form_set(
                actor=_user(request),
                item=item,
                material=material,
                name=upload.name or "",
                data=upload.read(services.MAX_FORM_BYTES + 1),
                version=_version(request),
            )
            messages.success(request, f"已上传材料“{material}”的空白表格。")
    except (ValidationFailed, ConflictError) as exc:
        messages.error(request, exc.message)
    return redirect("banshi_staff:edit", item.code)


@require_POST
@staff_view(Perm.HANDLE)
def item_withdraw(request: HttpRequest, code: str) -> HttpResponse:
    item = _item(request, code)
    try:
        services.service_withdraw(actor=_user(request), item=item, version=_version(request))
    except (ValidationFailed, ConflictError) as exc:
        messages.error(request, exc.message)
        return redirect("banshi_staff:edit", item.code)
    messages.success(request, f"已撤下事项“{item.name}”：办事指南不再公开。")
    return redirect("banshi_staff:list")
