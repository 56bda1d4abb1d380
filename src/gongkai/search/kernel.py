"""The search's compiled loops (numba): the scoring core — one pass over the query's postings,
one over the candidates —, and for the results page the best candidates (``best``), the facet
counts (``facet_table``, ``facet_tops``) and the snippet windows (``snippet_windows``; the rules
are snippets.py's, whose Python path stays as the reference).

Scoring a question of 20–40 characters touches some 65,000 postings of about 30 tokens and
leaves some 30,000 candidate articles (of 147,288). Written as numpy operations that took about
twenty array operations per query token and per candidate step, each with its own temporary
array; most of the 2 ms a query cost was those calls, not the arithmetic. Numba compiles the
same arithmetic to two loops (docs/decisions/0006-serving.md).

The functions reproduce the numpy formulation exactly, operation for operation and in the
same order (float32 products, float64 sums in posting order, float32 from there on), so the
scores are bit-for-bit those of the formula in engine.py's docstring; the tests compare them
with a plain numpy statement of the formula on random indexes.

Compiled code is cached on disk (``cache=True``: next to this file, or in NUMBA_CACHE_DIR),
loaded in the gunicorn master before the workers fork (engine.warm_compiled), and releases the
GIL (``nogil``), so threads can score in parallel.
"""

from __future__ import annotations

import threading

import numpy as np
from numba import njit

# which accumulator a token's postings feed: per record (body) or per group (title)
TO_RECORDS = 0
TO_GROUPS = 1

_local = threading.local()


Scratch = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def scratch(n: int) -> Scratch:
    """The work arrays of score_segment for ``n`` records, this thread's own. Fresh arrays of
    that size (1.2 MB each for the laws corpus) came from the operating system as new pages on
    every query and zeroing them cost as much as the scoring; these are zeroed once, stay in
    the processor's cache, and score_segment puts back to zero only what it touched."""
    bufs: Scratch | None = getattr(_local, "bufs", None)
    if bufs is None or len(bufs[0]) < n:
        bufs = (
            np.zeros(n, dtype=np.float64),  # acc
            np.zeros(n, dtype=np.float64),  # matched
            np.zeros(n, dtype=np.uint8),  # mark: touched
            np.zeros(n, dtype=np.int32),  # cand: candidates
        )
        _local.bufs = bufs
    acc, matched, mark, cand = bufs
    return acc[:n], matched[:n], mark[:n], cand[:n]


