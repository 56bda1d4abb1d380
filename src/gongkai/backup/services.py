"""Backup and restore (issue 20 item 4, decision 0011).

One archive (a gzip'd tar) holds everything the platform cannot recompute:

- ``database/``: PostgreSQL through ``pg_dump --format=custom``; SQLite through its online
  backup API (a consistent copy while the platform keeps serving);
- ``media/``: every uploaded file (attachments, case files, identity proofs);
- ``publication/``: the publication log as JSON lines and the PUBLIC key that checks its
  signatures. Private keys (GONGKAI_SIGNING_KEY, GONGKAI_SECRET_KEY) live in the environment,
  never in a file of the platform, and are never written here;
- ``manifest.json``: the format, the database vendor, the row count of every table, and the
  SHA-256 and size of every other member.

``restore`` checks every digest before it touches anything, refuses a damaged archive, an
archive of the other database vendor, or a target database or media directory that is not
empty, then restores and compares every table's row count with the manifest.
"""

from __future__ import annotations

import datetime
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from gongkai.core.errors import DomainError

FORMAT = "gongkai-backup/1"
MANIFEST = "manifest.json"
DB_SQLITE = "database/gongkai.sqlite3"
DB_PG = "database/gongkai.pgdump"


class BackupError(DomainError):
    """Backup or restore refused; the message says why and what to do, in Chinese."""


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise BackupError(
        f"找不到 PostgreSQL 的 {name} 命令：请安装 PostgreSQL 客户端（postgresql-client）"
    )


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", str(db["NAME"])]
    return env, args


