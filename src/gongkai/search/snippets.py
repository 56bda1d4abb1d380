"""Highlighted snippets: the window of the body that covers most distinct query terms.

The snippet is HTML: the text is escaped and every match is wrapped in ``<mark>``.
"""

from __future__ import annotations

from html import escape

from gongkai.search import analysis

WIDTH = 96


def _normalised(body: str) -> str:
    """Normalise character by character so positions still line up with ``body``."""
    out = []
    for ch in body:
        n = analysis.normalize(ch)
        out.append(n if len(n) == 1 else ch.lower())
    return "".join(out)


def match_spans(body: str, terms: list[str]) -> list[tuple[int, int, str]]:
    text = _normalised(body)
    useful = sorted({t for t in terms if len(t) >= 2}, key=len, reverse=True)
    if not useful:
        useful = sorted(set(terms))
    spans: list[tuple[int, int, str]] = []
    for term in useful:
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
    best, best_cover = 0, -1
    for s, _, _ in spans:
        lo = max(0, s - 12)
        cover = len({t for a, b, t in spans if a >= lo and b <= lo + width})
        if cover > best_cover:
            best, best_cover = lo, cover
    lo, hi = best, min(len(body), best + width)
    merged: list[list[int]] = []
    for a, b, _ in spans:
        if a < lo or b > hi:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out = ["…"] if lo > 0 else []
    pos = lo
    for a, b in merged:
        out.append(escape(body[pos:a]))
        out.append(f"<mark>{escape(body[a:b])}</mark>")
        pos = b
    out.append(escape(body[pos:hi]))
    if hi < len(body):
        out.append("…")
    return "".join(out)
