"""Highlighted snippets: the window of the body that covers most distinct query terms.

The snippet is HTML: the text is escaped and every match is wrapped in ``<mark>``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from html import escape

from gongkai.search import analysis

WIDTH = 96
_SPECIAL = re.compile("[&<>\"']")  # what html.escape changes


class _CharTable(dict[int, str]):
    """``str.translate`` table: each character to its normalised form when that is one character
    (so positions still line up with the original text), filled as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = analysis.normalize(ch)
        if len(n) != 1:
            n = ch.lower() if len(ch.lower()) == 1 else ch
        self[code] = n
        return n


_TABLE = _CharTable()


def _normalised(body: str) -> str:
    """Normalise character by character so positions still line up with ``body``.

    Most bodies are NFKC already; then each character is its own NFKC form and lower-casing
    the whole text gives the same, much faster (C instead of a table lookup per character) —
    unless lower-casing changed the length (İ) or met the one context-dependent rule, the
    final sigma (Σ)."""
    if "Σ" not in body and unicodedata.is_normalized("NFKC", body):
        lowered = body.lower()
        if len(lowered) == len(body):
            return lowered
    return body.translate(_TABLE)


@lru_cache(maxsize=256)
def _useful(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms worth marking, longest first (the same for every hit of a query)."""
    useful = sorted({t for t in terms if len(t) >= 2}, key=len, reverse=True)
    return tuple(useful or sorted(set(terms)))


def match_spans(body: str, terms: list[str]) -> list[tuple[int, int, str]]:
    text = _normalised(body)
    spans: list[tuple[int, int, str]] = []
    for term in _useful(tuple(terms)):
        start = text.find(term)
        while start != -1 and len(spans) < 2000:
            spans.append((start, start + len(term), term))
            start = text.find(term, start + 1)
    spans.sort()
    return spans


def make_snippet(body: str, terms: list[str], width: int = WIDTH) -> str:
    body = " ".join(body.split())
    spans = match_spans(body, terms)
    if not spans:
        cut = body[:width]
        return escape(cut) + ("…" if len(body) > width else "")
    # the window (starting a little before a match) that covers the most distinct terms;
    # spans are sorted by start, so each window only looks at the spans that begin inside it
    starts = [a for a, _, _ in spans]
    best, best_cover = 0, -1
    most = len({t for _, _, t in spans})  # no window can cover more
    for s, _, _ in spans:
        lo = max(0, s - 12)
        hi = lo + width
        first = bisect_left(starts, lo)
        last = bisect_left(starts, hi, first)
        cover = len({t for a, b, t in spans[first:last] if b <= hi})
        if cover > best_cover:
            best, best_cover = lo, cover
            if cover == most:  # the first window to cover everything wins in any case
                break
    lo, hi = best, min(len(body), best + width)
    merged: list[list[int]] = []
    for a, b, _ in spans:
        if a < lo or b > hi:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    # most windows of Chinese text hold nothing to escape: then the pieces need no escaping
    esc = escape if _SPECIAL.search(body, lo, hi) else str
    out = ["…"] if lo > 0 else []
    pos = lo
    for a, b in merged:
        out.append(esc(body[pos:a]))
        out.append(f"<mark>{esc(body[a:b])}</mark>")
        pos = b
    out.append(esc(body[pos:hi]))
    if hi < len(body):
        out.append("…")
    return "".join(out)
