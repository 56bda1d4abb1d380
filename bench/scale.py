#!/usr/bin/env python3
"""Search at scale (issue 20 item 3, decision 0017): synthetic corpora of 0.15 M, 0.5 M and 1 M
records, each built, mapped by a master and by forked workers, and queried.

    bench/scale.py [--sizes 150000,500000,1000000] [--workers 3] [--json]
        [--corpus ../shared/data/laws/laws.jsonl.gz] [--queries ../shared/data/stard/queries.train.json]

The corpus of every size starts with the laws corpus's own 147,288 articles (so the STARD
questions have their relevant articles in it); the rest are synthetic laws made from it,
seeded: a synthetic law takes a real law's structure (its number of articles, its metadata:
level, validity, year, prior) and a title of a real law with another place name before it;
each of its articles takes a real article's length in rjieba words, keeping each word with
probability one half and otherwise drawing a word from the corpus's own word stream (so words
come with their real frequencies). Such a corpus has the real vocabulary and article lengths;
it has no new words (a real corpus of 1 M articles would have more), so its index is a little
smaller than a real one's.

For each size, in a fresh process: the build (Segment.build straight to the snapshot file; the
generation of the records is not counted), the file's size, then the master maps the file and
asks every STARD question through the grouped search the public page uses (snippets and
facets included; p50/p95 in-process; Hit@10 as bench/search.py's gongkai_grouped counts it);
then it forks the workers (as gunicorn does); each maps the snapshot file itself, as a worker
does after a rebuild, and asks 300 questions; while all are alive the proportional set size
(PSS) and private memory of each process are read from /proc/<pid>/smaps_rollup; then again
after each worker has built its own "did you mean" tables (a typo and two pinyin queries). "Private" is what one more worker adds to the
machine; PSS shares the mapped index out among the processes that map it. The growth
exponents are least-squares slopes of log(figure) against log(records).
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gongkai.search import analysis  # noqa: E402
from gongkai.search.engine import SearchIndex, warm_compiled  # noqa: E402
from gongkai.search.index import Record, Segment  # noqa: E402
from gongkai.search.laws import law_key, law_records  # noqa: E402

SEED = 20261206
PLACES = [
    *[
        "北京",
        "天津",
        "河北",
        "山西",
        "内蒙古",
        "辽宁",
        "吉林",
        "黑龙江",
        "上海",
        "江苏",
        "浙江",
        "安徽",
        "福建",
        "江西",
        "山东",
        "河南",
        "湖北",
    ],
    *[
        "湖南",
        "广东",
        "广西",
        "海南",
        "重庆",
        "四川",
        "贵州",
        "云南",
        "西藏",
        "陕西",
        "甘肃",
        "青海",
        "宁夏",
        "新疆",
        "深圳",
        "厦门",
        "宁波",
    ],
    *[
        "青岛",
        "大连",
        "苏州",
        "无锡",
        "杭州",
        "南京",
        "武汉",
        "成都",
        "西安",
        "长沙",
        "郑州",
        "济南",
        "合肥",
        "福州",
        "昆明",
        "南宁",
        "贵阳",
    ],
]
WORKER_QUESTIONS = 300


def default_data(name: str, fallback: Path) -> Path:
    shared = ROOT.parent / "shared" / "data" / name
    return shared if shared.exists() else fallback


def smaps(pid: int | str = "self") -> dict[str, int]:
    """Rss, Pss and private memory (kB) of a process, from /proc/<pid>/smaps_rollup."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        out[key.strip()] = int(rest.split()[0])
    out["Private"] = out.get("Private_Clean", 0) + out.get("Private_Dirty", 0)
    return out


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# -- the synthetic corpus ------------------------------------------------------------------
class Corpus:
    def __init__(self, path: Path) -> None:
        self.real = list(law_records(path))
        seg = analysis.segmenter()
        vocab: dict[str, int] = {}
        flat: list[int] = []
        starts = [0]
        for r in self.real:
            flat.extend(vocab.setdefault(w, len(vocab)) for w in seg.cut(r.body, False))
            starts.append(len(flat))
        self.words = list(vocab)
        self.flat = np.asarray(flat, dtype=np.int32)
        self.starts = np.asarray(starts, dtype=np.int64)
        self.laws: list[tuple[int, int]] = []  # (first record, number of articles)
        first = 0
        for i in range(1, len(self.real) + 1):
            if i == len(self.real) or self.real[i].group != self.real[first].group:
                self.laws.append((first, i - first))
                first = i

    def records(self, n: int) -> Iterator[Record]:
        """The first ``n`` records: the real articles, then synthetic laws (seeded: the
        synthetic records of a smaller size are the first ones of a larger size)."""
        yield from self.real[:n]
        rng = np.random.default_rng(SEED)
        made, law = len(self.real), 0
        while made < n:
            first, count = self.laws[int(rng.integers(len(self.laws)))]
            model = self.real[first]
            place = PLACES[int(rng.integers(len(PLACES)))]
            title = f"{place}{model.title.removeprefix('中华人民共和国')}"
            meta = {**model.metadata, "key": law_key(title)}
            group = f"syn:{law}"
            for k in range(min(count, n - made)):
                shape = self.real[first + k]
                a, b = int(self.starts[first + k]), int(self.starts[first + k + 1])
                skeleton = self.flat[a:b]
                keep = rng.random(skeleton.size) < 0.5
                drawn = self.flat[rng.integers(0, self.flat.size, skeleton.size)]
                words = np.where(keep, skeleton, drawn).tolist()
                body = (shape.article or "") + " " + "".join(self.words[w] for w in words[1:])
                yield Record(
                    id=f"{group}:{shape.article}",
                    title=title,
                    url=f"/library/s{law}/#{shape.article}",
                    body=body,
                    article=shape.article,
                    group=group,
                    metadata=meta,
                )
                made += 1
            law += 1