@njit(cache=True, nogil=True)
def score_segment(
    n: int,
    n_groups: int,
    docs: tuple[np.ndarray, ...],
    impacts: tuple[np.ndarray, ...],
    tok_field: np.ndarray,
    tok_target: np.ndarray,
    tok_start: np.ndarray,
    tok_end: np.ndarray,
    tok_weight: np.ndarray,
    tok_coord: np.ndarray,
    extra_docs: np.ndarray,
    extra_vals: np.ndarray,
    group_of: np.ndarray,
    is_whole: np.ndarray,
    has_whole: bool,
    article_title_scale: float,
    boost_code: np.ndarray,
    boost_value: np.ndarray,
    coord_total: float,
    coord_exp: float,
    use_coord: bool,
    group_vote: float,
    acc: np.ndarray,
    matched: np.ndarray,
    mark: np.ndarray,
    cand: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover — compiled; tested through engine
    """(positions ascending, float32 scores) of the matching records of one segment.

    Token k adds ``tok_weight[k] · impact`` for the postings ``tok_start[k]:tok_end[k]`` of
    field ``tok_field[k]`` to every record (``tok_target`` TO_RECORDS) or every group
    (TO_GROUPS); ``tok_coord[k] ≥ 0`` also counts it, with that value, towards the record's
    share of the query's words. ``extra_*``: synonym postings, already weighted. A record's
    title scale is 1 for a whole document (``is_whole``; ``has_whole``: any at all) and
    ``article_title_scale`` for an article; its prior is ``boost_value[boost_code[p]]``.
    ``acc``, ``matched`` (float64), ``mark`` (uint8) and ``cand`` (int32): work arrays of
    ``n`` values (see ``scratch``); the first three are all zero on entry and again on return.

    Memory is what this costs under load (the arrays are larger than the processor's cache),
    so the per-record arrays it reads are as narrow as they can be: the title scale comes
    from ``is_whole`` (one byte) instead of a float, the prior through a one-byte code, the
    group in two bytes (Segment), the candidates in four."""
    gscores = np.zeros(max(n_groups, 1), dtype=np.float32)
    for k in range(tok_start.size):
        d_arr = docs[tok_field[k]]
        i_arr = impacts[tok_field[k]]
        w = tok_weight[k]
        cv = tok_coord[k]
        if tok_target[k] == TO_GROUPS:
            for j in range(tok_start[k], tok_end[k]):
                g = d_arr[j]
                gscores[g] = gscores[g] + w * i_arr[j]
        elif cv >= 0.0:
            for j in range(tok_start[k], tok_end[k]):
                d = d_arr[j]
                acc[d] += np.float64(w * i_arr[j])
                matched[d] += cv
                mark[d] = 1
        else:
            for j in range(tok_start[k], tok_end[k]):
                d = d_arr[j]
                acc[d] += np.float64(w * i_arr[j])
                mark[d] = 1
    for j in range(extra_docs.size):
        d = extra_docs[j]
        acc[d] += np.float64(extra_vals[j])
        mark[d] = 1
    # the records touched, and whole documents whose title matched (without branches: a
    # fifth of the records match, in no predictable order); ascending
    t = 0
    if n_groups > 0 and has_whole:
        for p in range(n):
            cand[t] = p
            t += mark[p] | (is_whole[p] & (gscores[group_of[p]] > 0))
    else:
        for p in range(n):
            cand[t] = p
            t += mark[p]
    # the candidates: touched records whose body matched, and those whole documents; every
    # touched entry of the work arrays is set back to zero on the way
    pos = np.empty(t, dtype=np.int32)
    s = np.empty(t, dtype=np.float32)
    total = np.float32(coord_total)
    one = np.float32(1.0)
    exp32 = np.float32(coord_exp)
    article32 = np.float32(article_title_scale)
    count = 0
    for i in range(t):
        p = cand[i]
        a = acc[p]
        m = matched[p]
        acc[p] = 0.0
        matched[p] = 0.0
        mark[p] = 0
        if not (a > 0.0 or (n_groups > 0 and is_whole[p] and gscores[group_of[p]] > 0)):
            continue
        v = np.float32(a)
        if n_groups > 0:
            v = v + gscores[group_of[p]] * (one if is_whole[p] else article32)
        v = v * boost_value[boost_code[p]]
        if use_coord:
            share = one + np.float32(m) / total
            v = v * np.sqrt(share) if coord_exp == 0.5 else v * share**exp32
        pos[count] = p
        s[count] = v
        count += 1
    pos = pos[:count]
    s = s[:count]
    if group_vote > 0.0 and n_groups > 0 and count > 0:
        top = s.max()
        if top > 0:
            # each document's support: the sum of its articles' squared relative scores
            raw = np.zeros(n_groups, dtype=np.float64)
            for i in range(count):
                rel = s[i] / top
                raw[group_of[pos[i]]] += np.float64(rel * rel)
            vote = np.float32(group_vote)
            three = np.float32(3.0)
            factor = np.empty(n_groups, dtype=np.float32)
            for g in range(n_groups):
                factor[g] = one + vote * (np.float32(min(raw[g], 3.0)) / three)
            for i in range(count):
                s[i] = s[i] * factor[group_of[pos[i]]]
    return pos, s


@njit(cache=True, nogil=True)
def facet_table(rows: np.ndarray, pos: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """How many of the records ``pos`` carry each code of each facet, in one pass: ``rows[p]``
    holds record ``p``'s code in every facet column, facet ``f`` having ``sizes[f]`` codes.
    Returns the counts of every facet one after another (facet ``f`` from
    ``sizes[:f].sum()``)."""  # pragma: no cover — compiled; tested through engine
    n_facets = sizes.size
    offs = np.zeros(n_facets, dtype=np.int64)
    for f in range(1, n_facets):
        offs[f] = offs[f - 1] + sizes[f - 1]
    counts = np.zeros(max(sizes.sum(), 1), dtype=np.int64)
    for p in pos:
        for f in range(n_facets):
            counts[offs[f] + rows[p, f]] += 1
    return counts


@njit(cache=True, nogil=True)
def facet_tops(
    rows: np.ndarray, pos: np.ndarray, sizes: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover — compiled
    """Per facet (see facet_table), the ``k`` most frequent codes among the records ``pos``,
    leaving out code 0 (no value): the most frequent first, ties by code. Returns (codes,
    counts, start): facet ``f``'s are ``codes[start[f]:start[f + 1]]``."""
    counts = facet_table(rows, pos, sizes)
    n_facets = sizes.size
    out_codes = np.empty(n_facets * k, dtype=np.int64)
    out_counts = np.empty(n_facets * k, dtype=np.int64)
    start = np.zeros(n_facets + 1, dtype=np.int64)
    base = 0
    t = 0
    for f in range(n_facets):
        nz = np.empty(sizes[f], dtype=np.int64)
        m = 0
        for c in range(1, sizes[f]):
            if counts[base + c] > 0:
                nz[m] = c
                m += 1
        neg = np.empty(m, dtype=np.int64)
        for x in range(m):
            neg[x] = -counts[base + nz[x]]
        order = np.argsort(neg, kind="mergesort")  # stable: ties keep the code order
        for x in range(min(k, m)):
            out_codes[t] = nz[order[x]]
            out_counts[t] = -neg[order[x]]
            t += 1
        start[f + 1] = t
        base += sizes[f]
    return out_codes[:t], out_counts[:t], start


@njit(cache=True, nogil=True)
def snippet_windows(
    text: np.ndarray,
    body_start: np.ndarray,
    lut: np.ndarray,
    term_chars: np.ndarray,
    term_start: np.ndarray,
    width: int,
    max_spans: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover — compiled
    """The snippet windows of several bodies (snippets.make_snippets' rules, compiled).

    Body ``b`` is ``text[body_start[b]:body_start[b + 1]]``, as UTF-16 code units (no
    surrogates); ``lut`` maps each unit to its normalised form. Term ``k`` is
    ``term_chars[term_start[k]:term_start[k + 1]]``; ``firsts`` holds the distinct first
    characters (ascending), the terms starting with ``firsts[f]`` being
    ``by_first[first_from[f]:first_from[f + 1]]``.

    In each body every occurrence of every term is found (overlapping ones too), sorted by
    (start, end); the window is the one, starting 12 characters before a match, that covers
    most distinct terms (the first of them; one that covers all stops the search). Returns
    (lo, hi, merged, merged_start): body ``b``'s window ``lo[b]:hi[b]`` and its merged match
    ranges ``merged[merged_start[b]:merged_start[b + 1]]``, flattened (start, end, start,
    end …). ``lo[b]`` is -1 when nothing matched and -2 when more than ``max_spans``
    matches were found (the caller then takes the Python path, which caps them in term
    order)."""
    n_bodies = body_start.size - 1
    n_terms = term_start.size - 1
    # the terms grouped by first character: firsts[f] (ascending) starts the terms
    # by_first[first_from[f]:first_from[f + 1]]
    heads = np.empty(n_terms, dtype=np.int64)
    for k in range(n_terms):
        heads[k] = term_chars[term_start[k]]
    by_first = np.argsort(heads, kind="mergesort")
    firsts = np.empty(n_terms, dtype=np.int64)
    first_from = np.empty(n_terms + 1, dtype=np.int64)
    nf = 0
    for x in range(n_terms):
        c = heads[by_first[x]]
        if nf == 0 or firsts[nf - 1] != c:
            firsts[nf] = c
            first_from[nf] = x
            nf += 1
    first_from[nf] = n_terms
    cap = max_spans + 1
    s_start = np.empty(cap, dtype=np.int64)
    s_end = np.empty(cap, dtype=np.int64)
    s_term = np.empty(cap, dtype=np.int64)
    stamp = np.zeros(n_terms, dtype=np.int64)
    out_lo = np.empty(n_bodies, dtype=np.int64)
    out_hi = np.zeros(n_bodies, dtype=np.int64)
    # merged ranges are disjoint and apart: fewer than one per character of a body
    merged = np.empty(2 * (text.size + n_bodies), dtype=np.int64)
    merged_start = np.zeros(n_bodies + 1, dtype=np.int64)
    t = 0
    generation = 0  # stamp values of earlier bodies and windows are all below it
    for body in range(n_bodies):
        base = body_start[body]
        n = body_start[body + 1] - base
        norm = np.empty(n, dtype=np.uint16)
        for i in range(n):
            norm[i] = lut[text[base + i]]
        count = 0
        overflow = False
        for i in range(n):
            c = norm[i]
            lo = np.searchsorted(firsts[:nf], c)
            if lo == nf or firsts[lo] != c:
                continue
            first_count = count
            for x in range(first_from[lo], first_from[lo + 1]):
                k = by_first[x]
                a = term_start[k]
                m = term_start[k + 1] - a
                if i + m > n:
                    continue
                ok = True
                for j in range(1, m):
                    if norm[i + j] != term_chars[a + j]:
                        ok = False
                        break
                if not ok:
                    continue
                if count == cap - 1:
                    overflow = True
                    break
                # among the matches starting here (different lengths), in order of end
                e = i + m
                p = count
                while p > first_count and s_end[p - 1] > e:
                    s_start[p] = s_start[p - 1]
                    s_end[p] = s_end[p - 1]
                    s_term[p] = s_term[p - 1]
                    p -= 1
                s_start[p] = i
                s_end[p] = e
                s_term[p] = k
                count += 1
            if overflow:
                break
        merged_start[body + 1] = t
        if overflow:
            out_lo[body] = -2
            continue
        if count == 0:
            out_lo[body] = -1
            continue
        generation += 1
        most = 0
        for s in range(count):
            if stamp[s_term[s]] != generation:
                stamp[s_term[s]] = generation
                most += 1
        best = 0
        best_cover = -1
        for s in range(count):
            lo = max(0, s_start[s] - 12)
            hi = lo + width
            # the matches starting inside [lo, hi): bisect_left for both ends
            first = np.searchsorted(s_start[:count], lo)
            a = first + np.searchsorted(s_start[first:count], hi)
            generation += 1
            cover = 0
            for x in range(first, a):
                if s_end[x] <= hi and stamp[s_term[x]] != generation:
                    stamp[s_term[x]] = generation
                    cover += 1
            if cover > best_cover:
                best = lo
                best_cover = cover
                if cover == most:
                    break
        lo = best
        hi = min(n, best + width)
        out_lo[body] = lo
        out_hi[body] = hi
        first_t = t
        for s in range(count):
            a = s_start[s]
            b = s_end[s]
            if a < lo or b > hi:
                continue
            if t > first_t and a <= merged[t - 1]:
                merged[t - 1] = max(merged[t - 1], b)
            else:
                merged[t] = a
                merged[t + 1] = b
                t += 2
        merged_start[body + 1] = t
    return out_lo, out_hi, merged[:t], merged_start


@njit(cache=True, nogil=True, inline="always")
def _worse(key: np.ndarray, pos: np.ndarray, a: int, b: int) -> bool:  # pragma: no cover
    """Whether entry ``a`` ranks below entry ``b``: a lower key, or the same key further on."""
    return key[a] < key[b] or (key[a] == key[b] and pos[a] > pos[b])


@njit(cache=True, nogil=True)
def best(key: np.ndarray, pos: np.ndarray, k: int) -> np.ndarray:  # pragma: no cover
    """Indexes of the ``k`` best entries, best first: highest ``key``, then lowest ``pos``
    (a total order, so the choice at the cut is never arbitrary). A heap of the ``k`` best
    so far, its worst on top: most entries lose against that one comparison."""
    n = key.size
    k = min(k, n)
    heap = np.empty(k, dtype=np.int64)
    size = 0
    for i in range(n):
        if size == k:
            if _worse(key, pos, i, heap[0]):
                continue  # not better than the worst kept
            # replace the worst, sift down
            x = 0
            while True:
                c = 2 * x + 1
                if c >= size:
                    break
                if c + 1 < size and _worse(key, pos, heap[c + 1], heap[c]):
                    c += 1
                if not _worse(key, pos, heap[c], i):
                    break
                heap[x] = heap[c]
                x = c
            heap[x] = i
        else:
            # add, sift up
            x = size
            size += 1
            while x > 0 and _worse(key, pos, i, heap[(x - 1) >> 1]):
                heap[x] = heap[(x - 1) >> 1]
                x = (x - 1) >> 1
            heap[x] = i
    # best first (insertion sort of the k kept)
    out = heap[:size].copy()
    for a in range(1, size):
        v = out[a]
        b = a
        while b > 0 and _worse(key, pos, out[b - 1], v):
            out[b] = out[b - 1]
            b -= 1
        out[b] = v
    return out
