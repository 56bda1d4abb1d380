"""Public pages of 办事服务: the lists, each item's 办事指南, the 一件事 guides, and the 办 block on
a document that names a service."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop

from gongkai.banshi.models import ListKind
from gongkai.banshi.selectors import one_things, service_items, services_named_by
from gongkai.documents.selectors import public_documents

# the list kinds (ListKind) as shown on English pages: `{% translate i.list_kind %}`
LIST_KIND_MSGIDS = (gettext_noop("权责清单"), gettext_noop("公共服务事项"))


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
    return render(
        request,
        "banshi/one_thing.html",
        {"thing": thing, "steps": [by_code[c] for c in thing.items if c in by_code]},
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