# -- one size, in its own process ------------------------------------------------------------
def ask(index: SearchIndex, questions: list[str]) -> tuple[list[float], list[float], list[Any]]:
    """Wall-clock and CPU milliseconds per question (the CPU time of the searching thread:
    what a question costs, less the waiting for a core on a shared machine), and results."""
    times, cpu, results = [], [], []
    for q in questions:
        t, c = time.perf_counter(), time.thread_time()
        res = index.search(q, per_page=10)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
        results.append(res)
    return times, cpu, results


def load_questions(path: Path, corpus: Path) -> list[dict[str, Any]]:
    """STARD questions; without the data set (a checkout without ../shared/data), questions
    made of the sample laws' articles (their first clause), relevant to that article."""
    if path.exists():
        return list(json.loads(path.read_text(encoding="utf-8")))
    rng = random.Random(SEED)
    recs = list(law_records(corpus))
    out = []
    for r in rng.sample(recs, min(200, len(recs))):
        clause = r.body.removeprefix(r.article or "").strip().split("，")[0][:30]
        out.append({"问题": clause, "match_name": [r.title + (r.article or "")]})
    return out


def worker(path: str, questions: list[str], ready: Any, go: Any, done: Any) -> None:
    """A forked worker, as after a rebuild: it maps the new snapshot file itself (the page
    cache shares it with every other process mapping it), asks questions, reports; then asks
    for "did you mean" suggestions (its typo and pinyin tables are its own) and reports again."""
    index = SearchIndex(Segment.open(Path(path)))
    ask(index, questions)
    gc.collect()
    ready.put(os.getpid())
    go.wait(1800)
    for q in ("户藉登记", "dibao shenqing", "zuidi shenghuo baozhang"):
        index.suggest(q)
    gc.collect()
    ready.put(os.getpid())
    done.wait(1800)


SEARCH: dict[str, Any] = {}


