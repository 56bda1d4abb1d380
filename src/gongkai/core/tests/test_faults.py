"""Faults (issue 20 item 5): the database restarted under a serving node; a worker killed in
the middle of an import."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from gongkai.core.tests.nodes import (
    GONGKAI,
    empty_database,
    free_port,
    gongkai,
    node_env,
    own_postgres,
)
from gongkai.core.tests.test_multinode import Browser, _process, _up, _wait_until


def _run_json(env: dict[str, str], module: str) -> dict[str, object]:
    """Run ``python -m module`` against the nodes' database; what its last line says (JSON)."""
    out = subprocess.run(
        [sys.executable, "-m", module],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _seed(env: dict[str, str]) -> dict[str, object]:
    return _run_json(env, "gongkai.core.tests.seed_nodes")


def test_postgres_restarted_while_serving(tmp_path: Path) -> None:
    """Requests during the outage get a Chinese 503 page (no traceback); the node recovers by
    itself when PostgreSQL is back; the write committed before the restart is there."""
    with own_postgres(tmp_path) as cluster:
        env = node_env({"DATABASE_URL": cluster.url}, tmp_path / "var")
        gongkai(env, "migrate", "--noinput", "-v", "0")
        made = _seed(env)
        port = free_port()
        serve = [*GONGKAI, "serve", "--listen", f"127.0.0.1:{port}", "--workers", "1"]
        with _process(serve, env) as (proc, out):
            _wait_until(lambda: _up(port, proc, out), "the node up")
            base = f"http://127.0.0.1:{port}"
            clerk = Browser()
            clerk.post(
                f"{base}/staff/login/",
                f"{base}/staff/login/",
                {"username": "clerk", "password": "correct-horse-battery-staple-9"},
            )
            page = f"{base}/staff/documents/{made['document']}/"
            status, _ = clerk.post(f"{page}do/publish/", page, {"version": str(made["version"])})
            assert status == 200
            public = f"{base}/xxgk/documents/{made['document']}/"
            assert clerk.get(public)[0] == 200

            cluster.stop()
            try:
                visitor = Browser()
                query = urllib.parse.urlencode({"q": "鲲鹏湖"})
                for url, who in (
                    (public, visitor),
                    (f"{base}/xxgk/documents/", visitor),
                    (f"{base}/search/?{query}", visitor),
                    (f"{base}/staff/", clerk),
                ):
                    status, body = who.get(url)
                    assert status == 503, (url, status, body[:300])
                    assert "服务暂时不可用" in body
                    assert "Traceback" not in body
                    assert "OperationalError" not in body
            finally:
                cluster.start()

            # back by itself: no restart of the node
            _wait_until(lambda: clerk.get(public)[0] == 200, "the node serving again", 90)
            status, body = clerk.get(public)
            assert "关于鲲鹏湖生态保护的多节点通知" in body  # the committed publication survived
            status, staff_home = clerk.get(f"{base}/staff/")
            assert status == 200
            assert "王经办" in staff_home  # and so did the session
            assert proc.poll() is None


def test_a_killed_import_leaves_no_half_written_rows(tmp_path: Path) -> None:
    """`gongkai import documents` killed (SIGKILL) while it writes: every document in the
    database is whole (version, publication log, search event, audit), only whole batches are
    there, the chain verifies, and running the import again completes it."""
    rows = 1200
    source = tmp_path / "docs.jsonl"
    with source.open("w", encoding="utf-8") as fh:
        for i in range(rows):
            fh.write(
                json.dumps(
                    {
                        "key": f"legacy-{i}",
                        "title": f"历史文件第{i}号关于城市管理的通知",
                        "doc_number": f"测政发〔2020〕{i + 1}号",
                        "doc_kind": "通知",
                        "published_on": "2020-05-01",
                        "body_text": "各有关单位：\n现将有关事项通知如下。" * 20,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    with empty_database(tmp_path) as db:
        env = node_env(db, tmp_path / "var")
        gongkai(env, "migrate", "--noinput", "-v", "0")
        _seed(env)
        proc = subprocess.Popen(
            [*GONGKAI, "import", "documents", str(source), "--batch-size", "200"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdout is not None
        seen = []
        for line in proc.stdout:  # the first batch is committed: the import is under way
            seen.append(line)
            if "已处理" in line:
                break
        time.sleep(0.5)  # well into a later batch
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL

        after_kill = _check(env)
        assert after_kill["broken"] == []
        imported = after_kill["published"]
        assert isinstance(imported, int)
        assert imported < rows, "the import finished before it was killed"
        assert imported % 200 == 0  # whole batches only
        assert "✓ 哈希链与全部签名有效" in gongkai(env, "verify", "--chain").stdout

        gongkai(env, "import", "documents", str(source), "--batch-size", "200")
        done = _check(env)
        assert done == {"published": rows, "broken": []}


def _check(env: dict[str, str]) -> dict[str, object]:
    return _run_json(env, "gongkai.core.tests.check_documents")


def _found(env: dict[str, str], title: str) -> bool:
    out = gongkai(env, "search", title, "--json").stdout
    return any(hit["title"] == title for hit in json.loads(out)["results"])


def test_a_killed_publish_leaves_no_half_written_rows(tmp_path: Path) -> None:
    """A process publishing documents one by one is killed (SIGKILL) inside the third one's
    transaction, after its version and publication-log entry are written: the two before it
    are published whole (version, publication log, search outbox event, audit row; found by
    search after a tick), the third is not published at all and nothing of it is in the log,
    the hash chain verifies, and publishing again completes it."""
    with empty_database(tmp_path) as db:
        env = node_env(db, tmp_path / "var")
        gongkai(env, "migrate", "--noinput", "-v", "0")
        _seed(env)  # one approved document (鲲鹏湖生态保护的多节点通知)
        helper = [sys.executable, "-m", "gongkai.core.tests.publish_batch"]
        subprocess.run([*helper, "seed", "4"], env=env, check=True, timeout=300)
        before = _check(env)
        assert before == {"published": 0, "broken": []}

        proc = subprocess.Popen(
            [*helper, "publish", "--pause-at", "3"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("paused"):
                break
        assert lines, "the publishing process printed nothing"
        assert lines[-1].startswith("paused"), lines
        killed_doc = int(lines[-1].split()[1])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        assert [ln.split()[0] for ln in lines] == ["published", "published", "paused"]

        after_kill = _check(env)
        assert after_kill == {"published": 2, "broken": []}
        assert "✓ 哈希链与全部签名有效" in gongkai(env, "verify", "--chain").stdout
        state = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django, json; django.setup();"
                "from gongkai.documents.models import Document, DocumentVersion,"
                " PublicationLogEntry, OutboxEvent;"
                f"d = Document.objects.get(pk={killed_doc});"
                "print(json.dumps([d.state, d.live_id,"
                f" DocumentVersion.objects.filter(document_id={killed_doc}).count(),"
                f" PublicationLogEntry.objects.filter(document_id={killed_doc}).count(),"
                f" OutboxEvent.objects.filter(document_id={killed_doc}).count()]))",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        assert json.loads(state.strip().splitlines()[-1]) == ["approved", None, 0, 0, 0]

        gongkai(env, "tick")
        assert _found(env, "鲲鹏湖巡查通知第1号")  # published before the kill: searchable
        assert not _found(env, "鲲鹏湖巡查通知第2号")  # the killed one (third in order)

        subprocess.run([*helper, "publish"], env=env, check=True, timeout=300)
        assert _check(env) == {"published": 5, "broken": []}
        assert "✓ 哈希链与全部签名有效" in gongkai(env, "verify", "--chain").stdout
        gongkai(env, "tick")
        assert _found(env, "鲲鹏湖巡查通知第2号")
