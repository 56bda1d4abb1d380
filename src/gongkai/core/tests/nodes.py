"""Test helpers for several processes on one database (issue 20): real ``gongkai`` commands in
subprocesses, each test on an empty database of its own.

On SQLite the database is a file under the test's directory; in the PostgreSQL leg
(DATABASE_URL set by scripts/run_tests.py) it is a new database on the same cluster, dropped
afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

GONGKAI = [sys.executable, "-m", "gongkai"]
ROOT = Path(__file__).resolve().parents[4]


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


@contextlib.contextmanager
def empty_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Yields the environment naming an empty database: GONGKAI_SQLITE_PATH (a new file, with
    the settings' SQLite options) or DATABASE_URL (a new PostgreSQL database)."""
    if not on_postgres():
        yield {"GONGKAI_SQLITE_PATH": str(tmp_path / f"db-{uuid.uuid4().hex[:8]}.sqlite3")}
        return
    import psycopg

    admin = os.environ["DATABASE_URL"]
    name = f"gk_i20_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": _with_db(admin, name)}
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def node_env(database: dict[str, str], var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of one node: its own var directory, the shared database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    var_dir.mkdir(parents=True, exist_ok=True)
    # the search's compiled code is cached where scripts/run_tests.py keeps it: a node that
    # compiled it afresh would spend minutes starting on this shared machine
    env.setdefault("NUMBA_CACHE_DIR", str(ROOT / "var" / "cache" / "numba-tests"))
    env.update(
        GONGKAI_ENV="test",
        GONGKAI_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
    )
    env.update(database)
    env.update(extra)
    return env


def gongkai(
    env: dict[str, str], *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*GONGKAI, *args], env=env, capture_output=True, text=True, check=False, timeout=300
    )
    if check and done.returncode != 0:  # say what the command said, not only its exit status
        raise AssertionError(
            f"gongkai {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}"
        )
    return done


def _run_tests_module():
    import importlib.util

    path = ROOT / "scripts" / "run_tests.py"
    spec = importlib.util.spec_from_file_location("gongkai_run_tests", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Cluster:
    """A throw-away PostgreSQL cluster of the test's own, which the test may stop and start."""

    url: str
    pg_ctl: list[str]
    options: str  # the server's options as first started (port, socket directory, …)
    log: str

    def stop(self) -> None:
        subprocess.run(
            [*self.pg_ctl, "-m", "fast", "-w", "stop"], check=True, stdout=subprocess.DEVNULL
        )

    def start(self) -> None:
        subprocess.run(
            [*self.pg_ctl, "-o", self.options, "-l", self.log, "-w", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def own_postgres(tmp_path: Path) -> Iterator[Cluster]:
    """scripts/run_tests.py's throw-away cluster (the PostgreSQL binaries the PostgreSQL leg
    needs), with its pg_ctl at hand to restart it."""
    rt = _run_tests_module()
    bindir = rt._pg_bindir()
    if bindir is None:
        raise RuntimeError(
            "PostgreSQL binaries (initdb, pg_ctl) are needed: apt install postgresql"
        )
    with rt.postgres_cluster(bindir) as url:
        port = str(urlsplit(url).port)
        data = next(
            p
            for p in Path(tempfile.gettempdir()).glob("gongkai-pg-*/data")
            if (p / "postmaster.pid").is_file()
            and port in (p / "postmaster.pid").read_text().splitlines()[3:4]
        )
        argv = shlex.split((data / "postmaster.opts").read_text())[1:]
        options = []
        while argv:
            arg = argv.pop(0)
            if arg == "-D":
                argv.pop(0)
            else:
                options.append(arg)
        as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        yield Cluster(
            url,
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data)],
            shlex.join(options),
            str(data.parent / "server.log"),
        )
