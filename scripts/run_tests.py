#!/usr/bin/env python3
"""Run the pytest suite on one database leg.

run_tests.py sqlite     the embedded default; includes the browser tests
run_tests.py postgres   a throw-away PostgreSQL cluster: initdb in a temporary directory, a free
                        port on 127.0.0.1, removed afterwards. Without PostgreSQL binaries the leg
                        is skipped loudly, except under CI=true, where it is mandatory.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest"]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["GONGKAI_ENV"] = "test"
    env["GONGKAI_VAR_DIR"] = tempfile.mkdtemp(prefix="gongkai-var-")
    env.update(extra)
    return env


def run_sqlite(args: list[str]) -> int:
    print("[sqlite] pytest on SQLite (everything but the browser tests)", flush=True)
    code = subprocess.call([*PYTEST, "-m", "not browser", *args], cwd=ROOT, env=_env())
    print(
        "[browser] pytest on SQLite: Playwright + axe-core in Debian's headless Chromium",
        flush=True,
    )
    browser = subprocess.call([*PYTEST, "-m", "browser", *args], cwd=ROOT, env=_env())
    return code or browser


def _pg_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_postgres(args: list[str]) -> int:
    ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    bindir = _pg_bindir()
    if bindir is None and ci and os.geteuid() == 0:
        print("[postgres] PostgreSQL not found; installing it with apt (CI)", flush=True)
        subprocess.check_call(["apt-get", "update", "-qq"])
        subprocess.check_call(
            ["apt-get", "install", "-y", "-qq", "postgresql"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        bindir = _pg_bindir()
    if bindir is None:
        banner = "!" * 78
        print(
            f"{banner}\n[postgres] PostgreSQL binaries (initdb, pg_ctl) NOT FOUND:"
            " the PostgreSQL leg is SKIPPED.\n"
            "[postgres] Install PostgreSQL (apt install postgresql) to run it."
            f"\n{banner}",
            flush=True,
        )
        return 1 if ci else 0

    with postgres_cluster(bindir) as url:
        return subprocess.call(
            [*PYTEST, "-m", "not browser", *args], cwd=ROOT, env=_env(DATABASE_URL=url)
        )


@contextlib.contextmanager
def postgres_cluster(bindir: Path) -> Iterator[str]:
    """A throw-away cluster (temporary directory, free port); yields its URL, removes it after.

    Also used by bench/search.py for its PostgreSQL baseline.
    """
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-pg-"))
    data, sock, log = tmp / "data", tmp / "sock", tmp / "server.log"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root: hand the directory to the postgres user.
        shutil.chown(tmp, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    pg_ctl = [*as_user, str(bindir / "pg_ctl"), "-D", str(data)]
    started = False
    try:
        subprocess.check_call(
            [
                *as_user,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "gongkai",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            stdout=subprocess.DEVNULL,
        )
        opts = (
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.check_call(
            [*pg_ctl, "-o", opts, "-l", str(log), "-w", "start"], stdout=subprocess.DEVNULL
        )
        started = True
        version = subprocess.run(
            [str(bindir / "postgres"), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        print(f"[postgres] {version} started on 127.0.0.1:{port} in {data}", flush=True)
        yield f"postgres://gongkai@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.call([*pg_ctl, "-m", "fast", "-w", "stop"], stdout=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)
        print("[postgres] cluster stopped and removed", flush=True)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"sqlite", "postgres"}:
        print(__doc__)
        return 2
    leg, rest = sys.argv[1], sys.argv[2:]
    return run_sqlite(rest) if leg == "sqlite" else run_postgres(rest)


if __name__ == "__main__":
    sys.exit(main())
