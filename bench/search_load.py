#!/usr/bin/env python3
"""Load test of the public search page: N concurrent clients on loopback.

    bench/search_load.py --corpus ../shared/data/laws/laws.jsonl.gz \\
        --queries ../shared/data/stard/queries.train.json [--clients 50] [--requests 1000]

Sets up a throw-away SQLite database and var directory, indexes the corpus with
``gongkai search rebuild --laws``, serves the platform with waitress on a free 127.0.0.1 port,
then ``--clients`` threads request /search/?q=<STARD question> (bounded: ``--requests`` in all,
each with a 30 s timeout) and prints p50/p95/max latency and the error count. Everything runs
on this machine and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GONGKAI = str(Path(sys.executable).parent / "gongkai")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    args = ap.parse_args()
    var = Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    env = {
        **os.environ,
        "GONGKAI_ENV": "development",
        "GONGKAI_DEBUG": "false",
        "GONGKAI_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    env.pop("DATABASE_URL", None)
    subprocess.check_call([GONGKAI, "migrate", "--noinput", "-v", "0"], env=env)
    t = time.perf_counter()
    subprocess.check_call([GONGKAI, "search", "rebuild", "--laws", args.corpus], env=env)
    print(f"rebuild: {time.perf_counter() - t:.1f} s", flush=True)
    port = free_port()
    code = (
        "import django; django.setup();"
        "from waitress import serve; from gongkai.wsgi import application;"
        f"serve(application, host='127.0.0.1', port={port}, threads={args.threads},"
        " _quiet=True)"
    )
    server = subprocess.Popen([sys.executable, "-c", code], env=env)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        questions = [q["问题"] for q in json.loads(Path(args.queries).read_text(encoding="utf-8"))]
        # warm-up: the first request loads the index snapshot
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/search/?" + urlencode({"q": questions[0]}))
        conn.getresponse().read()
        lat: list[float] = []
        errors = 0
        lock = threading.Lock()
        counter = iter(range(args.requests))

        def client() -> None:
            nonlocal errors
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for i in counter:
                path = "/search/?" + urlencode({"q": questions[i % len(questions)]})
                start = time.perf_counter()
                try:
                    c.request("GET", path)
                    resp = c.getresponse()
                    resp.read()
                    ok = resp.status == 200
                except OSError:
                    ok = False
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    lat.append((time.perf_counter() - start) * 1000)
                    errors += 0 if ok else 1

        t = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
        arr = np.array(lat)
        print(
            json.dumps(
                {
                    "clients": args.clients,
                    "requests": len(lat),
                    "errors": errors,
                    "p50_ms": round(float(np.percentile(arr, 50)), 1),
                    "p95_ms": round(float(np.percentile(arr, 95)), 1),
                    "max_ms": round(float(arr.max()), 1),
                    "throughput_rps": round(len(lat) / wall, 1),
                }
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
