"""The compiled scoring core: one pass over the query's postings, one over the candidates.

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
compiled in the gunicorn master before the workers fork (``gongkai serve``), and releases the
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


def scratch(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The work arrays of score_segment for ``n`` records, this thread's own. Fresh arrays of
    that size (1.2 MB each for the laws corpus) came from the operating system as new pages on
    every query and zeroing them cost as much as the scoring; these are zeroed once, stay in
    the processor's cache, and score_segment puts back to zero only what it touched."""
    bufs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = getattr(
        _local, "bufs", None
    )
    if bufs is None or len(bufs[0]) < n:
        bufs = (
            np.zeros(n, dtype=np.float64),
            np.zeros(n, dtype=np.float64),
            np.zeros(n, dtype=np.uint8),
            np.zeros(n, dtype=np.int64),
        )
        _local.bufs = bufs
    return bufs[0][:n], bufs[1][:n], bufs[2][:n], bufs[3][:n]


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
    title_scale: np.ndarray,
    boost: np.ndarray,
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
    share of the query's words. ``extra_*``: synonym postings, already weighted.
    ``acc``, ``matched`` (float64), ``mark`` (uint8) and ``cand`` (int64): work arrays of
    ``n`` values (see ``scratch``); the first three are all zero on entry and again on
    return."""
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
    if n_groups > 0 and is_whole.any():
        for p in range(n):
            cand[t] = p
            t += mark[p] | (is_whole[p] & (gscores[group_of[p]] > 0))
    else:
        for p in range(n):
            cand[t] = p
            t += mark[p]
    # the candidates: touched records whose body matched, and those whole documents; every
    # touched entry of the work arrays is set back to zero on the way
    pos = np.empty(t, dtype=np.int64)
    s = np.empty(t, dtype=np.float32)
    total = np.float32(coord_total)
    one = np.float32(1.0)
    exp32 = np.float32(coord_exp)
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
            v = v + gscores[group_of[p]] * title_scale[p]
        v = v * boost[p]
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
def facet_counts(codes: np.ndarray, pos: np.ndarray, n_values: int) -> np.ndarray:
    """How many of the records ``pos`` carry each code of one facet column."""
    out = np.zeros(n_values, dtype=np.int64)
    for p in pos:
        out[codes[p]] += 1
    return out