def build_size(size: int, corpus_path: Path, path: Path, out: Any) -> None:
    """Make the corpus of ``size`` records and build its snapshot file; report the figures."""
    t = time.perf_counter()
    corpus = Corpus(corpus_path)
    recs = list(corpus.records(size))
    gen_s = time.perf_counter() - t
    del corpus
    gc.collect()
    load_before = load_average()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    Segment.build(recs, path=path)
    build_s, build_cpu_s = time.perf_counter() - t, time.process_time() - c
    out.put(
        {
            "records": len(recs),
            "generate_s": round(gen_s, 1),
            "build_s": round(build_s, 1),
            "build_cpu_s": round(build_cpu_s, 1),
            "build_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "rss_before_build_mb": round(rss_before / 1024),
            "load_before": load_before,
            "load_build": load_average(),
        }
    )


def one_size(
    size: int, corpus_path: Path, queries_path: Path, workers: int, out: Path
) -> dict[str, Any]:
    # the corpus is made and the snapshot built in a child process: the master below starts
    # with a clean heap, as `gongkai serve` does (a heap full of the freed corpus would put
    # the workers' new objects on pages shared with it, copying them)
    path = out / f"segment-{size}.bin"
    ctx = mp.get_context("fork")
    got = ctx.Queue()
    child = ctx.Process(target=build_size, args=(size, corpus_path, path, got))
    child.start()
    built = got.get(timeout=24 * 3600)
    child.join()
    # the master: a process that maps the snapshot (as `gongkai serve` does before forking)
    warm_compiled()
    index = SearchIndex(Segment.open(path))
    SEARCH["index"] = index
    queries = load_questions(queries_path, corpus_path)
    questions = [q["问题"] for q in queries]
    index.search(questions[0])
    times, cpu, results = ask(index, questions)
    hits = 0
    for res, q in zip(results, queries, strict=True):
        want = {law_key(m) for m in q["match_name"]}
        shown = [law_key(h.title) + (a.article or "") for h in res.hits[:10] for a in h.articles]
        hits += any(k in want for k in shown)
    del results
    gc.collect()
    load_query = load_average()
    master = smaps()
    # as `gongkai serve` does before forking: what is loaded stays out of the collector's way
    gc.collect()
    gc.freeze()
    ctx = mp.get_context("fork")
    ready, go, done = ctx.Queue(), ctx.Event(), ctx.Event()
    sample = random.Random(SEED).sample(questions, min(WORKER_QUESTIONS, len(questions)))
    procs = []
    for w in range(workers):
        qs = sample[w * 37 :] + sample[: w * 37]
        p = ctx.Process(target=worker, args=(str(path), qs, ready, go, done))
        p.start()
        procs.append(p)
    pids = [ready.get(timeout=3600) for _ in procs]
    mem = [smaps(pid) for pid in pids]
    master_after = smaps()
    go.set()
    pids = [ready.get(timeout=3600) for _ in procs]
    mem_suggest = [smaps(pid) for pid in pids]
    done.set()
    for p in procs:
        p.join(60)
    return {
        **built,
        "index_mb": round(path.stat().st_size / 1e6, 1),
        "questions": len(questions),
        "hit10": round(hits / len(questions), 3),
        "p50_ms": round(float(np.percentile(times, 50)), 2),
        "p95_ms": round(float(np.percentile(times, 95)), 2),
        "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 2),
        "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 2),
        "master_pss_mb": round(master_after["Pss"] / 1024, 1),
        "master_rss_mb": round(master_after["Rss"] / 1024, 1),
        "master_alone_pss_mb": round(master["Pss"] / 1024, 1),
        "worker_pss_mb": [round(m["Pss"] / 1024, 1) for m in mem],
        "worker_private_mb": [round(m["Private"] / 1024, 1) for m in mem],
        "worker_rss_mb": [round(m["Rss"] / 1024, 1) for m in mem],
        "worker_private_with_suggest_mb": [round(m["Private"] / 1024, 1) for m in mem_suggest],
        # memory of a worker's own (heap, copied pages): what one more worker adds; the rest of
        # its private figure is pages of the mapped snapshot only it has touched so far, which
        # are the machine's page cache, shared with any process that maps them
        "worker_anon_mb": [round(m["Anonymous"] / 1024, 1) for m in mem],
        "worker_private_dirty_mb": [round(m["Private_Dirty"] / 1024, 1) for m in mem],
        "worker_private_dirty_with_suggest_mb": [
            round(m["Private_Dirty"] / 1024, 1) for m in mem_suggest
        ],
        "master_anon_mb": round(master_after["Anonymous"] / 1024, 1),
        "worker_pss_with_suggest_mb": [round(m["Pss"] / 1024, 1) for m in mem_suggest],
        "load_query": load_query,
    }


