"""Backup and restore (issue 20 item 4): a real round trip with the commands, on SQLite or (in
the PostgreSQL leg) PostgreSQL: the demo platform is backed up, restored into a fresh empty
database and media directory, and every public page reached from the home page is byte for
byte the same (after a search rebuild; CSRF tokens masked), the publication chain verifies
and every table has the same number of rows. A damaged archive and a non-empty target are
refused with a Chinese message and change nothing."""

from __future__ import annotations

import datetime
import json
import tarfile
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.core.jobs import run_tick
from gongkai.core.tests.nodes import empty_database, gongkai, node_env


def _snapshot(env: dict[str, str], out: Path) -> dict[str, object]:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "gongkai.backup.tests.snapshot_pages", str(out)],
        env=env,
        check=True,
        timeout=600,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def _damaged_copies(archive: Path, work: Path) -> list[tuple[Path, str]]:
    """A copy with one member changed inside an otherwise valid archive, and a truncated one."""
    with tarfile.open(archive) as tar:
        tar.extractall(work / "x", filter="data")
        members = tar.getnames()
    (work / "x" / "publication" / "public-key.txt").write_text("00" * 32 + "\n")
    forged = work / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for m in members:
            tar.add(work / "x" / m, arcname=m, recursive=False)
    truncated = work / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return [
        (forged, "publication/public-key.txt 的 SHA-256 与清单不符"),
        (truncated, "备份文件已损坏"),
    ]


def test_backup_restore_round_trip_gives_the_same_public_site(tmp_path):
    archive = tmp_path / "gongkai-backup.tar.gz"
    with empty_database(tmp_path) as db_a, empty_database(tmp_path) as db_b:
        a = node_env(db_a, tmp_path / "var-a")
        b = node_env(db_b, tmp_path / "var-b")
        gongkai(a, "migrate", "--noinput", "-v", "0")
        gongkai(a, "demo-data")
        made = gongkai(a, "backup", str(archive))
        assert "✓ 备份完成" in made.stdout
        with tarfile.open(archive) as tar:
            names = tar.getnames()
            listed = tar.extractfile("manifest.json")
            assert listed is not None
            manifest = json.loads(listed.read())
        assert "publication/public-key.txt" in names
        assert any(n.startswith("media/") for n in names)  # the demo's uploaded attachment
        assert set(manifest["files"]) == set(names) - {"manifest.json"}
        assert not any("private" in n or "secret" in n for n in names)

        # a damaged archive is refused and restores nothing: the target stays empty
        for bad, said in _damaged_copies(archive, tmp_path):
            result = gongkai(b, "restore", str(bad), check=False)
            assert result.returncode != 0
            assert said in result.stderr
            assert "未恢复任何内容" in result.stderr

        restored = gongkai(b, "restore", str(archive))
        assert "✓ 各表行数与备份一致" in restored.stdout
        assert "✓ 哈希链与全部签名有效" in gongkai(b, "verify", "--chain").stdout
        for env in (a, b):
            gongkai(env, "search", "rebuild")
        before = _snapshot(a, tmp_path / "a.json")
        after = _snapshot(b, tmp_path / "b.json")
        assert len(before["pages"]) > 50  # the crawl reached the column, documents, search
        assert after["tables"] == before["tables"]
        assert sum(before["tables"].values()) > 1000
        differing = [u for u in before["pages"] if before["pages"][u] != after["pages"].get(u)]
        first = ""
        if differing:  # show where the first differing page differs
            import difflib

            one, two = (
                str(x[differing[0]]).splitlines() for x in (before["pages"], after["pages"])
            )
            first = "\n".join(list(difflib.unified_diff(one, two, lineterm="", n=0))[:12])
        assert differing == [], first
        assert after["pages"].keys() == before["pages"].keys()

        # the restored node refuses a second restore: its database is no longer empty
        again = gongkai(b, "restore", str(archive), check=False)
        assert again.returncode != 0
        assert "拒绝恢复：目标数据库不是空的" in again.stderr


@pytest.mark.django_db
def test_scheduled_backups_are_written_by_the_tick_and_the_oldest_removed(settings, tmp_path):
    settings.GONGKAI_BACKUP_DIR = str(tmp_path / "backups")
    settings.GONGKAI_BACKUP_EVERY_HOURS = 24
    settings.GONGKAI_BACKUP_KEEP = 2
    settings.MEDIA_ROOT = tmp_path / "media"
    t0 = datetime.datetime(2026, 12, 1, 2, 0, tzinfo=timezone.get_default_timezone())
    first = run_tick(t0).results["backup.scheduled"]
    assert first["written"] == "gongkai-backup-20261201-020000.tar.gz"
    assert run_tick(t0 + datetime.timedelta(hours=1)).results["backup.scheduled"]["due"] is False
    run_tick(t0 + datetime.timedelta(hours=25))
    third = run_tick(t0 + datetime.timedelta(hours=50)).results["backup.scheduled"]
    assert third["removed"] == ["gongkai-backup-20261201-020000.tar.gz"]
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == [
        "gongkai-backup-20261202-030000.tar.gz",
        "gongkai-backup-20261203-040000.tar.gz",
    ]
    with tarfile.open(tmp_path / "backups" / kept[-1]) as tar:
        assert "manifest.json" in tar.getnames()


def test_without_a_backup_directory_the_tick_writes_nothing(settings, db):
    settings.GONGKAI_BACKUP_DIR = ""
    assert run_tick().results["backup.scheduled"] == {"configured": False}
