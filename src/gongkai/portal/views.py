"""Public pages. They read only public information, through selectors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gongkai.core.prefs import CONTRAST_COOKIE, TEXT_SIZE_COOKIE, TEXT_SIZES
from gongkai.core.redirects import safe_next
from gongkai.org.selectors import root_units
from gongkai.portal.column import COLUMN_ENTRIES, COLUMN_TITLE, ENTRIES_BY_SLUG, ENTRY_VIEWS
from gongkai.portal.forms import DeadlineForm
from gongkai.portal.selectors import guides
from gongkai.workdays.deadlines import reply_deadlines

PREF_MAX_AGE = 365 * 24 * 3600


def home(request: HttpRequest) -> HttpResponse:
    from gongkai.documents.selectors import latest_public

    return render(
        request,
        "portal/home.html",
        {
            "column_title": COLUMN_TITLE,
            "entries": COLUMN_ENTRIES,
            "units": root_units(),
            "latest": latest_public(8),
        },
    )


def column_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/column.html", {"column_title": COLUMN_TITLE, "entries": COLUMN_ENTRIES}
    )


def column_entry(request: HttpRequest, slug: str) -> HttpResponse:
    entry = ENTRIES_BY_SLUG.get(slug)
    if entry is None:
        raise Http404("没有这个栏目")
    if slug in ENTRY_VIEWS:  # the module owning the entry renders it
        return ENTRY_VIEWS[slug](request)
    return render(
        request,
        "portal/entry.html",
        {"column_title": COLUMN_TITLE, "entry": entry, "units": root_units()},
    )


def guide_page(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南: the chosen unit's guide text with its update date, and the disclosure
    office's contact details read from the unit (条例 Art. 12)."""
    available = list(guides())
    chosen = request.GET.get("unit", "")
    guide = next((g for g in available if g.unit.code == chosen), None)
    if guide is None and available:
        roots = {u.pk for u in root_units()}
        guide = next((g for g in available if g.unit_id in roots), available[0])
    unit = guide.unit if guide else root_units().first()
    return render(
        request,
        "portal/guide.html",
        {
            "column_title": COLUMN_TITLE,
            "entry": ENTRIES_BY_SLUG["guide"],
            "guide": guide,
            "unit": unit,
            "available": available,
        },
    )


def deadline_calculator(request: HttpRequest) -> HttpResponse:
    form = DeadlineForm(request.GET or None)
    result = None
    error = ""
    if form.is_bound and form.is_valid():
        try:
            result = reply_deadlines(received=form.cleaned_data["received"], pauses=form.pauses())
        except ValueError as exc:
            error = str(exc)
    template = (
        "workbench/deadline.html"
        if request.resolver_match and request.resolver_match.namespace == "workbench"
        else "portal/deadline.html"
    )
    return render(request, template, {"form": form, "result": result, "error": error})


@require_POST
def set_prefs(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(safe_next(request, "/"))
    text = request.POST.get("text")
    if text in TEXT_SIZES:
        response.set_cookie(TEXT_SIZE_COOKIE, text, max_age=PREF_MAX_AGE, samesite="Lax")
    contrast = request.POST.get("contrast")
    if contrast in ("on", "off"):
        response.set_cookie(CONTRAST_COOKIE, contrast, max_age=PREF_MAX_AGE, samesite="Lax")
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
