#!/usr/bin/env python3
"""FAQ matching benchmark (issue 21 item 5): Gongkai's question-box matcher against SQLite FTS5
over character bigrams with bm25, in one run.

    bench/faq.py --kb ../shared/data/lecoqa/faq.train.json \\
        --queries ../shared/data/lecoqa/faq.train.json [--split all|tune|test] [--json]

The knowledge base is built from the answers of a LeCoQA-format file (答案文本 and 关键词, one
entry per ``query_id``; the questions are NOT in it); every question (问题) of the queries file is
asked; a hit is the entry with the question's own ``query_id`` (Hit@1: first; Hit@5: among the
first five). p50/p95 are per-question latencies in milliseconds, in-process.

``--split`` picks the questions asked: ``tune`` the even query_ids (the half the matcher's
weights were tuned on), ``test`` the odd ones (unseen while tuning), ``all`` every question. The
knowledge base always holds every entry. ``--json`` prints one object keyed by engine
(``gongkai``, ``fts5_bigram``) with ``hit1``, ``hit5``, ``p50_ms``, ``p95_ms`` (and ``queries``).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gongkai.faq.matcher import FaqMatcher, KbRow  # noqa: E402
from gongkai.search import analysis  # noqa: E402

Search = Callable[[str], list[object]]  # question -> entry ids, best first (top 5)


def load(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        raise SystemExit(f"{path}: expected a JSON list of LeCoQA records")
    return data


def kb_rows(records: list[dict[str, Any]]) -> list[KbRow]:
    rows: dict[object, KbRow] = {}
    for r in records:
        qid = r.get("query_id")
        if qid is None or qid in rows:
            continue
        rows[qid] = KbRow(qid, "", str(r.get("关键词") or ""), str(r.get("答案文本") or ""))
    return list(rows.values())


def build_gongkai(rows: list[KbRow]) -> Search:
    m = FaqMatcher(rows)
    return lambda q: [x.id for x in m.search(q, limit=5)]


def _bigrams(text: str) -> list[str]:
    return analysis.grams(analysis.normalize(text))


def build_fts5_bigram(rows: list[KbRow]) -> Search:
    """The baseline: FTS5 over space-joined character bigrams (answer + keywords), bm25, an OR
    query of the question's distinct bigrams."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE a USING fts5(body, tokenize='unicode61')")
    ids = [r.id for r in rows]
    db.executemany(
        "INSERT INTO a(rowid, body) VALUES (?, ?)",
        ((i, " ".join(_bigrams(r.answer + "\n" + r.keywords))) for i, r in enumerate(rows)),
    )
    db.commit()

    def search(q: str) -> list[object]:
        toks = list(dict.fromkeys(t for t in _bigrams(q) if '"' not in t))
        if not toks:
            return []
        match = " OR ".join(f'"{t}"' for t in toks)
        got = db.execute(
            "SELECT rowid FROM a WHERE a MATCH ? ORDER BY bm25(a) LIMIT 5", (match,)
        ).fetchall()
        return [ids[r[0]] for r in got]

    return search


def _pct(values: list[float], p: float) -> float:
    s = sorted(values)
    if not s:
        return 0.0
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def evaluate(search: Search, queries: list[tuple[str, object]]) -> dict[str, Any]:
    hit1 = hit5 = 0
    times: list[float] = []
    for text, qid in queries:
        t = time.perf_counter()
        got = search(text)
        times.append((time.perf_counter() - t) * 1000)
        if got[:1] == [qid]:
            hit1 += 1
        if qid in got[:5]:
            hit5 += 1
    n = max(1, len(queries))
    return {
        "queries": len(queries),
        "hit1": round(hit1 / n, 4),
        "hit5": round(hit5 / n, 4),
        "p50_ms": round(_pct(times, 50), 2),
        "p95_ms": round(_pct(times, 95), 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--kb", required=True, help="LeCoQA-format JSON: the answers become the KB")
    ap.add_argument("--queries", required=True, help="LeCoQA-format JSON: the questions asked")
    ap.add_argument("--split", choices=("all", "tune", "test"), default="all")
    ap.add_argument("--json", action="store_true", help="print one JSON object keyed by engine")
    args = ap.parse_args(argv)

    rows = kb_rows(load(args.kb))
    queries = [
        (str(r.get("问题") or ""), r.get("query_id"))
        for r in load(args.queries)
        if r.get("问题") and r.get("query_id") is not None
    ]
    if args.split != "all":
        parity = 0 if args.split == "tune" else 1
        queries = [(q, i) for q, i in queries if int(str(i)) % 2 == parity]
    analysis.segmenter()  # load the dictionary before anything is timed
    results: dict[str, dict[str, Any]] = {}
    for name, build in (("gongkai", build_gongkai), ("fts5_bigram", build_fts5_bigram)):
        t = time.perf_counter()
        search = build(rows)
        build_s = time.perf_counter() - t
        search(queries[0][0] if queries else "")  # warm-up, not timed
        results[name] = evaluate(search, queries) | {"build_s": round(build_s, 2)}
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    print(f"KB entries: {len(rows)}   questions: {len(queries)}   split: {args.split}")
    print(f"{'engine':<14}{'Hit@1':>8}{'Hit@5':>8}{'p50 ms':>9}{'p95 ms':>9}{'build s':>9}")
    for name, r in results.items():
        print(
            f"{name:<14}{r['hit1']:>8.3f}{r['hit5']:>8.3f}{r['p50_ms']:>9.2f}"
            f"{r['p95_ms']:>9.2f}{r['build_s']:>9.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
