"""Test helpers for several processes on one database (issue 20): real ``gongkai`` commands in
subprocesses, each test on an empty database of its own.

On SQLite the database is a file under the test's directory; in the PostgreSQL leg
(DATABASE_URL set by scripts/run_tests.py) it is a new database on the same cluster, dropped
afterwards.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

GONGKAI = [sys.executable, "-m", "gongkai"]


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
    return subprocess.run(
        [*GONGKAI, *args], env=env, capture_output=True, text=True, check=check, timeout=300
    )
