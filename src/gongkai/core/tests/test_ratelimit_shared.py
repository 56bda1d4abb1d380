"""Rate-limit counts are shared by every process using the same database (several gunicorn
workers, several machines): two separate processes add up to one count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HIT = (
    "import django, sys; django.setup();"
    "from gongkai.core import ratelimit;"
    "n = int(sys.argv[1]);"
    "print(' '.join(str(ratelimit.hit('t', 'same-address', limit=10, window_s=600))"
    " for _ in range(n)))"
)


def test_two_processes_share_one_count(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    env.update(
        GONGKAI_ENV="development",
        GONGKAI_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
    )
    subprocess.run([sys.executable, "-m", "gongkai", "migrate", "-v", "0"], env=env, check=True)

    def hits(n: int) -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", HIT, str(n)], env=env, capture_output=True, text=True, check=True
        )
        return out.stdout.split()

    assert hits(6) == ["True"] * 6  # the first process: 6 of 10
    assert hits(5) == ["True"] * 4 + ["False"]  # the second goes on from 6: the 11th is refused
