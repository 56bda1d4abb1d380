#!/usr/bin/env python3
"""Run the pytest suite on one database leg.

run_tests.py sqlite     the embedded default; includes the browser tests
run_tests.py postgres   a throw-away PostgreSQL cluster: initdb in a temporary directory, a free
                        port on 127.0.0.1, removed afterwards. Without PostgreSQL binaries the leg
                        is skipped loudly, except under CI=true, where it is mandatory.
run_tests.py both       the two legs side by side (what `make test` runs): the PostgreSQL leg in
                        a second process, its output kept and printed after the SQLite leg's;
                        the exit code fails if either leg failed. Each leg is one pytest process,
                        so on a machine with two or more cores this takes about the time of the
                        longer leg instead of their sum.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest"]


def _env(var_dir: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["GONGKAI_ENV"] = "test"
    env["GONGKAI_VAR_DIR"] = var_dir
    # the search's compiled code (numba) is kept across runs: the SQLite, browser and
    # PostgreSQL runs, and the next `make test`, load it instead of compiling it again
    env.setdefault("NUMBA_CACHE_DIR", str(ROOT / "var" / "cache" / "numba-tests"))
    env.update(extra)
    return env


def _pytest(args: list[str], **extra: str) -> int:
    """Run pytest with a fresh var/ directory of its own, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gongkai-var-") as var_dir:
        return subprocess.call([*PYTEST, *args], cwd=ROOT, env=_env(var_dir, **extra))


def run_sqlite(args: list[str]) -> int:
    print("[sqlite] pytest on SQLite (everything but the browser tests)", flush=True)
    code = _pytest(["-m", "not browser", *args])
    print(
        "[browser] pytest on SQLite: Playwright + axe-core in Debian's headless Chromium",
        flush=True,
    )
    browser = _pytest(["-m", "browser", *args])
    return code or browser


def _pg_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent

    def version(path: str) -> tuple[int, ...]:
        raw = Path(path).parent.parent.name  # /usr/lib/postgresql/<version>/bin/initdb
        return tuple(int(p) for p in raw.split(".") if p.isdigit())

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True)
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
        return _pytest(["-m", "not browser", *args], DATABASE_URL=url)


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
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise SystemExit(
                "[postgres] running as root but there is no 'postgres' user to run the server "
                "as: install PostgreSQL from the distribution (it creates the user) or run the "
                "tests as an ordinary user"
            ) from None
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


def run_both(args: list[str]) -> int:
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        print(
            "[both] the PostgreSQL leg runs beside the SQLite leg; its output follows", flush=True
        )
        pg = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "postgres", *args],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            sqlite = run_sqlite(args)
            postgres = pg.wait()
        finally:
            if pg.poll() is None:
                pg.terminate()
                pg.wait()
        log.seek(0)
        print("=" * 78 + "\n[both] the PostgreSQL leg's output:", flush=True)
        for line in log:
            sys.stdout.write(line)
        print(
            f"[both] SQLite leg: {'passed' if sqlite == 0 else f'FAILED ({sqlite})'}; "
            f"PostgreSQL leg: {'passed' if postgres == 0 else f'FAILED ({postgres})'}",
            flush=True,
        )
        return sqlite or postgres


def main() -> int:
    legs = {"sqlite": run_sqlite, "postgres": run_postgres, "both": run_both}
    if len(sys.argv) < 2 or sys.argv[1] not in legs:
        print(__doc__)
        return 2
    return legs[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
