"""Highlighted snippets: the window of the body that covers most distinct query terms.

The snippet is HTML: the text is escaped and every match is wrapped in ``<mark>``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from html import escape

import numpy as np

from gongkai.search import analysis, kernel

WIDTH = 96
MAX_SPANS = 2000  # matches looked at per body
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
        while start != -1 and len(spans) < MAX_SPANS:
            spans.append((start, start + len(term), term))
            start = text.find(term, start + 1)
    spans.sort()
    return spans


_LUT: np.ndarray | None = None


def _lut() -> np.ndarray:
    """_TABLE for every UTF-16 code unit at once, as an array (built on first use, about
    0.1 s: the gunicorn master builds it before the workers fork)."""
    global _LUT
    if _LUT is None:
        lut = np.arange(0x10000, dtype=np.uint16)
        for code in range(0x10000):
            if not 0xD800 <= code < 0xE000:
                mapped = ord(_TABLE[code])
                # seven compatibility ideographs (U+FA6C …) map outside the BMP: to a lone
                # surrogate here, which equals no unit of a term (terms with a character
                # outside the BMP, or a lone surrogate, take the Python path)
                lut[code] = mapped if mapped < 0x10000 else 0xD800
        _LUT = lut
    return _LUT


@lru_cache(maxsize=256)
def _compiled_terms(terms: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray] | None:
    """The useful terms for kernel.snippet_windows: their code units, one after another, and
    where each starts; None when one of them cannot take the compiled path (empty, or with a
    character outside the BMP)."""
    useful = _useful(terms)
    chars = _units("".join(useful))
    if not useful or chars is None or not all(useful):
        return None
    return chars, np.array([0, *itertools.accumulate(map(len, useful))], dtype=np.int64)


def _units(body: str) -> np.ndarray | None:
    """``body`` as UTF-16 code units, one per character; None when it holds a character
    outside the BMP (a surrogate pair would shift the positions)."""
    try:
        raw = body.encode("utf-16-le")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    if len(raw) != 2 * len(body):
        return None
    return np.frombuffer(raw, dtype=np.uint16)


def make_snippet(body: str, terms: list[str], width: int = WIDTH) -> str:
    return make_snippets([body], terms, width)[0]


def make_snippets(bodies: list[str], terms: list[str], width: int = WIDTH) -> list[str]:
    """The snippets of ``bodies`` for one query's ``terms``: on the compiled path
    (kernel.snippet_windows, all bodies in one call) when the text and the terms allow it,
    else on the Python path (_snippet_python); both give the same result."""
    bodies = [" ".join(b.split()) for b in bodies]
    prepared = _compiled_terms(tuple(terms))
    units = _units("".join(bodies)) if prepared is not None and bodies else None
    if prepared is None or units is None:
        return [_snippet_python(b, terms, width) for b in bodies]
    lo, hi, merged, merged_start = kernel.snippet_windows(
        units,
        np.array([0, *itertools.accumulate(map(len, bodies))], dtype=np.int64),
        _lut(),
        *prepared,
        width,
        MAX_SPANS,
    )
    flat, cuts = merged.tolist(), merged_start.tolist()
    out = []
    for k, (body, a, b) in enumerate(zip(bodies, lo.tolist(), hi.tolist(), strict=True)):
        if a == -2:  # more matches than MAX_SPANS: the Python path caps them in term order
            out.append(_snippet_python(body, terms, width))
        elif a == -1:
            out.append(escape(body[:width]) + ("…" if len(body) > width else ""))
        else:
            out.append(_assemble(body, a, b, flat[cuts[k] : cuts[k + 1]]))
    return out


def _assemble(body: str, lo: int, hi: int, flat: list[int]) -> str:
    # most windows of Chinese text hold nothing to escape: then the pieces need no escaping
    esc = escape if _SPECIAL.search(body, lo, hi) else str
    out = ["…"] if lo > 0 else []
    pos = lo
    for x in range(0, len(flat), 2):
        a, b = flat[x], flat[x + 1]
        out.append(esc(body[pos:a]))
        out.append(f"<mark>{esc(body[a:b])}</mark>")
        pos = b
    out.append(esc(body[pos:hi]))
    if hi < len(body):
        out.append("…")
    return "".join(out)


def _snippet_python(body: str, terms: list[str], width: int = WIDTH) -> str:
    """The snippet of a whitespace-collapsed ``body``, in Python (the reference)."""
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
    merged: list[int] = []
    for a, b, _ in spans:
        if a < lo or b > hi:
            continue
        if merged and a <= merged[-1]:
            merged[-1] = max(merged[-1], b)
        else:
            merged.extend((a, b))
    return _assemble(body, lo, hi, merged)
