"""``gongkai serve``: a real gunicorn master with several workers, on a throw-away database."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.workbench.views import LOGIN_MAX_FAILURES


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    out = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        m = re.search(r"^PPid:\s+(\d+)$", text, re.M)
        if m and int(m.group(1)) == pid:
            out.append(int(status.parent.name))
    return out


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL"))}
    env.update(
        GONGKAI_ENV="development",
        GONGKAI_DEBUG="false",
        GONGKAI_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="gongkai.settings",
    )
    gongkai = [sys.executable, "-m", "gongkai"]
    subprocess.run([*gongkai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    port = _free_port()
    proc = subprocess.Popen(
        [*gongkai, "serve", "--listen", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(
                        "gongkai serve exited: " + (proc.stdout.read() if proc.stdout else "")
                    )
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as resp:  # noqa: S310 — http://127.0.0.1 only
        return resp.status, resp.read().decode()


def test_serve_runs_several_workers_that_answer_pages_and_search(server):
    base, proc = server
    status, body = _get(base + "/")
    assert status == 200
    assert "政府信息公开" in body
    status, body = _get(base + "/search/?" + urllib.parse.urlencode({"q": "低保"}))
    assert status == 200
    assert "检索结果" in body
    workers = []
    for _ in range(100):  # the master forks its workers right after binding
        workers = _children(proc.pid)
        if len(workers) >= 2:
            break
        time.sleep(0.1)
    assert len(workers) == 2


def test_a_forwarded_scheme_header_is_not_trusted_by_default(server):
    """gunicorn trusts X-Forwarded-Proto from 127.0.0.1 by default; Gongkai leaves that to
    Django, which trusts it only with GONGKAI_TRUST_X_FORWARDED_FOR (off here)."""
    base, _ = server
    request = urllib.request.Request(  # noqa: S310 — http://127.0.0.1 only
        base + "/xxgk/feed.atom", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310
        feed = resp.read().decode()
    assert f"{base}/" in feed  # the feed's own absolute links keep the real scheme
    assert "https://" not in feed


def test_login_throttling_is_shared_by_all_workers(server):
    """The limiter counts in the database cache, so failures spread over the workers add up."""
    base, _ = server
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    statuses = []
    for _ in range(LOGIN_MAX_FAILURES + 1):
        # a fresh connection per request: the kernel hands each one to whichever worker accepts
        with opener.open(base + "/staff/login/", timeout=30) as resp:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', resp.read().decode())
        assert token
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": "nobody", "password": "wrong"}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 — http://127.0.0.1 only
            base + "/staff/login/", data=data, headers={"Referer": base + "/staff/login/"}
        )
        try:
            with opener.open(request, timeout=30) as resp:
                statuses.append(resp.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    assert statuses[:LOGIN_MAX_FAILURES] == [200] * LOGIN_MAX_FAILURES
    assert statuses[-1] == 429
