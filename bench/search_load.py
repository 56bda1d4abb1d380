#!/usr/bin/env python3
"""Load test of the public search page: 50 concurrent clients on loopback, with wrk.

    bench/search_load.py --corpus ../shared/data/laws/laws.jsonl.gz \\
        --queries ../shared/data/stard/queries.train.json \\
        [--clients 50] [--duration 30] [--workers 2] [--mix unique,popular] \\
        [--database sqlite|postgres] [--json]

Sets up a throw-away database (SQLite, the embedded deployment; or with ``--database postgres``
a PostgreSQL cluster started for the run, the server deployment) and var directory, indexes the
corpus with ``gongkai search rebuild --laws`` (147,288 articles), serves the platform with ``gongkai serve``
(gunicorn, ``--workers`` processes, the index preloaded) on a free 127.0.0.1 port, and drives
``/search/?q=…`` (the full HTML page: ranking, snippets, filter lists, template) with wrk
(Debian package ``wrk``; ``scripts/ensure-bench-tools.sh`` installs it): ``--clients``
connections that never pause, for ``--duration`` seconds after a 5-second warm-up. Two request
mixes, each against a freshly started server:

* ``unique`` — the STARD questions in turn, with the result cache switched off
  (GONGKAI_SEARCH_RESULT_CACHE=0): every request is a full search. The worst case.
* ``keywords`` — short everyday terms instead of questions (the shipped dictionary's ~300
  government terms and synonyms: 低保, 户口, 公积金, 营业执照 …), in turn, cache off.
* ``popular`` — repeated questions: the same questions drawn with Zipf popularity (s=1, fixed
  seed; an assumption about real traffic, not a measurement of it), one request in ten for
  page 2, with the result cache on (its default). About nine requests in ten are then answered
  from the cache: this mix measures the cached path, ``unique`` the search itself.

Prints per mix p50/p95/p99/max latency, requests per second and errors. Nothing is left
running afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

GONGKAI = [sys.executable, "-m", "gongkai"]

LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
function init(args)
  -- args[1]: where in the list this run starts (the warm-up starts elsewhere)
  i = (tonumber(args[1]) or 0) + tid * math.floor(#paths / (2 * %(threads)d))
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "errors": %%d, "non_2xx": %%d, "p50_ms": %%.1f, "p95_ms": %%.1f, ' ..
    '"p99_ms": %%.1f, "max_ms": %%.1f, "rps": %%.1f}\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
"""


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its children (the workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        proc_id, parent = int(stat.parent.name), int(fields[1])
        if pid in (proc_id, parent):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def keywords() -> list[str]:
    """Short everyday search terms: the shipped dictionary's words (government terms and both
    sides of every synonym pair: 低保, 户口, 公积金, 营业执照 …), read from the package data."""
    import importlib.resources as res

    out: list[str] = []
    for name in ("gov_terms.txt", "synonyms.txt"):
        text = res.files("gongkai.search").joinpath("data", name).read_text(encoding="utf-8")
        for line in text.splitlines():
            if line.strip() and not line.startswith("#"):
                words = line.split()
                out.extend(words[:1] if name == "gov_terms.txt" else words)
    return list(dict.fromkeys(out))


def paths_for(mix: str, questions: list[str], n: int) -> list[str]:
    if mix == "unique":
        return ["/search/?" + urlencode({"q": q}) for q in questions]
    if mix == "keywords":
        return ["/search/?" + urlencode({"q": q}) for q in keywords()]
    rng = random.Random(20261122)
    ranked = questions[:]
    rng.shuffle(ranked)  # which questions are popular: arbitrary but fixed
    weights = [1 / (rank + 1) for rank in range(len(ranked))]
    out = []
    for q in rng.choices(ranked, weights=weights, k=n):
        params = {"q": q}
        if rng.random() < 0.1:
            params["page"] = "2"
        out.append("/search/?" + urlencode(params))
    return out


def serve(env: dict[str, str], port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            *GONGKAI,
            "serve",
            "--listen",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(1200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gongkai serve exited") from None
            time.sleep(0.1)
    raise SystemExit("gongkai serve did not start")


def wrk(
    url: str, script: Path, clients: int, duration: int, threads: int, start: int
) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            url,
            "--",
            str(start),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"^RESULT (.*)$", out, re.M)
    if not m:
        raise SystemExit("wrk printed no result:\n" + out)
    return dict(json.loads(m.group(1)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=int, default=30, help="seconds per mix, after warm-up")
    ap.add_argument("--workers", type=int, default=2, help="gongkai serve --workers")
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument(
        "--server-threads", type=int, default=1, help="gongkai serve --threads (1: sync workers)"
    )
    ap.add_argument("--mix", default="unique,popular")
    ap.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="sqlite: the embedded deployment; postgres: a throw-away PostgreSQL cluster and the "
        "server deployment (snapshot and changes shared through the database)",
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        ap.error("wrk not found: run scripts/ensure-bench-tools.sh (Debian package wrk)")
    mixes = [m.strip() for m in args.mix.split(",") if m.strip()]
    if not set(mixes) <= {"unique", "popular", "keywords"}:
        ap.error("--mix takes unique, popular and/or keywords")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    var = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    env.update(
        GONGKAI_ENV="development",
        GONGKAI_DEBUG="false",
        GONGKAI_VAR_DIR=str(var),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
    )
    results: dict[str, dict[str, float]] = {}
    stack = contextlib.ExitStack()
    try:
        if args.database == "postgres":
            sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
            from run_tests import _pg_bindir, postgres_cluster

            bindir = _pg_bindir()
            if bindir is None:
                ap.error("PostgreSQL binaries not found (apt install postgresql)")
            env["DATABASE_URL"] = stack.enter_context(postgres_cluster(bindir))
        subprocess.check_call([*GONGKAI, "migrate", "--noinput", "-v", "0"], env=env)
        t = time.perf_counter()
        subprocess.check_call(
            [*GONGKAI, "search", "rebuild", "--laws", args.corpus, "--json"],
            env=env,
            stdout=subprocess.DEVNULL,  # errors still reach stderr
        )
        log(f"rebuild (database rows + snapshot): {time.perf_counter() - t:.1f} s")
        questions = [q["问题"] for q in json.loads(Path(args.queries).read_text(encoding="utf-8"))]
        for mix in mixes:
            paths = var / f"paths-{mix}.txt"
            paths.write_text("\n".join(paths_for(mix, questions, 50_000)) + "\n", encoding="utf-8")
            script = var / f"{mix}.lua"
            script.write_text(LUA % {"paths": paths, "threads": args.threads}, encoding="utf-8")
            port = free_port()
            cache = "512" if mix == "popular" else "0"
            mix_env = {**env, "GONGKAI_SEARCH_RESULT_CACHE": cache}
            t = time.perf_counter()
            server = serve(mix_env, port, args.workers, args.server_threads)
            log(f"[{mix}] server up in {time.perf_counter() - t:.1f} s; warm-up 5 s …")
            try:
                url = f"http://127.0.0.1:{port}"
                # the warm-up starts half-way through the list, the measured run at its start:
                # the measured run does not replay what the warm-up just cached
                n_paths = len(paths.read_text(encoding="utf-8").splitlines())
                wrk(url, script, args.clients, 5, args.threads, n_paths // 2)
                cpu = tree_cpu_s(server.pid)
                res = wrk(url, script, args.clients, args.duration, args.threads, 0)
                cpu = tree_cpu_s(server.pid) - cpu
            finally:
                server.send_signal(signal.SIGTERM)
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            # the server's own CPU per request: what capacity on a quiet machine follows from
            res["server_cpu_ms_per_req"] = round(cpu * 1000 / max(res["requests"], 1), 2)
            res.update(
                clients=args.clients,
                workers=args.workers,
                server_threads=args.server_threads,
                duration_s=args.duration,
                database=args.database,
            )
            results[mix] = res
            log(f"[{mix}] {res}")
    finally:
        stack.close()
        shutil.rmtree(var, ignore_errors=True)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    print()
    print(
        "| mix | clients | workers | requests | errors | p50 ms | p95 ms | p99 ms | max ms "
        "| req/s | server CPU ms/req |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for mix, r in results.items():
        print(
            f"| {mix} | {r['clients']} | {r['workers']} | {r['requests']} "
            f"| {r['errors'] + r['non_2xx']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
            f"| {r['max_ms']} | {r['rps']} | {r['server_cpu_ms_per_req']} |"
        )
    print(
        f"\ndatabase: {args.database}; machine: nproc={os.cpu_count()}, python {sys.version.split()[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
