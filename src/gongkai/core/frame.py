"""The public page frame (core/base.html), rendered once per language and display preference.

The frame of a public page (header, display and language switches, navigation, footer) is the
same for every request in one language with one set of display preferences (适老化 text size
and contrast); only four things differ: the page title, the content, the CSRF token of the two
small forms and the address they return to. On a hot page such as the search results
(bench/search_load.py) the template language spent about a millisecond per request rebuilding
that frame. ``render_framed`` renders it once per key with markers in those four places,
keeps the pieces in memory and joins them with the request's values, escaped exactly as the
template escapes them.

The result is the page ``core/frame.html`` would render (tests compare the two byte for byte,
in every language and preference). Whenever a request carries something the cached frame cannot
show (queued messages), the page is rendered by the template as usual.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from gongkai.core.prefs import display_prefs

FRAME_TEMPLATE = "core/frame.html"
# Markers cannot occur in a rendered page: NUL is not valid in HTML text and every value the
# template prints passes through autoescaping, which leaves NUL alone, so a marker can only
# come from here.
_TITLE, _CONTENT, _CSRF, _PATH = (f"\x00gongkai-frame-{n}\x00" for n in range(4))
_SLOTS = {_TITLE: "title", _CONTENT: "content", _CSRF: "csrf", _PATH: "path"}
_MAX_FRAMES = 64  # languages × display preferences × site names: a dozen in practice

_frames: dict[tuple[Any, ...], list[tuple[str, str | None]]] = {}
_lock = threading.Lock()


class _MarkerRequest:
    """Stands in for ``request`` in the template while the frame is rendered: the address the
    switches return to becomes a marker. Anything else the template asked of the request
    would fail loudly here (tests render every public variant)."""

    def get_full_path(self) -> str:
        return _PATH


def _split(page: str) -> list[tuple[str, str | None]]:
    """The frame as (literal text, slot after it) pairs."""
    pieces: list[tuple[str, str | None]] = []
    rest = page
    while True:
        at = [(rest.find(m), m) for m in _SLOTS if m in rest]
        if not at:
            pieces.append((rest, None))
            return pieces
        i, marker = min(at)
        pieces.append((rest[:i], _SLOTS[marker]))
        rest = rest[i + len(marker) :]


def _frame(request: HttpRequest) -> list[tuple[str, str | None]]:
    prefs = display_prefs(request)
    key = (get_language(), prefs, settings.GONGKAI_SITE_NAME)
    pieces = _frames.get(key)
    if pieces is None:
        page = render_to_string(
            FRAME_TEMPLATE,
            {
                "frame_title": _TITLE,
                "frame_content": mark_safe(_CONTENT),  # noqa: S308 — a fixed marker
                "csrf_token": _CSRF,
                "request": _MarkerRequest(),
            },
            request,
        )
        pieces = _split(page)
        with _lock:
            if len(_frames) >= _MAX_FRAMES:
                _frames.clear()
            _frames[key] = pieces
    return pieces


def render_framed(request: HttpRequest, *, title: str, content: str) -> HttpResponse:
    """The page ``core/frame.html`` renders for ``title`` (plain text, escaped here) and
    ``content`` (HTML, already safe)."""
    if len(get_messages(request)):  # messages to show: the frame has no place for them
        html = render_to_string(
            FRAME_TEMPLATE,
            {"frame_title": title, "frame_content": mark_safe(content)},  # noqa: S308 — safe by contract
            request,
        )
        return HttpResponse(html)
    values = {
        "title": escape(title),
        "content": content,
        "csrf": escape(get_token(request)),
        "path": escape(request.get_full_path()),
    }
    out = []
    for text, slot in _frame(request):
        out.append(text)
        if slot is not None:
            out.append(values[slot])
    return HttpResponse("".join(out))