def slope(xs: list[float], ys: list[float]) -> float:
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sizes", default="150000,500000,1000000")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--queries", type=Path)
    ap.add_argument(
        "--dir", type=Path, help="where the snapshot files go (default: a temporary directory)"
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rows", nargs="*", help="print the table of rows saved from --one runs")
    args = ap.parse_args()
    fixtures = ROOT / "src" / "gongkai" / "search" / "tests" / "fixtures"
    corpus = args.corpus or default_data("laws/laws.jsonl.gz", fixtures / "laws_sample.jsonl.gz")
    queries = args.queries or default_data("stard/queries.train.json", fixtures / "none.json")
    if args.rows:
        rows = [json.loads(Path(f).read_text().strip().splitlines()[-1]) for f in args.rows]
        table(rows)
        return 0
    if args.one:
        out = one_size(args.one, corpus, queries, args.workers, args.dir)
        print(json.dumps(out))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            print(f"size {size}: load average {load_average()}", file=sys.stderr, flush=True)
            got = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    str(size),
                    "--workers",
                    str(args.workers),
                    "--corpus",
                    str(corpus),
                    "--queries",
                    str(queries),
                    "--dir",
                    tmp,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(got.stdout.strip().splitlines()[-1])
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
            for f in Path(tmp).glob("segment-*.bin"):
                f.unlink()
    if args.json:
        print(json.dumps(rows, indent=2))
    table(rows)
    return 0


def _mean(r: dict[str, Any], key: str) -> float:
    return round(float(np.mean(r[key])), 1) if key in r else float("nan")


def table(rows: list[dict[str, Any]]) -> None:
    """The table of docs/benchmarks.md: per size, then the growth exponents."""
    print(
        "| records | build s (CPU s) | snapshot MB | p50 / p95 ms | CPU p50 / p95 ms | Hit@10 "
        "| master PSS MB | worker PSS MB | worker own MB | worker own MB with did-you-mean "
        "| load average (build; queries) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['records']:,} | {r['build_s']} ({r.get('build_cpu_s', '—')}) | {r['index_mb']} "
            f"| {r['p50_ms']} / {r['p95_ms']} | {r['cpu_p50_ms']} / {r['cpu_p95_ms']} "
            f"| {r['hit10']} | {r['master_pss_mb']} | {_mean(r, 'worker_pss_mb')} "
            f"| {_mean(r, 'worker_private_dirty_mb')} "
            f"| {_mean(r, 'worker_private_dirty_with_suggest_mb')} "
            f"| {r['load_build']}; {r['load_query']} |"
        )
    if len(rows) >= 2:
        xs = [r["records"] for r in rows]
        print("\ngrowth exponents (least-squares slope of log figure against log records):")
        for key in ("build_s", "build_cpu_s", "index_mb", "p95_ms", "cpu_p50_ms", "cpu_p95_ms"):
            if all(key in r for r in rows):
                print(f"  {key}: {slope(xs, [r[key] for r in rows]):.2f}")
        for key in ("worker_private_dirty_mb", "worker_private_dirty_with_suggest_mb"):
            if all(key in r for r in rows):
                print(f"  {key}: {slope(xs, [_mean(r, key) for r in rows]):.2f}")


if __name__ == "__main__":
    sys.exit(main())
