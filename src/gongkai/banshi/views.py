"""Public pages of 办事服务: the lists, each item's 办事指南, the 一件事 guides, and the 办 block on
a document that names a service."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

from gongkai.banshi.models import BlankForm, ListKind, ServiceItem
from gongkai.banshi.selectors import one_things, service_items, services_named_by
from gongkai.documents.selectors import public_documents

# the list kinds (ListKind) as shown on English pages: `{% translate i.list_kind %}`
LIST_KIND_MSGIDS = (gettext_noop("权责清单"), gettext_noop("公共服务事项"))
# the 事项类型 of the 权责清单 (the ten kinds of administrative power) and of public services, as
# shown on English pages: `{% kind_text item.kind %}`; a unit's own kind reads as written
KIND_MSGIDS = (
    gettext_noop("行政许可"),
    gettext_noop("行政处罚"),
    gettext_noop("行政强制"),
    gettext_noop("行政征收"),
    gettext_noop("行政给付"),
    gettext_noop("行政检查"),
    gettext_noop("行政确认"),
    gettext_noop("行政奖励"),
    gettext_noop("行政裁决"),
    gettext_noop("其他行政权力"),
    gettext_noop("公共服务"),
)


def _materials(item: ServiceItem, forms: dict[str, BlankForm]) -> list[dict[str, Any]]:
    """The item's materials, each with its uploaded blank form (``blank``) when there is one."""
    return [{**m, "blank": forms.get(m["name"])} for m in item.materials]


def _forms_of(items: list[ServiceItem]) -> dict[str, dict[str, BlankForm]]:
    out: dict[str, dict[str, BlankForm]] = {i.code: {} for i in items}
    for f in BlankForm.objects.filter(service__in=items).select_related("service"):
        out[f.service.code][f.material] = f
    return out


def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("list", "")
    q = request.GET.get("q", "").strip()[:50]
    items = service_items()
    if kind in ListKind.values:
        items = items.filter(list_kind=kind)
    if q:
        items = items.filter(name__contains=q)
    return render(
        request,
        "banshi/index.html",
        {
            "items": items[:500],
            "kinds": ListKind.values,
            "kind": kind,
            "q": q,
            "things": one_things(),
        },
    )


def guide(request: HttpRequest, code: str) -> HttpResponse:
    item = service_items().filter(code=code[:64]).first()
    if item is None:
        raise Http404("没有这个办事事项")
    return render(
        request,
        "banshi/guide.html",
        {
            "item": item,
            "materials": _materials(item, _forms_of([item])[item.code]),
            # only published documents: a draft that names the service stays unseen
            "documents": item.documents.filter(
                document__in=public_documents().values("pk")
            ).select_related("document__live"),
        },
    )


def one_thing(request: HttpRequest, pk: int) -> HttpResponse:
    thing = one_things().filter(pk=pk).first()
    if thing is None:
        raise Http404("没有这个“一件事”")
    by_code = {i.code: i for i in service_items().filter(code__in=thing.items)}
    steps = [by_code[c] for c in thing.items if c in by_code]  # in the order saved
    return render(
        request,
        "banshi/one_thing.html",
        {"thing": thing, "steps": steps, "materials": combined_materials(steps)},
    )


def combined_materials(steps: list[ServiceItem]) -> list[dict[str, Any]]:
    """一表申请: every material the steps ask for, each once (by name, in the order first
    needed), with the steps (numbered as shown) that need it and a blank form: the first
    uploaded one, else the first external form address."""
    forms = _forms_of(steps)
    out: dict[str, dict[str, Any]] = {}
    for n, step in enumerate(steps, 1):
        for m in _materials(step, forms[step.code]):
            entry = out.setdefault(
                m["name"], {"name": m["name"], "notes": [], "steps": [], "blank": None, "url": ""}
            )
            if m.get("note") and m["note"] not in entry["notes"]:
                entry["notes"].append(m["note"])
            entry["steps"].append((n, step))
            if entry["blank"] is None and m["blank"] is not None:
                entry["blank"] = m["blank"]
            if not entry["url"] and m.get("form_url"):
                entry["url"] = m["form_url"]
    return list(out.values())


def blank_form(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A material's blank form, downloaded under its own file name and type."""
    form = (
        BlankForm.objects.filter(pk=pk, service__code=code[:64]).select_related("service").first()
    )
    if form is None:
        raise Http404("没有这份空白表格")
    return FileResponse(
        form.file.open("rb"), as_attachment=True, filename=form.name, content_type=form.content_type
    )


def document_block(document: object, request: HttpRequest) -> str:
    """documents.blocks: the services a document names, each with the 办 icon."""
    services = services_named_by([document.pk]).get(document.pk, [])  # type: ignore[attr-defined]
    if not services:
        return ""
    return render_to_string("banshi/_document_block.html", {"services": services}, request=request)


def _ban_links(doc_ids: list[int]) -> dict[int, str]:
    """办 after the title of each document that names a service, linking to the (first)
    service's guide (阅后即办, seed 002 row 15), as HTML per document id."""
    out: dict[int, str] = {}
    for pk, services in services_named_by(doc_ids).items():
        s = services[0]
        out[pk] = format_html(
            # the service's (Chinese) name says so: lang="zh-CN" (WCAG 2.1 SC 3.1.2)
            '<a class="ban" href="{}">{}<span class="visually-hidden">：'
            '<span lang="zh-CN">{}</span></span></a>',
            reverse("banshi:guide", args=[s.code]),
            gettext("办"),
            s.name,
        )
    return out


def title_badge(documents: list[Any]) -> dict[int, str]:
    """documents.blocks title badge: 办 in the public document lists."""
    return _ban_links([d.pk for d in documents])


def result_badge(hits: list[Any]) -> dict[str, str]:
    """search.badges result badge: 办 after a search result's title (the same link)."""
    from gongkai.search.badges import document_pks

    pks = document_pks(hits)
    if not pks:
        return {}
    links = _ban_links(sorted(set(pks.values())))
    return {hit_id: links[pk] for hit_id, pk in pks.items() if pk in links}
