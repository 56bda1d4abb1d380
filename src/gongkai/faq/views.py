"""Public pages: the knowledge base by topic, one entry, the printable list and the XLSX export
for service windows. They read only through selectors.public_entries()."""

from __future__ import annotations

from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.faq import exports, selectors
from gongkai.faq.models import FaqEntry
from gongkai.org.models import Unit


def _filtered(request: HttpRequest) -> tuple[list[FaqEntry], str, Unit | None]:
    qs = selectors.public_entries().prefetch_related("documents").order_by("topic", "id")
    topic = request.GET.get("topic", "").strip()[:60]
    if topic:
        qs = qs.filter(topic=topic)
    unit = None
    code = request.GET.get("unit", "").strip()[:40]
    if code:
        unit = Unit.objects.filter(code=code).first()
        qs = qs.filter(unit=unit) if unit else qs.none()
    return list(qs), topic, unit


def _grouped(entries: list[FaqEntry]) -> list[tuple[str, list[FaqEntry]]]:
    return [(t, list(g)) for t, g in groupby(entries, key=lambda e: e.topic)]


def index(request: HttpRequest) -> HttpResponse:
    """知识库: every current entry, by topic; a topic filter and the question box."""
    entries, topic, unit = _filtered(request)
    return render(
        request,
        "faq/index.html",
        {
            "groups": _grouped(entries),
            "topics": selectors.public_topics(),
            "topic": topic,
            "unit": unit,
            "count": len(entries),
        },
    )


def entry(request: HttpRequest, pk: int) -> HttpResponse:
    e = selectors.public_entry(pk)
    if e is None:
        raise Http404("该常见问题不存在或已停用")
    return render(
        request,
        "faq/entry.html",
        {"entry": e, "documents": selectors.public_documents_of(e)},
    )


def printable(request: HttpRequest) -> HttpResponse:
    """The current list as a page for printing at a service window."""
    entries, topic, unit = _filtered(request)
    return render(
        request,
        "faq/print.html",
        {
            "groups": _grouped(entries),
            "topic": topic,
            "unit": unit,
            "count": len(entries),
            "now": timezone.localtime(),
        },
    )


def export_xlsx(request: HttpRequest) -> HttpResponse:
    entries, _, _ = _filtered(request)
    resp = HttpResponse(
        exports.faq_xlsx(entries, request.build_absolute_uri("/").rstrip("/")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    resp["Content-Disposition"] = f'attachment; filename="faq-{stamp}.xlsx"'
    return resp
