"""Several nodes on one database (issue 20 item 2): two `gongkai serve` processes on separate
ports and var directories (as two machines would have; the uploaded files directory is shared,
as the README asks of a several-node deployment) and two `gongkai tick` loops, on the leg's
database (PostgreSQL in that leg, a SQLite file otherwise).

- a document published through node A is found by search on node B once a tick has run;
- a session created on A works on B;
- login failures count across both nodes (the rate limit lives in the shared database cache);
- a due reminder is e-mailed exactly once, to a real SMTP server, though both loops tick.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from gongkai.core.tests.nodes import GONGKAI, empty_database, free_port, gongkai, node_env
from gongkai.delivery.tests.sinks import smtp_sink
from gongkai.workbench.views import LOGIN_MAX_FAILURES


class Lines:
    """A process's output lines, read in a thread (so its pipe never fills up)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._t = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._t.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            self.lines.append(line)


@contextmanager
def _process(args: list[str], env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[str], Lines]]:
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = Lines(proc)
    try:
        yield proc, out
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until(check, what: str, limit: float = 300.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"gave up waiting: {what}")


def _up(port: int, proc: subprocess.Popen[str], out: Lines) -> bool:
    if proc.poll() is not None:
        pytest.fail("gongkai serve exited: " + "".join(out.lines))
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
            return True
    except OSError:
        return False


class Browser:
    """One visitor: one cookie jar, used against both nodes (same host, different ports)."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=60) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post(self, url: str, form_page: str, data: dict[str, str]) -> tuple[int, str]:
        _, page = self.get(form_page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": form_page})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def test_two_nodes_on_one_database(tmp_path: Path) -> None:
    with ExitStack() as stack:
        db = stack.enter_context(empty_database(tmp_path))
        sink = stack.enter_context(smtp_sink())
        shared = {
            "GONGKAI_MEDIA_DIR": str(tmp_path / "shared-media"),
            "GONGKAI_EMAIL_BACKEND": "smtp",
            "GONGKAI_EMAIL_HOST": sink.host,
            "GONGKAI_EMAIL_PORT": str(sink.port),
            "GONGKAI_TICK_PERIOD_SECONDS": "1",
        }
        ports = {"a": free_port(), "b": free_port()}
        env = {
            n: node_env(db, tmp_path / f"var-{n}", GONGKAI_NODE_NAME=f"node-{n}", **shared)
            for n in ports
        }
        gongkai(env["a"], "migrate", "--noinput", "-v", "0")
        seeded = subprocess.run(
            [GONGKAI[0], "-m", "gongkai.core.tests.seed_nodes"],
            env=env["a"],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        made = json.loads(seeded.stdout.strip().splitlines()[-1])
        servers = {
            n: stack.enter_context(
                _process(
                    [*GONGKAI, "serve", "--listen", f"127.0.0.1:{ports[n]}", "--workers", "1"],
                    env[n],
                )
            )
            for n in ports
        }
        ticks = {
            n: stack.enter_context(_process([*GONGKAI, "tick", "--every", "2", "--json"], env[n]))
            for n in ports
        }
        for n, (proc, out) in servers.items():
            _wait_until(lambda n=n, proc=proc, out=out: _up(ports[n], proc, out), f"node {n} up")
        a, b = (f"http://127.0.0.1:{ports[n]}" for n in ("a", "b"))

        # a session created on A works on B
        clerk = Browser()
        status, _ = clerk.post(
            f"{a}/staff/login/",
            f"{a}/staff/login/",
            {"username": "clerk", "password": "correct-horse-battery-staple-9"},
        )
        assert status == 200
        status, home_b = clerk.get(f"{b}/staff/")
        assert status == 200
        assert "王经办" in home_b

        # published through A, found by search on B after a tick
        doc_a = f"{a}/staff/documents/{made['document']}/"
        status, _ = clerk.post(f"{doc_a}do/publish/", doc_a, {"version": str(made["version"])})
        assert status == 200
        visitor = Browser()
        query = urllib.parse.urlencode({"q": "鲲鹏湖"})
        found = _wait_until(
            lambda: "关于鲲鹏湖生态保护的多节点通知" in visitor.get(f"{b}/search/?{query}")[1],
            "the document in node B's search",
        )
        assert found

        # login failures count across both nodes
        stranger = Browser()
        statuses = []
        for i in range(LOGIN_MAX_FAILURES + 1):
            base = a if i % 2 == 0 else b
            statuses.append(
                stranger.post(
                    f"{base}/staff/login/",
                    f"{base}/staff/login/",
                    {"username": "clerk", "password": "wrong"},
                )[0]
            )
        assert statuses[:LOGIN_MAX_FAILURES] == [200] * LOGIN_MAX_FAILURES
        assert statuses[-1] == 429

        # the due reminder: e-mailed once, whatever the two loops do
        _wait_until(lambda: sink.messages, "the reminder e-mail")
        marks = {n: len(out.lines) for n, (_, out) in ticks.items()}
        _wait_until(  # two more ticks on each node after the e-mail went out
            lambda: all(len(ticks[n][1].lines) >= marks[n] + 2 for n in ticks),
            "more ticks on both nodes",
        )
        reminders = [m for m in sink.messages if made["application"] in str(m["Subject"])]
        assert len(reminders) == 1
        assert reminders[0]["To"] == "clerk@example.gov.cn"
        runs = [
            json.loads(line)
            for _, out in ticks.values()
            for line in out.lines
            if line.startswith("{")
        ]
        ran = {r["node"] for r in runs if "skipped" not in r["results"]["applications"]}
        assert ran <= {"node-a", "node-b"}
        assert all(r["ok"] for r in runs)