def _run_pg_tool(name: str, options: list[str], failed: str, last: tuple[str, ...] = ()) -> None:
    """``name`` (pg_dump, pg_restore) with ``options``, the connection's arguments and ``last``;
    a failure is a BackupError that says ``failed`` and what the tool wrote."""
    env, args = _pg_env_and_args()
    result = subprocess.run(  # noqa: S603 - our own tool, arguments from settings
        [_pg_tool(name), *options, *args, *last],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{name} 失败，{failed}：{result.stderr.strip()[:500]}")


def table_counts() -> dict[str, int]:
    """Rows in every table of the platform's models (the restore compares them)."""
    return {
        model._meta.label: model._default_manager.using("default").count()
        if model._meta.managed
        else 0
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _dump_database(dest: Path) -> str:
    if connection.vendor == "postgresql":
        target = dest / DB_PG
        target.parent.mkdir(parents=True, exist_ok=True)
        _run_pg_tool(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            "未生成备份",
        )
        return DB_PG
    if connection.vendor == "sqlite":
        target = dest / DB_SQLITE
        target.parent.mkdir(parents=True, exist_ok=True)
        name = str(settings.DATABASES["default"]["NAME"])
        out = sqlite3.connect(str(target))
        try:
            if connection.is_in_memory_db():  # type: ignore[attr-defined]  # sqlite only
                # only the test suite's in-memory database: copied through the platform's own
                # connection, as SQL (the backup API would wait on its own shared-cache lock)
                connection.ensure_connection()
                out.executescript("\n".join(connection.connection.iterdump()))
            else:
                # SQLite's online backup API on a connection of its own: a consistent copy of
                # what is committed while the platform keeps serving and writing
                src = sqlite3.connect(name)
                try:
                    src.backup(out)
                finally:
                    src.close()
        finally:
            out.close()
        return DB_SQLITE
    raise BackupError(f"不支持的数据库类型：{connection.vendor}")


def _publication(dest: Path) -> None:
    from gongkai.documents import publication
    from gongkai.documents.models import PublicationLogEntry

    folder = dest / "publication"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "public-key.txt").write_text(
        f"{publication.public_key_bytes().hex()}\n", encoding="utf-8"
    )
    with (folder / "log.jsonl").open("w", encoding="utf-8") as fh:
        for e in PublicationLogEntry.objects.order_by("seq").iterator():
            fh.write(
                json.dumps(
                    {
                        "seq": e.seq,
                        "kind": e.kind,
                        "document_id": e.document_id,
                        "version_number": e.version_number,
                        "attachment_id": e.attachment_id,
                        "name": e.name,
                        "sha256": e.sha256,
                        "unit_code": e.unit_code,
                        "unit_name": e.unit_name,
                        "published_at": e.published_at.isoformat(),
                        "prev_hash": e.prev_hash,
                        "entry_hash": e.entry_hash,
                        "signature": e.signature,
                        "key_id": e.key_id,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def _media(dest: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    if root.is_dir():
        shutil.copytree(root, dest / "media", symlinks=False)


@dataclass
class BackupReport:
    path: Path
    sha256: str
    size: int
    files: int
    rows: int
    vendor: str


def backup_create(path: Path, *, by: str = "") -> BackupReport:
    """Write one archive at ``path`` (written beside it, then renamed: never half a file)."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(
            f"{path} 是目录：请给出备份文件的完整路径，例如 {path / 'gongkai.tar.gz'}"
        )
    if not path.parent.is_dir():
        raise BackupError(f"目录 {path.parent} 不存在：请先创建")
    from gongkai.documents import publication

    with tempfile.TemporaryDirectory(prefix=".gongkai-backup-", dir=path.parent) as tmp:
        stage = Path(tmp) / "stage"
        stage.mkdir()
        db_member = _dump_database(stage)
        counts = table_counts()
        _publication(stage)
        _media(stage)
        members = sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*") if p.is_file())
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "created_by": by,
            "site": settings.GONGKAI_SITE_NAME,
            "vendor": connection.vendor,
            "database": db_member,
            "publication_key_id": publication.key_id(),
            "public_key": publication.public_key_bytes().hex(),
            "tables": counts,
            "files": {
                m: {"sha256": _sha256(stage / m), "size": (stage / m).stat().st_size}
                for m in members
            },
        }
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            for m in members:
                tar.add(stage / m, arcname=m, recursive=False)
        os.replace(partial, path)
    return BackupReport(
        path=path,
        sha256=_sha256(path),
        size=path.stat().st_size,
        files=len(members),
        rows=sum(counts.values()),
        vendor=connection.vendor,
    )


@dataclass
class RestoreReport:
    vendor: str
    rows: int
    files: int
    chain_ok: bool
    chain_entries: int
    key_matches: bool
    problems: list[str] = field(default_factory=list)


def _read_archive(path: Path, into: Path) -> dict[str, Any]:
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}")
    try:
        with tarfile.open(path, "r:*") as tar:
            names = tar.getnames()
            if MANIFEST not in names:
                raise BackupError(
                    "备份文件中没有 manifest.json：这不是 gongkai 的备份，或文件已损坏"
                )
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib_error()) as exc:
        raise BackupError(
            f"备份文件已损坏，无法读取（{exc.__class__.__name__}）：未恢复任何内容"
        ) from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError("备份文件的清单（manifest.json）已损坏：未恢复任何内容") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式“{manifest.get('format')}”无法识别（应为 {FORMAT}）")
    problems = []
    listed = manifest.get("files", {})
    for member, meta in sorted(listed.items()):
        f = into / member
        if not f.is_file():
            problems.append(f"缺少 {member}")
        elif f.stat().st_size != meta["size"] or _sha256(f) != meta["sha256"]:
            problems.append(f"{member} 的 SHA-256 与清单不符")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()}
    for extra in sorted(present - set(listed) - {MANIFEST}):
        problems.append(f"{extra} 不在清单中")
    if problems:
        shown = "；".join(problems[:10]) + ("……" if len(problems) > 10 else "")
        raise BackupError(f"备份文件已损坏或被改动，未恢复任何内容：{shown}")
    return manifest


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _target_problems() -> list[str]:
    problems = []
    tables = connection.introspection.table_names()
    if tables:
        problems.append(
            f"目标数据库不是空的（已有 {len(tables)} 张表）：请新建一个空数据库再恢复，"
            "不要在已有数据或已运行过 migrate 的数据库上恢复"
        )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(p.is_file() for p in media.rglob("*")):
        problems.append(f"上传文件目录 {media} 不是空的：请换一个空目录（GONGKAI_MEDIA_DIR）再恢复")
    return problems


def backup_restore(path: Path) -> RestoreReport:
    """Restore an archive into an EMPTY database and media directory."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix=".gongkai-restore-") as tmp:
        into = Path(tmp)
        manifest = _read_archive(path, into)
        if manifest["vendor"] != connection.vendor:
            names = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
            raise BackupError(
                f"这份备份来自 {names.get(manifest['vendor'], manifest['vendor'])}，当前数据库是 "
                f"{names.get(connection.vendor, connection.vendor)}：请恢复到同类数据库"
            )
        problems = _target_problems()
        if problems:
            raise BackupError("拒绝恢复：" + "；".join(problems))
        _restore_database(into / manifest["database"])
        media = into / "media"
        if media.is_dir():
            shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
    counts = table_counts()
    mismatched = [
        f"{label}：备份时 {n} 行，恢复后 {counts.get(label, 0)} 行"
        for label, n in manifest["tables"].items()
        if counts.get(label, 0) != n
    ]
    from gongkai.documents import publication

    # the chain is checked against the public key the backup carries (publication/, and the
    # same key in the manifest): the restored log must be the one that key signed
    key_hex = manifest.get("public_key", "")
    chain = publication.verify_chain(bytes.fromhex(key_hex) if key_hex else None)
    return RestoreReport(
        vendor=connection.vendor,
        rows=sum(counts.values()),
        files=len(manifest["files"]),
        chain_ok=chain.ok,
        chain_entries=chain.entries,
        key_matches=manifest.get("publication_key_id") == publication.key_id(),
        problems=mismatched + chain.problems,
    )


def _restore_database(dump: Path) -> None:
    if connection.vendor == "postgresql":
        connections.close_all()
        _run_pg_tool(
            "pg_restore",
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"],
            "数据库未改动",
            last=(str(dump),),
        )
        return
    connection.ensure_connection()
    src = sqlite3.connect(str(dump))
    try:
        src.backup(connection.connection)
    finally:
        src.close()
    connections.close_all()


# --- scheduled backups -------------------------------------------------------------------------

BACKUP_GLOB = "gongkai-backup-*.tar.gz"


def scheduled_backup_tick(now: datetime.datetime) -> dict[str, Any]:
    """Every GONGKAI_BACKUP_EVERY_HOURS, one archive into GONGKAI_BACKUP_DIR; keep the newest
    GONGKAI_BACKUP_KEEP. Runs on one node per period (the tick's lease)."""
    folder = settings.GONGKAI_BACKUP_DIR
    if not folder:
        return {"configured": False}
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    existing = sorted(root.glob(BACKUP_GLOB))
    every = datetime.timedelta(hours=settings.GONGKAI_BACKUP_EVERY_HOURS)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    if existing:
        newest = datetime.datetime.strptime(
            existing[-1].name.removeprefix("gongkai-backup-").removesuffix(".tar.gz"),
            "%Y%m%d-%H%M%S",
        ).replace(tzinfo=timezone.get_default_timezone())
        if now - newest < every:
            return {"due": False, "newest": existing[-1].name}
    from gongkai.core.jobs import node_name

    report = backup_create(root / f"gongkai-backup-{stamp}.tar.gz", by=f"定时任务（{node_name()}）")
    kept = sorted(root.glob(BACKUP_GLOB))
    removed = []
    for old in kept[: max(0, len(kept) - settings.GONGKAI_BACKUP_KEEP)]:
        old.unlink()
        removed.append(old.name)
    return {"written": report.path.name, "size": report.size, "removed": removed}
