#!/usr/bin/env python3
"""The search's multi-valued tag facet (issue 18, decision 0016): what counting a policy's tags
costs on a results page, against two baselines run side by side on the same results.

    bench/tag_facet.py [--records 1000000] [--tagged 0.005] [--results 200000] [--json]

A segment-shaped layout (record offsets into a run of tag codes, as search/index.py writes it)
of ``--records`` records, a share ``--tagged`` of them carrying 2–6 of 40 tags (the site's
policies among a laws library's articles); ``--results`` random records are a query's results.
Engines:

* ``gongkai`` — engine._multi_facets: the results narrowed to those that carry any tag (a flag
  per record), then their runs of codes counted;
* ``all_runs`` — the same counting over every result's run (no narrowing);
* ``per_value`` — one membership test per tag value (``np.isin`` of the value's records).

Prints per engine the median and p95 milliseconds of 30 repetitions and the ratio to gongkai.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gongkai.search.engine import _multi_facets  # noqa: E402
from gongkai.search.index import Record, Segment  # noqa: E402


class _Seg:
    """What _multi_facets reads of a segment (a real Segment of a million records takes
    minutes to build; the arrays are laid out exactly as index._build writes them)."""

    def __init__(self, n: int, tagged: float, rng: np.random.Generator) -> None:
        has = rng.random(n) < tagged
        lens = np.where(has, rng.integers(2, 7, n), 0)
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(lens, out=offsets[1:])
        codes = np.concatenate(
            [rng.choice(np.arange(1, 41), k, replace=False) for k in lens[has]]
        ).astype(np.int32)
        self.multi = {"tag": (offsets, codes, lens > 0)}
        self.multi_values = {"tag": ["", *(f"tag{i}" for i in range(1, 41))]}


def _all_runs(seg: _Seg, pos: np.ndarray) -> np.ndarray:
    offsets, codes, _any = seg.multi["tag"]
    starts = offsets[pos].astype(np.int64)
    lens = offsets[pos + 1].astype(np.int64) - starts
    total = int(lens.sum())
    first = np.cumsum(lens) - lens
    idx = np.repeat(starts - first, lens) + np.arange(total, dtype=np.int64)
    return np.bincount(codes[idx], minlength=41)


def _per_value(seg: _Seg, pos: np.ndarray) -> np.ndarray:
    offsets, codes, _any = seg.multi["tag"]
    owner = np.searchsorted(offsets, np.arange(codes.size), side="right") - 1
    out = np.zeros(41, dtype=np.int64)
    for c in range(1, 41):
        out[c] = int(np.isin(owner[codes == c], pos).sum())
    return out


def _time(fn: Callable[[], object], reps: int = 30) -> tuple[float, float]:
    got = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        got.append((time.perf_counter() - t) * 1000)
    got.sort()
    return statistics.median(got), got[int(0.95 * (len(got) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--tagged", type=float, default=0.005)
    ap.add_argument("--results", type=int, default=200_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(18)
    seg = _Seg(args.records, args.tagged, rng)
    pos = np.sort(rng.choice(args.records, min(args.results, args.records), replace=False))
    # the three give the same counts (the facet keeps the 20 most carried values)
    ours = dict(_multi_facets([(seg, pos)])["tag"])  # type: ignore[list-item]
    assert len(ours) == 20
    for fn in (_all_runs, _per_value):
        table = fn(seg, pos)
        assert all(int(table[int(v[3:])]) == n for v, n in ours.items()), fn.__name__
    # and the real segment builder lays them out as _Seg does (a small one, checked)
    small = Segment.build(
        [
            Record(str(i), "t", "/", "补贴", None, None, {"tag": ["a", "b"][: i % 3]})
            for i in range(9)
        ]
    )
    assert [a.dtype.kind for a in small.multi["tag"]] == ["i", "i", "b"]
    results = {}
    for name, fn in (
        ("gongkai", lambda: _multi_facets([(seg, pos)])),  # type: ignore[list-item]
        ("all_runs", lambda: _all_runs(seg, pos)),
        ("per_value", lambda: _per_value(seg, pos)),
    ):
        p50, p95 = _time(fn)
        results[name] = {"p50_ms": round(p50, 3), "p95_ms": round(p95, 3)}
    base = results["gongkai"]["p50_ms"]
    for r in results.values():
        r["ratio_p50"] = round(r["p50_ms"] / base, 1) if base else None
    if args.json:
        print(json.dumps(results, indent=1))
        return
    print(
        f"{args.records:,} records, {args.tagged:.1%} tagged, {len(pos):,} results "
        f"({int(seg.multi['tag'][2][pos].sum()):,} of them tagged)"
    )
    print(f"{'engine':<10} {'p50 ms':>8} {'p95 ms':>8} {'× gongkai':>10}")
    for name, r in results.items():
        print(f"{name:<10} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['ratio_p50']:>10}")


if __name__ == "__main__":
    main()
